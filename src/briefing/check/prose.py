"""Brief prose -> blocks with their citations, record links and quoted phrases, each placed.

markdown-it-py gives the blocks (paragraphs, list items) with their lines; citations, links
and quoted phrases are then read from the raw lines of each block, so that every one of them
has an exact line and column in the brief's file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing.problems import Origin, Problem

# What opens a paragraph that cites nothing: the analyst's judgment, with its confidence
# (group 1), or an editorial paragraph, about the briefing itself (group 1 empty).
JUDGMENT = re.compile(r"^\[(?:judgment:\s*([a-z]+)|editorial)\]\s*")
CONFIDENCES = ("high", "moderate", "low")
# List markers and blockquote marks at the start of a block's raw text.
BLOCK_MARKERS = re.compile(r"^(\s*([-*+]|\d+[.)])\s+|\s*>\s?)+")
NEWLINE = re.compile("\n")
LINK = re.compile(r"\[\[([^\[\]\n]*)\]\]")


def link_target(inside: str) -> str:
    """The id of `[[id]]` or `[[id|label]]`."""
    return inside.partition("|")[0].strip()


def link_label(inside: str) -> str | None:
    """The label of `[[id|label]]`, shown instead of the record's name: "The
    [[conference-board|Board]]" reads better than the name repeated."""
    return inside.partition("|")[2].strip() or None


_CITATION_START = re.compile(r"\[@")
# No white space on both sides of an optional part, and no '[' in an id: each of those
# made a long run of spaces, or of '[@', cost its square.
_ITEM = re.compile(r'\s*@([^\s,;\[\]"]+)\s*(?:,\s*"([^"]*)"\s*)?([;\]])')
# A curly quotation stops at the next opening mark: a line of many without their closing one
# cost its square.
_PHRASE = re.compile(r'"([^"\n]+)"|\u201c([^\u201c\u201d\n]+)\u201d')
_SENTENCE_END = re.compile(r"[.!?][)\"\u201d\u2019']*\s+(?=[A-Z\"\u201c(\[])")
_BACKTICKS = re.compile(r"`+")
_SYNTAX_HINT = 'write citations as [@source-id, "exact words"], several separated by ";"'


@dataclass(frozen=True)
class ProseCitation:
    source_id: str
    quote: str
    origin: Origin
    group: int  # citations written together in one [...] share a group number
    start: int  # offset in the block's text: which sentence it belongs to


@dataclass(frozen=True)
class Phrase:
    text: str
    origin: Origin
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A paragraph (or the paragraph of a list item) of a brief."""

    text: str  # the raw lines, markers included
    origin: Origin
    judgment: str | None
    editorial: bool  # about the briefing (its editions, method, scope), not a claim
    citations: tuple[ProseCitation, ...]
    links: tuple[tuple[str, Origin], ...]
    phrases: tuple[Phrase, ...]
    sentence_ends: tuple[int, ...]
    cites: bool  # the block tries to cite: a malformed citation is its own problem

    def sentence(self, offset: int) -> int:
        return bisect.bisect_right(self.sentence_ends, offset)

    @cached_property
    def _sources_by_sentence(self) -> dict[int, set[str]]:
        by_sentence: dict[int, set[str]] = {}
        for citation in self.citations:
            by_sentence.setdefault(self.sentence(citation.start), set()).add(citation.source_id)
        return by_sentence

    def sources_cited_in_sentence(self, offset: int) -> set[str]:
        return set(self._sources_by_sentence.get(self.sentence(offset), ()))


class _Placer:
    """Offsets in a block's text -> line and column in the file."""

    def __init__(self, path: str, text: str, first_line: int) -> None:
        self.path, self.first_line = path, first_line
        self.line_starts = [0, *(match.end() for match in NEWLINE.finditer(text))]

    def __call__(self, offset: int) -> Origin:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return Origin(self.path, self.first_line + line, offset - self.line_starts[line] + 1)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span's characters but line breaks made spaces, in one pass."""
    pieces, done = [], 0
    for start, end in sorted(spans):
        start = max(start, done)
        if start < end:
            lines = text[start:end].split("\n")  # a run of spaces a line: a regex took 1/3
            pieces += [text[done:start], "\n".join(" " * len(line) for line in lines)]
            done = end
    return "".join([*pieces, text[done:]])


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Code spans as CommonMark has them: from a run of backticks to the next run of the
    same length. A regular expression with a back reference took the cube of a long run."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(number)
    spans: list[tuple[int, int]] = []
    number = 0
    while number < len(runs):
        start, end = runs[number]
        same = by_length[end - start]
        later = bisect.bisect_right(same, number)
        if later < len(same):
            closer = same[later]
            spans.append((start, runs[closer][1]))
            number = closer + 1
        else:
            number += 1
    return spans


def _read_citations(
    text: str, place: _Placer, problems: list[Problem]
) -> tuple[list[ProseCitation], list[tuple[int, int]]]:
    """The citations of a block, and the spans they take."""
    citations: list[ProseCitation] = []
    taken: list[tuple[int, int]] = []
    closers = [m.start() for m in re.finditer(r"\]", text)]
    broken_to = -1  # the ']' that ends the last malformed citation (its index in closers)
    for group, start_match in enumerate(_CITATION_START.finditer(text)):
        start = start_match.start()
        position = start + 1
        found: list[ProseCitation] = []
        while True:
            item = _ITEM.match(text, position)
            if not item:
                closer = bisect.bisect_left(closers, position)
                if closer != broken_to:  # one problem for a broken stretch ("[@[@[@..."),
                    broken_to = closer  # not one for each of a million starts in it
                    problems.append(Problem(place(start), "malformed citation", _SYNTAX_HINT))
                    end = closers[closer] + 1 if closer < len(closers) else len(text)
                    taken.append((start, end))
                found = []
                break
            source_id, quote, closer_char = item.groups()
            if quote is None:
                problems.append(
                    Problem(
                        place(item.start(1) - 1),
                        f"citation of '{source_id}' has no quote",
                        'add the exact words that support the sentence: [@source-id, "words"]',
                    )
                )
            else:
                found.append(
                    ProseCitation(source_id, quote, place(item.start(1) - 1), group, start)
                )
            position = item.end()
            if closer_char == "]":
                taken.append((start, position))
                break
        citations += found
    return citations, taken


def citation_end(text: str, start: int) -> int:
    """The offset after the closing bracket of the citation group that opens at `start`."""
    inside_quote = False
    for position in range(start + 1, len(text)):
        char = text[position]
        if char == '"':
            inside_quote = not inside_quote
        elif char == "]" and not inside_quote:
            return position + 1
    return len(text)


def without_citations(text: str) -> str:
    """The text with each citation group ([@id, "quote"; ...]) and the space before it cut."""
    pieces, done = [], 0
    while (start := text.find("[@", done)) >= 0:
        pieces.append(text[done:start].rstrip())
        done = citation_end(text, start)
    return "".join([*pieces, text[done:]])


def read_block(text: str, origin: Origin, problems: list[Problem]) -> Block:
    place = _Placer(origin.path, text, origin.line)
    body = BLOCK_MARKERS.sub("", text)
    judgment = None
    marker = JUDGMENT.match(body)
    editorial = marker is not None and marker.group(1) is None
    if marker and not editorial:
        judgment = marker.group(1)
        if judgment not in CONFIDENCES:
            problems.append(
                Problem(
                    place(text.index(marker.group())),
                    f"unknown confidence '{judgment}'",
                    "write [judgment: high], [judgment: moderate] or [judgment: low]",
                )
            )
    citations, taken = _read_citations(text, place, problems)
    blanked = _blank(text, taken)
    blanked = _blank(blanked, _code_spans(blanked))
    links = tuple((link_target(m.group(1)), place(m.start())) for m in LINK.finditer(blanked))
    blanked = _blank(blanked, [m.span() for m in LINK.finditer(blanked)])
    phrases = tuple(
        Phrase(m.group(1) or m.group(2), place(m.start()), m.start(), m.end())
        for m in _PHRASE.finditer(blanked)
    )
    phrase_starts = [phrase.start for phrase in phrases]
    sentence_ends = []
    for match in _SENTENCE_END.finditer(blanked):
        # A citation right after a full stop belongs to the sentence it follows.
        if text.startswith("[@", match.end()):
            continue
        # Nor does a sentence end inside a quoted phrase (phrases do not overlap).
        before = bisect.bisect_left(phrase_starts, match.start()) - 1
        if before >= 0 and match.start() < phrases[before].end:
            continue
        sentence_ends.append(match.end())
    return Block(
        text,
        origin,
        judgment,
        editorial,
        tuple(citations),
        links,
        phrases,
        tuple(sentence_ends),
        cites="[@" in text,
    )


# The first half of markdown-it's parse: the blocks and their lines, which is all the check
# needs (inline parsing was most of its time). Its tokens are kept, and the views' tree
# (briefing.check.brief_prose) is the second half, run on them: a brief is parsed once.
BLOCK_PARSER = MarkdownIt("commonmark").enable("table").disable("inline")
# Line ends as markdown-it reads them: its lines, and so its blocks' lines, are these.
LINE_END = re.compile(r"\r\n?")


@dataclass(frozen=True)
class BlockRead:
    """A brief's body as the check reads it: its paragraphs, the problems found in them, and
    markdown-it's block tokens (with the link definitions the body makes, `env`), in which
    `inline_at[n]` is the inline token of `blocks[n]`."""

    blocks: list[Block]
    problems: list[Problem]
    tokens: list[Token]
    env: dict[str, Any]
    inline_at: list[int]


def read_blocks(body: str, path: str, first_line: int) -> BlockRead:
    """The paragraphs of a brief's body, each with its citations, links and quoted phrases."""
    body = LINE_END.sub("\n", body)
    lines = body.split("\n")
    problems: list[Problem] = []
    blocks, inline_at = [], []
    env: dict[str, Any] = {}
    tokens = BLOCK_PARSER.parse(body, env)
    in_table = 0
    for number, token in enumerate(tokens):
        if token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        elif token.type == "paragraph_open" and token.map and not in_table:
            start, end = token.map
            text = "\n".join(lines[start:end])
            blocks.append(read_block(text, Origin(path, first_line + start, 1), problems))
            inline_at.append(number + 1)
    return BlockRead(blocks, problems, tokens, env, inline_at)
