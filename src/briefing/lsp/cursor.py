"""What stands at the cursor in a record's text: an id, the place where an id is being
typed (and of which kinds of record), the end of what a problem points at. Columns here are
0-based and count characters (code points); the server turns them into the editor's."""

from __future__ import annotations

import re
from typing import NamedTuple

from briefing.check.rename import ID_KEYS

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_ID_CHAR = re.compile(r"[a-z0-9-]")
# `key: partial-id` on a YAML line (in a list item or not, the value quoted or not), for
# the keys whose values name a record (those `briefing rename` edits); then an item of a
# flow list after such a key (`related: [a, b`); then a brief's `[[link` and `[@citation`.
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?([a-z_]+)\s*:\s*['\"]?([a-z0-9-]*)$")
_FLOW_ITEM = re.compile(r"^\s*(?:-\s+)?([a-z_]+)\s*:\s*\[(?:[^\]]*,)?\s*([a-z0-9-]*)$")
_LINK = re.compile(r"\[\[\s*([a-z0-9-]*)$")
_CITE = re.compile(r"(?:\[|;\s*)-?@([a-z0-9-]*)$")
# `participants:` holds mappings whose `actor:` names the actor; a bare item names one too.
KEY_KINDS = {key: kind for kind, keys in ID_KEYS.items() for key in keys}
KEY_KINDS["participants"] = "actor"
EVERY_KIND = ("source", "actor", "event", "brief")


class Word(NamedTuple):
    text: str
    start: int
    end: int


def id_at(line: str, column: int) -> Word | None:
    """The id-like word the cursor is on (or just after)."""
    for match in _ID.finditer(line):
        if match.start() <= column <= match.end():
            before = line[match.start() - 1 : match.start()]
            if before and _ID_CHAR.match(before):
                continue
            return Word(match.group(), match.start(), match.end())
    return None


class Typing(NamedTuple):
    """An id being typed: the kinds of record it may name, and where its typed part starts."""

    kinds: tuple[str, ...]
    start: int


def typing_at(line: str, column: int) -> Typing | None:
    """Whether the cursor stands where an id goes, with the text before it on the line."""
    before = line[:column]
    for pattern, kinds in ((_LINK, EVERY_KIND), (_CITE, ("source",))):
        match = pattern.search(before)
        if match:
            return Typing(kinds, match.start(1))
    for pattern in (_KEY_VALUE, _FLOW_ITEM):
        match = pattern.match(before)
        if match and match.group(1) in KEY_KINDS:
            return Typing((KEY_KINDS[match.group(1)],), match.start(2))
    return None


def end_of(line: str, column: int) -> int:
    """Where what a problem at `column` points at ends: a bracket's closing one, a quoted
    value's closing quote, else the end of the line's text (at least one character on)."""
    opening = line[column : column + 1]
    closing = {"[": "]", '"': '"', "'": "'"}.get(opening)
    if closing:
        found = line.find(closing, column + 1)
        if found != -1:
            return found + 1
    return max(len(line.rstrip()), min(column + 1, len(line)))
