"""The kinds of warning a project sets louder or quieter, and the words that count them
(apart from analyse.py, which finds them: printing a report needs only these)."""

from __future__ import annotations

from typing import NamedTuple


class WarningKind(NamedTuple):
    setting: str  # its key under `warnings:` in briefing.yml
    counted: str  # "{n} ..." as the summary counts them, singular and plural
    counted_plural: str


WARNING_KINDS = {
    "single-origin": WarningKind("single_origin", "claim rests", "claims rest"),
    "single-origin-mark": WarningKind(
        "single_origin_mark",
        "claim is marked single_origin but cites several origins",
        "claims are marked single_origin but cite several origins",
    ),
    "uncited-source": WarningKind("uncited_source", "source is", "sources are"),
    "unlinked-actor": WarningKind("unlinked_actor", "actor is", "actors are"),
    "unhashed-source": WarningKind(
        "unhashed_source", "report of sources with no hash", "reports of sources with no hash"
    ),
    "ungraded-source": WarningKind("ungraded_source", "source is", "sources are"),
    "estimative-language": WarningKind(
        "estimative_language", "cited statement is", "cited statements are"
    ),
    "unassessed-credibility": WarningKind(
        "unassessed_credibility",
        "citation of a low-graded source has",
        "citations of low-graded sources have",
    ),
    "rests-on-retracted": WarningKind("rests_on_retracted", "statement rests", "statements rest"),
    "unexplained-revision": WarningKind(
        "unexplained_revision", "key judgment changed", "key judgments changed"
    ),
}
GROUPED_AS = {
    "single-origin": "on a single origin",
    "single-origin-mark": "",
    "uncited-source": "never cited",
    "unlinked-actor": "in no event, brief or affiliation",
    "unhashed-source": "",
    "ungraded-source": "not graded yet",
    "estimative-language": "worded as estimates",
    "unassessed-credibility": "no credibility assessed",
    "rests-on-retracted": "only on retracted sources",
    "unexplained-revision": "since the last edition with no reason given",
}


def counted(kind: str, count: int) -> str:
    """'12 claims rest on a single origin'."""
    words = WARNING_KINDS[kind]
    noun = words.counted if count == 1 else words.counted_plural
    return " ".join(part for part in (str(count), noun, GROUPED_AS[kind]) if part)
