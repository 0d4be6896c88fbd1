"""The warnings policy: what is warned by default, what a project sets in briefing.yml, and
how the summary counts repeated warnings by kind."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from briefing.records.settings import load_settings
from briefing.warning_kinds import WarningKind
from conftest import CORPORA, run

PORT_STRIKE = CORPORA / "port_strike"  # made with `briefing init`, honest records


@pytest.fixture
def strike(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PORT_STRIKE, tmp_path / "strike"))


def test_an_honest_small_project_builds_strictly_with_default_settings(strike: Path) -> None:
    result = run("build", "--strict", str(strike))
    assert result.exit_code == 0, result.output
    assert (strike / "build" / "site" / "index.html").exists()
    # the notes are counted, not each printed
    assert "note: 9 claims rest on a single origin: list them with 'briefing check --list " in (
        result.output
    )
    assert "0 errors, 0 warnings, 9 notes in 10 files" in result.output


def test_list_prints_each_claim_of_a_kind_and_no_side_of_a_conflict(strike: Path) -> None:
    result = run("check", "--list", "single-origin", str(strike))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert sum(": note: " in line for line in lines) == 9
    assert lines[-1] == "9 claims rest on a single origin"
    # each side of the conflict rests on one report by design
    assert "side" not in result.output


def _settings(project: Path, **levels: str) -> None:
    _spelt(project, levels)


def _spelt(project: Path, levels: dict[str, str]) -> None:
    """briefing.yml with these levels, each kind spelt as given."""
    body = "".join(f"  {kind}: {level}\n" for kind, level in levels.items())
    (project / "briefing.yml").write_text(f"title: Strike\nwarnings:\n{body}")


@pytest.mark.parametrize(
    ("level", "exit_code", "shown"),
    [
        ("off", 0, "0 errors, 0 warnings in 10 files"),  # `off` unquoted is YAML's false
        ('"off"', 0, "0 errors, 0 warnings in 10 files"),
        ("note", 0, "0 errors, 0 warnings, 9 notes in 10 files"),
        ("warn", 0, "0 errors, 9 warnings in 10 files"),
        ("error", 1, "9 errors, 0 warnings in 10 files"),
    ],
)
def test_a_project_sets_how_loud_single_origin_is(
    strike: Path, level: str, exit_code: int, shown: str
) -> None:
    _settings(strike, single_origin=level)
    result = run("check", str(strike))
    assert result.exit_code == exit_code
    assert result.output.splitlines()[-1] == shown


def test_many_warnings_of_a_kind_are_one_line_unless_strict(strike: Path) -> None:
    _settings(strike, single_origin="warn")
    folded = run("check", str(strike)).output.splitlines()
    assert folded == [
        "warning: 9 claims rest on a single origin: list them with "
        "'briefing check --list single-origin'",
        "0 errors, 9 warnings in 10 files",
    ]
    strict = run("check", "--strict", str(strike))
    assert strict.exit_code == 1
    assert strict.output.count(": warning: ") == 9  # each failing warning is shown


def test_an_invalid_level_is_placed_at_its_value(strike: Path) -> None:
    _settings(strike, uncited_source="loud")
    result = run("check", str(strike))
    assert result.output.splitlines()[:2] == [
        "briefing.yml:3:19: error: invalid setting 'warnings.uncited_source': 'loud'",
        "  hint: use off, note, warn or error",
    ]


def test_json_names_each_problems_kind_and_counts_notes(strike: Path) -> None:
    document = json.loads(run("check", "--format", "json", str(strike)).output)
    assert document["notes"] == 9
    assert document["warnings"] == 0
    assert {p["kind"] for p in document["problems"]} == {"single-origin"}
    assert document["ok"] is True


def test_json_counts_the_problems_left_out_after_an_invalid_record(strike: Path) -> None:
    event = strike / "events" / "2024-10-05-mediator-named.yml"
    event.write_text(event.read_text().replace("date: 2024-10-05", "date: 2024-10-45"))
    document = json.loads(run("check", "--format", "json", str(strike)).output)
    # ellen-novak is only in that event: not reported as unlinked, but counted
    assert document["suppressed"] == 1
    assert not any("ellen-novak" in p["message"] for p in document["problems"])


def test_build_without_pdfs_builds_the_site_only(strike: Path) -> None:
    result = run("build", "--no-pdf", str(strike))
    assert result.exit_code == 0, result.output
    assert (strike / "build" / "site" / "index.html").exists()
    assert not list((strike / "build").glob("*.pdf"))
    assert "Typst" not in result.output


@pytest.mark.parametrize("kind", list(WarningKind))
@pytest.mark.parametrize("spelling", ["hyphens", "underscores"])
def test_each_kind_is_set_in_either_spelling(
    strike: Path, kind: WarningKind, spelling: str
) -> None:
    """Hyphens as `check --list` and the README spell a kind; underscores as briefing.yml
    files have long written it: both set the same level."""
    loud = "note" if kind.default == "error" else "error"
    _spelt(strike, {kind.value if spelling == "hyphens" else kind.alias: loud})
    settings = load_settings(strike)
    assert settings.warnings.level(kind) == loud
    assert all(
        settings.warnings.level(other) == other.default for other in WarningKind if other != kind
    )


def test_single_origin_set_with_hyphens_is_what_underscores_set(strike: Path) -> None:
    _spelt(strike, {"single-origin": "warn"})
    hyphens = run("check", str(strike)).output
    _spelt(strike, {"single_origin": "warn"})
    assert run("check", str(strike)).output == hyphens
    assert hyphens.splitlines()[-1] == "0 errors, 9 warnings in 10 files"


def test_both_spellings_of_one_kind_are_refused(strike: Path) -> None:
    _spelt(strike, {"single-origin": "warn", "single_origin": "note"})
    result = run("check", str(strike))
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "briefing.yml:4:3: error: setting 'warnings.single_origin' is given twice",
        "  hint: 'single-origin' and 'single_origin' are two spellings of one setting: keep one",
    ]


@pytest.mark.parametrize(
    ("written", "suggested"),
    [("single-orign", "single-origin"), ("single_orign", "single_origin"), ("everything", "")],
)
def test_a_misspelt_kind_in_the_settings_gets_a_did_you_mean(
    strike: Path, written: str, suggested: str
) -> None:
    _spelt(strike, {written: "warn"})
    result = run("check", str(strike))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"briefing.yml:3:3: error: unknown setting 'warnings.{written}'"
    )
    hint = result.output.splitlines()[1]
    if suggested:
        assert hint == f"  hint: did you mean '{suggested}'?"
    else:
        assert hint == f"  hint: kinds: {', '.join(WarningKind)}"


def test_list_takes_a_kind_in_either_spelling(strike: Path) -> None:
    hyphens = run("check", "--list", "single-origin", str(strike))
    underscores = run("check", "--list", "single_origin", str(strike))
    assert hyphens.exit_code == underscores.exit_code == 0
    assert underscores.output == hyphens.output
    assert hyphens.output.splitlines()[-1] == "9 claims rest on a single origin"


@pytest.mark.parametrize(
    ("written", "suggested"),
    [("single-orign", "single-origin"), ("single_orign", "single_origin")],
)
def test_list_of_a_misspelt_kind_is_misuse_with_a_did_you_mean(
    strike: Path, written: str, suggested: str
) -> None:
    result = run("check", "--list", written, str(strike))
    assert result.exit_code == 2
    assert f"unknown kind of warning '{written}': did you mean '{suggested}'?" in result.output


def test_check_help_lists_the_kinds_with_hyphens() -> None:
    help_text = " ".join(run("check", "--help").output.split())
    assert "[single-origin|single-origin-mark|uncited-source|" in help_text


def test_list_of_a_kind_nothing_is_near_names_every_kind(strike: Path) -> None:
    result = run("check", "--list", "everything", str(strike))
    assert result.exit_code == 2
    assert "the kinds are single-origin, single-origin-mark, uncited-source" in result.output


def test_a_new_projects_settings_list_every_kind_with_its_default(tmp_path: Path) -> None:
    """The commented `warnings:` of `briefing init`'s briefing.yml, uncommented, is valid
    and sets each kind to its default: it is kept in step with the enumeration."""
    assert run("init", str(tmp_path / "new")).exit_code == 0
    text = (tmp_path / "new" / "briefing.yml").read_text()
    block = text[text.index("# warnings:") :].splitlines()
    lines = [line.removeprefix("# ") for line in block if line.startswith(("# warnings", "#   "))]
    levels = yaml.safe_load("\n".join(lines))["warnings"]
    assert list(levels) == [kind.value for kind in WarningKind]
    assert all(levels[kind.value] == kind.default for kind in WarningKind)
