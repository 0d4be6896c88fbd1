"""Every statement a reader reads, with the excerpts it cites: the support checks' input.

Claims, summaries, conflict sides and key judgments (`text:`, and `basis:` on the same
citations), affiliations (their `text:` if any, else the link itself), event titles (on the
summary's citations), and each sentence of a brief's prose that cites."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.analysis.support.context import Evidence, SourceDoc, evidence
from briefing.check.prose import Block, without_citations
from briefing.check.resolve import Index
from briefing.problems import Origin
from briefing.records.model import Actor, Brief, Cited, Event, TopRecord, statements


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
    # the check's index, for a judge that reads beyond the statement's own excerpts (the
    # chains of its sources, the conflicts of its record); None for a statement made by hand
    index: Index | None = dataclasses.field(default=None, repr=False, compare=False)


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
                    place = statement.at(field)
                    yield Said(words, place, what, field, record, statement, cited, self.index)
            if what.startswith("affiliation") and not getattr(statement, "text", None):
                yield Said(
                    "", statement.at(), what, "affiliation", record, statement, cited, self.index
                )
        if isinstance(record, Event):
            cited = self.of(record.summary)
            if cited:
                summary = record.summary
                place = record.at("title")
                yield Said(
                    record.title, place, "title", "title", record, summary, cited, self.index
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
            yield Said(
                words, origins[number], "sentence", "prose", brief, None, tuple(cited), self.index
            )


def everything_said(index: Index) -> Iterator[Said]:
    reader = Reader(index)
    for record in index.briefing.records():
        if isinstance(record, Actor | Event | Brief):
            yield from reader.said(record)
