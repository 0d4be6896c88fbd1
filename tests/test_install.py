"""briefing as a user installs it: the built wheel (not the source tree) in a fresh virtual
environment builds the sample, so a template, asset or data file that the wheel leaves out
fails here; and without an extra's library, the commands that need it say how to install it
while the others go on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import HANG_GUARD, NO_BUILD, REPOSITORY, VALID, run

# What a wheel is built from (README.md is the package's long description), and the sample
# project: the repository's records and settings, without its build/.
SOURCE = ["pyproject.toml", "README.md", "src"]
SAMPLE = ["briefs", "actors", "events", "sources", "editions", "mkdocs.yml", "briefing.yml"]
FTM_FILE = "entities.ftm.json"


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=HANG_GUARD, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A virtual environment with the wheel of this tree installed, and the environment to
    run it in. The venv sees the system's site-packages, so the dependencies already
    installed are found without the network; the wheel is installed over them, and nothing
    of the source tree is on the path (no PYTHONPATH: the editable install's path entry
    comes after the venv's own site-packages)."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"  # pip builds in the tree it is given: not in the repository
    source.mkdir()
    for name in SOURCE:
        origin = REPOSITORY / name
        if origin.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(origin, source / name, ignore=ignore)
        else:
            shutil.copy(origin, source / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    dist = root / "dist"
    # The build backend (setuptools, pyproject's build-system) comes from the package index,
    # as for any `pip wheel`; the package's dependencies are not fetched (--no-deps).
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(source)], root, env
    )
    if (
        built.returncode != 0
        and "satisfies the requirement setuptools" in built.stdout + built.stderr
    ):
        pytest.skip(
            "the package index is out of reach: pip cannot fetch setuptools to build the wheel"
        )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("briefing-*.whl")
    venv = root / "venv"
    made = _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], root, env)
    assert made.returncode == 0, made.stderr
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index"]
    put = _run([*pip, "--force-reinstall", str(wheel)], root, env)
    assert put.returncode == 0, put.stdout + put.stderr
    return venv, env


def test_the_venv_imports_the_installed_wheel(installed: tuple[Path, dict[str, str]]) -> None:
    venv, env = installed
    found = _run(
        [str(venv / "bin" / "python"), "-c", "import briefing; print(briefing.__file__)"],
        venv,
        env,
    )
    assert found.returncode == 0, found.stderr
    module = Path(found.stdout.strip())
    assert module.is_relative_to(venv / "lib"), f"briefing imported from {module}"


def test_the_wheel_holds_every_file_of_the_package(installed: tuple[Path, dict[str, str]]) -> None:
    """Every module and data file of src/briefing (templates, assets, the skeleton with its
    dot files, the exports' JSON-LD context) is in the installed package."""
    venv, _ = installed
    (package,) = (venv / "lib").glob("python*/site-packages/briefing")
    source = REPOSITORY / "src" / "briefing"

    def files(folder: Path) -> set[str]:
        return {
            file.relative_to(folder).as_posix()
            for file in folder.rglob("*")
            if file.is_file() and "__pycache__" not in file.parts
        }

    assert files(source) - files(package) == set()


def test_the_installed_wheel_builds_the_sample(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """The site (templates, the stylesheet, every export with its JSON-LD context) and the
    PDFs (the Typst template): each comes from the wheel's package data."""
    venv, env = installed
    project = tmp_path / "sample"
    project.mkdir()
    for name in SAMPLE:
        origin = REPOSITORY / name
        if origin.is_dir():
            shutil.copytree(origin, project / name, ignore=NO_BUILD)
        else:
            shutil.copy(origin, project / name)
    built = _run([str(venv / "bin" / "briefing"), "build", "--strict"], project, env)
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "build" / "site"
    assert (site / "index.html").is_file()
    assert list(site.glob("assets/**/briefing.css"))
    written = {file.name for file in (site / "data").iterdir()}
    assert {"sources.csl.json", "annotations.jsonld", "claims.csv", FTM_FILE} <= written
    assert sorted(file.name for file in (project / "build").glob("*.pdf")) == [
        "briefing.pdf",
        "hezbollah-iraqi-militias.pdf",
        "source-assessment.pdf",
    ]


def test_the_installed_wheel_makes_a_new_project(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """`init` copies the packaged skeleton, dot files included, and it checks clean."""
    venv, env = installed
    briefing = str(venv / "bin" / "briefing")
    made = _run([briefing, "init", "fresh"], tmp_path, env)
    assert made.returncode == 0, made.stdout + made.stderr
    assert (tmp_path / "fresh" / ".gitignore").is_file()
    assert (tmp_path / "fresh" / "sources" / "_example.md").is_file()
    checked = _run([briefing, "check", "--strict", "fresh"], tmp_path, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# Without followthemoney (the extra `ftm`) -------------------------------------------------


@pytest.fixture
def without_followthemoney(monkeypatch: pytest.MonkeyPatch) -> None:
    """followthemoney as if not installed: found by no finder, and refused if imported."""
    monkeypatch.setitem(sys.modules, "followthemoney", None)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(VALID, tmp_path / "project", ignore=NO_BUILD))


SKIPPED = (
    f"briefing: skipped the ftm ({FTM_FILE}) export: followthemoney is not installed "
    "(pip install 'briefing[ftm]')"
)


@pytest.mark.usefixtures("without_followthemoney")
def test_export_ftm_says_how_to_install_it(project: Path) -> None:
    result = run("export", "ftm", str(project))
    assert result.exit_code == 2, result.output
    assert (
        "the ftm export needs followthemoney, which is not installed; "
        "install it with: pip install 'briefing[ftm]'"
    ) in result.output
    assert not (project / "build" / "exports").exists()


@pytest.mark.usefixtures("without_followthemoney")
def test_export_all_writes_the_others_and_says_which_it_skipped(project: Path) -> None:
    from briefing.views.exports import FORMATS

    result = run("export", "all", str(project))
    assert result.exit_code == 0, result.output
    assert result.output.count(SKIPPED) == 1, result.output
    written = sorted(file.name for file in (project / "build" / "exports").iterdir())
    others = [name for one in FORMATS.values() if one.name != "ftm" for name in one.files]
    assert written == sorted(others)


@pytest.mark.usefixtures("without_followthemoney")
def test_build_writes_the_others_and_the_data_page_links_only_them(project: Path) -> None:
    result = run("build", "--no-pdf", str(project))
    assert result.exit_code == 0, result.output
    assert result.output.count(SKIPPED) == 1, result.output
    data = project / "build" / "site" / "data"
    assert not (data / FTM_FILE).exists()
    page = (data / "index.html").read_text(encoding="utf-8")
    assert FTM_FILE not in page and "FollowTheMoney" not in page
    for file in data.iterdir():
        if file.name != "index.html":
            assert f'href="{file.name}"' in page, file.name


def test_with_followthemoney_the_data_page_links_its_file(project: Path) -> None:
    result = run("build", "--no-pdf", str(project))
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    data = project / "build" / "site" / "data"
    assert (data / FTM_FILE).is_file()
    assert f'href="{FTM_FILE}"' in (data / "index.html").read_text(encoding="utf-8")
