"""Brief prose nodes (briefing.views.prose_tree, the PDF's nodes too) -> Markdown for the site.

The analyst's Markdown is never copied to the site: it is parsed once, and the tree is
written back as Markdown in which every text is escaped (views.shared.escape_text), so that no
character of a brief can become markup in MkDocs and its extensions. What survives is what
the tree holds: paragraphs, headings, lists, quotes, code, rules, tables, emphasis, links to
http(s), mailto and pages of the site. Raw HTML shows as its text; images show their text;
attr_list, md_in_html, abbreviations and footnotes written by hand are plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from briefing.analysis.rests import name_of, paragraph_anchor
from briefing.analysis.synthesis import Synthesis
from briefing.check.prose import ProseCitation
from briefing.records.model import Brief
from briefing.views.prose_tree import Inline, Node, ProseConverter
from briefing.views.shared import escape_text, page_of, relative, site_url
from briefing.views.site.notes import Notes

BADGE = '<span class="judgment-badge">Judgment · {} confidence</span>'
_INDENT = " " * 4  # Python-Markdown nests a block in a list item by four spaces


def prose_markdown(
    nodes: list[Node], escape: Callable[[object], str], url: Callable[[str], str]
) -> str:
    """`escape` makes a text Markdown that shows it; `url` makes a link target safe."""
    return _Writer(escape, url).blocks(nodes)


def brief_markdown(synthesis: Synthesis, brief: Brief, page: str, notes: Notes) -> str:
    """The analyst's Markdown, parsed (the check's parse) and written again with every text
    escaped: citations become notes, [[links]] links, judgment markers badges, and
    nothing else the analyst wrote (HTML, attributes, scripted links) becomes markup."""
    blocks = synthesis.index.blocks.get(brief.record_id, [])
    # The line each block starts on, by each of its lines: a paragraph's id on the page,
    # set where its first citation is written (what rests on a source links it).
    starts = {
        block.origin.line + n: block.origin.line
        for block in blocks
        for n in range(block.text.count("\n") + 1)
    }
    anchored: set[int] = set()

    def cite(citations: list[ProseCitation]) -> list[Node]:
        node: dict[str, Any] = {
            "t": "notes",
            "refs": notes.cite_block(c.origin for c in citations)
            + notes.withdrawn_block(c.source_id for c in citations),
        }
        start = starts.get(citations[0].origin.line) if citations else None
        if start is not None and start not in anchored:
            anchored.add(start)
            node["anchor"] = paragraph_anchor(start)
        return [node]

    made: set[str] = set()  # the [[links]]' targets, relative to the page

    def link(record_id: str, label: str | None = None) -> Node:
        record = synthesis.record(record_id)
        if record is None:
            return label or record_id
        made.add(target := relative(page, page_of(record)))
        return {"t": "link", "url": target, "c": [label or name_of(record)]}

    def url(target: str) -> str:
        # An analyst's own link into the site is relative to the brief's file,
        # briefs/ID.md, as it always was; its page is briefs/ID/index.md, a folder deeper.
        if target not in made and not target.startswith(("/", "#", "?")) and ":" not in target:
            target = "../" + target
        return site_url(target)

    prose = synthesis.index.prose.get(brief.record_id)
    nodes = ProseConverter(cite, link, web=True).convert(prose)
    return prose_markdown(nodes, escape_text, url)


def _anchor(nodes: Inline) -> str | None:
    """The id that the paragraph's first citation asks for (render.Renderer._brief_body)."""
    for node in nodes:
        if isinstance(node, dict):
            found = node.get("anchor") if node["t"] == "notes" else _anchor(node.get("c", []))
            if found:
                return str(found)
    return None


class _Writer:
    def __init__(self, escape: Callable[[object], str], url: Callable[[str], str]) -> None:
        self.escape, self.url = escape, url

    def blocks(self, nodes: list[Node], in_list: bool = False) -> str:
        return "\n\n".join(self.block(node, in_list) for node in nodes)

    def block(self, node: Node, in_list: bool = False) -> str:
        if isinstance(node, str):
            return self.escape(node)
        kind = node["t"]
        if kind == "p":
            text = self.inline(node["c"])
            if node["judgment"]:
                text = BADGE.format(node["judgment"]) + " " + text
                if not in_list:  # a list item shows its badge; a paragraph is marked too
                    text += "\n{: .judgment }"
            anchor = _anchor(node["c"])
            return f'<span id="{anchor}"></span>{text}' if anchor else text
        if kind == "h":
            return "#" * int(node["level"]) + " " + self.inline(node["c"])
        if kind == "list":
            return self.list(node)
        if kind == "quote":
            lines = self.blocks(node["c"]).split("\n")
            return "\n".join(f"> {line}" if line else ">" for line in lines)
        if kind == "pre":
            # Raw HTML of our own: Python-Markdown would show our entities in a code block.
            return f"<pre><code>{self.code(node['text'])}</code></pre>"
        if kind == "hr":
            return "---"
        if kind == "table":
            return self.table(node)
        raise ValueError(f"unknown prose node {kind!r}")  # a converter change not made here

    def list(self, node: Node) -> str:
        assert isinstance(node, dict)
        items = []
        for number, item in enumerate(node["items"]):
            marker = f"{node['start'] + number}. " if node["ordered"] else "- "
            text = self.blocks(item, in_list=True) or self.escape(" ")
            lines = text.split("\n")
            rest = [_INDENT + line if line else "" for line in lines[1:]]
            items.append("\n".join([marker + lines[0], *rest]))
        tight = all(len(item) <= 1 for item in node["items"])
        return ("\n" if tight else "\n\n").join(items)

    def table(self, node: Node) -> str:
        assert isinstance(node, dict)
        rows = ["| " + " | ".join(self.inline(cell) for cell in row) + " |" for row in node["rows"]]
        width = len(node["rows"][0]) if node["rows"] else 1
        rule = "|" + "---|" * width
        return "\n".join([rows[0], rule, *rows[1:]]) if rows else ""

    def code(self, text: str) -> str:
        """Code's text as entities, line breaks too: one line of raw HTML that shows the code
        as written, which neither Markdown nor a list's indentation can touch."""
        keep = (char if char.isalnum() or char == " " else f"&#{ord(char)};" for char in text)
        return "".join(keep)

    def inline(self, nodes: Inline) -> str:
        return "".join(self.span(node) for node in nodes)

    def span(self, node: Node) -> str:
        if isinstance(node, str):
            return self.escape(node)
        kind = node["t"]
        if kind == "em":
            return "*" + self.inline(node["c"]) + "*"
        if kind == "strong":
            return "**" + self.inline(node["c"]) + "**"
        if kind == "code":
            return f"<code>{self.code(node['text'])}</code>"
        if kind == "link":
            return f"[{self.inline(node['c'])}]({self.url(node['url'])})"
        if kind == "br":
            return "<br>\n"
        if kind == "notes":
            return str(node["refs"])  # [^n], made by views.shared.Notes
        raise ValueError(f"unknown prose node {kind!r}")
