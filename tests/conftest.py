from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefing.cli import cli

TESTS = Path(__file__).parent
CORPORA = TESTS / "corpora"
VALID = CORPORA / "valid_minimal"
REPOSITORY = TESTS.parent


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# A check of a corpus in place keeps its cache in the corpus's build/: a copy leaves it out,
# to start as a project fresh from a checkout does.
NO_BUILD = shutil.ignore_patterns("build")

HANG_GUARD = 600  # seconds: a command that takes longer is stuck, not slow


def console(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The console script in a process of its own, as a user runs it (a crash in C code
    fails the test instead of taking pytest down)."""
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=cwd,
        check=False,
    )


def overlay(broken: Path, target: Path) -> Path:
    """The valid corpus with a broken corpus's files laid over it."""
    shutil.copytree(VALID, target, ignore=NO_BUILD)
    for file in broken.rglob("*"):
        if file.is_file() and file.name not in ("expected.txt", "command.txt"):
            destination = target / file.relative_to(broken)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, destination)
    return target


def corpus_command(broken: Path, project: Path) -> list[str]:
    """The command a broken corpus is run with: `check --strict` of its project, or the
    words of its `command.txt` (a problem that another command finds), with the project in
    place of `{project}`, or after them."""
    command = broken / "command.txt"
    words = command.read_text().split() if command.is_file() else ["check", "--strict"]
    if "{project}" not in words:
        words.append("{project}")
    return [str(project) if word == "{project}" else word for word in words]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the valid minimal corpus that a test may change."""
    return Path(shutil.copytree(VALID, tmp_path / "project", ignore=NO_BUILD))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own briefing, built once for the session, in a copy."""
    from sites import build

    return build(REPOSITORY, tmp_path_factory.mktemp("sample") / "project")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sites import build

    return build(CORPORA / "hostile", tmp_path_factory.mktemp("hostile") / "project")


def with_hash(text: str) -> str:
    """A source file's text with its `sha256:` set to the hash of its text as it now stands:
    for tests that change a source's text on purpose, as `briefing rehash` would record."""
    from briefing.check.fixity import text_hash, with_keys
    from briefing.records.reading import split_front_matter

    front, body, _ = split_front_matter(text, "<test>")
    head = text[: text.index("\n") + 1]
    closing = text[len(head) + len(front) : len(text) - len(body)]
    return head + with_keys(front, {"sha256": text_hash(body)}) + closing + body


ENGINES = ["mkdocs", "zensical"]


@pytest.fixture(scope="session", params=ENGINES)
def engine_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, sample_site: Path
) -> tuple[str, Path]:
    """(engine, site): the sample built by each engine, once for the session; the MkDocs
    one is `sample_site`."""
    from sites import build

    engine: str = request.param
    if engine == "mkdocs":
        return engine, sample_site
    return engine, build(REPOSITORY, tmp_path_factory.mktemp("zensical") / "project", engine)
