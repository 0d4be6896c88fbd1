"""Every statement a reader reads, with the excerpts it cites: the support checks' input.

Claims, summaries, conflict sides and key judgments (`text:`, and `basis:` on the same
citations), affiliations (their `text:` if any, else the link itself), event titles (on the
summary's citations), and each sentence of a brief's prose that cites."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from briefing.analysis.chains import void_source
from briefing.analysis.support.context import Evidence, SourceDoc, evidence
from briefing.analysis.support.names import Names
from briefing.check.prose import Block, without_citations
from briefing.check.resolve import Index
from briefing.problems import Origin
from briefing.records.model import Actor, Brief, Cited, Conflict, Event, TopRecord, statements


@dataclass(frozen=True)
class Said:
    """A statement as a reader reads it, and what it cites."""

    text: str
    origin: Origin  # where its words stand
    what: str  # "claim 'x'", "title", "sentence of the brief": for messages
    field: str  # "text", "basis", "title", "affiliation", "prose"
    record: TopRecord
    cited: Cited | None  # the statement whose `cite:` it rests on (None in prose)
    evidence: tuple[Evidence, ...]
    # the check's records, for a judge that reads beyond the statement's own (an actor's
    # names, a source's origin); None in a Said made by hand
    reader: Reader | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def index(self) -> Index | None:
        """The check's index (the chains of its sources, the conflicts of its records)."""
        return self.reader.index if self.reader is not None else None

    @cached_property
    def standing(self) -> tuple[Evidence, ...]:
        """The evidence that still supports the statement: an excerpt of a retracted or
        discredited source, or of one relaying it, supports nothing (chains.void_source).
        Worked out once: every judge asks."""
        if self.reader is None:
            return self.evidence
        sources = self.reader.index.briefing.sources
        return tuple(
            e for e in self.evidence if e.citation is None or not void_source(e.citation, sources)
        )


class Reader:
    """Makes each cited excerpt's Evidence once per source text (SourceDoc)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.docs: dict[str, SourceDoc] = {}

    def doc(self, source_id: str) -> SourceDoc | None:
        source = self.index.briefing.sources.get(source_id)
        if source is None:
            return None
        if source_id not in self.docs:
            self.docs[source_id] = SourceDoc(source)
        return self.docs[source_id]

    @cached_property
    def conflicts(self) -> ConflictsCiting:
        """Each source's conflicts (see `ConflictsCiting`), made when a judge first asks."""
        return ConflictsCiting(self.index)

    @cached_property
    def names(self) -> Names:
        """Every actor's names, made when a judge first asks."""
        return Names(self.index.briefing.namings())

    def of(self, statement: Cited) -> tuple[Evidence, ...]:
        found = []
        for citation in statement.cite:
            excerpt = self.index.excerpts.get(citation.at("quote"))
            doc = self.doc(citation.source)
            if excerpt is not None and doc is not None:
                found.append(evidence(doc, excerpt, citation))
        return tuple(found)

    def said(self, record: TopRecord) -> Iterator[Said]:
        """The statements of one record."""
        for statement, what in statements(record):
            cited = self.of(statement)
            if not cited:
                continue  # nothing proven to judge by: the check has said why
            for field in ("text", "basis"):
                words = getattr(statement, field, None)
                if words:
                    yield Said(
                        words, statement.at(field), what, field, record, statement, cited, self
                    )
            if what.startswith("affiliation") and not getattr(statement, "text", None):
                yield Said("", statement.at(), what, "affiliation", record, statement, cited, self)
        if isinstance(record, Event):
            cited = self.of(record.summary)
            if cited:
                summary = record.summary
                yield Said(
                    record.title, record.at("title"), "title", "title", record, summary, cited, self
                )
        if isinstance(record, Brief):
            prose = self.index.prose.get(record.record_id)
            for block in prose.blocks if prose else ():
                yield from self._sentences(record, block)

    def _sentences(self, brief: Brief, block: Block) -> Iterator[Said]:
        by_sentence: dict[int, list[Evidence]] = {}
        origins: dict[int, Origin] = {}
        for citation in block.citations:
            excerpt = self.index.excerpts.get(citation.origin)
            doc = self.doc(citation.source_id)
            number = block.sentence(citation.start)
            origins.setdefault(number, citation.origin)
            if excerpt is not None and doc is not None:
                by_sentence.setdefault(number, []).append(evidence(doc, excerpt, None))
        ends = block.sentence_ends
        for number, cited in by_sentence.items():
            start = ends[number - 1] if number > 0 else 0
            end = ends[number] if number < len(ends) else len(block.text)
            words = without_citations(block.text[start:end]).strip()
            yield Said(words, origins[number], "sentence", "prose", brief, None, tuple(cited), self)


class ConflictsCiting:
    """Each source's conflicts: those of every actor and event with a side citing it, in the
    order of the records. Only the records that hold one are read, when a source's are
    first asked for (a check after an edit reads no other record: see
    incremental.recheck)."""

    def __init__(self, index: Index) -> None:
        self.briefing = index.briefing
        self.holders = index.briefing.conflict_holders()
        self._found: dict[str, list[Conflict]] = {}

    def of(self, source_id: str) -> list[Conflict]:
        if source_id not in self._found:
            briefing, found = self.briefing, []
            for record_id in self.holders.get(source_id, ()):
                record: Actor | Event = (
                    briefing.actors[record_id]
                    if record_id in briefing.actors
                    else briefing.events[record_id]
                )
                found += [c for c in record.conflicts if _cites(c, source_id)]
            self._found[source_id] = found
        return self._found[source_id]


def _cites(conflict: Conflict, source_id: str) -> bool:
    return any(c.source == source_id for side in conflict.sides for c in side.cite)


def everything_said(index: Index) -> Iterator[Said]:
    reader = Reader(index)
    for record in index.briefing.records():
        if isinstance(record, Actor | Event | Brief):
            yield from reader.said(record)
