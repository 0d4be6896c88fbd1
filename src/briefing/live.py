"""`briefing serve`'s site, brought up to date after each edit by doing again only what the
edit reaches: the files that changed are read again (load.Memo), the pages of the records
they touch are rendered again, only pages whose text changed are written, and MkDocs builds
only those (a "dirty" build, with the search index merged back whole).

Whatever changes the frame of every page (settings, mkdocs.yml, the nav, the packaged
templates or the project's templates/) makes a full render and a full MkDocs build, as does
a build after a failed one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from briefing.analyse import origin_of
from briefing.cache import changed_files, context_key, list_files
from briefing.check import Report, check_project, recheck
from briefing.load import Memo
from briefing.project import SETTINGS_FILE
from briefing.project_templates import stamp
from briefing.render import Renderer, checked_render
from briefing.resolve import Index
from briefing.site import SiteError, nav, update_docs, write_project
from briefing.site_config import MKDOCS_FILE
from briefing.site_text import page_of, page_url

SERVE_FOLDER = ".serve"  # under build/: the site `briefing serve` shows
SEARCH_INDEX = Path("search") / "search_index.json"


def neighbours(index: Index) -> dict[str, set[str]]:
    """For each record, the records whose pages show something of it, and whose things its
    page shows: what links to it or names it, what it names, cites or is cited by, and the
    other copies of the same report."""
    near: dict[str, set[str]] = defaultdict(set)
    for target, by_ids in index.mentioned_in.items():
        near[target] |= by_ids
        for by_id in by_ids:
            near[by_id].add(target)
    record_at = {record.path: record.record_id for record in index.briefing.records()}
    for origin, excerpt in index.excerpts.items():
        citing = record_at.get(origin.path)
        if citing is not None:
            near[citing].add(excerpt.source_id)
            near[excerpt.source_id].add(citing)
    sources = index.briefing.sources
    copies: dict[str, set[str]] = defaultdict(set)
    for source_id, source in sources.items():
        copies[origin_of(source, sources)].add(source_id)
    for group in copies.values():
        if len(group) > 1:
            for source_id in group:
                near[source_id] |= group
                # what cites a copy shows how many reports it rests on
                near[source_id] |= {c for other in group for c in near.get(other, ())}
    return near


def affected(changed: set[str], *nears: dict[str, set[str]]) -> set[str]:
    """The records whose pages an edit of `changed` can alter, by the neighbours before the
    edit and after it."""
    reached = set(changed)
    for near in nears:
        reached |= {other for record_id in changed for other in near.get(record_id, ())}
    return reached


@dataclass(frozen=True)
class Update:
    rendered: int
    written: list[str]
    removed: list[str]
    full: bool  # the whole site must be built again


@dataclass(frozen=True)
class _Kept:
    """The last check: the other inputs' digest, each record file's status and digest,
    when they were listed, and the report."""

    context: str
    files: dict[str, list[Any]]
    listed_ns: int
    report: Report


class LiveSite:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "build" / SERVE_FOLDER
        self.memo = Memo()
        self.kept: _Kept | None = None
        self.index: Index | None = None
        self.near: dict[str, set[str]] | None = None  # the index's neighbours, once worked out
        self.pages: set[str] = set()
        self.frame = ""
        self.failed = False  # the last MkDocs build failed: the next one is full
        self.pending: set[str] = set()  # files changed since the last update of the pages

    @property
    def site(self) -> Path:
        return self.folder / "site"

    def _frame(self, report: Report) -> str:
        """What every page is set in: settings, MkDocs config, nav and templates."""
        parts = [repr(report.settings), json.dumps(nav(report.index.briefing))]
        for name in (MKDOCS_FILE, SETTINGS_FILE):
            file = self.root / name
            parts.append(file.read_text(encoding="utf-8") if file.exists() else "")
        templates = resources.files("briefing") / "templates"
        for template in sorted(templates.iterdir(), key=lambda t: t.name):
            if template.is_file():
                parts.append(template.read_text(encoding="utf-8"))
        parts.append(repr(stamp(self.root)))  # the project's own templates/
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def check(self) -> Report:
        """The report after the edits since the last check: the files they reach are
        checked again (check.recheck) while the files and settings are those of the last
        check; otherwise the whole project, with what did not change taken from the memo."""
        listing = list_files(self.root)
        context = context_key(self.root, "")
        kept = self.kept
        report: Report | None = None
        if kept is not None and context is not None and context == kept.context:
            changed = changed_files(listing, kept.files, kept.listed_ns)
            if changed == set():
                return kept.report
            if changed is not None:
                kinds = {shown: kind for shown, (kind, _, _) in listing.files.items()}
                known, index = kept.report.facts, kept.report.index
                report = recheck(self.root, known, kept.report.context, kinds, changed, index)
                self.pending |= changed
        if report is None:
            listing.read_all()  # as the check will read them: an edit while it runs is seen next
            report = check_project(self.root, self.memo)
            self.pending |= self.memo.changed
        self.kept = _Kept(context, listing.state(), listing.taken_ns, report) if context else None
        return report

    def update_docs(self, report: Report) -> Update:
        """Bring build/.serve/docs up to date with a report without errors."""
        renderer = Renderer(report.index, report.settings, self.root)
        makers = renderer.page_makers()
        frame = self._frame(report)
        docs = self.folder / "docs"
        full = self.index is None or frame != self.frame or self.failed
        near: dict[str, set[str]] | None = None  # worked out when an edit needs it
        if full:
            # rendered first: a template that fails leaves the served site as it was
            pages = {page: checked_render(make) for page, make in makers.items()}
            shutil.rmtree(self.folder, ignore_errors=True)
            written = write_project(pages, self.root, self.folder, report.index.briefing)[1]
            removed: list[str] = []
        else:
            assert self.index is not None
            changed = {
                record.record_id
                for index in (self.index, report.index)
                for record in index.briefing.records()
                if record.path in self.pending
            }
            near = neighbours(report.index)
            reached = affected(changed, self.near or neighbours(self.index), near)
            records = {r.record_id: r for r in report.index.briefing.records()}
            wanted = {page_of(records[r]) for r in reached if r in records}
            # the pages of lists and of the whole (index.md, actors/index.md, network/index.md)
            wanted |= {
                page
                for page in makers
                if "/" not in page or (page.count("/") == 1 and page.endswith("/index.md"))
            }
            wanted |= makers.keys() - self.pages
            pages = {page: checked_render(makers[page]) for page in makers if page in wanted}
            written = update_docs(pages, docs)
            removed = sorted(self.pages - makers.keys())
            for page in removed:
                (docs / page).unlink(missing_ok=True)
                shutil.rmtree(self.site / page_url(page), ignore_errors=True)
        self.index, self.near, self.pages, self.frame = report.index, near, set(makers), frame
        self.pending = set()
        return Update(len(pages), written, removed, full)

    def build(self, update: Update) -> None:
        """Build the site from build/.serve/docs: the whole of it, or only what changed."""
        self.failed = True
        dirty = not update.full
        if dirty and not update.written and not update.removed:
            self.failed = False
            return
        search = self.site / SEARCH_INDEX
        # (a project may have turned search off: then there is no index to merge)
        before = (
            json.loads(search.read_text(encoding="utf-8")) if dirty and search.exists() else None
        )
        mkdocs_build(self.folder / MKDOCS_FILE, dirty)
        if before is not None and search.exists():
            after = json.loads(search.read_text(encoding="utf-8"))
            built = {entry["location"].split("#")[0] for entry in after["docs"]}
            gone = {page_url(page) for page in update.removed}
            kept = [e for e in before["docs"] if e["location"].split("#")[0] not in built | gone]
            after["docs"] = kept + after["docs"]
            search.write_text(json.dumps(after, ensure_ascii=False), encoding="utf-8")
        self.failed = False


class _Bytecode(BytecodeCache):
    """Compiled templates kept in memory, by template and source checksum."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _KeepCompiledTemplates:
    """An MkDocs plugin of one event: the theme's Jinja environment is new at each build, and
    compiling Material's templates again took a third of a build of one page."""

    bytecode = _Bytecode()

    def on_env(self, env: Environment, /, *, config: object, files: object) -> Environment:
        env.bytecode_cache = self.bytecode
        return env


_TEMPLATE_CACHE = _KeepCompiledTemplates()


class _NotDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "dirty" not in record.getMessage()


def mkdocs_build(config_file: Path, dirty: bool) -> None:
    """MkDocs in this process (no start-up cost): `dirty` builds only the pages whose file
    is newer than their HTML."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    if not any(isinstance(f, _NotDirtyWarning) for f in logger.filters):
        for name in ("mkdocs", "mkdocs.commands.build"):
            logging.getLogger(name).addFilter(_NotDirtyWarning())
    try:
        config = load_config(config_file=str(config_file))
        config.plugins["briefing/keep-compiled-templates"] = _TEMPLATE_CACHE  # type: ignore[assignment]
        build(config, dirty=dirty)
    except Exception as error:  # MkDocs' own errors: config, plugins, templates
        raise SiteError(f"{type(error).__name__}: {error}") from None
