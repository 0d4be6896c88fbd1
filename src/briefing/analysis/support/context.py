"""An excerpt read where it stands: its sentence and its paragraph up to that sentence.

The support checks judge a statement by what its excerpts say in their context, not by the
quoted words alone: a hedge or a reporting clause earlier in the paragraph governs the
excerpt ("Reuters reports that ... Those meetings ..."). The excerpt is found by the offsets
its quote's proof found (check.proofs.Excerpt), never searched for again."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from briefing.analysis.support.names import folded
from briefing.analysis.support.numbers import Detail, details_of
from briefing.analysis.support.words import Lexicon, Words
from briefing.check.proofs import Excerpt
from briefing.check.quotes import normal
from briefing.records.model import Citation, Source

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# An item of a list: "2. A request to ...", "• Contrary to rumors, ...".
_LIST_ITEM = re.compile(r"(?:\d{1,2}[.)]|[•*\-–])\s")
_PROSE_END = re.compile(r"[.!?:][\"'”’»)\]]*$")
# A sentence ends at . ! or ? (and the closing quotes or brackets after it), before white
# space and what can begin a sentence; an abbreviation ("Jan. 9", "U.S. forces", "Mr.") or an
# initial ("H. Nasrallah") does not end one.
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*(?=\s+[\"'“‘«(\[]*[A-Z0-9])")
ABBREVIATIONS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "maj",
        "adm",
        "sen",
        "rep",
        "gov",
        "pres",
        "prof",
        "no",
        "vs",
        "etc",
        "inc",
        "co",
        "corp",
        "ltd",
        "jr",
        "sr",
        "dept",
        "fig",
        "approx",
        "est",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def sentence_ends(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """The offsets just after each sentence's end in text[start:end] (the last sentence's
    end is `end` if no mark ends it)."""
    end = len(text) if end is None else end
    ends = []
    for match in _SENTENCE_END.finditer(text, start, end):
        before = _WORD_BEFORE.search(text, max(start, match.start() - 12), match.start())
        word = before.group(1).lower() if before else ""
        if text[match.start()] == "." and (
            word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())
        ):
            continue
        ends.append(match.end())
    if not ends or ends[-1] < end:
        ends.append(end)
    return ends


class SourceDoc:
    """A source's text cut into paragraphs and sentences, once, for every excerpt of it."""

    def __init__(self, source: Source) -> None:
        self.source, self.text = source, source.text
        self._sentences: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._details: dict[tuple[int, int], tuple[Detail, ...]] = {}
        self._refers: dict[tuple[tuple[int, int], int, frozenset[str]], bool] = {}

    @cached_property
    def paragraph_starts(self) -> list[int]:
        return [0, *(match.end() for match in _PARAGRAPH_BREAK.finditer(self.text))]

    @cached_property
    def line_starts(self) -> list[int]:
        return [0, *(match.end() for match in re.finditer("\n", self.text))]

    def paragraph(self, offset: int) -> tuple[int, int]:
        """The paragraph around an offset: [start, end) without its trailing blank lines."""
        starts = self.paragraph_starts
        index = bisect.bisect_right(starts, offset) - 1
        end = starts[index + 1] if index + 1 < len(starts) else len(self.text)
        return starts[index], self._trimmed(end)

    def paragraph_before(self, start: int) -> tuple[int, int]:
        """The paragraph of prose before the one that starts at `start`: headings, rules and
        "READ MORE" lines (no sentence ends them) are passed over, and for an item of a
        list, the items before it, up to the paragraph that opens the list. (start, start)
        if there is none."""
        starts = self.paragraph_starts
        index = bisect.bisect_right(starts, start) - 1
        item = _LIST_ITEM.match(self.text, start) is not None
        for first in range(index - 1, max(-1, index - 6), -1):
            end = self._trimmed(starts[first + 1])
            if item and _LIST_ITEM.match(self.text, starts[first]):
                continue
            if _PROSE_END.search(self.text, max(starts[first], end - 3), end):
                return starts[first], end
        return start, start

    def _trimmed(self, end: int) -> int:
        """`end` moved back over white space (without copying the text before it)."""
        while end > 0 and self.text[end - 1].isspace():
            end -= 1
        return end

    def sentences(self, start: int, end: int) -> list[tuple[int, int]]:
        """The sentences of text[start:end], as [start, end) pairs, white space trimmed;
        cut once for every excerpt of a paragraph (the list is shared: not to be changed)."""
        if (start, end) not in self._sentences:
            self._sentences[start, end] = self._cut(start, end)
        return self._sentences[start, end]

    def refers_back(
        self, span: tuple[int, int], lexicon: Lexicon, heads: Iterable[str] = ()
    ) -> bool:
        """Whether the sentence(s) at `span` refer back (`refers_back`), worked out once
        for every excerpt of them."""
        key = (span, id(lexicon), frozenset(heads))  # (one lexicon for the whole check)
        if key not in self._refers:
            self._refers[key] = refers_back(self.text[span[0] : span[1]], lexicon, key[2])
        return self._refers[key]

    def details(self, start: int, end: int) -> tuple[Detail, ...]:
        """The numbers and dates of text[start:end] (numbers.details_of), read once for
        every excerpt of a paragraph."""
        if (start, end) not in self._details:
            self._details[start, end] = details_of(self.text[start:end])
        return self._details[start, end]

    def _cut(self, start: int, end: int) -> list[tuple[int, int]]:
        spans, begin = [], start
        for stop in sentence_ends(self.text, start, end):
            piece = self.text[begin:stop]
            lead = len(piece) - len(piece.lstrip())
            spans.append((begin + lead, stop))
            begin = stop
        return spans

    def line(self, offset: int) -> int:
        """The file's line of an offset of the text."""
        return self.source.body_line + bisect.bisect_right(self.line_starts, offset) - 1


@dataclass(frozen=True)
class Evidence:
    """One cited excerpt in its context. Offsets are of the source's text (source.text)."""

    doc: SourceDoc
    excerpt: Excerpt
    citation: Citation | None  # None for a citation in a brief's prose
    paragraph: tuple[int, int]  # the excerpt's paragraph
    sentences: tuple[tuple[int, int], ...]  # the paragraph's sentences up to the excerpt's
    # folded_read_in, by the word lists and heads it was asked with: each judge reads it
    _folded: dict[tuple[int, frozenset[str]], str] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def source(self) -> Source:
        return self.doc.source

    @property
    def quoted(self) -> str:
        return self.doc.text[self.excerpt.start : self.excerpt.end]

    @cached_property
    def sentence_span(self) -> tuple[int, int]:
        """Where the sentence (or sentences) the excerpt stands in begins and ends."""
        first = next(
            (n for n, (_, end) in enumerate(self.sentences) if end > self.excerpt.start),
            len(self.sentences) - 1,
        )
        return self.sentences[first][0], self.sentences[-1][1]

    @cached_property
    def sentence(self) -> str:
        """The sentence (or sentences) the excerpt stands in (every judge reads it)."""
        start, end = self.sentence_span
        return self.doc.text[start:end]

    @property
    def context(self) -> str:
        """The paragraph from its start to the end of the excerpt's last sentence."""
        return self.doc.text[self.paragraph[0] : self.sentences[-1][1]]

    @property
    def before(self) -> str:
        """The paragraph before the excerpt."""
        return self.doc.text[self.paragraph[0] : self.excerpt.start]

    @property
    def is_list_item(self) -> bool:
        """Whether the excerpt stands in an item of a list ("2. A request to ...")."""
        return _LIST_ITEM.match(self.doc.text, self.paragraph[0]) is not None

    @property
    def lead_in(self) -> str:
        """The paragraph before the excerpt's (for an item of a list, the paragraph that
        opens the list): what a paragraph that begins by referring back ("He has also
        declared ...", "2. A request to ...") refers to. Agencies write a paragraph a
        sentence, so a pronoun's name is often one paragraph up."""
        start, end = self.doc.paragraph_before(self.paragraph[0])
        return self.doc.text[start:end]

    def reads_back(self, lexicon: Lexicon, heads: Iterable[str] = ()) -> bool:
        """Whether the excerpt is read with the paragraph before (`lead_in`): its sentence
        refers back (`refers_back`) or is an item of a list."""
        return self.is_list_item or self.doc.refers_back(self.sentence_span, lexicon, heads)

    def read_in(self, lexicon: Lexicon, heads: Iterable[str] = ()) -> str:
        """What the excerpt is read in: its paragraph up to the end of its sentence, and
        the paragraph before where it reads back (`reads_back`)."""
        if self.reads_back(lexicon, heads):
            return f"{self.lead_in}\n\n{self.context}"
        return self.context

    def folded_read_in(self, lexicon: Lexicon, heads: Iterable[str] = ()) -> str:
        """`read_in` as names are compared (names.folded), a sentence at a time: a sentence
        is folded once however many excerpts read it, and no name runs across two."""
        key = (id(lexicon), frozenset(heads))  # (one lexicon for the whole check)
        if key not in self._folded:
            spans = list(self.sentences)
            if self.reads_back(lexicon, key[1]):
                spans[:0] = self.doc.sentences(*self.doc.paragraph_before(self.paragraph[0]))
            self._folded[key] = "".join(folded(self.doc.text[a:b]) for a, b in spans)
        return self._folded[key]

    def line(self, offset: int) -> int:
        return self.doc.line(offset)


def refers_back(sentence: str, lexicon: Lexicon, heads: Iterable[str] = ()) -> bool:
    """Whether a sentence refers back to someone or something named before it: a word of
    the `references` list ("he", "these", "at the time"), where a listed "the group" also
    stands for "the Shiite group" (two words between), or "the" before one of `heads` (the
    last word of a name: "the council" of "Portville Harbour Council")."""
    return _refers_back(sentence, lexicon["references"], frozenset(heads))


@functools.lru_cache(maxsize=4096)
def _refers_back(sentence: str, listed: Words, heads: frozenset[str]) -> bool:
    # kept for the last few thousand sentences: one is read for each statement citing it
    if listed.first(normal(sentence).lower()) is not None:
        return True
    words = folded(sentence)
    return any(
        f" {noun} " in words and re.search(rf" the (?:\w+ ){{0,2}}{noun} ", words)
        for noun in _nouns(listed) | heads
    )


@functools.cache
def _nouns(listed: Words) -> frozenset[str]:
    """The nouns of the listed references that begin "the": "group" of "the group"."""
    return frozenset(folded(p).split()[-1] for p in listed.phrases if p.startswith("the "))


def evidence(doc: SourceDoc, excerpt: Excerpt, citation: Citation | None) -> Evidence:
    start, end = doc.paragraph(excerpt.start)
    end = max(end, min(excerpt.end, len(doc.text)))
    upto = [s for s in doc.sentences(start, end) if s[0] < max(excerpt.end, excerpt.start + 1)]
    return Evidence(doc, excerpt, citation, (start, end), tuple(upto) or ((start, end),))
