"""What the resolved records say together: which origins each claim rests on, what is unused."""

from __future__ import annotations

from collections.abc import Iterator

from briefing.model import Cited, Source, statements
from briefing.problems import Problem, Severity
from briefing.resolve import Index


def origin_of(source: Source, sources: dict[str, Source]) -> str:
    """The original report a source carries: translations and copies of one report count once."""
    seen = {source.record_id}
    while source.translation_of in sources and source.translation_of not in seen:
        source = sources[source.translation_of]
        seen.add(source.record_id)
    return source.origin_id


def origins(statement: Cited, sources: dict[str, Source]) -> set[str]:
    return {origin_of(sources[c.source], sources) for c in statement.cite if c.source in sources}


def _origin_warnings(index: Index) -> Iterator[Problem]:
    sources = index.briefing.sources
    for record in index.briefing.records():
        for statement, what in statements(record):
            if any(c.source not in sources for c in statement.cite):
                continue  # an unknown or invalid source is reported already
            found = origins(statement, sources)
            if len(found) == 1 and not statement.single_origin:
                yield Problem(
                    statement.at(),
                    f"{what} rests on a single origin ('{next(iter(found))}')",
                    "cite a second, independent report, or say that you know with "
                    "'single_origin: true'",
                    Severity.WARNING,
                )
            elif len(found) > 1 and statement.single_origin:
                yield Problem(
                    statement.at("single_origin"),
                    f"{what} is marked single_origin but cites {len(found)} origins",
                    "remove 'single_origin: true'",
                    Severity.WARNING,
                )


def analyse(index: Index) -> list[Problem]:
    """Warnings: single-origin claims, sources never cited, actors in no event or brief."""
    problems = list(_origin_warnings(index))
    for source_id, source in index.briefing.sources.items():
        if source_id not in index.cited_sources:
            problems.append(
                Problem(
                    source.at(),
                    f"source '{source_id}' is never cited",
                    "cite it, or remove it from sources/",
                    Severity.WARNING,
                )
            )
    events_and_briefs = index.briefing.events.keys() | index.briefing.briefs.keys()
    for actor_id, actor in index.briefing.actors.items():
        if not index.mentioned_in.get(actor_id, set()) & events_and_briefs:
            problems.append(
                Problem(
                    actor.at(),
                    f"actor '{actor_id}' is in no event or brief",
                    f"add it to an event's participants, or link it from a brief as [[{actor_id}]]",
                    Severity.WARNING,
                )
            )
    return problems
