"""Archives a reader can open: a capture is a WACZ (read back by py-wacz's validator and by
warcio from inside the ZIP), its source page says what was captured when with the archive's
SHA-256, and ReplayWeb.page, bundled into the site, replays it in the real Chromium: the
cited words are found inside the replayed page, with the publisher's server gone."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from briefing.capture.fetch import USER_AGENT
from briefing.capture.wacz import Page, write_wacz
from browser import serve
from conftest import REPOSITORY, VALID, run
from web import PARAGRAPHS, serving, warc_in

pytest_plugins = ["browser"]

ARTICLE = "/2020/01/10/harbour-council.html"
SOURCE_ID = "herald"
CITED = "asked the regional government for help with the cost"
VIEWER = REPOSITORY / "node_modules" / "replaywebpage"
VIEWER_FILES = ("ui.js", "sw.js", "LICENSE")
PAGE = f"sources/{SOURCE_ID}/"


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, Any]]:
    """The article captured from a real server, which stops before any site is built: the
    replay can only come from the archive."""
    with serving() as web:
        yield {"url": web.url(ARTICLE), "body": web.pages[ARTICLE][2], "web": web}


def captured_project(target: Path, url: str, viewer: bool = True) -> Path:
    """The minimal project with the article captured as `herald`, cited by an actor, and
    ReplayWeb.page where npm installs it (unless not `viewer`)."""
    project = Path(shutil.copytree(VALID, target))
    result = run("capture", "--allow-private", "-C", str(project), "--id", SOURCE_ID, url)
    assert result.exit_code == 0, result.output
    with (project / "actors/ana-ruiz.yml").open("a", encoding="utf-8") as actor:
        actor.write(f"      - source: {SOURCE_ID}\n        quote: {CITED}\n")
    if viewer:
        if not all((VIEWER / name).is_file() for name in VIEWER_FILES):
            pytest.skip("ReplayWeb.page is not installed: run `npm ci` in the repository")
        (project / "node_modules/replaywebpage").mkdir(parents=True)
        for name in VIEWER_FILES:
            shutil.copyfile(VIEWER / name, project / "node_modules/replaywebpage" / name)
    return project


@pytest.fixture(scope="module")
def project(served: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return captured_project(tmp_path_factory.mktemp("wacz") / "project", served["url"])


def built(project: Path, engine: str = "mkdocs") -> Path:
    result = run("build", str(project), "--engine", engine, "--no-pdf")
    assert result.exit_code == 0, result.output
    return project / "build" / "site"


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return built(project)


# The archive -----------------------------------------------------------------------------


def test_the_capture_is_a_wacz_that_py_wacz_validates(project: Path) -> None:
    """py-wacz's `wacz validate`: the required files, the datapackage (frictionless), every
    file listed, every hash and the datapackage's digest."""
    archive = project / f"captures/{SOURCE_ID}.wacz"
    result = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(archive)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Version detected as 1.1.1" in result.stdout
    assert "Validation succeeded, the passed WACZ is valid" in result.stdout


def test_the_datapackage_digests_match_the_zip_members(project: Path) -> None:
    with zipfile.ZipFile(project / f"captures/{SOURCE_ID}.wacz") as archive:
        package = json.loads(archive.read("datapackage.json"))
        for resource in package["resources"]:
            content = archive.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
            assert resource["bytes"] == len(content)
        digest = json.loads(archive.read("datapackage-digest.json"))
        assert (
            digest["hash"]
            == "sha256:" + hashlib.sha256(archive.read("datapackage.json")).hexdigest()
        )
        # the WARC is stored, not compressed again: a reader seeks to the index's offsets
        assert archive.getinfo("archive/data.warc.gz").compress_type == zipfile.ZIP_STORED
    assert {path for path in (r["path"] for r in package["resources"])} == {
        "archive/data.warc.gz",
        "indexes/index.cdx",
        "pages/pages.jsonl",
    }


def test_warcio_reads_the_bytes_as_served_from_inside_the_zip(
    project: Path, served: dict[str, Any]
) -> None:
    archive = project / f"captures/{SOURCE_ID}.wacz"
    with warc_in(archive) as stream:
        bodies = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert bodies == [(served["url"], served["body"])]
    # the index's offset leads to that response
    with zipfile.ZipFile(archive) as package:
        (line,) = package.read("indexes/index.cdx").decode().splitlines()
        warc = package.read("archive/data.warc.gz")
    entry = json.loads(line.split(" ", 2)[2])
    assert entry["url"] == served["url"] and entry["filename"] == "data.warc.gz"
    start = int(entry["offset"])
    record = next(ArchiveIterator(io.BytesIO(warc[start : start + int(entry["length"])])))
    assert record.rec_type == "response"
    assert record.content_stream().read() == served["body"]


def test_the_same_capture_makes_the_same_archive(project: Path) -> None:
    with warc_in(project / f"captures/{SOURCE_ID}.wacz") as stream:
        warc = stream.read()
    page = Page("https://example.org/a", "2020-01-10T12:00:00Z", "A page")
    first, second = io.BytesIO(), io.BytesIO()
    write_wacz(warc, page, USER_AGENT, first)
    write_wacz(warc, page, USER_AGENT, second)
    assert first.getvalue() == second.getvalue()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2020, 1, 10, 12, 0, 0)}
        pages = [json.loads(line) for line in archive.read("pages/pages.jsonl").splitlines()]
    assert pages[1] == {"id": "1", "url": page.url, "ts": page.date, "title": page.title}


# The site --------------------------------------------------------------------------------


def source_html(site: Path, source_id: str = SOURCE_ID) -> str:
    return (site / "sources" / source_id / "index.html").read_text(encoding="utf-8")


def test_the_source_page_says_what_was_captured_when_and_the_archives_hash(
    project: Path, site: Path
) -> None:
    archive = (project / f"captures/{SOURCE_ID}.wacz").read_bytes()
    html = source_html(site)
    assert hashlib.sha256(archive).hexdigest() in html
    retrieved = re.search(
        r"^retrieved: '(.*)'$", (project / f"sources/{SOURCE_ID}.md").read_text(), re.M
    )
    assert retrieved is not None
    assert f"as fetched on {retrieved[1].replace(':', '&#58;')}" in html
    assert (site / f"archives/{SOURCE_ID}.wacz").read_bytes() == archive
    assert 'href="../../archives/herald.wacz" download' in html
    for name in VIEWER_FILES:
        assert (site / "replay" / name).read_bytes() == (VIEWER / name).read_bytes()
    assert '<replay-web-page source="../../archives/herald.wacz"' in html
    assert 'replaybase="../../replay/"' in html


def test_a_source_without_a_capture_has_no_archive(site: Path) -> None:
    html = source_html(site, "wire-2020-01-10-harbour")
    assert "replay-web-page" not in html and "The page as captured" not in html
    assert "replay/ui.js" not in html


def test_a_site_with_no_capture_has_no_viewer(tmp_path: Path) -> None:
    project = Path(shutil.copytree(VALID, tmp_path / "project"))
    (project / "node_modules/replaywebpage").mkdir(parents=True)
    for name in VIEWER_FILES:
        (project / "node_modules/replaywebpage" / name).write_text("// the viewer")
    site = built(project)
    assert not (site / "replay").exists() and not (site / "archives").exists()


def test_without_the_viewer_the_page_says_how_to_open_the_archive(
    served: dict[str, Any], tmp_path: Path
) -> None:
    project = captured_project(tmp_path / "project", served["url"], viewer=False)
    site = built(project)
    html = source_html(site)
    assert "replay-web-page" not in html and not (site / "replay").exists()
    assert "Open the archive in ReplayWeb.page" in html
    assert (site / f"archives/{SOURCE_ID}.wacz").is_file()


def test_an_archive_not_in_the_project_is_an_error_at_its_key(
    served: dict[str, Any], tmp_path: Path
) -> None:
    project = captured_project(tmp_path / "project", served["url"], viewer=False)
    (project / f"captures/{SOURCE_ID}.wacz").unlink()
    source = (project / f"sources/{SOURCE_ID}.md").read_text().splitlines()
    line = next(n for n, text in enumerate(source, 1) if text.startswith("wacz:"))
    result = run("build", str(project), "--no-pdf")
    assert result.exit_code == 1
    assert (
        f"sources/{SOURCE_ID}.md:{line}:7: error: the archive captures/{SOURCE_ID}.wacz is not "
        "in the project" in result.output
    )
    assert f"hint: capture the page again (briefing capture --force --id {SOURCE_ID} URL)" in (
        result.output
    )
    assert "Traceback" not in result.output


# The replay, in the real Chromium ----------------------------------------------------------

# The cited words, looked for in every shadow root and same-origin frame of the page, down to
# the replayed page inside ReplayWeb.page's frames: the address of the document they are in.
FIND_WORDS = """
const words = arguments[0];
function dig(root, depth) {
  if (!root || depth > 16) return null;
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) {
      const found = dig(element.shadowRoot, depth + 1);
      if (found) return found;
    }
    if (element.tagName === 'IFRAME') {
      let inner = null;
      try { inner = element.contentDocument; } catch (error) {}
      if (inner && inner.body) {
        if (inner.body.innerText.includes(words)) return inner.location.href;
        const found = dig(inner, depth + 1);
        if (found) return found;
      }
    }
  }
  return null;
}
return dig(document, 0);
"""


# The replayed page's frame where the words were marked (replay-cite.js): how far it is
# scrolled, how tall it is, and whether the marked words are the cited ones.
MARKED = """
const box = document.querySelector('.replay');
if (!box || box.dataset.found !== 'true') return null;
const frames = [];
(function dig(root) {
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) dig(element.shadowRoot);
    if (element.tagName === 'IFRAME' && element.contentDocument) {
      frames.push(element.contentWindow);
      dig(element.contentDocument);
    }
  }
})(box);
for (const frame of frames) {
  const cited = frame.CSS.highlights.get('briefing-cited');
  if (cited) {
    const [range] = cited;
    const top = range.getBoundingClientRect().top;
    return {scrolled: frame.scrollY, height: frame.innerHeight, top: top, words: range.toString()};
  }
}
return null;
"""


def replayed_at(chromium: Any, site: Path, words: str, page: str = PAGE) -> tuple[str, str]:
    """The address of the replayed document the words are in, and the page's own address;
    the page stays open (with its server) until the words are marked in it."""
    from browser import wait_for

    with serve(site) as base:
        chromium.get(base + page)

        def found(driver: Any) -> str | None:
            where: str | None = driver.execute_script(FIND_WORDS, words)
            return where

        where = wait_for(chromium, found, timeout=60)
        wait_for(chromium, lambda driver: driver.execute_script(MARKED), timeout=30)
        return where, base


@contextlib.contextmanager
def serve_with_a_slow_worker(site: Path, delay: float) -> Iterator[str]:
    """The site on 127.0.0.1, with ReplayWeb.page's service worker sent `delay` seconds late,
    as a slow machine or network would: the viewer has reloaded its frame and given up
    before the worker answers."""

    class Slow(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path.split("?")[0].endswith("/replay/sw.js"):
                time.sleep(delay)
            super().do_GET()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Slow, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def marked(chromium: Any) -> dict[str, Any]:
    result: dict[str, Any] = chromium.execute_script(MARKED)
    return result


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_reader_finds_the_cited_words_in_the_replayed_page(
    chromium: Any, served: dict[str, Any], tmp_path: Path, engine: str
) -> None:
    from briefing.views.site.engine import zensical_installed

    if engine == "zensical" and not zensical_installed():
        pytest.skip("Zensical is not installed (pip install briefing[zensical])")
    project = captured_project(tmp_path / "project", served["url"])
    site = built(project, engine)
    where, base = replayed_at(chromium, site, CITED)
    # replayed by the service worker of the site's replay/ folder, from the archive: the
    # address is the publisher's, under replay/, at the capture's time
    assert where.startswith(base + "replay/w/")
    assert where.endswith("mp_/" + served["url"])
    # the whole article is there, not the cited words only, and the cited words are marked
    assert chromium.execute_script(FIND_WORDS, PARAGRAPHS[-1]) == where
    assert marked(chromium)["words"] == CITED


def test_the_replay_opens_at_the_cited_words_far_down_a_long_page(
    chromium: Any, served: dict[str, Any], tmp_path: Path
) -> None:
    from web import article_page

    filler = [
        f"Paragraph {n} of the council's long list of the storm's damage." for n in range(120)
    ]
    web = served["web"]
    web.pages["/long/harbour.html"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        article_page([*filler, PARAGRAPHS[1], *filler[:40]]),
    )
    project = captured_project(tmp_path / "project", web.url("/long/harbour.html"))
    site = built(project)
    where, _ = replayed_at(chromium, site, CITED)
    assert where.endswith("mp_/" + web.url("/long/harbour.html"))
    shown = marked(chromium)
    assert shown["words"] == CITED
    # scrolled down to the words, which stand inside the frame's height
    assert shown["scrolled"] > shown["height"]
    assert 0 <= shown["top"] <= shown["height"]
    # the reader's place on the source page is kept: it opens at its top
    assert chromium.execute_script("return window.scrollY") == 0


def test_a_service_worker_slow_to_start_still_replays_the_page(chromium: Any, site: Path) -> None:
    """Until the worker answers, the frame's address is the site's replay/index.html, which
    waits for it and loads again (without it: a directory listing, or a 404, for good)."""
    from browser import wait_for

    with serve_with_a_slow_worker(site, delay=2.0) as base:
        chromium.get(base + PAGE)

        def found(driver: Any) -> str | None:
            where: str | None = driver.execute_script(FIND_WORDS, CITED)
            return where

        assert wait_for(chromium, found, timeout=60).startswith(base + "replay/w/")


def test_an_older_capture_s_warc_is_replayed_as_it_is(
    chromium: Any, served: dict[str, Any], tmp_path: Path
) -> None:
    project = captured_project(tmp_path / "project", served["url"])
    with warc_in(project / f"captures/{SOURCE_ID}.wacz") as stream:
        (project / f"captures/{SOURCE_ID}.warc.gz").write_bytes(stream.read())
    (project / f"captures/{SOURCE_ID}.wacz").unlink()
    source = project / f"sources/{SOURCE_ID}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(f"wacz: captures/{SOURCE_ID}.wacz", f"warc: captures/{SOURCE_ID}.warc.gz")
    )
    site = built(project)
    html = source_html(site)
    warc = (project / f"captures/{SOURCE_ID}.warc.gz").read_bytes()
    assert hashlib.sha256(warc).hexdigest() in html and "(WARC," in html
    assert (site / f"archives/{SOURCE_ID}.warc.gz").read_bytes() == warc
    where, base = replayed_at(chromium, site, CITED)
    assert where.startswith(base + "replay/w/")


def test_serve_brings_a_new_capture_s_archive_into_the_live_site(
    project: Path, tmp_path: Path
) -> None:
    """A capture made while `serve` runs adds one source: the update that renders its page
    (not a full build) copies its archive and the viewer too."""
    from briefing.build import Options, build
    from briefing.incremental.live import LiveSite

    live_project = Path(shutil.copytree(VALID, tmp_path / "project"))
    shutil.copytree(project / "node_modules", live_project / "node_modules")
    with LiveSite(live_project) as live:
        build(live_project, Options(pdfs=False), live=live)
        assert not (live.site / "archives").exists()
        (live_project / "captures").mkdir()
        for part in (f"captures/{SOURCE_ID}.wacz", f"sources/{SOURCE_ID}.md"):
            shutil.copyfile(project / part, live_project / part)
        result = build(live_project, Options(pdfs=False), live=live)
        assert result.update is not None and not result.update.full
        archive = (project / f"captures/{SOURCE_ID}.wacz").read_bytes()
        assert (live.site / f"archives/{SOURCE_ID}.wacz").read_bytes() == archive
        assert (live.site / "replay/sw.js").is_file()
        assert hashlib.sha256(archive).hexdigest() in source_html(live.site)
