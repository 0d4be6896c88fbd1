"""What the resolved records say together: which origins each claim rests on, what is unused.

Each warning has a kind that a project sets `off`, `note`, `warn` or `error` in briefing.yml
(config.Warnings); the kinds and the words that count them are listed in WARNING_KINDS."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from briefing.analysis.chains import citation_origins, origin_label, origin_of
from briefing.analysis.judgments import judgment_warnings
from briefing.check.resolve import Index
from briefing.problems import Problem, Severity
from briefing.records.model import Cited, Source, statements
from briefing.records.settings import Level, Warnings
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


def analyse(index: Index, policy: Warnings | None = None) -> list[Problem]:
    """Warnings on the records checked: single-origin claims, estimates worded as reports,
    low-graded sources cited with no credibility, what rests on retracted sources; each as
    loud as the project's policy sets its kind. Sources never cited and actors nothing
    links to are said of all the records together: see briefing.facts."""
    return with_policy([*_origin_warnings(index), *judgment_warnings(index)], policy or Warnings())
