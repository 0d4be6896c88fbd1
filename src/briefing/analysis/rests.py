"""What rests on each original report: the origin each source carries, the statements and
brief paragraphs that rest on each origin (alone, or with others), and the source a reader
is sent to for each. Computed once a build, as part of the Synthesis every view reads.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from briefing.analysis.chains import NAMED, citation_origin, citation_origins, origin_of
from briefing.check.prose import (
    JUDGMENT,
    LINK,
    Block,
    link_label,
    link_target,
    without_citations,
)
from briefing.check.resolve import Index
from briefing.records.model import (
    Actor,
    Affiliation,
    Brief,
    Cited,
    Claim,
    Source,
    TopRecord,
    statements,
)


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


@dataclass(frozen=True)
class RecordRests:
    """What one record gives to what rests on each origin, and what that was worked out
    from: `serve` keeps it from one edit to the next for each record the edit leaves as it
    was (analysis/carried.py)."""

    record: TopRecord
    prose: object  # a brief's prose, whose paragraphs rest on origins too; None for others
    statements: tuple[Dependent, ...]  # its cited statements, in order
    paragraphs: tuple[Dependent, ...]  # a brief's cited paragraphs, in order
    # each citation that relays an origin outside the project: the origin, its name as the
    # citation writes it, and the source that relays it
    relays: tuple[tuple[str, str, Source], ...]
    sources: frozenset[str]  # the ids it cites or relays: the sources whose origins it read
    names: frozenset[str]  # the ids of the records whose names its words show


class Rests:
    """The origins of the sources, and what rests on each, from the resolved records."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.briefing = index.briefing
        self.by_origin = self._origins()

    def record(self, record_id: str) -> TopRecord | None:
        return self.briefing.record(record_id)

    def name(self, record_id: str) -> str:
        """What a reader calls the record with this id (its id, for an unknown one)."""
        record = self.briefing.record(record_id)
        return name_of(record) if record is not None else record_id

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

    def statement_origins(self, statement: Cited) -> frozenset[str]:
        """The origins a statement rests on, following each citation's reporting chain."""
        return frozenset(citation_origins(statement.cite, self.briefing.sources, self.origins))

    @functools.cached_property
    def per_record(self) -> dict[str, RecordRests]:
        """What each record gives to what rests on each origin, by record id."""
        return {record.record_id: self.record_rests(record) for record in self.briefing.records()}

    def record_rests(self, record: TopRecord) -> RecordRests:
        """The statements of a record that rest on origins (and a brief's paragraphs), the
        origins outside the project its citations relay, and the sources and names read."""
        sources = self.briefing.sources
        cited: set[str] = set()
        names: set[str] = set()
        found: list[Dependent] = []
        relays: list[tuple[str, str, Source]] = []
        for statement, _ in statements(record):
            cited.update(c.source for c in statement.cite)
            cited.update(c.via for c in statement.cite if c.via)
            dependent = self._dependent(record, statement, names)
            if dependent is not None:
                found.append(dependent)
            for citation in statement.cite:
                if citation.via is None or citation.source not in sources:
                    continue
                origin = citation_origin(citation, sources, self.origins)
                if origin.startswith(NAMED):
                    relays.append((origin, citation.via, sources[citation.source]))
        prose = self.index.prose.get(record.record_id) if isinstance(record, Brief) else None
        paragraphs: list[Dependent] = []
        if isinstance(record, Brief) and prose is not None:
            paragraphs = self._paragraphs(record, prose.blocks, cited, names)
        return RecordRests(
            record,
            prose,
            tuple(found),
            tuple(paragraphs),
            tuple(relays),
            frozenset(cited),
            frozenset(names),
        )

    def _dependent(self, record: TopRecord, statement: Cited, names: set[str]) -> Dependent | None:
        """A statement with the origins it rests on (None if it rests on none, or is withdrawn:
        a deprecated statement no longer rests on its reports, and was listed among what
        would fall with them as if it stood)."""
        if getattr(statement, "deprecated", None) is not None:
            return None
        found = self.statement_origins(statement)
        if not found:
            return None
        sources = self.briefing.sources
        cited = frozenset(
            [c.source for c in statement.cite]
            + [c.via for c in statement.cite if c.via and c.via in sources]
        )
        label, anchor = self._place(record, statement)
        text = getattr(statement, "text", None) or self._said(record, statement, names)
        return Dependent(record, text, found, cited, label, anchor)

    def _paragraphs(
        self, brief: Brief, blocks: list[Block], cited: set[str], names: set[str]
    ) -> list[Dependent]:
        """A brief's paragraphs that cite sources, with the origins they rest on."""
        sources = self.briefing.sources

        def name(record_id: str) -> str:
            names.add(record_id)
            return self.name(record_id)

        found = []
        for block in blocks:
            cited.update(c.source_id for c in block.citations)
            origins = frozenset(
                self.origins[c.source_id] for c in block.citations if c.source_id in sources
            )
            if origins:
                found.append(
                    Dependent(
                        brief,
                        plain(block.text, name=name),
                        origins,
                        frozenset(c.source_id for c in block.citations),
                        "paragraph of",
                        paragraph_anchor(block.origin.line),
                    )
                )
        return found

    def dependents(self) -> Iterator[Dependent]:
        """Every cited statement of every record, and every cited paragraph of every brief,
        with the origins it rests on."""
        per_record = self.per_record
        for kept in per_record.values():
            yield from kept.statements
        for brief_id in self.index.prose:
            if brief_id in per_record:
                yield from per_record[brief_id].paragraphs

    @functools.cached_property
    def _by_origin_dependents(self) -> dict[str, list[Dependent]]:
        """The dependents of each origin, in the order of `dependents`."""
        found: dict[str, list[Dependent]] = {}
        for dependent in self.dependents():
            for origin_id in dependent.origins:
                found.setdefault(origin_id, []).append(dependent)
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

    def _said(self, record: TopRecord, statement: Cited, names: set[str]) -> str:
        """The words of a statement that has none of its own: an affiliation, as its table row
        (`names` is told the other actor's id, whose name it shows)."""
        if not isinstance(statement, Affiliation) or not isinstance(record, Actor):
            return ""
        names.add(statement.actor)
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
        found: dict[str, tuple[str, list[Source]]] = {}
        for kept in self.per_record.values():
            for origin, via, source in kept.relays:
                _, carriers = found.setdefault(origin, (via, []))
                if source not in carriers:
                    carriers.append(source)
        for _, carriers in found.values():
            carriers.sort(key=lambda s: (s.reliability, s.record_id))
        return found

    @functools.cached_property
    def rests(self) -> dict[str, OriginRests]:
        """What rests on each origin, by its id: copies and translations of one report share
        an entry, and an origin outside the project that sources relay has one of its own."""
        return {origin_id: self.origin_rests(origin_id) for origin_id in self.origin_ids()}

    def origin_ids(self) -> list[str]:
        """Every origin: the stored reports, then those outside the project that are relayed."""
        return [*self.by_origin, *self.relayed]

    def origin_rests(self, origin_id: str) -> OriginRests:
        """What rests on one origin."""
        resting = self._by_origin_dependents.get(origin_id, [])
        name = self.origin_name(origin_id)
        return OriginRests(
            origin_id,
            self.relayed[origin_id][1] if name else self.carriers(origin_id),
            [d for d in resting if len(d.origins) == 1],
            [d for d in resting if len(d.origins) > 1],
            name or "",
        )

    def resting_on_origins(self, outside: bool = False) -> list[OriginRests]:
        """`rests` (`outside`: of the reports outside the project only), by the name of each
        report."""
        chosen = (o for o in self.rests.values() if o.name or not outside)
        return sorted(chosen, key=lambda o: (o.name or name_of(o.lead)).lower())

    def most_rested_on(self, count: int) -> list[OriginRests]:
        """The `count` origins on which the most statements rest alone (then the most shared),
        leaving out those on which nothing rests alone."""
        ranked = sorted(
            (o for o in self.rests.values() if o.alone),
            key=lambda o: (-len(o.alone), -len(o.shared), (o.name or name_of(o.lead)).lower()),
        )
        return ranked[:count]


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


# a run of underscores is matched from its start only: "_+(?!\w)" tried at every underscore of
# a run followed by a letter took time quadratic in its length (20,000 took 13 s)
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|(?<!_)_+(?!\w)|`")
_SPACE_BEFORE = re.compile(r"\s+(?=[.,;:!?)])")


def plain(text: str, limit: int = 160, name: Callable[[str], str] = str) -> str:
    """Prose without citations, link brackets or markers: for a one-line summary. `name` says
    what a `[[link]]` without a label shows: its id unless told."""
    text = without_citations(text)  # in one pass: cut one by one, they cost quadratic time
    text = LINK.sub(
        lambda m: link_label(m[1]) or name(link_target(m[1])),
        JUDGMENT.sub("", text.lstrip("-*+> ")),
    )
    text = _SPACE_BEFORE.sub("", " ".join(_EMPHASIS.sub("", text).split()))
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
