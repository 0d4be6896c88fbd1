"""Fixity: each source's text can prove it is the text that was captured.

The hash covers the text below the front matter's closing `---` line, as UTF-8 bytes, with
every line end read as LF: a checkout that turns LF into CRLF (git's autocrlf) changes no
word, and must not count as an edit. Nothing else is normalised: a changed letter, space or
blank line is a change.

An intended change (boilerplate removed, a typo of the capture mended) is recorded by
`briefing rehash SOURCE-ID --reason "..."`, which writes the new hash and appends an entry
to the source's `edits:`, keeping the old hash: the history shows on the source's page.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from briefing.files import utc_now, write_atomically
from briefing.paths import inside_project
from briefing.problems import BriefingError, Origin, Problem
from briefing.records.reading import decode, read_limited, split_front_matter
from briefing.warning_kinds import WarningKind

if TYPE_CHECKING:  # `check` imports this module to print a kept report: pydantic need not load
    from briefing.records.model import Source

SHOWN_UNHASHED = 5  # ids named in the one warning about sources without a hash


def text_hash(text: str) -> str:
    """The SHA-256 (hex) of a source's text, as defined above."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fixed_since(source: Source) -> str:
    """What the stored hash was last recorded on, in words."""
    if source.edits:
        return f"its last recorded edit on {source.edits[-1].edited}"
    if source.retrieved:
        return f"it was captured on {source.retrieved}"
    return "it was hashed"


def fixity_problems(sources: Iterable[Source]) -> list[Problem]:
    """An error for each source whose text no longer has its hash. The sources that have
    none get one warning for all: see `unhashed_warning`."""
    problems = []
    for source in sources:
        if source.sha256 is not None and text_hash(source.text) != source.sha256:
            problems.append(
                Problem(
                    source.at("sha256"),
                    f"text of source '{source.record_id}' changed since {fixed_since(source)}",
                    # where a capture cannot show the change (capture/changes.py), git may
                    f"undo the change (git diff {source.path} shows it, if the project is in "
                    "git), or, if it is intended, record it: briefing rehash "
                    f'{source.record_id} --reason "what was changed and why"',
                )
            )
    return problems


_CHANGED = re.compile(r"^text of source '([a-z0-9][a-z0-9-]*)' changed since ")
SHOWN_CHANGES = 8  # lines of the diff shown: the first changes say where to look
SHOWN_WIDTH = 100  # characters of a changed line shown, around its first change
SHOWN_BEFORE = 30  # of them, before the change
DIFF_WINDOW = 200  # lines of each text compared by difflib, from the first that differs
Opcode = tuple[str, int, int, int, int]


def changed_source(problem: Problem) -> str | None:
    """The id of the source whose text changed, if the problem is `fixity_problems`'."""
    found = _CHANGED.match(problem.message)
    return found.group(1) if found else None


def captured_hash(source: Source) -> str | None:
    """The hash the text had when it was captured: before its first recorded edit."""
    for edit in source.edits:
        if edit.previous:
            return edit.previous
    return source.sha256


def _shown(line: str, start: int) -> str:
    """A line of the diff, cut to SHOWN_WIDTH characters from a little before its change at
    `start`: an article's paragraph is one line, often of hundreds of characters."""
    # from the same place in the old line and the new: their words stand one above the other
    begin = 0 if start <= SHOWN_WIDTH - SHOWN_BEFORE else start - SHOWN_BEFORE
    begin = line.rfind(" ", 0, begin) + 1 if begin else 0  # from the start of a word
    end = begin + SHOWN_WIDTH
    return ("…" if begin else "") + line[begin:end] + ("…" if end < len(line) else "")


def _first_difference(old: str, new: str) -> int:
    same = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        same += 1
    return same


def _changed_lines(old: list[str], new: list[str]) -> tuple[int, list[Opcode], bool]:
    """Where two texts' lines differ: the lines both begin with, then difflib's changes of
    the first DIFF_WINDOW lines after them (each offset from there), and whether more lines
    follow that window. Lines alike at both ends are passed over first, and difflib, whose
    time grows with the product of the lines it compares, sees a window of bounded size:
    only the first changes are shown."""
    ahead = 0
    while ahead < min(len(old), len(new)) and old[ahead] == new[ahead]:
        ahead += 1
    behind = 0
    while behind < min(len(old), len(new)) - ahead and old[-1 - behind] == new[-1 - behind]:
        behind += 1
    old_rest, new_rest = old[ahead : len(old) - behind], new[ahead : len(new) - behind]
    more = max(len(old_rest), len(new_rest)) > DIFF_WINDOW
    matcher = difflib.SequenceMatcher(
        None, old_rest[:DIFF_WINDOW], new_rest[:DIFF_WINDOW], autojunk=False
    )
    return ahead, [c for c in matcher.get_opcodes() if c[0] != "equal"], more


def text_change_problem(source: Source, captured: str, warc: str) -> Problem | None:
    """The problem of a source whose text is not the captured text: at the first line of the
    file that changed, with the changed lines as a diff against the capture (difflib), each
    numbered as the file's lines are. None if the text is the captured text."""
    old = captured.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    new = source.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ahead, changes, more = _changed_lines(old, new)
    if not changes:
        return None
    details = [f"--- {warc} (the text as captured)", f"+++ {source.path}"]
    shown, first = 0, None
    for _, i1, i2, j1, j2 in changes:
        i1, i2, j1, j2 = i1 + ahead, i2 + ahead, j1 + ahead, j2 + ahead
        at = _first_difference(old[i1] if i1 < i2 else "", new[j1] if j1 < j2 else "")
        if first is None:
            first = (min(j1, len(new) - 1), at if j1 < j2 else 0)
        details.append(f"@@ line {source.body_line + j1} @@")
        for sign, lines in (("-", old[i1:i2]), ("+", new[j1:j2])):
            for changed in lines:
                if shown < SHOWN_CHANGES:
                    details.append(f"{sign}{_shown(changed, at)}")
                shown += 1
        if shown >= SHOWN_CHANGES:
            break
    hidden = sum(i2 - i1 + j2 - j1 for _, i1, i2, j1, j2 in changes) - min(shown, SHOWN_CHANGES)
    if more:
        details.append("... and more changed lines below")
    elif hidden > 0:
        details.append(f"... and {hidden} more changed line{'s' if hidden != 1 else ''}")
    line, column = first or (0, 0)
    return Problem(
        Origin(source.path, source.body_line + line, column + 1),
        f"text of source '{source.record_id}' changed since {fixed_since(source)}",
        f"undo the change, back to the text as captured, or, if it is intended, record it: "
        f'briefing rehash {source.record_id} --reason "what was changed and why"',
        details=tuple(details),
    )


def unhashed_warning(unhashed: list[tuple[str, str]]) -> Problem | None:
    """One warning for the sources with no hash (written by hand before capture existed),
    given as (id, path) in the order of the project's files."""
    if not unhashed:
        return None
    named = ", ".join(source_id for source_id, _ in unhashed[:SHOWN_UNHASHED])
    more = len(unhashed) - SHOWN_UNHASHED
    named += f" and {more} more" if more > 0 else ""
    count = len(unhashed)
    return Problem(
        Origin(unhashed[0][1], 1, 1),
        f"{count} source{'s have' if count != 1 else ' has'} no hash, so a later change "
        f"of {'their' if count != 1 else 'its'} text would go unnoticed: {named}",
        "briefing rehash (with no id) hashes every source that has none",
        WarningKind.UNHASHED_SOURCE.severity,
        kind=WarningKind.UNHASHED_SOURCE,
    )


class RehashError(BriefingError):
    """A source that cannot be rehashed as asked; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class Rehashed:
    source_id: str
    previous: str | None
    sha256: str

    @property
    def changed(self) -> bool:
        return self.previous != self.sha256


def _key_lines(front: str) -> dict[str, tuple[int, int, int | None]]:
    """For each top-level key of the front matter: its first line and the line after its
    value (0-based, in the front matter), from the YAML's own marks; and for a value on the
    key's line, the column where it ends (a comment may follow)."""
    node = yaml.compose(front, Loader=yaml.SafeLoader)
    found: dict[str, tuple[int, int, int | None]] = {}
    if not isinstance(node, yaml.MappingNode):
        return found
    for key_node, value_node in node.value:
        end = value_node.end_mark
        # A block value ends at the start of the next line; a plain one inside its last line.
        stop = end.line if end.column == 0 else end.line + 1
        first = key_node.start_mark.line
        on_its_line = end.line == first and end.column > 0
        found[str(key_node.value)] = (first, stop, end.column if on_its_line else None)
    return found


def _dumped(key: str, value: object) -> str:
    dumped: str = yaml.safe_dump(
        {key: value}, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False
    )
    return dumped


def with_keys(front: str, values: dict[str, object]) -> str:
    """The front matter with each key given set to its value, written where the key stood
    (or at the end); every other line, comments included, is kept as it was."""
    lines = front.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    places = _key_lines(front)
    appended = []
    # From the bottom up, so the lines of the keys above stay where they were found.
    for key, value in sorted(values.items(), key=lambda item: -places.get(item[0], (-1,))[0]):
        if key in places:
            first, stop, end = places[key]
            tail = lines[first][end:].rstrip("\r\n") if end is not None else ""
            dumped = _dumped(key, value)
            if tail.lstrip().startswith("#") and dumped.count("\n") == 1:
                dumped = dumped[:-1] + tail + "\n"  # the comment stays on its line
            lines[first:stop] = [dumped]
        else:
            appended.append(_dumped(key, value))
    return "".join(lines) + "".join(appended)


def rehash_source(root: Path, source: Source, reason: str | None) -> Rehashed:
    """Write the hash of the source's text as it stands into its front matter; with a reason,
    append the change to its `edits:`. The text itself is not touched, byte for byte."""
    file = inside_project(root, root / source.path)
    raw = read_limited(file, source.path)
    text = decode(raw, source.path)
    front, body, _ = split_front_matter(text, source.path)
    new_hash, old_hash = text_hash(body), source.sha256
    if new_hash == old_hash:
        return Rehashed(source.record_id, old_hash, new_hash)
    if old_hash is not None and not reason:
        raise RehashError(
            Problem(
                source.at("sha256"),
                f"text of source '{source.record_id}' changed since {fixed_since(source)}",
                f'say why: briefing rehash {source.record_id} --reason "what was changed and why"',
            )
        )
    values: dict[str, object] = {"sha256": new_hash}
    if reason:
        edits = [edit.model_dump(exclude_none=True) for edit in source.edits]
        entry = {"edited": utc_now(), "reason": reason}
        if old_hash is not None:
            entry["previous"] = old_hash
        edits.append({**entry, "sha256": new_hash})
        values["edits"] = edits
    head = text[: text.index("\n") + 1]
    after_front = len(head) + len(front)
    closing = text[after_front : len(text) - len(body)]
    new_front = with_keys(front, values)
    write_atomically(file, (head + new_front + closing + body).encode("utf-8"))
    return Rehashed(source.record_id, old_hash, new_hash)
