"""The keys a record may have where the cursor is: the mapping it is typing in is found from
the indentation of the lines above (each less indented key a parent), and its keys are
those of the model (records/model.py) that the parents lead to, the keys written there
already left out."""

from __future__ import annotations

import re
from typing import Any, NamedTuple, get_args

from briefing.records.model import Actor, Brief, Event, Source
from briefing.records.places import Record

MODELS: dict[str, type[Record]] = {
    "sources": Source,
    "actors": Actor,
    "events": Event,
    "briefs": Brief,
}
# A line of a block mapping, in a list item or not: its indentation, then the key.
_KEY_LINE = re.compile(r"^(\s*(?:-\s+)*)([A-Za-z_][\w-]*)\s*:(?:\s|$)")
_TYPING = re.compile(r"^(\s*(?:-\s+)*)([A-Za-z_]*)$")


class Key(NamedTuple):
    name: str
    description: str


class Typing(NamedTuple):
    keys: list[Key]
    start: int  # where the key being typed starts on its line


def keys_at(folder: str, lines: list[str], line: int, column: int) -> Typing | None:
    """The keys that may go where the cursor is typing a key, or None where none goes."""
    model = MODELS.get(folder)
    typing = _TYPING.match(lines[line][:column]) if 0 <= line < len(lines) else None
    if model is None or typing is None:
        return None
    first = _front_matter_start(lines, line) if folder in ("sources", "briefs") else 0
    if first is None:
        return None
    starts_item = "-" in typing.group(1)
    parents, present = _parents(lines[first:line], len(typing.group(1)), starts_item)
    present |= _below(lines[line + 1 :], len(typing.group(1)))
    for parent in parents:
        inner = _inner_model(model, parent)
        if inner is None:
            return None
        model = inner
    keys = [
        Key(info.alias or name, info.description or "")
        for name, info in model.model_fields.items()
        if (info.alias or name) not in present
    ]
    return Typing(keys, len(typing.group(1)))


def _front_matter_start(lines: list[str], line: int) -> int | None:
    """The first line of the front matter the cursor is in, or None if it is below it."""
    if not lines or lines[0].rstrip() != "---" or line == 0:
        return None
    for number in range(1, line):
        if lines[number].rstrip() in ("---", "..."):
            return None
    return 1


def _parents(above: list[str], indent: int, starts_item: bool) -> tuple[list[str], set[str]]:
    """The keys of the mappings the cursor's mapping is in (the outermost first), and the
    keys its own mapping has above the cursor (none when the cursor starts a list item:
    the keys above are another item's)."""
    parents: list[str] = []
    present: set[str] = set()
    mine = not starts_item
    for text in reversed(above):
        match = _KEY_LINE.match(text)
        if match is None:
            continue
        at = len(match.group(1))
        if at == indent and mine:
            present.add(match.group(2))
            mine = "-" not in match.group(1)  # the item's first key: the rest are another's
        if at < indent:
            parents.append(match.group(2))
            indent = at
        if at == 0 and indent == 0 and parents:
            break
    return parents[::-1], present


def _below(below: list[str], indent: int) -> set[str]:
    """The keys the cursor's mapping has below it: up to a less indented key, another list
    item, or the end of a front matter."""
    present = set()
    for text in below:
        if text.rstrip() in ("---", "..."):
            break
        match = _KEY_LINE.match(text)
        if match is None:
            continue
        at = len(match.group(1))
        if at < indent or (at == indent and "-" in match.group(1)):
            break
        if at == indent:
            present.add(match.group(2))
    return present


def _inner_model(model: type[Record], key: str) -> type[Record] | None:
    """The record type a key of the model holds (itself or in a list), if any."""
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return _record_in(info.annotation)
    return None


def _record_in(annotation: Any) -> type[Record] | None:
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation
    for argument in get_args(annotation):
        found = _record_in(argument)
        if found is not None:
            return found
    return None
