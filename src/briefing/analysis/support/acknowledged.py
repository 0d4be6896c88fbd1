"""Acknowledgements: a support warning the analyst has read and keeps, at its place, with a
reason (a `checked:` entry on the statement or on one of its citations).

A finding of a kind that a `checked:` entry names is not reported: the entry on the
statement keeps every finding of its kind there (an event's summary keeps its title's too,
as the title rests on the summary's citations); the entry on a citation keeps the findings
about that citation's source, and those that name no source. An entry that keeps nothing is
an `unused-acknowledgement` warning, so that a kept warning does not outlive its cause.
That an entry names a kind of support warning, with a reason, is the model's to say
(records.validate)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from briefing.analysis.support.judges import Finding
from briefing.analysis.support.said import Said
from briefing.problems import Origin, Problem
from briefing.records.model import Acknowledgement, Cited, statements
from briefing.records.validate import Briefing
from briefing.warning_kinds import SUPPORT_KINDS, WarningKind


def _keeps(entry: Acknowledgement, kind: WarningKind) -> bool:
    return WarningKind.named(entry.kind) is kind


def _entries(statement: Cited, source_id: str | None) -> Iterator[Acknowledgement]:
    """The entries that may keep a finding about `source_id` (None: about no one source)."""
    yield from statement.checked
    for citation in statement.cite:
        if source_id is None or citation.source == source_id:
            yield from citation.checked


@dataclass
class Ledger:
    """The `checked:` entries of the statements judged, and which of them kept a finding."""

    judged: dict[int, Cited] = field(default_factory=dict)  # by id(): in the order judged
    used: set[int] = field(default_factory=set)  # id() of each entry that kept a finding

    def reading(self, said: Iterable[Said]) -> Iterator[Said]:
        """Each statement as it is judged, its entries noted."""
        for one in said:
            if one.cited is not None:
                self.judged.setdefault(id(one.cited), one.cited)
            yield one

    def acknowledges(self, said: Said, finding: Finding) -> bool:
        """Whether an entry keeps this finding (noted as used if one does)."""
        if said.cited is None:
            return False
        keeping = [e for e in _entries(said.cited, finding.source_id) if _keeps(e, finding.kind)]
        self.used.update(id(entry) for entry in keeping)
        return bool(keeping)

    def unused(self) -> list[Problem]:
        """An `unused-acknowledgement` warning at each entry that kept nothing."""
        return [
            _unused(entry, kind)
            for statement in self.judged.values()
            for entry in _entries(statement, None)
            if id(entry) not in self.used
            and (kind := WarningKind.named(entry.kind)) in SUPPORT_KINDS
        ]


def _unused(entry: Acknowledgement, kind: WarningKind | None) -> Problem:
    unused = WarningKind.UNUSED_ACKNOWLEDGEMENT
    return Problem(
        entry.at(),
        f"acknowledged {kind} warning does not fire here",
        "remove this 'checked:' entry: the statement or its excerpts changed, or the check "
        "no longer finds what it kept",
        unused.severity,
        kind=unused,
    )


@dataclass(frozen=True)
class Acknowledged:
    """A `checked:` entry as `briefing check --list acknowledged` lists it."""

    origin: Origin
    kind: str
    reason: str

    def as_json(self) -> dict[str, object]:
        where = self.origin
        return {
            "path": where.path,
            "line": where.line,
            "column": where.column,
            "kind": self.kind,
            "reason": self.reason,
        }


def acknowledgements(briefing: Briefing) -> list[Acknowledged]:
    """Every `checked:` entry of the records that names a kind it can keep (the others are
    errors of the check), in the order of their files."""
    kept = [
        Acknowledged(entry.at(), kind, entry.reason)
        for record in briefing.records()
        for statement, _ in statements(record)
        for entry in _entries(statement, None)
        if (kind := WarningKind.named(entry.kind)) in SUPPORT_KINDS
    ]
    return sorted(kept, key=lambda one: one.origin)
