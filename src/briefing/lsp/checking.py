"""A project as the editor has it: the files on disk with the open buffers read in their
place, checked again after each edit as `serve` checks (incremental.recheck: only what the
edit reaches), and which files' problems the edit changed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.incremental.inputs import Listing, changed_files, context_key, list_files
from briefing.incremental.recheck import recheck
from briefing.problems import NOWHERE, Problem
from briefing.report import Report, ShownFiles, check_project


@dataclass(frozen=True)
class _Kept:
    """The last check: the other inputs' digest, each record file's status and digest (of
    its buffer when open), when they were listed, and the report."""

    context: str
    files: dict[str, list[Any]]
    listed_ns: int
    report: Report


class Checked:
    """One project, checked with the editor's buffers; `report` is the last check's."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.kept: _Kept | None = None
        self.wording: dict[str, Any] = {}  # as incremental.live.LiveSite's
        self.shown_files = ShownFiles()  # each file's problems as the last report showed them
        self.report: Report | None = None
        self.overlaid: set[str] = set()  # the paths read from buffers in the last check
        self.shown: dict[str, tuple[Problem, ...]] = {}  # the problems last published

    def check(self, buffers: dict[str, str]) -> Report:
        """The report with the open buffers (text by path) read in place of their files:
        only what an edit reaches is checked again while the files and other inputs are
        those of the last check; otherwise the whole project."""
        listing = list_files(self.root)
        context = context_key(self.root, "")
        kept, report = self.kept, None
        if kept is not None and context is not None and context == kept.context:
            changed = changed_files(listing, kept.files, kept.listed_ns)
            if changed is not None:
                changed = self._with_buffers(listing, buffers, kept, changed)
                if not changed:
                    return kept.report
                kinds = {shown: kind for shown, (kind, _, _) in listing.files.items()}
                known = kept.report.facts
                report = recheck(
                    self.root,
                    known,
                    kept.report.context,
                    kinds,
                    changed,
                    kept.report.index,
                    listing.contents,
                    self.wording,
                    self.shown_files,
                )
        if report is None:
            listing.read_all()
            self._with_buffers(listing, buffers, None, set())
            report = check_project(
                self.root, contents=listing.contents, wording=self.wording, shown=self.shown_files
            )
        self.kept = _Kept(context, listing.state(), listing.taken_ns, report) if context else None
        self.report = report
        return report

    def _with_buffers(
        self, listing: Listing, buffers: dict[str, str], kept: _Kept | None, changed: set[str]
    ) -> set[str]:
        """The changed files once the buffers are read in place of their files: a buffer
        edited keeps its file's time and size, and a buffer closed unsaved leaves its file
        as it was on disk, with what the last check read differing from both."""
        changed = set(changed)
        for shown in buffers.keys() | self.overlaid:
            if shown not in listing.files:
                continue  # a buffer of no record file of the project (not saved yet)
            if shown in buffers:
                listing.take(shown, buffers[shown].encode("utf-8"))
            else:
                listing.digests.pop(shown, None)
                listing.read(shown)
            if kept is not None:
                if listing.digests[shown] != kept.files[shown][5]:
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
