"""Brief prose -> blocks with their citations, record links and quoted phrases, each placed.

markdown-it-py gives the blocks (paragraphs, list items) with their lines; citations, links
and quoted phrases are then read from the raw lines of each block, so that every one of them
has an exact line and column in the brief's file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from briefing.problems import Origin, Problem

JUDGMENT = re.compile(r"^\[judgment:\s*([a-z]+)\]\s*")
CONFIDENCES = ("high", "moderate", "low")
# List markers and blockquote marks at the start of a block's raw text.
BLOCK_MARKERS = re.compile(r"^(\s*([-*+]|\d+[.)])\s+|\s*>\s?)+")
NEWLINE = re.compile("\n")
LINK = re.compile(r"\[\[([^\[\]\n]*)\]\]")
_CITATION_START = re.compile(r"\[@")
_ITEM = re.compile(r'\s*@([^\s,;\]"]+)\s*(?:,\s*"([^"]*)")?\s*([;\]])')
_PHRASE = re.compile(r'"([^"\n]+)"|\u201c([^\u201d\n]+)\u201d')
_SENTENCE_END = re.compile(r"[.!?][)\"\u201d\u2019']*\s+(?=[A-Z\"\u201c(\[])")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
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
    citations: tuple[ProseCitation, ...]
    links: tuple[tuple[str, Origin], ...]
    phrases: tuple[Phrase, ...]
    sentence_ends: tuple[int, ...]
    cites: bool  # the block tries to cite: a malformed citation is its own problem

    def sentence(self, offset: int) -> int:
        return bisect.bisect_right(self.sentence_ends, offset)

    def sources_cited_in_sentence(self, offset: int) -> set[str]:
        number = self.sentence(offset)
        return {c.source_id for c in self.citations if self.sentence(c.start) == number}


class _Placer:
    """Offsets in a block's text -> line and column in the file."""

    def __init__(self, path: str, text: str, first_line: int) -> None:
        self.path, self.first_line = path, first_line
        self.line_starts = [0, *(match.end() for match in NEWLINE.finditer(text))]

    def __call__(self, offset: int) -> Origin:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return Origin(self.path, self.first_line + line, offset - self.line_starts[line] + 1)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _read_citations(
    text: str, place: _Placer, problems: list[Problem]
) -> tuple[list[ProseCitation], str]:
    """The citations of a block, and its text with them blanked out."""
    citations: list[ProseCitation] = []
    blanked = text
    for group, start_match in enumerate(_CITATION_START.finditer(text)):
        start = start_match.start()
        position = start + 1
        found: list[ProseCitation] = []
        while True:
            item = _ITEM.match(text, position)
            if not item:
                problems.append(Problem(place(start), "malformed citation", _SYNTAX_HINT))
                closer_at = text.find("]", position)
                blanked = _blank(blanked, start, closer_at + 1 if closer_at >= 0 else len(text))
                found = []
                break
            source_id, quote, closer = item.groups()
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
            if closer == "]":
                blanked = _blank(blanked, start, position)
                break
        citations += found
    return citations, blanked


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


def read_block(text: str, origin: Origin, problems: list[Problem]) -> Block:
    place = _Placer(origin.path, text, origin.line)
    body = BLOCK_MARKERS.sub("", text)
    judgment = None
    marker = JUDGMENT.match(body)
    if marker:
        judgment = marker.group(1)
        if judgment not in CONFIDENCES:
            problems.append(
                Problem(
                    place(text.index(marker.group())),
                    f"unknown confidence '{judgment}'",
                    "write [judgment: high], [judgment: moderate] or [judgment: low]",
                )
            )
    citations, blanked = _read_citations(text, place, problems)
    for code in _CODE_SPAN.finditer(blanked):
        blanked = _blank(blanked, *code.span())
    links = tuple((m.group(1).strip(), place(m.start())) for m in LINK.finditer(blanked))
    for match in LINK.finditer(blanked):
        blanked = _blank(blanked, *match.span())
    phrases = tuple(
        Phrase(m.group(1) or m.group(2), place(m.start()), m.start(), m.end())
        for m in _PHRASE.finditer(blanked)
    )
    sentence_ends = []
    for match in _SENTENCE_END.finditer(blanked):
        # A citation right after a full stop belongs to the sentence it follows.
        if text.startswith("[@", match.end()):
            continue
        if any(p.start < match.start() < p.end for p in phrases):
            continue
        sentence_ends.append(match.end())
    return Block(
        text,
        origin,
        judgment,
        tuple(citations),
        links,
        phrases,
        tuple(sentence_ends),
        cites="[@" in text,
    )


PARSER = MarkdownIt("commonmark").enable("table")
# The checker needs only the blocks and their lines: inline parsing was most of its time.
_BLOCK_PARSER = MarkdownIt("commonmark").enable("table").disable("inline")


def read_blocks(body: str, path: str, first_line: int) -> tuple[list[Block], list[Problem]]:
    """The paragraphs of a brief's body, each with its citations, links and quoted phrases."""
    lines = body.split("\n")
    problems: list[Problem] = []
    blocks = []
    tokens = _BLOCK_PARSER.parse(body)
    in_table = 0
    for token in tokens:
        if token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        elif token.type == "paragraph_open" and token.map and not in_table:
            start, end = token.map
            text = "\n".join(lines[start:end])
            blocks.append(read_block(text, Origin(path, first_line + start, 1), problems))
    return blocks, problems
