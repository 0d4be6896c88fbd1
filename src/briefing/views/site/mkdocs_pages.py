"""Some pages of a site built again, in the MkDocs process that built the whole of it
(mkdocs_worker.py), from what that build gathered: the configuration with its plugins, the
files, the navigation and the theme's templates, kept in memory.

MkDocs' own dirty build (`mkdocs serve --dirty`) builds only the pages whose Markdown is newer
than their HTML, but first loads the configuration, lists every file of the site and makes a
File, and a Page, for each, the navigation, and the sitemap of every page: at 15,000 pages,
2.9 s of CPU for one page changed (measured 2026-12-06). Here, a page costs what its own
Markdown and template cost. The sitemap and 404 page wait for the next whole build (they
are not what an edit changes), and so does the search index of a site with other plugins.

Only for a site whose plugins are known: Material's search, which indexes each page it is
given (its entries of the pages built again are replaced, and the index written after the
reply, so that the browser shows the page first). With any other plugin or hook, a plugin
may work on the whole site at each build: MkDocs' dirty build runs instead.

This module imports nothing of briefing: the process needs MkDocs and its theme only.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from jinja2 import Environment

OURS = "briefing/keep-site"  # the plugin of mkdocs_worker.py that keeps what a build gathered
KNOWN_PLUGINS = {"material/search", OURS}
SEARCH = "material/search"


class KeptSite:
    """What a whole build gathered of the site, and the pages built again from it."""

    def __init__(self, config: Any, files: Any, nav: Any, env: Environment) -> None:
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.pages = files.documentation_pages()
        self.search = config.plugins.get(SEARCH)
        self.search_due = False  # pages were built again since the index was written

    @staticmethod
    def can_keep(config: Any) -> bool:
        """Whether the site's plugins are all known: then its pages can be built one by one."""
        return set(config.plugins) <= KNOWN_PLUGINS

    def build(self, written: list[str], removed: list[str], copied: list[str]) -> None:
        """Build again the pages written (paths in the docs folder), forget those removed,
        and copy the other files written (a source's archive) into the site."""
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.files import File, set_exclusions
        from mkdocs.structure.pages import Page

        config, files = self.config, self.files
        gone = set()
        for uri in removed:
            file = files.get_file_from_path(uri)
            if file is not None:
                files.remove(file)
                gone.add(file.url)
        new = []
        for uri in [*copied, *written]:
            if files.get_file_from_path(uri) is None:
                file = File(uri, config.docs_dir, config.site_dir, config.use_directory_urls)
                files.append(file)
                new.append(file)
        set_exclusions(new, config)
        if new or gone:
            self.pages = files.documentation_pages()
        for uri in copied:
            files.get_file_from_path(uri).copy_file()
        pages = [files.get_file_from_path(uri) for uri in written]
        for file in pages:
            if file.page is None:  # a new record's page: in no nav (a new nav is a whole build)
                Page(None, file, config)
        self._forget({file.url for file in pages} | gone)
        for file in pages:
            _populate_page(file.page, config, files)
        for file in pages:
            excluded = file.inclusion.is_excluded()
            _build_page(file.page, config, self.pages, self.nav, self.env, excluded=excluded)
        for file in pages:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)

    def _forget(self, urls: set[str]) -> None:
        """The search entries of these pages out of the index: building them adds theirs."""
        if self.search is None or not self.search.config.enabled:
            return
        index = self.search.search_index
        index.entries = [e for e in index.entries if e["location"].split("#")[0] not in urls]
        self.search_due = True

    def write_search(self) -> None:
        """The search index, written whole if pages were built again since it last was:
        beside, then moved over the old, so that a browser never reads half of it."""
        if not self.search_due:
            return
        self.search_due = False
        path = os.path.join(self.config.site_dir, "search", "search_index.json")
        data = self.search.search_index.generate_search_index(None)
        write_whole(path, data)


def write_whole(path: str, text: str) -> None:
    """A file written beside its place and moved there: whole or not at all."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, encoding="utf-8") as out:
        out.write(text)
    os.replace(out.name, path)


def merge_search(path: str, before: dict[str, Any] | None, gone: set[str]) -> None:
    """After MkDocs' dirty build (which indexes only the pages it built), put back into the
    search index the entries of the pages it did not build, as they were before it."""
    if before is None or not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as file:
        after = json.load(file)
    built = {entry["location"].split("#")[0] for entry in after["docs"]}
    kept = [e for e in before["docs"] if e["location"].split("#")[0] not in built | gone]
    after["docs"] = kept + after["docs"]
    write_whole(path, json.dumps(after, ensure_ascii=False))
