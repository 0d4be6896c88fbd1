"""Brief prose nodes (briefing.views.prose_tree, the PDF's nodes too) -> the brief's page.

The analyst's Markdown is never copied to the site: it is parsed once, and the tree is
written again with every text escaped, so that no character of a brief can become markup in
MkDocs and its extensions. What survives is what the tree holds: paragraphs, headings, lists,
quotes, code, rules, tables, emphasis, links to http(s), mailto and pages of the site. Raw
HTML shows as its text; images show their text; attr_list, md_in_html, abbreviations and
footnotes written by hand are plain text.

Every block but a heading and a rule is written as HTML, its texts escaped as HTML
(views.shared.escape_html): Python-Markdown keeps a block that starts with a block tag as it
is, in time linear in its length. Markdown text would cost, for each entity, emphasis, code
span or note marker that Python-Markdown finds in a paragraph, the paragraph's length again
(80,000 escaped `<` took 21 s, 160,000 took 88 s). So the page's notes are HTML of our own
(Notes.own), and links are the URLs MkDocs would make of them. A heading stays Markdown,
escaped as text (views.shared.escape_text), for the id, the permalink and the entry in the
page's contents that the toc extension gives only to Markdown headings: the first
CONTENTS_HEADINGS headings of a brief of at most CONTENTS_LENGTH characters, which bounds what
their escaping costs; any other heading, and one inside a list or a quote, is HTML too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from briefing.analysis.rests import name_of, paragraph_anchor
from briefing.analysis.synthesis import Synthesis
from briefing.check.prose import ProseCitation
from briefing.records.model import Brief
from briefing.views.prose_tree import Inline, Node, ProseConverter
from briefing.views.shared import (
    escape_html,
    escape_text,
    page_of,
    page_url,
    relative,
    safe_url,
    site_url,
)
from briefing.views.site.notes import Notes

BADGE = '<span class="judgment-badge">Judgment · {} confidence</span>'
# An [editorial] paragraph: about the briefing itself, set apart from what it reports.
EDITORIAL = '<span class="editorial-label">About this briefing</span>'
CONTENTS_HEADINGS = 100  # a brief's headings listed in the page's contents, at most
CONTENTS_LENGTH = 200  # characters of a heading listed there, at most
# A link to a page's Markdown file, relative, without a scheme: its path before `.md`.
_PAGE_FILE = re.compile(r"^(?![a-z][a-z0-9+.-]*:)([^?#]*)\.md(?=[?#]|$)", re.IGNORECASE)


def brief_markdown(synthesis: Synthesis, brief: Brief, page: str, notes: Notes) -> str:
    """The analyst's Markdown, parsed (the check's parse) and written again with every text
    escaped: citations become notes, [[links]] links, judgment markers badges, and
    nothing else the analyst wrote (HTML, attributes, scripted links) becomes markup.
    `notes` writes its markers as the page is written, in the page's order (Notes.own)."""
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
            "numbers": notes.cite_block(c.origin for c in citations),
            "withdrawn": synthesis.withdrawn_group_text(c.source_id for c in citations),
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
        return target

    prose = synthesis.index.prose.get(brief.record_id)
    nodes = ProseConverter(cite, link, web=True).convert(prose)
    return _Writer(url, notes.markers).blocks(nodes)


def _anchor(nodes: Inline) -> str | None:
    """The id that the paragraph's first citation asks for (see brief_markdown's cite)."""
    for node in nodes:
        if isinstance(node, dict):
            found = node.get("anchor") if node["t"] == "notes" else _anchor(node.get("c", []))
            if found:
                return str(found)
    return None


def _length(nodes: Inline) -> int:
    """The characters of a heading's words (a code span's too)."""
    return sum(
        len(node)
        if isinstance(node, str)
        else len(node.get("text", "")) + _length(node.get("c", []))
        for node in nodes
    )


def _division(blocks: list[str]) -> str:
    return "<div>\n" + "\n".join(block for block in blocks if block) + "\n</div>"


def _address(target: str) -> str:
    """A link as MkDocs writes it for a Markdown link: a page's file (../x.md#a) as the
    page's URL (../x/#a), which MkDocs does not do in HTML."""
    match = _PAGE_FILE.match(target)
    if match is None:
        return target
    return (page_url(match.group(1) + ".md") or "./") + target[match.end() :]


class _Writer:
    """A brief's block nodes as the page's Markdown: HTML blocks, and Markdown headings."""

    def __init__(self, url: Callable[[str], str], markers: Callable[[list[int]], str]) -> None:
        self.url, self.markers = url, markers
        self.headings = 0  # those written as Markdown, in the page's contents

    def blocks(self, nodes: list[Node]) -> str:
        """The blocks between two Markdown headings as one block of HTML, in a <div>: for
        each block Python-Markdown keeps, it copies the rest of the page and moves every
        block after it in a list (50,000 paragraphs took 14 s, as one block 1.2 s)."""
        parts: list[str] = []
        run: list[str] = []
        for node in nodes:
            heading = self.heading(node)
            if heading is None:
                run.append(self.block(node))
                continue
            if run:
                parts.append(_division(run))
                run = []
            parts.append(heading)
        if run:
            parts.append(_division(run))
        return "\n\n".join(parts)

    def heading(self, node: Node) -> str | None:
        """A heading in the page's contents, as Markdown; None for any other block."""
        if not (isinstance(node, dict) and node["t"] == "h"):
            return None
        if self.headings >= CONTENTS_HEADINGS or _length(node["c"]) > CONTENTS_LENGTH:
            return None
        self.headings += 1
        return "#" * int(node["level"]) + " " + self.markdown(node["c"])

    # HTML -----------------------------------------------------------------------------------

    def block(self, node: Node, in_list: bool = False, wrap: bool = True) -> str:
        """`wrap`: a paragraph as <p> (not in a tight list's item)."""
        if isinstance(node, str):
            return f"<p>{escape_html(node)}</p>"
        kind = node["t"]
        if kind == "p":
            return self.paragraph(node, in_list, wrap)
        if kind == "h":
            level = int(node["level"])
            return f"<h{level}>{self.inline(node['c'])}</h{level}>"
        if kind == "list":
            return self.list(node)
        if kind == "quote":
            return "<blockquote>\n" + "\n".join(map(self.block, node["c"])) + "\n</blockquote>"
        if kind == "pre":
            return f"<pre><code>{_code(node['text'])}</code></pre>"
        if kind == "hr":
            return "<hr />"
        if kind == "table":
            return self.table(node)
        raise ValueError(f"unknown prose node {kind!r}")  # a converter change not made here

    def paragraph(self, node: dict[str, Any], in_list: bool, wrap: bool) -> str:
        text = self.inline(node["c"])
        css = ""
        if node["judgment"]:
            text = BADGE.format(node["judgment"]) + " " + text
            if not in_list:  # a list item shows its badge; a paragraph is marked too
                css = ' class="judgment"'
        elif node.get("editorial"):
            text = EDITORIAL + " " + text
            css = ' class="editorial"'
        anchor = _anchor(node["c"])
        if anchor:
            text = f'<span id="{anchor}"></span>{text}'
        return f"<p{css}>{text}</p>" if wrap else text

    def list(self, node: dict[str, Any]) -> str:
        tag = "ol" if node["ordered"] else "ul"
        start = f' start="{node["start"]}"' if node["ordered"] and node["start"] != 1 else ""
        # As Python-Markdown: a tight list's items hold their words, a loose one's paragraphs.
        tight = all(len(item) <= 1 for item in node["items"])
        around = ("<li>", "</li>") if tight else ("<li>\n", "\n</li>")
        items = []
        for item in node["items"]:
            inner = "\n".join(self.block(block, in_list=True, wrap=not tight) for block in item)
            items.append(around[0] + inner + around[1])
        return f"<{tag}{start}>\n" + "\n".join(items) + f"\n</{tag}>"

    def table(self, node: dict[str, Any]) -> str:
        rows = node["rows"]
        if not rows:
            return ""

        def row(cells: list[Inline], tag: str) -> str:
            return "<tr>\n" + "".join(f"<{tag}>{self.inline(c)}</{tag}>\n" for c in cells) + "</tr>"

        head = row(rows[0], "th")
        body = "\n".join(row(cells, "td") for cells in rows[1:])
        return f"<table>\n<thead>\n{head}\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>"

    def inline(self, nodes: Inline) -> str:
        return "".join(self.span(node) for node in nodes)

    def span(self, node: Node) -> str:
        if isinstance(node, str):
            return escape_html(node)
        kind = node["t"]
        if kind in ("em", "strong"):
            return f"<{kind}>{self.inline(node['c'])}</{kind}>"
        if kind == "code":
            return f"<code>{escape_html(node['text'])}</code>"
        if kind == "link":
            href = html.escape(safe_url(_address(self.url(node["url"]))))
            return f'<a href="{href}">{self.inline(node["c"])}</a>'
        if kind == "br":
            return "<br>\n"
        if kind == "notes":
            return self.notes(node, escape_html)
        raise ValueError(f"unknown prose node {kind!r}")

    def notes(self, node: dict[str, Any], escape: Callable[[object], str]) -> str:
        flag = node["withdrawn"]
        withdrawn = f' <span class="withdrawn">{escape(flag)}</span>' if flag else ""
        return self.markers(node["numbers"]) + withdrawn

    # Markdown, for a heading ----------------------------------------------------------------

    def markdown(self, nodes: Inline) -> str:
        return "".join(self.markdown_span(node) for node in nodes)

    def markdown_span(self, node: Node) -> str:
        if isinstance(node, str):
            return escape_text(node)
        kind = node["t"]
        if kind == "em":
            return "*" + self.markdown(node["c"]) + "*"
        if kind == "strong":
            return "**" + self.markdown(node["c"]) + "**"
        if kind == "code":
            return f"<code>{_code(node['text'])}</code>"
        if kind == "link":
            return f"[{self.markdown(node['c'])}]({site_url(self.url(node['url']))})"
        if kind == "notes":
            return self.notes(node, escape_text)
        raise ValueError(f"unknown prose node {kind!r}")


def _code(text: str) -> str:
    """Code's text as entities, line breaks too: one line that shows the code as written,
    which neither Markdown (in a heading) nor a list's indentation can touch."""
    keep = (char if char.isalnum() or char == " " else f"&#{ord(char)};" for char in text)
    return "".join(keep)
