"""A report as the cache keeps it: a row for each problem, in the report's order, tagged with
the part of the check it comes from (the other files, a record file's own check, what is said
of all the files together), so that a check after an edit makes the next report from these
rows and the problems of the files checked again, without making a problem of every row;
and a summary, for `briefing check` printing for people, which counts the warnings it does
not print one by one (problems.folded).

A project of 10,000 sources has some 80,000 warnings: making each a Problem, sorting them
and writing them out again was most of a check after an edit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from briefing.problems import (
    MAX_PER_FILE,
    Findings,
    Origin,
    Problem,
    Severity,
    Tally,
    folded,
)

# The parts of a report, in the order a report puts together what they find (report_of);
# SHOWN: a problem of a report as shown, of no part (see cache._kept_report)
CONTEXT, OWN, TOGETHER, SHOWN = 0, 1, 2, -1

_SEVERITIES = list(Severity)  # a row keeps a severity by its place here


@dataclass(frozen=True)
class Row:
    """A problem, and where it comes from: its part, and its place among that part's
    problems (a file's own, for OWN), which orders problems alike in all else as a whole
    check orders them."""

    path: str
    line: int
    column: int
    message: str
    hint: str
    severity: Severity
    details: tuple[str, ...]
    kind: str
    part: int
    number: int

    def key(self) -> tuple[Any, ...]:
        """The report's order (problems.sort_problems), and among problems alike in it,
        the order they were found in: notes first (problems.at_most_per_file lists them
        first), then by part and place."""
        return (
            self.path,
            self.line,
            self.column,
            self.severity is not Severity.ERROR,
            self.message,
            self.severity is not Severity.NOTE,
            self.part,
            self.number,
        )

    def problem(self) -> Problem:
        return Problem(
            Origin(self.path, self.line, self.column),
            self.message,
            self.hint,
            self.severity,
            self.details,
            self.kind,
        )


def rows_of(problems: Iterable[Problem], part: int) -> Iterator[Row]:
    """The rows of a part's problems, each numbered in order."""
    for number, p in enumerate(problems):
        origin = p.origin
        yield Row(
            origin.path,
            origin.line,
            origin.column,
            *(p.message, p.hint, p.severity, p.details, p.kind),
            part,
            number,
        )


def in_order(rows: list[Row]) -> list[Row] | None:
    """The rows in the report's order; None if a file has more problems than a report
    shows of one (problems.at_most_per_file counts the rest in a problem of its own: a
    report made from the problems)."""
    shown = Counter(row.path for row in rows if row.severity is not Severity.NOTE)
    if shown and max(shown.values()) > MAX_PER_FILE:
        return None
    return sorted(rows, key=Row.key)


@dataclass(frozen=True)
class KeptReport:
    """A report's rows, the files it was made from and the problems it did not show."""

    rows: list[Row]
    file_count: int
    suppressed: int

    def tally(self) -> Tally:
        return Counter((row.kind, row.severity) for row in self.rows if row.kind)

    def findings(self, counting: bool = False) -> Findings:
        """What the report says; `counting`, with the warnings a report printed for people
        only counts left out, and counted in `tally` (problems.folded)."""
        if not counting:
            return Findings([row.problem() for row in self.rows], self.file_count, self.suppressed)
        tally = self.tally()
        counted = folded(tally)
        problems = [row.problem() for row in self.rows if (row.kind, row.severity) not in counted]
        left_out = {group: count for group, count in tally.items() if group in counted}
        return Findings(problems, self.file_count, self.suppressed, left_out)

    def summary(self) -> KeptReport:
        """The report with only the rows a report printed for people shows (with its
        tally of the others: see `document`)."""
        counted = folded(self.tally())
        shown = [row for row in self.rows if (row.kind, row.severity) not in counted]
        return KeptReport(shown, self.file_count, self.suppressed)


def document(report: KeptReport, tally: Tally | None = None) -> dict[str, Any]:
    """A kept report as JSON: each path, hint and kind written once, in a table, and each
    row with its place in those tables (the same dozen hints, and a path for every few
    rows, were most of the bytes)."""
    paths: dict[str, int] = {}
    texts: dict[str, int] = {}
    rows = [
        [
            paths.setdefault(row.path, len(paths)),
            *(row.line, row.column, row.message),
            texts.setdefault(row.hint, len(texts)),
            _SEVERITIES.index(row.severity),
            list(row.details),
            texts.setdefault(row.kind, len(texts)),
            *(row.part, row.number),
        ]
        for row in report.rows
    ]
    return {
        "paths": list(paths),
        "texts": list(texts),
        "rows": rows,
        "file_count": report.file_count,
        "suppressed": report.suppressed,
        "tally": [
            [kind, severity.value, count] for (kind, severity), count in (tally or {}).items()
        ],
    }


def from_document(data: dict[str, Any]) -> tuple[KeptReport, Tally]:
    """A kept report, and the tally kept with it, from its JSON (`document`)."""
    paths, texts = data["paths"], data["texts"]
    rows = [
        Row(
            paths[path],
            int(line),
            int(column),
            str(message),
            texts[hint],
            _SEVERITIES[severity],
            tuple(str(detail) for detail in details),
            texts[kind],
            int(part),
            int(number),
        )
        for path, line, column, message, hint, severity, details, kind, part, number in data["rows"]
    ]
    tally = {(str(kind), Severity(severity)): int(count) for kind, severity, count in data["tally"]}
    report = KeptReport(rows, int(data["file_count"]), int(data["suppressed"]))
    return report, tally
