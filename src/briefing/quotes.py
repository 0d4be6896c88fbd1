"""Finding a quote in a source's text, forgiving typography and nothing else.

Normalisation changes only what typing changes and meaning does not: Unicode compatibility
form (NFKC), curly and straight quotes and apostrophes, dashes, invisible formatting marks,
and runs of white space and line breaks. Case and words are kept. Positions found in the
normalised text map back to the original through a short list of breakpoints, so that a
match can be shown, linked and counted in the source's own lines.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

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
_SPECIAL = re.compile(r"\s{2,}|[^\S ]|[^\x00-\x7f]+")
_ELISION = re.compile(r"\s*\.\.\.\s*")
ELISION_WINDOW = 300  # normalised characters allowed between two parts of an elided quote


@dataclass(frozen=True)
class NormalText:
    """A text in normal form, with breakpoints back to the original offsets."""

    text: str
    _normal_points: tuple[int, ...]
    _original_points: tuple[int, ...]

    def original_offset(self, normal_offset: int) -> int:
        index = bisect.bisect_right(self._normal_points, normal_offset) - 1
        return self._original_points[index] + normal_offset - self._normal_points[index]


def _normal_piece(piece: str) -> str:
    if piece.isspace():
        return " "
    return unicodedata.normalize("NFKC", piece.translate(_TYPOGRAPHY)).translate(_TYPOGRAPHY)


def normalise(text: str) -> NormalText:
    if _SPECIAL.search(text) is None:  # most quotes: nothing to change
        return NormalText(text, (0,), (0,))
    pieces: list[str] = []
    normal_points, original_points = [0], [0]
    done = length = 0
    for match in _SPECIAL.finditer(text):
        start, end = match.span()
        pieces.append(text[done:start])
        length += start - done
        piece = _normal_piece(match.group())
        pieces.append(piece)
        length += len(piece)
        done = end
        if len(piece) != end - start or piece != match.group():
            # Inside a changed piece every position maps to its start; after it, 1:1 again.
            normal_points += [length - len(piece), length]
            original_points += [start, end]
    pieces.append(text[done:])
    return NormalText("".join(pieces), tuple(normal_points), tuple(original_points))


def normal(text: str) -> str:
    return normalise(text).text.strip()


def quote_parts(quote: str) -> list[str]:
    """The parts of a normalised quote between elisions ('...' or '…')."""
    return [part for part in _ELISION.split(normal(quote)) if part]


def word_count(parts: list[str]) -> int:
    """The number of words in a quote's parts (see `quote_parts`)."""
    return sum(len(part.split()) for part in parts)


@dataclass(frozen=True)
class Span:
    """Where a quote stands, in offsets of the normalised text: [start, end)."""

    start: int
    end: int


def _parts_from(text: str, parts: list[str], start: int) -> Span | None:
    """Later parts of an elided quote, each after the last and close to it."""
    end = start + len(parts[0])
    for part in parts[1:]:
        found = text.find(part, end, end + ELISION_WINDOW + len(part))
        if found < 0:
            return None
        end = found + len(part)
    return Span(start, end)


def find_spans(text: str, parts: list[str]) -> list[Span]:
    """Every place where the parts stand in order, close together."""
    spans = []
    start = text.find(parts[0])
    while start >= 0:
        span = _parts_from(text, parts, start)
        if span:
            spans.append(span)
        start = text.find(parts[0], start + 1)
    return spans


def pinned(text: str, span: Span, prefix: str | None, suffix: str | None) -> bool:
    """Does the span stand right after `prefix` and right before `suffix`?"""
    if prefix and not text[: span.start].rstrip().endswith(normal(prefix)):
        return False
    return not (suffix and not text[span.end :].lstrip().startswith(normal(suffix)))


def closest_passage(text: str, quote: str) -> Span:
    """The passage of a text most like the quote, widened to whole words."""
    wanted = " ".join(quote_parts(quote))
    alignment = fuzz.partial_ratio_alignment(wanted, text)
    if alignment is None:
        return Span(0, min(len(text), len(wanted)))
    start, end = alignment.dest_start, alignment.dest_end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return Span(start, end)
