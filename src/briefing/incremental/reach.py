"""What an edit reaches: the records whose pages show something of the records it changed,
the pages of lists that show what it changed, and the sources' pages whose section "what
rests on this report" may have changed, so that `serve` renders again only the pages whose
text an edit can change (live.py). Each is worked out from the records the edit changed,
never by a pass over every record: at 10,000 sources, such passes took seconds an edit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from briefing.analysis.rests import name_of
from briefing.analysis.synthesis import Synthesis
from briefing.check.resolve import Index
from briefing.records.model import Actor, Cited, Event, Source, TopRecord
from briefing.views.shared import page_of
from briefing.views.site.lists import NETWORK_PAGE, TIMELINE_PAGE, Lists, RecordList


@dataclass(frozen=True)
class Edit:
    """The records an edit changed (added, removed or edited), by id, and the records, the
    index and the synthesis before it and after it."""

    changed: set[str]
    was: dict[str, TopRecord]
    now: dict[str, TopRecord]
    before: Index
    after: Index

    @classmethod
    def of(cls, before: Index, after: Index, paths: set[str]) -> Edit:
        """The edit of the record files at `paths`."""
        was = {r.record_id: r for r in before.briefing.records() if r.path in paths}
        now = {r.record_id: r for r in after.briefing.records() if r.path in paths}
        return cls(was.keys() | now.keys(), was, now, before, after)

    def sides(self, record_id: str) -> tuple[TopRecord | None, TopRecord | None]:
        """The record with this id before the edit and after it (None where there is none)."""
        if record_id in self.changed:
            return self.was.get(record_id), self.now.get(record_id)
        record = self.after.briefing.record(record_id)
        return record, record

    def sources(self) -> set[str]:
        """The ids of the sources it changed."""
        return {
            record_id
            for record_id in self.changed
            if any(isinstance(side, Source) for side in self.sides(record_id))
        }


def _near(index: Index, record_id: str) -> set[str]:
    """What links to a record or names it, what it names, cites or is cited by."""
    near = set(index.mentioned_in.get(record_id, ()))
    near |= {target for target, by_ids in index.mentioned_in.items() if record_id in by_ids}
    near |= index.cited_by.get(record_id, set())
    near |= {source for source, by_ids in index.cited_by.items() if record_id in by_ids}
    return near


def neighbours(index: Index, synthesis: Synthesis, record_ids: Iterable[str]) -> set[str]:
    """The records whose pages show something of these records, and whose things their
    pages show: what links to them or names them, what they name, cite or are cited by, and,
    for a source, the other copies of the same report and what those cite or are cited by
    (what cites a copy shows how many reports it rests on)."""
    found: set[str] = set()
    sources = index.briefing.sources
    for record_id in record_ids:
        found |= _near(index, record_id)
        if record_id in sources:
            copies = synthesis.by_origin.get(synthesis.origins[record_id], [])
            for copy in copies if len(copies) > 1 else ():
                found.add(copy.record_id)
                found |= _near(index, copy.record_id)
    return found


def reached(edit: Edit, before: Synthesis, after: Synthesis) -> set[str]:
    """The records whose pages an edit can alter, by the neighbours before the edit and
    after it."""
    return (
        edit.changed
        | neighbours(edit.before, before, edit.changed)
        | neighbours(edit.after, after, edit.changed)
    )


# What each page of a list shows of a record: an edit that changes none of that leaves the
# page as it was. A page with notes shows the sources they cite whole (a note gives a
# source's words, grade and place): see NOTED. The other pages of the whole (the home page's
# counts, what rests on each source, the Data page) are rendered after every edit: they are
# cheap, and read every record.


def _on_actors_page(record: TopRecord | None) -> object:
    return (record.name, record.kind, record.aliases) if isinstance(record, Actor) else None


def _on_timeline(record: TopRecord | None) -> object:
    if isinstance(record, Event):
        return (record.title, record.date, record.end, record.summary)
    return None


def _on_sources_page(record: TopRecord | None) -> object:
    return record if isinstance(record, Source) else None


def _on_contested_page(record: TopRecord | None) -> object:
    if isinstance(record, Actor | Event):
        return (name_of(record), record.conflicts)
    return None


def _on_network_page(record: TopRecord | None) -> object:
    if isinstance(record, Actor):
        return (record.name, record.kind, record.aliases, record.affiliations)
    return None


# The pages that list some of what records say, and are not split (see views/site/lists.py)
WHOLE_LISTS: dict[str, Callable[[TopRecord | None], object]] = {
    "contested.md": _on_contested_page,
}
# The statements of a record whose notes a page of a list shows: an edit of a source changes
# the pages with a note that cites it, or relays it
NOTED: dict[str, Callable[[TopRecord], list[Cited]]] = {
    TIMELINE_PAGE: lambda r: [r.summary] if isinstance(r, Event) else [],
    "contested.md": lambda r: [s for c in getattr(r, "conflicts", []) for s in c.sides],
    NETWORK_PAGE: lambda r: list(r.affiliations) if isinstance(r, Actor) else [],
}


def _shown_by(lists: Lists) -> list[tuple[RecordList, Callable[[TopRecord | None], object]]]:
    return [
        (lists.actors, _on_actors_page),
        (lists.events, _on_timeline),
        (lists.sources, _on_sources_page),
        (lists.network, _on_network_page),
    ]


def list_pages(edit: Edit, lists: Lists, shape: object, before: Synthesis) -> set[str]:
    """The pages of lists, and the parts of split lists, that show something the edit
    changed; every page of a list split otherwise than before (`shape`)."""
    wanted: set[str] = set()
    for one, shown in _shown_by(lists):
        if shape != lists.shape():
            wanted |= set(one.pages())
            continue
        for was, now in map(edit.sides, edit.changed):
            if shown(was) != shown(now):
                wanted.add(one.page)
                wanted |= {str(one.page_of(r)) for r in (was, now) if shown(r) is not None}
    for page, shown in WHOLE_LISTS.items():
        if any(shown(a) != shown(b) for a, b in map(edit.sides, edit.changed)):
            wanted.add(page)
    return wanted | _reports(edit, lists, before) | _noted(edit, lists) | _with(edit, lists, before)


def _with(edit: Edit, lists: Lists, before: Synthesis) -> set[str]:
    """A split table of affiliations names the actor each is with in the part of the actor
    it is of: the parts of the actors affiliated with an actor whose name the edit changed."""
    if not lists.network.split:
        return set()
    after = lists.renderer.synthesis
    wanted = set()
    for actor_id in edit.changed:
        was, now = edit.sides(actor_id)
        if _on_actors_page(was) == _on_actors_page(now):
            continue
        for synthesis in (before, after):
            for actor, _ in synthesis.affiliated_with.get(actor_id, []):
                wanted.add(str(lists.network.page_of(actor)))
    return wanted


def _reports(edit: Edit, lists: Lists, before: Synthesis) -> set[str]:
    """A split list of sources lists each report in the part of its first source: an edited
    source may change which is first, or leave its report. The parts of every source of its
    reports, before the edit and after it."""
    if not lists.sources.split:
        return set()
    after = lists.renderer.synthesis
    wanted = set()
    for source_id in edit.sources():
        for synthesis in (before, after):
            origin = synthesis.origins.get(source_id)
            for source in synthesis.by_origin.get(origin, []) if origin is not None else []:
                wanted.add(str(lists.sources.page_of(source)))
    return wanted


def _noted(edit: Edit, lists: Lists) -> set[str]:
    """The pages whose notes cite, or relay, a source the edit changed."""
    wanted = set()
    for source_id in edit.sources():
        citing = edit.before.cited_by.get(source_id, set()) | edit.after.cited_by.get(
            source_id, set()
        )
        records = [r for record_id in citing for r in edit.sides(record_id) if r is not None]
        for record in records:
            for page, noted in NOTED.items():
                cites = (c for statement in noted(record) for c in statement.cite)
                if any(source_id in (c.source, c.via) for c in cites):
                    wanted |= lists.showing(page, record)
    return wanted


def rests_pages(synthesis: Synthesis) -> set[str]:
    """The pages of the sources of each stored report whose section "what rests on this
    report" may show something else than before the edit (Synthesis.reshown)."""
    return {
        page_of(source)
        for origin_id in synthesis.reshown or ()
        if origin_id in synthesis.rests and not synthesis.rests[origin_id].name
        for source in synthesis.rests[origin_id].sources
    }


def of_the_whole(pages: Iterable[str], lists: Lists) -> set[str]:
    """The pages of the whole (home, dependencies, data) that read every record, rendered
    again after each edit: the pages at the top or in a folder of their own, not of a list."""
    listing = {one.page for one in lists.all()} | WHOLE_LISTS.keys()
    return {
        page
        for page in pages
        if ("/" not in page or (page.count("/") == 1 and page.endswith("/index.md")))
        and page not in listing
    }
