"""Every statement of the briefing with its citations placed in their sources: the one list
the claims table, the annotations and the provenance of the other exports are made from."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt

from briefing.analysis.chains import Chain, chain_origins
from briefing.analysis.rests import name_of
from briefing.check.prose import (
    BLOCK_MARKERS,
    JUDGMENT,
    LINK,
    link_label,
    link_target,
    without_citations,
)
from briefing.check.resolve import Excerpt, Index
from briefing.problems import Origin
from briefing.records.dates import show_date
from briefing.records.model import (
    Actor,
    Affiliation,
    Brief,
    Claim,
    Conflict,
    Deprecation,
    Event,
    Statement,
    TopRecord,
)
from briefing.views.shared import page_of, page_url


@dataclass(frozen=True)
class Placed:
    """One citation of a statement, with the place its quote was proven at."""

    source_id: str
    quote: str
    excerpt: Excerpt
    via: str | None = None  # whom the outlet relays: the citation then counts as that origin
    may_be: tuple[str, ...] = ()  # for a relay of unnamed reports, the origins they may be


@dataclass(frozen=True)
class Stated:
    """A claim, judgment, summary, affiliation or brief paragraph, as the exports show it."""

    statement_id: str  # unique in the briefing: "<record-id>#<what>"
    record: TopRecord
    kind: str  # summary, affiliation, claim, conflict-side, key-judgment, paragraph
    text: str
    judgment: str | None  # the analyst's confidence, when the statement is a judgment
    citations: tuple[Placed, ...]
    origin: Origin  # where it is written
    confidence: str | None = None  # the analyst's confidence, a judgment's or a cited one's
    deprecated: Deprecation | None = None  # withdrawn: the site and the PDF mark it so

    @property
    def record_kind(self) -> str:
        return type(self.record).__name__.lower()

    @property
    def deprecation(self) -> str:
        """'Deprecated 21 November 2026: <reason>', as the site marks it; '' if it stands."""
        if self.deprecated is None:
            return ""
        return f"Deprecated {show_date(self.deprecated.date)}: {self.deprecated.reason}"

    @property
    def page(self) -> str:
        """The site page that shows it, as a URL relative to the site's root."""
        return page_url(page_of(self.record))

    def origins(self, index: Index) -> set[str]:
        """The original reports it rests on, as the check counts them: copies and translations
        of one count once, and a relayed report counts as its origin."""
        sources = index.briefing.sources
        return chain_origins((Chain(c.source_id, c.via, c.may_be) for c in self.citations), sources)


def affiliation_id(actor_id: str, number: int, affiliation: Affiliation) -> str:
    """The statement id of an actor's `number`th affiliation (from 1)."""
    return f"{actor_id}#affiliation-{number}-{affiliation.actor}"


_INLINE = MarkdownIt("commonmark")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~])")


def plain_prose(text: str, name: Callable[[str], str]) -> str:
    """A brief paragraph as a reader reads it, in plain text: no list marker, judgment mark
    or citation group; a [[link]] as its label or the record's name (`name` of its id);
    emphasis, code and links as their words."""
    text = BLOCK_MARKERS.sub("", text)
    text = JUDGMENT.sub("", text)
    text = without_citations(text)

    def named(match: re.Match[str]) -> str:
        inside = match.group(1)
        shown = link_label(inside) or name(link_target(inside))
        return _MARKDOWN_PUNCTUATION.sub(r"\\\1", shown)  # the words as written

    text = LINK.sub(named, text)
    words = []
    for token in _INLINE.parseInline(text)[0].children or []:
        if token.type in ("text", "code_inline"):
            words.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return " ".join("".join(words).split())


def _placed(index: Index, statement: Statement | Claim | Affiliation) -> tuple[Placed, ...]:
    found = []
    for citation in statement.cite:
        excerpt = index.excerpts.get(citation.at("quote"))
        if excerpt is not None:
            chain = (citation.via, tuple(citation.may_be))
            found.append(Placed(citation.source, citation.quote, excerpt, *chain))
    return tuple(found)


def _affiliation_text(index: Index, actor: Actor, affiliation: Affiliation) -> str:
    if affiliation.text:
        return affiliation.text
    other = index.briefing.actors.get(affiliation.actor)
    name = other.name if other else affiliation.actor
    if affiliation.role:
        return f"{actor.name}, {affiliation.role} ({name})"
    return f"{actor.name}, affiliated with {name}"


def _stated(
    index: Index,
    what: tuple[str, TopRecord, str],
    text: str,
    statement: Statement | Claim | Affiliation,
) -> Stated:
    """A record's statement as the exports show it; `what`: its id, record and kind."""
    statement_id, record, kind = what
    return Stated(
        statement_id,
        record,
        kind,
        text,
        statement.judgment,
        _placed(index, statement),
        statement.at(),
        statement.confidence_level,
        getattr(statement, "deprecated", None),
    )


def _of_record(index: Index, record: Actor | Event) -> Iterator[Stated]:
    rid = record.record_id
    yield _stated(index, (f"{rid}#summary", record, "summary"), record.summary.text, record.summary)
    if isinstance(record, Actor):
        for number, affiliation in enumerate(record.affiliations, 1):
            what = (affiliation_id(rid, number, affiliation), record, "affiliation")
            text = _affiliation_text(index, record, affiliation)
            yield _stated(index, what, text, affiliation)
    for claim in record.claims:
        yield _claim(index, record, claim, "claim")
    for conflict in record.conflicts:
        yield from _sides(index, record, conflict)


def _claim(index: Index, record: TopRecord, claim: Claim, kind: str) -> Stated:
    return _stated(index, (f"{record.record_id}#{claim.claim_id}", record, kind), claim.text, claim)


def _sides(index: Index, record: TopRecord, conflict: Conflict) -> Iterator[Stated]:
    for number, side in enumerate(conflict.sides, 1):
        what = (f"{record.record_id}#{conflict.conflict_id}-side-{number}", record, "conflict-side")
        yield _stated(index, what, side.text, side)


def _of_brief(index: Index, brief: Brief) -> Iterator[Stated]:
    def name(record_id: str) -> str:
        record = index.briefing.record(record_id)
        return name_of(record) if record is not None else record_id

    for claim in brief.key_judgments:
        yield _claim(index, brief, claim, "key-judgment")
    for number, block in enumerate(index.blocks.get(brief.record_id, []), 1):
        if block.editorial:  # about the briefing, not a statement of it (numbers kept)
            continue
        placed = []
        for citation in block.citations:
            excerpt = index.excerpts.get(citation.origin)
            if excerpt is not None:
                placed.append(Placed(citation.source_id, citation.quote, excerpt))
        yield Stated(
            f"{brief.record_id}#paragraph-{number}",
            brief,
            "paragraph",
            plain_prose(block.text, name),
            block.judgment,
            tuple(placed),
            block.origin,
            block.judgment,
        )


def all_statements(index: Index) -> Iterator[Stated]:
    """Every statement, record by record in the briefing's order."""
    for record in index.briefing.records():
        if isinstance(record, Actor | Event):
            yield from _of_record(index, record)
        elif isinstance(record, Brief):
            yield from _of_brief(index, record)
