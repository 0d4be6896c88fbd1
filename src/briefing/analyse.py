"""What the resolved records say together: which origins each claim rests on, what is unused.

Each warning has a kind that a project sets `off`, `note`, `warn` or `error` in briefing.yml
(config.Warnings); the kinds and the words that count them are listed in WARNING_KINDS."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from briefing.chains import citation_origins, origin_label, origin_of
from briefing.config import Level, Warnings
from briefing.judgments import judgment_warnings
from briefing.model import Cited, Source, statements
from briefing.problems import Problem, Severity
from briefing.resolve import Index
from briefing.warning_kinds import WARNING_KINDS, counted

__all__ = ["WARNING_KINDS", "analyse", "counted", "origin_of", "origins", "with_policy"]


SEVERITY_OF_LEVEL: dict[Level, Severity] = {
    "note": Severity.NOTE,
    "warn": Severity.WARNING,
    "error": Severity.ERROR,
}


def origins(statement: Cited, sources: dict[str, Source]) -> set[str]:
    """The original reports a statement rests on: a relayed report counts as its origin."""
    return citation_origins(statement.cite, sources)


def _origin_warnings(index: Index) -> Iterator[Problem]:
    sources = index.briefing.sources
    for record in index.briefing.records():
        for statement, what in statements(record):
            if any(c.source not in sources for c in statement.cite):
                continue  # an unknown or invalid source is reported already
            found = origins(statement, sources)
            # A side of a conflict is one report by design: that is what a conflict shows.
            side = what.startswith("side ")
            withdrawn = getattr(statement, "deprecated", None) is not None
            if len(found) == 1 and not statement.single_origin and not side and not withdrawn:
                label = origin_label(next(iter(found)), sources, statement.cite)
                yield Problem(
                    statement.at(),
                    f"{what} rests on a single origin ('{label}')",
                    "cite a second, independent report, or say that you know with "
                    "'single_origin: true'",
                    kind="single-origin",
                )
            elif len(found) > 1 and statement.single_origin:
                yield Problem(
                    statement.at("single_origin"),
                    f"{what} is marked single_origin but cites {len(found)} origins",
                    "remove 'single_origin: true'",
                    kind="single-origin-mark",
                )


def _unused(index: Index) -> Iterator[tuple[str, Problem]]:
    for source_id, source in index.briefing.sources.items():
        if source_id not in index.cited_sources:
            yield (
                source_id,
                Problem(
                    source.at(),
                    f"source '{source_id}' is never cited",
                    "cite it, or remove it from sources/",
                    kind="uncited-source",
                ),
            )
    # An actor page is reached from an event, a brief, or another actor's affiliations.
    linking = (
        index.briefing.events.keys() | index.briefing.briefs.keys() | index.briefing.actors.keys()
    )
    for actor_id, actor in index.briefing.actors.items():
        if not (index.mentioned_in.get(actor_id, set()) - {actor_id}) & linking:
            yield (
                actor_id,
                Problem(
                    actor.at(),
                    f"actor '{actor_id}' is in no event, brief or affiliation",
                    f"add it to an event's participants or another actor's affiliations, or link "
                    f"it from a brief as [[{actor_id}]]",
                    kind="unlinked-actor",
                ),
            )


def with_policy(problems: Iterable[Problem], policy: Warnings) -> list[Problem]:
    """The problems, each of a kind the project sets as loud as it sets it, or left out."""
    kept = []
    for problem in problems:
        if problem.kind not in WARNING_KINDS:
            kept.append(problem)
            continue
        level: Level = getattr(policy, WARNING_KINDS[problem.kind].setting)
        if level != "off":
            kept.append(replace(problem, severity=SEVERITY_OF_LEVEL[level]))
    return kept


def analyse(index: Index, policy: Warnings | None = None) -> tuple[list[Problem], int]:
    """Warnings: single-origin claims, sources never cited, actors nothing links to; each
    as loud as the project's policy sets its kind. With them, how many were left out
    because an invalid record may be what cites or links the record in question."""
    policy = policy or Warnings()
    found = [*_origin_warnings(index), *judgment_warnings(index)]
    problems, suppressed = with_policy(found, policy), 0
    for record_id, problem in _unused(index):
        level = getattr(policy, WARNING_KINDS[problem.kind].setting)
        if level == "off":
            continue
        if record_id in index.briefing.named_by_invalid:
            suppressed += 1
        else:
            problems.append(replace(problem, severity=SEVERITY_OF_LEVEL[level]))
    return problems, suppressed
