"""`briefing serve`'s site, brought up to date after each edit by doing again only what the
edit reaches: the files that changed are read again (load.Memo), the pages of the records
they touch are rendered again, only pages whose text changed are written, and MkDocs builds
only those (a "dirty" build, with the search index merged back whole), in an MkDocs process
kept from one build to the next (see views/site/engine.py).

Whatever changes the frame of every page (settings, mkdocs.yml, the nav, the packaged
templates or the project's templates/) makes a full render and a full MkDocs build, as does
a build after a failed one.
"""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing.analysis.synthesis import Synthesis, synthesis_of
from briefing.check.resolve import Index
from briefing.incremental.reach import Edit, list_pages, of_the_whole, reached, rests_pages
from briefing.incremental.rechecker import Rechecker
from briefing.parallel import forked_map
from briefing.project import SETTINGS_FILE
from briefing.records.mkdocs_file import MKDOCS_FILE
from briefing.records.templates import stamp
from briefing.report import Memo, Report
from briefing.views.shared import page_of, page_url
from briefing.views.site.engine import MkDocsProcess, nav, update_docs, write_project
from briefing.views.site.environment import packaged_stamp
from briefing.views.site.render import PARALLEL_FROM, Renderer, checked_render
from briefing.views.site.replay import copy_archives

SERVE_FOLDER = ".serve"  # under build/: the site `briefing serve` shows


@dataclass(frozen=True)
class Update:
    rendered: int
    written: list[str]
    removed: list[str]
    full: bool  # the whole site must be built again
    copied: tuple[str, ...] = ()  # the other files written into the docs (a source's archive)

    @property
    def nothing(self) -> bool:
        """Nothing changed since the last update: nothing was rendered or is to be built."""
        return not self.full and self.rendered == 0 and not self.written and not self.removed


class LiveSite:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "build" / SERVE_FOLDER
        self.checks = Rechecker(root, Memo())
        self.index: Index | None = None
        self.shape: object = None  # how the lists of records were split into pages
        self.pages: set[str] = set()
        self.frame = ""
        self.failed = False  # the last MkDocs build failed: the next one is full
        self.pending: set[str] = set()  # files changed since the last update of the pages
        self.report: Report | None = None  # the report the pages were last brought up to
        self.mkdocs: MkDocsProcess | None = None  # kept from a full build to the next

    @property
    def site(self) -> Path:
        return self.folder / "site"

    def _frame(self, report: Report) -> str:
        """What every page is set in: settings, MkDocs config, nav, templates, and the
        editions every brief is compared with and the records are."""
        parts = [repr(report.settings), json.dumps(nav(report.index.briefing))]
        comparison = report.index.comparison
        parts.append(repr(comparison.names() if comparison is not None else None))
        for name in (MKDOCS_FILE, SETTINGS_FILE):
            file = self.root / name
            parts.append(file.read_text(encoding="utf-8") if file.exists() else "")
        # the templates, packaged and the project's own, as the environment stamps them
        parts.append(repr((packaged_stamp(), stamp(self.root))))
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def check(self) -> Report:
        """The report after the edits since the last check: the files they reach are
        checked again (check.recheck) while the files and settings are those of the last
        check; otherwise the whole project, with what did not change taken from the memo."""
        report = self.checks.check()
        self.pending |= self.checks.changed
        return report

    def update_docs(self, report: Report) -> Update:
        """Bring build/.serve/docs up to date with a report without errors."""
        frame = self._frame(report)
        if report is self.report and frame == self.frame and not self.failed:
            return Update(0, [], [], full=False)  # the check found no file changed
        full = self.index is None or frame != self.frame or self.failed
        before = synthesis_of(self.index) if self.index is not None else None
        # what the edit did not reach is taken from the last synthesis (analysis/carried.py)
        synthesis = synthesis_of(report.index, None if full else before)
        renderer = Renderer(report.index, report.settings, self.root)
        makers = renderer.page_makers()
        docs = self.folder / "docs"
        if full or before is None:
            # rendered first: a template that fails leaves the served site as it was
            chosen = list(makers)
            renderer.read_by_many(set(chosen))
            texts = forked_map(
                lambda n: checked_render(makers[chosen[n]]), len(chosen), PARALLEL_FROM
            )
            pages = dict(zip(chosen, texts, strict=True))
            shutil.rmtree(self.folder, ignore_errors=True)
            written = write_project(pages, self.root, self.folder, report.index.briefing)[1]
            removed: list[str] = []
            copied: list[str] = []
        else:
            wanted = self._wanted(report.index, makers, renderer, before, synthesis)
            pages = {page: checked_render(makers[page]) for page in makers if page in wanted}
            written = update_docs(pages, docs)
            # the archives of the sources whose pages changed (a new capture), not all
            sources = report.index.briefing.sources.values()
            copied = copy_archives(self.root, [s for s in sources if page_of(s) in pages], docs)
            removed = sorted(self.pages - makers.keys())
            for page in removed:
                (docs / page).unlink(missing_ok=True)
                shutil.rmtree(self.site / page_url(page), ignore_errors=True)
        self.index, self.pages, self.frame = report.index, set(makers), frame
        self.shape, self.report = renderer.lists.shape(), report
        self.pending = set()
        return Update(len(pages), written, removed, full, tuple(copied))

    def _wanted(
        self,
        index: Index,
        makers: dict[str, Callable[[], str]],
        renderer: Renderer,
        before: Synthesis,
        after: Synthesis,
    ) -> set[str]:
        """The pages an edit can change: those of the records it reaches, of the sources whose
        report's section changed, the pages of lists (or their parts) that show something it
        changed, and the pages of the whole."""
        assert self.index is not None
        edit = Edit.of(self.index, index, self.pending)
        found = reached(edit, before, after)
        wanted = {page_of(record) for r in found if (record := edit.sides(r)[1]) is not None}
        wanted |= rests_pages(after)
        lists = renderer.lists
        if stamp(self.root):  # a project's own template may show anything
            wanted |= {page for one in lists.all() for page in one.pages()}
            wanted.add("contested.md")
        wanted |= list_pages(edit, lists, self.shape, before)
        wanted |= of_the_whole(makers, lists)
        return wanted | (makers.keys() - self.pages)

    def build(self, update: Update) -> list[str]:
        """Build the site from build/.serve/docs: the whole of it, or only what changed;
        return what MkDocs warned of."""
        self.failed = True
        dirty = not update.full
        if dirty and not update.written and not update.removed:
            self.failed = False
            return []
        if not dirty or self.mkdocs is None:
            # a new process in the new folder: a full build made it again
            self.close()
            self.mkdocs = MkDocsProcess(self.folder, str(self.root / MKDOCS_FILE))
        if dirty:
            said = self.mkdocs.update(update.written, update.removed, list(update.copied))
        else:
            said = self.mkdocs.build()
        self.failed = False
        return said

    def settle(self) -> None:
        """Wait for what the last build writes after the pages (the search index)."""
        if self.mkdocs is not None:
            self.mkdocs.settle()

    def close(self) -> None:
        """End the MkDocs process kept for the next build, if there is one."""
        if self.mkdocs is not None:
            self.mkdocs.close()
            self.mkdocs = None

    def __enter__(self) -> LiveSite:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()


# A whole collection once the frozen heap has grown by this share since the last: Python's
# own rule for its oldest generation (a quarter of the objects that survived the last one)
WHOLE_AFTER_GROWTH = 0.25


class CollectLater:
    """Python's collection of cyclic garbage, held off while an edit is being shown and run
    a moment after. Each check makes a new index of every record, so that a full collection
    fell inside most edits (at 1,000 sources, 0.2 to 0.4 s of one); what one edit leaves
    uncollected meanwhile is small beside the index it keeps.

    What survives a collection is then frozen (gc.freeze): the next collection reads only
    what the edits since have made. At 10,000 sources a whole collection read 3.4 million
    objects in 2.8 s, holding the next edit back if it came meanwhile; one of what an edit
    made, 0.05 to 0.14 s. What was frozen and has become cyclic garbage since (some 30,000
    objects an edit there) waits for a whole collection, made once the frozen heap has grown
    by WHOLE_AFTER_GROWTH."""

    def __init__(self, delay: float = 2.0) -> None:
        self.delay = delay  # seconds: time for the browser to fetch the page it reloads
        self.lock = threading.Lock()
        self.holding = False
        self.timer: threading.Timer | None = None
        self.frozen = 0  # the objects frozen after the last whole collection (0: none yet)

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
        whole = not self.frozen or gc.get_freeze_count() > self.frozen * (1 + WHOLE_AFTER_GROWTH)
        if whole:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        if whole:
            self.frozen = gc.get_freeze_count()
