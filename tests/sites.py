"""Built sites for the tests: the repository's sample and the hostile corpus, built once."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import CORPORA, REPOSITORY, run

# editions/: the sample records its editions, and its briefing.yml compares with one.
PROJECT_PARTS = ("sources", "actors", "events", "briefs", "editions", "mkdocs.yml", "briefing.yml")


def copy_project(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        elif (source / part).is_file():
            shutil.copyfile(source / part, target / part)
    return target


def build(source: Path, target: Path, engine: str = "mkdocs") -> Path:
    project = copy_project(source, target)
    result = run("build", str(project), "--engine", engine)
    assert result.exit_code == 0, result.output
    return project / "build" / "site"


class Page(HTMLParser):
    """The links, sources and ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.scripts: list[str] = []
        self.handlers: list[str] = []  # event handler attributes: onclick=..., onerror=...
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value}>")
            if name in ("id", "name") and value:
                self.ids.add(value)
            if name in ("href", "src", "xlink:href") and value is not None:
                self.links.append((tag, name, value))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


class Words(HTMLParser):
    """The text of a page, outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skipping = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skipping = False

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def words(file: Path) -> str:
    """What a page says, its white space as one space each."""
    page = Words()
    page.feed(file.read_text(encoding="utf-8"))
    return " ".join("".join(page.parts).split())


def parse(file: Path) -> Page:
    page = Page()
    page.feed(file.read_text(encoding="utf-8"))
    return page


def target_file(site: Path, page_file: Path, href: str) -> Path | None:
    """The file an internal link points to, or None for a link to another host."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page_file
    path = (page_file.parent / unquote(parts.path)).resolve()
    if path.is_dir() or parts.path.endswith("/"):
        path = path / "index.html"
    return path


__all__ = ["CORPORA", "REPOSITORY", "build", "parse", "target_file", "words"]
