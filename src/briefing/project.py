"""What makes a folder a briefing project (apart from report.py: a check answered from the
cache needs no more than this)."""

from __future__ import annotations

from pathlib import Path

from briefing.problems import Misuse
from briefing.records.load import KINDS

SETTINGS_FILE = "briefing.yml"
BOOK = "briefing"  # build/briefing.pdf: every brief in one book
PROJECT_MARKERS = ("mkdocs.yml", SETTINGS_FILE, *(folder for folder, _, _ in KINDS.values()))


class NotAProject(Misuse):
    pass


def require_project(root: Path) -> None:
    if not root.is_dir() or not any((root / marker).exists() for marker in PROJECT_MARKERS):
        raise NotAProject(
            f"'{root}' is not a briefing project (no sources/, actors/, events/, "
            "briefs/ or mkdocs.yml)"
        )
