"""Nothing outside the project is read, written or deleted: briefing follows no symbolic link.

A link inside a project can point anywhere: at a system file, another project, the home
folder. Read through, it would publish what it points at; written or deleted through, it
would change what is not the project's. So every path that briefing reads (records,
settings, mkdocs.yml) or writes (everything under build/) passes `inside_project` first,
and a link anywhere on the way is refused with an error at its path.
"""

from __future__ import annotations

import os
from pathlib import Path

from briefing.problems import BriefingError, Origin, Problem

READ_HINT = (
    "put the file or folder itself here, not a link: a link can point outside the project, "
    "and briefing would publish what it points at"
)
BUILD_HINT = "remove the link: build/ is generated, and briefing makes it again"


class UnsafePath(BriefingError):
    """A path that would leave the project; `problem` says where and why."""

    headline = "nothing was written through the link"

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem


def inside_project(root: Path, path: Path) -> Path:
    """`path` (under `root`), once neither it nor any folder between `root` and it is a
    symbolic link; UnsafePath otherwise. A path that does not exist yet is fine: briefing
    makes it, as a real file or folder."""
    parts = relative_parts(root, path)
    if ".." in parts:
        raise ValueError(f"{path} climbs out of {root}")  # our own paths never do
    here = os.fspath(root)  # strings, not Paths: a check of 10,000 files pays this per file
    for depth, part in enumerate(parts, 1):
        here = os.path.join(here, part)
        if os.path.islink(here):
            shown = "/".join(parts[:depth])
            hint = BUILD_HINT if parts[0] == "build" else READ_HINT
            raise UnsafePath(
                Problem(Origin(shown), f"'{shown}' is a symbolic link; briefing follows none", hint)
            )
    return path


def relative_parts(root: Path, path: Path) -> tuple[str, ...]:
    """`path.relative_to(root).parts`, from the strings where the one starts with the
    other: pathlib's way cost more than the rest of `inside_project` (10,000 files pay it)."""
    root_text, path_text = os.fspath(root), os.fspath(path)
    if os.sep == "/" and path_text.startswith(root_text + "/") and root_text not in ("", "/"):
        return tuple(path_text[len(root_text) + 1 :].split("/"))  # a Path's text is normal
    return path.relative_to(root).parts
