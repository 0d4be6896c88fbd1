"""Depth, size and count limits: a hostile record is refused at its place, never crashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.records import load
from briefing.records.reading import MAX_DEPTH, MAX_FILE_BYTES, LoadError, parse_yaml_mapping
from briefing.report import check_project
from conftest import console


def nested_by_indentation(levels: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(levels)) + " " * levels + "x: 1\n"


DEEP = {
    "flow lists": "name: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "flow mappings": "name: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
    "indentation": nested_by_indentation(5_000),
    "block items on one line": "name:\n" + "- " * 50_000 + "x\n",
    "complex keys": "? " * 50_000 + "x\n",
    "flow in block": "name:\n" + "".join(" " * i + "- [\n" for i in range(0, 3_000, 2)),
}


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_deep_yaml_is_one_clean_problem_at_its_place(project: Path, text: str) -> None:
    (project / "actors" / "deep.yml").write_text(text)
    result = console("check", "--format", "json", str(project))
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)["problems"]
    deep = [p for p in found if p["path"] == "actors/deep.yml"]
    assert len(deep) == 1
    assert deep[0]["message"] in (
        f"the YAML is nested more than {MAX_DEPTH} levels deep",
        # some shapes are not YAML at all before they are too deep
        *(p["message"] for p in deep if p["message"].startswith("YAML syntax error")),
    )
    assert deep[0]["line"] >= 1 and deep[0]["column"] >= 1


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        (nested_by_indentation(MAX_DEPTH - 1), False),
        (nested_by_indentation(MAX_DEPTH), True),
        ("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH, True),
        ("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), False),
        ("a:\n" + "- " * (MAX_DEPTH - 1) + "x\n", False),
        ("a:\n" + "- " * MAX_DEPTH + "x\n", True),
    ],
)
def test_the_depth_limit_is_the_same_for_every_shape(text: str, deep: bool) -> None:
    # A mapping holding N nested collections is N + 1 levels deep.
    if deep:
        with pytest.raises(LoadError, match="nested more than"):
            parse_yaml_mapping(text, "a.yml")
    else:
        parse_yaml_mapping(text, "a.yml")


def test_a_file_over_the_size_limit_is_refused_unread(project: Path) -> None:
    big = project / "sources" / "big.md"
    big.write_bytes(b"---\ntitle: x\n---\n" + b"word " * (MAX_FILE_BYTES // 5 + 1))
    problems = [p for p in check_project(project).problems if p.origin.path == "sources/big.md"]
    assert [p.render().splitlines()[0] for p in problems] == [
        f"sources/big.md:1:1: error: file is larger than {MAX_FILE_BYTES // 2**20} MB"
    ]


def test_too_many_record_files_are_reported_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load, "MAX_FILES", 3)
    problems = check_project(project).problems
    assert [p.message for p in problems if "record files" in p.message] == [
        "more than 3 record files: only the first 3 are read"
    ]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("check", "--format", "json", "/nonexistent/project"), 2),
        (("check", "--format", "json", "--no-such-option", "."), 2),
        (("check", "--format=json", "--strict", "--strict=3", "."), 2),
    ],
)
def test_json_is_printed_whatever_goes_wrong(args: tuple[str, ...], code: int) -> None:
    result = console(*args)
    assert result.returncode == code
    document = json.loads(result.stdout)
    assert document["ok"] is False and document["errors"] == 1
    assert document["problems"][0]["message"]
    assert "Traceback" not in result.stderr


def test_a_file_with_thousands_of_problems_shows_the_first_hundred(project: Path) -> None:
    brief = project / "briefs/harbour-repairs.md"
    # each malformed citation closed by its own ']' (a stretch of '[@' with none is one)
    brief.write_text(brief.read_text() + "\nBroken: " + "[@ ] " * 1000 + "\n")
    problems = [
        p for p in check_project(project).problems if p.origin.path == "briefs/harbour-repairs.md"
    ]
    assert len(problems) == 101
    assert problems[-1].message == "900 more problems in this file are not shown (900 errors)"
    assert problems[-1].origin.line == problems[-2].origin.line  # placed at the first not shown


def test_a_stretch_of_citation_starts_with_no_end_is_one_problem(project: Path) -> None:
    """'[@[@[@...' with no ']': one broken stretch, one problem where it starts (a megabyte
    of them was half a million problems and 5 s of CPU)."""
    brief = project / "briefs/harbour-repairs.md"
    brief.write_text(brief.read_text() + "\nBroken: " + "[@" * 1000 + "\n")
    problems = [
        p for p in check_project(project).problems if p.origin.path == "briefs/harbour-repairs.md"
    ]
    assert [(p.message, p.origin.column) for p in problems] == [("malformed citation", 9)]
