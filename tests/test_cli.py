"""The command line: exit codes, output formats, init, schema, and no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.cli import cli
from conftest import VALID, console, run


def test_every_command_has_help() -> None:
    for name in cli.commands:
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Usage: " in result.output


def test_check_json_output(project: Path) -> None:
    (project / "actors/ana-ruiz.yml").write_text("name: [\n")
    result = run("check", "--format", "json", str(project))
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["errors"] == 1 and report["ok"] is False
    (problem,) = report["problems"]
    assert problem["path"] == "actors/ana-ruiz.yml"
    assert (problem["line"], problem["column"], problem["severity"]) == (2, 1, "error")


def test_warnings_fail_only_under_strict(project: Path) -> None:
    council = project / "actors/harbour-council.yml"
    council.write_text(council.read_text().replace("  single_origin: true\n", ""))
    (project / "briefing.yml").write_text("warnings:\n  single_origin: warn\n")
    assert run("check", str(project)).exit_code == 0
    assert run("check", "--strict", str(project)).exit_code == 1


def test_misuse_exits_2(tmp_path: Path) -> None:
    assert run("check", str(tmp_path)).exit_code == 2
    assert run("check", "--format", "xml", str(VALID)).exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_init_makes_a_project_that_passes_check(tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = run("init", str(target))
    assert result.exit_code == 0
    for folder in ("sources", "actors", "events", "briefs"):
        assert (target / folder).is_dir()
    assert "#" in (target / "briefing.yml").read_text()
    check = run("check", "--strict", str(target))
    assert check.exit_code == 0, check.output
    assert run("init", str(target)).exit_code == 2  # not over an existing project


def test_init_examples_are_valid_records_once_renamed(tmp_path: Path) -> None:
    """The commented examples teach the format: as records they fail only on references."""
    target = tmp_path / "new"
    run("init", str(target))
    (target / "actors/_example.yml").rename(target / "actors/example.yml")
    output = run("check", str(target)).output
    assert "unknown source 'source-id'" in output
    assert "unknown key" not in output and "missing required key" not in output


def test_schema_writes_json_schemas(tmp_path: Path) -> None:
    result = run("schema", "--output", str(tmp_path))
    assert result.exit_code == 0
    actor = json.loads((tmp_path / "actor.schema.json").read_text())
    assert actor["additionalProperties"] is False
    assert {"name", "kind", "summary", "aliases"} <= set(actor["properties"])
    assert "id" in actor["$defs"]["Claim"]["properties"]
    source = json.loads((tmp_path / "source.schema.json").read_text())
    assert source["properties"]["reliability"]["enum"] == [*"ABCDEF", "ungraded"]


def test_console_script_reports_without_traceback(project: Path) -> None:
    (project / "briefs/harbour-repairs.md").write_bytes(b"\xff\xfe")
    result = console("check", str(project))
    assert result.returncode == 1
    assert "briefs/harbour-repairs.md:1:1: error: file is not valid UTF-8" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_unwritable_output_folder_is_a_clean_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = console("schema", "--output", str(blocker / "sub"))
    assert result.returncode == 2
    assert "error: " in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_each_command_with_its_whole_first_sentence() -> None:
    result = run("--help")
    assert result.exit_code == 0
    commands = result.output.split("Commands:")[1]
    assert "..." not in commands
    assert "Examples:" in result.output
    for command in ("check", "build"):
        assert "Examples:" in run(command, "--help").output


def test_refs_lists_each_place_that_cites_a_source() -> None:
    result = run("refs", "gazette-2020-01-11-harbour", str(VALID))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        'actors/ana-ruiz.yml:10:14: ana-ruiz cites it: "Mayor Ana Ruiz promised on Thursday"',
        "actors/ana-ruiz.yml:26:16: ana-ruiz cites it: "
        '"promised on Thursday to rebuild the north pier"',
        'briefs/harbour-repairs.md:13:16: harbour-repairs cites it: "to rebuild the north pier"',
        "briefs/harbour-repairs.md:24:79: harbour-repairs cites it: "
        '"promised on Thursday to rebuild the north pier"',
        "4 places refer to 'gazette-2020-01-11-harbour'",
    ]


def test_refs_lists_links_and_participations_of_an_actor() -> None:
    result = run("refs", "ana-ruiz", str(VALID))
    assert result.output.splitlines() == [
        "briefs/harbour-repairs.md:23:1: harbour-repairs links it",
        "events/2020-01-09-council-meeting.yml:13:12: 2020-01-09-council-meeting names it as "
        "a participant (spoke)",
        "2 places refer to 'ana-ruiz'",
    ]


def test_refs_of_an_unknown_id_is_misuse_with_a_suggestion() -> None:
    result = run("refs", "ana-ruis", str(VALID))
    assert result.exit_code == 2
    assert "no record 'ana-ruis'" in result.output
    assert "did you mean 'ana-ruiz'?" in result.output
