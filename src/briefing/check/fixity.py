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

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing.files import utc_now, write_atomically
from briefing.paths import inside_project
from briefing.problems import BriefingError, Origin, Problem
from briefing.records.model import Source
from briefing.records.reading import decode, read_limited, split_front_matter
from briefing.warning_kinds import WarningKind

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
                    f"undo the change (git diff {source.path}), or, if it is intended, record "
                    f'it: briefing rehash {source.record_id} --reason "what was changed and why"',
                )
            )
    return problems


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
