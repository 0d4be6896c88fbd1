"""`article_lines`: one range, or several, so that boilerplate inside a capture is left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run

WIRE = Path("sources") / "wire-2020-01-10-harbour.md"


def _with_lines(project: Path, lines: str) -> None:
    source = project / WIRE
    text = source.read_text()
    source.write_text(text.replace("notes:", f"article_lines: {lines}\nnotes:", 1))


@pytest.mark.parametrize("lines", ["[1, 5]", "[[1, 3], [5, 5]]", "[[1, 1], [3, 5]]"])
def test_quotes_inside_the_ranges_pass(project: Path, lines: str) -> None:
    _with_lines(project, lines)
    result = run("check", "--strict", str(project))
    assert result.exit_code == 0, result.output


def test_a_range_outside_the_text_is_named(project: Path) -> None:
    _with_lines(project, "[[1, 3], [5, 60]]")
    result = run("check", str(project))
    assert "error: article_lines 5-60 are not lines of the text" in result.output
