"""TimelineJS JSON: the events as slides in the site's order, each date worded as the site
words it (a range at its start, saying "between"), its cited source credited. TimelineJS
prints `headline` and `text` as HTML: record text is escaped here."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from briefing.check.resolve import Index
from briefing.records.dates import parse_when, show_date
from briefing.records.model import Event, chronological
from briefing.records.settings import Settings
from briefing.views.exports import json_text
from briefing.views.exports.statements import Placed, Stated

FILE = "timeline.json"


def timeline_date(at: tuple[int, int, int], shown: str, minute: int = 0) -> dict[str, Any]:
    """A TimelineJS date object at a calendar day, worded as the site words the record's date
    (`display_date`); `minute` orders records TimelineJS would place on one day."""
    value: dict[str, Any] = {"year": at[0], "month": at[1], "day": at[2], "display_date": shown}
    if minute:
        value.update(hour=0, minute=minute)
    return value


def placed_days(events: Iterable[Event]) -> dict[str, tuple[tuple[int, int, int], int]]:
    """Where each event stands for TimelineJS, which sorts slides by their dates, as the
    site's chronology orders them (records.dates.date_key): a date known to the month at its
    last day, one known to the year at 31 December, after the days dated there; records on
    one day a minute apart, in that order. (A slide's `display_date` says what is known.)"""
    placed: dict[str, tuple[tuple[int, int, int], int]] = {}
    taken: dict[tuple[int, int, int], int] = {}
    for event in chronological(events):
        when = parse_when(event.date)
        if when is None:  # not after a check: a valid record's date parses
            continue
        last = when.start.last  # its day, or the last day of its month or year
        day = (last.year, last.month, last.day)
        taken[day] = minute = taken.get(day, -1) + 1
        placed[event.record_id] = (day, minute)
    return placed


def _credit_line(index: Index, placed: Placed) -> str:
    source = index.briefing.sources[placed.source_id]
    return source.outlet + (f" ({source.byline})" if source.byline else "")


def _credit(index: Index, placed: Placed) -> dict[str, Any] | None:
    """The slide's media: the cited article, credited to its publisher, the quote as caption.
    TimelineJS needs a `url` for media: a source kept without one is credited in the text."""
    source = index.briefing.sources[placed.source_id]
    if not source.url:
        return None
    credit = _credit_line(index, placed)
    return {
        "url": source.url,
        "caption": html.escape(f"\u201c{placed.excerpt.text}\u201d"),
        "credit": html.escape(credit),
    }


def slide(
    index: Index, event: Event, summary: tuple[Placed, ...], at: tuple[tuple[int, int, int], int]
) -> dict[str, Any]:
    # a range is when it may have happened, not how long it lasted: the slide stands at its
    # start and says "between"; only the event's own `end` makes an `end_date`
    shown: dict[str, Any] = {
        "unique_id": event.record_id,
        "start_date": timeline_date(at[0], show_date(event.date), at[1]),
        "text": {
            "headline": html.escape(event.title),
            "text": f"<p>{html.escape(event.summary.text)}</p>"
            + (f"<p>{html.escape(event.place)}</p>" if event.place else ""),
        },
    }
    end = parse_when(event.end) if event.end else None
    if end is not None:
        last = end.latest.last
        shown["end_date"] = timeline_date((last.year, last.month, last.day), show_date(event.end))
    media = _credit(index, summary[0]) if summary else None
    if media is not None:
        shown["media"] = media
    elif summary:
        credit = html.escape(f"Source: {_credit_line(index, summary[0])}")
        shown["text"]["text"] += f"<p>{credit}</p>"
    return shown


def export(index: Index, settings: Settings, stated: Sequence[Stated]) -> dict[str, str]:
    events = index.briefing.events
    summaries = {
        s.record.record_id: s.citations
        for s in stated
        if isinstance(s.record, Event) and s.kind == "summary"
    }
    document = {
        "title": {
            "text": {
                "headline": html.escape(settings.title),
                "text": html.escape(settings.subtitle or ""),
            }
        },
        "events": [
            slide(index, events[event_id], summaries.get(event_id, ()), at)
            for event_id, at in placed_days(events.values()).items()
        ],
    }
    return {FILE: json_text(document)}
