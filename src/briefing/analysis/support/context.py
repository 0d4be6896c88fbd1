"""An excerpt read where it stands: its sentence and its paragraph up to that sentence.

The support checks judge a statement by what its excerpts say in their context, not by the
quoted words alone: a hedge or a reporting clause earlier in the paragraph governs the
excerpt ("Reuters reports that ... Those meetings ..."). The excerpt is found by the offsets
its quote's proof found (check.proofs.Excerpt), never searched for again."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from briefing.check.proofs import Excerpt
from briefing.records.model import Citation, Source

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
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
        return starts[index], len(self.text[:end].rstrip())

    def sentences(self, start: int, end: int) -> list[tuple[int, int]]:
        """The sentences of text[start:end], as [start, end) pairs, white space trimmed."""
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

    @property
    def source(self) -> Source:
        return self.doc.source

    @property
    def quoted(self) -> str:
        return self.doc.text[self.excerpt.start : self.excerpt.end]

    @property
    def sentence_span(self) -> tuple[int, int]:
        """Where the sentence (or sentences) the excerpt stands in begins and ends."""
        first = next(
            (n for n, (_, end) in enumerate(self.sentences) if end > self.excerpt.start),
            len(self.sentences) - 1,
        )
        return self.sentences[first][0], self.sentences[-1][1]

    @property
    def sentence(self) -> str:
        """The sentence (or sentences) the excerpt stands in."""
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

    def line(self, offset: int) -> int:
        return self.doc.line(offset)


def evidence(doc: SourceDoc, excerpt: Excerpt, citation: Citation | None) -> Evidence:
    start, end = doc.paragraph(excerpt.start)
    end = max(end, min(excerpt.end, len(doc.text)))
    upto = [s for s in doc.sentences(start, end) if s[0] < max(excerpt.end, excerpt.start + 1)]
    return Evidence(doc, excerpt, citation, (start, end), tuple(upto) or ((start, end),))
