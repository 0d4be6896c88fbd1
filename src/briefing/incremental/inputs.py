"""What a check reads, and how the cache knows whether it changed: a digest of the tool (its
version, the code of every module of the package, the libraries that read and prove the
records, Python's version), a digest of the inputs besides the records (briefing.yml,
mkdocs.yml, editions/, templates/), and the status and digest of each record file. The
cache (cache.py) keeps a check's result under them; `briefing serve` (live.py) compares
them to know what an edit changed."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing import __version__
from briefing.project import SETTINGS_FILE
from briefing.records.load import record_entries
from briefing.records.reading import MAX_FILE_BYTES

MKDOCS_FILE = "mkdocs.yml"  # as site_config names it


# The libraries whose behaviour a check's result depends on: they read the YAML, validate
# the records, parse briefs' Markdown and find the closest passage of a quote not found.
LIBRARIES = ("yaml", "pydantic", "pydantic_core", "markdown_it", "rapidfuzz")


def tool_key() -> str:
    """A digest of everything in the tool that can change what a check says: its version,
    the code of each of its modules, Python's version, and each library as installed (its
    files are found, not imported: an upgrade rewrites them)."""
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    for library in LIBRARIES:
        spec = importlib.util.find_spec(library)
        origin = spec.origin if spec is not None else None
        if origin is not None:
            status = os.stat(origin)
            digest.update(f"{origin}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    package = Path(__file__).parent.parent  # the whole package, every subpackage
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0")
        digest.update(module.read_bytes() + b"\0")
    return digest.hexdigest()


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read(file: str | Path) -> tuple[str, bytes | None]:
    """What a file is, for a key: absent, a link, too large, or the digest of its bytes."""
    try:
        status = os.lstat(file)
    except FileNotFoundError:
        return "absent", None
    if stat.S_ISLNK(status.st_mode):
        return "link", None
    if not stat.S_ISREG(status.st_mode):
        return f"mode {status.st_mode:o}", None
    with open(file, "rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return "too large", None
    return _digest(data), data


def _settings(root: Path) -> list[str]:
    return [_read(root / name)[0] for name in (SETTINGS_FILE, MKDOCS_FILE)]


OTHER_INPUTS = ("editions", "templates")  # folders a check reads besides the records


def _other_inputs(root: Path) -> list[tuple[str, str]]:
    """Each file under the recorded editions and the project's templates, and what it is:
    a check reports their mistakes and compares with an edition."""
    found = []
    for folder in OTHER_INPUTS:
        top = root / folder
        if top.is_symlink():
            found.append((folder, "link"))
        elif top.is_dir():
            for file in sorted(top.rglob("*")):
                if file.is_symlink() or not file.is_dir():
                    found.append((file.relative_to(root).as_posix(), _read(file)[0]))
    return found


def context_key(root: Path, tool: str) -> str | None:
    """A digest of the tool and of every input of a check but the record files; None if
    one could not be read (then nothing is cached)."""
    try:
        inputs = [_settings(root), _other_inputs(root)]
    except OSError:
        return None
    return hashlib.sha256(f"{tool}\0{inputs}\0".encode()).hexdigest()


# A file changed within this long before the files were listed may have changed again in
# the same tick of the file system's clock, keeping its time and size: it is read again.
RACY_NS = 2_000_000_000


@dataclass
class Listing:
    """The record files as they are now: the kind and status of each (by shown path), and,
    once read, their bytes and digests."""

    taken_ns: int
    # by shown path: its kind, its path (a string: making 15,000 Paths took a fifth of a
    # check after an edit), its status
    files: dict[str, tuple[str, str, list[int]]] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)

    def read(self, shown: str) -> str:
        """The digest of a file (read now), or what it is if it has no bytes to read."""
        if shown not in self.digests:
            what, data = _read(self.files[shown][1])
            self.digests[shown] = what
            if data is not None:
                self.contents[shown] = data
        return self.digests[shown]

    def take(self, shown: str, data: bytes) -> None:
        """Read a file as these bytes, not from the disk: an editor's unsaved buffer."""
        self.contents[shown] = data
        self.digests[shown] = _digest(data)

    def read_all(self) -> None:
        for shown in self.files:
            self.read(shown)

    def state(self) -> dict[str, list[Any]]:
        return {shown: [*status, self.read(shown)] for shown, (_, _, status) in self.files.items()}


def list_files(root: Path) -> Listing:
    listing = Listing(time.time_ns())
    top = str(root)
    for kind, shown, entry in record_entries(root):
        path = entry.path if entry else os.path.join(top, shown)
        status = entry.stat(follow_symlinks=False) if entry else os.lstat(path)
        listing.files[shown] = (
            kind,
            path,
            [status.st_mode, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino],
        )
    return listing


def changed_files(listing: Listing, kept: dict[str, list[Any]], kept_ns: int) -> set[str] | None:
    """The files whose bytes differ from those of the kept check, or None if files were
    added or removed. A file with its kept status (mode, size, times, inode) is taken as
    unchanged, unless it had changed just before the kept check listed it."""
    if list(listing.files) != list(kept):
        return None
    changed = set()
    for shown, (_, _, status) in listing.files.items():
        before = kept[shown]
        if before[:5] == status and status[2] < kept_ns - RACY_NS:
            listing.digests[shown] = before[5]
        elif listing.read(shown) != before[5]:
            changed.add(shown)
    return changed
