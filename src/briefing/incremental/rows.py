"""The facts of each file (check.facts.FileFacts) and the problems of a check as the cache
keeps them: JSON rows, each value in its place, without the names of the fields and without
the path a file's every row would repeat. The facts are read back only after an edit (see
cache.py), and so the checking modules are imported only then."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing.problems import Origin, Problem, Severity

if TYPE_CHECKING:
    from briefing.check.facts import FileFacts


def problem_row(problem: Problem) -> list[Any]:
    """A problem of a known file, without its path."""
    return [
        *(problem.origin.line, problem.origin.column, problem.message, problem.hint),
        *(problem.severity.value, list(problem.details), problem.kind),
    ]


_SEVERITIES = {severity.value: severity for severity in Severity}  # Severity(...) is slow


def problem_from_row(path: str, row: list[Any]) -> Problem:
    line, column, message, hint, severity, details, kind = row
    return Problem(
        Origin(path, int(line), int(column)),
        str(message),
        str(hint),
        _SEVERITIES[severity],
        tuple(str(detail) for detail in details),
        str(kind),
    )


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
        [problem_row(problem) for problem in f.problems],
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
        [problem_from_row(path, problem) for problem in row[15]],
        row[16],
        str(row[17]),
        str(row[18]),
        [(str(source_id), str(via)) for source_id, via in row[19]],
        [str(source_id) for source_id in row[20]],
    )
