"""`briefing serve` shows the records' errors in the browser, in place of the site, and the
site again once they are fixed: in real Chromium, against the real server process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.common.exceptions import WebDriverException

from browser import wait_for
from conftest import HANG_GUARD, VALID, console
from sites import copy_project

pytest_plugins = ["browser"]


@pytest.fixture
def served_minimal(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    project = copy_project(VALID, tmp_path / "project")
    port = 19000 + os.getpid() % 1000
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", str(project), "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_COLOR": "1"},
        )
        try:
            yield project, f"http://127.0.0.1:{port}/", log
        finally:
            process.terminate()
            process.wait(timeout=HANG_GUARD)
    print(log.read_text())  # shown by pytest when the test fails


def test_serve_shows_errors_in_the_browser_and_clears_them(chromium, served_minimal) -> None:  # type: ignore[no-untyped-def]
    project, base, log = served_minimal
    page = base + "actors/ana-ruiz/"

    def shows(text: str):  # type: ignore[no-untyped-def]
        def condition(driver):  # type: ignore[no-untyped-def]
            try:
                driver.get(page)
            except WebDriverException:  # the server is not up yet: try again
                return False
            return text in driver.page_source

        return condition

    wait_for(chromium, shows("Ana Ruiz"), timeout=60)
    actor = project / "actors" / "ana-ruiz.yml"
    good = actor.read_text()
    actor.write_text(good.replace("name: Ana Ruiz", "name: [Ana Ruiz"))
    # the open page reloads by itself into the error page
    wait_for(chromium, lambda d: "YAML syntax error" in d.page_source, timeout=60)
    assert "actors/ana-ruiz.yml:" in chromium.page_source
    assert "1 error" in chromium.title + chromium.page_source
    actor.write_text(good)
    # and back to the site once fixed, without the test asking for the page again
    wait_for(chromium, lambda d: "Ana Ruiz" in d.title, timeout=60)
    assert "YAML syntax error" not in chromium.page_source
    assert "error: YAML syntax error" in log.read_text()  # the terminal says it too


def test_serve_says_the_port_is_taken_before_building(tmp_path: Path) -> None:
    import socket

    project = copy_project(VALID, tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = console("serve", str(project), "--port", str(port))
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is taken" in result.stderr
    assert f"--port {port + 1}" in result.stderr
    assert "serving on" not in result.stderr
    assert not (project / "build").exists()  # nothing was built in vain
