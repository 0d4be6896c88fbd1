"""Exports: the checked, resolved records in the forms other tools open, one module per
format. Each module's `export(index, settings)` returns {file name: text} and writes
nothing; `write_exports` writes them, only into the folder it is given.

The names and files are known here without importing the modules (followthemoney and
pyld are slow to import), so that the command line and the Data page can list them."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.records.settings import Settings
    from briefing.check.resolve import Index


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    files: tuple[str, ...]
    what: str
    opened_by: str


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
