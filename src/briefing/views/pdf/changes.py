"""What changed in a brief since an edition, as the PDF's data: each change with the old
wording and the new where the words changed, the changed words as `del` and `ins` nodes
(struck and underlined by the template), and a label where a key judgment's mark links to
it. Every text is a string shown as text, as in the rest of the data."""

from __future__ import annotations

from typing import Any

from briefing.analysis.editions import Change, Changes
from briefing.analysis.wording import Run, words_of
from briefing.views.prose_tree import Inline, clean, one_line


def changes_data(found: Changes, brief_label: str) -> dict[str, Any]:
    """The changes under their headings, as the site's brief page lists them."""
    marks = found.marks()
    groups = [
        [heading, [_change(c, brief_label if marks.get(c.claim_id) is c else None) for c in items]]
        for heading, items in found.groups()
    ]
    return {"edition": clean(found.edition), "groups": groups}


def change_label(brief_label: str, claim_id: str) -> str:
    """The label of a key judgment's change, which its mark in the key judgments links to."""
    return f"{brief_label}-changed-{claim_id}"


def mark(found: Changes | None, brief_label: str, claim_id: str) -> Inline:
    """'Changed since edition first' after a key judgment new or changed, linked to its change."""
    change = found.marks().get(claim_id) if found else None
    if found is None or change is None:
        return []
    said = "New" if change.what == "Added" else "Changed"
    words = clean(f"{said} since edition {found.edition}")
    return [{"t": "changed", "to": change_label(brief_label, claim_id), "c": [words]}]


def _change(change: Change, brief_label: str | None) -> dict[str, Any]:
    rewording = change.rewording
    return {
        "label": change_label(brief_label, change.claim_id) if brief_label else None,
        "line": clean(str(change)),  # in one line, as the item was before it had its parts
        "what": clean(change.what),
        "text": clean(change.text),
        "note": clean(change.note) if change.note else None,
        "before": _marked(rewording.before, "del") if rewording else None,
        "now": _marked(rewording.now, "ins") if rewording else None,
    }


def _marked(runs: tuple[Run, ...], kind: str) -> Inline:
    """A wording as text with its changed words in `kind` nodes; isolated whole if it is
    written right to left (each run isolated alone would set the runs left to right)."""
    nodes: Inline = []
    for changed, words in runs:
        if nodes:
            nodes.append(" ")
        nodes.append({"t": kind, "c": [one_line(words)]} if changed else one_line(words))
    if clean(words_of(runs)).startswith("\u2068"):
        nodes = ["\u2068", *nodes, "\u2069"]
    return _joined(nodes)


def _joined(nodes: Inline) -> Inline:
    """Adjacent texts as one."""
    found: Inline = []
    for node in nodes:
        last = found[-1] if found else None
        if isinstance(node, str) and isinstance(last, str):
            found[-1] = last + node
        else:
            found.append(node)
    return found
