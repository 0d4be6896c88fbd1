"""Exports: the checked, resolved records in the forms other tools open, one module per
format. Each module's `export(index, settings, stated)` (`stated`: every statement, from
exports.statements, made once for all) returns {file name: text} and writes nothing;
`write_exports` writes them, only into the folder it is given.

Which formats there are, and their files, is in briefing.views.formats, which the site's
Data page reads too (a view never imports another)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from briefing.problems import Misuse
from briefing.views.formats import FORMATS, Format

if TYPE_CHECKING:
    from briefing.check.resolve import Index
    from briefing.records.settings import Settings

__all__ = [
    "FORMATS",
    "Format",
    "NotInstalled",
    "export_files",
    "exportable",
    "json_text",
    "write_exports",
]


class NotInstalled(Misuse):
    """A format was asked for whose library is not installed."""

    def __init__(self, format: Format) -> None:
        super().__init__(
            f"the {format.name} export needs {format.needs}, which is not installed; "
            f"install it with: pip install 'briefing[{format.name}]'"
        )


def exportable(names: list[str], progress: Callable[[str], None]) -> list[str]:
    """The formats of `names` whose library is installed, for a build that writes every
    export it can; the others are said in one progress line, with how to install them."""
    missing = [FORMATS[name] for name in names if not FORMATS[name].installed]
    if missing:
        skipped = ", ".join(f"{one.name} ({', '.join(one.files)})" for one in missing)
        libraries = sorted({str(one.needs) for one in missing})
        are = "is" if len(libraries) == 1 else "are"
        extras = ",".join(one.name for one in missing)
        progress(
            f"skipped the {skipped} export{'s' if len(missing) > 1 else ''}: "
            f"{', '.join(libraries)} {are} not installed (pip install 'briefing[{extras}]')"
        )
    return [name for name in names if FORMATS[name] not in missing]


def export_files(index: Index, settings: Settings, names: list[str]) -> dict[str, str]:
    """{file name: text} of the formats named, all made before anything is written. Raises
    NotInstalled, before making any, when one of them needs a library that is missing."""
    for name in names:
        if not FORMATS[name].installed:
            raise NotInstalled(FORMATS[name])
    from briefing.views.exports.statements import all_statements

    # made once for all of them: a brief's paragraphs are parsed to plain text, and five
    # exports made them again each (a brief of 1 MB: 24 s of a 30 s build)
    stated = list(all_statements(index))
    files: dict[str, str] = {}
    for name in names:
        module = importlib.import_module(f"briefing.views.exports.{FORMATS[name].module}")
        made: dict[str, str] = module.export(index, settings, stated)
        files.update(made)
    return files


def json_text(document: object) -> str:
    """A JSON document as the exports write it: indented by two spaces, its text as written
    (not escaped to ASCII), ended by a newline: what json.dumps(document, indent=2,
    ensure_ascii=False) writes. An indented json.dumps is not made by its C encoder: it was
    most of the annotations' time (0.88 s at 1,000 sources; 0.25 s with orjson)."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()


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
