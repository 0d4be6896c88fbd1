"""Support checks: whether each statement says no more than its excerpts, read in their
context, support (hedges, attribution, relays, agreement, names, numbers and dates, titles).

Each judge (judges.Judge) looks at one statement with its evidence (said.Said); what it finds
becomes a warning of its kind at the statement's place, unless a `checked:` entry there
acknowledges it with a reason."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from briefing.analysis.support import counts, details, hedges, relays
from briefing.analysis.support.acknowledged import Ledger
from briefing.analysis.support.judges import Finding, Judge
from briefing.analysis.support.said import Said, everything_said
from briefing.analysis.support.words import Lexicon
from briefing.check.resolve import Index
from briefing.problems import Problem

__all__ = ["JUDGES", "Lexicon", "support_warnings"]

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
    return found + ledger.unused()
