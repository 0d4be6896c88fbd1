"""The page as it was captured, on its source's page: the archive (a WACZ, or the WARC of an
older capture) copied into the site under archives/, and ReplayWeb.page, which replays it in
the reader's browser with no server of ours: its ui.js and service worker (sw.js) are copied
from the project's node_modules/replaywebpage (`npm install replaywebpage`) into replay/.

The service worker answers for replay/ only (its scope is its folder): ReplayWeb.page loads
the replayed page in a frame under that folder, so one copy serves every source page. Older
captures' WARC files are replayed as they are (ReplayWeb.page reads WARC): a WACZ made from
them at each build would be a second file whose hash no capture recorded.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from markupsafe import Markup, escape

from briefing.paths import inside_project
from briefing.problems import BriefingError, Problem
from briefing.records.model import Source
from briefing.views.shared import page_url

ARCHIVES = "archives"  # in the site: the archives, by their file name in captures/
REPLAY = "replay"  # in the site: ReplayWeb.page's ui.js and sw.js
VIEWER = Path("node_modules") / "replaywebpage"  # in the project, where npm installs it
VIEWER_FILES = ("ui.js", "sw.js", "LICENSE")  # its licence (AGPL-3.0) goes with its code
CITE_SCRIPT = "replay-cite.js"  # ours: opens the replayed page at the cited words
# ours, as replay/index.html: the frame's page until the service worker answers (see there)
WAITING_PAGE = "replay-index.html"
CITED_WORDS = 12  # the words looked for: enough to be found once, few enough to fit a line


@dataclass(frozen=True)
class Archive:
    """A source's archive as the site shows it."""

    path: str  # in the project: captures/<id>.wacz (or .warc.gz)
    sha256: str
    size: int

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def kind(self) -> str:
        return "WACZ" if self.path.endswith(".wacz") else "WARC"

    @property
    def shown_size(self) -> str:
        return f"{self.size / 1024:,.0f} KB" if self.size >= 1024 else f"{self.size} bytes"


def archive_path(source: Source) -> str | None:
    """The archive a source's front matter names: its WACZ, else an older capture's WARC."""
    return source.wacz or source.warc


def archive_of(root: Path | None, source: Source) -> Archive | None:
    """The source's archive with its hash, or None: no archive named, or none in the project
    (which `copy_archives` reports when the site is built)."""
    path = archive_path(source)
    if root is None or path is None:
        return None
    file = inside_project(root, root / path)
    if not file.is_file():
        return None
    digest = hashlib.sha256()
    with file.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return Archive(path, digest.hexdigest(), file.stat().st_size)


def viewer_installed(root: Path | None) -> bool:
    """Whether the project has ReplayWeb.page where npm installs it (no link out of it)."""
    if root is None:
        return False
    return all(inside_project(root, root / VIEWER / name).is_file() for name in VIEWER_FILES)


def up_to_root(page: str, engine: str = "mkdocs") -> str:
    """The '../'s from a page to the site's root, in raw HTML (see shared.raw_href): MkDocs
    leaves them as written; Zensical reads an href or a src from the page's Markdown file,
    but leaves other attributes (ReplayWeb.page's) as written: those are given no engine."""
    up = page_url(page).count("/")
    if engine == "zensical" and not page.endswith("index.md"):
        up -= 1
    return "../" * up


def cited_words(passage: str) -> str:
    """The first words of a cited passage, within its first line (a paragraph of the page),
    as the replayed page shows them."""
    return " ".join(passage.strip().split("\n", 1)[0].split()[:CITED_WORDS])


def replay_embed(
    page: str, archive: Archive, url: str, title: str, engine: str, cited: str = ""
) -> Markup:
    """ReplayWeb.page's element for one archive, opened at `url`, the script that defines
    the element, and ours, which selects the `cited` words in the replayed page."""
    root = up_to_root(page)
    attributes = {
        "source": f"{root}{ARCHIVES}/{archive.name}",
        "url": url,
        "replaybase": f"{root}{REPLAY}/",
        "embed": "replayonly",
        "title": title,
    }
    shown = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items())
    cite = f' data-cite="{escape(cited)}"' if cited else ""
    scripts = up_to_root(page, engine) + REPLAY
    return Markup(
        f'<div class="replay"{cite}>\n<replay-web-page {shown}></replay-web-page>\n</div>\n'
        f'<script src="{scripts}/ui.js"></script>\n'
        f'<script src="{scripts}/{CITE_SCRIPT}"></script>'
    )


def archive_href(page: str, archive: Archive, engine: str) -> str:
    return f"{up_to_root(page, engine)}{ARCHIVES}/{archive.name}"


def copy_archives(root: Path, sources: list[Source], docs: Path) -> list[str]:
    """Each source's archive into docs/archives/, and, when some source has one and the
    project has ReplayWeb.page, its files into docs/replay/; return the files written, by
    their paths in `docs`. BriefingError, with the place of the front matter's key, for an
    archive named and not in the project."""
    missing = []
    written: list[str] = []
    for source in sources:
        path = archive_path(source)
        if path is None:
            continue
        file = inside_project(root, root / path)
        if not file.is_file():
            key = "wacz" if source.wacz else "warc"
            missing.append(
                Problem(
                    source.at(key),
                    f"the archive {path} is not in the project",
                    f"capture the page again (briefing capture --force --id "
                    f"{source.record_id} URL), or remove '{key}:' from the front matter",
                )
            )
            continue
        (docs / ARCHIVES).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, docs / ARCHIVES / file.name)
        written.append(f"{ARCHIVES}/{file.name}")
    if missing:
        raise BriefingError(*missing)
    if written and viewer_installed(root):
        (docs / REPLAY).mkdir(parents=True, exist_ok=True)
        for name in VIEWER_FILES:
            shutil.copyfile(root / VIEWER / name, docs / REPLAY / name)
        assets = resources.files("briefing") / "assets"
        (docs / REPLAY / CITE_SCRIPT).write_bytes((assets / CITE_SCRIPT).read_bytes())
        (docs / REPLAY / "index.html").write_bytes((assets / WAITING_PAGE).read_bytes())
        written += [f"{REPLAY}/{name}" for name in (*VIEWER_FILES, CITE_SCRIPT, "index.html")]
    return written
