"""The facts of each file (check.facts.FileFacts) as the cache keeps them: JSON rows, each
value in its place, without the names of the fields, and without the file's problems, which
the cache keeps with the report (incremental.reported). The facts are read back only after
an edit (see cache.py), and so the checking modules are imported only then."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing.problems import Origin

if TYPE_CHECKING:
    from briefing.check.facts import FileFacts


def _place(origin: Origin) -> list[int]:
    return [origin.line, origin.column]


def facts_row(facts: FileFacts) -> list[Any]:
    f = facts
    return [
        *(f.kind, f.record_id, f.state, f.names),
        _place(f.origin) if f.origin else None,
        [[name, *_place(at)] for name, at in f.claims],
        [[name, *_place(at)] for name, at in f.superseded_by],
        *(f.words, f.cites, f.mentions, f.reads, f.unhashed),
        *(f.suppressed, f.suggested, f.searched),
        f.actor_kind,
        *(f.origin_id, f.prints, [list(relay) for relay in f.relays]),
        f.conflict_cites,
    ]


def facts_from_row(row: list[Any], path: str) -> FileFacts:
    from briefing.check.facts import FileFacts

    kind, record_id, state, names, origin, claims, superseded = row[:7]
    words, cites, mentions, reads, unhashed, suppressed, suggested, searched = row[7:15]
    return FileFacts(
        kind,
        record_id,
        state,
        names,
        Origin(path, *origin) if origin else None,
        [(name, Origin(path, line, column)) for name, line, column in claims],
        [(name, Origin(path, line, column)) for name, line, column in superseded],
        *(words, cites, mentions, reads, bool(unhashed)),
        *(int(suppressed), int(suggested), int(searched)),
        [],  # a file's problems are kept with the report (incremental.reported)
        row[15],
        str(row[16]),
        str(row[17]),
        [(str(source_id), str(via)) for source_id, via in row[18]],
        [str(source_id) for source_id in row[19]],
    )
