"""Judgments kept apart from reports (ICD 203): the scale of estimative words, likelihood
apart from confidence, and the words that make a report read as an estimate."""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefing.analysis.chains import standing
from briefing.check.prose import Block, citation_end
from briefing.check.resolve import Index
from briefing.problems import Origin, Problem
from briefing.records.model import LIKELIHOODS, Source, statements
from briefing.warning_kinds import WarningKind

# The ICD 203 scale: each term of `likelihood:` with the probability it stands for, and the
# words of the same step that writers use in prose.
SCALE: dict[str, tuple[str, tuple[str, ...]]] = {
    "almost no chance": ("1-5%", ("remote",)),
    "very unlikely": ("5-20%", ("highly improbable",)),
    "unlikely": ("20-45%", ("improbable", "improbably")),
    "roughly even chance": ("45-55%", ("roughly even odds",)),
    "likely": ("55-80%", ("probable", "probably")),
    "very likely": ("80-95%", ("highly probable",)),
    "almost certain": ("95-99%", ("nearly certain", "almost certainly")),
}
assert tuple(SCALE) == LIKELIHOODS

_TERMS = sorted(
    {term for step, (_, words) in SCALE.items() for term in (step, *words)}, key=len, reverse=True
)
_ESTIMATIVE = re.compile(r"\b(" + "|".join(re.escape(t) for t in _TERMS) + r")\b", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"\n]*"|\u201c[^\u201c\u201d\n]*\u201d')  # (as check.prose._PHRASE)


GRADE_MEANS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
    "ungraded": "not graded yet",
}
CREDIBILITY_MEANS = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


def reported_words(text: str) -> str:
    """A statement's own words: its citations and the phrases it quotes (the source's words,
    not the analyst's) blanked, every other character where it was."""
    pieces, done = [], 0
    while (start := text.find("[@", done)) >= 0:  # pieces: a text rebuilt at each citation
        end = citation_end(text, start)  # took the square of a text of many
        pieces += [text[done:start], " " * (end - start)]
        done = end
    text = "".join([*pieces, text[done:]])
    pieces, done = [], 0
    for match in _QUOTED.finditer(text):
        pieces += [text[done : match.start()], " " * (match.end() - match.start())]
        done = match.end()
    return "".join([*pieces, text[done:]])


# A word of estimative probability after one of these, in the same sentence, is someone
# else's estimate that the statement reports ("an official told Reuters that Iran is likely
# to ..."), not the analyst's.
_ATTRIBUTED = re.compile(
    r"\b(said|says|told|tells|according to|believes?|believed|thinks?|expects?|expected|"
    r"assessed|assesses|estimated?|estimates|warned|warns|claimed|claims)\b",
    re.IGNORECASE,
)
_REPORTED_CLAUSE = re.compile(r"^\s*(?:(?:[-*+]|\d+[.)])\s+)?that\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[.!?]\s")


def estimative_match(text: str) -> re.Match[str] | None:
    """The first word of estimative probability in a statement's own words that is not
    attributed to someone the statement reports."""
    words = reported_words(text)
    if _REPORTED_CLAUSE.match(words):
        return None  # "- that Iran is likely to ...": a list of what a report says
    for found in _ESTIMATIVE.finditer(words):
        sentence_start = max(
            (m.end() for m in _SENTENCE.finditer(words, 0, found.start())), default=0
        )
        if not _ATTRIBUTED.search(words, sentence_start, found.start()):
            return found
    return None


def estimative_word(text: str) -> str | None:
    found = estimative_match(text)
    return found.group(1) if found else None


LOW_GRADES = {"D", "E", "F"}


def _withdrawn(sources: tuple[Source, ...]) -> str:
    kinds = {source.retracted.kind for source in sources if source.retracted}
    kind = kinds.pop() if len(kinds) == 1 else "retracted or discredited"
    names = ", ".join(f"'{source.record_id}'" for source in sources)
    return f"{kind} source{'s' if len(sources) > 1 else ''} {names}"


def _estimative(index: Index) -> Iterator[Problem]:
    for record in index.briefing.records():
        for statement, what in statements(record):
            text = getattr(statement, "text", None)
            if not statement.cite or statement.likelihood or not text:
                continue
            if getattr(statement, "deprecated", None) is not None:
                continue
            word = estimative_word(text)
            if word:
                yield Problem(
                    statement.at("text"),
                    f"{what} is cited as a report but worded as an estimate ('{word}')",
                    "say what the sources report, or give the estimate as a judgment: "
                    "'likelihood:' on the ICD 203 scale, apart from 'confidence:'",
                    WarningKind.ESTIMATIVE_LANGUAGE.severity,
                    kind=WarningKind.ESTIMATIVE_LANGUAGE,
                )
    for blocks in index.blocks.values():
        for block in blocks:
            if block.editorial:
                yield from _editorial(block)
            if not block.citations or block.judgment is not None or block.editorial:
                continue
            found = estimative_match(block.text)
            if found:
                yield Problem(
                    _place(block.origin, block.text, found.start()),
                    f"paragraph is cited as a report but worded as an estimate ('{found[1]}')",
                    "say what the sources report, or mark the paragraph as your judgment: "
                    "[judgment: high|moderate|low]",
                    WarningKind.ESTIMATIVE_LANGUAGE.severity,
                    kind=WarningKind.ESTIMATIVE_LANGUAGE,
                )


def _editorial(block: Block) -> Iterator[Problem]:
    """An [editorial] paragraph that cites a source or words an estimate: a claim where none
    is checked (the marker frees a paragraph from citing because it is about the briefing)."""
    found = estimative_match(block.text)
    if block.citations:
        at, said = block.citations[0].origin, "cites a source"
    elif found:
        at, said = _place(block.origin, block.text, found.start()), f"estimates ('{found[1]}')"
    else:
        return
    yield Problem(
        at,
        f"editorial paragraph {said}: it is about the briefing, where no claim is checked",
        "state the claim in a paragraph of its own, cited or marked [judgment: ...]; "
        "or take out the citation or the estimate",
        WarningKind.EDITORIAL_CLAIM.severity,
        kind=WarningKind.EDITORIAL_CLAIM,
    )


def _place(origin: Origin, text: str, offset: int) -> Origin:
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + (origin.column if not line else 1)
    return Origin(origin.path, origin.line + line, column)


def _unassessed(index: Index) -> Iterator[Problem]:
    sources = index.briefing.sources
    for record in index.briefing.records():
        for statement, _ in statements(record):
            for citation in statement.cite:
                source = sources.get(citation.source)
                if source is None or citation.credibility is not None:
                    continue
                if source.reliability in LOW_GRADES:
                    yield Problem(
                        citation.at(),
                        f"citation of '{source.record_id}' (grade {source.reliability}: "
                        f"{GRADE_MEANS[source.reliability]}) has no credibility assessed",
                        "add 'credibility:' 1 (confirmed by other sources) to 6 (truth cannot "
                        "be judged): how far this piece of information holds",
                        WarningKind.UNASSESSED_CREDIBILITY.severity,
                        kind=WarningKind.UNASSESSED_CREDIBILITY,
                    )


def _retracted(index: Index) -> Iterator[Problem]:
    sources = index.briefing.sources
    for record in index.briefing.records():
        for statement, what in statements(record):
            if getattr(statement, "deprecated", None) is not None:
                continue
            found = standing(statement.cite, sources)
            if found is not None and found.fallen:
                yield Problem(
                    statement.at(),
                    f"{what} rests only on {_withdrawn(found.retracted)}",
                    "cite another origin, deprecate it with 'deprecated:', or remove it",
                    WarningKind.RESTS_ON_RETRACTED.severity,
                    kind=WarningKind.RESTS_ON_RETRACTED,
                )
    for blocks in index.blocks.values():
        for block in blocks:
            cited = [sources[c.source_id] for c in block.citations if c.source_id in sources]
            void = tuple({s.record_id: s for s in cited if s.retracted}.values())
            if cited and len(void) == len({s.record_id for s in cited}):
                yield Problem(
                    block.origin,
                    f"paragraph rests only on {_withdrawn(void)}",
                    "cite another origin, or rewrite the paragraph",
                    WarningKind.RESTS_ON_RETRACTED.severity,
                    kind=WarningKind.RESTS_ON_RETRACTED,
                )


def judgment_warnings(index: Index) -> Iterator[Problem]:
    """Reports worded as estimates, low-graded sources cited with no credibility, and what
    rests only on retracted sources."""
    yield from _estimative(index)
    yield from _unassessed(index)
    yield from _retracted(index)
