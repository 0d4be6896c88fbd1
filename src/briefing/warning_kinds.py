"""The kinds of warning a project sets louder or quieter: one enumeration, with each kind's
default level and the words that count it (apart from analysis/, which finds them: printing
a report needs only these).

A kind is spelt with hyphens (`single-origin`), as `briefing check --list`, the JSON and
SARIF reports and the README name it. The same words with underscores (`single_origin`, as
briefing.yml files have long written them) are accepted wherever a kind is given: under
`warnings:` in briefing.yml and after `--list`."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, get_args

from briefing.problems import Severity, did_you_mean

Level = Literal["off", "note", "warn", "error"]
LEVELS: tuple[Level, ...] = get_args(Level)
SEVERITY_OF_LEVEL: dict[Level, Severity] = {  # "off": not reported at all
    "note": Severity.NOTE,
    "warn": Severity.WARNING,
    "error": Severity.ERROR,
}


class WarningKind(StrEnum):
    """A kind of warning, as `Problem.kind` holds it (a StrEnum: equal to its spelling)."""

    default: Level  # how loud it is when briefing.yml does not say
    one: str  # "{n} ..." as the summary counts them: one, several
    several: str
    grouped_as: str  # what follows, the same for one and several

    def __new__(
        cls, spelling: str, default: Level, one: str, several: str, grouped_as: str = ""
    ) -> WarningKind:
        kind = str.__new__(cls, spelling)
        kind._value_ = spelling
        kind.default, kind.one, kind.several, kind.grouped_as = default, one, several, grouped_as
        return kind

    # A small honest project has many claims resting on one report: a count and a way to
    # list them helps; a warning on each, failing --strict, taught users to ignore warnings.
    SINGLE_ORIGIN = ("single-origin", "note", "claim rests", "claims rest", "on a single origin")
    SINGLE_ORIGIN_MARK = (
        "single-origin-mark",
        "warn",
        "claim is marked single_origin but cites several origins",
        "claims are marked single_origin but cite several origins",
    )
    UNCITED_SOURCE = ("uncited-source", "warn", "source is", "sources are", "never cited")
    UNLINKED_ACTOR = (
        "unlinked-actor",
        "warn",
        "actor is",
        "actors are",
        "in no event, brief or affiliation",
    )
    # A source captured by hand has no hash until `briefing rehash`; one not graded yet is
    # the analyst's to grade: both stay visible until done.
    UNHASHED_SOURCE = (
        "unhashed-source",
        "warn",
        "report of sources with no hash",
        "reports of sources with no hash",
    )
    UNGRADED_SOURCE = ("ungraded-source", "warn", "source is", "sources are", "not graded yet")
    # Kept apart as ICD 203 asks: a report worded as an estimate, a low-graded source cited
    # with no assessment of the information, what a retraction leaves standing alone, and a
    # key judgment changed since the last edition with no reason given.
    ESTIMATIVE_LANGUAGE = (
        "estimative-language",
        "warn",
        "cited statement is",
        "cited statements are",
        "worded as estimates",
    )
    UNASSESSED_CREDIBILITY = (
        "unassessed-credibility",
        "warn",
        "citation of a low-graded source has",
        "citations of low-graded sources have",
        "no credibility assessed",
    )
    RESTS_ON_RETRACTED = (
        "rests-on-retracted",
        "warn",
        "statement rests",
        "statements rest",
        "only on retracted sources",
    )
    # An [editorial] paragraph needs no citation: one that cites or estimates could hide a
    # claim there.
    EDITORIAL_CLAIM = (
        "editorial-claim",
        "warn",
        "editorial paragraph cites or estimates",
        "editorial paragraphs cite or estimate",
    )
    UNEXPLAINED_REVISION = (
        "unexplained-revision",
        "warn",
        "key judgment changed",
        "key judgments changed",
        "since the last edition with no reason given",
    )

    # Support: whether each excerpt, read in its paragraph, says what the statement says at
    # the strength it says it (analysis/support/). Each is a judge of (statement, excerpts).
    HEDGE_DROPPED = (
        "hedge-dropped",
        "warn",
        "statement drops",
        "statements drop",
        "the hedge of its excerpt",
    )
    ATTRIBUTION_DROPPED = (
        "attribution-dropped",
        "warn",
        "statement states",
        "statements state",
        "in the briefing's voice what a source attributes",
    )
    SHARED_WORDING = (
        "shared-wording",
        "warn",
        "pair of sources shares",
        "pairs of sources share",
        "wording with no relay declared",
    )
    AGREEMENT_OVERSTATED = (
        "agreement-overstated",
        "warn",
        "statement overstates",
        "statements overstate",
        "the agreement of the reports cited",
    )
    UNNAMED_IN_EXCERPT = (
        "unnamed-in-excerpt",
        "warn",
        "statement cites",
        "statements cite",
        "excerpts that do not name what it is about",
    )
    DETAIL_NOT_IN_EXCERPT = (
        "detail-not-in-excerpt",
        "warn",
        "statement gives",
        "statements give",
        "a number, date, name or title no excerpt gives",
    )
    # A kind has one level, and an approximation dropped ("some 5,000" stated as 5,000) is
    # worth less than a number no excerpt gives: a note of its own, not a quieter
    # detail-not-in-excerpt (the policy would make it as loud as the rest of its kind).
    APPROXIMATION_DROPPED = (
        "approximation-dropped",
        "note",
        "statement gives",
        "statements give",
        "as exact a number its excerpt gives as approximate",
    )
    FLAT_TITLE = (
        "flat-title",
        "warn",
        "event title states",
        "event titles state",
        "flatly what one origin reports",
    )
    # A statement longer than any written by hand (a runaway paste) is not judged, so that
    # no input costs the support checks more than a fixed time per character: said so.
    UNJUDGED_STATEMENT = (
        "unjudged-statement",
        "warn",
        "statement is",
        "statements are",
        "too long for the support checks to judge",
    )
    UNUSED_ACKNOWLEDGEMENT = (
        "unused-acknowledgement",
        "warn",
        "acknowledgement is",
        "acknowledgements are",
        "for a warning that no longer fires",
    )

    @property
    def alias(self) -> str:
        """The other spelling, with underscores: also a Python name (a field of settings)."""
        return self.value.replace("-", "_")

    @property
    def severity(self) -> Severity:
        """How loud it is by default: what the stages that find it give it (a project's
        policy may change it: see analysis.warnings.with_policy)."""
        return SEVERITY_OF_LEVEL.get(self.default, Severity.NOTE)

    @classmethod
    def named(cls, spelling: str) -> WarningKind | None:
        """The kind a spelling names, in either spelling; None if it names none."""
        return _BY_SPELLING.get(spelling)


_BY_SPELLING = {spelling: kind for kind in WarningKind for spelling in (kind.value, kind.alias)}


def spellings_like(spelling: str) -> list[str]:
    """Every accepted spelling, those with the same separator as `spelling` first: what a
    "did you mean" chooses from, so that it answers in the writer's own spelling."""
    underscored = "_" in spelling and "-" not in spelling
    return sorted(_BY_SPELLING, key=lambda known: ("_" in known) != underscored)


class UnknownWarningKind(ValueError):
    """A spelling that names no kind of warning; the message says which are near."""

    def __init__(self, spelling: str) -> None:
        hint = did_you_mean(spelling, spellings_like(spelling))
        kinds = ", ".join(WarningKind)
        super().__init__(
            f"unknown kind of warning '{spelling}': {hint or f'the kinds are {kinds}'}"
        )


def warning_kind(spelling: str) -> WarningKind:
    """The kind a spelling names, in either spelling, or UnknownWarningKind."""
    kind = WarningKind.named(spelling)
    if kind is None:
        raise UnknownWarningKind(spelling)
    return kind


def counted(kind: WarningKind, count: int) -> str:
    """'12 claims rest on a single origin'."""
    noun = kind.one if count == 1 else kind.several
    return " ".join(part for part in (str(count), noun, kind.grouped_as) if part)


# The support checks' kinds (analysis/support/): judged from what the excerpts say; a
# `checked:` entry may keep one of them at its place (analysis/support/acknowledged.py).
SUPPORT_KINDS = frozenset(
    {
        WarningKind.HEDGE_DROPPED,
        WarningKind.ATTRIBUTION_DROPPED,
        WarningKind.SHARED_WORDING,
        WarningKind.AGREEMENT_OVERSTATED,
        WarningKind.UNNAMED_IN_EXCERPT,
        WarningKind.DETAIL_NOT_IN_EXCERPT,
        WarningKind.FLAT_TITLE,
    }
)
