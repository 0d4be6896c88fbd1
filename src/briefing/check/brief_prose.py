"""A brief's prose, parsed once: the check's blocks, and the Markdown tree the views set.

markdown-it parses in two halves: the blocks (paragraphs, lists, quotes, tables, with their
lines), then the inline text of each block (emphasis, code, links). The check needs only the
first half (briefing.check.prose reads citations, links and quoted phrases from the lines of
each paragraph); the site and the PDF need the tree. `Prose.tree` runs the second half on the
check's own tokens, the first time a view asks, and keeps it: the check, the site and every
PDF of a run read one parse of each brief.

Before the inline half, each citation group, [[link]] and judgment marker that the check
found is swapped for a placeholder, which the inline parser reads as plain text: Markdown
cannot take apart what it stands for (a quote's `*` or `_`, a link's brackets). A view puts
back its own nodes for `held[n]` where the text says placeholder n.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from briefing.check.prose import (
    BLOCK_MARKERS,
    JUDGMENT,
    LINK,
    Block,
    BlockRead,
    ProseCitation,
    citation_end,
    link_label,
    read_blocks,
)
from briefing.problems import Problem

# The second half of the parse: markdown-it's inline rules, on block tokens made already.
INLINE_PARSER = MarkdownIt("commonmark").enable("table").disable(["normalize", "block"])
# A block with more "[" than this has its links and images read as plain text: markdown-it
# takes each "[" for the start of a link and looks for its end, in time that grows with the
# square of their number (fuzz seed 1441582: 388,840 "[@" in a heading, 14 s to render; a
# paragraph of 100 takes a millisecond). No paragraph written by hand has a hundred links.
MAX_LINK_OPENERS = 100
_LINKLESS_PARSER = (
    MarkdownIt("commonmark").enable("table").disable(["normalize", "block", "link", "image"])
)
_OPEN, _CLOSE = "\ue000", "\ue001"
PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_PRIVATE = re.compile(f"[{_OPEN}{_CLOSE}]")  # never a placeholder of the analyst's making
_LINE_START = re.compile(r"\s*([-*+]|\d+[.)]|>)?\s*")
MAX_INLINE_NESTING = 20  # markdown-it's own limit for blocks, in CommonMark mode
_TEXT_BLOCKS = ("code_block", "fence", "html_block")  # blocks whose content is their text


@dataclass(frozen=True)
class CitationGroup:
    """Citations written together in one [...]: one place of notes."""

    citations: tuple[ProseCitation, ...]


@dataclass(frozen=True)
class RecordLink:
    """A [[link]] to a record, with the label the brief gives it, if any."""

    target_id: str
    label: str | None


@dataclass(frozen=True)
class JudgmentMark:
    """The [judgment: ...] that opens a paragraph of the analyst's own judgment, or the
    [editorial] that opens one about the briefing itself (no confidence)."""

    confidence: str | None


Held = CitationGroup | RecordLink | JudgmentMark


@dataclass(frozen=True)
class ProseTree:
    """A brief's body as markdown-it's tree. Placeholder n in its text stands for `held[n]`,
    in the order the brief reads; `raw[n]` is what the brief wrote there (a code span shows
    it as written)."""

    root: SyntaxTreeNode
    held: tuple[Held, ...]
    raw: tuple[str, ...]


@dataclass
class Prose:
    """A brief's prose: what the check read (`read`), and the tree made from it for the views."""

    read: BlockRead
    _tree: ProseTree | None = field(default=None, repr=False)

    @property
    def blocks(self) -> list[Block]:
        return self.read.blocks

    @property
    def problems(self) -> list[Problem]:
        return self.read.problems

    def tree(self) -> ProseTree:
        """The whole parse, made the first time a view asks (`briefing check` alone never
        needs it) and kept: the site and every PDF read this one."""
        if self._tree is None:
            self._tree = _complete(self.read)
        return self._tree


def read_prose(body: str, path: str, first_line: int) -> Prose:
    """A brief's body, read for the check (see briefing.check.prose.read_blocks)."""
    return Prose(read_blocks(body, path, first_line))


class _Holder:
    """The placeholders of one brief, in the order they are made."""

    def __init__(self) -> None:
        self.held: list[Held] = []
        self.raw: list[str] = []

    def hold(self, held: Held, raw: str) -> str:
        self.held.append(held)
        self.raw.append(raw)
        return f"{_OPEN}{len(self.held) - 1}{_CLOSE}"


def _spans(block: Block) -> list[tuple[int, int, Held]]:
    """(start, end, what) of each citation group, link and judgment marker of a block, in
    its text, in order; a link inside a citation's quote is the citation's."""
    text = block.text
    spans: list[tuple[int, int, Held]] = []
    groups: dict[int, list[ProseCitation]] = {}
    for citation in block.citations:
        groups.setdefault(citation.start, []).append(citation)
    for start, citations in groups.items():
        spans.append((start, citation_end(text, start), CitationGroup(tuple(citations))))
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    for target_id, origin in block.links:  # placed by prose.py: never in a code span
        offset = starts[origin.line - block.origin.line] + origin.column - 1
        match = LINK.match(text, offset)
        if match:
            spans.append((offset, match.end(), RecordLink(target_id, link_label(match[1]))))
    prefix = BLOCK_MARKERS.match(text)
    after = prefix.end() if prefix else 0
    marker = JUDGMENT.match(text[after:])
    if marker and (block.judgment or block.editorial):
        spans.append((after, after + marker.end(), JudgmentMark(block.judgment)))
    kept: list[tuple[int, int, Held]] = []
    position = 0
    for start, end, held in sorted(spans, key=lambda span: span[0]):
        if start >= position:
            kept.append((start, end, held))
            position = end
    return kept


class _Lines:
    """Where each line of a block's text is in its inline content. markdown-it takes list
    markers, '>' and indentation off the start of each line (and white space off the ends of
    the whole): each line of the content is the end of its line of text, or, where a tab was
    partly taken, some spaces and that end."""

    def __init__(self, text: str, content: str) -> None:
        self.text_starts: list[int] = []
        self.taken: list[int] = []  # characters taken off the line's start
        self.content_starts: list[int] = []
        self.ends: list[int] = []
        self.matched = True
        lines, kept_lines = text.split("\n"), content.split("\n")
        if len(lines) != len(kept_lines):
            self.matched = False  # the check's lines are markdown-it's: never so
            return
        start = content_start = 0
        for number, (line, kept) in enumerate(zip(lines, kept_lines, strict=True)):
            line = line.replace("\0", "\ufffd")  # as markdown-it reads it
            last = line.rstrip(MD_TRIM_CHARS) if number == len(lines) - 1 else line
            self.matched = self.matched and last.endswith(kept.lstrip(" "))
            self.text_starts.append(start)
            self.taken.append(len(last) - len(kept))
            self.content_starts.append(content_start)
            self.ends.append(content_start + len(kept))
            start, content_start = start + len(line) + 1, content_start + len(kept) + 1

    def __call__(self, offset: int) -> int:
        """Where an offset of the text is in the content: a place inside what was taken
        off a line's start is the start of that line's content."""
        number = bisect.bisect_right(self.text_starts, offset) - 1
        column = max(0, offset - self.text_starts[number] - self.taken[number])
        return min(self.content_starts[number] + column, self.ends[number])


def _held_content(block: Block, content: str, holder: _Holder) -> str:
    """A paragraph's inline content with its citations, links and judgment marker held."""
    place = _Lines(block.text, content)
    if not place.matched:
        return _PRIVATE.sub("", content)
    pieces, position = [], 0
    for start, end, held in _spans(block):
        start, end = place(start), place(end)
        before = content[position:start]
        if isinstance(held, CitationGroup):
            before = _tuck(before)
        pieces += [_PRIVATE.sub("", before), holder.hold(held, content[start:end])]
        position = end
    pieces.append(_PRIVATE.sub("", content[position:]))
    return "".join(pieces)


def _complete(read: BlockRead) -> ProseTree:
    """The inline half of the parse, on the check's tokens; those it changes are copies (the
    check's stay as they are, for the next check of an unchanged brief)."""
    tokens = list(read.tokens)
    holder = _Holder()
    blocks = dict(zip(read.inline_at, read.blocks, strict=True))
    for number, token in enumerate(tokens):
        if token.type == "inline":
            block = blocks.get(number)
            content = token.content
            held = _held_content(block, content, holder) if block else _PRIVATE.sub("", content)
            tokens[number] = token.copy(content=held, children=[])
        elif token.type in _TEXT_BLOCKS:
            tokens[number] = token.copy(content=_PRIVATE.sub("", token.content))
    # each parser parses the inline content of its own blocks (in place, in their tokens)
    plain: list[Token] = []
    crowded: list[Token] = []
    for token in tokens:
        crowd = token.type == "inline" and token.content.count("[") > MAX_LINK_OPENERS
        (crowded if crowd else plain).append(token)
    env = dict(read.env)
    for parser, mine in ((INLINE_PARSER, plain), (_LINKLESS_PARSER, crowded)):
        if mine:
            parser.core.process(StateCore("", parser, env, mine))
    return ProseTree(SyntaxTreeNode(_flattened(tokens)), tuple(holder.held), tuple(holder.raw))


def _flattened(tokens: list[Token]) -> list[Token]:
    """The tokens, with the inline content of any block whose emphasis nests deeper than
    MAX_INLINE_NESTING kept as its plain text. markdown-it bounds the nesting of blocks but
    not of emphasis: 3,000 underscores around a word nest 3,000 deep, and the syntax tree
    is built by recursion."""
    for token in tokens:
        depth = deepest = 0
        for child in token.children or ():
            depth += child.nesting
            deepest = max(deepest, depth)
        if deepest > MAX_INLINE_NESTING:
            token.children = [Token("text", "", 0, content=token.content)]
    return tokens


def _tuck(before: str) -> str:
    """The text before a citation without its trailing space: the note mark follows the word."""
    stripped = before.rstrip(" \t\n")
    last_line = stripped.rsplit("\n", 1)[-1]
    if not stripped or _LINE_START.fullmatch(last_line):
        return before  # the citation opens its line: nothing to tuck it against
    return stripped
