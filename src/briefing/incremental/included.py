"""The index of a check after an edit made whole (incremental.recheck): what the earlier
check found of the records not checked again, taken from its index, with what this check
found of the others, in the order a check of all of them gives."""

from __future__ import annotations

from briefing.check.resolve import Excerpt, Index
from briefing.problems import Origin
from briefing.records.model import TopRecord


def include(index: Index, old: Index, checked_ids: set[str], checked_paths: set[str]) -> None:
    """Take from the index of an earlier check what it found of the records not checked in
    this one: the index then covers them all, in the order a check of all of them gives
    (the views list excerpts in it)."""
    records = list(index.briefing.records())
    index.excerpts = _updated(old, index.excerpts, checked_ids, checked_paths) or _gathered(
        old.excerpts, index.excerpts, checked_paths, records
    )
    prose = {**old.prose, **index.prose}
    index.prose = {r.record_id: prose[r.record_id] for r in records if r.record_id in prose}
    for mine, theirs in ((index.mentioned_in, old.mentioned_in), (index.cited_by, old.cited_by)):
        for target_id, by_ids in theirs.items():
            kept = by_ids - checked_ids
            if kept:
                mine.setdefault(target_id, set()).update(kept)


Excerpts = dict[Origin, Excerpt]

# More files checked again than this, and the excerpts are gathered record by record
UPDATED_AT_MOST = 16


def _updated(
    old: Index, new: Excerpts, checked_ids: set[str], checked_paths: set[str]
) -> Excerpts | None:
    """The excerpts of the earlier check, those of the files checked again replaced, if
    each of these files cites the very places it cited (an edit of words, not of where the
    citations stand): the earlier excerpts copied, in their order, and the new put over
    them (5 ms at 10,000 sources, where gathering took 110). None otherwise."""
    if len(checked_paths) > UPDATED_AT_MOST:
        return None
    fresh: dict[str, list[Origin]] = {}
    for origin in new:
        if origin.path in checked_paths:
            fresh.setdefault(origin.path, []).append(origin)
    was: dict[str, list[Origin]] = {}
    for record_id in checked_ids:
        record = old.briefing.record(record_id)
        if record is not None and record.path in checked_paths:
            found = [origin for origin in old.places(record) if origin in old.excerpts]
            if found:
                was[record.path] = found
    if was != fresh:
        return None
    excerpts = old.excerpts.copy()
    excerpts.update((origin, new[origin]) for origins in fresh.values() for origin in origins)
    return excerpts


def _gathered(
    old: Excerpts, new: Excerpts, checked_paths: set[str], records: list[TopRecord]
) -> Excerpts:
    """The excerpts of the earlier check of the files not checked again and the new ones
    of the others, gathered record by record."""
    by_path: dict[str, list[tuple[Origin, Excerpt]]] = {}
    for found in (old, new):
        for origin, excerpt in found.items():
            if (found is new) == (origin.path in checked_paths):
                by_path.setdefault(origin.path, []).append((origin, excerpt))
    return {o: e for r in records for o, e in by_path.get(r.path, ())}
