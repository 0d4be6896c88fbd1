"""The notes of a printed briefing: one note per citation, each excerpt once in a part.

`PrintedBriefing` makes a `notes` node for each citation (a group of quoted excerpts, cited
together at one place). Here each becomes a `cite` node in reading order, part by part (the key
judgments, each brief, each appendix): the excerpts that the part has not cited yet go into
one new footnote, and an excerpt it has already cited is a marker that points to the footnote
that first quoted it. One footnote per place keeps every note on its marker's page: Typst moves
a line to the next page when its only note does not fit, but cannot when a second note of the
same line is the one that does not fit.
"""

from __future__ import annotations

from typing import Any


class Part:
    """One part of the PDF and the excerpts it has quoted so far, each with its note's label."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.first: dict[Any, str] = {}  # a note's key (views.shared.NoteText.key) -> label
        self.count = 0

    def cite(self, notes: list[dict[str, Any]]) -> dict[str, Any]:
        fresh: list[dict[str, Any]] = []
        again: list[str] = []
        keys: list[Any] = []
        for note in notes:
            if note["t"] != "note":
                fresh.append(note)  # a citation that could not be verified says so, each time
                continue
            # one place of one source, by one chain with one grade, as on the site's pages
            key = note["key"]
            if key in self.first:
                if self.first[key] not in again:
                    again.append(self.first[key])
            elif key not in keys:
                keys.append(key)
                fresh.append({name: value for name, value in note.items() if name != "key"})
        # markers ascending, as the notes were numbered: the earlier notes first
        again.sort(key=lambda label: int(label.rsplit("-", 1)[1]))
        label = None
        if fresh:
            self.count += 1
            label = f"note-{self.name}-{self.count}"
            self.first.update((key, label) for key in keys)
        return {"t": "cite", "label": label, "notes": fresh, "again": again}

    def walk(self, value: Any) -> Any:
        """The same data with each `notes` node replaced by its `cite`, in the order of the
        data, which is the order the template prints it in."""
        if isinstance(value, list):
            return [self.walk(item) for item in value]
        if isinstance(value, dict):
            if value.get("t") == "notes":
                return self.cite(value["notes"])
            return {key: self.walk(item) for key, item in value.items()}
        return value


def cite_once_per_part(data: dict[str, Any]) -> dict[str, Any]:
    """The data of a PDF with its notes made per part: see the module's docstring."""
    found = dict(data)
    found["key_judgments"] = Part("kj").walk(data["key_judgments"])
    found["briefs"] = [Part(f"b{i}").walk(brief) for i, brief in enumerate(data["briefs"])]
    for appendix in ("actors", "events", "conflicts", "sources"):
        found[appendix] = Part(appendix).walk(data[appendix])
    return found
