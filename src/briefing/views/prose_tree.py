"""Brief prose -> the nodes that the PDF's Typst template sets: data, never Typst markup.

The analyst's Markdown is parsed as prose.py parses it (markdown-it, CommonMark with tables).
Citations, [[links]] and judgment markers are first swapped for placeholders, which the
Markdown parser reads as plain text, and come back as nodes of their own. Every text ends as a
JSON string that the template shows as text, so no character of a brief, a record or a source
can become markup, whatever Typst makes of `# $ * _ @ < > [ ] \\ ~ = - + /`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from briefing.check.prose import (
    BLOCK_MARKERS,
    JUDGMENT,
    LINK,
    PARSER,
    Block,
    ProseCitation,
    citation_end,
    link_label,
)
from briefing.check.quotes import CONTROLS, visible_controls

# A node is a text, or a dict whose "t" says what it is; the template sets each kind.
Node = str | dict[str, Any]
Inline = list[Node]

_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_PRIVATE = re.compile(f"[{_OPEN}{_CLOSE}]")
_LINE_START = re.compile(r"\s*([-*+]|\d+[.)]|>)?\s*")
_TAG = re.compile(r"<[^>]*>")
_SAFE_URL = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)
# A link within the site: no scheme (nothing before a ':' that could name one, the URL
# standard's scheme grammar) and no host ('//' or a backslash, which browsers read as '/').
_IN_SITE = re.compile(r"^(?![a-z][a-z0-9+.-]*:)(?![/\\]{2})[^\\\s\x00-\x1f]*$", re.IGNORECASE)


def _shown(text: str) -> str:
    """Bidi and control characters shown as [U+202E], as the site shows them, not obeyed."""
    return visible_controls(text)


def clean(value: object) -> str:
    """Text from a record, on one line, with its control characters shown. Text in a
    right-to-left script is isolated (FSI...PDI), so that it cannot reorder the words set
    around it: "Al-Manar, حزب الله, 4 March" would otherwise read "4 ,حزب الله March"."""
    text = " ".join(_shown(str(value)).split())
    if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
        return f"\u2068{text}\u2069"
    return text


def _one_line(value: str) -> str:
    return " ".join(_shown(value).split())


def _join(nodes: Iterator[Node]) -> Inline:
    """Adjacent texts as one, so that the data stays small and the template simple."""
    joined: Inline = []
    for node in nodes:
        if isinstance(node, str) and joined and isinstance(joined[-1], str):
            joined[-1] += node
        elif node != "":
            joined.append(node)
    # Typst sets every space of a string: a dropped HTML tag must not leave two.
    return [re.sub(" {2,}", " ", node) if isinstance(node, str) else node for node in joined]


class ProseConverter:
    """One brief's body -> block nodes, with citations as notes and links as references.

    `cite` turns the citations of one group into its note nodes; `link` turns a record id
    into the node that names (and, where the record is printed, links) it.
    """

    def __init__(
        self,
        cite: Callable[[list[ProseCitation]], Inline],
        link: Callable[[str, str | None], Node],
        web: bool = False,
    ) -> None:
        self.cite, self.link = cite, link
        # For the site (web): raw HTML stays as its text and in-site links stay links; the
        # site escapes every text itself, so a code span's words are not isolated for Typst.
        self.web = web
        self.clean: Callable[[str], str] = _one_line if web else clean
        self.parts: list[Inline] = []  # what each placeholder stands for
        self.raw: list[str] = []  # and the words it replaced, for code spans

    def convert(self, body: str, body_line: int, blocks: list[Block]) -> list[Node]:
        lines = [_PRIVATE.sub("", line) for line in body.split("\n")]
        rendered = [self._block(block) for block in blocks]  # in order of reading
        # From the last block up, so that the lines of earlier blocks stay where they were.
        for block, text in reversed(list(zip(blocks, rendered, strict=True))):
            first = block.origin.line - body_line
            count = block.text.count("\n") + 1
            lines[first : first + count] = text.split("\n")
        tokens = _flattened(PARSER.parse("\n".join(lines)))
        return self._blocks(SyntaxTreeNode(tokens))

    # Placeholders ---------------------------------------------------------------------------

    def _hold(self, nodes: Inline, raw: str) -> str:
        self.parts.append(nodes)
        self.raw.append(raw)
        return f"{_OPEN}{len(self.parts) - 1}{_CLOSE}"

    def _spans(self, block: Block) -> list[tuple[int, int, Inline]]:
        """(start, end, nodes) of each citation group, link and judgment marker of a block."""
        text, spans = block.text, []
        groups: dict[int, list[ProseCitation]] = {}
        for citation in block.citations:
            groups.setdefault(citation.start, []).append(citation)
        for start, citations in groups.items():
            spans.append((start, citation_end(text, start), self.cite(citations)))
        starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        for target_id, origin in block.links:  # placed by prose.py: never in a code span
            offset = starts[origin.line - block.origin.line] + origin.column - 1
            match = LINK.match(text, offset)
            if match:
                spans.append((offset, match.end(), [self.link(target_id, link_label(match[1]))]))
        prefix = BLOCK_MARKERS.match(text)
        after = prefix.end() if prefix else 0
        marker = JUDGMENT.match(text[after:])
        if marker and block.judgment:
            judgment: Node = {"t": "judgment", "confidence": block.judgment}
            spans.append((after, after + marker.end(), [judgment]))
        return sorted(spans, key=lambda span: span[0])

    def _block(self, block: Block) -> str:
        text, pieces, position = block.text, [], 0
        for start, end, nodes in self._spans(block):
            if start < position:
                continue  # a link inside a citation's quote: the citation has it
            before = text[position:start]
            if nodes and isinstance(nodes[0], dict) and nodes[0]["t"] == "notes":
                before = _tuck(before)
            pieces += [_PRIVATE.sub("", before), self._hold(nodes, text[start:end])]
            position = end
        pieces.append(_PRIVATE.sub("", text[position:]))
        return "".join(pieces)

    def _restore(self, text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: self.raw[int(m.group(1))], text)

    # Markdown tree -> nodes -----------------------------------------------------------------

    def _blocks(self, tree: SyntaxTreeNode) -> list[Node]:
        headings = [int(n.tag[1:]) for n in tree.walk() if n.type == "heading"]
        shift = 2 - min(headings, default=2)  # the brief's title is level 1: its sections 2
        return [node for child in tree.children for node in self._block_node(child, shift)]

    def _block_node(self, node: SyntaxTreeNode, shift: int) -> Iterator[Node]:
        kind = node.type
        if kind == "paragraph":
            content = self._inline(node.children[0]) if node.children else []
            judgment = None
            marker = content[0] if content else None
            if isinstance(marker, dict) and marker["t"] == "judgment":
                judgment = marker["confidence"]
                content.pop(0)
                if content and isinstance(content[0], str):
                    content[0] = content[0].lstrip()
            yield {"t": "p", "c": content, "judgment": judgment}
        elif kind == "heading":
            level = min(int(node.tag[1:]) + shift, 4)
            yield {"t": "h", "level": level, "c": self._inline(node.children[0])}
        elif kind in ("bullet_list", "ordered_list"):
            items = [
                [n for child in item.children for n in self._block_node(child, shift)]
                for item in node.children
            ]
            start = node.attrs.get("start", 1)
            yield {"t": "list", "ordered": kind == "ordered_list", "start": start, "items": items}
        elif kind == "blockquote":
            content = [n for child in node.children for n in self._block_node(child, shift)]
            yield {"t": "quote", "c": content}
        elif kind in ("code_block", "fence"):
            yield {"t": "pre", "text": CONTROLS.sub("", self._restore(node.content))}
        elif kind == "hr":
            yield {"t": "hr"}
        elif kind == "html_block":
            raw = self._restore(node.content)
            text = self.clean(raw if self.web else _TAG.sub(" ", raw))
            if text:
                yield {"t": "p", "c": [text], "judgment": None}
        elif kind == "table":
            yield self._table(node)

    def _table(self, node: SyntaxTreeNode) -> Node:
        rows, header = [], 0
        for section in node.children:
            for row in section.children:
                cells = [cell.children[0] if cell.children else None for cell in row.children]
                rows.append([self._inline(cell) if cell else [] for cell in cells])
                header += section.type == "thead"
        return {"t": "table", "rows": rows, "header": header}

    def _inline(self, node: SyntaxTreeNode) -> Inline:
        return _join(n for child in node.children for n in self._inline_node(child))

    def _inline_node(self, node: SyntaxTreeNode) -> Iterator[Node]:
        kind = node.type
        if kind == "text":
            for number, piece in enumerate(_PLACEHOLDER.split(node.content)):
                if number % 2:
                    yield from self.parts[int(piece)]
                else:
                    yield _shown(piece)
        elif kind == "softbreak":
            yield " "
        elif kind == "hardbreak":
            yield {"t": "br"}
        elif kind in ("em", "strong"):
            yield {"t": kind, "c": self._inline(node)}
        elif kind == "code_inline":
            yield {"t": "code", "text": self.clean(self._restore(node.content))}
        elif kind == "link":
            href = str(node.attrs.get("href", ""))
            content = self._inline(node)
            if _SAFE_URL.match(href) or (self.web and _IN_SITE.match(href)):
                yield {"t": "link", "url": href, "c": content}
            else:  # a relative or scripted address means nothing on paper: its words stay
                yield from content
        elif kind == "image":
            yield {"t": "em", "c": self._inline(node) or ["image"]}
        elif kind == "html_inline" and self.web:
            yield _shown(node.content)  # the tag as its text; the words after it are their own
        # html_inline in the PDF: a tag dropped; the words between tags are text nodes


MAX_INLINE_NESTING = 20  # markdown-it's own limit for blocks, in CommonMark mode


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
