"""`briefing serve` rebuilds once for each edit, and then is quiet: a real serve process on a
copy of the minimal corpus, its log read as a user reads the terminal.

Each build reads the watched files; on Linux a read is an event too (opened, closed without
writing), and MkDocs' server rebuilt on any event: ten rebuilds a second, forever, after the
first edit. The windows of quiet below are long enough to see that many times over.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import HANG_GUARD, REPOSITORY

REBUILT = re.compile(r"^briefing: (built|updated) the site in ", re.MULTILINE)
QUIET_SECONDS = 10  # how long nothing more may happen after a rebuild
START_SECONDS = 120  # the first build, on a machine that runs other tests too


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Served:
    """A `briefing serve` process and its log."""

    def __init__(self, log: Path, port: int) -> None:
        self.log, self.url = log, f"http://127.0.0.1:{port}/"

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def rebuilds(self) -> int:
        return len(REBUILT.findall(self.text()))

    def wait_for(self, pattern: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not re.search(pattern, self.text(), re.MULTILINE):
            assert time.monotonic() < deadline, f"no {pattern!r} in {seconds} s:\n{self.text()}"
            time.sleep(0.1)

    def wait_for_rebuild(self, seconds: float) -> str:
        """The line of the next rebuild, once it is said."""
        before = self.rebuilds()
        deadline = time.monotonic() + seconds
        while self.rebuilds() == before:
            assert time.monotonic() < deadline, f"no rebuild in {seconds} s:\n{self.text()}"
            time.sleep(0.1)
        return [line for line in self.text().splitlines() if REBUILT.match(line)][before]

    def rebuilds_in(self, seconds: float) -> int:
        """The rebuilds said from now until `seconds` have passed."""
        before = self.rebuilds()
        time.sleep(seconds)
        return self.rebuilds() - before


@contextmanager
def serving(project: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[Served]:
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", str(project), "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_COLOR": "1", **(env or {})},
        )
        try:
            served = Served(log, port)
            served.wait_for(r"^briefing: serving on ", START_SECONDS)
            assert served.rebuilds() == 1  # the first build
            yield served
        finally:
            process.terminate()
            process.wait(timeout=HANG_GUARD)
    print(log.read_text())  # shown by pytest when the test fails


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_one_edit_one_rebuild_and_a_touch_none(project: Path, tmp_path: Path) -> None:
    council = project / "actors" / "harbour-council.yml"
    with serving(project, tmp_path / "serve.log") as served:
        assert served.rebuilds_in(QUIET_SECONDS / 2) == 0  # serving reads files too
        edit(council, "name: Portville Harbour Council", "name: Portville Harbour Board")
        assert "updated the site" in served.wait_for_rebuild(seconds=60)
        assert served.rebuilds_in(QUIET_SECONDS) == 0
        page = urllib.request.urlopen(served.url + "actors/harbour-council/", timeout=10)
        assert "Portville Harbour Board" in page.read().decode()
        # `touch` opens the file for writing, closes it unwritten and sets its times
        subprocess.run(["touch", str(council), str(project / "briefing.yml")], check=True)
        assert served.rebuilds_in(QUIET_SECONDS) == 0
        lines = served.text().splitlines()
        # no check said twice (the renamed council is no longer named by the excerpts that
        # name it "the harbour council": unnamed-in-excerpt says so, once)
        assert [line for line in lines if line.startswith("0 errors")] == [
            "0 errors, 0 warnings in 6 files",
            "0 errors, 2 warnings in 6 files",
        ]


def test_an_edit_of_a_packaged_template_rebuilds_the_site(project: Path, tmp_path: Path) -> None:
    """The templates packaged with briefing are watched where the package has them: a copy
    of the package, run in place of the installed one, is edited."""
    source = tmp_path / "src"
    shutil.copytree(
        REPOSITORY / "src", source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    template = source / "briefing" / "templates" / "actor.md.j2"
    assert template.is_file()
    with serving(project, tmp_path / "serve.log", {"PYTHONPATH": str(source)}) as served:
        edit(
            template,
            "{{ notes.definitions() }}",
            "Edited in the copy.\n\n{{ notes.definitions() }}",
        )
        assert "built the site" in served.wait_for_rebuild(seconds=60)  # every page again
        page = urllib.request.urlopen(served.url + "actors/ana-ruiz/", timeout=10)
        assert "Edited in the copy." in page.read().decode()
        assert served.rebuilds_in(QUIET_SECONDS / 2) == 0
