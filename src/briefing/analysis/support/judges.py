"""What a support judge is: a function of a statement and its excerpts in context, giving
findings. Each kind of check is one judge (or a few), so that another way of judging (an
entailment model, say) is one more function in JUDGES."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from briefing.analysis.support.said import Said
from briefing.analysis.support.words import Lexicon
from briefing.problems import Origin
from briefing.warning_kinds import WarningKind


@dataclass(frozen=True)
class Finding:
    """What a judge found wrong with a statement: its kind, its message (naming the words
    that triggered it and where they stand in the source), and what to do."""

    kind: WarningKind
    message: str
    hint: str
    details: tuple[str, ...] = ()
    origin: Origin | None = None  # default: the statement's words
    source_id: str | None = None  # the source whose excerpt it concerns, if one


Judge = Callable[[Said, Lexicon], Iterator[Finding]]


def subject(said: Said) -> str:
    """What a message calls the statement: "claim 'x'", "the basis of key judgment 2"."""
    return f"the basis of {said.what}" if said.field == "basis" else said.what


def unjudged(said: Said, why: str) -> Finding:
    """That a statement was not judged, and why (`why` follows its name: "is too long")."""
    return Finding(
        WarningKind.UNJUDGED_STATEMENT,
        f"{subject(said)} {why}: the support checks did not judge it",
        "split it into statements of one point each, each citing the excerpts that support "
        "it, or read it against its excerpts yourself",
    )
