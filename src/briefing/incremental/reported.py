"""A report as the cache keeps it: a row for each problem, in the report's order, tagged with
the part of the check it comes from (the other files, a record file's own check, what is said
of all the files together), so that a check after an edit makes the next report from these
rows and the problems of the files checked again, without making a problem of every row;
and a summary, for `briefing check` printing for people, which counts the warnings it does
not print one by one (problems.folded).

A row is kept as JSON has it, a list: [path, line, column, message, hint, severity,
details, kind, part, number], where the path, the hint and the kind are places in tables of
the report (each written once: the same dozen hints were a third of the bytes), and the
severity a place in `Severity`. A project of 10,000 sources has some 80,000 warnings: making
each a Problem, or an object of any kind, sorting them and writing them out again was most
of a check after an edit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
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
_ERROR, _NOTE = _SEVERITIES.index(Severity.ERROR), _SEVERITIES.index(Severity.NOTE)
PATH, LINE, COLUMN, MESSAGE, HINT, SEVERITY, DETAILS, KIND, PART, NUMBER = range(10)

Row = list[Any]


class KeptReport:
    """A report's rows, the files it was made from and the problems it did not show."""

    def __init__(
        self,
        rows: list[Row] | None = None,
        file_count: int = 0,
        suppressed: int = 0,
        tables: tuple[list[str], list[str]] | None = None,
    ) -> None:
        self.rows: list[Row] = rows or []
        self.file_count, self.suppressed = file_count, suppressed
        self.paths, self.texts = tables or ([], [])
        # the pairs of sources that share wording, as the check worked them out, for the
        # next (support.relays.kept_candidates)
        self.wording: dict[str, Any] = {}
        self._places = {path: n for n, path in enumerate(self.paths)}
        self._texts = {text: n for n, text in enumerate(self.texts)}

    def add(self, problems: Iterable[Problem], part: int) -> None:
        """The rows of a part's problems, each numbered in order."""
        for number, p in enumerate(problems):
            self.rows.append(
                [
                    self._place(p.origin.path),
                    *(p.origin.line, p.origin.column, p.message),
                    self._text(p.hint),
                    _SEVERITIES.index(p.severity),
                    list(p.details),
                    self._text(p.kind),
                    *(part, number),
                ]
            )

    def _place(self, path: str) -> int:
        if path not in self._places:
            self._places[path] = len(self.paths)
            self.paths.append(path)
        return self._places[path]

    def _text(self, text: str) -> int:
        if text not in self._texts:
            self._texts[text] = len(self.texts)
            self.texts.append(text)
        return self._texts[text]

    def after_edit(self, checked: set[str]) -> KeptReport:
        """The rows that stay after an edit: those of the other files, and those of each
        record file not checked again (what is said of all the files together is said
        anew)."""
        places = {self._places[path] for path in checked if path in self._places}
        kept = [
            row
            for row in self.rows
            if row[PART] == CONTEXT or row[PART] == OWN and row[PATH] not in places
        ]
        after = KeptReport(kept, self.file_count, self.suppressed, (self.paths, self.texts))
        after.wording = self.wording
        return after

    def ordered(self) -> bool:
        """Put the rows in the report's order (problems.sort_problems), and among problems
        alike in it in the order they were found in: notes first (at_most_per_file lists
        them first), then by part and place. False if a file has more problems than a
        report shows of one (at_most_per_file counts the rest in a problem of its own: the
        report is made from the problems)."""
        shown = Counter(row[PATH] for row in self.rows if row[SEVERITY] != _NOTE)
        if shown and max(shown.values()) > MAX_PER_FILE:
            return False
        paths = self.paths
        self.rows.sort(
            key=lambda r: (
                *(paths[r[PATH]], r[LINE], r[COLUMN], r[SEVERITY] != _ERROR, r[MESSAGE]),
                *(r[SEVERITY] != _NOTE, r[PART], r[NUMBER]),
            )
        )
        return True

    def problem(self, row: Row) -> Problem:
        return Problem(
            Origin(self.paths[row[PATH]], int(row[LINE]), int(row[COLUMN])),
            str(row[MESSAGE]),
            self.texts[row[HINT]],
            _SEVERITIES[row[SEVERITY]],
            tuple(str(detail) for detail in row[DETAILS]),
            self.texts[row[KIND]],
        )

    def tally(self) -> Tally:
        texts = self.texts
        return Counter(
            (texts[row[KIND]], _SEVERITIES[row[SEVERITY]]) for row in self.rows if texts[row[KIND]]
        )

    def findings(self, counting: bool = False) -> Findings:
        """What the report says; `counting`, with the warnings a report printed for people
        only counts left out, and counted in `tally` (problems.folded)."""
        if not counting:
            problems = [self.problem(row) for row in self.rows]
            return Findings(problems, self.file_count, self.suppressed)
        summary, left_out = self.summary()
        problems = [summary.problem(row) for row in summary.rows]
        return Findings(problems, self.file_count, self.suppressed, left_out)

    def summary(self) -> tuple[KeptReport, Tally]:
        """The report with only the rows a report printed for people shows, with tables of
        their own (a few rows need not carry every path of the project); and the tally of
        those it only counts."""
        tally = self.tally()
        counted = folded(tally)
        texts = self.texts
        shown = (
            self.problem(row)
            for row in self.rows
            if (texts[row[KIND]], _SEVERITIES[row[SEVERITY]]) not in counted
        )
        summary = KeptReport([], self.file_count, self.suppressed)
        summary.add(shown, SHOWN)
        return summary, {group: count for group, count in tally.items() if group in counted}

    def document(self, tally: Tally | None = None) -> dict[str, Any]:
        """The report as JSON, with a tally of problems counted beside its rows."""
        return {
            "paths": self.paths,
            "texts": self.texts,
            "rows": self.rows,
            "file_count": self.file_count,
            "suppressed": self.suppressed,
            "tally": [
                [kind, severity.value, count] for (kind, severity), count in (tally or {}).items()
            ],
            "wording": self.wording,
        }


def from_document(data: dict[str, Any]) -> tuple[KeptReport, Tally]:
    """A kept report, and the tally kept with it, from its JSON (`KeptReport.document`)."""
    tally = {(str(kind), Severity(severity)): int(count) for kind, severity, count in data["tally"]}
    tables = ([str(path) for path in data["paths"]], [str(text) for text in data["texts"]])
    report = KeptReport(data["rows"], int(data["file_count"]), int(data["suppressed"]), tables)
    report.wording = dict(data["wording"])
    return report, tally
