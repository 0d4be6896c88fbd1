"""Nothing outside the project is read, written or deleted, and a build is all or nothing.

Each test is a real run of the command on a copy of a project, with real links, real
MkDocs and real Typst; what lies outside the project is a folder of the test's own with a
canary file that must survive, or a secret that must appear nowhere.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import briefing.views.pdf.typeset
from briefing.analysis.editions import write_edition
from briefing.outputs import exchange, locked_build
from briefing.paths import UnsafePath
from briefing.project import BOOK
from briefing.records.mkdocs_file import code_it_runs
from briefing.report import check_project
from conftest import HANG_GUARD, REPOSITORY, console, run

SECRET = "SECRET-d41d8cd98f00"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder that is not the project's, with a canary file in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "canary.txt").write_text("still here")
    return folder


def untouched(folder: Path) -> bool:
    return [p.name for p in folder.iterdir()] == ["canary.txt"] and (
        (folder / "canary.txt").read_text() == "still here"
    )


def nothing_built(project: Path) -> bool:
    """build/ holds nothing but what `check` keeps (its cache), if it exists at all."""
    build = project / "build"
    return not build.exists() or [path.name for path in build.iterdir()] == [".cache"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# Nothing outside the project is written or deleted -------------------------------------------


@pytest.mark.parametrize("command", ["build", "pdf"])
def test_build_folder_that_is_a_link_is_refused(project: Path, outside: Path, command: str) -> None:
    (project / "build").symlink_to(outside, target_is_directory=True)
    result = run(command, str(project))
    assert result.exit_code == 1
    assert "build:1:1: error: 'build' is a symbolic link" in result.output
    assert "hint: remove the link" in result.output
    assert untouched(outside)


def test_site_folder_that_is_a_link_is_refused(project: Path, outside: Path) -> None:
    (project / "build").mkdir()
    (project / "build/site").symlink_to(outside, target_is_directory=True)
    result = run("build", str(project))
    assert result.exit_code == 1
    assert "build/site:1:1: error: 'build/site' is a symbolic link" in result.output
    assert untouched(outside)
    assert (project / "build/site").is_symlink()  # left as it was: the user's to remove
    assert [p.name for p in (project / "build").iterdir()] == ["site"]  # no staging left


def test_a_link_inside_the_old_site_is_removed_not_followed(project: Path, outside: Path) -> None:
    assert run("build", str(project)).exit_code == 0
    pdfs = project / "build/site/pdf"
    for file in pdfs.iterdir():
        file.unlink()
    pdfs.rmdir()
    pdfs.symlink_to(outside, target_is_directory=True)
    result = run("build", str(project))
    assert result.exit_code == 0, result.output
    assert untouched(outside)
    assert pdfs.is_dir() and not pdfs.is_symlink()
    assert (pdfs / f"{BOOK}.pdf").is_file()


def test_serve_refuses_a_serve_folder_that_is_a_link(project: Path, outside: Path) -> None:
    (project / "build").mkdir()
    (project / "build/.serve").symlink_to(outside, target_is_directory=True)
    result = console("serve", str(project), "--port", "18999")
    assert result.returncode == 1
    assert "build/.serve:1:1: error: 'build/.serve' is a symbolic link" in result.stdout
    assert untouched(outside)


# Nothing outside the project is read ---------------------------------------------------------


def test_a_record_that_is_a_link_is_refused_unread(project: Path, tmp_path: Path) -> None:
    """One link to a record-like file (it would be published), one to a system-like file
    (its lines would be echoed in an error): neither is read."""
    (tmp_path / "actor.yml").write_text(f"name: {SECRET}\nkind: person\n")
    (tmp_path / "passwd").write_text(f"root:x:0:0:{SECRET}:/root:/bin/bash\n")
    (project / "actors/leak.yml").symlink_to(tmp_path / "actor.yml")
    (project / "actors/passwd.yml").symlink_to(tmp_path / "passwd")
    for command in ("check", "build"):
        result = run(command, str(project))
        assert result.exit_code == 1
        assert "actors/leak.yml:1:1: error: 'actors/leak.yml' is a symbolic link" in result.output
        assert "actors/passwd.yml:1:1: error: 'actors/passwd.yml' is a symb" in result.output
        assert "hint: put the file or folder itself here" in result.output
        assert SECRET not in result.output
    assert nothing_built(project)


def test_a_records_folder_that_is_a_link_is_refused(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (project / "actors").rename(elsewhere)
    (elsewhere / "leak.yml").write_text(f"name: {SECRET}\nkind: person\n")
    (project / "actors").symlink_to(elsewhere, target_is_directory=True)
    result = run("check", str(project))
    assert result.exit_code == 1
    assert "actors:1:1: error: 'actors' is a symbolic link" in result.output
    assert SECRET not in result.output


@pytest.mark.parametrize("name", ["briefing.yml", "mkdocs.yml"])
def test_settings_that_are_a_link_are_refused(project: Path, tmp_path: Path, name: str) -> None:
    (tmp_path / "settings.yml").write_text(f"{SECRET}\n")
    (project / name).symlink_to(tmp_path / "settings.yml")
    result = run("check", str(project))
    assert result.exit_code == 1
    assert f"{name}:1:1: error: '{name}' is a symbolic link" in result.output
    assert SECRET not in result.output


def test_a_long_value_is_cut_in_messages(project: Path) -> None:
    (project / "actors/ana-ruiz.yml").write_text(
        f"a line that is no mapping, long enough to be cut {SECRET}\n"
    )
    result = run("check", str(project))
    assert result.exit_code == 1
    assert "expected a mapping of keys to values, found the value 'a line that" in result.output
    assert SECRET not in result.output


def test_an_edition_that_is_a_link_is_refused_unread(project: Path, tmp_path: Path) -> None:
    """A link named like an edition, to a system-like file (its line would be echoed in the
    error) and to an edition kept elsewhere (it would be compared with and published)."""
    (tmp_path / "passwd").write_text(f"root:x:0:0:{SECRET}:/root:/bin/bash\n")
    (tmp_path / "kept.yml").write_text(
        f"edition: kept\nrecorded: '2021-01-01T00:00:00Z'\nbriefs: {{{SECRET}: {{}}}}\n"
    )
    (project / "editions").mkdir()
    (project / "editions/third.yml").symlink_to(tmp_path / "passwd")
    (project / "editions/kept.yml").symlink_to(tmp_path / "kept.yml")
    (project / "briefing.yml").write_text("compare_with: third\n")
    for command in ("check", "build"):
        result = run(command, str(project))
        assert result.exit_code == 1
        for name in ("third", "kept"):
            shown = f"editions/{name}.yml"
            assert f"{shown}:1:1: error: '{shown}' is a symbolic link" in result.output
        assert "hint: put the file or folder itself here" in result.output
        assert SECRET not in result.output
    assert not (project / "build/site").exists()


def test_an_editions_folder_that_is_a_link_is_refused(project: Path, outside: Path) -> None:
    """Read through, the link would publish what it points at; written through, `briefing
    edition` would write outside the project."""
    (outside / "first.yml").write_text(f"{SECRET}\n")
    (project / "editions").symlink_to(outside, target_is_directory=True)
    result = run("check", str(project))
    assert result.exit_code == 1
    assert "editions:1:1: error: 'editions' is a symbolic link" in result.output
    assert SECRET not in result.output
    (outside / "first.yml").unlink()
    result = run("edition", "second", str(project))
    assert result.exit_code == 1
    assert "editions:1:1: error: 'editions' is a symbolic link" in result.output
    assert untouched(outside)


def test_edition_refuses_to_write_over_a_linked_file(project: Path, outside: Path) -> None:
    (project / "editions").mkdir()
    (project / "editions/second.yml").symlink_to(outside / "canary.txt")
    result = run("edition", "second", "--force", str(project))
    assert result.exit_code == 1
    assert "editions/second.yml:1:1: error: 'editions/second.yml' is a symbolic" in result.output
    assert (project / "editions/second.yml").is_symlink()  # the user's to remove
    assert untouched(outside)
    # the check refuses the link first; the writing refuses it too, whatever came before
    (project / "editions/second.yml").unlink()
    index = check_project(project).index
    (project / "editions/second.yml").symlink_to(outside / "canary.txt")
    with pytest.raises(UnsafePath, match="'editions/second.yml' is a symbolic link"):
        write_edition(project, index, "second", force=True)
    assert (project / "editions/second.yml").is_symlink()
    assert untouched(outside)


# Staging and concurrent runs -----------------------------------------------------------------


def test_staging_folders_left_by_a_killed_build_are_removed(project: Path) -> None:
    for leftover in (".staging-k1ll3d", ".pdf-k1ll3d"):
        (project / "build" / leftover / "docs").mkdir(parents=True)
        (project / "build" / leftover / "docs/index.md").write_text("half a page")
    result = run("pdf", str(project))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "build").iterdir()) == ["harbour-repairs.pdf"]


def test_a_run_waits_for_the_run_in_progress_and_keeps_its_staging(project: Path) -> None:
    """While one run holds build/, a second one neither deletes the first's staging nor
    swaps its outputs in: it waits, then goes on."""
    with locked_build(project, lambda message: None) as build:
        (build / ".staging-running").mkdir()
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "pdf", str(project)],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        assert process.stderr is not None
        said = ""
        while "waiting for another run" not in said:
            line = process.stderr.readline()  # "" once the process ended: no hang
            assert line, f"never waited: {said}"
            said += line
        assert (build / ".staging-running").is_dir()
        assert not (build / "harbour-repairs.pdf").exists()
    _, rest = process.communicate(timeout=HANG_GUARD)
    assert process.returncode == 0, rest
    assert (project / "build/harbour-repairs.pdf").is_file()
    assert not (project / "build/.staging-running").exists()  # a leftover, once we let go


KILLED_AT_THE_SWAP = """
import os, sys, time
import briefing.outputs as outputs
from briefing.cli import cli

project, way = sys.argv[1], sys.argv[2]
site = os.path.join(project, "build", "site")


def stop():
    print("at the swap", flush=True)
    time.sleep(600)


if way == "renames":  # a system without renameat2: the old site moved aside, then the new in
    outputs.exchange = lambda one, other: False
    replace = os.replace

    def replacing(source, target):
        if os.fspath(target) == site:
            stop()
        return replace(source, target)

    os.replace = replacing
else:
    exchange = outputs.exchange

    def exchanging(one, other):
        done = exchange(one, other)
        if os.fspath(other) == site:
            stop()
        return done

    outputs.exchange = exchanging
cli(["build", project])
"""


@pytest.mark.parametrize("way", ["exchange", "renames"])
def test_a_build_killed_in_its_swap_leaves_a_whole_site(project: Path, way: str) -> None:
    """A real build, killed (SIGKILL) in the middle of swapping its site in: at once or
    after the next run, build/site is a whole site, the old one or the new one."""
    assert run("build", str(project)).exit_code == 0
    old = snapshot(project / "build/site")
    (project / "briefing.yml").write_text("title: A new title that changes every page\n")
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_AT_THE_SWAP, str(project), way],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    said = ""
    try:
        while not said.endswith("at the swap\n"):
            line = process.stdout.readline()  # "" once the process ended: no hang
            if not line:
                break
            said += line
    finally:
        process.kill()
        rest, errors = process.communicate(timeout=HANG_GUARD)
    assert said.endswith("at the swap\n"), said + rest + errors
    if way == "exchange":  # one step: the new site is in place already
        new = snapshot(project / "build/site")
        assert new != old and "A new title" in new["index.html"].decode()
    result = run("pdf", str(project))  # the next run
    assert result.exit_code == 0, result.output
    after = snapshot(project / "build/site")
    assert after == (new if way == "exchange" else old)
    assert not list((project / "build").glob(".staging-*"))


def test_the_next_run_puts_back_a_site_moved_aside_and_nothing_else(
    project: Path, outside: Path
) -> None:
    """build/ as a run killed between its two renames leaves it: the old site and docs in
    the staging folder, the new ones beside them, none in build/. (A staging folder holding
    both a site in build/ and the old one, as an exchange leaves it, is only deleted.)"""
    build = project / "build"
    killed, exchanged = build / ".staging-k1ll3d", build / ".staging-3xch4ng3d"
    for folder, text in (("old-site", "old"), ("site", "new, half"), ("old-docs", "old docs")):
        (killed / folder).mkdir(parents=True)
        (killed / folder / "index.html").write_text(text)
    (killed / "old-brief.pdf").write_text("a new PDF of a brief 'old-brief'")
    (exchanged / "site").mkdir(parents=True)
    (exchanged / "site/index.html").write_text("older")
    (exchanged / "old-pdf").symlink_to(outside, target_is_directory=True)
    said: list[str] = []
    with locked_build(project, said.append):
        assert sorted(p.name for p in build.iterdir()) == ["docs", "site"]
        assert (build / "site/index.html").read_text() == "old"
        assert (build / "docs/index.html").read_text() == "old docs"
    assert said == [
        "put back build/docs, left aside by a run that was stopped",
        "put back build/site, left aside by a run that was stopped",
    ]
    assert untouched(outside)


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "one/a.txt").write_text("one")
    (tmp_path / "other").mkdir()
    (tmp_path / "other/b.txt").write_text("other")
    if not exchange(tmp_path / "one", tmp_path / "other"):
        pytest.skip("this system cannot exchange two paths (no renameat2)")
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["b.txt"]
    assert [p.name for p in (tmp_path / "other").iterdir()] == ["a.txt"]
    with pytest.raises(FileNotFoundError):
        exchange(tmp_path / "one", tmp_path / "missing")


# All or nothing -------------------------------------------------------------------------------


def test_a_typst_failure_leaves_the_old_site_and_every_pdf_as_they_were(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The book fails in Typst after the brief's PDF was set and the site built: nothing of
    the new build is kept. (The failure is Typst's own, on a paper size it does not know,
    the kind of error a mistake in our data for the template gives.)"""
    assert run("build", str(project)).exit_code == 0
    before = snapshot(project / "build")
    assert "harbour-repairs.pdf" in before and f"{BOOK}.pdf" in before
    (project / "briefing.yml").write_text("title: A new title that changes every page\n")
    documents = briefing.views.pdf.typeset.documents

    def with_a_broken_book(*args: Any) -> Iterator[tuple[str, dict[str, Any]]]:
        for name, data in documents(*args):
            yield name, {**data, "paper": "no-such-paper"} if name == BOOK else data

    monkeypatch.setattr(briefing.views.pdf.typeset, "documents", with_a_broken_book)
    result = run("build", str(project))
    assert result.exit_code == 1
    assert f"error: Typst could not set {BOOK}.pdf" in result.output
    assert "the last good site and PDFs are left as they were" in result.output
    assert snapshot(project / "build") == before


def test_a_build_replaces_the_site_and_every_pdf_together(project: Path) -> None:
    assert run("build", str(project)).exit_code == 0
    build = project / "build"
    pdfs = {p.name for p in build.glob("*.pdf")}
    assert pdfs == {"harbour-repairs.pdf", f"{BOOK}.pdf"}
    assert {p.name for p in (build / "site/pdf").iterdir()} == pdfs
    for name in pdfs:
        assert (build / "site/pdf" / name).read_bytes() == (build / name).read_bytes()
    # beside them only the cache, which holds the digests of the pages in docs/
    assert sorted(p.name for p in build.iterdir()) == sorted([".cache", "docs", "site", *pdfs])
    assert (build / ".cache" / "pages.json").is_file()


# mkdocs.yml: no aliases; its code refused on demand --------------------------------------------


def test_aliases_in_mkdocs_yml_are_refused(project: Path) -> None:
    (project / "mkdocs.yml").write_text(
        "site_name: Aliases\nlaughs: &a [x, x, x]\nmore: [*a, *a, *a]\n"
    )
    for command in ("check", "build"):
        result = run(command, str(project))
        assert result.exit_code == 1
        assert "mkdocs.yml:2:9: error: YAML anchors and aliases are not supported" in result.output
    assert nothing_built(project)


def test_mkdocs_own_tags_still_work(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEFING_TEST_SITE_NAME", raising=False)
    (project / "mkdocs.yml").write_text(
        "site_name: !ENV [BRIEFING_TEST_SITE_NAME, 'Named by default']\n"
        "extra: {root: !relative $config_dir}\n"
        "theme: {name: material, font: false}\n"
        "markdown_extensions: [footnotes, attr_list, md_in_html, tables]\n"
    )
    result = run("build", str(project))
    assert result.exit_code == 0, result.output
    assert "Named by default" in (project / "build/site/index.html").read_text()


PROJECT_CODE = """\
site_name: Runs code
INHERIT: ../elsewhere.yml
hooks:
  - hooks/canary.py
theme:
  name: material
  custom_dir: overrides
plugins:
  - search
  - projects
markdown_extensions:
  - footnotes
  - pymdownx.snippets:
      base_path: /
  - toc:
      slugify: !!python/name:os.system
"""


def test_untrusted_refuses_each_kind_of_project_code(project: Path) -> None:
    (project / "mkdocs.yml").write_text(PROJECT_CODE)
    (project / "hooks").mkdir()
    canary = project / "hook-ran.txt"
    (project / "hooks/canary.py").write_text(f"open({str(canary)!r}, 'w').close()\n")
    result = run("build", "--untrusted", str(project))
    assert result.exit_code == 1
    for line in (
        "mkdocs.yml:2:1: error: 'INHERIT' reads another configuration",
        "mkdocs.yml:3:1: error: 'hooks' runs the project's Python files",
        "mkdocs.yml:7:3: error: 'theme.custom_dir' runs the project's templates",
        "mkdocs.yml:10:5: error: plugin 'projects' is not one that briefing trusts",
        "mkdocs.yml:13:5: error: Markdown extension 'pymdownx.snippets' is not one that",
        "mkdocs.yml:16:16: error: the YAML tag '!!python/name:os.system' runs Python code",
    ):
        assert line in result.output
    assert "build stopped: --untrusted: nothing was run" in result.output
    assert not canary.exists() and not (project / "build").exists()


def test_untrusted_serve_refuses_hooks(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: Hooks\nhooks: [hooks/canary.py]\n")
    result = console("serve", "--untrusted", str(project), "--port", "18998")
    assert result.returncode == 1
    assert "mkdocs.yml:2:1: error: 'hooks' runs the project's Python files" in result.stdout
    assert not (project / "build").exists()


def test_without_untrusted_the_hooks_run(project: Path) -> None:
    """What the README says: building a project runs the code its mkdocs.yml names."""
    canary = project / "hook-ran.txt"
    (project / "hooks").mkdir()
    (project / "hooks/canary.py").write_text(f"open({str(canary)!r}, 'w').close()\n")
    (project / "mkdocs.yml").write_text(
        "site_name: Hooks\ntheme: {name: material, font: false}\n"
        f"hooks: [{project / 'hooks/canary.py'}]\n"
        "markdown_extensions: [footnotes, attr_list, md_in_html, tables]\n"
    )
    assert run("build", str(project)).exit_code == 0
    assert canary.exists()


def test_the_sample_mkdocs_yml_is_trusted() -> None:
    assert code_it_runs(REPOSITORY) == []


def test_no_module_of_the_project_is_imported_in_place_of_mkdocs_own(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built from inside the project, a `markdown.py` there is not what MkDocs imports."""
    canary = project / "imported.txt"
    (project / "markdown.py").write_text(f"open({str(canary)!r}, 'w').close()\n")
    monkeypatch.chdir(project)
    result = run("build", "--untrusted", ".")
    assert result.exit_code == 0, result.output
    assert not canary.exists()


REMOTE_ASSETS = """\
site_name: Remote assets
theme:
  name: material
  font:
    text: Roboto
  favicon: https://example.org/favicon.png
  logo: img/logo.svg
extra_javascript:
  - js/local.js
  - http://example.org/track.js
  - path: //cdn.example.org/module.js
    type: module
  - "  JAVA\\tSCRIPT:alert(1)"
extra_css:
  - css/local.css
  - https://example.org/style.css
  - /elsewhere/on/the/host.css
extra:
  analytics:
    provider: google
    property: G-XXXXXXXX
"""


def test_untrusted_refuses_remote_scripts_and_styles(project: Path) -> None:
    """A page of an untrusted project loads no script, style or theme asset from elsewhere:
    each one named in mkdocs.yml is refused at its line, and nothing is built."""
    (project / "mkdocs.yml").write_text(REMOTE_ASSETS)
    result = run("build", "--untrusted", "--no-pdf", str(project))
    assert result.exit_code == 1, result.output
    refused = [line for line in result.output.splitlines() if ": error: " in line]
    assert refused == [
        "mkdocs.yml:4:3: error: 'theme.font' loads web fonts from Google Fonts",
        "mkdocs.yml:6:12: error: 'theme.favicon' is not a file of the project: "
        "'https://example.org/favicon.png'",
        "mkdocs.yml:10:5: error: 'extra_javascript' is not a file of the project: "
        "'http://example.org/track.js'",
        "mkdocs.yml:11:11: error: 'extra_javascript' is not a file of the project: "
        "'//cdn.example.org/module.js'",
        "mkdocs.yml:13:5: error: 'extra_javascript' is not a file of the project: "
        "'  JAVA\\tSCRIPT:alert(1)'",
        "mkdocs.yml:16:5: error: 'extra_css' is not a file of the project: "
        "'https://example.org/style.css'",
        "mkdocs.yml:17:5: error: 'extra_css' is not a file of the project: "
        "'/elsewhere/on/the/host.css'",
        "mkdocs.yml:19:3: error: 'extra.analytics' loads the analytics provider's script",
    ]
    assert nothing_built(project)


def test_untrusted_keeps_local_scripts_and_styles(project: Path) -> None:
    (project / "mkdocs.yml").write_text(
        "site_name: Local assets\ntheme: {name: material, font: false, logo: img/logo.svg}\n"
        "extra_javascript: [js/local.js, {path: js/module.js, type: module}]\n"
        "extra_css: [css/local.css]\n"
    )
    assert code_it_runs(project) == []
