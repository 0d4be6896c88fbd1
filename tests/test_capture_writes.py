"""What capture and rehash write: an id another record has is refused at once, rehash keeps
the comment of the line it rewrites, and a capture writes its source and its WARC both or
neither, even when killed, a later run cleaning what a killed one left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import run
from hostile import Hostile, files_of, hostile_server

WIRE = "sources/wire-2020-01-10-harbour.md"


@pytest.fixture(scope="module")
def server() -> Iterator[Hostile]:
    with hostile_server() as running:
        yield running


def test_an_id_another_record_has_is_refused_by_capture(server: Hostile, project: Path) -> None:
    (actor,) = sorted((project / "actors").glob("*.yml"))[:1]
    before = files_of(project)
    result = run(
        "capture", "--allow-private", "-C", str(project), "--id", actor.stem, server.url("/a")
    )
    assert result.exit_code == 1, result.output
    assert f"id '{actor.stem}' is taken by actors/{actor.name}" in result.output
    assert "hint: " in result.output
    assert files_of(project) == before


def test_rehash_keeps_the_comment_on_the_line_it_rewrites(project: Path) -> None:
    wire = project / WIRE
    text = wire.read_text()
    line = next(line for line in text.splitlines() if line.startswith("sha256:"))
    text = text.replace(line, line + "  # hashed at capture")
    wire.write_text(text.replace("Example Wire.", "Example Wire!", 1))
    done = run("rehash", "-C", str(project), "wire-2020-01-10-harbour", "--reason", "mended")
    assert done.exit_code == 0, done.output
    (rewritten,) = [line for line in wire.read_text().splitlines() if line.startswith("sha256:")]
    assert (
        rewritten.endswith("  # hashed at capture") and rewritten != line + "  # hashed at capture"
    )


def test_a_failed_write_leaves_neither_file(
    server: Hostile, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing import files

    real = os.replace
    calls: list[str] = []

    def replace(source: str, target: str) -> None:
        calls.append(str(target))
        if str(target).endswith(".md"):
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(files.os, "replace", replace)
    before = files_of(project)
    with pytest.raises(OSError, match="No space left"):
        run("capture", "--allow-private", "-C", str(project), "--id", "herald", server.url("/a"))
    assert calls and any(call.endswith(".wacz") for call in calls)
    assert files_of(project) == before


# A capture in a process of its own that stops for good after it put the archive in place and
# before the source: the test kills it there, as a power cut or a kill -9 would.
KILLED_BETWEEN = """
import os, sys, time
from briefing import files
real = os.replace
def replace(source, target):
    real(source, target)
    if str(target).endswith(".wacz"):
        print("archive in place", flush=True)
        time.sleep(600)
files.os.replace = replace
from briefing.cli import main
sys.argv = ["briefing", *sys.argv[1:]]
main()
"""


def test_a_capture_killed_mid_write_is_cleaned_by_the_next(server: Hostile, project: Path) -> None:
    arguments = [
        "capture",
        "--allow-private",
        "-C",
        str(project),
        "--id",
        "herald",
        server.url("/a"),
    ]
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_BETWEEN, *arguments], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "archive in place"
    (project / "sources/.briefing-left").write_text("a temporary file a killed run left")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    assert (project / "captures/herald.wacz").exists()
    assert not (project / "sources/herald.md").exists()
    again = run(*arguments)
    assert again.exit_code == 0, again.output
    assert (project / "sources/herald.md").exists()
    left = [p.name for p in project.rglob(".briefing-*")]
    assert left == []
