"""A note's words: worded once (views.shared.note_text) for the site's pages and the PDF, and
one note for each place of a source, chain and grade, in both."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from briefing.report import check_project
from briefing.views.pdf.typeset import documents
from briefing.views.site.render import render_pages
from conftest import CORPORA, REPOSITORY

# A page's notes: Markdown footnotes, or a brief's own list (views.site.notes.Notes.own)
_DEFINITION = re.compile(r'^(?:\[\^(\d+)\]: |<li id="fn:(\d+)" markdown="block">\n)(.*?): “', re.M)


def _site_heads(page: str) -> dict[int, str]:
    """Each note of a page by its number: its head as a reader reads it, markup taken off."""
    return {
        int(number or own): html.unescape(re.sub(r"<[^>]+>|\*\*", "", head))
        for number, own, head in _DEFINITION.findall(page)
    }


def _pdf_notes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _pdf_notes(item)
    elif isinstance(value, dict):
        if value.get("t") == "note":
            yield value
        for item in value.values():
            yield from _pdf_notes(item)


def test_the_site_and_the_pdf_word_each_note_alike() -> None:
    """The same head (source, chain, speaker, grade, retraction) on a page and in the PDF:
    the PDF wrote "; Retracted" where the site wrote "; retracted"."""
    report = check_project(CORPORA / "analysis")
    pages = render_pages(report.index, report.settings)
    on_site = {head for page in pages.values() for head in _site_heads(page).values()}
    (book,) = [data for name, data in documents(report.index, report.settings, [], True)]
    in_pdf = {note["head"] for note in _pdf_notes(book)}
    assert in_pdf and in_pdf <= on_site
    retracted = "Portville Tabloid, 4 March 2021 (grade E5); retracted 10 March 2021: The paper"
    assert any(head.startswith(retracted) for head in in_pdf)
    assert not any("key" in note for note in _pdf_notes(book))  # the key stays out of the data


def test_one_excerpt_cited_with_two_grades_is_two_notes_on_the_page() -> None:
    """The site kept one note for an excerpt of one source, whatever the credibility each
    citation gives it: a side of a disagreement citing it as B2 pointed to the note of an
    affiliation's citation, 'grade B'. The PDF already told them apart; now both do."""
    report = check_project(REPOSITORY)
    page = render_pages(report.index, report.settings, only={"actors/mohammad-kawtharani.md"})
    text = page["actors/mohammad-kawtharani.md"]
    heads = _site_heads(text)
    excerpt = "“Sheikh Mohammad Al-Kawtharani, the Hezbollah representative in Iraq”"
    notes = [int(n) for n in re.findall(rf"^\[\^(\d+)\]: Arab News.*{excerpt}", text, re.M)]
    grades = sorted(heads[n].rsplit("(", 1)[1] for n in notes)
    assert grades == ["grade B)", "grade B2)"], grades
    side = re.search(r"^\*\*Report 1\.\*\* .*$", text, re.M)
    assert side is not None
    marked = [heads[int(n)] for n in re.findall(r"\[\^(\d+)\]", side.group(0))]
    assert any(head.endswith("(grade B2)") for head in marked), marked
    assert not any(head.endswith("(grade B)") for head in marked), marked


def test_a_byline_the_publisher_names_already_is_said_once(project: Any) -> None:
    source = project / "sources" / "wire-2020-01-10-harbour.md"
    text = source.read_text(encoding="utf-8")
    publisher = re.search(r"^publisher: (.*)$", text, re.MULTILINE).group(1)  # type: ignore[union-attr]
    text = re.sub(r"^byline: .*\n", "", text, flags=re.MULTILINE)
    source.write_text(
        text.replace(
            f"publisher: {publisher}", f"publisher: {publisher} (KWTV, Portville)"
        ).replace("---\n", f"---\nbyline: {publisher.upper()}\n", 1),
        encoding="utf-8",
    )
    report = check_project(project)
    pages = render_pages(report.index, report.settings)
    heads = {head for page in pages.values() for head in _site_heads(page).values()}
    ours = [head for head in heads if head.startswith(f"{publisher} (KWTV, Portville)")]
    assert ours and all(head.casefold().count(publisher.casefold()) == 1 for head in ours), ours
