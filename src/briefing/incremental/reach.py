"""What an edit reaches: the records whose pages show something of the records it changed,
and what the pages of lists and of the whole show of each record, so that `serve` renders
again only the pages whose text an edit can change (live.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from briefing.analysis.rests import Dependent, name_of
from briefing.analysis.synthesis import Synthesis
from briefing.analysis.warnings import origin_of
from briefing.check.resolve import Index
from briefing.records.model import Actor, Event, Source, TopRecord
from briefing.views.shared import page_of
from briefing.views.site.render import NETWORK_PAGE


def neighbours(index: Index) -> dict[str, set[str]]:
    """For each record, the records whose pages show something of it, and whose things its
    page shows: what links to it or names it, what it names, cites or is cited by, and the
    other copies of the same report."""
    near: dict[str, set[str]] = defaultdict(set)
    for target, by_ids in index.mentioned_in.items():
        near[target] |= by_ids
        for by_id in by_ids:
            near[by_id].add(target)
    record_at = {record.path: record.record_id for record in index.briefing.records()}
    for origin, excerpt in index.excerpts.items():
        citing = record_at.get(origin.path)
        if citing is not None:
            near[citing].add(excerpt.source_id)
            near[excerpt.source_id].add(citing)
    sources = index.briefing.sources
    copies: dict[str, set[str]] = defaultdict(set)
    for source_id, source in sources.items():
        copies[origin_of(source, sources)].add(source_id)
    for group in copies.values():
        if len(group) > 1:
            for source_id in group:
                near[source_id] |= group
                # what cites a copy shows how many reports it rests on
                near[source_id] |= {c for other in group for c in near.get(other, ())}
    return near


def affected(changed: set[str], *nears: dict[str, set[str]]) -> set[str]:
    """The records whose pages an edit of `changed` can alter, by the neighbours before the
    edit and after it."""
    reached = set(changed)
    for near in nears:
        reached |= {other for record_id in changed for other in near.get(record_id, ())}
    return reached


# The pages of lists and of the whole that show only some of what records say, and what
# each shows of a record: an edit that changes none of that leaves the page as it was. A page
# with notes shows sources whole (a note gives a source's words, grade and place). The other
# pages of the whole (the home page's counts, what rests on each source, the Data page) are
# rendered after every edit: they are cheap, and read every record.


def _on_actors_page(record: TopRecord | None) -> object:
    return (record.name, record.kind, record.aliases) if isinstance(record, Actor) else None


def _on_timeline(record: TopRecord | None) -> object:
    if isinstance(record, Event):
        return (record.title, record.date, record.end, record.summary)
    return record if isinstance(record, Source) else None


def _on_sources_page(record: TopRecord | None) -> object:
    return record if isinstance(record, Source) else None


def _on_contested_page(record: TopRecord | None) -> object:
    if isinstance(record, Actor | Event):
        return (name_of(record), record.conflicts)
    return record if isinstance(record, Source) else None


def _on_network_page(record: TopRecord | None) -> object:
    if isinstance(record, Actor):
        return (record.name, record.kind, record.aliases, record.affiliations)
    return record if isinstance(record, Source) else None


LIST_PAGES: dict[str, Callable[[TopRecord | None], object]] = {
    "actors/index.md": _on_actors_page,
    "events/index.md": _on_timeline,
    "sources/index.md": _on_sources_page,
    "contested.md": _on_contested_page,
    NETWORK_PAGE: _on_network_page,
}


def rests_shown(synthesis: Synthesis) -> dict[str, tuple[object, ...]]:
    """What the section "what rests on this report" shows on the pages of each stored report's
    sources (`_rests.md.j2`), as plain values. Its statements come from any record, and name
    the other reports they rest on, so an edit can change the section of a report whose
    sources it does not touch (a source's new title shows in the sections of every report
    that shares a statement with it): the pages whose section changed are rendered again."""
    origins: dict[str, object] = {}

    def origin_shown(origin_id: str) -> object:
        if origin_id not in origins:
            name = synthesis.origin_name(origin_id)
            lead = synthesis.lead_source(origin_id) if name is None else None
            origins[origin_id] = name if lead is None else (lead.record_id, lead.title)
        return origins[origin_id]

    statements: dict[int, tuple[object, ...]] = {}  # by id(): one Dependent is in many lists

    def statement_shown(dependent: Dependent) -> tuple[object, ...]:
        found = statements.get(id(dependent))
        if found is None:
            record = dependent.record
            found = statements[id(dependent)] = (
                page_of(record),
                name_of(record),
                dependent.label,
                dependent.anchor,
                dependent.text,
                tuple((o, origin_shown(o)) for o in sorted(dependent.origins)),
            )
        return found

    return {
        origin_id: (
            tuple((source.record_id, name_of(source)) for source in rests.sources),
            tuple(statement_shown(d) for d in rests.alone),
            tuple(statement_shown(d) for d in rests.shared),
        )
        for origin_id, rests in synthesis.rests.items()
        if not rests.name
    }


def rests_pages(
    synthesis: Synthesis, rests: dict[str, tuple[object, ...]], shown: dict[str, tuple[object, ...]]
) -> set[str]:
    """The pages of the sources of each report whose section "what rests on this report"
    changed from what the pages show (`shown`)."""
    return {
        page_of(source)
        for origin_id, section in rests.items()
        if section != shown.get(origin_id)
        for source in synthesis.rests[origin_id].sources
    }


def of_the_whole(page: str) -> bool:
    """A page of the whole (home, dependencies, data) that reads every record, rendered again
    after each edit; the pages of lists are LIST_PAGES'."""
    top = "/" not in page or (page.count("/") == 1 and page.endswith("/index.md"))
    return top and page not in LIST_PAGES
