"""Fixity: a source's text proves it is the text captured; rehash records intended edits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.check.fixity import text_hash
from briefing.report import check_project
from conftest import VALID, run

WIRE = "sources/wire-2020-01-10-harbour.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(VALID, tmp_path / "project"))


def body_of(file: Path) -> bytes:
    return file.read_bytes().split(b"\n---\n", 1)[1]


@pytest.mark.parametrize(
    ("text", "same"),
    [
        ("one\ntwo\n", "one\r\ntwo\r\n"),  # a checkout's line ends are not an edit
        ("one\ntwo\n", "one\rtwo\r"),
    ],
)
def test_line_ends_do_not_change_the_hash(text: str, same: str) -> None:
    assert text_hash(text) == text_hash(same)


@pytest.mark.parametrize("changed", ["one\ntwo \n", "one\n\ntwo\n", "one\ntwo", "One\ntwo\n"])
def test_any_other_change_does(changed: str) -> None:
    assert text_hash(changed) != text_hash("one\ntwo\n")


def test_a_changed_text_is_an_error_at_its_hash_and_rehash_records_why(project: Path) -> None:
    wire = project / WIRE
    wire.write_bytes(wire.read_bytes().replace(b"Example Wire.", b"the Wire.", 1))
    result = run("check", str(project))
    assert result.exit_code == 1
    assert (
        f"{WIRE}:10:9: error: text of source 'wire-2020-01-10-harbour' changed since it was hashed"
        in result.output
    )
    assert 'briefing rehash wire-2020-01-10-harbour --reason "' in result.output
    body = body_of(wire)
    # without a reason, nothing is written
    refused = run("rehash", "-C", str(project), "wire-2020-01-10-harbour")
    assert refused.exit_code == 1 and "say why" in refused.output
    assert "the Wire." in wire.read_text()
    done = run("rehash", "-C", str(project), "wire-2020-01-10-harbour", "--reason", "typo mended")
    assert done.exit_code == 0, done.output
    assert body_of(wire) == body  # the text, byte for byte
    report = check_project(project)
    assert report.problems == []
    source = report.index.briefing.sources["wire-2020-01-10-harbour"]
    (edit,) = source.edits
    assert edit.reason == "typo mended" and edit.sha256 == source.sha256 != edit.previous
    from briefing.views.site.render import render_pages

    page = render_pages(report.index, report.settings)[f"sources/{source.record_id}.md"]
    assert "**Edits of the text since its capture:**" in page and "typo mended" in page


def test_sources_without_a_hash_are_reported_once_and_rehash_adds_them(project: Path) -> None:
    for file in (project / "sources").glob("*.md"):
        file.write_text(
            "".join(line for line in file.read_text().splitlines(True) if "sha256" not in line)
        )
    report = check_project(project)
    (problem,) = report.problems
    assert problem.message == (
        "2 sources have no hash, so a later change of their text would go unnoticed: "
        "gazette-2020-01-11-harbour, wire-2020-01-10-harbour"
    )
    bodies = {file: body_of(file) for file in (project / "sources").glob("*.md")}
    assert run("rehash", "-C", str(project)).exit_code == 0
    assert check_project(project).problems == []
    assert {file: body_of(file) for file in bodies} == bodies
    assert "every source has a hash" in run("rehash", "-C", str(project)).output


def test_rehash_keeps_comments_and_other_keys(project: Path) -> None:
    wire = project / WIRE
    text = wire.read_text().replace("language: en\n", "language: en  # English\n")
    wire.write_text(text.replace("Example Wire.", "Example Wire!", 1))
    assert (
        run("rehash", "-C", str(project), "wire-2020-01-10-harbour", "--reason", "r").exit_code == 0
    )
    assert "language: en  # English\n" in wire.read_text()


def test_ungraded_source_is_a_warning_until_graded(project: Path) -> None:
    wire = project / WIRE
    wire.write_text(wire.read_text().replace("reliability: B\n", "reliability: ungraded\n"))
    (problem,) = check_project(project).problems
    assert problem.severity == "warning"
    assert problem.message == "source 'wire-2020-01-10-harbour' is not graded yet"
    wire.write_text(wire.read_text().replace("reliability: ungraded\n", "reliability: A\n"))
    wire.write_text(
        "".join(
            line for line in wire.read_text().splitlines(True) if "reliability_reason" not in line
        )
    )
    (problem,) = check_project(project).problems
    assert problem.message == "missing required key 'reliability_reason'"
