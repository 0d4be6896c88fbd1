"""Problems printed for people: each error and warning, the rest counted by kind, in colour
on a terminal (none when NO_COLOR is set or the output is a file or a pipe)."""

from __future__ import annotations

import os
from collections import Counter
from operator import attrgetter

import click

from briefing.problems import Problem, Severity, Tally, counted_line, folded, plural
from briefing.warning_kinds import WarningKind, counted, warning_kind

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}


def _colour() -> bool | None:
    """None lets click decide (colour only on a terminal); False when NO_COLOR asks
    (https://no-color.org: set and not empty)."""
    return False if os.environ.get("NO_COLOR") else None


def styled(problem: Problem) -> str:
    head = click.style(str(problem.origin), bold=True)
    severity = click.style(f"{problem.severity.value}:", fg=COLOURS[problem.severity], bold=True)
    lines = [f"{head}: {severity} {problem.message}"]
    lines += [f"  {detail}" for detail in problem.details]
    if problem.hint:
        lines.append(f"  {click.style('hint:', fg='green')} {problem.hint}")
    return "\n".join(lines)


def _grouped_line(kind: WarningKind, severity: Severity, count: int) -> str:
    label = click.style(f"{severity.value}:", fg=COLOURS[severity], bold=True)
    return f"{label} {counted(kind, count)}: list them with 'briefing check --list {kind}'"


def report_lines(
    problems: list[Problem],
    file_count: int,
    strict: bool = False,
    listed: str | None = None,
    suppressed: int = 0,
    tally: Tally | None = None,
) -> list[str]:
    """The text `check`, `build` and `serve` print: the same for all three. `tally` counts
    the problems left out of `problems` that are only counted (see problems.Findings)."""
    if listed is not None:
        kind = warning_kind(listed)
        chosen = [p for p in problems if p.kind == kind]
        return [*(styled(p) for p in chosen), counted(kind, len(chosen))]
    kinds = list(map(attrgetter("kind", "severity"), problems))  # (a warning list is long)
    by_kind: Tally = Counter(kinds)  # (the problems of no kind too: `folded` leaves them)
    by_kind.update(tally or {})
    counted_only = folded(by_kind, strict)
    lines = [styled(p) for p, kind in zip(problems, kinds, strict=True) if kind not in counted_only]
    order: dict[str, int] = {kind: number for number, kind in enumerate(WarningKind)}
    lines += [
        _grouped_line(warning_kind(kind), severity, by_kind[kind, severity])
        for kind, severity in sorted(counted_only, key=lambda pair: order[pair[0]])
    ]
    if suppressed:
        one = suppressed == 1
        lines.append(
            f"{plural(suppressed, 'problem')} that follow{'s' if one else ''} from invalid "
            f"records {'is' if one else 'are'} not shown: fix the errors above and check again"
        )
    lines.append(counted_line(by_kind, file_count))
    return lines


def echo_report(
    problems: list[Problem],
    file_count: int,
    strict: bool = False,
    listed: str | None = None,
    suppressed: int = 0,
    err: bool = False,
    tally: Tally | None = None,
) -> None:
    """The report, on standard output (standard error when `err`: the output is data)."""
    for line in report_lines(problems, file_count, strict, listed, suppressed, tally):
        click.echo(line, color=_colour(), err=err)
