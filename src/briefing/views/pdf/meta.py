"""The PDF as a document: its standards, its metadata, and a creation time that the records
decide, so that two builds of the same records give the same bytes."""

from __future__ import annotations

import os
from datetime import UTC, datetime, time

import typst

from briefing.records.dates import parse_when
from briefing.records.model import Brief
from briefing.records.settings import Settings

# PDF/A-2a (archival, tagged) and PDF/UA-1 (accessible): Typst checks both as it writes.
STANDARDS: list[typst.PDFStandard] = ["a-2a", "ua-1"]


def description(settings: Settings, first: Brief | None, book: bool) -> str:
    """The PDF's subject: the brief's summary, the book's subtitle, else what it is."""
    if book:
        return settings.subtitle or f"A research briefing: {settings.title}"
    if first is not None and first.summary:
        return first.summary
    return f"A research brief: {first.title if first else settings.title}"


def timestamp(text: str | None) -> int:
    """The PDF's creation time, in seconds since 1970: from SOURCE_DATE_EPOCH when set, else
    midnight (UTC) of the first day the newest brief's date (or range) allows, so that the
    same records give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return int(epoch)
    when = parse_when(text) if text else None
    if when is None:
        return 0
    moment = datetime.combine(when.start.first, time(), UTC)
    return int(moment.timestamp())
