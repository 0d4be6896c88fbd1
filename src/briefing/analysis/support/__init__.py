"""Support checks: whether each statement says no more than its excerpts, read in their
context, support (hedges, attribution, relays, agreement, names, numbers and dates, titles).

Each judge (judges.Judge) looks at one statement with its evidence (said.Said); what it finds
becomes a warning of its kind at the statement's place, unless a `checked:` entry there
acknowledges it with a reason.

One check looks at the sources rather than the statements: sources of different origins
that share wording with no relay declared (relays.py). It is said of all the sources
together, from the facts of every file (check.facts), as the report is made:
`fingerprinted` gives the facts of each source checked what that check needs, and
`wording_warnings` makes it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from briefing.analysis.support import counts, details, hedges, passages, relays
from briefing.analysis.support.acknowledged import Ledger
from briefing.analysis.support.judges import Finding, Judge, unjudged
from briefing.analysis.support.said import Said, everything_said
from briefing.analysis.support.words import Lexicon
from briefing.check.facts import VALID, FileFacts
from briefing.check.resolve import Index
from briefing.problems import Problem
from briefing.records.model import Source

__all__ = ["JUDGES", "Lexicon", "fingerprinted", "support_warnings", "wording_warnings"]

# Longer than any statement written by hand (the sample's longest is 631 characters)
LONGEST_JUDGED = 3_000

JUDGES: list[Judge] = [*hedges.JUDGES, *relays.JUDGES, *details.JUDGES, *counts.JUDGES]


def _problem(said: Said, finding: Finding) -> Problem:
    return Problem(
        finding.origin or said.origin,
        finding.message,
        finding.hint,
        finding.kind.severity,
        finding.details,
        kind=finding.kind,
    )


def judged(said: Said, lexicon: Lexicon, judges: Iterable[Judge]) -> Iterator[Finding]:
    """What the judges find in a statement; a statement longer than LONGEST_JUDGED is not
    judged (each judge reads it again: a megabyte costs seconds), which is said instead."""
    if len(said.text) > LONGEST_JUDGED:
        yield unjudged(said, f"is {len(said.text):,} characters long (at most {LONGEST_JUDGED:,})")
        return
    for judge in judges:
        yield from judge(said, lexicon)


def support_warnings(index: Index, lexicon: Lexicon | None = None) -> list[Problem]:
    """The support warnings of the records checked, as found (see analysis.warnings), but
    those a `checked:` entry keeps; and the entries that keep none (see acknowledged)."""
    lexicon = lexicon or Lexicon()
    ledger = Ledger()
    found = [
        _problem(said, finding)
        for said in ledger.reading(everything_said(index))
        for finding in judged(said, lexicon, JUDGES)
        if not ledger.acknowledges(said, finding)
    ]
    hedges.Statement.forget()
    return found + ledger.unused()


def fingerprinted(index: Index) -> dict[str, str]:
    """The fingerprints of the wording of each source checked, by id (for their facts)."""
    checked = index.briefing.records()
    return {s.record_id: passages.fingerprints(s) for s in checked if isinstance(s, Source)}


def wording_warnings(
    facts: Iterable[FileFacts], sources: dict[str, Source], kept: dict[str, Any] | None = None
) -> list[Problem]:
    """Pairs of cited sources of different origins that share wording with no relay
    declared, from the facts of every file (a source nothing cites counts no origin);
    `sources` is read only for the pairs that share some; `kept`: the pairs worked out by
    an earlier check (relays.kept_candidates)."""
    valid = [f for f in facts if f.state == VALID]
    cited = {source_id for f in valid for source_id in f.cites}
    printed = {
        f.record_id: relays.Printed(f.origin_id, f.prints)
        for f in valid
        if f.kind == "source" and f.record_id in cited
    }
    return relays.shared_wording(printed, (r for f in valid for r in f.relays), sources, kept)
