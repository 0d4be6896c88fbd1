"""What the resolved records say together: which origins each claim rests on, what is unused.

Each warning has a kind (briefing.warning_kinds) that a project sets `off`, `note`, `warn` or
`error` in briefing.yml (records.settings.Warnings). The stages that find warnings give them
as found; `with_policy`, applied once to a whole report (report.py), makes each as loud as
the project sets its kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from briefing.analysis.chains import citation_origins, origin_label, origin_of
from briefing.analysis.judgments import judgment_warnings
from briefing.analysis.support import Lexicon, support_warnings
from briefing.check.resolve import Index
from briefing.problems import Problem, Severity
from briefing.records.model import Cited, Source, statements
from briefing.records.settings import Warnings
from briefing.warning_kinds import SEVERITY_OF_LEVEL, WarningKind

__all__ = ["analyse", "origin_of", "origins", "with_policy"]


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
                    WarningKind.SINGLE_ORIGIN.severity,
                    kind=WarningKind.SINGLE_ORIGIN,
                )
            elif len(found) > 1 and statement.single_origin:
                yield Problem(
                    statement.at("single_origin"),
                    f"{what} is marked single_origin but cites {len(found)} origins",
                    "remove 'single_origin: true'",
                    WarningKind.SINGLE_ORIGIN_MARK.severity,
                    kind=WarningKind.SINGLE_ORIGIN_MARK,
                )


def with_policy(problems: Iterable[Problem], policy: Warnings) -> list[Problem]:
    """The problems, each of a kind the project sets as loud as it sets it, or left out.
    A report's every problem goes through here: a problem as loud as it was is kept as it
    is, and another made anew (dataclasses.replace, for 33,000 warnings, took a fifth of a
    check after an edit)."""
    severity_of: dict[str, Severity | None] = {
        kind: SEVERITY_OF_LEVEL.get(policy.level(kind)) for kind in WarningKind
    }
    kept = []
    for problem in problems:
        if not problem.kind or problem.kind not in severity_of:
            kept.append(problem)
            continue
        severity = severity_of[problem.kind]
        if severity is problem.severity:
            kept.append(problem)
        elif severity is not None:  # None: off
            p = problem
            kept.append(Problem(p.origin, p.message, p.hint, severity, p.details, p.kind))
    return kept


def analyse(index: Index, lexicon: Lexicon | None = None) -> list[Problem]:
    """Warnings on the records checked, as found (see `with_policy`): single-origin claims,
    estimates worded as reports, low-graded sources cited with no credibility, what rests on
    retracted sources. Sources never cited and actors nothing links to are said of all the
    records together: see check.facts.global_problems."""
    return [
        *_origin_warnings(index),
        *judgment_warnings(index),
        *support_warnings(index, lexicon),
    ]
