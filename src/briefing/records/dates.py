"""Dates as a reader says them and as the chronology sorts them.

A date is only as precise as the evidence (a year, a month, a day, maybe approximate) or a
range, "some time between". An event known only to the month or the year is not known to be
earlier than the dated events within it, so it sorts after them.
"""

from __future__ import annotations

from briefing.records.model import PartialDate, parse_when

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


def show_date(text: str | None) -> str:
    """A record's date as a reader says it: '3 January 2020', 'c. 2020', 'between January and
    February 2020'."""
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
