"""Writing a file whole, and the time written into records: what capture, rehash, editions
and exports share, none of them a stage of the others."""

from __future__ import annotations

import os
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path


def write_atomically(file: Path, data: bytes) -> None:
    """Replace (or create) a file whole: a killed run leaves the old file or the new one."""
    temporary = write_beside(file, data)
    try:
        os.replace(temporary, file)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_beside(file: Path, data: bytes) -> Path:
    """A temporary file beside `file`, holding `data`, for the caller to move into place.

    It gets the mode a plain `open` of `file` would give: a new file the user's umask's, a
    replaced file its own. (A temporary file is made 0600, and a web server running as
    another user would refuse every file moved into place with that mode.)"""
    try:
        status = os.stat(file, follow_symlinks=False)
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISREG(status.st_mode):
        wanted = stat.S_IMODE(status.st_mode)
    else:  # a link is replaced, not written through: its own mode (0777) is no file's
        wanted = 0o666 & ~current_umask()
    handle, temporary = tempfile.mkstemp(prefix=".briefing-", dir=file.parent)
    try:
        os.fchmod(handle, wanted)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def current_umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux's
    /proc/self/status): setting it to read it back is process-wide, and a thread creating
    a file meanwhile would get the wrong mode."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o077)  # no other way to read it: set, and put back at once
    os.umask(mask)
    return mask


def utc_now() -> str:
    """The time now, as records write it (UTC, to the second)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
