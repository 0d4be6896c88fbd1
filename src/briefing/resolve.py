"""Ids -> records, citations -> excerpts at known places in source text, prose -> blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefing.chains import names_a_source
from briefing.load import Memo
from briefing.model import (
    Actor,
    Brief,
    Citation,
    Event,
    Record,
    Source,
    TopRecord,
    parse_when,
    statements,
)
from briefing.parallel import forked_map
from briefing.problems import Origin, Problem, did_you_mean, slug
from briefing.prose import Block, Phrase, read_blocks
from briefing.quotes import normal
from briefing.validate import Briefing
from briefing.verify import Excerpt, Quoted, Verifier

__all__ = ["Excerpt", "Index", "resolve"]  # Excerpt: where the renderers know it from

DATE_KEYS = ("date", "end", "published", "from", "until")  # as the files write them
DATE_FIELDS = {"from": "since"}  # a key whose field has another name
PARALLEL_QUOTES = 5000  # below, a second process costs more than it saves


@dataclass
class Index:
    briefing: Briefing
    excerpts: dict[Origin, Excerpt] = field(default_factory=dict)
    blocks: dict[str, list[Block]] = field(default_factory=dict)
    # record id -> ids of the records that link to it or name it as participant or affiliate
    mentioned_in: dict[str, set[str]] = field(default_factory=dict)
    cited_sources: set[str] = field(default_factory=set)
    # problems not reported because they follow from an invalid record (see check.Report)
    suppressed: int = 0
    # the edition the views show changes since (briefing.editions.Edition), set by check
    edition: Any = None

    def mention(self, target_id: str, by_id: str) -> None:
        self.mentioned_in.setdefault(target_id, set()).add(by_id)


def _as_quoted(citation: Citation) -> Quoted:
    return Quoted(
        citation.source, citation.quote, citation.at("quote"), citation.prefix, citation.suffix
    )


class Resolver:
    def __init__(self, briefing: Briefing, memo: Memo | None = None) -> None:
        self.briefing = briefing
        self.index = Index(briefing)
        self.verifier = Verifier(briefing.sources, memo)
        self.to_prove: list[Quoted] = []
        self.problems: list[Problem] = []
        self.all_ids: dict[str, TopRecord] = {r.record_id: r for r in briefing.records()}
        self._named: dict[str, str] | None = None

    @property
    def named(self) -> dict[str, str]:
        """Each record's names (an actor's name and aliases, a title) as slugs -> its id;
        made at the first unknown reference."""
        if self._named is None:
            self._named = {}
            for record in self.briefing.records():
                names = [getattr(record, "name", None), getattr(record, "title", None)]
                names += getattr(record, "aliases", [])
                for name in names:
                    if name:
                        self._named.setdefault(slug(name), record.record_id)
        return self._named

    def add(self, problem: Problem | None) -> None:
        if problem is not None:
            self.problems.append(problem)

    def verify(self, quoted: Quoted) -> None:
        """Note a quote to prove; `prove_all` proves them together."""
        if quoted.source_id in self.briefing.invalid:
            return  # the source's own problem is reported; its quotes cannot be proven
        if quoted.source_id in self.briefing.sources:
            self.index.cited_sources.add(quoted.source_id)
        self.to_prove.append(quoted)

    def prove_all(self) -> None:
        """Find every quote noted, on every core for a large project (quotes of one source
        in one process, which normalises its text once)."""
        quoted = self.to_prove
        place = {source_id: n for n, source_id in enumerate(self.briefing.sources)}
        found = forked_map(
            lambda n: self.verifier.locate(quoted[n]),
            len(quoted),
            PARALLEL_QUOTES,
            key=lambda n: place.get(quoted[n].source_id, 0),
        )
        for one, result in zip(quoted, found, strict=True):
            self.verifier.remember(one, result)
            if isinstance(result, Excerpt):
                self.index.excerpts[one.origin] = result
            else:
                self.problems.append(result)
        self.to_prove = []

    def unique_ids(self, record: TopRecord, seen: dict[str, Origin]) -> None:
        named = [(c.claim_id, c.at()) for c in getattr(record, "claims", [])]
        named += [(c.claim_id, c.at()) for c in getattr(record, "key_judgments", [])]
        named += [(c.conflict_id, c.at()) for c in getattr(record, "conflicts", [])]
        for name, origin in named:
            if name in seen:
                self.add(
                    Problem(
                        origin,
                        f"duplicate claim id '{name}'",
                        f"'{name}' is already used at {seen[name]}; rename one",
                    )
                )
            elif name in self.all_ids:
                self.add(
                    Problem(
                        origin,
                        f"claim id '{name}' is also the id of a record",
                        "rename the claim so that [[links]] stay unambiguous",
                    )
                )
            else:
                seen[name] = origin

    def reference(
        self, target_id: str, table: dict[str, Any], what: str, origin: Origin
    ) -> Problem | None:
        if target_id in table or target_id in self.briefing.invalid:
            return None
        named = {name: record_id for name, record_id in self.named.items() if record_id in table}
        return Problem(
            origin,
            f"unknown {what} '{target_id}'",
            self.verifier.suggest(target_id, table, named) or f"add it, or name an existing {what}",
        )

    def refer(
        self, target_id: str, table: dict[str, Any], what: str, origin: Origin, by_id: str
    ) -> None:
        """A reference from record `by_id`: reported if unknown, remembered as a mention."""
        self.add(self.reference(target_id, table, what, origin))
        self.index.mention(target_id, by_id)

    def chain(self, citation: Citation) -> None:
        """A `via:` written as an id names a source of the project (see briefing.chains)."""
        via = citation.via
        if via is None or not names_a_source(via):
            return
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
        if via in self.briefing.sources or via in self.briefing.invalid:
            self.index.cited_sources.add(via)
            return
        self.add(
            Problem(
                citation.at("via"),
                f"unknown source '{via}' in 'via'",
                self.verifier.suggest(via, self.briefing.sources, {})
                or "name a source of the project by its id, or an origin outside it as it is "
                "spelled, with capitals or spaces: 'Reuters', 'an unnamed Hezbollah source'",
            )
        )

    def superseded(self, record: TopRecord, claims: dict[str, Origin]) -> None:
        for claim in [*getattr(record, "claims", []), *getattr(record, "key_judgments", [])]:
            withdrawn = claim.deprecated
            if withdrawn is None or withdrawn.superseded_by is None:
                continue
            if withdrawn.superseded_by not in claims:
                self.add(
                    Problem(
                        withdrawn.at("superseded_by"),
                        f"unknown claim '{withdrawn.superseded_by}' in 'superseded_by'",
                        did_you_mean(withdrawn.superseded_by, claims) or "name a claim by its id",
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
        dated: list[Record] = [record, *getattr(record, "affiliations", [])]
        for part in dated:
            for key in DATE_KEYS:
                value = getattr(part, DATE_FIELDS.get(key, key), None)
                when = parse_when(value) if isinstance(value, str) else None
                if when is not None and when.end is not None and not when.ordered:
                    self.add(
                        Problem(
                            part.at(key),
                            f"the range '{value}' ends before it starts",
                            "write the earlier date first, as in 2020-01/2020-03",
                        )
                    )

    def brief_prose(self, brief: Brief) -> None:
        blocks, problems = read_blocks(brief.body, brief.path, brief.body_line)
        self.problems += problems
        self.index.blocks[brief.record_id] = blocks
        for block in blocks:
            for target_id, origin in block.links:
                if target_id in self.all_ids:
                    self.index.mention(target_id, brief.record_id)
                elif target_id not in self.briefing.invalid:
                    self.add(
                        Problem(
                            origin,
                            f"unknown record '[[{target_id}]]'",
                            self.verifier.suggest(target_id, self.all_ids, self.named)
                            or "link an actor, event, source or brief by its id",
                        )
                    )
            if not block.cites and block.judgment is None:
                what = "list item" if block.text.lstrip()[:1] in "-*+0123456789" else "paragraph"
                self.add(
                    Problem(
                        block.origin,
                        f"{what} has no citation",
                        'cite the words it rests on, [@source-id, "exact words"], or mark it as '
                        "your judgment: start it with [judgment: high|moderate|low]",
                    )
                )
            for citation in block.citations:
                self.verify(Quoted(citation.source_id, citation.quote, citation.origin))
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
                self.index.suppressed += 1
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
            other = self.verifier.elsewhere([normal(phrase.text)], but="")
            hint = (
                f"the words are in source '{other}': cite it in this sentence"
                if other
                else "quote the words exactly, or drop the quotation marks"
            )
            self.add(
                Problem(phrase.origin, f'quoted phrase "{phrase.text}" is not in the {names}', hint)
            )


def resolve(briefing: Briefing, memo: Memo | None = None) -> tuple[Index, list[Problem]]:
    """Resolve every reference and verify every quote; collect every problem."""
    resolver = Resolver(briefing, memo)
    seen_claims: dict[str, Origin] = {}
    for record in briefing.records():
        resolver.references(record)
        resolver.unique_ids(record, seen_claims)
        for statement, _ in statements(record):
            for citation in statement.cite:
                resolver.verify(_as_quoted(citation))
                resolver.chain(citation)
        if isinstance(record, Brief):
            resolver.brief_prose(record)
    for record in briefing.records():
        resolver.superseded(record, seen_claims)
    resolver.prove_all()
    return resolver.index, resolver.problems
