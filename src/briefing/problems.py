"""Where a problem is (Origin) and what it is (Problem), and how they are printed."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from operator import attrgetter
from typing import Any, ClassVar, NamedTuple


class Origin(NamedTuple):
    """A place in a file: 1-based line and column, as editors and compilers count them.

    A named tuple, not a dataclass: a large project makes millions, and a tuple is made
    several times faster."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


# The place of a problem that is in no file of the project: misuse, a tool that failed.
NOWHERE = Origin("<briefing>")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    # Counted in the summary, listed on request, never failing: see config.Warnings.
    NOTE = "note"


@dataclass(frozen=True)
class Problem:
    origin: Origin
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    # Extra indented lines shown between the message and the hint ("quoted: ...").
    details: tuple[str, ...] = field(default=())
    # The kind of a warning that a project can set louder or quieter ("single-origin"), as
    # `briefing check --list KIND` names it; empty for the problems that are always errors.
    kind: str = ""

    def render(self) -> str:
        lines = [f"{self.origin}: {self.severity.value}: {self.message}"]
        lines += [f"  {detail}" for detail in self.details]
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.origin.path,
            "line": self.origin.line,
            "column": self.origin.column,
            "severity": self.severity.value,
            "message": self.message,
            "details": list(self.details),
            "hint": self.hint,
            "kind": self.kind,
        }


class BriefingError(Exception):
    """What stops a command: the problems that say why, and what the run left as it was
    (`outcome`: "the last good site and PDFs are left as they were"). The command line
    catches it in one place (cli/__init__.py), prints it and exits with `exit_code`.

    The problems of the project (a template, a link) are printed as `check` prints them,
    then "build stopped: OUTCOME"; a tool that failed (`failure`: MkDocs, Typst) is said
    on standard error with the outcome as its hint."""

    exit_code: ClassVar[int] = 1
    failure: ClassVar[bool] = False
    # What `serve` shows as the title of its error page.
    headline: str = "the build stopped"

    def __init__(self, *problems: Problem, outcome: str = "") -> None:
        super().__init__(*problems)
        self.problems = list(problems)
        self.outcome = outcome
        self.file_count = 0  # the files the problems were found in, when a check found them

    def __str__(self) -> str:
        return "; ".join(problem.message for problem in self.problems)

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a forked worker, it is pickled back whole, whatever its own __init__
        # takes (pickling calls the class with `args` otherwise).
        return (_unpickled, (type(self), self.args, self.__dict__))

    def stopping(self, outcome: str) -> None:
        """Say `outcome` as what the run left as it was, unless a stage said already."""
        self.outcome = self.outcome or outcome

    def format_message(self) -> str:
        """The problems as printed: a failure's with the outcome as hint, and without a
        place when it has none in the project."""
        if not self.failure:
            return "\n".join(problem.render() for problem in self.problems)
        lines = []
        for problem in self.problems:
            said = replace(problem, hint=problem.hint or self.outcome).render()
            lines.append(said.removeprefix(f"{NOWHERE}: "))
        return "\n".join(lines)


def _unpickled(cls: type[BriefingError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class Misuse(BriefingError):
    """The command was asked for what cannot be (exit 2, with the command's usage)."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(Problem(NOWHERE, message))


def failing(problems: list[Problem], strict: bool) -> list[Problem]:
    """The problems that fail: errors, and warnings under --strict; notes never do."""
    kinds = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return [p for p in problems if p.severity in kinds]


# More warnings of one kind than this are one line that says how to list them, unless
# --strict makes them errors: a reader skims a wall of alike lines and misses the error.
GROUP_AFTER = 5

Tally = dict[tuple[str, Severity], int]  # how many problems of each kind and severity


def folded(tally: Tally, strict: bool = False) -> set[tuple[str, Severity]]:
    """The kinds and severities whose problems are counted, not printed, one by one: every
    note, and the warnings of a kind that has more than GROUP_AFTER (unless strict)."""
    return {
        (kind, severity)
        for (kind, severity), count in tally.items()
        if kind
        and (
            severity is Severity.NOTE
            or (severity is Severity.WARNING and not strict and count > GROUP_AFTER)
        )
    }


@dataclass(frozen=True)
class Findings:
    """What a check says, without the records (as the cache keeps it). A check answered
    from the cache may leave out the problems that are only counted when printed (see
    `folded`): then `tally` counts them by kind and severity."""

    problems: list[Problem]
    file_count: int
    suppressed: int = 0
    tally: Tally = field(default_factory=dict)

    def errors(self, strict: bool = False) -> list[Problem]:
        return failing(self.problems, strict)


SHOWN_VALUE_LIMIT = 60


def shown_value(value: object) -> str:
    """A value as a message quotes it (its repr), cut short: a file read by mistake (a
    system file, a secret) is named by its place, not printed."""
    text = repr(value)
    if len(text) <= SHOWN_VALUE_LIMIT:
        return text
    return f"{text[: SHOWN_VALUE_LIMIT - 1]}… ({len(text)} characters)"


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """A "did you mean 'x'?" hint, or an empty string when nothing is close.

    rapidfuzz's ratio is difflib's measure computed in C: difflib took a quarter of a
    second for one name against 10,000 ids."""
    from rapidfuzz import fuzz, process  # only when a name is unknown: not at every start

    close = process.extractOne(name, list(choices), scorer=fuzz.ratio, score_cutoff=60)
    return f"did you mean '{close[0]}'?" if close else ""


def _order(problem: Problem) -> tuple[Origin, bool, str]:
    return (problem.origin, problem.severity != Severity.ERROR, problem.message)


def slug(name: str) -> str:
    """A name as an id would spell it: "International Longshoremen's Association" ->
    "international-longshoremens-association"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", plain)).strip("-")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=_order)


MAX_PER_FILE = 100


def at_most_per_file(problems: Iterable[Problem]) -> list[Problem]:
    """The problems sorted, at most MAX_PER_FILE of each file, and one more that counts the
    rest of that file: a file with thousands of problems (a megabyte of '[@') is broken as a
    whole, and printing each of them would bury the other files' problems.

    Sorted file by file, as `sort_problems` orders them (by path first): each file's few
    problems compare faster than the whole list's (at 10,000 sources, 82,000 warnings
    sorted as one list took 0.2 s, a quarter of that by file)."""
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        found = by_path.get(problem.origin.path)
        if found is None:
            by_path[problem.origin.path] = [problem]
        else:
            found.append(problem)
    return in_order({path: file_problems(found) for path, found in by_path.items()})


def file_problems(found: list[Problem]) -> list[Problem]:
    """One file's problems (`at_most_per_file`): sorted, at most MAX_PER_FILE shown."""
    if len(found) > 1:
        found = sorted(found, key=_order_in_file)
    return _at_most(found) if len(found) > MAX_PER_FILE else found


def in_order(by_path: dict[str, list[Problem]]) -> list[Problem]:
    """The problems of each file (`file_problems`), file after file in the order of paths."""
    return [problem for path in sorted(by_path) for problem in by_path[path]]


def _order_in_file(problem: Problem) -> tuple[int, int, bool, str, bool]:
    """`_order` within one file, a note before a warning it otherwise ties with."""
    origin, severity = problem.origin, problem.severity
    return (
        origin.line,
        origin.column,
        severity is not Severity.ERROR,
        problem.message,
        severity is not Severity.NOTE,
    )


def _at_most(found: list[Problem]) -> list[Problem]:
    """One file's problems, sorted, cut to MAX_PER_FILE and the count of the rest (its
    notes are counted, not shown: they bury nothing, and all are kept)."""
    notes = [p for p in found if p.severity is Severity.NOTE]
    others = [p for p in found if p.severity is not Severity.NOTE]
    if len(others) <= MAX_PER_FILE:
        return found
    hidden = len(others) - MAX_PER_FILE
    errors = sum(p.severity is Severity.ERROR for p in others[MAX_PER_FILE:])
    counted = Problem(
        others[MAX_PER_FILE].origin,
        f"{hidden} more problems in this file are not shown "
        f"({errors} error{'s' if errors != 1 else ''})",
        "fix the problems above and check again",
        Severity.ERROR if errors else Severity.WARNING,
    )
    return sorted([*notes, *others[:MAX_PER_FILE], counted], key=_order_in_file)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def summary_line(problems: list[Problem], file_count: int, tally: Tally | None = None) -> str:
    """The count of errors, warnings and notes: of the problems, and of those a tally
    counts without them (see Findings)."""
    counted = Counter[tuple[str, Severity]](map(attrgetter("kind", "severity"), problems))
    counted.update(tally or {})
    return counted_line(counted, file_count)


def counted_line(tally: Tally, file_count: int) -> str:
    """The count of errors, warnings and notes that a tally counts, of every problem."""
    counts = Counter[Severity]()
    for (_, severity), count in tally.items():
        counts[severity] += count
    errors, notes = counts[Severity.ERROR], counts[Severity.NOTE]
    warnings = counts[Severity.WARNING]
    files = "file" if file_count == 1 else "files"
    counted = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    if notes:
        counted += f", {plural(notes, 'note')}"
    return f"{counted} in {file_count} {files}"
