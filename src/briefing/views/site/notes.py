"""The numbered notes of a site's page: Markdown footnotes, in the words every view gives a
note (views.shared.note_text), with links to the excerpt, the original and its archived copy.

A brief's page writes its notes as HTML itself (`own`), markers and list alike, in the shape
the footnotes extension gives them: its prose is HTML that Python-Markdown leaves alone
(views.site.prose), where a Markdown marker would not be read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from briefing.analysis.synthesis import Synthesis
from briefing.check.resolve import Excerpt
from briefing.records.model import Citation, Cited
from briefing.views.shared import (
    NoteText,
    escape_text,
    excerpt_anchor,
    note_text,
    page_of,
    relative,
    safe_url,
    text_fragment,
)

# Between two note markers of one place: "1,2", not "12". Written here, not by a style rule,
# which cannot tell two markers of one place from markers of two places with words between.
NOTE_SEPARATOR = '<sup class="note-sep">,</sup>'
# What Python-Markdown's footnotes extension writes, with its default settings: a marker (the
# second marker of one note is fnref2:N, the third fnref3:N), and each back-link of a note.
MARKER = (
    '<sup id="fnref{use}:{number}"><a class="footnote-ref" href="#fn:{number}">{number}</a></sup>'
)
BACK_LINK = (
    '<a class="footnote-backref" href="#fnref{use}:{number}" '
    'title="Jump back to footnote {number} in the text">&#8617;</a>'
)
# The notes are left out of the site's search: both engines index them as part of the page's
# last section, where a hit on a note's words lands on a heading that merely cites them (the
# source's page holds those words), and Zensical refuses a section of more than 16,384 words,
# which a page of a thousand notes passes. The footnotes extension puts its list where its
# marker stands, here inside a block that both engines' search leaves out.
NOT_SEARCHED = "data-search-exclude"
NOTES_PLACE = f"<div {NOT_SEARCHED} markdown>\n///Footnotes Go Here///\n</div>"


class Notes:
    """The numbered notes of one page: each note once, in order of first use."""

    def __init__(self, synthesis: Synthesis, page: str, own: bool = False) -> None:
        """`own`: markers and notes in HTML of our own making, not Markdown footnotes."""
        self.synthesis, self.index, self.page, self.own = synthesis, synthesis.index, page, own
        self.numbers: dict[tuple[str, int, int, str, str], int] = {}  # by NoteText.key
        self.notes: list[NoteText] = []
        self.markers_of: dict[int, int] = {}  # own: the markers written of each note

    def _number(
        self, excerpt: Excerpt | None, credibility: int | None = None, cited: Citation | None = None
    ) -> int | None:
        if excerpt is None:  # only a record that failed its check has no excerpt
            return None
        note = note_text(self.synthesis, excerpt, credibility, cited)
        if note.key not in self.numbers:
            self.notes.append(note)
            self.numbers[note.key] = len(self.notes)
        return self.numbers[note.key]

    def markers(self, numbers: Iterable[int | None]) -> str:
        """The markers of one place, in order: a note used before keeps its number, so the new
        ones come after it, not around it ('2,4,5', never '4,2,5'). Own markers are counted
        as they are written: call this where the marker stands, in the order of the page."""
        return NOTE_SEPARATOR.join(map(self._marker, sorted({n for n in numbers if n is not None})))

    def _marker(self, number: int) -> str:
        if not self.own:
            return f"[^{number}]"
        use = self.markers_of[number] = self.markers_of.get(number, 0) + 1
        return MARKER.format(use=use if use > 1 else "", number=number)

    def cite(self, statement: Cited) -> Markup:
        return Markup(
            self.markers(
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
        spans.append(self.standing(statement))
        deprecated = self.synthesis.deprecation_text(statement)
        if deprecated:
            spans.append(f'<span class="deprecated">{escape_text(deprecated)}</span>')
        return Markup("".join(" " + span for span in spans if span))

    def standing(self, statement: Cited) -> Markup:
        """A withdrawn source the statement cites, said beside it ('' if none)."""
        text = self.synthesis.standing_text(statement)
        return Markup(f'<span class="withdrawn">{escape_text(text)}</span>' if text else "")

    def cite_block(self, origins: Iterable[Any]) -> list[int]:
        """The numbers of a citation group of a brief: `markers` writes them."""
        numbers = (self._number(self.index.excerpts.get(origin)) for origin in origins)
        return [number for number in numbers if number is not None]

    def definitions(self) -> Markup:
        if not self.notes:  # no marker either: the extension would leave it as text
            return Markup("")
        if not self.own:
            return Markup(
                "\n".join(
                    [NOTES_PLACE, ""]
                    + [
                        f"[^{number}]: {self.describe(note)}"
                        for number, note in enumerate(self.notes, start=1)
                    ]
                )
            )
        # The extension's list, its items' words parsed as Markdown (md_in_html), with a
        # back-link to each marker written; none to a note none was written of (a citation
        # in code), where the extension's would lead nowhere.
        items = "\n".join(
            f'<li id="fn:{number}" markdown="block">\n{self.describe(note)}'
            f"{self._back_links(number)}\n</li>"
            for number, note in enumerate(self.notes, start=1)
        )
        head = f'<div class="footnote" {NOT_SEARCHED} markdown="1">\n<hr />\n<ol markdown="1">'
        return Markup(f"{head}\n{items}\n</ol>\n</div>")

    def _back_links(self, number: int) -> str:
        uses = range(1, self.markers_of.get(number, 0) + 1)
        links = "".join(BACK_LINK.format(use=use if use > 1 else "", number=number) for use in uses)
        return "&#160;" + links if links else ""

    def describe(self, note: NoteText) -> str:
        """The note's head, its grade's meaning as a tooltip, the quoted words, then links."""
        source, excerpt = note.source, note.excerpt
        head = note.head(
            text=escape_text,
            grade=lambda grade: f'<abbr title="{escape_text(note.meaning)}">{grade}</abbr>',
            flag=lambda flag: f"**{escape_text(flag)}**",
        )
        quoted = f"“{escape_text(note.quote)}”{note.page}"
        links = [f"[excerpt]({relative(self.page, page_of(source), excerpt_anchor(excerpt))})"]
        if source.url:
            links.append(f"[original]({text_fragment(source.url, excerpt, source.text)})")
        if source.archived_url:
            links.append(f"[archived copy]({safe_url(source.archived_url)})")
        return f"{head}: {quoted} · " + " · ".join(links)
