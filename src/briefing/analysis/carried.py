"""A Synthesis after an edit, from the one before it: what `briefing serve` does at each edit
instead of working out again, over the whole project, what rests on every report.

What a record gives to what rests on each origin (analysis.rests.RecordRests) depends on the
record, on the origins of the sources it cites and on the names of the records its words
show. A record the edit left as it was (the very same object, as the check takes again what
did not change, or an equal one, read again from its file), citing no source whose origin
changed and showing no name that changed, keeps what it gave; only the origins that the
records made again rest on, before the edit or after it, are gathered again. The same goes
for each source's cited excerpts, who took part in what, and each actor's affiliations. The
result is what a Synthesis made from nothing gives: tests/test_live.py holds it to that,
edit after edit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from briefing.analysis.rests import Dependent, RecordRests, Rests, name_of
from briefing.records.model import Brief, Source, TopRecord

if TYPE_CHECKING:
    from briefing.analysis.synthesis import Synthesis


def carry_over(now: Synthesis, before: Synthesis) -> set[str]:
    """Fill `now` with what it can take from `before`; return the origins whose section
    "what rests on this report" may show something else than it did."""
    records = {record.record_id: record for record in now.briefing.records()}
    sources = _changed_sources(now, before)
    redone = _records(now, before, records, sources)
    gone = before.per_record.keys() - records.keys()
    keys = _keys(before.per_record, now.per_record, [*redone, *gone])
    _regroup(now, before, records, keys, redone, gone)
    carriers = {rests.origins.get(s) for rests in (now, before) for s in sources}
    touched = keys | {origin for origin in carriers if origin is not None}
    touched |= _relayed_changed(now, before)
    now.__dict__["rests"] = {
        origin_id: (
            before.rests[origin_id]
            if origin_id not in touched and origin_id in before.rests
            else now.origin_rests(origin_id)
        )
        for origin_id in now.origin_ids()
    }
    _carry_excerpts(now, before, sources, [*redone, *gone])
    _carry_people(now, before)
    return touched | _named_elsewhere(now, before, touched)


def same(record: object, was: object) -> bool:
    """The same record: the very object (the check took again what did not change), or one
    read again from a file that did not change (a check after an edit reads again the files
    it checks again), which compares equal."""
    return record is was or (record is not None and was is not None and record == was)


def _changed_sources(now: Rests, before: Rests) -> set[str]:
    """The sources added, removed, edited, or carrying another origin than they did."""
    was, sources = before.briefing.sources, now.briefing.sources
    return {
        source_id
        for source_id in now.origins.keys() | before.origins.keys()
        if now.origins.get(source_id) != before.origins.get(source_id)
        or not same(sources.get(source_id), was.get(source_id))
    }


def _records(
    now: Rests, before: Rests, records: dict[str, TopRecord], sources: set[str]
) -> list[str]:
    """Each record's part, kept from `before` where nothing it was made from changed, made
    again otherwise (set in `now`); return the ids of those made again."""
    kept = before.per_record
    names = {
        record_id
        for record_id, was in kept.items()
        if record_id not in records or _renamed(records[record_id], was.record)
    }
    names |= records.keys() - kept.keys()
    per_record: dict[str, RecordRests] = {}
    redone = []
    for record_id, record in records.items():
        was = kept.get(record_id)
        prose = now.index.prose.get(record_id) if isinstance(record, Brief) else None
        if (
            was is None
            or not same(record, was.record)
            or was.prose is not prose
            or not was.sources.isdisjoint(sources)
            or not was.names.isdisjoint(names)
        ):
            was = now.record_rests(record)
            redone.append(record_id)
        per_record[record_id] = was
    now.__dict__["per_record"] = per_record
    return redone


def _renamed(record: TopRecord, was: TopRecord) -> bool:
    return record is not was and name_of(record) != name_of(was)


def _origins_of(parts: Iterable[RecordRests | None]) -> set[str]:
    return {
        origin
        for part in parts
        if part is not None
        for dependent in (*part.statements, *part.paragraphs)
        for origin in dependent.origins
    }


def _keys(
    before: dict[str, RecordRests], now: dict[str, RecordRests], record_ids: list[str]
) -> set[str]:
    """The origins that the records made again rest on, before the edit or after it."""
    return _origins_of([before.get(r) for r in record_ids] + [now.get(r) for r in record_ids])


def _regroup(
    now: Rests,
    before: Rests,
    records: dict[str, TopRecord],
    keys: set[str],
    redone: list[str],
    gone: Collection[str],
) -> None:
    """The dependents of each origin in `keys` gathered again, in the order of
    `Rests.dependents` (the records' statements in their order, then the briefs' paragraphs
    in the order of their prose); the others' lists kept."""
    grouped = dict(before._by_origin_dependents)
    place = {record_id: n for n, record_id in enumerate(records)} if keys else {}
    prose_place = {brief_id: n for n, brief_id in enumerate(now.index.prose)} if keys else {}
    per_record = now.per_record
    made: dict[str, set[str]] = {}  # origin -> the records made again that rest on it
    for record_id in redone:
        for origin in _origins_of([per_record[record_id]]):
            made.setdefault(origin, set()).add(record_id)
    for key in keys:
        holders = {d.record.record_id for d in grouped.get(key, ())} | made.get(key, set())
        holders -= set(gone)
        found = [
            dependent
            for record_id in sorted(holders, key=place.__getitem__)
            for dependent in per_record[record_id].statements
            if key in dependent.origins
        ]
        found += [
            dependent
            for record_id in sorted(holders & prose_place.keys(), key=prose_place.__getitem__)
            for dependent in per_record[record_id].paragraphs
            if key in dependent.origins
        ]
        if found:
            grouped[key] = found
        else:
            grouped.pop(key, None)
    now.__dict__["_by_origin_dependents"] = grouped


def _same_relay(
    one: tuple[str, list[Source]] | None, other: tuple[str, list[Source]] | None
) -> bool:
    if one is None or other is None:
        return one is other
    return (
        one[0] == other[0]
        and len(one[1]) == len(other[1])
        and all(a is b for a, b in zip(one[1], other[1], strict=True))
    )


def _relayed_changed(now: Rests, before: Rests) -> set[str]:
    """The origins outside the project whose name or relaying sources changed."""
    return {
        origin
        for origin in now.relayed.keys() | before.relayed.keys()
        if not _same_relay(now.relayed.get(origin), before.relayed.get(origin))
    }


def _shown(rests: Rests, origin_id: str) -> object:
    """How a list names an origin: a stored report by its lead source, another by its name."""
    if origin_id not in rests.rests:
        return None
    name = rests.origin_name(origin_id)
    if name is not None:
        return name
    lead = rests.lead_source(origin_id)
    return (lead.record_id, lead.title)


def _named_elsewhere(now: Rests, before: Rests, touched: set[str]) -> set[str]:
    """The origins whose lists name, beside a statement they share, an origin now named
    otherwise (its lead source retitled or another, another name)."""
    found: set[str] = set()
    for origin_id in touched:
        if _shown(now, origin_id) == _shown(before, origin_id):
            continue
        for rests in (now, before):
            shared: list[Dependent] = (
                rests.rests[origin_id].shared if origin_id in rests.rests else []
            )
            for dependent in shared:
                found |= dependent.origins
    return found


def _carry_excerpts(
    now: Synthesis, before: Synthesis, sources: set[str], record_ids: list[str]
) -> None:
    """Each source's cited excerpts, gathered again only for the sources changed and those
    that the records made again (or removed) cite, before the edit or after it."""
    parts = [p for r in record_ids for p in (before.per_record.get(r), now.per_record.get(r))]
    affected = sources | {s for part in parts if part is not None for s in part.sources}
    kept = {s: e for s, e in before.excerpts_by_source.items() if s not in affected}
    if affected:
        kept |= now.excerpts_of(affected)
    now.__dict__["excerpts_by_source"] = dict(sorted(kept.items()))


def _carry_people(now: Synthesis, before: Synthesis) -> None:
    """Who took part in which event, and each actor's affiliations: kept, as worked out
    before, while no event, or no actor, changed."""
    kept = before.__dict__
    names = []
    if _same_table(now.briefing.events, before.briefing.events):
        names += ["participations", "_events_in_order"]
    if _same_table(now.briefing.actors, before.briefing.actors):
        names.append("affiliated_with")
    now.__dict__.update({name: kept[name] for name in names if name in kept})


def _same_table(now: Mapping[str, TopRecord], before: Mapping[str, TopRecord]) -> bool:
    """The same records, the very same objects, in the same order."""
    return len(now) == len(before) and all(
        a == b and same(now[a], before[b]) for a, b in zip(now, before, strict=True)
    )
