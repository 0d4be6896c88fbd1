"""What the resolved records say together, computed once for every view of the briefing.

The site's pages and the PDF read the same `Synthesis`: who took part in which event, which
sources carry one original report and what each statement rests on (analysis.rests), the
flags beside a statement. A view only lays these out (and words a note: views.shared); it
never works out what the records mean a second time.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from briefing.analysis.chains import Standing, standing
from briefing.analysis.editions import Changes, Comparison, changes
from briefing.analysis.judgments import SCALE
from briefing.analysis.rests import Rests, name_of, plain
from briefing.check.resolve import Excerpt, Index
from briefing.problems import Origin
from briefing.records.dates import show_date
from briefing.records.model import (
    Actor,
    Affiliation,
    Brief,
    Cited,
    Claim,
    Conflict,
    Event,
    TopRecord,
    chronological,
)


@dataclass(frozen=True)
class Assessment:
    """How the analyst assesses a statement, in the words every view prints: a key judgment
    shows it the same way wherever it stands, whether it cites reports or not."""

    own: bool  # a `judgment:`: the analyst's own, citing no report
    head: str  # "moderate confidence · likely (55-80%)"
    details: list[tuple[str, str]]  # ("Horizon", ...), ("Basis", ...)


def assessment(statement: Cited, with_judgment: bool = True) -> Assessment:
    """A statement's confidence, likelihood, horizon and basis (`with_judgment`: the
    confidence of a `judgment:` too, which elsewhere its own badge shows)."""
    confidence = statement.confidence_level if with_judgment else statement.confidence
    head = [f"{confidence} confidence"] if confidence else []
    if statement.likelihood:
        head.append(f"{statement.likelihood} ({SCALE[statement.likelihood][0]})")
    details = [
        (label, words)
        for label, words in (("Horizon", statement.horizon), ("Basis", statement.basis))
        if words
    ]
    return Assessment(bool(statement.judgment), " · ".join(head), details)


def synthesis_of(index: Index, before: Synthesis | None = None) -> Synthesis:
    """The one Synthesis of a resolved index: the site and every PDF of a build read it, so
    its passes over every statement run once (a check makes a new index, so a new one).
    Given the Synthesis `before` an edit (`serve`), what the edit did not reach is taken
    from it (analysis/carried.py), and its `reshown` says which origins' lists may differ."""
    found = index.__dict__.get("_synthesis")
    if not isinstance(found, Synthesis):
        found = index.__dict__["_synthesis"] = Synthesis(index)
        if before is not None:
            from briefing.analysis.carried import carry_over

            found.reshown = carry_over(found, before)
    return found


class Synthesis(Rests):
    """The analysis every view shares, computed once per build from the resolved records:
    what rests on each origin (Rests), and who took part in what, the chronology, the
    flags beside a statement, what changed since an edition."""

    def __init__(self, index: Index) -> None:
        super().__init__(index)
        self._changes: dict[str, Changes | None] = {}  # by brief id: each view asks again
        # made from the Synthesis before an edit: the origins whose section "what rests on
        # this report" may show something else than before it (None: made from nothing)
        self.reshown: set[str] | None = None

    def work_out(self) -> None:
        """Work out now what the pages of every record read: before the pages are rendered
        on every core, so that the forked workers share it (and `serve`'s next edit can carry
        it over) instead of each working it out."""
        _ = (self.rests, self.excerpts_by_source, self.participations, self.affiliated_with)

    def standing(self, statement: Cited) -> Standing | None:
        """What a statement still rests on, where a source it cites is retracted."""
        return standing(statement.cite, self.briefing.sources)

    def standing_text(self, statement: Cited) -> str:
        """The flag a view shows beside a statement that cites a retracted source."""
        found = self.standing(statement)
        if found is None:
            return ""
        return standing_words(found)

    def changes(self, brief: Brief) -> Changes | None:
        """What changed in a brief since the edition the project compares with."""
        edition = self.comparison.edition
        if edition is None:
            return None
        if brief.record_id not in self._changes:
            self._changes[brief.record_id] = changes(self.index, brief, edition)
        return self._changes[brief.record_id]

    @property
    def comparison(self) -> Comparison:
        """Which edition the views compare with, and which edition the records are."""
        found = self.index.comparison
        return found if isinstance(found, Comparison) else Comparison()

    def withdrawn_group_text(self, source_ids: Iterable[str]) -> str:
        """'(withdrawn source)' after a brief's citations whose every source is withdrawn."""
        cited = [self.briefing.sources.get(source_id) for source_id in source_ids]
        found = [source for source in cited if source is not None]
        if found and all(source.retracted for source in found):
            kinds = sorted({source.retracted.kind for source in found if source.retracted})
            return f"({' or '.join(kinds)} source: this rests on nothing else)"
        return ""

    def assessment_text(self, statement: Cited) -> str:
        """'moderate confidence · likely (55-80%) · horizon: ... · basis: ...' for a statement
        the analyst assesses while citing reports (a `judgment:` shows its own badge)."""
        found = assessment(statement, with_judgment=False)
        details = [f"{label.lower()}: {words}" for label, words in found.details]
        return " · ".join(([found.head] if found.head else []) + details)

    def deprecation_text(self, statement: Cited) -> str:
        """'Deprecated 3 March 2021: reason.' for a withdrawn claim, or ''."""
        withdrawn = getattr(statement, "deprecated", None)
        if withdrawn is None:
            return ""
        text = f"Deprecated {show_date(withdrawn.date)}: {withdrawn.reason}"
        successor = self.claims.get(withdrawn.superseded_by or "")
        if successor is not None:
            record, claim = successor
            text += f" Superseded by: “{plain(claim.text, 120)}” ({name_of(record)})."
        return text

    @functools.cached_property
    def claims(self) -> dict[str, tuple[TopRecord, Claim]]:
        """Every claim and key judgment by its id (ids are unique in a project)."""
        return {
            claim.claim_id: (record, claim)
            for record in self.briefing.records()
            for claim in [*getattr(record, "claims", []), *getattr(record, "key_judgments", [])]
        }

    @functools.cached_property
    def participations(self) -> dict[str, list[tuple[Event, str | None]]]:
        """Each actor's events, in the chronology's order, with its role in each."""
        found: dict[str, list[tuple[Event, str | None]]] = {}
        for event in self.events_in_order():
            for participant in event.participants:
                found.setdefault(participant.actor, []).append((event, participant.role))
        return found

    @functools.cached_property
    def _events_in_order(self) -> list[Event]:
        return chronological(self.briefing.events.values())

    @functools.cached_property
    def affiliated_with(self) -> dict[str, list[tuple[Actor, Affiliation]]]:
        """For each actor, the other actors' affiliations with it, by their names."""
        found: dict[str, list[tuple[Actor, Affiliation]]] = {}
        for actor in sorted(self.briefing.actors.values(), key=lambda a: (a.name, a.record_id)):
            for affiliation in actor.affiliations:
                if affiliation.actor != actor.record_id:
                    found.setdefault(affiliation.actor, []).append((actor, affiliation))
        return found

    def events_in_order(self) -> list[Event]:
        """The events in the order of `date_key`; ties by title."""
        return list(self._events_in_order)

    def latest_events(self, count: int = 10) -> list[Event]:
        """The last `count` events of the chronology, latest first."""
        return self._events_in_order[::-1][:count]

    def conflicts(self) -> list[tuple[TopRecord, Conflict]]:
        return [
            (record, conflict)
            for record in self.briefing.records()
            for conflict in getattr(record, "conflicts", [])
        ]

    def mentions(self, record_id: str) -> list[TopRecord]:
        found = [self.record(i) for i in sorted(self.index.mentioned_in.get(record_id, ()))]
        return [record for record in found if record is not None]

    @functools.cached_property
    def excerpts_by_source(self) -> dict[str, list[tuple[Excerpt, list[TopRecord]]]]:
        """Each cited excerpt once, with the records whose pages cite it, by source: one pass
        over all excerpts, not one per source page."""
        return self.excerpts_of(None)

    def excerpts_of(
        self, source_ids: Collection[str] | None
    ) -> dict[str, list[tuple[Excerpt, list[TopRecord]]]]:
        """`excerpts_by_source` of these sources only (None: of every source): from the
        records that cite them, in the order of the index, not from every excerpt."""
        if source_ids is None:
            return self._excerpts(self.index.excerpts.items())
        place = {record_id: n for n, record_id in enumerate(self.per_record)}
        citing = {r for s in source_ids for r in self.index.cited_by.get(s, ()) if r in place}
        cited = []
        for record_id in sorted(citing, key=place.__getitem__):
            for origin in self.index.places(self.per_record[record_id].record):
                excerpt = self.index.excerpts.get(origin)
                if excerpt is not None and excerpt.source_id in source_ids:
                    cited.append((origin, excerpt))
        return self._excerpts(cited)

    def _excerpts(
        self, cited: Iterable[tuple[Origin, Excerpt]]
    ) -> dict[str, list[tuple[Excerpt, list[TopRecord]]]]:
        """Each excerpt once, with the records that cite it in the order they come."""
        owners = {record.path: record for record in self.briefing.records()}
        # by source, then by place in it: each source's few sorted, not every excerpt at once
        citing: dict[str, dict[tuple[int, int], tuple[Excerpt, dict[str, TopRecord]]]] = {}
        for origin, excerpt in cited:
            spans = citing.setdefault(excerpt.source_id, {})
            entry = spans.setdefault((excerpt.start, excerpt.end), (excerpt, {}))
            owner = owners.get(origin.path)
            if owner is not None:
                entry[1][owner.record_id] = owner
        return {
            source_id: [
                (excerpt, list(records.values())) for _, (excerpt, records) in sorted(spans.items())
            ]
            for source_id, spans in sorted(citing.items())
        }


def standing_words(found: Standing) -> str:
    """'Rests only on a retracted source: Arab News (retracted 3 March 2021).' or 'Arab News
    retracted 3 March 2021; still rests on: wire-2020-01-10-harbour.'"""
    named = "; ".join(
        f"{source.outlet} ({source.retracted.kind} {show_date(source.retracted.date)})"
        for source in found.retracted
        if source.retracted
    )
    if found.fallen:
        return f"Rests only on a withdrawn source: {named}."
    return f"A source it cites is withdrawn: {named}. Still rests on: {', '.join(found.remaining)}."
