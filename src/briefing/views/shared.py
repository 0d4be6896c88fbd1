"""How the site's pages write text and links: escaping, page paths, links between pages and
to the original article, and the numbered notes of a page.

Every value a template prints is escaped for Markdown and HTML unless it is `Markup` made
here or in render.py: text from records and sources can never become markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote as url_quote

from markupsafe import Markup

from briefing.records.model import Actor, Brief, Citation, Cited, Event, Source, TopRecord
from briefing.check.quotes import visible_controls
from briefing.check.resolve import Excerpt
from briefing.analysis.synthesis import NoteText, Synthesis

# Between two note markers of one place: "1,2", not "12". Written here, not by a style rule,
# which cannot tell two markers of one place from markers of two places with words between.
NOTE_SEPARATOR = '<sup class="note-sep">,</sup>'
FOLDERS = {Source: "sources", Actor: "actors", Event: "events", Brief: "briefs"}
# Characters that Markdown, its extensions or HTML could read as markup: printed as entities.
_MARKUP = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&~^=:\"'$@%]")


_LINE_BREAK = re.compile(r"\s*\n\s*")


def safe_url(url: str) -> str:
    """A URL as a Markdown link target: nothing in it can end the link or open markup."""
    return url_quote(url, safe=":/?#@!$&'*+,;=%~-._")


def site_url(url: str) -> str:
    """A URL from a brief as a link target: its '&' as an entity, since Python-Markdown keeps
    entities in an href and `&#1;javascript:` would reach the browser as a control character
    and a script."""
    return safe_url(url).replace("&", "&amp;")


def escape_text(value: object) -> str:
    """Text from a record, as Markdown that shows exactly that text and nothing live."""
    text = visible_controls(str(value))
    text = _MARKUP.sub(lambda m: f"&#{ord(m.group())};", text)
    return _LINE_BREAK.sub(" ", text) if "\n" in text else text


def title_html(value: object) -> str:
    """A record's title where themes print it as HTML (the page's <title>, its header, the nav,
    the search results): escaped, and its bidi and control characters shown, not obeyed."""
    return html.escape(" ".join(visible_controls(str(value)).split()))


def page_of(record: TopRecord) -> str:
    if isinstance(record, Brief):  # a page with raw HTML links: a folder page (FOLDER_PAGES)
        return f"{FOLDERS[Brief]}/{record.record_id}/index.md"
    return f"{FOLDERS[type(record)]}/{record.record_id}.md"


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """The link from one page to another, as a matter of strings (posixpath.relpath took a
    fifth of rendering): a page in a page's own folder or below it is reached down, any
    other from the root."""
    folder, _, _ = from_page.rpartition("/")
    if not folder:
        path = to_page
    elif to_page.startswith(folder + "/"):
        path = to_page[len(folder) + 1 :]
    else:
        path = "../" * (folder.count("/") + 1) + to_page
    return path + (f"#{anchor}" if anchor else "")


def page_url(page: str) -> str:
    """The URL of a page, as MkDocs writes it with directory URLs: actors/x.md -> actors/x/."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def raw_href(from_page: str, to_page: str, engine: str = "mkdocs") -> str:
    """A link written in raw HTML (the network's SVG), from one page's folder to another's
    (directory URLs). MkDocs leaves such a link as written, so it is the final URL; Zensical
    reads it as relative to the page's Markdown file and adds the '../' from the file's
    folder to the page's own (actors/x.md is at actors/x/), so it is written one level less."""
    up = page_url(from_page).count("/")
    if engine == "zensical" and not from_page.endswith("index.md"):
        up -= 1
    return "../" * up + page_url(to_page)


def excerpt_anchor(excerpt: Excerpt) -> str:
    return f"excerpt-{excerpt.start}-{excerpt.end}"


FRAGMENT_CONTEXT = 3  # words of prefix and of suffix that single out a repeated quote


def text_fragment(url: str, excerpt: Excerpt, text: str = "") -> str:
    """A link to the words in the original article: `#:~:text=start,end`, a long quote by its
    first and last words. A quote found more than once in the source's `text` is pinned by
    the words around it, `prefix-,start,end,-suffix`, so the browser shows this place."""

    def encode(part: list[str]) -> str:
        # '-', ',' and '&' are the syntax of a text fragment: always percent-encoded
        return url_quote(" ".join(part), safe="").replace("-", "%2D")

    words = excerpt.text.split()
    target = encode(words) if len(words) <= 8 else f"{encode(words[:4])},{encode(words[-4:])}"
    if excerpt.occurrences > 1 and text:
        before = text[: excerpt.start].split()[-FRAGMENT_CONTEXT:]
        after = text[excerpt.end :].split()[:FRAGMENT_CONTEXT]
        target = "".join(
            [f"{encode(before)}-," if before else "", target, f",-{encode(after)}" if after else ""]
        )
    return f"{safe_url(url)}#:~:text={target}"


@dataclass
class _Note:
    number: int
    text: NoteText


class Notes:
    """The numbered notes of one page: each citation once, in order of first use."""

    def __init__(self, synthesis: Synthesis, page: str) -> None:
        self.synthesis, self.index, self.page = synthesis, synthesis.index, page
        self.notes: dict[tuple[str, int, int, str | None, str | None], _Note] = {}

    def _number(
        self, excerpt: Excerpt | None, credibility: int | None = None, cited: Citation | None = None
    ) -> int | None:
        if excerpt is None:  # only a record that failed its check has no excerpt
            return None
        chain = (cited.via, cited.speaker) if cited else (None, None)
        key = (excerpt.source_id, excerpt.start, excerpt.end, *chain)
        if key not in self.notes:
            note = self.synthesis.note(excerpt, credibility, cited)
            self.notes[key] = _Note(len(self.notes) + 1, note)
        return self.notes[key].number

    @staticmethod
    def _refs(numbers: Iterable[int | None]) -> str:
        """The markers of one place, in order: a note used before keeps its number, so the new
        ones come after it, not around it ('2,4,5', never '4,2,5')."""
        refs = [f"[^{n}]" for n in sorted({n for n in numbers if n is not None})]
        return NOTE_SEPARATOR.join(refs)

    def cite(self, statement: Cited) -> Markup:
        return Markup(
            self._refs(
                self._number(self.index.excerpts.get(c.at("quote")), c.credibility, c)
                for c in statement.cite
            )
        )

    def flags(self, statement: Cited) -> Markup:
        """What a reader must know beside a statement: its assessment (confidence and
        likelihood of a cited judgment), a withdrawn source it cites, its deprecation."""
        spans = []
        assessed = self.synthesis.assessment_text(statement)
        if assessed:
            spans.append(f'<span class="assessment">{escape_text(assessed)}</span>')
        for css, text in (
            ("withdrawn", self.synthesis.standing_text(statement)),
            ("deprecated", self.synthesis.deprecation_text(statement)),
        ):
            if text:
                spans.append(f'<span class="{css}">{escape_text(text)}</span>')
        return Markup("".join(" " + span for span in spans))

    def cite_block(self, origins: Iterable[Any]) -> str:
        return self._refs(self._number(self.index.excerpts.get(origin)) for origin in origins)

    def withdrawn_block(self, source_ids: Iterable[str]) -> str:
        """A flag after a citation group of a brief whose every source is withdrawn."""
        text = self.synthesis.withdrawn_group_text(source_ids)
        return f' <span class="withdrawn">{escape_text(text)}</span>' if text else ""

    def definitions(self) -> Markup:
        return Markup(
            "\n".join(
                f"[^{note.number}]: {self.describe(note.text)}" for note in self.notes.values()
            )
        )

    def describe(self, note: NoteText) -> str:
        source, excerpt = note.source, note.excerpt
        quoted = f"“{escape_text(note.quote)}”{note.page}"
        links = [f"[excerpt]({relative(self.page, page_of(source), excerpt_anchor(excerpt))})"]
        if source.url:
            links.append(f"[original]({text_fragment(source.url, excerpt, source.text)})")
        if source.archived_url:
            links.append(f"[archived copy]({safe_url(source.archived_url)})")
        grade = f'<abbr title="{escape_text(note.meaning)}">{note.grade}</abbr>'
        flag = f"; **{escape_text(note.retracted)}**" if note.retracted else ""
        return f"{escape_text(note.said)} ({grade}){flag}: {quoted} · " + " · ".join(links)
