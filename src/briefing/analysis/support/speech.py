"""Who speaks in a paragraph of a source: its reporting clauses ("…, the Iraqi sources said";
"One official said that …"; "according to …"; "… is disclosed by …") and its quotations,
with the speaker of each. A paragraph is read once per check, however many excerpts stand in
it (see `paragraph`), and every clause is found in time linear in the paragraph."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from weakref import WeakKeyDictionary

from briefing.analysis.support.context import SourceDoc
from briefing.analysis.support.words import Words
from briefing.check.quotes import normal

__all__ = ["Clause", "Cue", "Paragraph", "content_words", "paragraph", "word_set"]

Span = tuple[int, int]


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string, as lists of small words are best read."""
    return frozenset(words.split())


@dataclass(frozen=True)
class Cue:
    """Words of a source that govern an excerpt: a reporting clause, a hedge or a denial."""

    words: str  # as they stand in the source ("the Iraqi sources said")
    start: int  # offset in the source's text
    who: str = ""  # a reporting clause's speaker ("the Iraqi sources")


@dataclass(frozen=True)
class Clause:
    """A reporting clause, and the part of its sentence it governs."""

    cue: Cue
    region: Span


_WORD = r"[\w’'\-\[\]]+"
_WHO = rf"(?:{_WORD}\s+){{0,11}}?{_WORD}"
_OBJECT = (
    r"(?:\s+(?:to\s+)?(?:it|him|her|them|so|on\s+\w+|(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*))?"
)
# What may follow a reporting verb that ends its sentence ("… told Reuters.", "… said,
# requesting anonymity …"); looked for only near the sentence's end
_TRAILING = re.compile(
    _OBJECT + r"\s*(?:,\s*\w+ing\b.*|\s+(?:when|because|while|after|requesting|noting|adding)\b.*)?"
    r"[.!?]?[”\"’]*\s*$",
    re.S,
)
_TRAILING_REACH = 200
_WHO_REACH = 400  # characters before a reporting verb that may say who speaks
_INVERTED = re.compile(rf"\s+(?P<who>{_WHO})\s*[.!?]?[”\"’]*\s*$")
_CLAUSE_END = r"\s*(?:[.,:!?]|$|\s+(?:when|on|to|in)\b)"
# The reporting clause just after a quotation's closing mark: "…,” said the source." or
# "…,” the source said."
_AFTER_QUOTE = (
    re.compile(rf"[”\"»]?\s*,?\s*(?P<verb>\w+)\s+(?P<who>{_WHO}){_CLAUSE_END}"),
    re.compile(rf"[”\"»]?\s*,?\s*(?P<who>{_WHO})\s+(?:has\s+|had\s+)?(?P<verb>\w+){_CLAUSE_END}"),
)
# A quotation inside a quotation: ‘…’, opened after a space or a colon
_INNER = re.compile(r"(?<=[\s:])‘[^‘’]+’(?!\w)")
_BOUNDARY = re.compile(r"[,;:–—”“\"(]|\.\s*,?\s*|\s(?:and|but)\s")
_NOT_FIRST = word_set(
    "as for of to in on at by with from if when while which what whom why how than because "
    "after before since until that this these those"
)
_NOT_LAST = word_set("the a an of to and or that this in on for by with as his her its")
_AUXILIARY = re.compile(r"\s+(?:has|have|had)$")
_PASSIVE_BE = re.compile(r"\b(?:is|are|was|were|be|been|being)$")
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,.;:“”\"]{2,120})", re.I)
_AS_REPORTED = re.compile(rf"\bAs\s+(?P<who>{_WHO})\s+(?:has\s+|had\s+)?(?P<verb>\w+),")
_PASSIVE = re.compile(r"\b(?P<verb>\w+)\s+by\s+(?P<who>[^,.;:“”\"]{2,100})")
_BRITISH = re.compile(r"(?<=\w\w\w)our(?=s?$)")  # "rumours" meets "rumors"
_STOP = word_set(
    "the a an of in to and or for on at by with from that this those these is are was were be "
    "been has have had its it his her their they he she as which who whom but not no also "
    "said says say told according sources source reuters reported reports report would will "
    "than then there into over after before about"
)


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """The words that carry a text's content, cut to five letters so that 'militia' and
    'militias' meet: what a statement and an excerpt are compared by (an excerpt cited by
    several statements is cut once)."""
    words = re.findall(r"[^\W_]+", normal(text).lower())
    return frozenset(
        (_BRITISH.sub("or", word) if word.endswith(("our", "ours")) else word)[:5]
        for word in words
        if word not in _STOP and (len(word) > 2 or word.isdigit())
    )


@lru_cache(maxsize=8)
def verbs_of(reporting: Words) -> re.Pattern[str]:
    """The reporting verbs of the list (its one-word phrases), as one pattern."""
    single = {normal(p).lower() for p in reporting.phrases if " " not in normal(p)}
    ordered = sorted(single, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(verb) for verb in ordered) + r")\b", re.I)


class Paragraph:
    """A paragraph of a source: its sentences, quotations and reporting clauses."""

    def __init__(self, doc: SourceDoc, span: Span, verbs: re.Pattern[str]) -> None:
        self.doc, self.text, self.span, self.verbs = doc, doc.text, span, verbs
        self.sentences = doc.sentences(*span)
        self.ends = [end for _, end in self.sentences]
        self.quotes = quotations(self.text, *span)
        self.quote_starts = [start for start, _ in self.quotes]
        self.boundaries = [m.end() for m in _BOUNDARY.finditer(self.text, *span)]
        self._clauses: dict[int, list[Clause]] = {}

    def sentence_at(self, offset: int) -> int:
        return min(bisect.bisect_right(self.ends, offset), len(self.sentences) - 1)

    def quote_at(self, offset: int) -> Span | None:
        index = bisect.bisect_right(self.quote_starts, offset) - 1
        if index >= 0 and offset < self.quotes[index][1]:
            return self.quotes[index]
        return None

    def clauses(self, number: int) -> list[Clause]:
        """The reporting clauses of sentence `number`, in order."""
        if number not in self._clauses:
            start, end = self.sentences[number]
            found = [*self._verb_clauses(start, end), *self._fixed_clauses(start, end)]
            self._clauses[number] = sorted(found, key=lambda clause: clause.cue.start)
        return self._clauses[number]

    def clauses_before(self, offset: int) -> list[Clause]:
        """The reporting clauses of the paragraph that end before an offset."""
        found = []
        for number in range(self.sentence_at(offset) + 1):
            found += [c for c in self.clauses(number) if c.cue.start + len(c.cue.words) < offset]
        return found

    def _verb_clauses(self, start: int, end: int) -> list[Clause]:
        found = []
        for verb in self.verbs.finditer(self.text, start, end):
            if verb.group()[0].isupper() and verb.start() != start:
                continue  # a name: "the United States"
            index = bisect.bisect_right(self.boundaries, verb.start()) - 1
            who_start = max(start, self.boundaries[index]) if index >= 0 else start
            # who speaks is a phrase of ten words at most (plausible): read no further back,
            # or each verb of a long sentence reads all of it again (a fuzzed paragraph of a
            # megabyte took 20 s of CPU, seed 526794)
            who_start = max(who_start, verb.start() - _WHO_REACH)
            who = _AUXILIARY.sub("", self.text[who_start : verb.start()].strip())
            if _PASSIVE_BE.search(who):
                continue  # "are said to": a hedge, not a speaker
            if not who:  # inverted: "…, concluded the Hezbollah source."
                found += self._inverted(verb, start, end)
            elif self.plausible(who):
                who_at = self.text.index(who, who_start)
                cue = Cue(self.text[who_at : verb.end()], who_at, who)
                trailing = end - verb.end() <= _TRAILING_REACH and bool(
                    _TRAILING.match(self.text, verb.end(), end)
                )
                found.append(Clause(cue, (start, who_at) if trailing else (verb.end(), end)))
        return found

    def _inverted(self, verb: re.Match[str], start: int, end: int) -> list[Clause]:
        if end - verb.end() > _TRAILING_REACH:
            return []
        inverted = _INVERTED.match(self.text, verb.end(), end)
        who = inverted["who"] if inverted else ""
        if not self.plausible(who) or len(who.split()) > 6:
            return []
        assert inverted is not None
        cue = Cue(self.text[verb.start() : inverted.end("who")], verb.start(), who)
        return [Clause(cue, (start, verb.start()))]

    def _fixed_clauses(self, start: int, end: int) -> list[Clause]:
        found = []
        for pattern in (_ACCORDING, _PASSIVE, _AS_REPORTED):
            for match in pattern.finditer(self.text, start, end):
                verb = match.groupdict().get("verb")
                if verb and not self.verbs.fullmatch(verb):
                    continue
                who = match["who"].strip()
                if pattern is _ACCORDING or self.plausible(who):
                    cue = Cue(match.group().rstrip(", "), match.start(), who)
                    region = (match.end(), end) if pattern is _AS_REPORTED else (start, end)
                    found.append(Clause(cue, region))
        return found

    def plausible(self, who: str) -> bool:
        """Whether words next to a reporting verb can be who speaks: a short phrase that
        neither opens like an adverbial nor holds a clause of its own."""
        words = who.split()
        return (
            0 < len(words) <= 10
            and words[0].lower() not in _NOT_FIRST
            and words[-1].lower() not in _NOT_LAST
            and "that" not in words
            and not self.verbs.search(who)
        )

    def quoted_by(self, quote: Span) -> Cue | None:
        """The speaker of a quotation: its reporting clause after it or before it in the
        paragraph; a quotation carried from the paragraph before keeps that one's speaker."""
        after_end = self.sentences[self.sentence_at(quote[1])][1]
        for pattern in _AFTER_QUOTE:
            after = pattern.match(self.text, quote[1], max(quote[1], after_end))
            if after and self.verbs.fullmatch(after["verb"]) and self.plausible(after["who"]):
                words = after.group().strip(' ,.”"')
                return Cue(words, self.text.index(words, quote[1]), after["who"].strip())
        before = self.clauses_before(quote[0])
        return before[-1].cue if before else self._carried(quote)

    def inner_speaker(self, quote: Span, offset: int) -> Cue | None:
        """The speaker of a quotation inside a quotation ("… told him: ‘We will not leave.’
        …”) that holds an offset: the inner speaker, whose words the outer one relays."""
        inner = _INNER.search(self.text, quote[0], quote[1])
        while inner is not None and inner.end() <= offset:
            inner = _INNER.search(self.text, inner.end(), quote[1])
        if inner is None or not inner.start() < offset:
            return None
        before = [c for c in self.clauses_before(inner.start()) if c.cue.start >= quote[0]]
        return before[-1].cue if before else None

    def _carried(self, quote: Span) -> Cue | None:
        """A quotation that opens its paragraph goes on from one left open before it."""
        if quote[0] - 1 != self.span[0] or self.span[0] == 0:
            return None
        before = paragraph(self.doc, self.doc.paragraph(self.span[0] - 1), self.verbs)
        if before.span == self.span or not before.quotes or before.quotes[-1][1] < before.span[1]:
            return None
        return before.quoted_by(before.quotes[-1])


_PARAGRAPHS: WeakKeyDictionary[SourceDoc, dict[tuple[Span, int], Paragraph]] = WeakKeyDictionary()


def paragraph(doc: SourceDoc, span: Span, verbs: re.Pattern[str]) -> Paragraph:
    """The paragraph of a source's text at `span`, read once for every excerpt in it."""
    read = _PARAGRAPHS.setdefault(doc, {})
    key = (span, id(verbs))
    if key not in read:
        read[key] = Paragraph(doc, span, verbs)
    return read[key]


def quotations(text: str, start: int, end: int) -> list[Span]:
    """The quotations of text[start:end] (double marks of any style), each from just after
    its opening mark to its closing one, or to the end if it is left open (as a quotation
    going on in the next paragraph is). A closing “ (a misplaced mark) closes too."""
    spans, opened = [], None
    for match in re.finditer(r"[“”«»„\"]", text[start:end]):
        at, mark = start + match.start(), match.group()
        if opened is None and mark in '“«„"':
            opened = at
        elif opened is not None and (mark in '”»"' or _closes(text, at, end)):
            spans.append((opened + 1, at))
            opened = None
        elif opened is not None and mark in "“«„":
            opened = at  # a second opening: the first was never closed
    if opened is not None:
        spans.append((opened + 1, end))
    return spans


def _closes(text: str, at: int, end: int) -> bool:
    return at + 1 >= end or text[at + 1].isspace() and not text[at - 1].isspace()
