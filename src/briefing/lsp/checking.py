"""A project as the editor has it: the files on disk with the open buffers read in their
place, checked again after each edit as `serve` checks (incremental.rechecker: only what
the edit reaches), and which files' problems the edit changed."""

from __future__ import annotations

import functools
from pathlib import Path

from briefing.incremental.inputs import Listing
from briefing.incremental.rechecker import Files, Rechecker
from briefing.problems import NOWHERE, Problem
from briefing.report import Report


class Checked:
    """One project, checked with the editor's buffers; `report` is the last check's."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.checks = Rechecker(root)
        self.report: Report | None = None
        self.overlaid: set[str] = set()  # the paths read from buffers in the last check
        self.shown: dict[str, tuple[Problem, ...]] = {}  # the problems last published

    def check(self, buffers: dict[str, str]) -> Report:
        """The report with the open buffers (text by path) read in place of their files:
        only what an edit reaches is checked again while the files and other inputs are
        those of the last check; otherwise the whole project."""
        self.report = self.checks.check(functools.partial(self._with_buffers, buffers))
        return self.report

    def _with_buffers(
        self, buffers: dict[str, str], listing: Listing, files: Files | None, changed: set[str]
    ) -> set[str]:
        """The changed files once the buffers are read in place of their files (`files`, as
        the last check read them): a buffer edited keeps its file's time and size, and a
        buffer closed unsaved leaves its file as it was on disk, with what the last check
        read differing from both."""
        changed = set(changed)
        for shown in buffers.keys() | self.overlaid:
            if shown not in listing.files:
                continue  # a buffer of no record file of the project (not saved yet)
            if shown in buffers:
                listing.take(shown, buffers[shown].encode("utf-8"))
            else:
                listing.digests.pop(shown, None)
                listing.read(shown)
            if files is not None:
                if listing.digests[shown] != files[shown][5]:
                    changed.add(shown)
                else:
                    changed.discard(shown)
        self.overlaid = set(buffers)
        return changed

    def published(self, report: Report) -> dict[str, tuple[Problem, ...]]:
        """The problems of each file whose problems differ from those last published (none,
        for a file whose problems are gone), and keeps them as published."""
        now: dict[str, list[Problem]] = {}
        for problem in report.problems:
            if problem.origin != NOWHERE:
                now.setdefault(problem.origin.path, []).append(problem)
        changes = {
            path: tuple(now.get(path, ()))
            for path in now.keys() | self.shown.keys()
            if tuple(now.get(path, ())) != self.shown.get(path, ())
        }
        self.shown = {path: tuple(found) for path, found in now.items()}
        return changes
