"""Counts and agreement: a statement that counts its reports ("two independent reports",
"all three origins") or says they agree ("the reports agree", "confirmed by") claims more
than one origin. The claim is held against what the chains count (analysis.chains: a relay
or a copy of a report is that report) and against the conflicts of any record that set its
excerpts on different sides. See FORMAT.md, "agreement-overstated"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.analysis.chains import citation_origin, citation_origins, origin_label, relayed_origin
from briefing.analysis.support.context import Evidence
from briefing.analysis.support.judges import Finding, Judge, subject
from briefing.analysis.support.said import Said
from briefing.analysis.support.words import Lexicon
from briefing.check.quotes import normal
from briefing.check.resolve import Index
from briefing.records.model import Citation, Conflict, Source, statements
from briefing.warning_kinds import WarningKind

_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
NUMBERS = {
    **{word: n for n, word in enumerate(_WORDS, 1)},
    "both": 2,
    # "more than one" is all these say, and all a count of two needs to overstate one origin
    "several": 2,
    "multiple": 2,
    "various": 2,
}
# What a count of reports counts. "Sources" alone are mostly people within one report ("two
# Iraqi sources told Reuters"): they count as reports only said to be independent.
_REPORTS = r"origins?|reports?|outlets?|accounts?|publications?|newspapers?|articles?"
_APART = r"independent|independently|separate|different|distinct|unrelated"
_NOUNS = ("origin", "report", "outlet", "account", "publication", "newspaper", "article", "source")
_COUNT = re.compile(
    rf"(?<![\w-])(?:all\s+)?(?P<number>{'|'.join(NUMBERS)}|\d{{1,2}})\s+"
    rf"(?:(?:the|these|those)\s+)?(?P<between>(?:[\w'’-]+\s+){{0,2}}?)"
    rf"(?P<noun>{_REPORTS}|sources)(?![\w-])",
    re.IGNORECASE,
)
_APART_WORD = re.compile(rf"\b(?:{_APART})\b", re.IGNORECASE)
# A count or agreement said not to hold: "no other origin confirms", "not corroborated by".
_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|neither|without|cannot)\b|n't\b", re.I)
_CLAUSE_END = re.compile(r"[,;:.()]")
_TAKEN_AS = {"counted", "counts", "count", "treated", "treats", "took", "takes", "mistook"}
# A statement that says where the reports differ does not claim they agree on all.
_DIFFER = re.compile(
    r"\b(?:differ|differs|disagree|disagrees|dispute|disputes|disputed|contradict|"
    r"contradicts|do not agree|does not agree|not the same|different|but not on)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Claimed:
    """Words of a statement that claim a number of origins, at least."""

    words: str
    number: int


def _words_before(text: str, start: int) -> list[str]:
    """The words of the clause before `start`, at most six."""
    return _CLAUSE_END.split(text[max(0, start - 80) : start])[-1].split()[-6:]


def _negated(text: str, start: int) -> bool:
    """Whether a negation stands in the four words before `start`, in the same clause."""
    return bool(_NEGATION.search(" ".join(_words_before(text, start)[-4:])))


def _reported_count(text: str, start: int) -> bool:
    """Whether a count is what someone took the reports for ("the first edition counted
    them as two independent accounts"): words about a count, not a count."""
    words = [word.lower() for word in _words_before(text, start)]
    return words[-1:] == ["as"] and any(word in _TAKEN_AS for word in words[:-1])


def _counts(text: str) -> Iterator[Claimed]:
    lower = text.lower()
    if not any(noun in lower for noun in _NOUNS):
        return  # most statements: the search of every word for a number is not needed
    for match in _COUNT.finditer(text):
        noun, between = match["noun"].lower(), match["between"]
        if noun == "sources" and not _APART_WORD.search(between):
            continue
        number = match["number"].lower()
        count = NUMBERS.get(number) or int(number)
        if not _negated(text, match.start()) and not _reported_count(text, match.start()):
            yield Claimed(match.group(), count)


def claimed(text: str, lexicon: Lexicon) -> Claimed | None:
    """The largest number of origins a statement claims: its counts of reports, and its
    phrases of agreement (lexicon 'agreement': more than one). None if it claims none."""
    words = normal(text)
    found = list(_counts(words))
    found += [
        Claimed(match.phrase, 2)
        for match in lexicon["agreement"].find(words)
        if not _negated(words, match.start)
    ]
    return max(found, key=lambda claim: claim.number, default=None)


def _sources(said: Said) -> dict[str, Source]:
    if said.index is not None:
        return said.index.briefing.sources
    return {evidence.source.record_id: evidence.source for evidence in said.evidence}


@dataclass(frozen=True)
class Resting:
    """A cited source and the origin it rests on, and whether by a relay (`via:`)."""

    source_id: str
    origin: str
    relayed: bool


def _resting(said: Said, sources: dict[str, Source]) -> list[Resting]:
    """What each citation of the statement rests on; in prose, each excerpt's source."""
    if said.cited is None:
        return [
            Resting(source_id, relayed_origin(source_id, None, sources), relayed=False)
            for source_id in (evidence.source.record_id for evidence in said.evidence)
        ]
    return [
        Resting(c.source, citation_origin(c, sources), c.via is not None)
        for c in said.cited.cite
        if c.source in sources
    ]


def _quoted(ids: list[str]) -> str:
    named = [f"'{one}'" for one in ids]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def _origin_named(
    origin: str, resting: list[Resting], said: Said, sources: dict[str, Source]
) -> str:
    """'wire' or "'wire' ('gazette' relays it)": an origin and the cited sources that carry
    it without being it (by `via:`, or as a copy or translation of it)."""
    cite: list[Citation] = said.cited.cite if said.cited is not None else []
    label = origin_label(origin, sources, cite)
    on_it = [r for r in resting if r.origin == origin]
    others = list(dict.fromkeys(r.source_id for r in on_it if r.source_id != origin))
    if not others:
        return f"'{label}'"
    one, several = ("relays", "relay") if any(r.relayed for r in on_it) else ("carries", "carry")
    return f"'{label}' ({_quoted(others)} {several if len(others) > 1 else one} it)"


ORIGINS = {1: "one origin", 2: "two origins", 3: "three origins"}


def counted_beyond_chains(said: Said, lexicon: Lexicon) -> Iterator[Finding]:
    """A statement claiming more origins than its citations rest on."""
    claim = claimed(said.text, lexicon) if said.text else None
    if claim is None or getattr(said.cited, "deprecated", None) is not None:
        return
    sources = _sources(said)
    resting = _resting(said, sources)
    origins = list(dict.fromkeys(r.origin for r in resting))
    if said.cited is not None:  # a relay that may be an origin cited beside it counts as none
        counted = citation_origins(said.cited.cite, sources)
        origins = [origin for origin in origins if origin in counted]
    if not origins or claim.number <= len(origins):
        return
    count = ORIGINS.get(len(origins), f"{len(origins)} origins")
    named = ", ".join(_origin_named(o, resting, said, sources) for o in origins)
    yield Finding(
        WarningKind.AGREEMENT_OVERSTATED,
        f'{subject(said)} says "{claim.words}" but its citations rest on {count}: {named}',
        "count only independent origins (a relay or a copy of a report is that report), or "
        "cite the report that is missing",
    )


@dataclass(frozen=True)
class Side:
    """One side of a conflict, as the excerpts it cites stand in their sources."""

    number: int
    source_id: str
    start: int
    end: int


def _sides(conflict: Conflict, said: Said) -> list[Side]:
    index = said.index
    if index is None:
        return []
    return [
        Side(number, citation.source, excerpt.start, excerpt.end)
        for number, side in enumerate(conflict.sides, 1)
        for citation in side.cite
        if (excerpt := index.excerpts.get(citation.at("quote"))) is not None
    ]


def _on_sides(evidence: Evidence, sides: list[Side], near: bool) -> set[int]:
    """The sides that cite the sentence an excerpt stands in (`near`: a conflict of the
    statement's own record, about what it is about); for a conflict of another record, which
    may be about another point of the same sentence, the sides that cite most of the
    excerpt's own words (not a name the two share)."""
    source_id = evidence.source.record_id
    if near:
        start, end = evidence.sentence_span
        return {
            s.number for s in sides if s.source_id == source_id and s.start < end and s.end > start
        }
    start, end = evidence.excerpt.start, evidence.excerpt.end
    return {
        s.number
        for s in sides
        if s.source_id == source_id and 2 * (min(end, s.end) - max(start, s.start)) >= end - start
    }


Placed = tuple[str, int]  # a cited source, and the side of a conflict its excerpt stands on


def _opposed(said: Said, conflict: Conflict, origins: list[str]) -> tuple[Placed, Placed] | None:
    """Two excerpts of different origins whose sentences different sides of the conflict
    cite (`origins`: each excerpt's, in the order of said.evidence)."""
    sides = _sides(conflict, said)
    near = any(conflict is own for own in getattr(said.record, "conflicts", []))
    placed = [
        (e.source.record_id, _on_sides(e, sides, near), o)
        for e, o in zip(said.evidence, origins, strict=True)
    ]
    for n, (first, on_first, origin) in enumerate(placed):
        for second, on_second, other in placed[n + 1 :]:
            pairs = [(a, b) for a in sorted(on_first) for b in sorted(on_second) if a != b]
            if origin != other and pairs:
                return (first, pairs[0][0]), (second, pairs[0][1])
    return None


def conflict_readers(index: Index) -> Iterator[tuple[str, str]]:
    """(record id, id of a record whose conflicts its statements are held against): a check
    after an edit of a conflict checks again what cites the sources of its sides."""
    holders = index.briefing.conflict_holders()
    for record in index.briefing.records():
        cited = {c.source for statement, _ in statements(record) for c in statement.cite}
        holding = {holder for s in cited for holder in holders.get(s, ())}
        for holder in sorted(holding - {record.record_id}):
            yield record.record_id, holder


def _conflicts_of(said: Said) -> list[Conflict]:
    """The conflicts that bear on a statement: its record's, and any whose sides cite one of
    its sources."""
    own: list[Conflict] = getattr(said.record, "conflicts", [])
    if said.reader is None:
        return own
    by_source = said.reader.conflicts
    others = (c for e in said.evidence for c in by_source.of(e.source.record_id))
    return list({id(c): c for c in (*own, *others)}.values())


def agreed_across_conflict(said: Said, lexicon: Lexicon) -> Iterator[Finding]:
    """A statement saying its reports agree on what a conflict sets them apart on."""
    conflicts = _conflicts_of(said)
    if not conflicts or not said.text or _DIFFER.search(said.text):
        return
    claim = claimed(said.text, lexicon)
    if claim is None or getattr(said.cited, "deprecated", None) is not None:
        return
    sources = _sources(said)
    origins = [relayed_origin(e.source.record_id, _via(e), sources) for e in said.evidence]
    for conflict in conflicts:
        if any(side is said.cited for side in conflict.sides):
            continue
        opposed = _opposed(said, conflict, origins)
        if opposed is not None:
            (first, side), (second, other_side) = opposed
            yield Finding(
                WarningKind.AGREEMENT_OVERSTATED,
                f"{subject(said)} says \"{claim.words}\" but conflict '{conflict.conflict_id}' "
                f"sets its excerpts on different sides: '{first}' (side {side}) and "
                f"'{second}' (side {other_side})",
                "say where the reports differ, as the conflict does, or cite only what they "
                "agree on",
            )
            return


def _via(evidence: Evidence) -> str | None:
    return evidence.citation.via if evidence.citation is not None else None


JUDGES: list[Judge] = [counted_beyond_chains, agreed_across_conflict]
