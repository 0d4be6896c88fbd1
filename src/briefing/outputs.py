"""build/, the one folder briefing writes: a run locks it, works in a staging folder
inside it, and swaps the new outputs in only when all of them were made.

The lock (flock on build/ itself, so no lock file is left behind) keeps two runs on the
same project from swapping at once or deleting each other's staging; holding it, a run
removes the staging folders that a killed run left.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing.paths import inside_project

BUILD = "build"
STAGING_PREFIX = ".staging-"
# Older versions staged PDFs apart, in build/.pdf-*: their leftovers go too.
LEFTOVERS = (f"{STAGING_PREFIX}*", ".pdf-*")


@contextmanager
def locked_build(root: Path, progress: Callable[[str], None]) -> Iterator[Path]:
    """build/ (made if missing, refused if a link), locked for this run, without leftovers."""
    build = inside_project(root, root / BUILD)
    build.mkdir(exist_ok=True)
    handle = os.open(build, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress("waiting for another run on this project to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        for pattern in LEFTOVERS:
            for leftover in build.glob(pattern):
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover)
                else:
                    leftover.unlink()
        yield build
    finally:
        os.close(handle)  # closing the last descriptor releases the lock


@contextmanager
def staging(root: Path, progress: Callable[[str], None]) -> Iterator[Path]:
    """A new folder inside the locked build/, removed at the end whatever happened."""
    with locked_build(root, progress) as build:
        folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=build))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def replace_outputs(root: Path, folder: Path, names: list[str]) -> list[Path]:
    """Move each of `names` from the staging `folder` into build/, over the old one; return
    the new outputs. Every target is checked before the first move, so a link among them
    stops the swap before it begins. The old folders go into the staging folder, which is
    deleted after: deleting it never follows a link."""
    build = root / BUILD
    targets = [inside_project(root, build / name) for name in names]
    for name, target in zip(names, targets, strict=True):
        new = folder / name
        if new.is_dir() and target.exists():
            target.rename(folder / f"old-{name}")
        os.replace(new, target)
    return targets
