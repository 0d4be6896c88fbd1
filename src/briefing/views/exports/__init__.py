"""Exports: the checked, resolved records in the forms other tools open, one module per
format. Each module's `export(index, settings)` returns {file name: text} and writes
nothing; `write_exports` writes them, only into the folder it is given.

Which formats there are, and their files, is in briefing.views.formats, which the site's
Data page reads too (a view never imports another)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.views.formats import FORMATS, Format

if TYPE_CHECKING:
    from briefing.check.resolve import Index
    from briefing.records.settings import Settings

__all__ = ["FORMATS", "Format", "export_files", "write_exports"]


def export_files(index: Index, settings: Settings, names: list[str]) -> dict[str, str]:
    """{file name: text} of the formats named, all made before anything is written."""
    files: dict[str, str] = {}
    for name in names:
        module = importlib.import_module(f"briefing.views.exports.{FORMATS[name].module}")
        made: dict[str, str] = module.export(index, settings)
        files.update(made)
    return files


def write_exports(files: dict[str, str], folder: Path) -> list[Path]:
    """Write the files into `folder` (made if missing), each beside and then over the old
    one, so that a reader never opens half a file."""
    from briefing.files import write_atomically

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        write_atomically(folder / name, text.encode("utf-8"))
        written.append(folder / name)
    return written
