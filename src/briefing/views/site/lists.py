"""The pages that list records: the actors, the timeline of events, the sources, and the
network's table of every affiliation.

A list of more entries than one page shows readably (LIST_LIMIT) is split: the actors by the
first letter of their names, the events by year, the sources by the year they were published
(and by month, in a year of more than LIST_LIMIT), the affiliations by the first letter of the
affiliated actor's name. The list's own page then lists its parts, each a page in a folder
beside it (actors/index/a.md: 'index' is no record's id, so no record's page is ever in the
way). A shorter list stays one page, as it always was.

Split, a list costs what a part costs: `serve` renders again only the part that shows the
record an edit changed (incremental/reach.py), and the site engine builds pages of hundreds
of entries, not of ten thousand. A part's page names no other part and no count of the
whole, so that an edit of one entry changes one part and the list's own page only.
"""

from __future__ import annotations

import functools
import string
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.records.dates import date_key
from briefing.records.model import Actor, Event, Source, TopRecord

if TYPE_CHECKING:
    from briefing.views.site.render import Renderer

LIST_LIMIT = 500  # entries: past this, a list is split into parts
PARTS = "index"  # the folder of a list's parts, beside its page: actors/index/a.md
ACTORS_PAGE = "actors/index.md"
TIMELINE_PAGE = "events/index.md"
SOURCES_PAGE = "sources/index.md"
NETWORK_PAGE = "network/index.md"  # in a folder of its own: see views/site/render.py
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
R = TypeVar("R", bound=TopRecord)


@dataclass(frozen=True)
class Part:
    """One page of a split list: its file's name in the parts' folder, its heading, and the
    place it takes among the parts."""

    key: str
    label: str
    order: tuple[object, ...]

    def page(self, list_page: str) -> str:
        return f"{list_page.removesuffix('.md')}/{self.key}.md"


@dataclass(frozen=True)
class PartShown:
    """A part as the list's own page links it."""

    label: str
    page: str
    count: int


def initial(name: str) -> Part:
    """The part of a name: its first letter or digit, without accents ('Émile': E), a
    letter of another script by its code point ('ع': u0639). Marks and modifier letters are
    passed over ('ʿAbd': A)."""
    for char in unicodedata.normalize("NFKD", name):
        if char.isdigit():
            return Part("0-9", "0-9", (1, ""))
        if not char.isalpha() or unicodedata.category(char) == "Lm":
            continue
        lower = char.lower()
        if lower in string.ascii_lowercase:
            return Part(lower, lower.upper(), (0, lower))
        return Part(f"u{ord(lower):04x}", char.upper(), (0, lower))
    return Part("other", "Others", (2, ""))


@functools.lru_cache(maxsize=1 << 16)
def year_month(text: str) -> tuple[int, int]:
    """A date's year and month (0: no date; month 13: not known), kept for dates that repeat
    (thousands of sources share a few hundred days)."""
    year, month, _ = date_key(text)[0]
    return year, month


def year_part(text: str) -> Part:
    year, _ = year_month(text)
    if year == 0:
        return Part("undated", "Undated", (0, 0))
    return Part(f"{year:04d}", f"{year:04d}", (year, 0))


def month_part(text: str) -> Part:
    year, month = year_month(text)
    if year == 0:
        return Part("undated", "Undated", (0, 0))
    if month == 13:
        return Part(f"{year:04d}-undated", f"{year:04d}, month unknown", (year, 13))
    return Part(f"{year:04d}-{month:02d}", f"{MONTHS[month - 1]} {year:04d}", (year, month))


def source_part(monthly: frozenset[int], source: Source) -> Part:
    """A source's part: its year, or its month in a year of many (`monthly`)."""
    if year_month(source.published)[0] in monthly:
        return month_part(source.published)
    return year_part(source.published)


def _one(entry: object) -> int:
    return 1


class RecordList:
    """One list page of records, whole or split into parts by `part_of`. `rows`: the lines
    the list shows of an entry (one, but an actor's affiliations for the network's table)."""

    def __init__(
        self,
        page: str,
        entries: list[R],
        part_of: Callable[[R], Part],
        limit: int,
        monthly: frozenset[int] = frozenset(),
        rows: Callable[[R], int] = _one,
    ) -> None:
        self.page = page
        self.entries: list[Any] = entries
        self.part_of: Callable[[Any], Part] = part_of
        self.monthly = monthly  # the years of sources split by month
        self.rows: Callable[[Any], int] = rows
        self.split = sum(map(rows, entries)) > limit
        self.parts: dict[Part, list[Any]] = {}
        if self.split:
            for entry in entries:
                self.parts.setdefault(part_of(entry), []).append(entry)
            self.parts = dict(sorted(self.parts.items(), key=lambda item: item[0].order))

    def shown(self) -> list[PartShown]:
        """The parts, as the list's own page links them."""
        return [
            PartShown(part.label, part.page(self.page), sum(map(self.rows, entries)))
            for part, entries in self.parts.items()
        ]

    def pages(self) -> list[str]:
        return [self.page, *(part.page(self.page) for part in self.parts)]

    def page_of(self, record: TopRecord | None) -> str | None:
        """The page that shows a record of this list's kind, once the list is split as now."""
        if record is None:
            return None
        return self.part_of(record).page(self.page) if self.split else self.page


# The last list of each kind, with the identities of its records, which it holds (so that no
# other object can have taken one of their ids): `serve` asks for every list at each edit,
# and sorting and grouping 10,000 sources again took a tenth of an edit.
_LAST: dict[str, tuple[tuple[object, ...], RecordList]] = {}


def _kept(page: str, records: Iterable[TopRecord], make: Callable[[], RecordList]) -> RecordList:
    """The list made of these records: the last one if they are the same (the very objects,
    in the same order), else made again."""
    key = (LIST_LIMIT, *map(id, records))
    last = _LAST.get(page)
    if last is not None and last[0] == key:
        return last[1]
    made = make()
    _LAST[page] = (key, made)
    return made


def _sources(sources: Iterable[Source], limit: int) -> RecordList:
    """The list of sources, by id, split by year, and by month in a year of more than `limit`."""
    ordered = sorted(sources, key=lambda s: s.record_id)
    per_year: dict[int, int] = {}
    for source in ordered:
        year = year_month(source.published)[0]
        per_year[year] = per_year.get(year, 0) + 1
    monthly = frozenset(year for year, count in per_year.items() if count > limit)
    part_of = functools.partial(source_part, monthly)
    return RecordList(SOURCES_PAGE, ordered, part_of, limit, monthly)


def _affiliations(actors: Iterable[Actor], limit: int) -> RecordList:
    """The actors with affiliations, by name (then id), split by the first letter of their
    names past `limit` affiliations: the network's table lists each one's in turn."""
    affiliated = sorted((a for a in actors if a.affiliations), key=lambda a: (a.name, a.record_id))
    return RecordList(
        NETWORK_PAGE,
        affiliated,
        lambda a: initial(a.name),
        limit,
        rows=lambda a: len(a.affiliations),
    )


class Lists:
    """The site's lists of records, whole or split, and the calls that render their pages."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        b, synthesis = renderer.briefing, renderer.synthesis
        limit = LIST_LIMIT  # read here: a test may set another
        self.actors = _kept(
            ACTORS_PAGE,
            b.actors.values(),
            lambda: RecordList(
                ACTORS_PAGE,
                sorted(b.actors.values(), key=lambda a: a.name.lower()),
                lambda a: initial(a.name),
                limit,
            ),
        )
        self.events = _kept(
            TIMELINE_PAGE,
            b.events.values(),
            lambda: RecordList(
                TIMELINE_PAGE, synthesis.events_in_order(), lambda e: year_part(e.date), limit
            ),
        )
        self.sources = _kept(
            SOURCES_PAGE, b.sources.values(), lambda: _sources(b.sources.values(), limit)
        )
        self.network = _kept(
            NETWORK_PAGE, b.actors.values(), lambda: _affiliations(b.actors.values(), limit)
        )

    @functools.cached_property
    def origins_by_part(self) -> dict[Part, list[str]]:
        """The reports of a split list of sources, each in the part of its first source."""
        synthesis = self.renderer.synthesis
        found: dict[Part, list[str]] = {}
        for origin_id, carriers in synthesis.by_origin.items():
            lead = carriers[0] if len(carriers) == 1 else synthesis.carriers(origin_id)[0]
            found.setdefault(self.sources.part_of(lead), []).append(origin_id)
        return found

    def all(self) -> list[RecordList]:
        return [self.actors, self.events, self.sources, self.network]

    def shape(self) -> tuple[object, ...]:
        """What decides which page shows which record: a list split or not, and which
        years of sources are split by month."""
        splits = tuple(one.split for one in self.all())
        return (*splits, self.sources.monthly)

    def showing(self, page: str, record: TopRecord) -> set[str]:
        """The pages that show what `page` shows of a record: the page itself, and the part
        that shows the record, if its list is split."""
        one = next((one for one in self.all() if one.page == page), None)
        return {page} if one is None else {page, str(one.page_of(record))}

    def makers(self) -> dict[str, Callable[[], str]]:
        """Each list page, and each part of a split list, with the call that renders it."""
        makers: dict[str, Callable[[], str]] = {}
        for one, make in (
            (self.actors, self.actors_page),
            (self.events, self.timeline_page),
            (self.sources, self.sources_page),
            (self.network, self.renderer.network),
        ):
            makers[one.page] = functools.partial(make, None, one.entries)
            for part, entries in one.parts.items():
                makers[part.page(one.page)] = functools.partial(make, part, entries)
        return makers

    def _values(self, one: RecordList, part: Part | None) -> dict[str, Any]:
        """What every list's template is given beside its entries: the part it shows (None:
        the whole list), or, on a split list's own page, its parts."""
        return {"part": part, "parts": one.shown() if part is None and one.split else None}

    def actors_page(self, part: Part | None, actors: list[Actor]) -> str:
        from briefing.views.site.render import KIND_NAMES

        kinds: dict[str, list[Actor]] = {}
        shown = actors if part is not None or not self.actors.split else []
        for actor in shown:
            kinds.setdefault(actor.kind, []).append(actor)
        page = part.page(ACTORS_PAGE) if part else ACTORS_PAGE
        return self.renderer.render(
            "actors.md.j2",
            page,
            kinds={kind: kinds[kind] for kind in KIND_NAMES if kind in kinds},
            kind_names=KIND_NAMES,
            **self._values(self.actors, part),
        )

    def timeline_page(self, part: Part | None, events: list[Event]) -> str:
        shown = events if part is not None or not self.events.split else []
        page = part.page(TIMELINE_PAGE) if part else TIMELINE_PAGE
        return self.renderer.render(
            "timeline.md.j2", page, events=shown, **self._values(self.events, part)
        )

    def sources_page(self, part: Part | None, sources: list[Source]) -> str:
        synthesis = self.renderer.synthesis
        shown = sources if part is not None or not self.sources.split else []
        grades: dict[str, list[Source]] = {}
        for source in shown:
            grades.setdefault(source.reliability, []).append(source)
        origins: Iterable[str] = synthesis.by_origin
        if part is not None:  # the reports whose first source is in the part
            origins = self.origins_by_part.get(part, [])
        elif self.sources.split:
            origins = []
        page = part.page(SOURCES_PAGE) if part else SOURCES_PAGE
        return self.renderer.render(
            "sources.md.j2",
            page,
            by_grade=dict(sorted(grades.items())),
            origins=origins,
            carriers_of=synthesis.carriers,
            **self._values(self.sources, part),
        )
