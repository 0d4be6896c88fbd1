"""Brief prose -> the nodes that the site and the PDF set: data, never markup.

The tree is the one parse of the brief (briefing.check.brief_prose: markdown-it, CommonMark
with tables), in which each citation group, [[link]] and judgment marker stands as a
placeholder; here each comes back as nodes of the view's own making (notes, a link or a
reference, a badge). Every text ends as a string that the view shows as text (the site
escapes it, the PDF's template sets it from JSON), so no character of a brief, a record or
a source can become markup, whatever Typst or Markdown make of `# $ * _ @ < > [ ] \\ ~ = - + /`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from markdown_it.tree import SyntaxTreeNode

from briefing.check.brief_prose import (
    PLACEHOLDER,
    CitationGroup,
    Held,
    JudgmentMark,
    Prose,
    ProseTree,
    RecordLink,
)
from briefing.check.prose import ProseCitation
from briefing.check.quotes import CONTROLS, visible_controls

# A node is a text, or a dict whose "t" says what it is; the template sets each kind.
Node = str | dict[str, Any]
Inline = list[Node]

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


def one_line(value: str) -> str:
    """Text from a record, on one line, with its control characters shown (see `clean`)."""
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
    """One brief's tree -> block nodes, with citations as notes and links as references.

    `cite` turns the citations of one group into its note nodes; `link` turns a record id
    (and the label the brief gives it) into the node that names (and, where the record is
    shown, links) it.
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
        self.clean: Callable[[str], str] = one_line if web else clean
        self.parts: list[Inline] = []  # what each placeholder stands for, in this view
        self.raw: tuple[str, ...] = ()  # and the words it replaced, for code spans
        self.block_makers: dict[str, Callable[[SyntaxTreeNode, int], Iterator[Node]]] = {
            "paragraph": self._paragraph,
            "heading": self._heading,
            "bullet_list": self._list,
            "ordered_list": self._list,
            "blockquote": self._quote,
            "code_block": self._code,
            "fence": self._code,
            "hr": self._rule,
            "html_block": self._html,
            "table": self._table,
        }

    def convert(self, prose: Prose | None) -> list[Node]:
        """The nodes of a brief's prose (none for a brief the check could not read)."""
        if prose is None:
            return []
        tree = prose.tree()
        # Every group is cited in the order the brief reads, before the tree is walked (a
        # view numbers its notes as it is asked), a citation inside a code span too.
        self.parts = [self._part(held) for held in tree.held]
        self.raw = tree.raw
        return self._blocks(tree)

    def _part(self, held: Held) -> Inline:
        if isinstance(held, CitationGroup):
            return self.cite(list(held.citations))
        if isinstance(held, RecordLink):
            return [self.link(held.target_id, held.label)]
        assert isinstance(held, JudgmentMark)
        return [{"t": "judgment", "confidence": held.confidence}]

    def _restore(self, text: str) -> str:
        return PLACEHOLDER.sub(lambda m: self.raw[int(m.group(1))], text)

    # Markdown tree -> nodes -----------------------------------------------------------------

    def _blocks(self, tree: ProseTree) -> list[Node]:
        headings = [int(n.tag[1:]) for n in tree.root.walk() if n.type == "heading"]
        shift = 2 - min(headings, default=2)  # the brief's title is level 1: its sections 2
        return [node for child in tree.root.children for node in self._block_node(child, shift)]

    def _block_node(self, node: SyntaxTreeNode, shift: int) -> Iterator[Node]:
        make = self.block_makers.get(node.type)
        return make(node, shift) if make else iter(())

    def _children(self, node: SyntaxTreeNode, shift: int) -> list[Node]:
        return [n for child in node.children for n in self._block_node(child, shift)]

    def _paragraph(self, node: SyntaxTreeNode, shift: int) -> Iterator[Node]:
        content = self._inline(node.children[0]) if node.children else []
        judgment, editorial = None, False
        marker = content[0] if content else None
        if isinstance(marker, dict) and marker["t"] == "judgment":
            judgment = marker["confidence"]
            editorial = judgment is None
            content.pop(0)
            if content and isinstance(content[0], str):
                content[0] = content[0].lstrip()
        yield {"t": "p", "c": content, "judgment": judgment, "editorial": editorial}

    def _heading(self, node: SyntaxTreeNode, shift: int) -> Iterator[Node]:
        level = min(int(node.tag[1:]) + shift, 4)
        yield {"t": "h", "level": level, "c": self._inline(node.children[0])}

    def _list(self, node: SyntaxTreeNode, shift: int) -> Iterator[Node]:
        items = [self._children(item, shift) for item in node.children]
        start = node.attrs.get("start", 1)
        ordered = node.type == "ordered_list"
        yield {"t": "list", "ordered": ordered, "start": start, "items": items}

    def _quote(self, node: SyntaxTreeNode, shift: int) -> Iterator[Node]:
        yield {"t": "quote", "c": self._children(node, shift)}

    def _code(self, node: SyntaxTreeNode, shift: int) -> Iterator[Node]:
        yield {"t": "pre", "text": CONTROLS.sub("", node.content)}

    def _rule(self, node: SyntaxTreeNode, shift: int) -> Iterator[Node]:
        yield {"t": "hr"}

    def _html(self, node: SyntaxTreeNode, shift: int) -> Iterator[Node]:
        raw = node.content
        text = self.clean(raw if self.web else _TAG.sub(" ", raw))
        if text:
            yield {"t": "p", "c": [text], "judgment": None, "editorial": False}

    def _table(self, node: SyntaxTreeNode, shift: int) -> Iterator[Node]:
        rows, header = [], 0
        for section in node.children:
            for row in section.children:
                cells = [cell.children[0] if cell.children else None for cell in row.children]
                rows.append([self._inline(cell) if cell else [] for cell in cells])
                header += section.type == "thead"
        yield {"t": "table", "rows": rows, "header": header}

    def _inline(self, node: SyntaxTreeNode) -> Inline:
        return _join(n for child in node.children for n in self._inline_node(child))

    def _inline_node(self, node: SyntaxTreeNode) -> Iterator[Node]:
        kind = node.type
        if kind == "text":
            for number, piece in enumerate(PLACEHOLDER.split(node.content)):
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
            yield from self._link(node)
        elif kind == "image":
            yield {"t": "em", "c": self._inline(node) or ["image"]}
        elif kind == "html_inline" and self.web:
            yield _shown(node.content)  # the tag as its text; the words after it are their own
        # html_inline in the PDF: a tag dropped; the words between tags are text nodes

    def _link(self, node: SyntaxTreeNode) -> Iterator[Node]:
        href = str(node.attrs.get("href", ""))
        content = self._inline(node)
        if _SAFE_URL.match(href) or (self.web and _IN_SITE.match(href)):
            yield {"t": "link", "url": href, "c": content}
        else:  # a relative or scripted address means nothing on paper: its words stay
            yield from content
