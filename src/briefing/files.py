"""Writing a file whole, and the time written into records: what capture, rehash, editions
and exports share, none of them a stage of the others."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path


def write_atomically(file: Path, data: bytes) -> None:
    """Replace (or create) a file whole: a killed run leaves the old file or the new one."""
    handle, temporary = tempfile.mkstemp(prefix=".briefing-", dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def utc_now() -> str:
    """The time now, as records write it (UTC, to the second)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
