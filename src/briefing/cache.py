"""What a check found, kept in build/.cache/ for the next check of the same project.

Two things are kept, each under a key made of everything that can change it:

- the whole report, under the digest of every input of a check: the tool (its version, the
  code of each of its modules, the libraries that read and prove the records, Python's
  version), briefing.yml, mkdocs.yml, and each file in the record folders, editions/ and
  templates/ (its name, and its bytes, or that it is a link, which a check never follows).
  A check with nothing changed prints the report again without reading a record;
- each quote found, under its source's id and the digest of the source file's bytes (its
  text, article_lines, pages), the quote, its prefix and its suffix: after an edit, only
  the quotes of sources that changed, and the quotes that did, are looked for again. A
  quote not found is never kept: what is said of it depends on the other sources too.

The file is JSON, never code: a project from elsewhere may come with a build/ of its own.
It is trusted only if it is the very file this tool wrote there: the file's inode is
written inside it, and a copy or a checkout of the file has another. A cache that is
missing, unreadable, damaged or from another version of the tool is a miss, never an
error, and build/.cache can be deleted at any time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import __version__
from briefing.load import MAX_FILE_BYTES, record_files
from briefing.outputs import BUILD
from briefing.paths import UnsafePath, inside_project
from briefing.problems import Findings, Origin, Problem, Severity
from briefing.project import SETTINGS_FILE, require_project

if TYPE_CHECKING:  # a check answered from the cache loads none of the checking modules
    from briefing.verify import Excerpt, ProofKey

CACHE_FOLDER = ".cache"  # under build/
REPORT_FILE = "check.json"
PROOFS_FILE = "proofs.json"  # large: read only when the report cannot be used
MKDOCS_FILE = "mkdocs.yml"  # as site_config names it
FORMAT = 2


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
    package = Path(__file__).parent
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0")
        digest.update(module.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class Snapshot:
    """The inputs of a check, read once: the bytes of each record file, their digests, and
    one key for all of them and the tool."""

    tool: str
    key: str
    contents: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    settings: list[str] = field(default_factory=list)  # what the settings files were


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read(file: Path) -> tuple[str, bytes | None]:
    """What a file is, for a key: absent, a link, too large, or the digest of its bytes."""
    try:
        status = file.lstat()
    except FileNotFoundError:
        return "absent", None
    if stat.S_ISLNK(status.st_mode):
        return "link", None
    if not stat.S_ISREG(status.st_mode):
        return f"mode {status.st_mode:o}", None
    with file.open("rb") as stream:
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


def take_snapshot(root: Path) -> Snapshot | None:
    """The project's inputs, or None if one could not be read (then nothing is cached)."""
    tool = tool_key()
    try:
        shot = Snapshot(tool, "", settings=_settings(root))
        key = hashlib.sha256(f"{FORMAT}\0{tool}\0{shot.settings}\0".encode())
        for _, file in record_files(root):
            shown = file.relative_to(root).as_posix()
            what, data = _read(file)
            if data is not None:
                shot.contents[shown] = data
                shot.digests[shown] = what
            key.update(f"{shown}\0{what}\0".encode())
        for shown, what in _other_inputs(root):
            key.update(f"{shown}\0{what}\0".encode())
    except OSError:
        return None
    shot.key = key.hexdigest()
    return shot


def _cache_file(root: Path, name: str) -> Path | None:
    """build/.cache/NAME, or None if build/ or build/.cache is a link."""
    try:
        return inside_project(root, root / BUILD / CACHE_FOLDER / name)
    except UnsafePath:
        return None


def _read_json(root: Path, name: str, tool: str) -> Any:
    """What a cache file holds, if this tool wrote it there for this version of itself;
    None otherwise: missing, damaged, copied, another version."""
    file = _cache_file(root, name)
    if file is None:
        return None
    try:
        handle = os.open(file, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as stream:
            status = os.fstat(stream.fileno())
            data = json.loads(stream.read())
        if data["format"] != FORMAT or data["inode"] != [status.st_dev, status.st_ino]:
            return None
        return data["content"] if data["tool"] == tool else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_json(root: Path, name: str, tool: str, content: object) -> None:
    """Write a cache file, whole or not at all; quietly nothing if build/ cannot take it."""
    file = _cache_file(root, name)
    if file is None:
        return
    temporary = ""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".check-", suffix=".tmp", dir=file.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            status = os.fstat(stream.fileno())
            document = {
                "format": FORMAT,
                "inode": [status.st_dev, status.st_ino],  # a rename keeps it; a copy does not
                "tool": tool,
                "content": content,
            }
            json.dump(document, stream, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, file)
        temporary = ""
    except OSError:
        pass  # a read-only or full disk: the next check is a cold one
    finally:
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def _problem(data: dict[str, Any]) -> Problem:
    return Problem(
        Origin(str(data["path"]), int(data["line"]), int(data["column"])),
        str(data["message"]),
        str(data["hint"]),
        Severity(data["severity"]),
        tuple(str(detail) for detail in data["details"]),
        str(data["kind"]),
    )


def read_report(root: Path, shot: Snapshot) -> Findings | None:
    """The report kept for exactly these inputs, if there is one."""
    content = _read_json(root, REPORT_FILE, shot.tool)
    try:
        if content is None or content["key"] != shot.key:
            return None
        problems = [_problem(problem) for problem in content["problems"]]
        return Findings(problems, int(content["files"]), int(content["suppressed"]))
    except (KeyError, TypeError, ValueError):
        return None


def read_proofs(root: Path, tool: str) -> dict[ProofKey, Excerpt]:
    from briefing.verify import Excerpt

    rows = _read_json(root, PROOFS_FILE, tool)
    try:
        return {(r[0], r[1], r[2], r[3], r[4]): Excerpt(*r[5:]) for r in rows or ()}
    except (IndexError, TypeError, ValueError):
        return {}


def cached_check(root: Path, use_cache: bool = True) -> Findings:
    """What check_project finds, from the cache where the inputs are the same."""
    require_project(root)
    shot = take_snapshot(root) if use_cache else None
    kept = read_report(root, shot) if shot is not None else None
    if kept is not None:
        return kept
    from briefing.check import check_project
    from briefing.verify import Proofs

    if shot is None:
        return check_project(root).findings()

    proofs = Proofs(shot.digests, read_proofs(root, shot.tool))
    findings = check_project(root, contents=shot.contents, proofs=proofs).findings()
    try:
        settings_kept = _settings(root) == shot.settings  # not edited while checking
    except OSError:
        settings_kept = False
    if settings_kept:
        rows = [[*key, *excerpt.__dict__.values()] for key, excerpt in proofs.used.items()]
        _write_json(root, PROOFS_FILE, shot.tool, rows)
        report = {
            "key": shot.key,
            "problems": [problem.as_json() for problem in findings.problems],
            "files": findings.file_count,
            "suppressed": findings.suppressed,
        }
        _write_json(root, REPORT_FILE, shot.tool, report)
    return findings
