"""The numbered notes of a site's page: Markdown footnotes, in the words every view gives a
note (views.shared.note_text), with links to the excerpt, the original and its archived copy."""

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


class Notes:
    """The numbered notes of one page: each note once, in order of first use."""

    def __init__(self, synthesis: Synthesis, page: str) -> None:
        self.synthesis, self.index, self.page = synthesis, synthesis.index, page
        self.numbers: dict[tuple[str, int, int, str, str], int] = {}  # by NoteText.key
        self.notes: list[NoteText] = []

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
                f"[^{number}]: {self.describe(note)}"
                for number, note in enumerate(self.notes, start=1)
            )
        )

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
