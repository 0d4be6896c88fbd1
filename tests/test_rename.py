"""`briefing rename OLD NEW`: every place that names a record, edited in place, all or none."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from briefing.analysis.editions import changes, load_editions
from briefing.check.refs import references_to
from briefing.check.rename import TextEdit, apply_edits, renaming
from briefing.records.model import Brief
from briefing.report import check_project
from conftest import REPOSITORY, console, run
from sites import copy_project

sys.path.insert(0, str(REPOSITORY / "benchmarks"))
from generate import generate  # noqa: E402

PARTS = ("sources", "actors", "events", "briefs", "editions", "captures")


def files_of(root: Path) -> dict[str, bytes]:
    """Every file of the project's records, editions and captures, by path."""
    return {
        file.relative_to(root).as_posix(): file.read_bytes()
        for part in PARTS
        for file in sorted((root / part).rglob("*"))
        if file.is_file()
    }


def as_word(record_id: str) -> re.Pattern[str]:
    """The id as a whole word: an id's hyphens are part of it."""
    return re.compile(rf"(?<![a-z0-9-]){re.escape(record_id)}(?![a-z0-9-])")


def named(root: Path, record_id: str) -> list[str]:
    """The files whose text has the id as a whole word."""
    pattern = as_word(record_id)
    return sorted(path for path, data in files_of(root).items() if pattern.search(data.decode()))


def check_output(root: Path) -> tuple[int, str]:
    result = run("check", str(root))
    return result.exit_code, result.output.splitlines()[-1]


# --- the valid minimal corpus: what each kind of place becomes --------------------------


def test_rename_a_source_edits_every_place_and_moves_its_file(project: Path) -> None:
    before = check_output(project)
    result = run("rename", "wire-2020-01-10-harbour", "wire-harbour", str(project))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "renamed source 'wire-2020-01-10-harbour' to 'wire-harbour': 9 edits in 5 files"
    )
    assert "sources/wire-2020-01-10-harbour.md -> sources/wire-harbour.md" in result.output
    assert not (project / "sources/wire-2020-01-10-harbour.md").exists()
    assert named(project, "wire-2020-01-10-harbour") == []
    brief = (project / "briefs/harbour-repairs.md").read_text()
    assert '[@wire-harbour, "met on Thursday' in brief
    assert '@wire-harbour, "rebuild the north pier' in brief
    assert check_output(project) == before


def test_rename_an_actor_edits_links_participants_and_affiliations(project: Path) -> None:
    result = run("rename", "harbour-council", "portville-council", str(project))
    assert result.exit_code == 0, result.output
    assert (
        "[[portville-council]] met on Thursday"
        in (project / "briefs/harbour-repairs.md").read_text()
    )
    assert (
        "  - actor: portville-council\n    role: met"
        in (project / "events/2020-01-09-council-meeting.yml").read_text()
    )
    assert (
        "  - actor: portville-council\n    role: member"
        in (project / "actors/ana-ruiz.yml").read_text()
    )
    assert (project / "actors/portville-council.yml").is_file()
    assert check_output(project)[0] == 0


def test_comments_quotes_and_flow_lists_are_kept(project: Path) -> None:
    event = project / "events/2020-01-09-council-meeting.yml"
    text = event.read_text()
    text = text.replace("  - actor: ana-ruiz\n", "  - actor: 'ana-ruiz'   # the mayor, quoted\n")
    text += "related: [2020-01-09-council-meeting-b]\n"
    event.write_text(text)
    other = project / "events/2020-01-09-council-meeting-b.yml"
    other.write_text(
        text.replace(
            "related: [2020-01-09-council-meeting-b]", "related: [ 2020-01-09-council-meeting ]"
        )
    )
    result = run("rename", "2020-01-09-council-meeting", "2020-01-09-harbour-meeting", str(project))
    assert result.exit_code == 0, result.output
    assert (project / "events/2020-01-09-harbour-meeting.yml").read_text() == text
    assert other.read_text().endswith("related: [ 2020-01-09-harbour-meeting ]\n")
    result = run("rename", "ana-ruiz", "ana-ruiz-mayor", str(project))
    assert result.exit_code == 0, result.output
    assert "  - actor: 'ana-ruiz-mayor'   # the mayor, quoted\n" in other.read_text()


def test_dry_run_prints_the_edits_and_writes_nothing(project: Path) -> None:
    before = files_of(project)
    result = run("rename", "ana-ruiz", "ana-ruiz-mayor", str(project), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "actors/ana-ruiz.yml -> actors/ana-ruiz-mayor.yml",
        "briefs/harbour-repairs.md:23:3: 'ana-ruiz' -> 'ana-ruiz-mayor'",
        "events/2020-01-09-council-meeting.yml:13:12: 'ana-ruiz' -> 'ana-ruiz-mayor'",
        "would make 2 edits in 3 files; nothing written (--dry-run)",
    ]
    assert files_of(project) == before


def test_the_edits_of_open_buffers_are_made_at_their_places(project: Path) -> None:
    """An editor asks with its buffers' texts, which the files on disk do not have yet."""
    brief = (project / "briefs/harbour-repairs.md").read_text()
    unsaved = brief + '\nAs [[ana-ruiz|the mayor]] said [@wire-2020-01-10-harbour, "x y z w"].\n'
    lines = unsaved.count("\n")
    found = renaming(project, "ana-ruiz", "mayor", {"briefs/harbour-repairs.md": unsaved})
    assert TextEdit("briefs/harbour-repairs.md", lines, 6, 14, "ana-ruiz", "mayor") in found.edits
    applied = apply_edits(
        unsaved, [e for e in found.edits if e.path == "briefs/harbour-repairs.md"]
    )
    assert applied.endswith(
        '\nAs [[mayor|the mayor]] said [@wire-2020-01-10-harbour, "x y z w"].\n'
    )
    assert (project / "briefs/harbour-repairs.md").read_text() == brief  # nothing written


@pytest.mark.parametrize(("key", "ending"), [("wacz", ".wacz"), ("warc", ".warc.gz")])
def test_a_capture_named_by_the_id_moves_with_its_source(
    project: Path, key: str, ending: str
) -> None:
    """A capture's WACZ (`wacz:`), or an older capture's WARC (`warc:`)."""
    old, new = "gazette-2020-01-11-harbour", "gazette-harbour"
    source = project / f"sources/{old}.md"
    source.write_text(
        source.read_text().replace("---\n", f"---\n{key}: captures/{old}{ending}\n", 1)
    )
    (project / "captures").mkdir()
    (project / f"captures/{old}{ending}").write_bytes(b"archive bytes")
    result = run("rename", old, new, str(project))
    assert result.exit_code == 0, result.output
    assert f"captures/{old}{ending} -> captures/{new}{ending}" in result.output
    assert (project / f"captures/{new}{ending}").read_bytes() == b"archive bytes"
    assert f"\n{key}: captures/{new}{ending}\n" in (project / f"sources/{new}.md").read_text()
    assert named(project, old) == []


# --- refusals: each says where and why, and nothing is written ---------------------------


@pytest.mark.parametrize(
    ("old", "new", "code", "expected"),
    [
        (
            "ana-ruiz",
            "harbour-council",
            1,
            "actors/harbour-council.yml:1:1: error: id 'harbour-council' is taken by actors/harbour-council.yml",
        ),
        (
            "ana-ruiz",
            "2020-01-09-council-meeting",
            1,
            "events/2020-01-09-council-meeting.yml:1:1: error: id '2020-01-09-council-meeting' is taken",
        ),
        ("ana-ruiz", "Ana_Ruiz", 2, "'Ana_Ruiz' is not a valid id: ids are lower-case letters"),
        ("ana-ruiz", "index", 2, "'index' is not a valid id: the id 'index' is reserved"),
        ("ana-ruiz", "ana-ruiz", 2, "'ana-ruiz' is already its id"),
        ("ana-ruis", "ana", 2, "no source, actor or event 'ana-ruis' in"),
        (
            "harbour-repairs",
            "repairs",
            2,
            "'harbour-repairs' is a brief: only a source, actor or event",
        ),
    ],
)
def test_refusals(project: Path, old: str, new: str, code: int, expected: str) -> None:
    before = files_of(project)
    result = run("rename", old, new, str(project))
    assert result.exit_code == code
    assert expected in result.output
    assert files_of(project) == before


def test_an_unknown_id_gets_the_closest(project: Path) -> None:
    assert "did you mean 'ana-ruiz'?" in run("rename", "ana-ruis", "ana", str(project)).output


def test_a_file_that_cannot_be_read_and_may_name_it_stops_the_rename(project: Path) -> None:
    (project / "actors/port-mayor.yml").write_text(
        "name: Port mayor\naffiliations:\n- actor: ana-ruiz\n  role: [x\n"
    )
    before = files_of(project)
    result = run("rename", "ana-ruiz", "ana-ruiz-mayor", str(project))
    assert result.exit_code == 1
    assert result.output.startswith("actors/port-mayor.yml:4:9: error: YAML syntax error: ")
    assert "(this file may name 'ana-ruiz', and is not renamed blind)" in result.output
    assert files_of(project) == before
    # a file that cannot be read but never names the record is no reason to refuse
    assert run("rename", "harbour-council", "council", str(project)).exit_code == 0


def test_an_unreadable_edition_stops_the_rename_of_a_source(project: Path) -> None:
    (project / "editions").mkdir()
    (project / "editions/first.yml").write_text("briefs: {a: [\n")
    before = files_of(project)
    result = run("rename", "wire-2020-01-10-harbour", "wire", str(project))
    assert result.exit_code == 1
    assert result.output.startswith("editions/first.yml:2:1: error: ")
    assert files_of(project) == before


def test_a_place_that_cannot_be_rewritten_stops_the_rename(project: Path) -> None:
    actor = project / "actors/harbour-council.yml"
    actor.write_text(
        actor.read_text().replace(
            "source: wire-2020-01-10-harbour", "source: >-\n        wire-2020-01-10-harbour"
        )
    )
    assert check_output(project)[0] == 0  # a folded scalar is a valid id all the same
    before = files_of(project)
    result = run("rename", "wire-2020-01-10-harbour", "wire", str(project))
    assert result.exit_code == 1
    assert result.output.startswith(
        "actors/harbour-council.yml:6:15: error: cannot rename 'wire-2020-01-10-harbour' here"
    )
    assert files_of(project) == before


def test_edits_are_not_made_on_a_text_that_changed() -> None:
    edit = TextEdit("a.yml", 2, 9, 12, "old", "new")
    assert apply_edits("x: 1\nsource: old # c\r\n", [edit]) == "x: 1\nsource: new # c\r\n"
    with pytest.raises(ValueError, match="a.yml:2:9 changed since it was read"):
        apply_edits("x: 1\nsource: olf\n", [edit])


# --- a generated project, and the sample ----------------------------------------------------


def test_rename_in_a_generated_project(tmp_path: Path) -> None:
    root = tmp_path / "generated"
    generate(root, 40)
    before = check_project(root)
    source_id = sorted(before.index.briefing.sources)[3]
    actor_id = sorted(before.index.briefing.actors)[2]
    places = {rid: len(references_to(before.index, rid)) for rid in (source_id, actor_id)}
    assert all(places.values())
    for old, new in ((source_id, "renamed-source"), (actor_id, "renamed-actor")):
        result = run("rename", old, new, str(root))
        assert result.exit_code == 0, result.output
        assert named(root, old) == []
    after = check_project(root)
    # each problem at the same place, of the same kind (a list of ids may be in another order)
    said = [(str(p.origin), p.severity, p.kind) for p in before.problems]
    for old, new in ((source_id, "renamed-source"), (actor_id, "renamed-actor")):
        said = [(as_word(old).sub(new, at), *rest) for at, *rest in said]
    assert sorted((str(p.origin), p.severity, p.kind) for p in after.problems) == sorted(said)
    assert len(references_to(after.index, "renamed-source")) == places[source_id]
    assert len(references_to(after.index, "renamed-actor")) == places[actor_id]


def test_the_sample_renamed_builds_and_renamed_back_is_byte_identical(tmp_path: Path) -> None:
    root = copy_project(REPOSITORY, tmp_path / "sample")
    original = files_of(root)
    checked = console("check", str(root))
    assert named(root, "hezbollah")
    result = console("rename", "hezbollah", "lebanese-hezbollah", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert named(root, "hezbollah") == []
    again = console("check", str(root))
    assert (again.returncode, again.stdout) == (checked.returncode, checked.stdout)
    built = console("build", str(root), "--engine", "mkdocs")
    assert built.returncode == 0, built.stdout + built.stderr
    page = (root / "build/site/actors/lebanese-hezbollah/index.html").read_text()
    assert "Hezbollah" in page
    back = console("rename", "lebanese-hezbollah", "hezbollah", str(root))
    assert back.returncode == 0, back.stdout + back.stderr
    assert files_of(root) == original


def _changes(root: Path) -> list[str]:
    """Every brief's changes since every edition, in words, by the real comparison."""
    index = check_project(root).index
    editions, problems = load_editions(root)
    assert problems == []
    found = [index.comparison.names()]
    for brief in index.briefing.records():
        if isinstance(brief, Brief):
            for edition in editions.values():
                made = changes(index, brief, edition)
                found += [
                    f"{edition.name} {brief.record_id} {c}"
                    for c in made.sources + made.claims + made.judgments
                ]
    return found


def test_renaming_a_source_keeps_what_changed_since_each_edition(tmp_path: Path) -> None:
    root = copy_project(REPOSITORY, tmp_path / "sample")
    old = "unnamed-outlet-hezbollah-iraqi-militias-link"
    assert old in (root / "editions/first.yml").read_text()
    before = _changes(root)
    kept = {name: (root / "editions" / name).read_bytes() for name in ("first.yml", "second.yml")}
    result = run("rename", old, "unnamed-outlet-link", str(root))
    assert result.exit_code == 0, result.output
    assert "editions/first.yml (" in result.output
    assert _changes(root) == before
    # the editions as they were would say the source was dropped and another added
    for name, data in kept.items():
        (root / "editions" / name).write_bytes(data)
    stale = _changes(root)
    assert any(f"No longer cited: {old}" in change for change in stale)
    assert stale != before


def test_via_and_origin_name_the_source_too(project: Path) -> None:
    actor = project / "actors/ana-ruiz.yml"
    actor.write_text(
        actor.read_text().replace(
            "quote: Mayor Ana Ruiz promised on Thursday\n",
            'quote: Mayor Ana Ruiz promised on Thursday\n      via: "wire-2020-01-10-harbour"\n',
        )
    )
    gazette = project / "sources/gazette-2020-01-11-harbour.md"
    gazette.write_text(
        gazette.read_text().replace("---\n", "---\norigin: wire-2020-01-10-harbour\n", 1)
    )
    before = check_output(project)
    result = run("rename", "wire-2020-01-10-harbour", "wire", str(project))
    assert result.exit_code == 0, result.output
    assert '      via: "wire"\n' in actor.read_text()
    assert gazette.read_text().startswith("---\norigin: wire\n")
    assert named(project, "wire-2020-01-10-harbour") == []
    assert check_output(project) == before
