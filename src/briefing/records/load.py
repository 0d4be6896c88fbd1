"""Record folders -> raw records: each file read with its places (records.reading), what
could not be read, and what one load read, for the next (`briefing serve`)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.paths import UnsafePath, inside_project, relative_parts
from briefing.problems import Origin, Problem, Severity
from briefing.records.reading import (
    MAX_FILE_BYTES,
    LoadError,
    YamlMap,
    decode,
    parse_yaml_mapping,
    read_limited,
    split_front_matter,
)

# Record kinds: (folder, file endings, has front matter + body).
KINDS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "source": ("sources", (".md",), True),
    "actor": ("actors", (".yml", ".yaml"), False),
    "event": ("events", (".yml", ".yaml"), False),
    "brief": ("briefs", (".md",), True),
}

MAX_FILES = 200_000  # record files in one project


@dataclass(frozen=True)
class RawRecord:
    kind: str
    record_id: str
    path: str  # as shown to the user, relative to the project
    data: YamlMap
    body: str = ""
    body_line: int = 1  # the file line on which the body starts


def load_file(kind: str, file: Path, shown_path: str, raw: bytes | None = None) -> RawRecord:
    """One record file (or its bytes, read already) -> RawRecord, or a LoadError at the
    place of its problem."""
    text = decode(read_limited(file, shown_path) if raw is None else raw, shown_path)
    if not text or text.isspace():
        raise LoadError(Origin(shown_path, 1, 1), "file is empty", "remove it, or fill it in")
    if KINDS[kind][2]:
        front, body, body_line = split_front_matter(text, shown_path)
        data = parse_yaml_mapping(front, shown_path, line_offset=1)
        return RawRecord(kind, file.stem, shown_path, data, body, body_line)
    return RawRecord(kind, file.stem, shown_path, parse_yaml_mapping(text, shown_path))


def record_files(root: Path) -> list[tuple[str, Path]]:
    """(kind, file) for every file in the record folders, sorted; a symbolic link too, file
    or folder, for `load_records` to refuse where the user can see it.

    Names starting with "." or "_" are left out: hidden files, and examples such as
    `_example.yml` that a project keeps beside its records.
    """
    return [(kind, root / shown) for kind, shown, _ in record_entries(root)]


def record_entries(root: Path) -> Iterator[tuple[str, str, os.DirEntry[str] | None]]:
    """(kind, path as shown, directory entry) of each file `record_files` lists; a linked
    record folder has no entry."""
    for kind, (folder, _, _) in KINDS.items():
        directory = root / folder
        if directory.is_symlink():
            yield kind, folder, None
        elif directory.is_dir():
            with os.scandir(directory) as entries:
                chosen = sorted(  # by name: comparing Paths cost a tenth of loading
                    (
                        entry
                        for entry in entries
                        if not entry.name.startswith((".", "_"))
                        and (entry.is_symlink() or entry.is_file(follow_symlinks=False))
                    ),
                    key=lambda entry: entry.name,
                )
            for entry in chosen:
                yield kind, f"{folder}/{entry.name}", entry


def shown_path(root: Path, file: Path) -> str:
    """A record file's path as shown to the user: relative to the project, with '/'."""
    return "/".join(relative_parts(root, file))


@dataclass
class Loaded:
    records: list[RawRecord]
    problems: list[Problem]
    # ids of record files that could not be read: references to them are not "unknown"
    unreadable: set[str]
    file_count: int
    # by path: the id-like words of each file that could not be read, as far as they can be
    # (the ids it may cite or link, whose warnings, never cited or linked from nothing, are
    # not shown: see facts.global_problems), and the files that are not records (their
    # names end wrongly)
    unreadable_at: dict[str, set[str]] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)


def without_yaml(loaded: Loaded, valid: Callable[[RawRecord], bool]) -> None:
    """Let go the YAML of each record read that is valid (its mappings and lists, and the
    places of their keys and items): its model keeps its values and where each stands, and
    what is said of a file later needs only its path, kind and id. The YAML of 10,000
    sources is some 70 MB."""
    for number, raw in enumerate(loaded.records):
        if valid(raw):
            loaded.records[number] = replace(raw, data=_EMPTY, body="")


_EMPTY = YamlMap()
_EMPTY.origin, _EMPTY.key_origins, _EMPTY.value_origins = Origin(""), {}, {}


@dataclass
class LoadedFile:
    """What reading one record file gave: its record, or its problem and, if it could not be
    read, the id-like words it may hold (see Loaded)."""

    record: RawRecord | None = None
    problems: list[Problem] = field(default_factory=list)
    unreadable: bool = False
    named: set[str] = field(default_factory=set)


@dataclass
class ReadFiles:
    """The record files one load read, by path, with the time and size they had then, for
    the next load in the same process (`briefing serve`): a file with the same time and size
    is not read again."""

    read: dict[str, tuple[tuple[int, int], RawRecord | LoadError]] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # paths read again (or gone) in the last load

    def forget_all_but(self, paths: set[str]) -> None:
        """Forget the files that are gone, counting them as changed."""
        self.changed = {path for path in self.read if path not in paths}
        for path in self.changed:
            del self.read[path]

    def load(self, kind: str, file: Path, shown: str) -> RawRecord:
        """A record file as load_file reads it, read again only if its time or size changed."""
        status = file.stat()
        stamp = (status.st_mtime_ns, status.st_size)
        known = self.read.get(shown)
        if known is None or known[0] != stamp:
            self.changed.add(shown)
            try:
                known = (stamp, load_file(kind, file, shown))
            except LoadError as error:
                known = (stamp, error)
            self.read[shown] = known
        if isinstance(known[1], LoadError):
            raise known[1]
        return known[1]


def load_records(
    root: Path, read_before: ReadFiles | None = None, contents: dict[str, bytes] | None = None
) -> Loaded:
    """Every record of the project, the problems met while reading, and how many files were
    read. `contents` has the bytes of files read already, by path (see cache.Listing), each
    taken out of it as it is read; `read_before`, the files a load in this process read
    (then kept up to date)."""
    records: list[RawRecord] = []
    problems: list[Problem] = []
    unreadable: set[str] = set()
    files = record_files(root)
    if len(files) > MAX_FILES:
        problems.append(
            Problem(
                Origin(files[MAX_FILES][1].relative_to(root).as_posix()),
                f"more than {MAX_FILES:,} record files: only the first {MAX_FILES:,} are read",
                "split the project into several briefings",
            )
        )
        files = files[:MAX_FILES]
    if read_before is not None:
        read_before.forget_all_but({shown_path(root, file) for _, file in files})
    loaded = Loaded(records, problems, unreadable, len(files))
    for kind, file in files:
        shown = shown_path(root, file)
        one = load_one(root, kind, file, shown, read_before, contents)
        problems += one.problems
        if one.record is not None:
            records.append(one.record)
        elif one.unreadable:
            unreadable.add(file.stem)
            loaded.unreadable_at[shown] = one.named
        else:
            loaded.skipped.add(shown)
    return loaded


def load_one(
    root: Path,
    kind: str,
    file: Path,
    shown: str,
    read_before: ReadFiles | None = None,
    contents: dict[str, bytes] | None = None,
) -> LoadedFile:
    """One file of a record folder, as load_records reads it."""
    try:  # before anything reads it: a link's target is never opened
        inside_project(root, file)
    except UnsafePath as error:
        return LoadedFile(problems=[error.problem], unreadable=True)
    endings = KINDS[kind][1]
    if file.suffix not in endings:
        return LoadedFile(
            problems=[
                Problem(
                    Origin(shown),
                    f"not a {kind} file: expected a name ending in {' or '.join(endings)}",
                    "rename the file, or move it out of the folder",
                    Severity.WARNING,
                )
            ]
        )
    try:
        if read_before is not None:
            return LoadedFile(read_before.load(kind, file, shown))
        # the bytes let go once read: a large project's files are tens of megabytes
        read = contents.pop(shown, None) if contents is not None else None
        return LoadedFile(load_file(kind, file, shown, read))
    except LoadError as error:
        return LoadedFile(problems=[error.problem], unreadable=True, named=_named_in(kind, file))
    except OSError as error:
        problem = Problem(Origin(shown), f"cannot read file: {error.strerror}")
        return LoadedFile(problems=[problem], unreadable=True)


ID_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")


def _named_in(kind: str, file: Path) -> set[str]:
    """The id-like words of a record file that does not load (bad YAML, bad bytes): the
    ids it may name. A source's article names nothing: only its front matter is read."""
    try:
        with file.open("rb") as stream:
            text = stream.read(MAX_FILE_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return set()
    if kind == "source":
        head, _, rest = text.partition("\n")
        text = head + "\n" + rest.partition("\n---")[0]
    return set(ID_WORD.findall(text))
