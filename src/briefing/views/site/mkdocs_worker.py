"""MkDocs in a process of its own: `python -P -m briefing.views.site.mkdocs_worker [--strict]`,
started in the folder that holds the generated mkdocs.yml (engine.MkDocsProcess starts it).

Each line it reads asks for one build: "full", or "pages" and a JSON object of the pages
written and removed since the last build and the other files written (paths in the docs
folder), which builds only those (mkdocs_pages.py: from what the last whole build gathered,
when the site's plugins allow; otherwise MkDocs' dirty build, of the pages whose Markdown is
newer than their HTML, with the search index of the other pages put back). Each build is
answered with one line of JSON, {"ok": ..., "said": [...]}: whether the site was built, and
what MkDocs warned of or refused with, as its own command prints it; the search index of the
pages built again is written after the answer ("written" is answered once it is). A build
that raises anything else ends the process, as it ends `mkdocs build`: the traceback is on
standard error, for the caller to report.

This module imports nothing of briefing but mkdocs_pages, which imports nothing of it: the
process needs MkDocs and its theme only.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from briefing.views.site.mkdocs_pages import OURS, KeptSite, merge_search

CONFIG_FILE = "mkdocs.yml"


class _Bytecode(BytecodeCache):
    """Compiled templates kept in memory, by template and source checksum."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _KeepSite:
    """An MkDocs plugin that keeps what a build gathered of the whole site: its files, its
    navigation and the theme's templates (see mkdocs_pages.py). The theme's environment is
    new at each whole build, and given compiled templates: compiling Material's templates
    again took a third of a build of one page."""

    bytecode = _Bytecode()

    def __init__(self) -> None:
        self.files: Any = None
        self.nav: Any = None
        self.env: Environment | None = None

    def on_files(self, files: Any, /, *, config: object) -> Any:
        self.files = files
        return files

    def on_nav(self, nav: Any, /, *, config: object, files: object) -> Any:
        self.nav = nav
        return nav

    def on_env(self, env: Environment, /, *, config: object, files: object) -> Environment:
        env.bytecode_cache = self.bytecode
        self.env = env
        return env


class _NotDirtyWarning(logging.Filter):
    """MkDocs warns at every dirty build that it is one: that is what serve asks for, and in
    strict mode the warning would fail the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "dirty" not in record.getMessage()


class _Said(logging.Handler):
    """What MkDocs and its plugins warn of during a build, as `mkdocs build` prints it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


def build(dirty: bool, strict: bool, said: _Said) -> tuple[bool, KeptSite | None]:
    """One build, as `mkdocs build` runs it: whether it was made (if not, MkDocs refused:
    `said` says why), and what it gathered of the site, if its pages can be built again one
    by one."""
    from mkdocs.commands.build import build as build_site
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(CONFIG_FILE, strict=strict or None)  # None: as mkdocs.yml says
        kept = _KeepSite()
        config.plugins[OURS] = kept  # type: ignore[assignment]
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            build_site(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:  # MkDocs' own refusals: configuration, plugins, strict
        said.lines.append(str(error))
        return False, None
    if dirty or not KeptSite.can_keep(config) or kept.env is None:
        return True, None
    return True, KeptSite(config, kept.files, kept.nav, kept.env)


def build_pages(
    site: KeptSite | None, changed: dict[str, list[str]], strict: bool, said: _Said
) -> bool:
    """The pages changed built again: from the kept site, or by MkDocs' dirty build."""
    if site is None:
        return _dirty(changed["removed"], strict, said)
    before = len(said.lines)
    site.build(changed["written"], changed["removed"], changed["copied"])
    warnings = len(said.lines) - before
    if site.config.strict and warnings:  # as MkDocs' build ends in strict mode
        said.lines.append(f"Aborted with {warnings} warnings in strict mode!")
        return False
    return True


def _dirty(removed: list[str], strict: bool, said: _Said) -> bool:
    """MkDocs' dirty build, which indexes only the pages it builds: the search index of the
    others put back as it was, less the pages removed."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File

    config = load_config(CONFIG_FILE)
    search = os.path.join(config.site_dir, "search", "search_index.json")
    before = None
    if os.path.exists(search):
        with open(search, encoding="utf-8") as file:
            before = json.load(file)
    gone = {File(uri, None, config.site_dir, config.use_directory_urls).url for uri in removed}
    if not build(True, strict, said)[0]:
        return False
    merge_search(search, before, gone)
    return True


def main() -> None:
    strict = "--strict" in sys.argv[1:]
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # what MkDocs or a plugin prints goes to standard error, not into a reply
    said = _Said()
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(said)
    logging.getLogger("mkdocs.commands.build").addFilter(_NotDirtyWarning())
    site: KeptSite | None = None
    for request in sys.stdin:
        said.lines.clear()
        kind, _, changed = request.strip().partition(" ")
        if kind == "written":  # what was asked is done: the search index is written
            ok = True
        elif kind == "pages":
            ok = build_pages(site, json.loads(changed), strict, said)
        else:
            ok, site = build(False, strict, said)
        if not ok:
            site = None  # the next build is whole
        replies.write(json.dumps({"ok": ok, "said": said.lines}) + "\n")
        replies.flush()
        if site is not None:
            site.write_search()  # once the page is shown


if __name__ == "__main__":
    main()
