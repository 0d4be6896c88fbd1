"""`briefing serve`'s site, brought up to date after each edit by doing again only what the
edit reaches: the files that changed are read again (load.Memo), the pages of the records
they touch are rendered again, only pages whose text changed are written, and MkDocs builds
only those (a "dirty" build, with the search index merged back whole).

Whatever changes the frame of every page (settings, mkdocs.yml, the nav, the packaged
templates or the project's templates/) makes a full render and a full MkDocs build, as does
a build after a failed one.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import shutil
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from briefing.analysis.rests import Dependent, name_of
from briefing.analysis.synthesis import Synthesis, synthesis_of
from briefing.analysis.warnings import origin_of
from briefing.check.resolve import Index
from briefing.incremental.inputs import changed_files, context_key, list_files
from briefing.incremental.recheck import recheck
from briefing.project import SETTINGS_FILE
from briefing.records.mkdocs_file import MKDOCS_FILE
from briefing.records.model import Actor, Event, Source, TopRecord
from briefing.records.templates import stamp
from briefing.report import Memo, Report, check_project
from briefing.views.shared import page_of, page_url
from briefing.views.site.engine import SiteError, nav, update_docs, write_project
from briefing.views.site.render import NETWORK_PAGE, Renderer, checked_render

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


# The pages of lists and of the whole that show only some of what records say, and what
# each shows of a record: an edit that changes none of that leaves the page as it was. A page
# with notes shows sources whole (a note gives a source's words, grade and place). The other
# pages of the whole (the home page's counts, what rests on each source, the Data page) are
# rendered after every edit: they are cheap, and read every record.


def _on_actors_page(record: TopRecord | None) -> object:
    return (record.name, record.kind, record.aliases) if isinstance(record, Actor) else None


def _on_timeline(record: TopRecord | None) -> object:
    if isinstance(record, Event):
        return (record.title, record.date, record.end, record.summary)
    return record if isinstance(record, Source) else None


def _on_sources_page(record: TopRecord | None) -> object:
    return record if isinstance(record, Source) else None


def _on_contested_page(record: TopRecord | None) -> object:
    if isinstance(record, Actor | Event):
        return (name_of(record), record.conflicts)
    return record if isinstance(record, Source) else None


def _on_network_page(record: TopRecord | None) -> object:
    if isinstance(record, Actor):
        return (record.name, record.kind, record.aliases, record.affiliations)
    return record if isinstance(record, Source) else None


LIST_PAGES: dict[str, Callable[[TopRecord | None], object]] = {
    "actors/index.md": _on_actors_page,
    "events/index.md": _on_timeline,
    "sources/index.md": _on_sources_page,
    "contested.md": _on_contested_page,
    NETWORK_PAGE: _on_network_page,
}


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
        self.rests: dict[str, tuple[object, ...]] = {}  # rests_shown, of the pages as written
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
                report = recheck(
                    self.root, known, kept.report.context, kinds, changed, index, listing.contents
                )
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
        rests = rests_shown(renderer.synthesis)
        if full:
            # rendered first: a template that fails leaves the served site as it was
            pages = {page: checked_render(make) for page, make in makers.items()}
            shutil.rmtree(self.folder, ignore_errors=True)
            written = write_project(pages, self.root, self.folder, report.index.briefing)[1]
            removed: list[str] = []
        else:
            assert self.index is not None
            wanted, near = self._wanted(report.index, makers, rests)
            pages = {page: checked_render(makers[page]) for page in makers if page in wanted}
            written = update_docs(pages, docs)
            removed = sorted(self.pages - makers.keys())
            for page in removed:
                (docs / page).unlink(missing_ok=True)
                shutil.rmtree(self.site / page_url(page), ignore_errors=True)
        self.index, self.near, self.pages, self.frame = report.index, near, set(makers), frame
        self.rests = rests
        self.pending = set()
        return Update(len(pages), written, removed, full)

    def _wanted(
        self,
        index: Index,
        makers: dict[str, Callable[[], str]],
        rests: dict[str, tuple[object, ...]],
    ) -> tuple[set[str], dict[str, set[str]]]:
        """The pages an edit can change: those of the records it reaches, of the sources whose
        report's section changed, and the pages of lists and of the whole that show records
        of the kinds edited; and the index's neighbours."""
        assert self.index is not None
        before = {record.record_id: record for record in self.index.briefing.records()}
        now = {record.record_id: record for record in index.briefing.records()}
        changed = {
            record_id
            for records in (before, now)
            for record_id, record in records.items()
            if record.path in self.pending
        }
        near = neighbours(index)
        reached = affected(changed, self.near or neighbours(self.index), near)
        wanted = {page_of(now[r]) for r in reached if r in now}
        synthesis = synthesis_of(index)
        for origin_id, shown in rests.items():
            if shown != self.rests.get(origin_id):
                wanted |= {page_of(source) for source in synthesis.rests[origin_id].sources}
        custom = bool(stamp(self.root))  # a project's own template may show anything
        for page, shown_on in LIST_PAGES.items():
            if custom or any(shown_on(before.get(r)) != shown_on(now.get(r)) for r in changed):
                wanted.add(page)
        wanted |= {
            page
            for page in makers
            if ("/" not in page or (page.count("/") == 1 and page.endswith("/index.md")))
            and page not in LIST_PAGES
        }
        return wanted | (makers.keys() - self.pages), near

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


class CollectLater:
    """Python's collection of cyclic garbage, held off while an edit is being shown and run
    a moment after. Each check makes a new index of every record, so that a full collection
    fell inside most edits (at 1,000 sources, 0.2 to 0.4 s of one); what one edit leaves
    uncollected meanwhile is small beside the index it keeps."""

    def __init__(self, delay: float = 2.0) -> None:
        self.delay = delay  # seconds: time for the browser to fetch the page it reloads
        self.lock = threading.Lock()
        self.holding = False
        self.timer: threading.Timer | None = None

    def hold(self) -> None:
        with self.lock:
            self.holding = True
            if self.timer is not None:
                self.timer.cancel()
            gc.disable()

    def release(self) -> None:
        with self.lock:
            self.holding = False
            self.timer = threading.Timer(self.delay, self._collect)
            self.timer.daemon = True
            self.timer.start()

    def _collect(self) -> None:
        with self.lock:
            if self.holding:  # an edit came first: collected after it
                return
            gc.enable()
        gc.collect()


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
