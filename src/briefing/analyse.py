"""What the resolved records say together: which origins each claim rests on, what is unused.

Each warning has a kind that a project sets `off`, `note`, `warn` or `error` in briefing.yml
(config.Warnings); the kinds and the words that count them are listed in WARNING_KINDS."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import NamedTuple

from briefing.chains import citation_origins, origin_label, origin_of
from briefing.config import Level, Warnings
from briefing.judgments import judgment_warnings
from briefing.model import Cited, Source, statements
from briefing.problems import Problem, Severity
from briefing.resolve import Index

__all__ = ["WARNING_KINDS", "analyse", "origin_of", "origins", "with_policy"]


class WarningKind(NamedTuple):
    setting: str  # its key under `warnings:` in briefing.yml
    counted: str  # "{n} ..." as the summary counts them, singular and plural
    counted_plural: str


WARNING_KINDS = {
    "single-origin": WarningKind("single_origin", "claim rests", "claims rest"),
    "single-origin-mark": WarningKind(
        "single_origin_mark",
        "claim is marked single_origin but cites several origins",
        "claims are marked single_origin but cite several origins",
    ),
    "uncited-source": WarningKind("uncited_source", "source is", "sources are"),
    "unlinked-actor": WarningKind("unlinked_actor", "actor is", "actors are"),
    "unhashed-source": WarningKind(
        "unhashed_source", "report of sources with no hash", "reports of sources with no hash"
    ),
    "ungraded-source": WarningKind("ungraded_source", "source is", "sources are"),
    "estimative-language": WarningKind(
        "estimative_language", "cited statement is", "cited statements are"
    ),
    "unassessed-credibility": WarningKind(
        "unassessed_credibility",
        "citation of a low-graded source has",
        "citations of low-graded sources have",
    ),
    "rests-on-retracted": WarningKind("rests_on_retracted", "statement rests", "statements rest"),
    "unexplained-revision": WarningKind(
        "unexplained_revision", "key judgment changed", "key judgments changed"
    ),
}
GROUPED_AS = {
    "single-origin": "on a single origin",
    "single-origin-mark": "",
    "uncited-source": "never cited",
    "unlinked-actor": "in no event, brief or affiliation",
    "unhashed-source": "",
    "ungraded-source": "not graded yet",
    "estimative-language": "worded as estimates",
    "unassessed-credibility": "no credibility assessed",
    "rests-on-retracted": "only on retracted sources",
    "unexplained-revision": "since the last edition with no reason given",
}

SEVERITY_OF_LEVEL: dict[Level, Severity] = {
    "note": Severity.NOTE,
    "warn": Severity.WARNING,
    "error": Severity.ERROR,
}


def counted(kind: str, count: int) -> str:
    """'12 claims rest on a single origin'."""
    words = WARNING_KINDS[kind]
    noun = words.counted if count == 1 else words.counted_plural
    return " ".join(part for part in (str(count), noun, GROUPED_AS[kind]) if part)


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
