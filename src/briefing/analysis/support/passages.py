"""The wording of texts compared, for the shared-wording check (relays.py): the words of a
text, case and punctuation aside; the runs of words two texts share, and the passages they
make; and a few fingerprints of a text's wording, to find the texts that share some without
comparing every pair.

A run of at least MIN_WORDS words that two texts share is copying; shorter runs are names,
titles and stock phrases. Measured on the five seeds: between texts of different origins the
longest shared run is 6 words ("Mohammad al-Kawtharani, Hezbollah's representative in
Iraq", a name and a title), then 5 ("in the wake of the", in four of the five); between the
Arab News text and the machine translation of the same report, 68 runs reach 8 words, the
longest 25.

A text's fingerprints (`fingerprints`) are the hashes of its runs of MIN_WORDS words, within
a sentence, that begin at one word in ANCHOR, the word chosen by itself, so that two copies
choose the same runs; names and numbers stand in them as one placeholder, so that a stock
sentence filled with other names is one stock phrase. A passage of 8 words holds a
fingerprint one time in five, of 11 words one time in two, of 17 words eight times in ten,
of 25 words 97 in a hundred (measured on every stretch of the Arab News text): a text that
relays an article is found, one that shares a single short passage may not be."""

from __future__ import annotations

import base64
import re
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, compress, repeat
from operator import eq

from briefing.records.model import Source

MIN_WORDS = 8  # a shared run this long is copying (see above)
ANCHOR = 2  # one word in this many begins a fingerprinted run
GAP = 3  # runs this few words apart, in both texts, are one passage
MAX_REPEATS = 4  # a run of words a text has more often starts no passage
SHOWN_WORDS = 16  # a passage longer than this is shown by its ends

# A word: what stands between white space and punctuation (`_PUNCTUATION.sub(" ", text)
# .split()` gives the same words, faster, where their places are not needed).
_MARKS = "\"'“”‘’«»‹›()\\[\\]{}.,;:!?—–…|*/"
_PUNCTUATION = re.compile(f"[{_MARKS}]")
_WORD = re.compile(f"[^\\s{_MARKS}]+")
_NEWLINE = re.compile("\n")
# Where a sentence ends, for the runs that fingerprint a text: a full stop, question or
# exclamation mark (and the quotes or brackets closing on it) before white space, or a line's
# end (a headline, a caption, a paragraph). An abbreviation ends one too: that only leaves
# out the runs across it.
_STOP = re.compile(r"[.!?][\"'”’»)\]]?\s|\n")
_END = "\x00"
_DIGIT = re.compile(r"\d")


def _filler(word: str) -> bool:
    """Whether a word is a name (it has capitals) or a number: what a stock phrase is filled
    with, and what a relayed sentence keeps."""
    return word != word.lower() or _DIGIT.search(word) is not None


# Each word's number, and whether it is an anchor, worked out once in a process: the words
# of news repeat, and a table is quicker than working them out again. A name or a number is
# 0, so that a stock phrase filled with other names is the same phrase; so is the end of a
# sentence (see `fingerprints`).
_CODES: dict[str, int] = {_END: 0}
_ANCHORS: dict[str, bool] = {_END: False}


def _prints(words: list[str], sentence: list[int]) -> set[int]:
    """The hashes of the runs of MIN_WORDS words within one sentence (`sentence`: a number
    for each word that grows where a sentence ends) that begin at an anchor word (one whose
    number is 1 modulo ANCHOR; never a name). A run across sentences would pair the end of
    one stock sentence with the start of another. Each word's number is the same in every
    process, and so is the hash of a tuple of numbers."""
    for word in set(words).difference(_CODES):
        code = 0 if _filler(word) else zlib.crc32(word.encode())
        _CODES[word], _ANCHORS[word] = code, code % ANCHOR == 1
    codes = list(map(_CODES.__getitem__, words))
    starts = compress(range(len(codes) - MIN_WORDS + 1), map(_ANCHORS.__getitem__, words))
    last = MIN_WORDS - 1
    return {
        hash(tuple(codes[start : start + MIN_WORDS]))
        for start in starts
        if sentence[start] == sentence[start + last]
    }


def _article(source: Source) -> list[tuple[int, int]]:
    """The [start, end) offsets of the text that is the article (see `article_lines`)."""
    text = source.text
    if source.article_lines is None:
        return [(0, len(text))]
    starts = [0, *(match.end() for match in _NEWLINE.finditer(text)), len(text) + 1]
    last = len(starts) - 1
    return [
        (starts[min(first, last) - 1], starts[min(end, last)] - 1)
        for first, end in source.article_lines
    ]


def _sentences(text: str, stretches: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The [start, end) of each sentence of the stretches of a text, as `_STOP` ends them."""
    for start, end in stretches:
        begin = start
        for stop in _STOP.finditer(text, start, end):
            yield begin, stop.start()
            begin = stop.end()
        yield begin, end


def fingerprints(source: Source) -> str:
    """A source's fingerprints, packed for the facts of its file (check.facts.FileFacts).
    The words are those of `Words.of_article`, found without their places; each sentence's
    end stands among them as a word of its own (_END), a name to `_prints`, which no run
    it fingerprints holds."""
    article = "\n".join(source.text[start:end] for start, end in _article(source))
    words = _PUNCTUATION.sub(" ", _STOP.sub(f" {_END} ", article)).split()
    sentence = list(accumulate(map(eq, words, repeat(_END))))
    return packed(_prints(words, sentence))


def packed(prints: set[int]) -> str:
    """Fingerprints as the facts keep them: a short string, not a long list of numbers."""
    return base64.b64encode(array("q", sorted(prints)).tobytes()).decode("ascii")


def unpacked(prints: str) -> array[int]:
    found = array("q")
    found.frombytes(base64.b64decode(prints))
    return found


@dataclass(frozen=True)
class Words:
    """Stretches of a text as a list of words: where each stands in the text, and the
    number of its sentence."""

    text: str
    spans: list[tuple[int, int]]
    sentence: list[int]

    @classmethod
    def of(cls, text: str, stretches: Iterable[tuple[int, int]] | None = None) -> Words:
        """The words of stretches of a text ([start, end) offsets; all of it by default)."""
        spans: list[tuple[int, int]] = []
        sentence: list[int] = []
        stretches = [(0, len(text))] if stretches is None else stretches
        for number, (start, end) in enumerate(_sentences(text, stretches)):
            found = [match.span() for match in _WORD.finditer(text, start, end)]
            spans += found
            sentence += repeat(number, len(found))
        return cls(text, spans, sentence)

    @classmethod
    def of_article(cls, source: Source) -> Words:
        return cls.of(source.text, _article(source))

    @cached_property
    def own(self) -> list[str]:
        """Each word as the text has it."""
        return [self.text[a:b] for a, b in self.spans]

    @cached_property
    def lower(self) -> list[str]:
        return [word.lower() for word in self.own]

    def filler(self, n: int) -> bool:
        """Whether the n-th word is a name or a number; the capital that begins a sentence
        makes no name."""
        return _filler(self.own[n]) and n > 0 and self.sentence[n] == self.sentence[n - 1]

    def fillers(self, run: Run) -> int:
        """How many words of a run (of this text) are names or numbers."""
        return sum(map(self.filler, range(run.start, run.end)))

    def prints(self, run: Run) -> set[int]:
        return _prints(self.own[run.start : run.end], self.sentence[run.start : run.end])


@dataclass(frozen=True)
class Run:
    """Words two texts share: [start, end) of the first text's words and of the second's."""

    start: int
    end: int
    other_start: int
    other_end: int

    def near(self, other: Run) -> bool:
        return (
            other.start <= self.end + GAP
            and other.other_start <= self.other_end + GAP
            and other.other_end >= self.other_start - GAP
        )

    def joined(self, other: Run) -> Run:
        return Run(
            self.start,
            max(self.end, other.end),
            min(self.other_start, other.other_start),
            max(self.other_end, other.other_end),
        )


def shared_runs(first: Words, second: Words) -> Iterator[Run]:
    """Every longest run of at least MIN_WORDS words the two share, found from each run of
    MIN_WORDS words of the second in an index of the first's. A run of words the first
    text has more than MAX_REPEATS times (a word over and over, a line of boilerplate)
    starts none, so that two such texts are not compared place by place, each with each:
    a passage is found from its first words the first text does not repeat."""
    a, b = first.lower, second.lower
    starts: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(a) - MIN_WORDS + 1):
        starts.setdefault(tuple(a[i : i + MIN_WORDS]), []).append(i)
    starts = {key: found for key, found in starts.items() if len(found) <= MAX_REPEATS}
    for j in range(len(b) - MIN_WORDS + 1):
        for i in starts.get(tuple(b[j : j + MIN_WORDS]), ()):
            if i and j and a[i - 1] == b[j - 1] and tuple(b[j - 1 : j + MIN_WORDS - 1]) in starts:
                continue  # within a longer run, found from its start
            n = MIN_WORDS
            while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
                n += 1
            yield Run(i, i + n, j, j + n)


def passages(first: Words, second: Words, telling: Callable[[Run], bool]) -> list[Run]:
    """The passages the two texts share: their runs that are more than names, numbers and
    titles (at least half their words are neither) and that `telling` finds telling, each place
    of the first text once (with the longest run that holds it), runs close together in
    both texts made one."""
    kept: list[Run] = []
    for run in sorted(shared_runs(first, second), key=lambda r: (r.start, -r.end, r.other_start)):
        if kept and run.end <= kept[-1].end:
            continue  # these words of the first text are in a passage already
        if 2 * first.fillers(run) > run.end - run.start or not telling(run):
            continue
        if kept and kept[-1].near(run):
            kept[-1] = kept[-1].joined(run)
        else:
            kept.append(run)
    return kept


def specific(words: Words, outlets: frozenset[str], run: Run) -> bool:
    """Whether a run names someone or gives a number within it, shared words after it: a
    sentence relayed keeps its names and numbers, a stock phrase is shared up to the name
    it is filled with ("who asked not to be named, said Usama"). The words of the `outlets`
    (lower-cased) name no one: "The Gazette could not verify" is the outlet's own stock."""
    return any(
        words.filler(n) and not words.filler(n + 1) and words.lower[n] not in outlets
        for n in range(run.start + 1, run.end - 1)
    )


def outlet_words(*sources: Source) -> frozenset[str]:
    """The words of the publishers and bylines of sources, lower-cased."""
    names = " ".join(f"{s.publisher or ''} {s.byline or ''}" for s in sources)
    return frozenset(_PUNCTUATION.sub(" ", names).lower().split())


def shown(words: Words, start: int, end: int) -> str:
    """Words of a text as a message quotes them: as the text has them, the first ten and
    the last five of a long passage."""
    spans = words.spans
    if end - start <= SHOWN_WORDS:
        return _own(words.text, spans[start][0], spans[end - 1][1])
    head = _own(words.text, spans[start][0], spans[start + 9][1])
    tail = _own(words.text, spans[end - 5][0], spans[end - 1][1])
    return f"{head} … {tail}"


def _own(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split()).strip("\"'“”‘’")


def grams(text: str) -> set[tuple[str, ...]]:
    """The runs of MIN_WORDS words of a text, lower-cased: quicker to make than its Words,
    to ask whether two short texts share a run at all."""
    words = _PUNCTUATION.sub(" ", text).lower().split()
    return set(zip(*(words[n:] for n in range(MIN_WORDS)), strict=False))


def line_of(source: Source, offset: int) -> int:
    return source.body_line + source.text.count("\n", 0, offset)
