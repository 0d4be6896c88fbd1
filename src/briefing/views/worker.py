"""A Python module of briefing run in a process of its own, asked one line at a time and
answering one line of JSON: MkDocs (site/mkdocs_worker.py) and Typst (pdf/typst_worker.py)
run so, each for a reason of its own (a project's code that must not be imported in place of
MkDocs' own; a template that may run for ever)."""

from __future__ import annotations

import contextlib
import select
import subprocess
import sys
import tempfile
from types import TracebackType
from typing import Any

STOP_SECONDS = 10  # for a worker to end once asked to, before it is killed


class Worker:
    """The worker module `module`, started with `-P` (no module of its working folder is
    imported in place of a library's) in `cwd`, its standard error kept for when it fails."""

    def __init__(
        self,
        module: str,
        arguments: list[str] | None = None,
        cwd: str | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        # its standard error, read when it fails; closed with it, in close()
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-m", module, *(arguments or [])],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            encoding="utf-8",
            env=env,
        )

    def ask(self, line: str, seconds: float | None = None) -> str | None:
        """Its answer to one line: "" if it ended without one; None if it took longer than
        `seconds`, and it is then killed."""
        asked, answers = self.process.stdin, self.process.stdout
        assert asked is not None and answers is not None
        try:
            asked.write(line + "\n")
            asked.flush()
        except BrokenPipeError:  # it had ended already; its words say why
            return ""
        if seconds is not None and not select.select([answers], [], [], seconds)[0]:
            self.process.kill()
            self.process.wait()
            return None
        return answers.readline()

    def last_words(self) -> list[str]:
        """What it said on its standard error, once it is stopped: why it ended."""
        self._stop()
        self.errors.seek(0)
        text = self.errors.read().decode("utf-8", "replace")
        return [line for line in text.splitlines() if line.strip()]

    def _stop(self) -> None:
        """End the process: asked to, by the end of what it reads; killed if it does not."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(BrokenPipeError):  # it had ended already
                self.process.stdin.close()
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def close(self) -> None:
        self._stop()
        self.errors.close()

    def __enter__(self) -> Any:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if error is not None:  # a request may be under way: nothing waits for its answer
            self.process.kill()
        self.close()
