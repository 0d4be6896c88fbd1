"""The one build: `build`, `pdf` and `serve` each run briefing.build.build, and whatever
stops it is said in one way, with its exit code, at the command line's one boundary."""

from __future__ import annotations

import multiprocessing
import pickle
import socket
from pathlib import Path
from typing import Any

import pytest

import briefing.build
from briefing.build import Options
from briefing.paths import UnsafePath
from briefing.problems import BriefingError, Origin, Problem
from briefing.records.templates import TemplateFailure
from briefing.views.pdf.typeset import PdfError
from briefing.views.site.engine import SiteError
from conftest import HANG_GUARD, run


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Options, bool]]:
    """Each call of the one build, as (options, into serve's live site), while it runs."""
    seen: list[tuple[Options, bool]] = []
    real = briefing.build.build

    def counted(root: Path, options: Options, *args: Any, **kwargs: Any) -> Any:
        seen.append((options, kwargs.get("live") is not None))
        return real(root, options, *args, **kwargs)

    monkeypatch.setattr(briefing.build, "build", counted)
    return seen


def test_build_runs_the_one_build(project: Path, builds: list[tuple[Options, bool]]) -> None:
    result = run("build", "--no-pdf", "--strict", str(project))
    assert result.exit_code == 0, result.output
    assert builds == [(Options(pdfs=False, strict=True), False)]
    assert f"built the site in {project / 'build' / 'site'}" in result.output


def test_pdf_runs_the_one_build(project: Path, builds: list[tuple[Options, bool]]) -> None:
    result = run("pdf", "--brief", "harbour-repairs", str(project))
    assert result.exit_code == 0, result.output
    assert builds == [(Options(site=False, briefs=("harbour-repairs",), book=False), False)]
    assert f"wrote {project / 'build' / 'harbour-repairs.pdf'}" in result.output
    assert sorted(p.name for p in (project / "build").iterdir()) == ["harbour-repairs.pdf"]


def test_serve_runs_the_one_build_first_and_after_an_edit(
    project: Path, builds: list[tuple[Options, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's loop is played in this process: one edit, then Ctrl-C."""
    from mkdocs.livereload import LiveReloadServer

    def one_edit_then_stop(server: LiveReloadServer, **_: object) -> None:
        council = project / "actors" / "harbour-council.yml"
        council.write_text(council.read_text().replace("Harbour Council", "Harbour Board"))
        server.builder()
        raise KeyboardInterrupt

    monkeypatch.setattr(LiveReloadServer, "serve", one_edit_then_stop)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run("serve", str(project), "--port", str(port))
    assert result.exit_code == 0, result.output
    assert builds == [(Options(), True), (Options(), True)]
    assert "built the site in" in result.output and "updated the site in" in result.output
    page = project / "build" / ".serve" / "site" / "actors" / "harbour-council" / "index.html"
    assert "Portville Harbour Board" in page.read_text()


def test_the_engine_refusing_says_its_words_and_leaves_the_site(project: Path) -> None:
    assert run("build", "--no-pdf", str(project)).exit_code == 0
    before = snapshot(project / "build")
    (project / "mkdocs.yml").write_text("site_name: Broken\ntheme: {name: no-such-theme}\n")
    result = run("build", "--no-pdf", str(project))
    assert result.exit_code == 1
    assert f"{project / 'mkdocs.yml'}:1:1: error: MkDocs could not build the site\n" in (
        result.output
    )
    assert "  ERROR   -  Config value 'theme': Unrecognised theme name: 'no-such-theme'" in (
        result.output
    )
    assert "  hint: the last good site and PDFs are left as they were" in result.output
    assert "build stopped" not in result.output  # the hint says it
    assert snapshot(project / "build") == before


def test_a_project_hook_that_raises_is_the_engines_failure_not_ours(project: Path) -> None:
    """MkDocs runs the project's code in its own process: what it raises ends that process,
    and the build says it as MkDocs' failure (exit 1), not as briefing's (exit 3)."""
    (project / "hook.py").write_text("def on_config(config):\n    raise RuntimeError('hooked')\n")
    (project / "mkdocs.yml").write_text(
        "site_name: Hooked\ntheme: {name: material, font: false}\n"
        "hooks: [../../hook.py]\n"  # from the staging folder, build/.staging-*/
    )
    result = run("build", "--no-pdf", str(project))
    assert result.exit_code == 1
    assert "error: MkDocs could not build the site" in result.output
    assert "  RuntimeError: hooked" in result.output
    assert not (project / "build" / "site").exists()


def test_misuse_found_by_the_build_is_said_with_the_commands_usage(project: Path) -> None:
    result = run("pdf", "--brief", "harbour-repair", str(project))
    assert result.exit_code == 2
    assert "Usage: cli pdf [OPTIONS] [PATH]" in result.output
    assert "Error: unknown brief 'harbour-repair'; did you mean 'harbour-repairs'?" in (
        result.output
    )


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (
            TemplateFailure(Problem(Origin("templates/actor.md.j2", 3, 7), "'x' is undefined")),
            "templates/actor.md.j2:3:7: error: 'x' is undefined\n"
            "build stopped: the last good site and PDFs are left as they were\n",
        ),
        (
            UnsafePath(Problem(Origin("build/site"), "'build/site' is a symbolic link")),
            "build/site:1:1: error: 'build/site' is a symbolic link\n"
            "build stopped: the last good site and PDFs are left as they were\n",
        ),
        (
            PdfError("briefing.pdf: unknown paper"),
            "error: Typst could not set briefing.pdf: unknown paper\n"
            "  hint: the last good site and PDFs are left as they were\n",
        ),
        (
            SiteError("MkDocs", ["ERROR   -  no theme", "Aborted!"], "p/mkdocs.yml"),
            "p/mkdocs.yml:1:1: error: MkDocs could not build the site\n"
            "  ERROR   -  no theme\n  Aborted!\n"
            "  hint: the last good site and PDFs are left as they were\n",
        ),
    ],
)
def test_what_stops_a_build_is_said_at_one_place(
    project: Path, monkeypatch: pytest.MonkeyPatch, error: BriefingError, said: str
) -> None:
    def stopped(root: Path, options: Options, *_: object, **__: object) -> None:
        error.stopping(briefing.build.LEFT_SITE)
        raise error

    monkeypatch.setattr(briefing.build, "build", stopped)
    result = run("build", str(project))
    assert result.exit_code == 1
    assert result.output == said


def fails_in_a_worker(number: int) -> int:
    raise TemplateFailure(Problem(Origin("templates/brief.md.j2", 4, 2), f"failed at {number}"))


def test_a_briefing_error_comes_back_whole_from_another_process() -> None:
    """The renderer and the check share work over forked processes (parallel.py): what
    stops one of them is pickled back to the parent with its problem, whatever its class's
    __init__ takes. (A process is started here whatever the threads of the test run, which
    keep parallel.py from forking.)"""
    error = SiteError("Zensical", ["it said this"], "mkdocs.yml")
    error.stopping("left")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is SiteError and again.__dict__ == error.__dict__
    assert again.format_message() == error.format_message()
    with (
        multiprocessing.get_context("spawn").Pool(1) as pool,
        pytest.raises(TemplateFailure) as caught,
    ):
        pool.map_async(fails_in_a_worker, [7]).get(timeout=HANG_GUARD)
    assert caught.value.problem == Problem(Origin("templates/brief.md.j2", 4, 2), "failed at 7")
