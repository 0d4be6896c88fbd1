"""verify-live against later versions of pages on the local web: a quote still there, moved,
changed, removed, on a page that is gone, and one whose link would not be unique."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import VALID, run
from web import PARAGRAPHS, Web, article_page, serving

ARTICLE = "/2020/01/10/harbour-council.html"
QUOTES = {
    "present": "The harbour council met on Thursday to plan repairs",
    "changed": "rebuild the north pier before the summer season",
    "moved": "The storm damaged forty fishing boats and the old lighthouse",
    "gone": "a decision on the money would be taken at the next meeting",
}
ARCHIVED = "https://web.archive.org/web/2020/https://gazette.example/harbour"


@pytest.fixture
def web() -> Iterator[Web]:
    with serving() as running:
        yield running


@pytest.fixture
def project(web: Web, tmp_path: Path) -> Path:
    project = Path(shutil.copytree(VALID, tmp_path / "project"))
    assert (
        run(
            "capture", "--allow-private", "-C", str(project), "--id", "herald", web.url(ARTICLE)
        ).exit_code
        == 0
    )
    actor = project / "actors/harbour-council.yml"
    cites = "".join(f"    - source: herald\n      quote: {quote}\n" for quote in QUOTES.values())
    actor.write_text(actor.read_text().replace("  cite:\n", "  cite:\n" + cites, 1))
    gazette = project / "sources/gazette-2020-01-11-harbour.md"
    gazette.write_text(
        gazette.read_text().replace(
            "language: en\n", f"language: en\nurl: {web.url('/gone')}\narchived_url: {ARCHIVED}\n"
        )
    )
    return project


def later_version(web: Web) -> None:
    """The page as the publisher changed it: a sentence changed, one moved, one removed, and
    a pull quote that repeats the first words."""
    first, second, third, fourth, _ = PARAGRAPHS
    second = second.replace("before the summer season", "before the autumn")
    pull = "The harbour council met on Thursday to plan repairs, the town's first since 1987."
    page = article_page([first, second, fourth, third, pull])
    web.pages[ARTICLE] = (200, {"Content-Type": "text/html; charset=utf-8"}, page)


def sources_of(project: Path) -> dict[str, bytes]:
    return {file.name: file.read_bytes() for file in (project / "sources").glob("*.md")}


def test_an_unchanged_page_has_every_quote_present(web: Web, project: Path) -> None:
    result = run("verify-live", "--allow-private", "-C", str(project), "herald")
    assert result.exit_code == 0, result.output
    assert result.output.count(": present: herald:") == 4


def test_later_versions_are_reported_quote_by_quote(web: Web, project: Path) -> None:
    later_version(web)
    before = sources_of(project)
    result = run("verify-live", "--allow-private", "-C", str(project), "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    status = {f["quote"]: f for f in findings if f["source"] == "herald"}
    for expected, quote in QUOTES.items():
        assert status[quote]["status"] == expected, status[quote]
    assert status[QUOTES["present"]]["not_unique"] is True
    assert "before the autumn" in status[QUOTES["changed"]]["closest"]
    gazette = [f for f in findings if f["source"] == "gazette-2020-01-11-harbour"]
    assert gazette and all(f["status"] == "gone" for f in gazette)
    assert all(ARCHIVED in f["detail"] and "410" in f["detail"] for f in gazette)
    assert sources_of(project) == before  # the stored text is never changed


def test_the_table_sums_up_and_each_line_names_its_citation(web: Web, project: Path) -> None:
    later_version(web)
    result = run("verify-live", "--allow-private", "-C", str(project), "--workers", "2")
    assert result.exit_code == 1
    assert "actors/harbour-council.yml:" in result.output
    assert ": changed: herald: “rebuild the north pier before the summer season”" in result.output
    assert "(not unique: add prefix/suffix)" in result.output
    table = result.output.split("\n\n")[-1].splitlines()
    assert table[0].split() == ["status", "quotes"]
    assert dict(line.rsplit(None, 1) for line in table[1:]) == {
        "present": "1",
        "moved": "1",
        "changed": "1",
        "gone": str(1 + 3),  # removed from the page; and the gazette's 3 quotes, page gone
        "unreachable": "0",
        "not unique": "1",
    }


def test_an_unknown_source_is_misuse(project: Path) -> None:
    result = run("verify-live", "--allow-private", "-C", str(project), "heral")
    assert result.exit_code == 2
    assert "did you mean 'herald'?" in result.output
