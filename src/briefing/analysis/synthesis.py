"""What the resolved records say together, computed once for every view of the briefing.

The site's pages and the PDF read the same `Synthesis`: who took part in which event, which
sources carry one original report, what each statement rests on (the words of a note are
the views', in views.shared).
A view only lays these out; it never works out what the records mean a second time.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from briefing.analysis.chains import (
    NAMED,
    Standing,
    citation_origin,
    citation_origins,
    origin_of,
    standing,
)
from briefing.records.dates import date_key, show_date
from briefing.analysis.editions import Changes, changes
from briefing.analysis.judgments import SCALE
from briefing.records.model import (
    Actor,
    Affiliation,
    Brief,
    Cited,
    Claim,
    Conflict,
    Event,
    Source,
    TopRecord,
    statements,
)
from briefing.check.prose import JUDGMENT, LINK, citation_end, link_label, link_target
from briefing.check.resolve import Excerpt, Index

def name_of(record: TopRecord) -> str:
    """What a reader calls a record: an actor's name, any other record's title."""
    return str(getattr(record, "name", None) or getattr(record, "title", record.record_id))


@dataclass(frozen=True)
class Dependent:
    """A statement (or a brief's paragraph) and the origins its citations come from."""

    record: TopRecord
    text: str  # its words, in one line
    origins: frozenset[str]
    sources: frozenset[str] = frozenset()  # the sources it cites, and those they relay
    label: str = ""  # what it is, in a reader's words before the record's name: "claim about"
    anchor: str = ""  # its id on the record's page ("" for the top of the page)


@dataclass(frozen=True)
class OriginRests:
    """One original report, the sources that carry it (`lead` first: the one a reader is sent
    to), and the statements that rest on it alone or share it with other origins."""

    origin_id: str
    sources: list[Source]  # for an origin outside the project: the sources that relay it
    alone: list[Dependent]
    shared: list[Dependent]
    name: str = ""  # an origin outside the project ("al-Hurra"); "" for a stored one

    @property
    def lead(self) -> Source:
        return self.sources[0]


def synthesis_of(index: Index) -> Synthesis:
    """The one Synthesis of a resolved index: the site and every PDF of a build read it, so
    its passes over every statement run once (a check makes a new index, so a new one)."""
    found = index.__dict__.get("_synthesis")
    if not isinstance(found, Synthesis):
        found = index.__dict__["_synthesis"] = Synthesis(index)
    return found


class Synthesis:
    """The analysis every view shares, computed once per build from the resolved records."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.briefing = index.briefing
        self.participations = self._participations()
        self.by_origin = self._origins()
        self.affiliated_with = self._affiliated_with()

    def record(self, record_id: str) -> TopRecord | None:
        for kind in ("actor", "event", "source", "brief"):
            found: TopRecord | None = self.briefing.table(kind).get(record_id)
            if found is not None:
                return found
        return None

    def name(self, record_id: str) -> str:
        """What a reader calls the record with this id (its id, for an unknown one)."""
        record = self.record(record_id)
        return name_of(record) if record is not None else record_id

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
        if self.index.edition is None:
            return None
        return changes(self.index, brief, self.index.edition)

    def withdrawn_group_text(self, source_ids: Iterable[str]) -> str:
        """'(withdrawn source)' after a brief's citations whose every source is withdrawn."""
        cited = [self.briefing.sources.get(source_id) for source_id in source_ids]
        found = [source for source in cited if source is not None]
        if found and all(source.retracted for source in found):
            kinds = sorted({source.retracted.kind for source in found if source.retracted})
            return f"({' or '.join(kinds)} source: this rests on nothing else)"
        return ""

    def assessment_text(self, statement: Cited) -> str:
        """'moderate confidence · likely (55-80%) · by 2021 · basis: ...' for a statement the
        analyst assesses while citing reports (a `judgment:` shows its own badge)."""
        parts = []
        if statement.confidence:
            parts.append(f"{statement.confidence} confidence")
        if statement.likelihood:
            parts.append(f"{statement.likelihood} ({SCALE[statement.likelihood][0]})")
        if statement.horizon:
            parts.append(f"horizon: {statement.horizon}")
        if statement.basis:
            parts.append(f"basis: {statement.basis}")
        return " · ".join(parts)

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

    def _participations(self) -> dict[str, list[tuple[Event, str | None]]]:
        found: dict[str, list[tuple[Event, str | None]]] = {}
        for event in self.events_in_order():
            for participant in event.participants:
                found.setdefault(participant.actor, []).append((event, participant.role))
        return found

    @functools.cached_property
    def _events_in_order(self) -> list[Event]:
        events = self.briefing.events.values()
        return sorted(events, key=lambda e: (date_key(e.date), e.title, e.record_id))

    def _affiliated_with(self) -> dict[str, list[tuple[Actor, Affiliation]]]:
        """For each actor, the other actors' affiliations with it, by their names."""
        found: dict[str, list[tuple[Actor, Affiliation]]] = {}
        for actor in sorted(self.briefing.actors.values(), key=lambda a: (a.name, a.record_id)):
            for affiliation in actor.affiliations:
                if affiliation.actor != actor.record_id:
                    found.setdefault(affiliation.actor, []).append((actor, affiliation))
        return found

    def affiliations(self) -> list[tuple[Actor, Affiliation]]:
        """Every affiliation of every actor, by the actors' names."""
        actors = sorted(self.briefing.actors.values(), key=lambda a: (a.name, a.record_id))
        return [(actor, affiliation) for actor in actors for affiliation in actor.affiliations]

    def events_in_order(self) -> list[Event]:
        """The events in the order of `date_key`; ties by title."""
        return list(self._events_in_order)

    def latest_events(self, count: int = 10) -> list[Event]:
        """The last `count` events of the chronology, latest first."""
        return self._events_in_order[::-1][:count]

    @functools.cached_property
    def origins(self) -> dict[str, str]:
        """The original report each source carries, by source id: asked for every citation."""
        sources = self.briefing.sources
        return {source_id: origin_of(source, sources) for source_id, source in sources.items()}

    def _origins(self) -> dict[str, list[Source]]:
        """Sources grouped by the original report they carry."""
        found: dict[str, list[Source]] = {}
        for source_id, source in self.briefing.sources.items():
            found.setdefault(self.origins[source_id], []).append(source)
        return dict(sorted(found.items()))

    def origin(self, source: Source) -> str:
        return self.origins[source.record_id]

    def copies(self, source: Source) -> list[Source]:
        """The other sources that carry the same report (from `by_origin`: one pass, where a
        scan per source was squared in the sources)."""
        return [s for s in self.by_origin[self.origin(source)] if s is not source]

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
        owners = {record.path: record for record in self.briefing.records()}
        citing: dict[tuple[str, int, int], tuple[Excerpt, dict[str, TopRecord]]] = {}
        for origin, excerpt in self.index.excerpts.items():
            key = (excerpt.source_id, excerpt.start, excerpt.end)
            entry = citing.setdefault(key, (excerpt, {}))
            owner = owners.get(origin.path)
            if owner is not None:
                entry[1][owner.record_id] = owner
        found: dict[str, list[tuple[Excerpt, list[TopRecord]]]] = {}
        for (source_id, _, _), (excerpt, records) in sorted(citing.items()):
            found.setdefault(source_id, []).append((excerpt, list(records.values())))
        return found

    def statement_origins(self, statement: Cited) -> frozenset[str]:
        """The origins a statement rests on, following each citation's reporting chain."""
        return frozenset(citation_origins(statement.cite, self.briefing.sources, self.origins))

    def dependents(self) -> Iterator[Dependent]:
        """Every cited statement of every record, and every cited paragraph of every brief,
        with the origins it rests on."""
        sources = self.briefing.sources
        for record in self.briefing.records():
            for statement, _ in statements(record):
                found = self.statement_origins(statement)
                if found:
                    cited = frozenset(
                        [c.source for c in statement.cite]
                        + [c.via for c in statement.cite if c.via and c.via in sources]
                    )
                    label, anchor = self._place(record, statement)
                    text = getattr(statement, "text", None) or self._said(record, statement)
                    yield Dependent(record, text, found, cited, label, anchor)
        for brief_id, blocks in self.index.blocks.items():
            brief: Brief = self.briefing.briefs[brief_id]
            for block in blocks:
                found = frozenset(
                    self.origins[c.source_id] for c in block.citations if c.source_id in sources
                )
                if found:
                    carried = frozenset(c.source_id for c in block.citations)
                    yield Dependent(
                        brief,
                        plain(block.text, name=self.name),
                        found,
                        carried,
                        "paragraph of",
                        paragraph_anchor(block.origin.line),
                    )

    @functools.cached_property
    def _by_origin_dependents(self) -> dict[str, list[Dependent]]:
        """The dependents of each origin, and of each source they cite by way of another
        origin (an outlet relaying Reuters): a source's entry lists what cites it, once."""
        found: dict[str, list[Dependent]] = {}
        for dependent in self.dependents():
            keys = set(dependent.origins)
            keys |= {f"source:{source_id}" for source_id in dependent.sources}
            for key in sorted(keys):
                found.setdefault(key, []).append(dependent)
        return found

    def _place(self, record: TopRecord, statement: Cited) -> tuple[str, str]:
        """What a statement is to a reader ("claim about") and its id on its record's page."""
        if statement is getattr(record, "summary", None):
            return "summary of", ""
        if isinstance(statement, Affiliation):
            number = [id(a) for a in getattr(record, "affiliations", [])].index(id(statement))
            return "affiliation of", affiliation_anchor(number + 1)
        if isinstance(statement, Claim):
            kind = "key judgment of" if isinstance(record, Brief) else "claim about"
            return kind, statement.claim_id
        for conflict in getattr(record, "conflicts", []):
            if any(side is statement for side in conflict.sides):
                return "one side of a disagreement about", f"conflict-{conflict.conflict_id}"
        return "statement about", ""

    def _said(self, record: TopRecord, statement: Cited) -> str:
        """The words of a statement that has none of its own: an affiliation, as its table row."""
        if not isinstance(statement, Affiliation) or not isinstance(record, Actor):
            return ""
        other = self.record(statement.actor)
        with_name = name_of(other) if other is not None else statement.actor
        return f"{record.name}: {statement.role or 'affiliated'}, {with_name}"

    def carriers(self, origin_id: str) -> list[Source]:
        """The sources that carry an origin, the one a reader is sent to first: the origin
        itself when it is stored, else a carrier that is neither a translation nor machine-made,
        the best graded first."""
        return sorted(
            self.by_origin.get(origin_id, []),
            key=lambda s: (
                s.record_id != origin_id,
                s.translation_of is not None,
                s.machine_translation,
                s.reliability,
                s.record_id,
            ),
        )

    def lead_source(self, origin_id: str) -> Source:
        """The source a reader is sent to for an origin: for one outside the project, the
        best of the sources that relay it."""
        if origin_id in self.relayed:
            return self.relayed[origin_id][1][0]
        return self.carriers(origin_id)[0]

    def origin_name(self, origin_id: str) -> str | None:
        """The name of an origin outside the project, as a citation first relays it; None
        for a stored report (a view links its source instead)."""
        found = self.relayed.get(origin_id)
        return found[0] if found else None

    @functools.cached_property
    def relayed(self) -> dict[str, tuple[str, list[Source]]]:
        """Each origin outside the project that citations relay ("Reuters"): its name as
        first written, and the sources that relay it, the best graded first."""
        sources = self.briefing.sources
        found: dict[str, tuple[str, list[Source]]] = {}
        for record in self.briefing.records():
            for statement, _ in statements(record):
                for citation in statement.cite:
                    origin = (
                        citation_origin(citation, sources, self.origins)
                        if citation.source in sources
                        else ""
                    )
                    if origin.startswith(NAMED) and citation.via is not None:
                        _, carriers = found.setdefault(origin, (citation.via, []))
                        if sources[citation.source] not in carriers:
                            carriers.append(sources[citation.source])
        for _, carriers in found.values():
            carriers.sort(key=lambda s: (s.reliability, s.record_id))
        return found

    @functools.cached_property
    def rests(self) -> dict[str, OriginRests]:
        """What rests on each origin, by its id: copies and translations of one report share
        an entry, and an origin outside the project that sources relay has one of its own."""
        found = {}
        for origin_id in [*self.by_origin, *self.relayed]:
            resting = self._by_origin_dependents.get(origin_id, [])
            name = self.origin_name(origin_id)
            found[origin_id] = OriginRests(
                origin_id,
                self.relayed[origin_id][1] if name else self.carriers(origin_id),
                [d for d in resting if len(d.origins) == 1],
                [d for d in resting if len(d.origins) > 1],
                name or "",
            )
        return found

    def resting_on_origins(self) -> list[OriginRests]:
        """`rests`, by the name of each report."""
        return sorted(self.rests.values(), key=lambda o: (o.name or name_of(o.lead)).lower())

    def most_rested_on(self, count: int) -> list[OriginRests]:
        """The `count` origins on which the most statements rest alone (then the most shared),
        leaving out those on which nothing rests alone."""
        ranked = sorted(
            (o for o in self.rests.values() if o.alone),
            key=lambda o: (-len(o.alone), -len(o.shared), (o.name or name_of(o.lead)).lower()),
        )
        return ranked[:count]


def standing_words(found: Standing) -> str:
    """'Rests only on a retracted source: Arab News (retracted 3 March 2021).' or 'Arab News
    retracted 3 March 2021; still rests on: wire-2020-01-10-harbour.'"""
    named = "; ".join(
        f"{source.publisher} ({source.retracted.kind} {show_date(source.retracted.date)})"
        for source in found.retracted
        if source.retracted
    )
    if found.fallen:
        return f"Rests only on a withdrawn source: {named}."
    return f"A source it cites is withdrawn: {named}. Still rests on: {', '.join(found.remaining)}."


def affiliation_anchor(number: int) -> str:
    """The id of an actor's affiliation on its page, by its place in the list (1 = first): an
    actor may have two with one other actor."""
    return f"affiliation-{number}"


RESTS_ANCHOR = "what-rests-on-it"  # the section on the page of each source of a stored report
_NOT_ID = re.compile(r"[^a-z0-9]+")


def rests_anchor(origin_id: str) -> str:
    """The id of the section that lists what rests on an origin: on each page of its sources
    for a stored report; for one outside the project, on the page of every origin, from its
    name (with a digest of the name where it has more than latin letters and digits, so that
    two names never share an id)."""
    if not origin_id.startswith(NAMED):
        return RESTS_ANCHOR
    name = origin_id.removeprefix(NAMED)
    words = _NOT_ID.sub("-", name).strip("-")
    if words.replace("-", " ") != name:
        words = "-".join(filter(None, [words, hashlib.sha1(name.encode()).hexdigest()[:8]]))
    return f"relayed-{words}"


def paragraph_anchor(line: int) -> str:
    """The id of a brief's paragraph on its page, from the line it starts on."""
    return f"paragraph-{line}"


_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|`")
_SPACE_BEFORE = re.compile(r"\s+(?=[.,;:!?)])")


def plain(text: str, limit: int = 160, name: Callable[[str], str] = str) -> str:
    """Prose without citations, link brackets or markers: for a one-line summary. `name` says
    what a `[[link]]` without a label shows: its id unless told."""
    while "[@" in text:
        start = text.index("[@")
        text = text[:start] + text[citation_end(text, start) :]
    text = LINK.sub(
        lambda m: link_label(m[1]) or name(link_target(m[1])),
        JUDGMENT.sub("", text.lstrip("-*+> ")),
    )
    text = _SPACE_BEFORE.sub("", " ".join(_EMPHASIS.sub("", text).split()))
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
