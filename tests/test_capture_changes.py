"""A captured source's text edited by hand: `check` shows what changed against the capture
(its WARC, its text extracted again), at the first line that changed, through the real CLI
after a real capture from a local web (tests/web.py)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import VALID, run
from web import Web, article_page, serving

ARTICLE = "/2020/01/10/harbour-council.html"
SOURCE_ID = "portvilleherald-2020-01-10"
SOURCE = f"sources/{SOURCE_ID}.md"
LIMIT = 30.0  # seconds: the check of a long capture takes one or two


@pytest.fixture(scope="module")
def web() -> Iterator[Web]:
    with serving() as running:
        yield running


@pytest.fixture
def captured(web: Web, tmp_path: Path) -> Path:
    project = Path(shutil.copytree(VALID, tmp_path / "project"))
    result = run("capture", "--allow-private", "-C", str(project), web.url(ARTICLE))
    assert result.exit_code == 0, result.output
    return project


def edit(project: Path, old: str, new: str) -> int:
    """Replace words of the source's text; the line of the file they stand on."""
    file = project / SOURCE
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def changed_problem(project: Path) -> dict[str, object]:
    result = run("check", "--format", "json", str(project))
    assert result.exit_code == 1, result.output
    (problem,) = [p for p in json.loads(result.output)["problems"] if p["severity"] == "error"]
    assert isinstance(problem, dict)
    return problem


def test_an_edit_is_shown_against_the_capture_at_its_line(captured: Path) -> None:
    line = edit(captured, "forty fishing boats", "fourty fishing boats")
    later = edit(captured, "A spokesman for the regional government said", "A spokesman said")
    result = run("check", str(captured))
    assert result.exit_code == 1
    column = len("The storm damaged fo") + 1
    assert (
        f"{SOURCE}:{line}:{column}: error: text of source '{SOURCE_ID}' changed since it was "
        "captured on "
    ) in result.output
    assert (
        f"  --- captures/{SOURCE_ID}.wacz (the text as captured)\n"
        f"  +++ {SOURCE}\n"
        f"  @@ line {line} @@\n"
        "  -The storm damaged forty fishing boats and the old lighthouse, according to the "
        "harbour master, who s…\n"
        "  +The storm damaged fourty fishing boats and the old lighthouse, according to the "
        "harbour master, who …\n"
        f"  @@ line {later} @@\n"
    ) in result.output
    assert "git diff" not in result.output
    assert f"briefing rehash {SOURCE_ID} --reason" in result.output


def test_many_changes_are_counted_not_all_shown(captured: Path) -> None:
    text = (captured / SOURCE).read_text(encoding="utf-8")
    body_start = text.index("---\n", 4) + 4
    lines = text[body_start:].split("\n")
    changed = [f"» {line}" if line else line for line in lines]
    (captured / SOURCE).write_text(text[:body_start] + "\n".join(changed), encoding="utf-8")
    problem = changed_problem(captured)
    details = problem["details"]
    assert isinstance(details, list)
    changed_count = sum(1 for line in lines if line)
    shown = [d for d in details if d[:1] in "-+" and not d.startswith(("---", "+++"))]
    assert len(shown) == 8
    assert details[-1] == f"... and {2 * changed_count - 8} more changed lines"
    assert problem["line"] == text[:body_start].count("\n") + 1
    assert problem["column"] == 1


def test_the_same_problem_from_the_cache(captured: Path) -> None:
    line = edit(captured, "forty fishing boats", "fourty fishing boats")
    first = changed_problem(captured)
    assert (captured / "build" / ".cache").is_dir()
    assert changed_problem(captured) == first
    assert first["line"] == line


def test_without_its_capture_the_problem_stays_at_the_hash(captured: Path) -> None:
    edit(captured, "forty fishing boats", "fourty fishing boats")
    (captured / "captures" / f"{SOURCE_ID}.wacz").unlink()
    problem = changed_problem(captured)
    assert problem["line"] == 10  # sha256:
    assert f"git diff {SOURCE} shows it, if the project is in git" in str(problem["hint"])


def test_a_capture_that_reads_as_another_text_is_not_diffed(web: Web, captured: Path) -> None:
    """An archive whose text, extracted again, has not the hash the capture recorded (here, the
    capture of another document put in its place; as well a newer extractor's reading)
    would show changes no one made: the problem stays at the hash."""
    survey = web.url("/reports/harbour-survey.pdf")
    other = run("capture", "--allow-private", "-C", str(captured), "--id", "survey", survey)
    assert other.exit_code == 0, other.output
    archive = captured / f"captures/{SOURCE_ID}.wacz"
    shutil.copyfile(captured / "captures/survey.wacz", archive)
    edit(captured, "forty fishing boats", "fourty fishing boats")
    problem = changed_problem(captured)
    assert (problem["path"], problem["line"], problem["column"]) == (SOURCE, 10, 9)
    assert problem["details"] == []


def test_after_a_recorded_edit_the_diff_is_against_the_capture(captured: Path) -> None:
    edit(captured, "forty fishing boats", "40 fishing boats")
    rehashed = run("rehash", "-C", str(captured), SOURCE_ID, "--reason", "digits")
    assert rehashed.exit_code == 0, rehashed.output
    edit(captured, "the old lighthouse", "the new lighthouse")
    problem = changed_problem(captured)
    assert "changed since its last recorded edit on" in str(problem["message"])
    details = problem["details"]
    assert isinstance(details, list)
    assert any("forty fishing boats and the old lighthouse" in d for d in details)
    assert any("40 fishing boats and the new lighthouse" in d for d in details)


def test_build_says_it_as_check_does(captured: Path) -> None:
    line = edit(captured, "forty fishing boats", "fourty fishing boats")
    result = run("build", str(captured))
    assert result.exit_code == 1
    assert f"{SOURCE}:{line}:21: error: text of source '{SOURCE_ID}' changed" in result.output
    assert "  +The storm damaged fourty fishing boats" in result.output


def test_a_long_text_rewritten_throughout_is_diffed_in_linear_time(
    web: Web, captured: Path
) -> None:
    """A hang guard: difflib compares a window of lines from the first change, where a
    diff of the whole texts, 5,000 paragraphs of 50 kinds each edited, takes minutes
    (its time grows with the product of the lines, and more where lines repeat)."""
    paragraphs = [
        f"Paragraph of kind {n % 50} of a long report on the harbour." for n in range(5000)
    ]
    web.pages["/long.html"] = (200, {"Content-Type": "text/html"}, article_page(paragraphs))
    try:
        result = run(
            "capture", "--allow-private", "-C", str(captured), "--id", "long", web.url("/long.html")
        )
    finally:
        del web.pages["/long.html"]
    assert result.exit_code == 0, result.output
    file = captured / "sources/long.md"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("of kind 1", "of sort 2").replace("of kind 3", "of kind 4"))
    started = time.monotonic()
    result = run("check", "--format", "json", str(captured))
    assert time.monotonic() - started < LIMIT
    (problem,) = [p for p in json.loads(result.output)["problems"] if p["severity"] == "error"]
    assert problem["path"] == "sources/long.md"
    assert problem["details"][-1] == "... and more changed lines below"
