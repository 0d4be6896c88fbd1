"""build/, the one folder briefing writes: a run locks it, works in a staging folder
inside it, and swaps the new outputs in only when all of them were made.

The lock (flock on build/ itself, so no lock file is left behind) keeps two runs on the
same project from swapping at once or deleting each other's staging; holding it, a run
removes the staging folders that a killed run left, once it has put back any output that
run had moved aside and not yet replaced.
"""

from __future__ import annotations

import ctypes
import errno
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
# An output folder moved aside into the staging folder, where renameat2 is missing (and
# by every swap of the versions before it).
OLD_PREFIX = "old-"


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
        _restore_moved_aside(build, progress)
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


def _restore_moved_aside(build: Path, progress: Callable[[str], None]) -> None:
    """Put back each output that a run killed in its swap had moved aside (staging/old-NAME)
    without moving the new one in: build/NAME is missing, and the leftover would be
    deleted with the rest. Only where renameat2 is missing does a swap take two steps."""
    for leftover in sorted(build.glob(f"{STAGING_PREFIX}*")):
        if leftover.is_symlink() or not leftover.is_dir():
            continue
        for aside in sorted(leftover.glob(f"{OLD_PREFIX}*")):
            target = build / aside.name.removeprefix(OLD_PREFIX)
            # only folders were moved aside; a file named so is a new PDF of a brief 'old-…'
            if aside.is_dir() and not aside.is_symlink() and not os.path.lexists(target):
                aside.rename(target)
                progress(f"put back build/{target.name}, left aside by a run that was stopped")


def replace_outputs(root: Path, folder: Path, names: list[str]) -> list[Path]:
    """Move each of `names` from the staging `folder` into build/, over the old one; return
    the new outputs. Every target is checked before the first move, so a link among them
    stops the swap before it begins. A folder and its old one change places in one step
    (a killed run leaves one or the other), and the old one, left in the staging folder,
    is deleted with it: deleting it never follows a link."""
    build = root / BUILD
    targets = [inside_project(root, build / name) for name in names]
    for name, target in zip(names, targets, strict=True):
        new = folder / name
        if new.is_dir() and target.exists():
            if exchange(new, target):
                continue  # the old one is in the staging folder now, under the new's name
            # two steps: a run killed between them leaves build/NAME missing, and the next
            # one puts the old folder back (_restore_moved_aside)
            target.rename(folder / f"{OLD_PREFIX}{name}")
        os.replace(new, target)
    return targets


RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
# Errors that say the system or the file system cannot exchange, not that these paths
# cannot be moved: the swap then takes two renames.
_CANNOT_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP}


def _renameat2() -> Callable[..., int] | None:
    """libc's renameat2 (glibc 2.28 and later, on Linux 3.15 and later), or None."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()


def exchange(one: Path, other: Path) -> bool:
    """Swap two existing paths in one atomic step; False, having changed nothing, where the
    system cannot (no renameat2, or a file system without RENAME_EXCHANGE)."""
    if _RENAMEAT2 is None:
        return False
    done = _RENAMEAT2(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other), RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), os.fspath(one), None, os.fspath(other))
