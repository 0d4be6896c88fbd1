"""What the resolved records say together: which origins each claim rests on, what is unused.

Each warning has a kind (briefing.warning_kinds) that a project sets `off`, `note`, `warn` or
`error` in briefing.yml (records.settings.Warnings). The stages that find warnings give them
as found; `with_policy`, applied once to a whole report (report.py), makes each as loud as
the project sets its kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from briefing.analysis.chains import citation_origins, origin_label, origin_of
from briefing.records.settings import Warnings
from briefing.analysis.judgments import judgment_warnings
from briefing.records.model import Cited, Source, statements
from briefing.problems import Problem, Severity
from briefing.check.resolve import Index
from briefing.warning_kinds import Level, WarningKind

__all__ = ["analyse", "origin_of", "origins", "with_policy"]


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
                    kind=WarningKind.SINGLE_ORIGIN,
                )
            elif len(found) > 1 and statement.single_origin:
                yield Problem(
                    statement.at("single_origin"),
                    f"{what} is marked single_origin but cites {len(found)} origins",
                    "remove 'single_origin: true'",
                    kind=WarningKind.SINGLE_ORIGIN_MARK,
                )


def with_policy(problems: Iterable[Problem], policy: Warnings) -> list[Problem]:
    """The problems, each of a kind the project sets as loud as it sets it, or left out."""
    kept = []
    for problem in problems:
        kind = WarningKind.named(problem.kind) if problem.kind else None
        if kind is None:
            kept.append(problem)
            continue
        level = policy.level(kind)
        if level != "off":
            kept.append(replace(problem, severity=SEVERITY_OF_LEVEL[level]))
    return kept


def analyse(index: Index) -> list[Problem]:
    """Warnings on the records checked, as found (see `with_policy`): single-origin claims,
    estimates worded as reports, low-graded sources cited with no credibility, what rests on
    retracted sources. Sources never cited and actors nothing links to are said of all the
    records together: see check.facts.global_problems."""
    return [*_origin_warnings(index), *judgment_warnings(index)]
