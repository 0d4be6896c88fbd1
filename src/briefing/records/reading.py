"""Reading a file written by hand, with places: its bytes, up to a limit; its text, with the
place of a bad byte; front matter apart from the body; YAML composed into mappings that
keep where each key and value stands. Records, settings, mkdocs.yml, templates and editions
are all read with these."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from briefing.problems import BriefingError, Origin, Problem, shown_value
from briefing.records.yaml_messages import plain_words

# libyaml's composer is ~15x faster than the pure-Python one and keeps the same marks.
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, with a shortcut for the commonest scalar: text that cannot be a
    number, boolean, null or date (PyYAML's resolver, in Python, ran for each one)."""

    _starts = frozenset(yaml.SafeLoader.yaml_implicit_resolvers)

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and (
            not implicit[0] or (value and value[0] not in self._starts)
        ):
            return _STR
        return str(super().resolve(kind, value, implicit))


_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_constructor = yaml.SafeLoader("")

# Limits, each far above what a real record needs and far below what would exhaust the
# machine: libyaml's composer recurses once per level (in C, unchecked: 50,000 levels crash
# the process) and so does our conversion (1,000 levels exceed Python's recursion limit).
MAX_DEPTH = 32  # levels of mappings and lists; a record needs about six
MAX_FILE_BYTES = 16 * 1024 * 1024  # a captured report of a few hundred pages is ~2 MB
# A document can only be deeper than MAX_DEPTH if it is indented 16 columns or more, opens
# three block items on one line ("- - - x"), or opens a flow collection inside another.
# Most files show none of these, and skip the exact count, which costs two thirds of
# composing them. Three searches, not one with alternatives: the regular expression engine
# tries each alternative at each character, and that was a tenth of loading a project.
_MAY_BE_DEEP = (
    re.compile(r"\n {16,}\S"),
    re.compile(r"[-?] +[-?] +[-?] "),
    re.compile(r"[\[{][^\]}]*[\[{]"),
)


class YamlMap(dict[str, Any]):
    """A mapping that remembers where it, each of its keys and each of its values stand."""

    __slots__ = ("origin", "key_origins", "value_origins")
    origin: Origin
    key_origins: dict[str, Origin]
    value_origins: dict[str, Origin]


class YamlList(list[Any]):
    __slots__ = ("origin", "item_origins")
    origin: Origin
    item_origins: list[Origin]


class LoadError(BriefingError):
    """A file that cannot be read as a record; `problem` says where and why."""

    def __init__(self, origin: Origin, message: str, hint: str = "") -> None:
        self.problem = Problem(origin, message, hint)
        super().__init__(self.problem)


def _origin(path: str, mark: Any, line_offset: int) -> Origin:
    return Origin(path, mark.line + 1 + line_offset, mark.column + 1)


_ScalarNode, _SequenceNode = yaml.ScalarNode, yaml.SequenceNode
# An Origin made as the tuple it is, without the named tuple's __new__ in Python: a large
# project makes millions.
_place = tuple.__new__


def _convert(node: yaml.Node, here: Origin, path: str, offset: int, seen: set[int]) -> Any:
    """The value of a node whose place, `here`, its parent has worked out (each place is
    worked out once: a large project has millions of nodes)."""
    kind = type(node)  # the composer makes these classes, never subclasses of them
    if kind is _ScalarNode:
        if node.tag in _SCALAR_TAGS:
            return _constructor.construct_object(node, deep=True)
        # Timestamps and everything else stay strings: dates are ours to parse, with precision.
        return node.value
    if id(node) in seen:
        raise LoadError(
            here,
            "YAML anchors and aliases are not supported",
            "write the value out in full wherever it is used",
        )
    seen.add(id(node))
    line = offset + 1
    if kind is _SequenceNode:
        items = YamlList()
        item_origins: list[Origin] = []
        items.origin, items.item_origins = here, item_origins
        for item in node.value:
            mark = item.start_mark
            item_at = _place(Origin, (path, mark.line + line, mark.column + 1))
            if type(item) is _ScalarNode and item.tag not in _SCALAR_TAGS:
                items.append(item.value)  # the commonest node, without a call
            else:
                items.append(_convert(item, item_at, path, offset, seen))
            item_origins.append(item_at)
        return items
    assert isinstance(node, yaml.MappingNode)
    mapping = YamlMap()
    key_origins: dict[str, Origin] = {}
    value_origins: dict[str, Origin] = {}
    mapping.origin, mapping.key_origins, mapping.value_origins = here, key_origins, value_origins
    for key_node, value_node in node.value:
        mark = key_node.start_mark
        key_at = _place(Origin, (path, mark.line + line, mark.column + 1))
        if type(key_node) is not _ScalarNode:
            raise LoadError(key_at, "a key must be a plain word", "write the key as text")
        # (a scalar's value is always text, whatever its tag); one string for all the
        # files' alike keys: the places of each value are kept by key, 400,000 keys of
        # 10,000 sources were 20 MB
        key = sys.intern(key_node.value)
        if key in mapping:
            first = key_origins[key]
            raise LoadError(
                key_at,
                f"duplicate key '{key}'",
                f"the first '{key}' is on line {first.line}; keep one of them",
            )
        mark = value_node.start_mark
        value_at = _place(Origin, (path, mark.line + line, mark.column + 1))
        if type(value_node) is _ScalarNode and value_node.tag not in _SCALAR_TAGS:
            mapping[key] = value_node.value
        else:
            mapping[key] = _convert(value_node, value_at, path, offset, seen)
        key_origins[key] = key_at
        value_origins[key] = value_at
    return mapping


def _check_depth(text: str, path: str, line_offset: int) -> None:
    """Refuse a document nested deeper than MAX_DEPTH, from libyaml's events (its parser
    keeps its own stack, and reads any depth safely) before anything recurses over it."""
    if not any(pattern.search(text) for pattern in _MAY_BE_DEEP):
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise LoadError(
                    _origin(path, event.start_mark, line_offset),
                    f"the YAML is nested more than {MAX_DEPTH} levels deep",
                    "a record needs a few levels of keys and lists: check the indentation "
                    "and the brackets",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_yaml_mapping(text: str, path: str, line_offset: int = 0) -> YamlMap:
    """Compose YAML text into a YamlMap; raise LoadError at the place of any problem."""
    try:
        _check_depth(text, path, line_offset)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        message, hint, mark = plain_words(error, text)
        at = _origin(path, mark, line_offset) if mark else Origin(path, 1 + line_offset, 1)
        raise LoadError(at, message, hint) from None
    except yaml.YAMLError as error:  # reader errors: control characters and the like
        raise LoadError(Origin(path, 1 + line_offset, 1), f"YAML error: {error}") from None
    if node is None:
        empty = YamlMap()
        empty.origin = Origin(path, 1 + line_offset, 1)
        empty.key_origins, empty.value_origins = {}, {}
        return empty
    value = _convert(node, _origin(path, node.start_mark, line_offset), path, line_offset, set())
    if not isinstance(value, YamlMap):
        found = "a list" if isinstance(value, YamlList) else f"the value {shown_value(value)}"
        raise LoadError(
            _origin(path, node.start_mark, line_offset),
            f"expected a mapping of keys to values, found {found}",
            "a record is a set of 'key: value' lines",
        )
    return value


def decode(raw: bytes, path: str) -> str:
    """UTF-8 text, or a LoadError at the line and column of the first bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        line_so_far = before[before.rfind(b"\n") + 1 :]
        column = len(line_so_far.decode("utf-8", errors="replace")) + 1
        raise LoadError(
            Origin(path, line, column),
            f"file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            "save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


def read_limited(file: Path, shown_path: str) -> bytes:
    """The bytes of a file no larger than MAX_FILE_BYTES, or a LoadError that says so."""
    with open(file, "rb") as stream:
        # As much as the file holds, not MAX_FILE_BYTES + 1: a buffer that large for every
        # file of a few KB took three times as long as reading them. A file that grew since
        # it was measured is read on, up to the same limit.
        size = min(os.fstat(stream.fileno()).st_size, MAX_FILE_BYTES)
        data = stream.read(size + 1)
        if len(data) > size:
            data += stream.read(MAX_FILE_BYTES - size)
    if len(data) > MAX_FILE_BYTES:
        raise LoadError(
            Origin(shown_path),
            f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB",
            "a record is text written by hand, a source one article or report: split it, "
            "or keep only the part you cite",
        )
    return data


_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)\r*$", re.MULTILINE)


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """(front matter YAML, body, line of the body) of a Markdown record."""
    # Lines end at "\n" only: str.splitlines also breaks on characters YAML keeps inside a
    # line. Found by searching, not by splitting: a source's text is most of its file.
    first_end = text.find("\n")
    if text[: first_end if first_end >= 0 else len(text)].rstrip("\r") != "---":
        raise LoadError(
            Origin(path, 1, 1),
            "missing front matter: the file must start with a line '---'",
            "begin the file with '---', the YAML keys, and '---' before the text",
        )
    closing = _FRONT_MATTER_END.search(text, first_end + 1) if first_end >= 0 else None
    if closing is not None:
        body_start = closing.end() + 1  # past the line's "\n", or the end of the text
        body_line = text.count("\n", 0, closing.start()) + 2
        return text[first_end + 1 : closing.start()], text[body_start:], body_line
    raise LoadError(
        Origin(path, 1, 1),
        "front matter is not closed: no second '---' line",
        "end the YAML keys with a line '---' before the text",
    )
