"""Which pages `briefing build` renders again: each page of a record has a digest of what can
change it, kept with the last build's pages (build/.cache/pages.json), and a page whose
digest is the one kept is taken from the last build's pages instead of being rendered.

Without it, a build renders every page, then writes only those whose text changed: a page
the same as the last build's is hard-linked from it (views.site.engine.write_docs); `serve`
renders the pages an edit reaches (reach.py) and writes those whose text changed. A page's
digest is made of:

- the frame, the same for every page: the tool (its code and templates, Python, the libraries
  that read and render the records), briefing.yml, mkdocs.yml, editions/ and templates/, the
  site's engine and whether the project has the replay viewer: any change renders every page;
- the bytes of its record's file and of the file of each record it shows something of, or
  that shows something of it: what it links or names, cites or relays, and what links,
  names, cites or relays it; the claims its withdrawn claims are superseded by, and those
  superseded by its claims; then, for each source among all these, the other carriers of
  its report;
- a source's page: what its report's section "what rests on this report" shows (statements
  of any record), and its archive's place, size and time.

The pages of lists and of the whole (home, timeline, dependencies, network, ...) read every
record: they are rendered at every build.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from briefing.analysis.rests import Dependent, name_of
from briefing.analysis.synthesis import Synthesis, synthesis_of
from briefing.check.resolve import Index
from briefing.incremental.cache import CACHE_FOLDER
from briefing.incremental.inputs import context_key, tool_key
from briefing.outputs import BUILD
from briefing.paths import UnsafePath, inside_project
from briefing.records.model import Source
from briefing.report import Report
from briefing.views.shared import page_of
from briefing.views.site.replay import archive_path, viewer_installed

PAGES_FILE = "pages.json"  # under build/.cache: the digests of the pages in build/docs
FORMAT = 1
DOCS = "docs"  # under build/: the last build's pages
# What renders the pages, besides the libraries tool_key names (which read the records)
RENDER_LIBRARIES = ("jinja2", "markupsafe", "networkx", "scipy", "numpy", "babel")


@dataclass(frozen=True)
class PageDigests:
    frame: str
    pages: dict[str, str]  # by page, the pages of records only


def page_digests(root: Path, report: Report, engine: str) -> PageDigests | None:
    """The digest of each record's page; None if an input could not be read (then every
    page is rendered)."""
    frame = _frame(root, engine)
    if frame is None:
        return None
    index = report.index
    synthesis = synthesis_of(index)
    records = {record.record_id: record for record in index.briefing.records()}
    files = {record_id: _file_digest(root, record.path) for record_id, record in records.items()}
    shown = _shown(index, synthesis)
    sections = rests_shown(synthesis)
    pages = {}
    for record_id, record in records.items():
        digest = hashlib.blake2b(digest_size=16)
        for other in sorted(shown[record_id] | {record_id}):
            digest.update(f"{other}\0{files.get(other, 'absent')}\0".encode())
        if isinstance(record, Source):
            section = sections.get(synthesis.origin(record))
            digest.update(f"{section!r}\0{_archive(root, record)}".encode())
        pages[page_of(record)] = digest.hexdigest()
    return PageDigests(frame, pages)


def _frame(root: Path, engine: str) -> str | None:
    context = context_key(root, tool_key())
    if context is None:
        return None
    digest = hashlib.sha256(f"{context}\0{engine}\0{viewer_installed(root)}\0".encode())
    for library in RENDER_LIBRARIES:
        try:
            digest.update(f"{library} {metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} absent\0".encode())
    templates = resources.files("briefing") / "templates"
    for template in sorted(_files(templates), key=lambda found: found[0]):
        digest.update(template[0].encode() + b"\0" + template[1] + b"\0")
    return digest.hexdigest()


def _files(folder: resources.abc.Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    """Every file under a folder of the package, by its path inside it, with its bytes."""
    found = []
    for entry in folder.iterdir():
        if entry.is_dir():
            found += _files(entry, f"{prefix}{entry.name}/")
        else:
            found.append((prefix + entry.name, entry.read_bytes()))
    return found


def _file_digest(root: Path, path: str) -> str:
    try:
        return hashlib.blake2b(inside_project(root, root / path).read_bytes()).hexdigest()
    except (OSError, UnsafePath):
        return "unread"


def _archive(root: Path, source: Source) -> object:
    path = archive_path(source)
    if path is None:
        return None
    try:
        status = inside_project(root, root / path).stat()
    except (OSError, UnsafePath):
        return (path, "absent")
    return (path, status.st_size, status.st_mtime_ns, status.st_ino)


def _shown(index: Index, synthesis: Synthesis) -> dict[str, set[str]]:
    """For each record, the records its page shows something of or that show something of
    it, either way, with the other carriers of each source's report among them."""
    near: dict[str, set[str]] = defaultdict(set)

    def tie(one: str, other: str) -> None:
        near[one].add(other)
        near[other].add(one)

    for referred in (index.mentioned_in, index.cited_by):  # links, names, citations, relays
        for target, by_ids in referred.items():
            for by_id in by_ids:
                tie(target, by_id)
    record_at = {record.path: record.record_id for record in index.briefing.records()}
    for origin, excerpt in index.excerpts.items():
        citing = record_at.get(origin.path)
        if citing is not None:
            tie(citing, excerpt.source_id)
    for record, claim in synthesis.claims.values():
        successor = (
            synthesis.claims.get(claim.deprecated.superseded_by or "") if claim.deprecated else None
        )
        if successor is not None:
            tie(record.record_id, successor[0].record_id)
    carriers = {
        source_id: {source.record_id for source in synthesis.by_origin[origin_id]}
        for source_id, origin_id in synthesis.origins.items()
    }
    shown = {}
    for record_id in record_at.values():
        ids = near.get(record_id, set()) | {record_id}
        shown[record_id] = ids.union(*(carriers.get(one, ()) for one in ids))
    return shown


def kept_pages(root: Path, digests: PageDigests) -> dict[str, str]:
    """The last build's pages whose digest is the one they have now, with their text. They
    are read through the folder whose digests were kept, opened once: another build that
    swaps build/docs meanwhile cannot give the pages of another one."""
    kept = _read(root)
    before = kept.get("pages") if kept is not None else None
    if kept is None or kept.get("frame") != digests.frame or not isinstance(before, dict):
        return {}
    try:
        docs = os.open(
            inside_project(root, _docs(root)), os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
        )
    except (OSError, UnsafePath):
        return {}
    found = {}
    try:
        status = os.fstat(docs)
        if kept.get("docs") != [status.st_dev, status.st_ino]:
            return {}
        for page, digest in digests.pages.items():
            if before.get(page) == digest:
                try:
                    found[page] = _text(page, docs)
                except (OSError, UnicodeDecodeError):
                    continue  # rendered, then
    finally:
        os.close(docs)
    return found


def _text(page: str, docs: int) -> str:
    handle = os.open(page, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=docs)
    with os.fdopen(handle, "rb") as stream:
        return stream.read().decode("utf-8")


def _docs(root: Path) -> Path:
    return root / BUILD / DOCS


def _pages_file(root: Path) -> Path | None:
    try:
        return inside_project(root, root / BUILD / CACHE_FOLDER / PAGES_FILE)
    except UnsafePath:
        return None


def _read(root: Path) -> dict[str, object] | None:
    """What the last build kept, if this tool wrote it."""
    file = _pages_file(root)
    if file is None:
        return None
    try:
        kept = json.loads(file.read_bytes())
        return dict(kept) if kept["format"] == FORMAT else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep_digests(root: Path, digests: PageDigests) -> None:
    """Keep the digests of the pages just published into build/docs; quietly nothing if
    build/ cannot take them (the next build renders every page)."""
    file = _pages_file(root)
    if file is None:
        return
    temporary = ""
    try:
        docs = os.stat(inside_project(root, _docs(root)), follow_symlinks=False)
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".pages-", suffix=".tmp", dir=file.parent)
        document = {
            "format": FORMAT,
            "docs": [docs.st_dev, docs.st_ino],  # a new folder at each build
            "frame": digests.frame,
            "pages": digests.pages,
        }
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(json.dumps(document, separators=(",", ":")))
        os.replace(temporary, file)
        temporary = ""
    except (OSError, UnsafePath):
        pass
    finally:
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def rests_shown(synthesis: Synthesis) -> dict[str, tuple[object, ...]]:
    """What the section "what rests on this report" shows on the pages of each stored report's
    sources (`_rests.md.j2`), as plain values. Its statements come from any record, and name
    the other reports they rest on, so an edit can change the section of a report whose
    sources it does not touch (a source's new title shows in the sections of every report
    that shares a statement with it): the pages whose section changed are rendered again."""
    origins: dict[str, object] = {}

    def origin_shown(origin_id: str) -> object:
        if origin_id not in origins:
            name = synthesis.origin_name(origin_id)
            lead = synthesis.lead_source(origin_id) if name is None else None
            origins[origin_id] = name if lead is None else (lead.record_id, lead.title)
        return origins[origin_id]

    statements: dict[int, tuple[object, ...]] = {}  # by id(): one Dependent is in many lists

    def statement_shown(dependent: Dependent) -> tuple[object, ...]:
        found = statements.get(id(dependent))
        if found is None:
            record = dependent.record
            found = statements[id(dependent)] = (
                page_of(record),
                name_of(record),
                dependent.label,
                dependent.anchor,
                dependent.text,
                tuple((o, origin_shown(o)) for o in sorted(dependent.origins)),
            )
        return found

    return {
        origin_id: (
            tuple((source.record_id, name_of(source)) for source in rests.sources),
            tuple(statement_shown(d) for d in rests.alone),
            tuple(statement_shown(d) for d in rests.shared),
        )
        for origin_id, rests in synthesis.rests.items()
        if not rests.name
    }
