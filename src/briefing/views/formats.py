"""The export formats: each one's name, the module under briefing.views.exports that makes
it, its files, what it holds and what opens it.

Known here without importing those modules (followthemoney and pyld are slow to import), so
that the command line and the site's Data page can list them; the site reads them here, as a
view never imports another. A format made with a library that is an extra of briefing
(FollowTheMoney: `briefing[ftm]`) is known whether or not that library is installed:
`export_files` refuses it with the command that installs it, and `exportable` leaves it out
of a whole build, saying so."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass


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
            "the actors and their affiliations, with kinds, dates, reliability grades, "
            "credibility and sources (GraphML)",
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
