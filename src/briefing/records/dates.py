"""Dates as the records write them, as a reader says them and as the chronology sorts them.

A date is only as precise as the evidence (a year, a month, a day, maybe approximate) or a
range, "some time between". An event known only to the month or the year is not known to be
earlier than the dated events within it, so it sorts after them.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass
from typing import Any

DATE_KEYS = ("date", "end", "published", "from", "until")  # as the files write them
_ONE_DATE = r"~?\d{4}(-\d{2}(-\d{2})?)?"
DATE_PATTERN = rf"^{_ONE_DATE}(/{_ONE_DATE})?$"  # a date, or a range "start/end" (ISO 8601)
_DATE = re.compile(r"^(~?)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# The JSON Schema of a date says exactly what the check accepts, for an editor to agree
# with `briefing check`: a real calendar date (30 days in April, 29 in February of a leap
# year only), and a year written as a bare number, which YAML reads as an integer.
_LEAP_YEAR = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))"
)
_CALENDAR_DATE = rf"~?(?:\d{{4}}(?:-(?:0[1-9]|1[0-2]))?|\d{{4}}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
CALENDAR_PATTERN = rf"^{_CALENDAR_DATE}(?:/{_CALENDAR_DATE})?$"
DATE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": CALENDAR_PATTERN},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "description": "YYYY-MM-DD, YYYY-MM or YYYY, as precise as the evidence; ~ = approximate; "
    "START/END (ISO 8601) = some time between the two, START not after END",
}


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date only as precise as the evidence: year, month or day, maybe approximate."""

    year: int
    month: int = 0  # 0: not known
    day: int = 0
    approximate: bool = False

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first(self) -> datetime.date:
        """The first day the date may mean: 2020-03 from 1 March 2020."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> datetime.date:
        """The last day the date may mean: 2020-03 until 31 March 2020."""
        month = self.month or 12
        return datetime.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        text += f"-{self.month:02d}" if self.month else ""
        text += f"-{self.day:02d}" if self.day else ""
        return ("~" if self.approximate else "") + text


@dataclass(frozen=True)
class When:
    """A record's date: one `PartialDate`, or a range, "some time between `start` and `end`"
    (ISO 8601 `2020-01/2020-02`): uncertainty about one moment, not a duration (an event's
    own `end` says how long it lasted)."""

    start: PartialDate
    end: PartialDate | None = None  # only for a range

    @property
    def latest(self) -> PartialDate:
        return self.end or self.start

    @property
    def shared(self) -> PartialDate | None:
        """The date as precise as both ends of a range agree ("2020-01/2020-02-11" is 2020,
        "2020-02-11/2020-02" is 2020-02; None when they share no year), for a format that
        has one date for one moment; not approximate. A date that is no range is itself."""
        start, end = self.start, self.end or self.start
        if start.year != end.year:
            return None
        month = start.month if start.month == end.month else 0
        day = start.day if month and start.day == end.day else 0
        return PartialDate(start.year, month, day)

    @property
    def ordered(self) -> bool:
        """Whether a range runs forwards: its end neither begins nor ends before its start."""
        end = self.latest
        return self.start.first <= end.first and self.start.last <= end.last

    def __str__(self) -> str:
        return f"{self.start}/{self.end}" if self.end else str(self.start)


def parse_when(text: str) -> When | None:
    """A date or a range of two dates, as the records write them; None if not valid. The
    order of a range's ends is not judged here (see `When.ordered`): the JSON Schema can
    say what a date looks like, not that one comes before another."""
    first, slash, second = text.partition("/")
    start = parse_date(first)
    if start is None:
        return None
    if not slash:
        return When(start)
    end = parse_date(second)
    return When(start, end) if end is not None else None


def range_fault(value: str, when: When) -> tuple[str, str]:
    """(message, hint) for a range that does not run forwards. A start less precise than its
    end may run past it ("2024/2024-10-01": the year 2024 runs to 31 December): that is not
    an end before the start, and is said so."""
    end = when.latest
    if when.start.first <= end.first:
        first, last = when.start.first, when.start.last  # a start that ends in time: its
        # first month, or its first day
        shown = f"{first:%Y-%m}" if first.month < end.last.month else f"{first:%Y-%m-%d}"
        suggested = f"{shown}/{end}" if shown != str(end) else str(end)
        return (
            f"the range '{value}' ends inside its start: '{when.start}' runs to "
            f"{_say(PartialDate(last.year, last.month, last.day))}, after '{end}'",
            f"give a start that ends no later than the end, as in {suggested}",
        )
    return (
        f"the range '{value}' ends before it starts",
        "write the earlier date first, as in 2020-01/2020-03",
    )


def parse_date(text: str) -> PartialDate | None:
    """One date (not a range): year, month or day, maybe approximate."""
    match = _DATE.match(text)
    if not match:
        return None
    approximate, year, month, day = match.groups()
    month_number, day_number = int(month or 0), int(day or 0)
    if month and not 1 <= month_number <= 12:
        return None
    if day and not 1 <= day_number <= calendar.monthrange(int(year), month_number)[1]:
        return None
    return PartialDate(int(year), month_number, day_number, bool(approximate))


def date_fault(text: str) -> str:
    """Why a date is not valid, in the words of a calendar: '2024-13-03' has no month 13."""
    ends = text.split("/")
    if len(ends) > 2:
        return "a range is two dates, START/END, with one '/'"
    # The ends one after the other, not by recursion: a date of thousands of '/' was one
    # call deep per '/'.
    return next((fault for fault in map(_one_date_fault, ends) if fault), "")


def _one_date_fault(text: str) -> str:
    """Why one date (not a range) is not valid, or "" if it is or no reason can be said."""
    match = _DATE.match(text)
    if not match:
        if re.match(r"^~?\d{4}-\d{1,2}(-\d{1,2})?$", text):
            return "months and days take two digits, as in 2020-01-03"
        return ""
    _, year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        return f"month {int(month)} is out of range (1 to 12)"
    if not (month and day) or parse_date(text) is not None:
        return ""
    days = calendar.monthrange(int(year), int(month))[1]
    named = calendar.month_name[int(month)]
    return f"day {int(day)} is out of range ({named} {year} has {days} days)"


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _say(date: PartialDate, year: bool = True) -> str:
    shown = f"{date.day} " if date.day else ""
    shown += f"{MONTHS[date.month - 1]} " if date.month else ""
    shown += str(date.year) if year else ""
    return ("c. " if date.approximate else "") + shown.strip()


def _say_range(start: PartialDate, end: PartialDate) -> str:
    """'between January and February 2020': the year said once when both ends share it."""
    same_year = start.year == end.year and start.month and not start.approximate
    return f"between {_say(start, year=not same_year)} and {_say(end)}"


@functools.lru_cache(maxsize=4096)
def show_date(text: str | None) -> str:
    """A record's date as a reader says it: '3 January 2020', 'c. 2020', 'between January and
    February 2020'. Kept for the last few thousand: a source's date is said in every note
    that cites it (3% of rendering 10,000 sources)."""
    when = parse_when(text) if text else None
    if when is None:
        return text or ""
    return _say_range(when.start, when.end) if when.end else _say(when.start)


def chronology_date(text: str | None) -> str:
    """A date where events stand in order, saying what is not known: '2020, date within the
    year unknown', 'January 2020, day unknown'. An approximate date says 'c.' instead."""
    when = parse_when(text) if text else None
    if when is None or when.end or when.start.approximate or when.start.day:
        return show_date(text)
    unknown = "day unknown" if when.start.month else "date within the year unknown"
    return f"{show_date(text)}, {unknown}"


def _date_place(date: PartialDate) -> tuple[int, int, int]:
    # 13 and 32 are past any month and day: a month-only date after the days of its month,
    # a year-only date after everything dated within its year
    return date.year, date.month or 13, date.day or 32


def date_key(text: str | None) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Where a date stands in a chronology. A date known to the month comes after the dated
    days of that month, one known to the year after every dated event of that year: such an
    event is not known to be earlier than any of them. A range stands at its start (placed by
    the same rule), and after a plain date there; then the earlier end first. Approximate
    dates stand where their digits say. No date at all comes first."""
    when = parse_when(text) if text else None
    if when is None:
        return (0, 0, 0), (0, 0, 0)
    return _date_place(when.start), _date_place(when.latest)
