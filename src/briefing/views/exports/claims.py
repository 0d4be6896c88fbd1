"""The claims table: one row per statement (claim, judgment, summary, affiliation, brief
paragraph), with its citations and the number of origins they come from (how many
origins it cites, by their chains, not how many agree); as CSV for spreadsheets and as JSON with
the citations as lists."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from briefing.check.resolve import Index
from briefing.records.settings import Settings
from briefing.views.exports import json_text
from briefing.views.exports.statements import Stated

CSV_FILE = "claims.csv"
JSON_FILE = "claims.json"
COLUMNS = (
    "statement_id",
    "record_id",
    "record_kind",
    "kind",
    "text",
    "judgment",
    "confidence",
    "deprecated",
    "citations",
    "sources",
    "origins",
    "page",
    "file",
    "line",
)


def row(index: Index, stated: Stated) -> dict[str, Any]:
    return {
        "statement_id": stated.statement_id,
        "record_id": stated.record.record_id,
        "record_kind": stated.record_kind,
        "kind": stated.kind,
        "text": stated.text,
        "judgment": stated.judgment is not None,
        "confidence": stated.confidence or "",
        "deprecated": stated.deprecation,
        "citations": [
            {
                "source": placed.source_id,
                "quote": placed.quote,
                "line": placed.excerpt.line,
                "start": placed.excerpt.start,
                "end": placed.excerpt.end,
                # the chain the origins are counted by, where the outlet relays someone
                **({"via": placed.via} if placed.via else {}),
                **({"may_be": list(placed.may_be)} if placed.may_be else {}),
            }
            for placed in stated.citations
        ],
        "sources": sorted({placed.source_id for placed in stated.citations}),
        "origins": len(stated.origins(index)),
        "page": stated.page,
        "file": stated.origin.path,
        "line": stated.origin.line,
    }


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"): such a cell
# is written with a leading ' so that it opens as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _as_csv(rows: list[dict[str, Any]]) -> str:
    output = io.StringIO()
    # RFC 4180's line ends: the writer quotes a cell that holds any character of them, so a
    # text with a carriage return stays one cell (with "\n" alone, a bare "\r" was not quoted)
    writer = csv.DictWriter(output, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for one in rows:
        flat = dict(one)
        # a cell holds text: the citations as "source: quote" lines, the sources spaced
        flat["citations"] = "\n".join(
            f'{c["source"]}{_relaying(c)}: "{c["quote"]}"' for c in one["citations"]
        )
        flat["sources"] = " ".join(one["sources"])
        flat["judgment"] = "yes" if one["judgment"] else "no"
        writer.writerow({key: as_text_cell(value) for key, value in flat.items()})
    return output.getvalue()


def _relaying(citation: dict[str, Any]) -> str:
    """' (via Reuters)', ' (via reports it does not name, may be: a, b)', or nothing."""
    if "via" not in citation:
        return ""
    may_be = citation.get("may_be")
    return f" (via {citation['via']}" + (f", may be: {', '.join(may_be)})" if may_be else ")")


def export(index: Index, settings: Settings, stated: Sequence[Stated]) -> dict[str, str]:
    rows = [row(index, one) for one in stated]
    document = {"title": settings.title, "columns": list(COLUMNS), "claims": rows}
    return {
        CSV_FILE: _as_csv(rows),
        JSON_FILE: json_text(document),
    }
