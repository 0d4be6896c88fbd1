"""What one PDF prints (its scope: the book prints everything, a brief what it rests on),
and the labels of its entries, which its references and notes point to."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.check.resolve import Index
from briefing.records.model import Actor, Brief, Event, Source, TopRecord, statements

LABEL_KIND = {Actor: "actor", Event: "event", Source: "source", Brief: "brief"}


@dataclass(frozen=True)
class Scope:
    """The records one PDF prints: its briefs, and what they link to and rest on."""

    briefs: tuple[Brief, ...]
    record_ids: frozenset[str]  # the briefs, and the actors, events and sources in appendices

    def has(self, record: TopRecord) -> bool:
        return record.record_id in self.record_ids


def scope_of(index: Index, briefs: list[Brief], everything: bool) -> Scope:
    """Everything for the book; for one brief, the records it links to, the participants of
    its events, and every source that any of them cites."""
    b = index.briefing
    if everything:
        return Scope(tuple(briefs), frozenset([*b.briefs, *b.actors, *b.events, *b.sources]))
    blocks = [block for brief in briefs for block in index.blocks.get(brief.record_id, [])]
    linked = {target_id for block in blocks for target_id, _ in block.links}
    events = [b.events[i] for i in sorted(linked & b.events.keys())]
    actor_ids = linked & b.actors.keys()
    actor_ids |= {p.actor for event in events for p in event.participants if p.actor in b.actors}
    source_ids = linked & b.sources.keys()
    for record in [*briefs, *events, *(b.actors[i] for i in actor_ids)]:
        for statement, _ in statements(record):
            source_ids |= {c.source for c in statement.cite if c.source in b.sources}
    for block in blocks:
        source_ids |= {c.source_id for c in block.citations if c.source_id in b.sources}
    brief_ids = {brief.record_id for brief in briefs}
    event_ids = {event.record_id for event in events}
    return Scope(tuple(briefs), frozenset(brief_ids | actor_ids | event_ids | source_ids))


def label_of(record: TopRecord) -> str:
    """The Typst label of a record's entry: ids are safe as labels, the kind keeps them apart."""
    return f"{LABEL_KIND[type(record)]}-{record.record_id}"
