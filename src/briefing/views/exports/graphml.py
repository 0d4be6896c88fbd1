"""GraphML: the actors and their affiliations, for Gephi, yEd and Cytoscape, written by
networkx. Attributes are plain strings and numbers: GraphML has no lists."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace

import networkx as nx

from briefing.check.resolve import Index
from briefing.records.dates import parse_when
from briefing.records.model import Affiliation
from briefing.records.settings import Settings
from briefing.views.exports.statements import Stated, affiliation_id
from briefing.views.network import COLOURS

FILE = "actors.graphml"
# Admiralty grades as numbers, for a tool that colours or filters by them: A (1) is best.
GRADE_NUMBER = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6}


def graph(index: Index, stated: Sequence[Stated]) -> nx.MultiDiGraph:
    b = index.briefing
    network = nx.MultiDiGraph(name="affiliations")
    for actor_id, actor in b.actors.items():
        red, green, blue = (int(COLOURS[actor.kind][i : i + 2], 16) for i in (1, 3, 5))
        network.add_node(
            actor_id,
            # Gephi shows `label`, colours by `r`, `g`, `b` (the site's colour of the kind);
            # `kind` is what a partition colours by
            label=actor.name,
            kind=actor.kind,
            r=red,
            g=green,
            b=blue,
            aliases="; ".join(actor.aliases),
            summary=actor.summary.text,
            page=f"actors/{actor_id}/",
        )
    stated_by_id = {s.statement_id: s for s in stated if s.kind == "affiliation"}
    for actor_id, actor in b.actors.items():
        for number, affiliation in enumerate(actor.affiliations, 1):
            if affiliation.actor in b.actors:
                _add_edge(
                    network,
                    index,
                    actor_id,
                    affiliation,
                    stated_by_id[affiliation_id(actor_id, number, affiliation)],
                )
    return network


def _add_edge(
    network: nx.MultiDiGraph, index: Index, actor_id: str, affiliation: Affiliation, stated: Stated
) -> None:
    b = index.briefing
    source_ids = sorted({placed.source_id for placed in stated.citations})
    grades = [b.sources[s].reliability for s in source_ids if s in b.sources]
    credibility = [c.credibility for c in affiliation.cite if c.credibility is not None]
    network.add_edge(
        actor_id,
        affiliation.actor,
        key=stated.statement_id,
        label=affiliation.role or "affiliated with",
        role=affiliation.role or "",
        **_dates("start", affiliation.since),
        **_dates("end", affiliation.until),
        text=stated.text,
        judgment=stated.judgment or "",
        # the best reliability grade among the cited sources, as a letter and as a number,
        # and the best credibility a citation gives the information (1-6; 0: none given)
        grade=min(grades) if grades else "",
        grade_number=GRADE_NUMBER[min(grades)] if grades else 0,
        credibility=min(credibility, default=0),
        sources=" ".join(source_ids),
        origins=len(stated.origins(index)),
        # Gephi sums edge weights; one per affiliation
        weight=1.0,
    )


def _dates(name: str, text: str | None) -> dict[str, object]:
    """A record's date as ISO 8601, as precise as the record ("2020", "2020-01"), with its
    precision, whether it is approximate, and the latest a range may mean ("" if none)."""
    when = parse_when(text) if text else None
    if when is None:
        return {name: "", f"{name}_precision": "", f"{name}_circa": False, f"{name}_latest": ""}
    latest = replace(when.end, approximate=False) if when.end else ""
    return {
        name: str(replace(when.start, approximate=False)),
        f"{name}_precision": when.start.precision,
        f"{name}_circa": when.start.approximate,
        f"{name}_latest": str(latest),
    }


def export(index: Index, settings: Settings, stated: Sequence[Stated]) -> dict[str, str]:
    output = io.BytesIO()
    nx.write_graphml(graph(index, stated), output, encoding="utf-8")
    return {FILE: output.getvalue().decode("utf-8")}
