"""What the resolved records say together, computed once for every view of the briefing.

The site's pages and the PDF read the same `Synthesis`: who took part in which event, which
sources carry one original report, what each statement rests on, and the wording of a note.
A view only lays these out; it never works out what the records mean a second time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from briefing.analyse import origin_of
from briefing.model import (
    Actor,
    Affiliation,
    Brief,
    Cited,
    Claim,
    Conflict,
    Event,
    PartialDate,
    Source,
    TopRecord,
    parse_date,
    statements,
)
from briefing.prose import JUDGMENT, LINK, citation_end, link_label, link_target
from briefing.resolve import Excerpt, Index

GRADES = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
    "ungraded": "not graded yet",
}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def show_date(text: str | None) -> str:
    """A record's date as a reader says it: '3 January 2020', 'c. 2020'."""
    date = parse_date(text) if text else None
    if date is None:
        return text or ""
    shown = f"{date.day} " if date.day else ""
    shown += f"{MONTHS[date.month - 1]} " if date.month else ""
    shown += str(date.year)
    return ("c. " if date.approximate else "") + shown


def date_key(text: str | None) -> PartialDate:
    return (parse_date(text) if text else None) or PartialDate(0)


def name_of(record: TopRecord) -> str:
    """What a reader calls a record: an actor's name, any other record's title."""
    return str(getattr(record, "name", None) or getattr(record, "title", record.record_id))


def note_grade(source: Source, credibility: int | None) -> str:
    """A note's grade: "grade B2", or "ungraded"."""
    if not source.graded:
        return "ungraded"
    return f"grade {source.reliability}{credibility or ''}"


def page_label(excerpt: Excerpt, before: str = "") -> str:
    """The page of a cited excerpt of a paged source (a PDF): "p. 12"; nothing without pages."""
    return f"{before}p. {excerpt.page}" if excerpt.page else ""


@dataclass(frozen=True)
class NoteText:
    """The words of one note, the same on the site and in the PDF: who reported it, when and
    how reliably (`head`), then the quoted words (`quote`, `page`); each view adds its links."""

    source: Source
    excerpt: Excerpt
    said: str  # "Arab News, Reuters, 11 February 2020": words of the records
    grade: str  # "grade B2": words of ours
    quote: str
    page: str  # ", p. 12" or ""

    @property
    def head(self) -> str:
        return f"{self.said} ({self.grade})"


def note_text(source: Source, excerpt: Excerpt, credibility: int | None) -> NoteText:
    said_by = [source.publisher, *([source.byline] if source.byline else [])]
    said = ", ".join([*said_by, show_date(source.published)])
    grade = note_grade(source, credibility)
    return NoteText(source, excerpt, said, grade, excerpt.text, page_label(excerpt, ", "))


@dataclass(frozen=True)
class Dependent:
    """A statement (or a brief's paragraph) and the origins its citations come from."""

    record: TopRecord
    what: str  # "claim 'x'", "paragraph": for messages
    text: str  # its words, in one line
    origins: frozenset[str]
    label: str = ""  # what it is, in a reader's words before the record's name: "claim about"
    anchor: str = ""  # its id on the record's page ("" for the top of the page)


@dataclass(frozen=True)
class OriginRests:
    """One original report, the sources that carry it (`lead` first: the one a reader is sent
    to), and the statements that rest on it alone or share it with other origins."""

    origin_id: str
    sources: list[Source]
    alone: list[Dependent]
    shared: list[Dependent]

    @property
    def lead(self) -> Source:
        return self.sources[0]


class Synthesis:
    """The analysis every view shares, computed once per build from the resolved records."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.briefing = index.briefing
        self.participations = self._participations()
        self.by_origin = self._origins()

    def record(self, record_id: str) -> TopRecord | None:
        for kind in ("actor", "event", "source", "brief"):
            found: TopRecord | None = self.briefing.table(kind).get(record_id)
            if found is not None:
                return found
        return None

    def name(self, record_id: str) -> str:
        """What a reader calls the record with this id (its id, for an unknown one)."""
        record = self.record(record_id)
        return name_of(record) if record is not None else record_id

    def note(self, excerpt: Excerpt, credibility: int | None = None) -> NoteText:
        return note_text(self.briefing.sources[excerpt.source_id], excerpt, credibility)

    def _participations(self) -> dict[str, list[tuple[Event, str | None]]]:
        found: dict[str, list[tuple[Event, str | None]]] = {}
        for event in self.events_in_order():
            for participant in event.participants:
                found.setdefault(participant.actor, []).append((event, participant.role))
        return found

    def events_in_order(self) -> list[Event]:
        return sorted(self.briefing.events.values(), key=lambda e: (date_key(e.date), e.title))

    def latest_events(self, count: int = 10) -> list[Event]:
        return sorted(self.briefing.events.values(), key=lambda e: date_key(e.date), reverse=True)[
            :count
        ]

    def _origins(self) -> dict[str, list[Source]]:
        """Sources grouped by the original report they carry."""
        sources = self.briefing.sources
        found: dict[str, list[Source]] = {}
        for source in sources.values():
            found.setdefault(origin_of(source, sources), []).append(source)
        return dict(sorted(found.items()))

    def origin(self, source: Source) -> str:
        return origin_of(source, self.briefing.sources)

    def copies(self, source: Source) -> list[Source]:
        """The other sources that carry the same report (from `by_origin`: one pass, where a
        scan per source was squared in the sources)."""
        return [s for s in self.by_origin[self.origin(source)] if s is not source]

    def conflicts(self) -> list[tuple[TopRecord, Conflict]]:
        return [
            (record, conflict)
            for record in self.briefing.records()
            for conflict in getattr(record, "conflicts", [])
        ]

    def mentions(self, record_id: str) -> list[TopRecord]:
        found = [self.record(i) for i in sorted(self.index.mentioned_in.get(record_id, ()))]
        return [record for record in found if record is not None]

    @functools.cached_property
    def excerpts_by_source(self) -> dict[str, list[tuple[Excerpt, list[TopRecord]]]]:
        """Each cited excerpt once, with the records whose pages cite it, by source: one pass
        over all excerpts, not one per source page."""
        owners = {record.path: record for record in self.briefing.records()}
        citing: dict[tuple[str, int, int], tuple[Excerpt, dict[str, TopRecord]]] = {}
        for origin, excerpt in self.index.excerpts.items():
            key = (excerpt.source_id, excerpt.start, excerpt.end)
            entry = citing.setdefault(key, (excerpt, {}))
            owner = owners.get(origin.path)
            if owner is not None:
                entry[1][owner.record_id] = owner
        found: dict[str, list[tuple[Excerpt, list[TopRecord]]]] = {}
        for (source_id, _, _), (excerpt, records) in sorted(citing.items()):
            found.setdefault(source_id, []).append((excerpt, list(records.values())))
        return found

    def statement_origins(self, statement: Cited) -> frozenset[str]:
        sources = self.briefing.sources
        return frozenset(
            origin_of(sources[c.source], sources) for c in statement.cite if c.source in sources
        )

    def dependents(self) -> Iterator[Dependent]:
        """Every cited statement of every record, and every cited paragraph of every brief,
        with the origins it rests on."""
        sources = self.briefing.sources
        for record in self.briefing.records():
            for statement, what in statements(record):
                found = self.statement_origins(statement)
                if found:
                    label, anchor = self._place(record, statement)
                    text = getattr(statement, "text", None) or self._said(record, statement)
                    yield Dependent(record, what, text, found, label, anchor)
        for brief_id, blocks in self.index.blocks.items():
            brief: Brief = self.briefing.briefs[brief_id]
            for block in blocks:
                found = frozenset(
                    origin_of(sources[c.source_id], sources)
                    for c in block.citations
                    if c.source_id in sources
                )
                if found:
                    anchor = paragraph_anchor(block.origin.line)
                    yield Dependent(
                        brief,
                        "paragraph",
                        plain(block.text, name=self.name),
                        found,
                        "paragraph of",
                        anchor,
                    )

    @functools.cached_property
    def _by_origin_dependents(self) -> dict[str, list[Dependent]]:
        found: dict[str, list[Dependent]] = {}
        for dependent in self.dependents():
            for origin in sorted(dependent.origins):
                found.setdefault(origin, []).append(dependent)
        return found

    def _place(self, record: TopRecord, statement: Cited) -> tuple[str, str]:
        """What a statement is to a reader ("claim about") and its id on its record's page."""
        if statement is getattr(record, "summary", None):
            return "summary of", ""
        if isinstance(statement, Affiliation):
            number = [id(a) for a in getattr(record, "affiliations", [])].index(id(statement))
            return "affiliation of", affiliation_anchor(number + 1)
        if isinstance(statement, Claim):
            kind = "key judgment of" if isinstance(record, Brief) else "claim about"
            return kind, statement.claim_id
        for conflict in getattr(record, "conflicts", []):
            if any(side is statement for side in conflict.sides):
                return "one side of a disagreement about", f"conflict-{conflict.conflict_id}"
        return "statement about", ""

    def _said(self, record: TopRecord, statement: Cited) -> str:
        """The words of a statement that has none of its own: an affiliation, as its table row."""
        if not isinstance(statement, Affiliation) or not isinstance(record, Actor):
            return ""
        other = self.record(statement.actor)
        with_name = name_of(other) if other is not None else statement.actor
        return f"{record.name}: {statement.role or 'affiliated'}, {with_name}"

    def carriers(self, origin_id: str) -> list[Source]:
        """The sources that carry an origin, the one a reader is sent to first: the origin
        itself when it is stored, else a carrier that is neither a translation nor machine-made,
        the best graded first."""
        return sorted(
            self.by_origin.get(origin_id, []),
            key=lambda s: (
                s.record_id != origin_id,
                s.translation_of is not None,
                s.machine_translation,
                s.reliability,
                s.record_id,
            ),
        )

    def lead_source(self, origin_id: str) -> Source:
        return self.carriers(origin_id)[0]

    def resting_on_origins(self) -> list[OriginRests]:
        """`resting_on`, once per origin: copies and translations of one report share a list."""
        found = []
        for origin_id in self.by_origin:
            resting = self._by_origin_dependents.get(origin_id, [])
            found.append(
                OriginRests(
                    origin_id,
                    self.carriers(origin_id),
                    [d for d in resting if len(d.origins) == 1],
                    [d for d in resting if len(d.origins) > 1],
                )
            )
        return sorted(found, key=lambda o: name_of(o.lead).lower())

    def resting_on(self) -> list[tuple[Source, list[Dependent], list[Dependent]]]:
        """For each source: the statements that fall if it is discredited (its origin alone),
        then those that share it with other origins."""
        found = []
        for source in sorted(self.briefing.sources.values(), key=lambda s: s.record_id):
            resting = self._by_origin_dependents.get(self.origin(source), [])
            alone = [d for d in resting if len(d.origins) == 1]
            shared = [d for d in resting if len(d.origins) > 1]
            found.append((source, alone, shared))
        return found


def affiliation_anchor(number: int) -> str:
    """The id of an actor's affiliation on its page, by its place in the list (1 = first): an
    actor may have two with one other actor."""
    return f"affiliation-{number}"


def paragraph_anchor(line: int) -> str:
    """The id of a brief's paragraph on its page, from the line it starts on."""
    return f"paragraph-{line}"


_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|`")
_SPACE_BEFORE = re.compile(r"\s+(?=[.,;:!?)])")


def plain(text: str, limit: int = 160, name: Callable[[str], str] = str) -> str:
    """Prose without citations, link brackets or markers: for a one-line summary. `name` says
    what a `[[link]]` without a label shows: its id unless told."""
    while "[@" in text:
        start = text.index("[@")
        text = text[:start] + text[citation_end(text, start) :]
    text = LINK.sub(
        lambda m: link_label(m[1]) or name(link_target(m[1])),
        JUDGMENT.sub("", text.lstrip("-*+> ")),
    )
    text = _SPACE_BEFORE.sub("", " ".join(_EMPHASIS.sub("", text).split()))
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
