"""TimelineJS JSON: the events as slides, each date only as precise as the record's (a range
at its start, saying "between"), its cited source credited. TimelineJS prints `headline`
and `text` as HTML: record text is escaped here."""

from __future__ import annotations

import html
import json
from typing import Any

from briefing.check.resolve import Index
from briefing.records.dates import PartialDate, parse_when, show_date
from briefing.records.model import Event
from briefing.records.settings import Settings
from briefing.views.exports.statements import Placed, all_statements

FILE = "timeline.json"


def timeline_date(date: PartialDate, shown: str, uncertain: bool = False) -> dict[str, Any]:
    """A TimelineJS date object: `year` always, `month` and `day` only when known (TimelineJS
    then shows a year as a year, not as 1 January). An approximate date, and one end of a
    range (`uncertain`), has no field of its own: its `display_date` says "c." or
    "between"."""
    value: dict[str, Any] = {"year": date.year}
    if date.month:
        value["month"] = date.month
    if date.day:
        value["day"] = date.day
    if date.approximate or uncertain:
        value["display_date"] = shown
    return value


def _credit_line(index: Index, placed: Placed) -> str:
    source = index.briefing.sources[placed.source_id]
    return source.publisher + (f" ({source.byline})" if source.byline else "")


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


def slide(index: Index, event: Event, summary: tuple[Placed, ...]) -> dict[str, Any] | None:
    start = parse_when(event.date)
    if start is None:  # not after a check: a valid record's date parses
        return None
    # a range is when it may have happened, not how long it lasted: the slide stands at its
    # start and says "between"; only the event's own `end` makes an `end_date`
    shown: dict[str, Any] = {
        "unique_id": event.record_id,
        "start_date": timeline_date(start.start, show_date(event.date), bool(start.end)),
        "text": {
            "headline": html.escape(event.title),
            "text": f"<p>{html.escape(event.summary.text)}</p>"
            + (f"<p>{html.escape(event.place)}</p>" if event.place else ""),
        },
    }
    end = parse_when(event.end) if event.end else None
    if end is not None:
        shown["end_date"] = timeline_date(end.latest, show_date(event.end), bool(end.end))
    media = _credit(index, summary[0]) if summary else None
    if media is not None:
        shown["media"] = media
    elif summary:
        credit = html.escape(f"Source: {_credit_line(index, summary[0])}")
        shown["text"]["text"] += f"<p>{credit}</p>"
    return shown


def export(index: Index, settings: Settings) -> dict[str, str]:
    summaries = {
        s.record.record_id: s.citations
        for s in all_statements(index)
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
            one
            for event_id, event in index.briefing.events.items()
            if (one := slide(index, event, summaries.get(event_id, ()))) is not None
        ],
    }
    return {FILE: json.dumps(document, indent=2, ensure_ascii=False) + "\n"}
