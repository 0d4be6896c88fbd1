"""Renaming a source, actor or event: the edits that give it a new id everywhere it is named.

`renaming` reads the project once, as the check does (records with the places of their keys
and values, each brief's prose with the places of its citations and links, the editions),
and returns the edits (path, line, column, end, new text) at those places and the files to
move: nothing is written here, and no YAML is written again, so comments and formatting stay
as they were. The command applies them all or none; an editor may ask for the same edits
with the texts of its open buffers in place of the files.

It lives beside the check, not in records/: a brief's citations and links are found by the
check's reading of its prose.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefing.check.prose import read_blocks
from briefing.paths import UnsafePath, inside_project
from briefing.problems import BriefingError, Misuse, Origin, Problem, Severity, did_you_mean
from briefing.records.load import KINDS, Loaded, RawRecord, load_records
from briefing.records.model import ID_RULE
from briefing.records.reading import (
    LoadError,
    YamlList,
    YamlMap,
    decode,
    parse_yaml_mapping,
    read_limited,
)

RENAMED_KINDS = ("source", "actor", "event")
EDITIONS = "editions"  # analysis.editions.FOLDER: the check may not import the analysis
CAPTURES = "captures"  # capture.article.CAPTURES, where `briefing capture` keeps WARC files
ID_HINT = "ids are lower-case letters, digits and hyphens, starting with a letter or digit"
# The keys whose values name a record of each kind, wherever they stand in a record (an
# affiliation's or participant's actor, a citation's source, via and may_be, a source's
# origin).
ID_KEYS = {
    "source": frozenset({"source", "via", "may_be", "origin", "translation_of"}),
    "actor": frozenset({"actor"}),
    "event": frozenset({"related"}),
}
# Line ends as both readers count lines: libyaml and markdown-it break at each of these.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ID_CHAR = re.compile(r"[a-z0-9-]")


@dataclass(frozen=True, order=True)
class TextEdit:
    """Replace the characters of one line from `column` up to `end` (1-based, `end` just
    past the last one) with `new_text`; `old_text` is what stands there now."""

    path: str
    line: int
    column: int
    end: int
    old_text: str
    new_text: str

    def render(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: '{self.old_text}' -> '{self.new_text}'"


@dataclass(frozen=True)
class Renaming:
    """What renaming a record takes: the edits, and the files moved (old path, new path),
    each path relative to the project, with '/'."""

    kind: str
    old_id: str
    new_id: str
    edits: tuple[TextEdit, ...]
    moves: tuple[tuple[str, str], ...]

    def paths(self) -> list[str]:
        """Every file the renaming changes or moves, by its path before."""
        return sorted({edit.path for edit in self.edits} | {old for old, _ in self.moves})


class RenameRefused(BriefingError):
    """The renaming cannot be done as asked; its problems say where and why."""


def renaming(
    root: Path, old_id: str, new_id: str, texts: Mapping[str, str] | None = None
) -> Renaming:
    """The edits and moves that rename record `old_id` to `new_id` in the project at
    `root`; `texts` are files' texts by path, read in place of the files (an editor's open
    buffers). Misuse for an id that names no source, actor or event, or a new id that
    breaks the id rule; RenameRefused when the new id is taken, a file that may name the
    record cannot be read, or a place cannot be rewritten."""
    if not ID_RULE.match(new_id) or new_id == "index":
        reason = "the id 'index' is reserved for the index pages" if new_id == "index" else ID_HINT
        raise Misuse(f"'{new_id}' is not a valid id: {reason}")
    if new_id == old_id:
        raise Misuse(f"'{old_id}' is already its id")
    contents = {path: text.encode("utf-8") for path, text in (texts or {}).items()}
    loaded = load_records(root, contents=contents)
    record = _the_record(root, loaded, old_id)
    _refuse_unknowable(loaded, old_id)
    _refuse_taken(root, loaded, new_id)
    reader = _Reader(root, texts or {}, old_id, new_id)
    places = list(_places(loaded.records, record.kind, old_id))
    places += _edition_places(root, texts or {}, old_id) if record.kind == "source" else []
    edits = [reader.edit(at, how) for at, how in places]
    moves = [(record.path, _moved(record.path, old_id, new_id))]
    for key, capture in _captures(record, old_id):
        edits.append(reader.edit(record.data.value_origins[key], "capture"))
        if os.path.lexists(inside_project(root, root / capture)):
            moves.append((capture, _moved(capture, old_id, new_id)))
    for _, target in moves:
        if os.path.lexists(root / target):
            raise RenameRefused(
                Problem(
                    Origin(target),
                    f"'{target}' exists already",
                    f"choose another id than '{new_id}'",
                )
            )
    if reader.problems:
        raise RenameRefused(*reader.problems)
    return Renaming(record.kind, old_id, new_id, tuple(sorted(edits)), tuple(moves))


def _the_record(root: Path, loaded: Loaded, old_id: str) -> RawRecord:
    """The one record that has the id, or why it cannot be renamed."""
    found = [raw for raw in loaded.records if raw.record_id == old_id]
    if not found and old_id in loaded.unreadable:
        unread = [p for p in loaded.problems if Path(p.origin.path).stem == old_id]
        raise RenameRefused(*unread) if unread else Misuse(f"'{old_id}' cannot be read")
    if not found:
        known = {raw.record_id for raw in loaded.records if raw.kind in RENAMED_KINDS}
        hint = did_you_mean(old_id, known) or "give the file name of a source, actor or event"
        raise Misuse(f"no source, actor or event '{old_id}' in {root}; {hint}")
    if len(found) > 1:
        raise RenameRefused(
            *(
                Problem(
                    Origin(raw.path),
                    f"id '{old_id}' is taken by {len(found)} records",
                    "make the ids unique before renaming (see 'briefing check')",
                )
                for raw in found
            )
        )
    if found[0].kind not in RENAMED_KINDS:
        raise Misuse(f"'{old_id}' is a {found[0].kind}: only a source, actor or event is renamed")
    return found[0]


def _refuse_unknowable(loaded: Loaded, old_id: str) -> None:
    """Refuse when a record file that cannot be read may name the record: its references
    cannot be found. A file whose words do not include the id names it nowhere."""
    blocking = [
        problem
        for problem in loaded.problems
        if problem.severity is Severity.ERROR
        and problem.origin.path in loaded.unreadable_at
        and (
            old_id in loaded.unreadable_at[problem.origin.path]
            or not loaded.unreadable_at[problem.origin.path]
        )
    ]
    if blocking:
        raise RenameRefused(*(_blocking(problem, old_id) for problem in blocking))


def _blocking(problem: Problem, old_id: str) -> Problem:
    return Problem(
        problem.origin,
        f"{problem.message} (this file may name '{old_id}', and is not renamed blind)",
        f"{problem.hint}; then rename again" if problem.hint else "fix it, then rename again",
    )


def _refuse_taken(root: Path, loaded: Loaded, new_id: str) -> None:
    """Ids are shared by every kind of record: refuse one any record has, or any file."""
    taken = [raw.path for raw in loaded.records if raw.record_id == new_id]
    for folder, endings, _ in KINDS.values():
        taken += [f"{folder}/{new_id}{ending}" for ending in endings]
    taken = sorted({path for path in taken if os.path.lexists(root / path)})
    if taken:
        raise RenameRefused(
            Problem(
                Origin(taken[0]),
                f"id '{new_id}' is taken by {taken[0]}",
                "every record has an id of its own: choose another new id",
            )
        )


def _moved(path: str, old_id: str, new_id: str) -> str:
    folder, _, name = path.rpartition("/")
    return f"{folder}/{new_id}{name.removeprefix(old_id)}"


def _captures(record: RawRecord, old_id: str) -> list[tuple[str, str]]:
    """(key, path) of the capture a source names by its own id, as `briefing capture` names
    it: its WACZ (`wacz:`), or the WARC of an older capture (`warc:`)."""
    if record.kind != "source":
        return []
    named = {"wacz": f"{CAPTURES}/{old_id}.wacz", "warc": f"{CAPTURES}/{old_id}.warc.gz"}
    return [(key, path) for key, path in named.items() if record.data.get(key) == path]


# How a place names the record: a YAML value or key ("yaml"), a citation's "@id", a
# "[[id]]" link, a `wacz:` or `warc:` path ("capture").
def _places(records: list[RawRecord], kind: str, old_id: str) -> Iterator[tuple[Origin, str]]:
    """Every place a record names `old_id` (of `kind`), in one pass over the records."""
    keys = ID_KEYS[kind]
    for raw in records:
        yield from ((at, "yaml") for at in _named_in(raw.data, keys, old_id))
        if raw.kind == "brief" and old_id in raw.body:
            for block in read_blocks(raw.body, raw.path, raw.body_line).blocks:
                if kind == "source":
                    yield from (
                        (c.origin, "cite") for c in block.citations if c.source_id == old_id
                    )
                yield from ((at, "link") for target, at in block.links if target == old_id)


def _named_in(node: YamlMap | YamlList, keys: frozenset[str], old_id: str) -> Iterator[Origin]:
    """The places of the values of `keys` (or of their items) that are `old_id`, at any
    depth (the loader keeps YAML to 32 levels)."""
    if isinstance(node, YamlList):
        for item in node:
            if isinstance(item, YamlMap | YamlList):
                yield from _named_in(item, keys, old_id)
        return
    for key, value in node.items():
        if key in keys and value == old_id:
            yield node.value_origins[key]
        elif key in keys and isinstance(value, YamlList):
            yield from (
                at for item, at in zip(value, value.item_origins, strict=True) if item == old_id
            )
        if isinstance(value, YamlMap | YamlList):
            yield from _named_in(value, keys, old_id)


def _edition_places(root: Path, texts: Mapping[str, str], old_id: str) -> list[tuple[Origin, str]]:
    """The places an edition names a source: keys of its `sources:` mappings, items of its
    key judgments' `sources:` lists. An edition that cannot be read stops the renaming:
    its comparison would show the source removed."""
    places: list[tuple[Origin, str]] = []
    problems: list[Problem] = []
    for shown in _edition_paths(root, texts):
        try:
            text = texts.get(shown)
            if text is None:
                text = decode(read_limited(inside_project(root, root / shown), shown), shown)
            data = parse_yaml_mapping(text, shown)
        except (LoadError, UnsafePath) as error:
            problems.append(_blocking(error.problem, old_id))
            continue
        places += _edition_sources(data, old_id)
    if problems:
        raise RenameRefused(*problems)
    return places


def _edition_paths(root: Path, texts: Mapping[str, str]) -> list[str]:
    folder = inside_project(root, root / EDITIONS)
    found = (
        {f"{EDITIONS}/{p}" for p in os.listdir(folder) if p.endswith(".yml")}
        if folder.is_dir()
        else set()
    )
    found |= {path for path in texts if path.startswith(f"{EDITIONS}/") and path.endswith(".yml")}
    return sorted(found)


def _edition_sources(node: YamlMap | YamlList, old_id: str) -> Iterator[tuple[Origin, str]]:
    for value in node.values() if isinstance(node, YamlMap) else node:
        if isinstance(value, YamlMap | YamlList):
            yield from _edition_sources(value, old_id)
    if not isinstance(node, YamlMap) or not isinstance(
        sources := node.get("sources"), YamlMap | YamlList
    ):
        return
    if isinstance(sources, YamlMap) and old_id in sources:
        yield sources.key_origins[old_id], "key"
    elif isinstance(sources, YamlList):
        yield from (
            (at, "yaml")
            for item, at in zip(sources, sources.item_origins, strict=True)
            if item == old_id
        )


class _Reader:
    """The files' texts, read once each, and the edit at each place found in them: made
    only where the text there is the old id as expected (a line counted otherwise, a value
    written over several lines, is a problem, not a guess)."""

    def __init__(self, root: Path, texts: Mapping[str, str], old_id: str, new_id: str) -> None:
        self.root, self.texts = root, texts
        self.old_id, self.new_id = old_id, new_id
        self.lines: dict[str, list[str]] = {}
        self.problems: list[Problem] = []

    def line(self, path: str, number: int) -> str:
        if path not in self.lines:
            text = self.texts.get(path)
            if text is None:
                file = inside_project(self.root, self.root / path)
                text = decode(read_limited(file, path), path)
            self.lines[path] = LINE_BREAK.split(text)
        lines = self.lines[path]
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def edit(self, at: Origin, how: str) -> TextEdit:
        text = self.line(at.path, at.line)
        start = at.column - 1
        if how == "cite":
            start += 1  # past the "@"
        elif how == "link":
            start += 2 + len(text[start + 2 :]) - len(text[start + 2 :].lstrip())
        elif text[start : start + 1] in ("'", '"'):
            start += 1
        if how == "capture":
            start += len(CAPTURES) + 1
        end = start + len(self.old_id)
        if text[start:end] != self.old_id or _ID_CHAR.match(text, end):
            self.problems.append(
                Problem(
                    at,
                    f"cannot rename '{self.old_id}' here: it is not written on one line as "
                    "plain text or in quotes",
                    f"write it as '{self.old_id}' on one line, then rename again",
                )
            )
        return TextEdit(at.path, at.line, start + 1, end + 1, self.old_id, self.new_id)


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """A file's text with its edits made (all of one file), each checked to stand on what
    it replaces: ValueError if the text is no longer as the edits were made for."""
    pieces = LINE_BREAK.split(text)
    breaks = LINE_BREAK.findall(text)
    for edit in sorted(edits, reverse=True):  # from the end: earlier columns stay right
        line = pieces[edit.line - 1] if edit.line <= len(pieces) else ""
        if line[edit.column - 1 : edit.end - 1] != edit.old_text:
            raise ValueError(f"{edit.path}:{edit.line}:{edit.column} changed since it was read")
        pieces[edit.line - 1] = line[: edit.column - 1] + edit.new_text + line[edit.end - 1 :]
    return "".join(piece + brk for piece, brk in zip(pieces, [*breaks, ""], strict=True))
