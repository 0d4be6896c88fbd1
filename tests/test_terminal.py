"""What a person sees on a terminal: errors, warnings and notes told apart by colour on a
terminal, and no colour when NO_COLOR is set or the output goes to a pipe. The real console
script, its output on a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from conftest import CORPORA, HANG_GUARD, overlay

RED_BOLD = "\x1b[31m\x1b[1m"
YELLOW_BOLD = "\x1b[33m\x1b[1m"


def on_terminal(*args: str, env: dict[str, str]) -> str:
    """The output of `briefing ARGS` when its stdout is a terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", *args], stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process is gone
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=HANG_GUARD)
    os.close(leader)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def _broken(tmp_path: Path) -> Path:
    """An error and a warning together."""
    project = overlay(CORPORA / "broken" / "bad_reliability_grade", tmp_path / "project")
    overlay_warning = CORPORA / "broken" / "uncited_source" / "sources" / "unused-2020-01-12.md"
    (project / "sources" / overlay_warning.name).write_bytes(overlay_warning.read_bytes())
    return project


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return {**env, **extra}


def test_errors_and_warnings_differ_in_colour_on_a_terminal(tmp_path: Path) -> None:
    output = on_terminal("check", str(_broken(tmp_path)), env=_environment())
    assert f"{RED_BOLD}error:" in output
    assert f"{YELLOW_BOLD}warning:" in output


def test_no_colour_when_no_color_is_set(tmp_path: Path) -> None:
    output = on_terminal("check", str(_broken(tmp_path)), env=_environment(NO_COLOR="1"))
    assert "\x1b[" not in output
    assert ": error: 'G' is not a reliability grade" in output


def test_no_colour_through_a_pipe(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "check", str(_broken(tmp_path))],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        env=_environment(),
        check=False,
    )
    assert "\x1b[" not in result.stdout
    assert result.stdout.splitlines()[-1] == "1 error, 1 warning in 7 files"
