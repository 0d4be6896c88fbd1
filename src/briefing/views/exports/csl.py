"""CSL-JSON: every source as a reference, for Zotero, pandoc and every citation processor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefing.check.resolve import Index
from briefing.records.dates import PartialDate, parse_when, show_date
from briefing.records.model import Source
from briefing.records.settings import Settings
from briefing.views.exports import json_text
from briefing.views.exports.statements import Stated

FILE = "sources.csl.json"


def csl_date(date: PartialDate) -> dict[str, Any]:
    """A date as CSL has it: only the parts known, and `circa` when approximate."""
    parts = [date.year, *([date.month] if date.month else []), *([date.day] if date.day else [])]
    shown: dict[str, Any] = {"date-parts": [parts]}
    if date.approximate:
        shown["circa"] = True
    return shown


def reference(source: Source) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": source.record_id,
        # the sources are news reports as published online; CSL's type for them
        "type": "article-newspaper",
        "title": source.title,
        "language": source.language,
    }
    if source.publisher:  # unknown: left out, not a placeholder citeproc would print
        item["container-title"] = item["publisher"] = source.publisher
    if source.byline:
        # a byline is a name or an agency ("Reuters"): kept whole, not split into a family
        # and given name that it may not have
        item["author"] = [{"literal": source.byline}]
    published = parse_when(source.published)
    # A range is "some time between", not CSL's span of two dates (which citeproc prints as
    # "January-11 February" with no year): the date as far as both ends agree, and the range
    # in the note.
    shared = published.shared if published is not None else None
    if published is not None and shared is not None:
        item["issued"] = csl_date(published.start if published.end is None else shared)
    if source.url:
        item["URL"] = source.url
    reason = f": {source.reliability_reason}" if source.reliability_reason else ""
    notes = [f"Reliability {source.reliability}{reason}"]
    if published is not None and published.end is not None:
        notes.append(f"Published {show_date(source.published)}.")
    if source.modified:
        notes.append(f"Updated {show_date(source.modified)}.")
    if source.machine_translation:
        notes.append("Machine translation.")
    # sentences, each ended once: "...the one to cite. Machine translation."
    item["note"] = " ".join(n if n.endswith((".", "!", "?")) else n + "." for n in notes)
    return item


def export(index: Index, settings: Settings, stated: Sequence[Stated]) -> dict[str, str]:
    references = [reference(source) for source in index.briefing.sources.values()]
    return {FILE: json_text(references)}
