"""Ids -> records, citations -> excerpts at known places in source text, prose -> blocks."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from briefing.check.brief_prose import Prose, read_prose
from briefing.check.proofs import Excerpt, Located, Proofs, Quoted
from briefing.check.prose import Block, Phrase
from briefing.check.quotes import normal
from briefing.check.verify import WHOLE_WORDS, Verifier
from briefing.problems import Origin, Problem, slug
from briefing.records.dates import DATE_KEYS, parse_when, range_fault
from briefing.records.kept import Kept
from briefing.records.model import (
    Actor,
    Brief,
    Citation,
    Event,
    Source,
    TopRecord,
    names_a_source,
    statements,
)
from briefing.records.places import Record
from briefing.records.validate import Briefing

__all__ = ["Excerpt", "Index", "Trace", "resolve"]  # Excerpt: where the renderers know it from

DATE_FIELDS = {"from": "since"}  # a key whose field has another name


@dataclass
class Index:
    briefing: Briefing
    excerpts: dict[Origin, Excerpt] = field(default_factory=dict)
    # brief id -> its prose, read once: its blocks, and the tree the views set
    prose: dict[str, Prose] = field(default_factory=dict)
    # record id -> ids of the records that link to it or name it as participant or affiliate
    mentioned_in: dict[str, set[str]] = field(default_factory=dict)
    # source id -> ids of the records that cite it, or name it as the origin they relay
    cited_by: dict[str, set[str]] = field(default_factory=dict)
    # which edition the views show changes since, and which edition the records are
    # (briefing.analysis.editions.Comparison), set by the check
    comparison: Any = None
    # source id -> the fingerprints of its wording (analysis.support.passages), of the
    # sources checked, set by check: for the facts of their files
    prints: dict[str, str] = field(default_factory=dict)

    def mention(self, target_id: str, by_id: str) -> None:
        self.mentioned_in.setdefault(target_id, set()).add(by_id)

    def cite(self, source_id: str, by_id: str) -> None:
        self.cited_by.setdefault(source_id, set()).add(by_id)

    @property
    def blocks(self) -> dict[str, list[Block]]:
        """Each brief's blocks, by brief id, from its prose."""
        return {brief_id: prose.blocks for brief_id, prose in self.prose.items()}

    def places(self, record: TopRecord) -> Iterator[Origin]:
        """Where each citation of a record stands, in the order the check proves them: the
        keys its excerpts have in `excerpts`, those proven."""
        for statement, _ in statements(record):
            for citation in statement.cite:
                yield citation.at("quote")
        prose = self.prose.get(record.record_id) if isinstance(record, Brief) else None
        for block in prose.blocks if prose is not None else ():
            yield from (prose_citation.origin for prose_citation in block.citations)


@dataclass
class Trace:
    """What the check of each record depended on, and held back: for the facts of its file
    (check.facts), not for the views."""

    # record id -> the ids of the sources whose words or keys its problems depend on
    reads: dict[str, set[str]] = field(default_factory=dict)
    # a file's path -> how many of its problems were not reported because they follow from
    # an invalid record (see report.Report)
    suppressed_at: dict[str, int] = field(default_factory=dict)
    # a file's path -> how many "did you mean" hints, and searches of every source, were
    # asked from it: only so many are given in a check, in the order of all the files
    suggested_at: dict[str, int] = field(default_factory=dict)
    searched_at: dict[str, int] = field(default_factory=dict)

    def read(self, source_id: str, by_id: str) -> None:
        self.reads.setdefault(by_id, set()).add(source_id)


@functools.cache
def _date_fields(model: type[Record]) -> list[tuple[str, str]]:
    """(key, field) of each date a kind of record has (asking a model for a field it lacks
    is slow, and every record was asked for five)."""
    return [
        (key, DATE_FIELDS.get(key, key))
        for key in DATE_KEYS
        if DATE_FIELDS.get(key, key) in model.model_fields
    ]


def _as_quoted(citation: Citation) -> Quoted:
    return Quoted(
        citation.source, citation.quote, citation.at("quote"), citation.prefix, citation.suffix
    )


# A brief's prose read into blocks, and the problems of reading it, by the brief's path,
# for the brief object it was read from.
ReadProse = Kept[Brief, Prose]


class Resolver:
    def __init__(
        self,
        briefing: Briefing,
        proofs: Proofs | None = None,
        located: Located | None = None,
        read_prose: ReadProse | None = None,
    ) -> None:
        self.briefing = briefing
        self.index = Index(briefing)
        self.trace = Trace()
        self.verifier = Verifier(briefing.sources, located, proofs)
        self.read_prose = read_prose
        self.to_prove: list[Quoted] = []
        self.problems: list[Problem] = []
        self.all_ids = briefing.ids()
        self._named: dict[str, str] | None = None

    @property
    def named(self) -> dict[str, str]:
        """Each record's names (an actor's name and aliases, a title) as slugs -> its id;
        made at the first unknown reference."""
        if self._named is None:
            self._named = {}
            for record_id, names in self.briefing.names():
                for name in names:
                    self._named.setdefault(slug(name), record_id)
        return self._named

    def add(self, problem: Problem | None) -> None:
        if problem is not None:
            self.problems.append(problem)

    def verify(self, quoted: Quoted, by_id: str) -> None:
        """Note a quote to prove; `prove_all` proves them together."""
        self.trace.read(quoted.source_id, by_id)
        if quoted.source_id in self.briefing.invalid:
            return  # the source's own problem is reported; its quotes cannot be proven
        if quoted.source_id in self.briefing.sources:
            self.index.cite(quoted.source_id, by_id)
        self.to_prove.append(quoted)

    def prove_all(self) -> None:
        """Find every quote noted, in the records' order (the first quotes not found get a
        search of the other sources and a "did you mean": see Verifier), but those found
        before.

        In this process: the forked processes that shared the quotes of a large project
        each counted the whole of this one's memory (1,470 MB for a check of 10,000
        sources, against 670 MB in one process), for no less CPU (2 s of it at that size)."""
        results = [self.verifier.known(one) or self.verifier.find(one) for one in self.to_prove]
        for one, result in zip(self.to_prove, results, strict=True):
            self.verifier.remember(one, result)
            if isinstance(result, Excerpt):
                self.index.excerpts[one.origin] = result
            else:
                self.problems.append(result)
        self.to_prove = []

    def reference(
        self, target_id: str, table: dict[str, Any], what: str, origin: Origin
    ) -> Problem | None:
        if target_id in table or target_id in self.briefing.invalid:
            return None
        named = {name: record_id for name, record_id in self.named.items() if record_id in table}
        return Problem(
            origin,
            f"unknown {what} '{target_id}'",
            self.verifier.suggest(origin, target_id, table, named)
            or f"add it, or name an existing {what}",
        )

    def refer(
        self, target_id: str, table: dict[str, Any], what: str, origin: Origin, by_id: str
    ) -> None:
        """A reference from record `by_id`: reported if unknown, remembered as a mention."""
        self.add(self.reference(target_id, table, what, origin))
        self.index.mention(target_id, by_id)

    def chain(self, citation: Citation, by_id: str) -> None:
        """A `via:` written as an id names a source of the project (see analysis.chains), and
        so does each id among the origins a relay of unnamed reports `may_be`."""
        self.may_be(citation, by_id)
        via = citation.via
        if via is None or not names_a_source(via):
            return
        self.trace.read(via, by_id)
        if via == citation.source:
            self.add(
                Problem(
                    citation.at("via"),
                    f"citation of '{via}' names itself in 'via'",
                    "'via' names the reporter the outlet relays: another source, or a name "
                    "such as 'Reuters'",
                )
            )
            return
        if via in self.briefing.sources:
            self.index.cite(via, by_id)
        if via in self.briefing.sources or via in self.briefing.invalid:
            return
        self.add(
            Problem(
                citation.at("via"),
                f"unknown source '{via}' in 'via'",
                self.verifier.suggest(citation.at("via"), via, self.briefing.sources, {})
                or "name a source of the project by its id, or an origin outside it as it is "
                "spelled, with capitals or spaces: 'Reuters', 'an unnamed Hezbollah source'",
            )
        )

    def may_be(self, citation: Citation, by_id: str) -> None:
        if citation.may_be and citation.via is None:
            self.add(
                Problem(
                    citation.at("may_be"),
                    "'may_be' without 'via': it names the origins a relay of unnamed reports "
                    "may be",
                    'say whom the outlet relays, as it says it: via: "reports it does not '
                    "name\", then the origins they may be in 'may_be'",
                )
            )
        for name in citation.may_be:
            if not names_a_source(name):
                continue
            self.trace.read(name, by_id)
            if name in self.briefing.sources or name in self.briefing.invalid:
                continue
            at = citation.at("may_be")
            self.add(
                Problem(
                    at,
                    f"unknown source '{name}' in 'may_be'",
                    self.verifier.suggest(at, name, self.briefing.sources, {})
                    or "name a source of the project by its id, or an origin outside it as "
                    "it is spelled, with capitals or spaces: 'Reuters'",
                )
            )

    def article_lines(self, source: Source) -> None:
        lines = source.text.count("\n") + 1
        for first, last in source.article_lines or ():
            if not 1 <= first <= last <= lines:
                self.add(
                    Problem(
                        source.at("article_lines"),
                        f"article_lines {first}-{last} are not lines of the text",
                        "give the first and last line, 1 being the first after '---', or a "
                        "list of such ranges",
                    )
                )

    def references(self, record: TopRecord) -> None:
        b, rid = self.briefing, record.record_id
        if isinstance(record, Source) and record.translation_of:
            self.trace.read(record.translation_of, rid)
            origin = record.at("translation_of")
            self.add(self.reference(record.translation_of, b.sources, "source", origin))
        if isinstance(record, Source):
            self.article_lines(record)
        if isinstance(record, Actor):
            for affiliation in record.affiliations:
                self.refer(affiliation.actor, b.actors, "actor", affiliation.at("actor"), rid)
        if isinstance(record, Event):
            for participant in record.participants:
                self.refer(participant.actor, b.actors, "actor", participant.at("actor"), rid)
            for related in record.related:
                self.refer(related, b.events, "event", record.at("related"), rid)
            start, end = parse_when(record.date), parse_when(record.end or record.date)
            if start and end and end.latest.last < start.start.first:
                self.add(
                    Problem(
                        record.at("end"),
                        "the event ends before it starts",
                        "check 'date' and 'end'",
                    )
                )
        self.date_ranges(record)

    def date_ranges(self, record: TopRecord) -> None:
        """A range of dates runs forwards: '2020-03/2020-01' is an error at its key."""
        dated: list[Record] = [record, *(record.affiliations if isinstance(record, Actor) else [])]
        for part in dated:
            for key, name in _date_fields(type(part)):
                value = getattr(part, name)
                when = parse_when(value) if isinstance(value, str) else None
                if when is not None and when.end is not None and not when.ordered:
                    self.add(Problem(part.at(key), *range_fault(value, when)))

    def brief_prose(self, brief: Brief) -> None:
        kept = self.read_prose
        prose = kept.get(brief.path, brief) if kept is not None else None
        if prose is None:
            prose = read_prose(brief.body, brief.path, brief.body_line)
            if kept is not None:
                kept.keep(brief.path, brief, prose)
        self.problems += prose.problems
        self.index.prose[brief.record_id] = prose
        for block in prose.blocks:
            for target_id, origin in block.links:
                if target_id in self.all_ids or target_id in self.briefing.invalid:
                    # an invalid record too, for a check after it is mended (see facts.py)
                    self.index.mention(target_id, brief.record_id)
                else:
                    self.add(
                        Problem(
                            origin,
                            f"unknown record '[[{target_id}]]'",
                            self.verifier.suggest(origin, target_id, self.all_ids, self.named)
                            or "link an actor, event, source or brief by its id",
                        )
                    )
            if not block.cites and block.judgment is None and not block.editorial:
                what = "list item" if block.text.lstrip()[:1] in "-*+0123456789" else "paragraph"
                self.add(
                    Problem(
                        block.origin,
                        f"{what} has no citation",
                        'cite the words it rests on, [@source-id, "exact words"], or mark it as '
                        "your judgment: start it with [judgment: high|moderate|low] (or with "
                        "[editorial] if it is about the briefing itself, not the subject)",
                    )
                )
            for citation in block.citations:
                quoted = Quoted(citation.source_id, citation.quote, citation.origin)
                self.verify(quoted, brief.record_id)
            for phrase in block.phrases:
                self.quoted_phrase(block, phrase)

    def quoted_phrase(self, block: Block, phrase: Phrase) -> None:
        cited = block.sources_cited_in_sentence(phrase.start)
        if not cited:
            self.add(
                Problem(
                    phrase.origin,
                    f'quoted phrase "{phrase.text}" is in a sentence that cites no source',
                    "cite the source of the quoted words in the same sentence",
                )
            )
        elif not self.verifier.phrase_in(phrase.text, cited):
            if cited & self.briefing.invalid:
                # the words may well be in the invalid source, which cannot be read yet
                path = phrase.origin.path
                self.trace.suppressed_at[path] = self.trace.suppressed_at.get(path, 0) + 1
                return
            names = ", ".join(f"'{s}'" for s in sorted(cited))
            names = (
                f"source this sentence cites ({names})"
                if len(cited) == 1
                else f"sources this sentence cites ({names})"
            )
            cased = self.verifier.phrase_in_other_case(phrase.text, cited)
            if cased is not None:
                self.add(
                    Problem(
                        phrase.origin,
                        f'quoted phrase "{phrase.text}" differs in case from the {names}',
                        "copy the capitals as the source has them; only the first letter may "
                        "change case, to fit your sentence",
                        details=(cased,),
                    )
                )
                return
            self.add(self._phrase_not_found(phrase, cited, names))

    def _phrase_not_found(self, phrase: Phrase, cited: set[str], names: str) -> Problem:
        """What is said of a phrase not in the sources its sentence cites: what a record's
        quote gets (the word it cuts, or the closest passage and its line), from the same
        code (Verifier.word_cut, Verifier.closest)."""
        known = sorted(cited & self.briefing.sources.keys())
        words = [normal(phrase.text)]
        cut = self.verifier.word_cut(phrase.text, words, known)
        if cut:
            source_id, _, how, details = cut
            return Problem(
                phrase.origin,
                f"quoted phrase \"{phrase.text}\" {how}, in source '{source_id}'",
                WHOLE_WORDS,
                details=details,
            )
        other = self.verifier.elsewhere(phrase.origin, words, but="")
        hint = (
            f"the words are in source '{other}': cite it in this sentence"
            if other
            else "quote the words exactly, or drop the quotation marks"
        )
        return Problem(
            phrase.origin,
            f'quoted phrase "{phrase.text}" is not in the {names}',
            hint,
            details=self.verifier.closest(phrase.text, known),
        )


def resolve(
    briefing: Briefing,
    proofs: Proofs | None = None,
    located: Located | None = None,
    read_prose: ReadProse | None = None,
) -> tuple[Index, list[Problem], Trace]:
    """Resolve every reference and verify every quote of the records checked; collect every
    problem. What is said of the records together (ids used twice, claims superseded by
    none, sources never cited) is in check.facts. Quotes found by an earlier check are
    not looked for again: in this process (`located`), or in the cache (`proofs`); nor is
    a brief's prose read again (`read_prose`)."""
    resolver = Resolver(briefing, proofs, located, read_prose)
    for record in briefing.records():
        resolver.references(record)
        for statement, _ in statements(record):
            for citation in statement.cite:
                resolver.verify(_as_quoted(citation), record.record_id)
                resolver.chain(citation, record.record_id)
        if isinstance(record, Brief):
            resolver.brief_prose(record)
    resolver.prove_all()
    resolver.trace.suggested_at = dict(resolver.verifier.suggested_at)
    resolver.trace.searched_at = dict(resolver.verifier.searched_at)
    if read_prose is not None:
        read_prose.keep_only(brief.path for brief in briefing.briefs.values())
    return resolver.index, resolver.problems, resolver.trace
