"""Writes the rendered pages into a folder and builds them there with the site engine, MkDocs
or Zensical; the caller swaps them in with the PDFs (see build.py): a failed build leaves the
last good site whole.

Each engine runs in a process of its own, started with `python -P` in the folder it builds:
no module of the project (a `markdown.py` beside mkdocs.yml) is imported in place of the
engine's own, and what the engine or a plugin writes beside its working folder stays inside
build/. MkDocs' process (mkdocs_worker.py) can be kept between builds: `serve` keeps it, with
MkDocs imported and the theme's templates compiled, for the builds of the pages an edit
changed (0.15 s for one page of the sample, against 0.8 s in a new process).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from briefing.outputs import BUILD
from briefing.paths import inside_project
from briefing.problems import BriefingError, Origin, Problem
from briefing.records.mkdocs_file import MKDOCS_FILE, read_mkdocs_file
from briefing.records.reading import LoadError
from briefing.records.settings import load_settings
from briefing.records.validate import Briefing
from briefing.views.shared import page_of, title_html
from briefing.views.site.lists import NETWORK_PAGE
from briefing.views.site.render import DATA_PAGE
from briefing.views.site.replay import copy_archives
from briefing.views.worker import Worker

ASSETS = ("briefing.css",)
RECORDS = ("actors", "events", "sources")  # the folders of the records' pages


class SiteError(BriefingError):
    """The engine refused the pages: its own words (the last lines it said) are the details
    of a problem at the project's mkdocs.yml (`shown`)."""

    failure = True

    def __init__(self, engine: str, words: list[str], shown: str) -> None:
        said = tuple(words[-20:]) or (f"{engine} failed without a message",)
        super().__init__(Problem(Origin(shown), f"{engine} could not build the site", details=said))
        self.headline = f"{engine} could not build the site"


def nav(briefing: Briefing) -> list[object]:
    """The generator owns the nav: short, with sections, so that builds grow with pages, not
    pages squared (every page carries the nav)."""
    # Themes print nav titles as HTML: a title from a record is escaped here, its bidi
    # controls shown as in the page's <title>.
    briefs = [{title_html(brief.title): page_of(brief)} for brief in briefing.briefs.values()]
    return [
        {"Home": "index.md"},
        *([{"Briefs": briefs}] if briefs else []),
        {"Actors": "actors/index.md"},
        {"Timeline": "events/index.md"},
        {"Sources": "sources/index.md"},
        {"Contested claims": "contested.md"},
        {"What rests on each source": "dependencies.md"},
        {"Network": NETWORK_PAGE},
        {"Data": DATA_PAGE},
    ]


def _config(root: Path, staging: Path, briefing: Briefing) -> dict[str, object]:
    config: dict[str, object] = {
        "docs_dir": "docs",
        "site_dir": "site",
        "nav": nav(briefing),
        # the records' pages, and the parts of a long list (views/site/lists.py)
        "not_in_nav": "".join(f"/{folder}/*.md\n/{folder}/index/*.md\n" for folder in RECORDS)
        + "/network/index/*.md\n",
        "validation": {"links": {"anchors": "warn", "not_found": "warn"}},
        "extra_css": [f"assets/{name}" for name in ASSETS],
    }
    site_url = load_settings(root).site_url
    if site_url:  # the 404 page's links, which must be absolute, then carry its sub-path
        config["site_url"] = site_url
    if inside_project(root, root / MKDOCS_FILE).exists():
        config["INHERIT"] = os.path.relpath(root / MKDOCS_FILE, staging)
    else:
        config.update(
            site_name="Briefing",
            theme={"name": "material", "font": False},
            markdown_extensions=["footnotes", "attr_list", "md_in_html", "tables"],
        )
    return config


def write_docs(pages: dict[str, str], docs: Path, previous: Path | None = None) -> list[str]:
    """Write the pages into the new folder `docs`; return the pages written. A page the same
    as in `previous` (the last build's pages) is hard-linked from there, not written: it
    keeps its file and time, and tools that rebuild what changed can tell."""
    written = []
    for page, markdown in pages.items():
        target = docs / page
        target.parent.mkdir(parents=True, exist_ok=True)
        if previous is not None and _same(previous / page, markdown):
            try:
                os.link(previous / page, target)
                continue
            except OSError:  # a file system without hard links: write it
                pass
        target.write_text(markdown, encoding="utf-8")
        written.append(page)
    assets = docs / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        data = (resources.files("briefing") / "assets" / name).read_bytes()
        (assets / name).write_bytes(data)
    return written


def update_docs(pages: dict[str, str], docs: Path) -> list[str]:
    """Write into an existing docs folder the pages whose text changed; return them. Each
    is written beside and moved over the old file, never truncated in place: the old file
    may be a hard link shared with the last build (see `write_docs`)."""
    written = []
    for page, markdown in pages.items():
        target = docs / page
        if _same(target, markdown):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_text(markdown, encoding="utf-8")
        os.replace(temporary, target)
        written.append(page)
    return written


def _same(file: Path, markdown: str) -> bool:
    try:
        return file.read_text(encoding="utf-8") == markdown
    except (OSError, UnicodeDecodeError):
        return False


def write_project(
    pages: dict[str, str], root: Path, folder: Path, briefing: Briefing
) -> tuple[Path, list[str]]:
    """Write the pages (see `write_docs`; the last build's are in root/build/docs), the
    sources' archives with their viewer (see replay.py) and the generated MkDocs config into
    `folder`; return the config and the pages written."""
    # (the last build's pages are read, to link them: not through a link out of build/)
    previous = inside_project(root, root / BUILD / "docs")
    written = write_docs(pages, folder / "docs", previous)
    copy_archives(root, list(briefing.sources.values()), folder / "docs")
    config_file = folder / MKDOCS_FILE
    config_file.write_text(json.dumps(_config(root, folder, briefing), indent=2))
    return config_file, written


WORKER = "briefing.views.site.mkdocs_worker"


class MkDocsProcess(Worker):
    """MkDocs in a process of its own (mkdocs_worker.py), started in `folder`, that builds
    the site there each time it is asked, until it is closed. `shown` is the project's
    mkdocs.yml, where its errors are said to be; `strict`: every warning fails a build."""

    def __init__(self, folder: Path, shown: str, strict: bool = False) -> None:
        self.shown = shown
        arguments = ["--strict"] if strict else []
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        super().__init__(WORKER, arguments, cwd=str(folder), env=env)

    def build(self) -> list[str]:
        """Build the whole site; return what MkDocs warned of. SiteError if it could not."""
        return self._answer(self.ask("full"))

    def update(self, written: list[str], removed: list[str], copied: list[str]) -> list[str]:
        """Build again only the pages written since the last build, and take out those
        removed, copying the other files written (paths in the docs folder); return what
        MkDocs warned of. SiteError if it could not."""
        changed = {"written": written, "removed": removed, "copied": copied}
        return self._answer(self.ask("pages " + json.dumps(changed)))

    def settle(self) -> None:
        """Return once what the last build left to write after its answer (the search
        index) is written."""
        self._answer(self.ask("written"))

    def _answer(self, reply: str | None) -> list[str]:
        if not reply:  # it ended: a build raised, or it was stopped
            raise SiteError("MkDocs", self.last_words(), self.shown)
        answer = json.loads(reply)
        said: list[str] = answer["said"]
        if not answer["ok"]:
            raise SiteError("MkDocs", said, self.shown)
        return said


def run_mkdocs(config_file: Path, shown: str) -> None:
    """A whole build in strict mode, as `briefing build` makes it: every warning fails."""
    with MkDocsProcess(config_file.parent, shown, strict=True) as mkdocs:
        mkdocs.build()


def run_zensical(config_file: Path, shown: str) -> None:
    """Zensical reads the same configuration (INHERIT included) and builds the same pages;
    it runs no MkDocs plugin or hook and makes its own search index (FORMAT.md, "Engines")."""
    result = subprocess.run(
        [sys.executable, "-P", "-m", "zensical", "build", "--clean", "-f", "mkdocs.yml"],
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        lines = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        raise SiteError("Zensical", lines, shown)
    _search_paths_as_text(config_file.parent / "site" / ZENSICAL_SEARCH)


ZENSICAL_SEARCH = "search.json"
# Entities that title_html writes and Zensical's search results show as written: its
# breadcrumbs (each item's "path", the page's title as given) read text as HTML tags but
# decode no entity. '<' and '>' stay entities, so that no title can become a tag there.
_SHOWN_AS_WRITTEN = (("&#x27;", "'"), ("&quot;", '"'), ("&amp;", "&"))


def _search_paths_as_text(index_file: Path) -> None:
    """Zensical's search index with the breadcrumbs' "Kata&#x27;ib" as "Kata'ib"."""
    if not index_file.is_file():  # a project may have turned search off
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for item in index.get("items", []):
        shown = []
        for part in item.get("path", []):
            for entity, text in _SHOWN_AS_WRITTEN:
                part = part.replace(entity, text)
            shown.append(part)
        item["path"] = shown
    index_file.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")


ENGINES = {"mkdocs": ("MkDocs", run_mkdocs), "zensical": ("Zensical", run_zensical)}
# What a project's mkdocs.yml may ask for that Zensical does not do: said in the build's output
ZENSICAL_IGNORES = ("plugins", "hooks")


def zensical_installed() -> bool:
    return importlib.util.find_spec("zensical") is not None


def engine_notes(root: Path, engine: str) -> list[str]:
    """What the project's mkdocs.yml asks for that the engine will not do."""
    if engine != "zensical":
        return []
    try:
        settings = read_mkdocs_file(root)
    except LoadError:  # reported by the check already
        return []
    if settings is None:
        return []
    notes = []
    for key in ZENSICAL_IGNORES:
        named = settings.get(key)
        if key == "plugins" and named:
            names = [n if isinstance(n, str) else next(iter(n), "") for n in named]
            others = [name for name in names if name != "search"]
            if "search" in names:
                notes.append(
                    "Zensical makes its own search index: the search plugin's settings "
                    "(separator, ...) are not used"
                )
            if others:
                notes.append(f"Zensical runs no MkDocs plugin: {', '.join(others)} ignored")
        elif named:
            notes.append(f"Zensical runs no hooks: '{key}' in mkdocs.yml ignored")
    return notes


def build_site(
    pages: dict[str, str],
    root: Path,
    briefing: Briefing,
    folder: Path,
    progress: Callable[[str], None] = lambda message: None,
    engine: str = "mkdocs",
) -> Path:
    """Build the site from the pages in the staging `folder` with the engine named (MkDocs
    or Zensical); return folder/site."""
    config_file, written = write_project(pages, root, folder, briefing)
    progress(f"wrote {len(written)} of {len(pages)} pages; the others are unchanged")
    name, run_engine = ENGINES[engine]
    progress(f"building the site with {name}")
    for note in engine_notes(root, engine):
        progress(note)
    run_engine(config_file, str(root / MKDOCS_FILE))
    return folder / "site"
