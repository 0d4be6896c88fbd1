"""Exports: the checked, resolved records in the forms other tools open, one module per
format. Each module's `export(index, settings)` returns {file name: text} and writes
nothing; `write_exports` writes them, only into the folder it is given.

The names and files are known here without importing the modules (followthemoney and
pyld are slow to import), so that the command line and the Data page can list them. A format
made with a library that is an extra of briefing (FollowTheMoney: `briefing[ftm]`) is known
whether or not that library is installed: `export_files` refuses it with the command that
installs it, and `exportable` leaves it out of a whole build, saying so."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.check.resolve import Index
    from briefing.records.settings import Settings


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    files: tuple[str, ...]
    what: str
    opened_by: str
    # The library the format is made with, when it is installed only with the extra of
    # briefing of the format's name (pip install 'briefing[NAME]').
    needs: str | None = None

    @property
    def installed(self) -> bool:
        """Whether its library is there: found, not imported (followthemoney takes a second
        to import, and the Data page asks at every render)."""
        return self.needs is None or importlib.util.find_spec(self.needs) is not None


class NotInstalled(Exception):
    """A format was asked for whose library is not installed."""

    def __init__(self, format: Format) -> None:
        super().__init__(
            f"the {format.name} export needs {format.needs}, which is not installed; "
            f"install it with: pip install 'briefing[{format.name}]'"
        )
        self.format = format


FORMATS = {
    one.name: one
    for one in (
        Format(
            "csl",
            "csl",
            ("sources.csl.json",),
            "every source as a reference (CSL-JSON)",
            "Zotero, pandoc, any CSL citation processor",
        ),
        Format(
            "ftm",
            "ftm",
            ("entities.ftm.json",),
            "actors, affiliations, events, sources and claims as FollowTheMoney entities, "
            "one a line, each with the articles it rests on",
            "Aleph and OpenAleph, the followthemoney tools",
            needs="followthemoney",
        ),
        Format(
            "graphml",
            "graphml",
            ("actors.graphml",),
            "the actors and their affiliations, with kinds, dates, grades and sources (GraphML)",
            "Gephi, yEd, Cytoscape, networkx",
        ),
        Format(
            "timelinejs",
            "timelinejs",
            ("timeline.json",),
            "the events with their dates as precise as known, each crediting its source",
            "TimelineJS",
        ),
        Format(
            "annotations",
            "web_annotations",
            ("annotations.jsonld",),
            "every citation as a W3C Web Annotation on its article, the statement as its body "
            "(JSON-LD)",
            "annotation tools such as Hypothesis, JSON-LD processors",
        ),
        Format(
            "claims",
            "claims",
            ("claims.csv", "claims.json"),
            "every claim, judgment and brief paragraph with its confidence, citations, "
            "origins, record and page (CSV and JSON)",
            "spreadsheets, pandas, any CSV or JSON reader",
        ),
    )
}


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
    return [name for name in names if FORMATS[name].installed]


def export_files(index: Index, settings: Settings, names: list[str]) -> dict[str, str]:
    """{file name: text} of the formats named, all made before anything is written. Raises
    NotInstalled, before making any, when one of them needs a library that is missing."""
    for name in names:
        if not FORMATS[name].installed:
            raise NotInstalled(FORMATS[name])
    files: dict[str, str] = {}
    for name in names:
        module = importlib.import_module(f"briefing.views.exports.{FORMATS[name].module}")
        made: dict[str, str] = module.export(index, settings)
        files.update(made)
    return files


def write_exports(files: dict[str, str], folder: Path) -> list[Path]:
    """Write the files into `folder` (made if missing), each beside and then over the old
    one, so that a reader never opens half a file."""
    from briefing.check.fixity import write_atomically

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        write_atomically(folder / name, text.encode("utf-8"))
        written.append(folder / name)
    return written
