"""A project checked again and again by a process that stays (`briefing serve`, the
language server): after an edit, only what it reaches is checked again (incremental.recheck)
while the record files are those of the last check and the other inputs the same; otherwise
the whole project. What one check works out for the next is kept here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.incremental.inputs import Listing, changed_files, context_key, list_files
from briefing.incremental.recheck import recheck
from briefing.report import Memo, Report, ShownFiles, check_project

# Each record file as the last check listed it (its status and digest), by path
Files = dict[str, list[Any]]

# What the editor's open buffers change: given the listing, the files of the last check
# (None when the whole project is checked) and the files changed on disk, the buffers are
# read in place of their files, and the files changed are given back
Overlay = Callable[[Listing, Files | None, set[str]], set[str]]


@dataclass(frozen=True)
class _Last:
    """The last check: the other inputs' digest, each record file's status and digest (of
    its buffer, when one is read in its place), when they were listed, and the report."""

    context: str
    files: Files
    listed_ns: int
    report: Report


class Rechecker:
    """One project's checks in a process that stays: `check` after each edit."""

    def __init__(self, root: Path, memo: Memo | None = None) -> None:
        self.root = root
        self.memo = memo  # what a whole check need not work out again (`serve` keeps one)
        # the pairs of sources that share wording, worked out by one check for the next:
        # at 10,000 sources, a fifth of a check after an edit (support.relays.kept_candidates)
        self.wording: dict[str, Any] = {}
        self.shown_files = ShownFiles()  # each file's problems as the last report showed them
        self.last: _Last | None = None
        # the files the last check found changed: after a whole check, those the memo read
        # again (`serve` renders their pages again), or every file without a memo
        self.changed: set[str] = set()

    def check(self, overlay: Overlay | None = None) -> Report:
        """The report after the edits since the last check (the last report itself if no
        file changed), with `overlay`'s buffers read in place of their files."""
        listing = list_files(self.root)
        context = context_key(self.root, "")
        last, report = self.last, None
        self.changed = set()
        if last is not None and context is not None and context == last.context:
            changed = changed_files(listing, last.files, last.listed_ns)
            if changed is not None and overlay is not None:
                changed = overlay(listing, last.files, changed)
            if changed == set():
                return last.report
            if changed is not None:
                kinds = {shown: kind for shown, (kind, _, _) in listing.files.items()}
                report = recheck(
                    self.root,
                    last.report.facts,
                    last.report.context,
                    kinds,
                    changed,
                    last.report.index,
                    listing.contents,
                    self.wording,
                    self.shown_files,
                )
                self.changed = changed
        if report is None:
            listing.read_all()  # as the check will read them: an edit while it runs is seen next
            if overlay is not None:
                overlay(listing, None, set())
            report = check_project(
                self.root,
                self.memo,
                listing.contents,  # unread with a memo, which reads what changed itself
                wording=self.wording,
                shown=self.shown_files,
            )
            self.changed = self.memo.changed if self.memo is not None else set(listing.files)
        self.last = _Last(context, listing.state(), listing.taken_ns, report) if context else None
        return report
