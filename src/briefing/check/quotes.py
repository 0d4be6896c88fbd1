"""Finding a quote in a source's text, forgiving typography and nothing else.

Normalisation changes only what typing changes and meaning does not: Unicode compatibility
form (NFKC), curly and straight quotes and apostrophes, dashes, invisible formatting marks,
and runs of white space and line breaks. Case and words are kept. Positions found in the
normalised text map back to the original through a short list of breakpoints, so that a
match can be shown, linked and counted in the source's own lines.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        # Invisible marks: soft hyphen, bidi controls, zero-width space and no-break.
        **dict.fromkeys(
            "\u00ad\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff",
            "",
        ),
    }
)
# Bidi controls would reorder what is shown, and C0 controls and non-characters are not
# allowed in HTML or XML: pages, SVG and PDF print each as its code, [U+202E], never obey it.
CONTROLS = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\ufffe\uffff]")


def visible_controls(text: str) -> str:
    return CONTROLS.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


# What normalising may change: runs of white space other than one plain space, and runs of
# non-ASCII characters. Plain words and single spaces, most of a text, are copied as they are.
# A combining mark takes the letter before it, even an ASCII one: "e" + U+0301 is "é".
_SPECIAL = re.compile(
    r"\s{2,}|[^\S ]|[!-~]?[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
    r"[^\x00-\x7f]*|[^\x00-\x7f]+"
)
# Every match of _SPECIAL starts at, or one character before, a character outside printable
# ASCII and the plain space (a line break, a curly quote, a combining mark): or at a run of
# plain spaces. Looking for those characters alone is twenty times faster than scanning with
# _SPECIAL, whose alternatives the engine tries at every character of every source.
_UNUSUAL = re.compile(r"[^ !-~]")
_ELISION = re.compile(r"\s*\.\.\.\s*")
ELISION_WINDOW = 300  # normalised characters allowed between two parts of an elided quote


@dataclass(frozen=True)
class NormalText:
    """A text in normal form, with breakpoints back to the original offsets."""

    text: str
    _normal_points: tuple[int, ...]
    _original_points: tuple[int, ...]

    @property
    def moves_offsets(self) -> bool:
        """Whether an offset of the normal text is another in the original."""
        return self._normal_points != (0,)

    def original_offset(self, normal_offset: int) -> int:
        index = bisect.bisect_right(self._normal_points, normal_offset) - 1
        return self._original_points[index] + normal_offset - self._normal_points[index]


def _normal_piece(piece: str) -> str:
    if piece.isspace():
        return " "
    return unicodedata.normalize("NFKC", piece.translate(_TYPOGRAPHY)).translate(_TYPOGRAPHY)


def _special_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of _SPECIAL's matches in `text`, as `_SPECIAL.finditer` finds them."""
    if "  " in text:  # a run of spaces: the rare text that needs the full scan
        for every in _SPECIAL.finditer(text):
            yield every.span()
        return
    done = 0
    hit = _UNUSUAL.search(text)
    while hit is not None:
        at = hit.start()
        match = _SPECIAL.match(text, at - 1) if at > done else None
        if match is None:
            match = _SPECIAL.match(text, at)
        if match is None:  # a control character that is not white space: kept as it is
            hit = _UNUSUAL.search(text, at + 1)
            continue
        done = match.end()
        yield match.span()
        hit = _UNUSUAL.search(text, done)


@functools.lru_cache(maxsize=1024)
def normalise(text: str) -> NormalText:
    """The text in normal form, with the way back to its offsets. Kept for the texts last
    asked for: the support checks read one statement's text several times over."""
    if text.isascii() and text.isprintable() and "  " not in text:
        return NormalText(text, (0,), (0,))  # most quotes: single spaces and plain letters
    spans = list(_special_spans(text))
    if not spans:  # most quotes: nothing to change
        return NormalText(text, (0,), (0,))
    pieces: list[str] = []
    normal_points, original_points = [0], [0]
    done = length = 0
    for start, end in spans:
        matched = text[start:end]
        pieces.append(text[done:start])
        length += start - done
        piece = _normal_piece(matched)
        pieces.append(piece)
        length += len(piece)
        done = end
        if len(piece) != end - start or (piece != matched and len(piece) > 1):
            # Inside a changed piece every position maps to its start; after it, 1:1 again
            # (a character changed for one other, a curly quote, needs no breakpoint).
            normal_points += [length - len(piece), length]
            original_points += [start, end]
    pieces.append(text[done:])
    return NormalText("".join(pieces), tuple(normal_points), tuple(original_points))


def normal(text: str) -> str:
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()  # normal already, as most quotes are (see `normalise`)
    return normalise(text).text.strip()


def quote_parts(quote: str) -> list[str]:
    """The parts of a normalised quote between elisions ('...' or '…')."""
    wanted = normal(quote)  # '…' is '...' in normal form
    if "..." not in wanted:
        return [wanted] if wanted else []
    return [part for part in _ELISION.split(wanted) if part]


def word_count(parts: list[str]) -> int:
    """The number of words in a quote's parts (see `quote_parts`)."""
    return sum(len(part.split()) for part in parts)


@dataclass(frozen=True)
class Span:
    """Where a quote stands, in offsets of the normalised text: [start, end)."""

    start: int
    end: int


# Whole words. A quote, each part of an elided quote, a prefix and a suffix begin and end
# at word edges of the source: "stable" inside "unstable" is not a quote of it. Words are
# letters, digits and combining marks of any script (Arabic harakat are marks), so
# "Hezbollah" stands whole in "(Hezbollah)", "Hezbollah's" and "Hezbollah-backed"; a comma
# or full stop between digits is inside a number ("1,000", "3.5"). Dashes and hyphens
# separate words: normalising has made every dash a hyphen, so a compound cannot be told
# from "storm—and".


def _in_word(text: str, index: int) -> bool:
    char = text[index]
    if char.isalnum() or (not char.isascii() and unicodedata.category(char)[0] in "LNM"):
        return True
    return (
        char in ".,"
        and 0 < index < len(text) - 1
        and text[index - 1].isdigit()
        and text[index + 1].isdigit()
    )


def cuts_word(text: str, offset: int) -> bool:
    """Does an edge at `offset` fall inside a word of `text`?"""
    return 0 < offset < len(text) and _in_word(text, offset - 1) and _in_word(text, offset)


def word_at(text: str, offset: int) -> Span:
    """The word around an offset that `cuts_word`."""
    start = end = offset
    while start > 0 and _in_word(text, start - 1):
        start -= 1
    while end < len(text) and _in_word(text, end):
        end += 1
    return Span(start, end)


def _smallest_period(part: str) -> int:
    """The smallest p such that part[i] == part[i + p] throughout (Knuth-Morris-Pratt)."""
    border = [0] * (len(part) + 1)
    border[0] = -1
    k = -1
    for i, char in enumerate(part):
        while k >= 0 and part[k] != char:
            k = border[k]
        k += 1
        border[i + 1] = k
    return len(part) - border[len(part)]


def all_starts(text: str, part: str) -> Iterator[int]:
    """Every start of `part` in `text`, overlapping ones too, in time linear in both.

    Searching again from each start + 1 would cost the part's length per start: for a
    part that overlaps itself ("a a a") in a text made of it, their product. Two starts
    closer than the part's length make it periodic, and then the next start is either one
    period on, proven by comparing one period of new text, or past the overlap."""
    size = len(part)
    period, last_period = 0, ""  # worked out at the first overlap: most parts never overlap
    found = text.find(part) if size else -1
    while found >= 0:
        yield found
        if not period:
            after = text.find(part, found + 1)
            if after < 0 or after >= found + size:
                found = after
                continue
            period = _smallest_period(part)
            last_period = part[size - period :]
        if text.startswith(last_period, found + size):
            found += period
        else:
            found = text.find(part, found + size - period + 1)


def word_starts(text: str, part: str) -> list[int]:
    """The starts of `part` in `text` where it begins and ends at word edges."""
    size = len(part)
    return [
        start
        for start in all_starts(text, part)
        if not cuts_word(text, start) and not cuts_word(text, start + size)
    ]


class _Later:
    """The first start of a part at or after an offset. The last answer is kept: it holds
    for every offset between the one asked and the start found, so that asking again from
    offsets that only grow reads each stretch of text once."""

    def __init__(self, text: str, part: str, whole_words: bool) -> None:
        self.text, self.part, self.whole_words = text, part, whole_words
        self.asked, self.found = 0, -1  # found: -1 not looked for yet, -2 none at all

    def at_or_after(self, offset: int) -> int:
        if self.asked <= offset and (self.found == -2 or offset <= self.found):
            return self.found
        found = self.text.find(self.part, offset)
        if self.whole_words:
            size = len(self.part)
            while found >= 0 and (
                cuts_word(self.text, found) or cuts_word(self.text, found + size)
            ):
                found = self.text.find(self.part, found + 1)
        self.asked, self.found = offset, found if found >= 0 else -2
        return self.found


class _Among:
    """The first of some given offsets at or after an offset (see `_Later`)."""

    def __init__(self, offsets: list[int]) -> None:
        self.offsets = offsets

    def at_or_after(self, offset: int) -> int:
        index = bisect.bisect_left(self.offsets, offset)
        return self.offsets[index] if index < len(self.offsets) else -2


def _chains(
    text: str, parts: list[str], whole_words: bool = True, firsts: list[int] | None = None
) -> Iterator[list[int]]:
    """The starts of the parts wherever they stand in order, each within ELISION_WINDOW
    of the one before: left to right, and each place after the last one's end.

    Each later part is taken at its first start after the part before (the earliest leaves
    the most room for the next). A place that fails does not send the search one character
    on: when part i stands too far on, at t, no later place has part i before t, so part
    i - 1 must begin at or after t - the window - its length, and so back to the first
    part, each at its first start past that bound. `firsts`, when given, are the only
    offsets (in order) where the first part may start."""
    later: list[_Later | _Among] = [_Later(text, part, whole_words) for part in parts]
    if firsts is not None:
        size = len(parts[0])
        later[0] = _Among(
            [
                first
                for first in firsts
                if text.startswith(parts[0], first)
                and not (whole_words and (cuts_word(text, first) or cuts_word(text, first + size)))
            ]
        )
    offset = 0
    while (first := later[0].at_or_after(offset)) >= 0:
        starts, end = [first], first + len(parts[0])
        for number in range(1, len(parts)):
            start = later[number].at_or_after(end)
            if start < 0:  # no later place can have this part: none is left
                return
            if start > end + ELISION_WINDOW:
                offset = _bound(later, parts, starts, start)
                break
            starts.append(start)
            end = start + len(parts[number])
        else:
            yield starts
            offset = end
        if offset < 0:
            return


def _bound(later: list[_Later | _Among], parts: list[str], starts: list[int], far: int) -> int:
    """Where the next place may begin, after the place at `starts` failed: its next part
    stands at `far`, too far on. Each part of a later place stands at or after where this
    one's did (the parts before it stand later), and within the window of the next part's
    bound; -2 when no part has a start there."""
    bound = far
    for number in range(len(starts) - 1, -1, -1):
        lowest = starts[number] + (1 if number == 0 else 0)
        bound = later[number].at_or_after(max(lowest, bound - ELISION_WINDOW - len(parts[number])))
        if bound < 0:
            return -2
    return bound


def find_spans(text: str, parts: list[str], firsts: list[int] | None = None) -> list[Span]:
    """Every place where the parts stand in order, close together, each as whole words
    (an elided quote's places counted left to right, none overlapping the one before);
    only those starting at one of `firsts` (in order), when given."""
    if not parts:  # a quote of no visible words stands nowhere
        return []
    if len(parts) == 1 and firsts is None:  # most quotes: no elision to follow
        size = len(parts[0])
        return [Span(start, start + size) for start in word_starts(text, parts[0])]
    chains = _chains(text, parts, firsts=firsts)
    return [Span(starts[0], starts[-1] + len(parts[-1])) for starts in chains]


@dataclass(frozen=True)
class WordCut:
    """Where a quote stands if words may be cut, and the word it cuts: which part of an
    elided quote (None for a quote of one part), and how, "starts inside the word 'unstable'"."""

    span: Span
    part: int | None
    how: str


def word_cut(text: str, parts: list[str]) -> WordCut | None:
    """For a quote not found as whole words but found if words may be cut: the first such
    place, and the word it cuts."""
    for starts in _chains(text, parts, whole_words=False):
        for number, (part, start) in enumerate(zip(parts, starts, strict=True)):
            for edge, where in ((start, "starts"), (start + len(part), "ends")):
                if cuts_word(text, edge):
                    word = word_at(text, edge)
                    return WordCut(
                        Span(starts[0], starts[-1] + len(parts[-1])),
                        number + 1 if len(parts) > 1 else None,
                        f"{where} inside the word '{text[word.start : word.end]}'",
                    )
    return None


def after_prefix(text: str, prefix: str) -> list[int]:
    """The offsets right after the prefix, and after the space following it (whole words)."""
    before = normal(prefix)
    ends = {start + len(before) for start in word_starts(text, before)}
    return sorted(ends | {end + 1 for end in ends if text[end : end + 1] == " "})


def pin(text: str, spans: list[Span], prefix: str | None, suffix: str | None) -> list[Span]:
    """The spans that stand right after `prefix` and right before `suffix` (whole words)."""
    after = normal(suffix) if suffix else ""
    if prefix and normal(prefix):  # the normal text has at most one space between words
        ends = set(after_prefix(text, prefix))
        spans = [span for span in spans if span.start in ends]
    if after:
        starts = set(word_starts(text, after))
        starts |= {start - 1 for start in starts if text[start - 1 : start] == " "}
        spans = [span for span in spans if span.end in starts]
    return spans


CLOSEST_ALIGNED = 4000  # characters of text aligned with a long quote to find its closest passage
# Up to this length, rapidfuzz aligns a quote with a whole text in time linear in the text
# (one machine word per character of the quote); beyond, in time near their product.
SHORT_QUOTE = 64
# Characters of a quote that are aligned with its window: the alignment costs their length
# times the window's (4,000), 0.2 s for a quote of 2,000 characters, 0.01 s for one of 500.
ALIGNED_QUOTE = 500


# A word found more often than this in a text says nothing of where in it a quote stands
# ("the", "of"); passing over it keeps placing a quote linear in the quote, not the text.
COMMON_WORD = 1000


@functools.lru_cache(maxsize=4)
def _text_words(text: str) -> tuple[list[int], list[str], dict[str, list[int]]]:
    """The words of a text (their starts and themselves) and where each word stands, made
    once per text: placing each of many quotes not found scanned the whole text again."""
    starts: list[int] = []
    words: list[str] = []
    where: dict[str, list[int]] = {}
    for index, match in enumerate(re.finditer(r"\S+", text)):
        starts.append(match.start())
        words.append(match.group())
        where.setdefault(match.group(), []).append(index)
    return starts, words, where


def _window(text: str, wanted: str) -> Span:
    """The stretch of text that shares the most pairs of neighbouring words with the quote
    (aligning a long quote with a long text costs their product), found from the places of
    the quote's words in the text: in time linear in the quote, not the text."""
    starts, words, where = _text_words(text)
    quote_words = wanted.split()
    pairs = set(zip(quote_words, quote_words[1:], strict=False))
    # A shared pair of words says more than a shared word.
    hits: dict[int, int] = {}
    for word in set(quote_words):
        places = where.get(word, [])
        if len(places) > COMMON_WORD:
            continue
        for index in places:
            if index + 1 < len(words):
                hits[index] = 1 + 2 * ((word, words[index + 1]) in pairs)
    size = max(1, len(quote_words))
    best = best_at = score = 0
    ends = sorted(hits)
    first = 0
    for index in ends:
        score += hits[index]
        while ends[first] <= index - size:
            score -= hits[ends[first]]
            first += 1
        if score > best:
            best, best_at = score, max(0, index - size + 1)
    start = starts[best_at] if starts else 0
    margin = max(0, (CLOSEST_ALIGNED - len(wanted)) // 2)
    return Span(max(0, start - margin), min(len(text), start + len(wanted) + margin))


def closest_passage(text: str, quote: str) -> Span:
    """The passage of a text most like the quote, widened to whole words. A long quote is
    placed by its beginning: the stretch of text most like its first CLOSEST_ALIGNED
    characters, then where in it its first ALIGNED_QUOTE characters align best, as long as
    the quote from there. Aligning a quote whole costs the product of its length and the
    text's (a quoted word of 100,000 characters against a source of as many did not finish
    in 300 s; a hundred quotes of 2,000 characters, 20 s)."""
    from rapidfuzz import fuzz  # only for a quote not found

    wanted = " ".join(quote_parts(quote))[:CLOSEST_ALIGNED]
    window = Span(0, len(text))
    if len(wanted) > SHORT_QUOTE and len(text) > CLOSEST_ALIGNED:
        window = _window(text, wanted)
    aligned = wanted[:ALIGNED_QUOTE]
    alignment = fuzz.partial_ratio_alignment(aligned, text[window.start : window.end])
    if alignment is None:
        return Span(0, min(len(text), len(wanted)))
    end = alignment.dest_end + len(wanted) - len(aligned)
    return widened(
        text, Span(window.start + alignment.dest_start, min(window.end, window.start + end))
    )


def widened(text: str, span: Span) -> Span:
    """A passage widened to the whole words at its edges: a closest passage is shown so."""
    start, end = span.start, span.end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return Span(start, end)
