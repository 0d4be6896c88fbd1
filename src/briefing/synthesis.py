"""What the resolved records say together, computed once for every view of the briefing.

The site's pages and the PDF read the same `Synthesis`: who took part in which event, which
sources carry one original report, what each statement rests on, and the wording of a note.
A view only lays these out; it never works out what the records mean a second time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.analyse import origin_of
from briefing.model import (
    Actor,
    Affiliation,
    Brief,
    Cited,
    Conflict,
    Event,
    PartialDate,
    Source,
    TopRecord,
    parse_when,
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


def _say(date: PartialDate, year: bool = True) -> str:
    shown = f"{date.day} " if date.day else ""
    shown += f"{MONTHS[date.month - 1]} " if date.month else ""
    shown += str(date.year) if year else ""
    return ("c. " if date.approximate else "") + shown.strip()


def _say_range(start: PartialDate, end: PartialDate) -> str:
    """'between January and February 2020': the year said once when both ends share it."""
    same_year = start.year == end.year and start.month and not start.approximate
    return f"between {_say(start, year=not same_year)} and {_say(end)}"


def show_date(text: str | None) -> str:
    """A record's date as a reader says it: '3 January 2020', 'c. 2020', 'between January and
    February 2020'."""
    when = parse_when(text) if text else None
    if when is None:
        return text or ""
    return _say_range(when.start, when.end) if when.end else _say(when.start)


def chronology_date(text: str | None) -> str:
    """A date where events stand in order, saying what is not known: '2020, date within the
    year unknown', 'January 2020, day unknown'. An approximate date says 'c.' instead."""
    when = parse_when(text) if text else None
    if when is None or when.end or when.start.approximate or when.start.day:
        return show_date(text)
    unknown = "day unknown" if when.start.month else "date within the year unknown"
    return f"{show_date(text)}, {unknown}"


def _date_place(date: PartialDate) -> tuple[int, int, int]:
    # 13 and 32 are past any month and day: a month-only date after the days of its month,
    # a year-only date after everything dated within its year
    return date.year, date.month or 13, date.day or 32


def date_key(text: str | None) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Where a date stands in a chronology. A date known to the month comes after the dated
    days of that month, one known to the year after every dated event of that year: such an
    event is not known to be earlier than any of them. A range stands at its start (placed by
    the same rule), and after a plain date there; then the earlier end first. Approximate
    dates stand where their digits say. No date at all comes first."""
    when = parse_when(text) if text else None
    if when is None:
        return (0, 0, 0), (0, 0, 0)
    return _date_place(when.start), _date_place(when.latest)


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


class Synthesis:
    """The analysis every view shares, computed once per build from the resolved records."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.briefing = index.briefing
        self.participations = self._participations()
        self.by_origin = self._origins()
        self.affiliated_with = self._affiliated_with()

    def record(self, record_id: str) -> TopRecord | None:
        for kind in ("actor", "event", "source", "brief"):
            found: TopRecord | None = self.briefing.table(kind).get(record_id)
            if found is not None:
                return found
        return None

    def note(self, excerpt: Excerpt, credibility: int | None = None) -> NoteText:
        return note_text(self.briefing.sources[excerpt.source_id], excerpt, credibility)

    def _participations(self) -> dict[str, list[tuple[Event, str | None]]]:
        found: dict[str, list[tuple[Event, str | None]]] = {}
        for event in self.events_in_order():
            for participant in event.participants:
                found.setdefault(participant.actor, []).append((event, participant.role))
        return found

    @functools.cached_property
    def _events_in_order(self) -> list[Event]:
        events = self.briefing.events.values()
        return sorted(events, key=lambda e: (date_key(e.date), e.title, e.record_id))

    def _affiliated_with(self) -> dict[str, list[tuple[Actor, Affiliation]]]:
        """For each actor, the other actors' affiliations with it, by their names."""
        found: dict[str, list[tuple[Actor, Affiliation]]] = {}
        for actor in sorted(self.briefing.actors.values(), key=lambda a: (a.name, a.record_id)):
            for affiliation in actor.affiliations:
                if affiliation.actor != actor.record_id:
                    found.setdefault(affiliation.actor, []).append((actor, affiliation))
        return found

    def affiliations(self) -> list[tuple[Actor, Affiliation]]:
        """Every affiliation of every actor, by the actors' names."""
        actors = sorted(self.briefing.actors.values(), key=lambda a: (a.name, a.record_id))
        return [(actor, affiliation) for actor in actors for affiliation in actor.affiliations]

    def events_in_order(self) -> list[Event]:
        """The events in the order of `date_key`; ties by title."""
        return list(self._events_in_order)

    def latest_events(self, count: int = 10) -> list[Event]:
        """The last `count` events of the chronology, latest first."""
        return self._events_in_order[::-1][:count]

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
                    yield Dependent(record, what, getattr(statement, "text", None) or "", found)
        for brief_id, blocks in self.index.blocks.items():
            brief: Brief = self.briefing.briefs[brief_id]
            for block in blocks:
                found = frozenset(
                    origin_of(sources[c.source_id], sources)
                    for c in block.citations
                    if c.source_id in sources
                )
                if found:
                    yield Dependent(brief, "paragraph", plain(block.text), found)

    @functools.cached_property
    def _by_origin_dependents(self) -> dict[str, list[Dependent]]:
        found: dict[str, list[Dependent]] = {}
        for dependent in self.dependents():
            for origin in sorted(dependent.origins):
                found.setdefault(origin, []).append(dependent)
        return found

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


def plain(text: str, limit: int = 160) -> str:
    """Prose without citations, link brackets or markers: for a one-line summary."""
    while "[@" in text:
        start = text.index("[@")
        text = text[:start] + text[citation_end(text, start) :]
    text = LINK.sub(
        lambda m: link_label(m[1]) or link_target(m[1]), JUDGMENT.sub("", text.lstrip("-*+> "))
    )
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
