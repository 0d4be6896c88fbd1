"""build/.cache never changes what `briefing check` says: every kind of edit that changes a
result changes it with the cache as without, and a cache not written by this tool here is
not trusted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import briefing
from conftest import CORPORA, HANG_GUARD, NO_BUILD, REPOSITORY, VALID, overlay, run

CACHE = Path("build") / ".cache" / "check.json"
ROWS = CACHE.with_name("report.json")  # every row of the kept report (check.json: a summary)
WIRE = "sources/wire-2020-01-10-harbour.md"
GAZETTE = "sources/gazette-2020-01-11-harbour.md"
ACTOR = "actors/ana-ruiz.yml"
EVENT = "events/2020-01-09-council-meeting.yml"
BRIEF = "briefs/harbour-repairs.md"


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _write(path: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / path).write_text(text, encoding="utf-8")

    return edit


def _delete(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).unlink()


def _rename(path: str, new: str) -> Callable[[Path], None]:
    return lambda root: (root / path).rename(root / new)


def _link(path: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / path).unlink()
        (root / path).symlink_to(root / ACTOR)

    return edit


EDITS = {
    "source text changed": _replace(WIRE, "rebuild the north pier", "rebuild the south pier"),
    "source text line added": _replace(WIRE, "PORTVILLE:", "Updated.\n\nPORTVILLE:"),
    "source limited to other lines": _replace(WIRE, "notes:", "article_lines: [1, 1]\nnotes:"),
    "quote changed": _replace(ACTOR, "Mayor Ana Ruiz promised on", "Mayor Ana Ruiz pledged on"),
    "prefix added": _replace(
        ACTOR,
        "quote: rebuild the north pier",
        "prefix: Ruiz said\n        quote: rebuild the north pier",
    ),
    "source deleted": _delete(WIRE),
    "source id renamed": _rename(WIRE, "sources/wire-2020-01-10-pier.md"),
    "record file deleted": _delete(EVENT),
    "record file added": _write(
        "actors/new-actor.yml",
        "name: New Actor\nkind: person\nsummary:\n  text: Someone.\n  cite:\n"
        "    - source: wire-2020-01-10-harbour\n      quote: words that are in no source at all\n",
    ),
    "record file made a link": _link(EVENT),
    "date made invalid": _replace(EVENT, "date: 2020-01-09", "date: 2020-13-09"),
    "key misspelt": _replace(ACTOR, "aliases:", "alias:"),
    # the affiliation's excerpts name the council by its old name only (unnamed-in-excerpt)
    "affiliated actor renamed": _replace(
        "actors/harbour-council.yml", "Portville Harbour Council", "Portville Harbour Board"
    ),
    "YAML broken": _replace(ACTOR, "kind: person", "kind: [person"),
    "file not UTF-8": lambda root: (root / ACTOR).write_bytes(b"name: \xff\n"),
    "settings added": _write("briefing.yml", "warnings:\n  unhashed_source: error\n"),
    "warnings policy changed": _write("briefing.yml", "warnings:\n  unhashed_source: off\n"),
    "settings broken": _write("briefing.yml", "warnings:\n  single_origin: loud\n"),
    "mkdocs.yml refused": _write("mkdocs.yml", "site_name: Harbour\nnav: [a\n"),
    "hash no longer matches": _replace(WIRE, "two council members", "three council members"),
    "page template broken": lambda root: _write("templates/actor.md.j2", "{% if %}\n")(
        _mkdir(root, "templates")
    ),
    "page template misnamed": lambda root: _write("templates/actr.md.j2", "x\n")(
        _mkdir(root, "templates")
    ),
    "edition recorded": lambda root: _write("editions/first.yml", "briefs: [not a mapping]\n")(
        _mkdir(root, "editions")
    ),
    # edits that keep every file's id, kind, validity and names: only the files they reach
    # are checked again (see briefing.check.facts)
    "grade lowered": _replace(WIRE, "reliability: B", "reliability: D"),
    "source retracted": _replace(
        WIRE, "notes:", "retracted:\n  date: 2020-02-01\n  reason: Invented.\nnotes:"
    ),
    "relayed through another source": _replace(
        ACTOR,
        "quote: Mayor Ana Ruiz promised on Thursday",
        "quote: Mayor Ana Ruiz promised on Thursday\n      via: wire-2020-01-10-harbour",
    ),
    "wording copied from another source": _replace(
        GAZETTE,
        "worst in living memory.",
        "worst in living memory.\n\nThe harbour council met on Thursday to plan repairs after "
        "the storm, two council members told Example Wire.",
    ),
    "made a translation": _replace(
        GAZETTE, "language: en", "language: en\ntranslation_of: wire-2020-01-10-harbour"
    ),
    "claim id used twice": _replace(BRIEF, "id: kj-pier-rebuilt", "id: ruiz-promised-pier"),
    "superseded by an unknown claim": _replace(
        ACTOR,
        "    text: Ruiz promised to rebuild the north pier.",
        "    text: Ruiz promised to rebuild the north pier.\n    deprecated:\n"
        "      date: 2020-02-01\n      reason: Revised.\n      superseded_by: ruiz-pledge",
    ),
    "actor no longer linked": lambda root: _replace(BRIEF, "[[ana-ruiz]]", "Ana Ruiz")(
        _replace(EVENT, "  - actor: ana-ruiz\n    role: spoke\n", "")(root) or root
    ),
    "quote cited from the wrong source": _replace(
        ACTOR,
        "source: wire-2020-01-10-harbour\n      quote: Mayor Ana Ruiz said the council",
        "source: gazette-2020-01-11-harbour\n      quote: Mayor Ana Ruiz said the council",
    ),
    "range backwards": _replace(EVENT, "date: 2020-01-09", "date: 2020-01-09/2020-01-01"),
    "hash removed": _replace(
        WIRE, "sha256: 1e5fbc6c7c95e85c218c9951f241eb1e250eebfc8e164dfc4980ca39ae460dc5\n", ""
    ),
    "quoted phrase changed": _replace(
        BRIEF, 'to "rebuild the north pier"', 'to "rebuild the pier"'
    ),
    "source made invalid": _replace(WIRE, "reliability: B", "reliability: Z"),
}


def _mkdir(root: Path, folder: str) -> Path:
    (root / folder).mkdir(exist_ok=True)
    return root


def _outputs(root: Path, *options: str) -> tuple[int, str]:
    result = run("check", "--format", "json", *options, str(root))
    return result.exit_code, result.output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(VALID, root, ignore=NO_BUILD)
    (root / "mkdocs.yml").write_text("site_name: Harbour\n", encoding="utf-8")
    # a warning to start from, for the settings to change
    _replace(GAZETTE, "sha256:", "notes:")(root)
    return root


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_changes_the_result_with_the_cache_as_without(project: Path, name: str) -> None:
    before = _printed(project)
    assert (project / CACHE).exists()
    assert _printed(project) == before  # from the cache
    EDITS[name](project)
    cached = _printed(project)
    assert cached == _printed(project, "--no-cache")
    assert cached != before, "the edit should change what check says"
    assert _printed(project) == cached  # and the cache written after the edit agrees


def test_the_cache_makes_the_same_report_as_no_cache(project: Path) -> None:
    _replace(ACTOR, "Mayor Ana Ruiz promised on", "Mayor Ana Ruiz pledged on")(project)
    first = _outputs(project, "--no-cache")
    assert not (project / CACHE).exists(), "--no-cache writes no cache"
    assert _outputs(project) == first
    assert _outputs(project) == first
    assert first[0] == 1


def _forge(project: Path, name: Path) -> dict[str, Any]:
    """A file of the cache with its report of errors (every row, or the summary's) made a
    clean one."""
    data: dict[str, Any] = json.loads((project / name).read_text(encoding="utf-8"))
    report = data["content"] if name == ROWS else data["content"]["summary"]
    report["rows"], report["tally"] = [], []
    return data


def _rewrite(project: Path, name: Path, data: dict[str, Any]) -> None:
    with (project / name).open("r+", encoding="utf-8") as stream:  # same file: same inode
        stream.truncate()
        stream.write(json.dumps(data))


def _printed(root: Path, *options: str) -> tuple[tuple[int, str], tuple[int, str]]:
    """What check prints for tools (every problem) and, first, for people (what the kept
    report's summary prints, or a check after an edit makes of its report's rows)."""
    text = run("check", *options, str(root))
    return _outputs(root, *options), (text.exit_code, text.output)


def test_a_copied_cache_is_not_trusted(project: Path) -> None:
    """A build/.cache that came with the project (a checkout, a copy) cannot hide errors."""
    _replace(ACTOR, "Mayor Ana Ruiz promised on", "Mayor Ana Ruiz pledged on")(project)
    broken = _printed(project)
    assert broken[0][0] == 1
    for name in (CACHE, ROWS):
        forged = project / "forged.json"
        forged.write_text(json.dumps(_forge(project, name)), encoding="utf-8")
        forged.replace(project / name)  # same content, another file
    assert _printed(project) == broken


def test_a_cache_from_another_version_is_not_used(project: Path) -> None:
    _replace(ACTOR, "Mayor Ana Ruiz promised on", "Mayor Ana Ruiz pledged on")(project)
    broken = _printed(project)
    for name in (CACHE, ROWS):
        data = _forge(project, name)
        data["tool"] = "another version"
        _rewrite(project, name, data)
    assert _printed(project) == broken


def test_the_forged_clean_report_would_be_printed_if_trusted(project: Path) -> None:
    """(What the two tests above forge does hide the errors, in the files written here.)"""
    _replace(ACTOR, "Mayor Ana Ruiz promised on", "Mayor Ana Ruiz pledged on")(project)
    broken = _printed(project)
    for name in (CACHE, ROWS):
        _rewrite(project, name, _forge(project, name))
    (_, tools), (code, text) = _printed(project)
    assert json.loads(tools)["problems"] == [] and broken[0][0] == 1
    assert code == 0 and text.endswith("0 errors, 0 warnings in 6 files\n")


@pytest.mark.parametrize(
    "damage",
    [b"", b"{", b'{"format": 1}', b"[]", b"\xff\xfe", b'{"format": 1, "inode": "x"}'],
)
def test_a_damaged_cache_is_a_miss(project: Path, damage: bytes) -> None:
    before = _outputs(project)
    with (project / CACHE).open("r+b") as stream:
        stream.truncate()
        stream.write(damage)
    assert _outputs(project) == before
    assert _outputs(project) == before


def test_a_linked_build_folder_is_neither_read_nor_written(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "build").symlink_to(elsewhere, target_is_directory=True)
    before = _outputs(project, "--no-cache")
    assert _outputs(project) == before
    assert list(elsewhere.iterdir()) == []


def test_a_check_with_nothing_changed_answers_from_the_cache(project: Path) -> None:
    """The kept report is what is printed (shown here by a report changed in place, as
    only this tool writes it), and quotes found are kept for the next check."""
    _outputs(project)
    for name in (CACHE, ROWS):
        _rewrite(project, name, _with_kept_error(project, name))
    (code, output), (_, text) = _printed(project)
    assert code == 1 and '"message": "kept"' in output
    assert f"{ACTOR}:1:1: error: kept" in text  # from the summary
    proofs = json.loads((project / CACHE.with_name("proofs.json")).read_text(encoding="utf-8"))
    assert {row[0] for row in proofs["content"]} == {
        "wire-2020-01-10-harbour",
        "gazette-2020-01-11-harbour",
    }


def _with_kept_error(project: Path, name: Path) -> dict[str, Any]:
    """A file of the cache with an error added to its report (see incremental.reported)."""
    data: dict[str, Any] = json.loads((project / name).read_text(encoding="utf-8"))
    report = data["content"] if name == ROWS else data["content"]["summary"]
    report["paths"].append(ACTOR)
    report["texts"].append("")
    path, text = len(report["paths"]) - 1, len(report["texts"]) - 1
    report["rows"].append([path, 1, 1, "kept", text, 0, [], text, 1, 0])
    return data


# Edits that keep each file's id, kind, validity and names, one after another.
KEEPING_IDENTITY = [
    "wording copied from another source",  # then declared by the relay of the next edit
    "relayed through another source",
    "quote changed",
    "grade lowered",
    "source text changed",
    "quote cited from the wrong source",
    "made a translation",
    "source retracted",
    "claim id used twice",
    "actor no longer linked",
    "hash removed",
    "quoted phrase changed",
]


@pytest.mark.parametrize("keep_facts_for", [0, 3, 32])
def test_edits_one_after_another_are_checked_again_as_a_whole_check_would(
    project: Path, monkeypatch: pytest.MonkeyPatch, keep_facts_for: int
) -> None:
    """The facts of every file are written again after each edit (0), or kept while a few
    files have changed since they were written."""
    from briefing.incremental import cache

    monkeypatch.setattr(cache, "KEEP_FACTS_FOR", keep_facts_for)
    _outputs(project)
    for name in KEEPING_IDENTITY:
        EDITS[name](project)
        cached = _outputs(project)
        assert cached == _outputs(project, "--no-cache"), name


def test_after_an_edit_only_the_files_it_reaches_are_checked_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit that keeps the file's identity is answered without checking the whole
    project (check_project is not called), with what a whole check says."""
    from briefing import report as check
    from briefing.incremental import cache

    _outputs(project)
    for name in ["quote changed", "grade lowered", "source text changed", "made a translation"]:
        EDITS[name](project)
        expected = _outputs(project, "--no-cache")
        with monkeypatch.context() as patched:
            patched.setattr(check, "check_project", _whole_check_not_expected)
            findings = cache.cached_check(project)
        assert findings.problems, name
        assert _outputs(project) == expected, name


def test_after_an_edit_of_no_source_the_pairs_sharing_wording_are_not_worked_out_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pairs of sources that share wording depend on the cited sources' fingerprints
    only: an edit that leaves them as they were takes the pairs kept; one that changes a
    source works them out again, as a whole check does."""
    from briefing.analysis.support import relays
    from briefing.incremental import cache

    _outputs(project)
    EDITS["quote changed"](project)
    expected = _outputs(project, "--no-cache")
    with monkeypatch.context() as patched:
        patched.setattr(relays, "candidates", _pairs_not_expected)
        cache.cached_check(project)
    assert _outputs(project) == expected
    EDITS["wording copied from another source"](project)
    with monkeypatch.context() as patched:
        patched.setattr(relays, "candidates", _pairs_not_expected)
        with pytest.raises(AssertionError, match="worked out again"):
            cache.cached_check(project)
    assert _outputs(project) == _outputs(project, "--no-cache")


def test_an_edit_that_adds_a_file_checks_the_whole_project(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing import report as check
    from briefing.incremental import cache

    _outputs(project)
    EDITS["record file added"](project)
    monkeypatch.setattr(check, "check_project", _whole_check_not_expected)
    with pytest.raises(AssertionError, match="the whole project"):
        cache.cached_check(project)


# Edits that make a record invalid, or change its names, each with the edit that mends it:
# the files that refer to the record are checked again with it. (A changed alias changes
# no problem here, so it is not among EDITS, which must each change the result.)
BREAKING = {
    name: (EDITS[name], mend)
    for name, mend in {
        "YAML broken": _replace(ACTOR, "kind: [person", "kind: person"),
        "key misspelt": _replace(ACTOR, "alias:", "aliases:"),
        "date made invalid": _replace(EVENT, "date: 2020-13-09", "date: 2020-01-09"),
        "file not UTF-8": lambda root: shutil.copy(VALID / ACTOR, root / ACTOR),
        "source made invalid": _replace(WIRE, "reliability: Z", "reliability: B"),
    }.items()
}
BREAKING["alias changed"] = (
    _replace(ACTOR, "aliases: [Mayor Ruiz]", "aliases: [Mayor Ana]"),
    _replace(ACTOR, "aliases: [Mayor Ana]", "aliases: [Mayor Ruiz]"),
)


def test_a_record_made_invalid_and_mended_is_checked_as_a_whole_check_would(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without checking the whole project: an invalid record is not reported again where
    it is cited or linked, so what refers to it is what changes."""
    from briefing import report as check
    from briefing.incremental import cache

    _outputs(project)
    for name, steps in BREAKING.items():
        for step in steps:
            step(project)
            expected = _outputs(project, "--no-cache")
            with monkeypatch.context() as patched:
                patched.setattr(check, "check_project", _whole_check_not_expected)
                cache.cached_check(project)
            assert _outputs(project) == expected, name


def test_a_kind_counted_then_printed_after_an_edit_prints_as_a_whole_check(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six sources nothing cites are one line of the report printed for people, five are
    five: an edit that cites one prints each of the five, from the kept report's rows."""
    from briefing import report as check
    from briefing.incremental import cache

    wire = (project / WIRE).read_text(encoding="utf-8")
    for number in range(6):
        (project / f"sources/copy-{number}.md").write_text(wire, encoding="utf-8")
    counted = _printed(project)[1][1]
    assert "list them with 'briefing check --list uncited-source'" in counted
    _replace(ACTOR, "source: wire-2020-01-10-harbour", "source: copy-0")(project)
    with monkeypatch.context() as patched:
        patched.setattr(check, "check_project", _whole_check_not_expected)
        cache.cached_check(project, counting=True)
    _replace(ACTOR, "source: copy-0", "source: copy-1")(project)
    printed = _printed(project)
    assert printed == _printed(project, "--no-cache")
    assert "--list uncited-source" not in printed[1][1]
    assert printed[1][1].count("is never cited") == 5


PROJECTS = [
    *sorted((CORPORA / "broken").iterdir()),
    *sorted(path for path in CORPORA.iterdir() if path.name.startswith("support_")),
    CORPORA / "port_strike",
    CORPORA / "analysis",
    VALID,
    REPOSITORY,
]


@pytest.mark.parametrize("corpus", PROJECTS, ids=[path.name for path in PROJECTS])
def test_the_rows_kept_are_the_report_in_its_order(corpus: Path, tmp_path: Path) -> None:
    """The kept report's rows, each of its part of the check, make the report's problems
    in the report's order: a check after an edit orders its rows so."""
    from briefing.incremental.cache import _kept_report
    from briefing.report import check_project

    broken = corpus.parent.name == "broken" or corpus.name.startswith("support_")
    report = check_project(overlay(corpus, tmp_path / "project") if broken else corpus)
    kept, whole = _kept_report(report)
    assert [kept.problem(row) for row in kept.rows] == report.problems
    assert whole or any("more problems in this file" in p.message for p in report.problems)


def _pairs_not_expected(*_: object, **__: object) -> None:
    raise AssertionError("the pairs sharing wording were worked out again")


def _whole_check_not_expected(*_: object, **__: object) -> None:
    raise AssertionError("the whole project was checked again")


PACKAGE = Path(briefing.__file__).parent


def _check_with(package: Path, project: Path) -> str:
    """`briefing check` run with the package in `package` (a copy of this one)."""
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "check", "--format", "json", str(project)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        env={**os.environ, "PYTHONPATH": str(package.parent)},
        check=False,
    )
    assert json.loads(result.stdout)["problems"] is not None, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "module", ["views/site/render.py", "analysis/chains.py", "check/quotes.py", "problems.py"]
)
def test_an_edit_of_any_module_of_the_tool_misses_the_cache(
    project: Path, tmp_path: Path, module: str
) -> None:
    """The tool's key is made of every module of the package, not only those beside the
    cache: an edit anywhere in it (here of a copy of the package) can change what a check
    says, and a cache kept under the old key would say it stale."""
    copy = tmp_path / "copy" / "briefing"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    _check_with(copy, project)
    _rewrite(project, ROWS, _with_kept_error(project, ROWS))
    assert '"message": "kept"' in _check_with(copy, project)  # the same tool: from the cache
    with (copy / module).open("a", encoding="utf-8") as stream:
        stream.write("\n# an edit that changes nothing a check says\n")
    assert '"message": "kept"' not in _check_with(copy, project)  # another tool: a miss


def test_a_check_answered_from_the_cache_loads_no_checking_module(project: Path) -> None:
    """With nothing changed, the kept report is printed without the modules that check (and
    pydantic, which they load): answering from the cache is meant to be quick."""
    _outputs(project)
    loaded = _loaded_modules(
        project,
        "from pathlib import Path\n"
        "from briefing.incremental.cache import cached_check\n"
        "assert cached_check(Path(sys.argv[1])).problems\n",
    )
    assert "briefing.incremental.cache" in loaded
    checking = [
        m for m in loaded if m.startswith(("briefing.report", "briefing.check.", "pydantic"))
    ]
    assert checking == []


def test_check_printing_a_kept_report_loads_no_model(project: Path) -> None:
    """`briefing check` itself, answered from the cache, loads neither the records' models
    nor pydantic (a fifth of a check after an edit was importing them)."""
    _outputs(project)
    loaded = _loaded_modules(
        project,
        "from briefing.cli import main\n"
        "sys.argv = ['briefing', 'check', sys.argv[1]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n",
    )
    assert "briefing.incremental.cache" in loaded
    assert [m for m in loaded if m.startswith(("briefing.records.model", "pydantic"))] == []


def _loaded_modules(project: Path, code: str) -> list[str]:
    """The modules a fresh Python has loaded after running `code` on the project (its path in
    sys.argv[1]); they are printed to stderr, as `briefing check` prints its report to stdout."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n" + code + "print(' '.join(sorted(sys.modules)), file=sys.stderr)",
            str(project),
        ],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=True,
    ).stderr.split()


@pytest.mark.parametrize("seed", range(40))
def test_the_files_an_edit_reaches_are_found_step_by_step_as_from_an_index(seed: int) -> None:
    """`readers` looks through the facts step by step, and indexes them past a few steps:
    both give every file that reads a changed record, directly or through a chain of
    sources longer than the steps, and every file that searched all the sources."""
    import random

    from briefing.check.facts import EVERY_SOURCE, FileFacts
    from briefing.incremental import recheck

    chance = random.Random(seed)
    ids = [f"r{n}" for n in range(30)]
    facts = {
        f"{record_id}.yml": FileFacts(
            chance.choice(["source", "actor", "event"]),
            record_id,
            "valid",
            reads=chance.sample([*ids, EVERY_SOURCE], chance.randint(0, 2)),
        )
        for record_id in ids
    }
    if seed % 2:  # a chain longer than the steps: each source read by the next
        for before, after in zip(ids, ids[1:8], strict=False):
            facts[f"{after}.yml"].reads.append(before)
    changed = set(chance.sample(sorted(facts), chance.randint(1, 3)))
    expected = recheck._indexed_readers(facts, changed)
    assert recheck.readers(facts, changed) == expected
    assert changed <= expected
