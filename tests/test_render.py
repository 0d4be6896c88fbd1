"""Rendering: golden Markdown for the minimal corpus, and text that can never become markup."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from briefing.check.resolve import Excerpt
from briefing.report import check_project
from briefing.views.shared import escape_text, relative, safe_url, text_fragment
from briefing.views.site.render import render_pages
from conftest import VALID

GOLDEN = Path(__file__).parent / "golden" / "valid_minimal"


def rendered() -> dict[str, str]:
    report = check_project(VALID)
    return render_pages(report.index, report.settings)


def test_pages_match_the_golden_files() -> None:
    """Regenerate after an intended change: `python tests/regenerate.py`, then review."""
    pages = rendered()
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_text() for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(golden)
    for page, markdown in pages.items():
        assert markdown == golden[page], page


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "**bold** _it_",
        "[a](b)",
        "{{ 7*7 }}",
        "# heading",
        "| a | b |",
        "{: .cls }",
        "[^1]",
        "&amp;",
        "`code`",
        "![x](y)",
        "*[HTML]: x",
    ],
)
def test_escaped_text_has_no_markup_characters_left(text: str) -> None:
    bare = re.sub(r"&#\d+;", "", escape_text(text))  # what is left outside entities
    assert not set(bare) & set("<>*_[]{}`|#!&")


def _bare(text: str) -> str:
    """What escape_text leaves outside entities, each entity as one NUL."""
    return re.sub(r"&#\d+;", "\0", escape_text(text))


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("a--b -- c---d", "--"),  # smarty's dashes
        ("wait... what..", ".."),  # smarty's ellipsis
        ("an :smile: emoji", ":s"),
        ("https://x.org", ":/"),  # a URL (magiclink)
        ("10:30", ":3"),
        ("(c) (R) (tm)", "("),  # smartsymbols
        ("1/2 c/o", "/"),  # smartsymbols
        ("www.example.org FTP.x.org", "w."),  # magiclink
    ],
)
def test_prose_punctuation_is_an_entity_where_it_is_markup(text: str, markup: str) -> None:
    assert markup not in _bare(text)


@pytest.mark.parametrize(
    "text", ["- item", "+ item", "1. item", "> quote", "??? note", "/// note", "    code", ": x"]
)
def test_a_value_cannot_open_a_block(text: str) -> None:
    """A template may print a value at the start of a line."""
    assert _bare(text).startswith("\0") or _bare(text).startswith("1\0")


def test_a_dash_or_a_full_stop_at_the_end_is_an_entity() -> None:
    """A template may print another after it ('-' and '-' make smarty's dash)."""
    assert _bare("a-").endswith("\0") and _bare("a.").endswith("\0")


def test_ordinary_prose_keeps_its_punctuation() -> None:
    """Python-Markdown reads a paragraph again for each entity: a hyphen, a full stop, a
    colon or parentheses in a sentence are not markup there."""
    assert escape_text("A well-known (Reuters) report said: 3.5 km.") == (
        "A well-known (Reuters) report said: 3.5 km&#46;"
    )


def test_bidi_controls_become_visible_text() -> None:
    assert escape_text("a\u202eb") == "a&#91;U&#43;202E&#93;b"


def test_relative_links_between_pages() -> None:
    assert relative("actors/a.md", "events/e.md", "x") == "../events/e.md#x"
    assert relative("index.md", "actors/a.md") == "actors/a.md"


def test_urls_cannot_break_out_of_a_link() -> None:
    assert safe_url("https://x.org/a b)c<d>") == "https://x.org/a%20b%29c%3Cd%3E"


def test_text_fragment_links_the_first_and_last_words() -> None:
    excerpt = Excerpt("s", 0, 10, 1, 1, "one two three four five six seven eight nine-ten", 1)
    assert text_fragment("https://x.org/a", excerpt) == (
        "https://x.org/a#:~:text=one%20two%20three%20four,six%20seven%20eight%20nine%2Dten"
    )


def test_every_citation_of_the_brief_is_a_numbered_note() -> None:
    """A brief's page writes its notes itself, as the footnotes extension would: a marker
    for each citation, each note once, with a back-link to each of its markers."""
    brief = rendered()["briefs/harbour-repairs/index.md"]
    defined = re.findall(r'^<li id="fn:(\d+)" markdown="block">$', brief, re.MULTILINE)
    markers = re.findall(
        r'<sup id="(fnref\d*:\d+)"><a class="footnote-ref" href="#fn:(\d+)">', brief
    )
    assert defined == [str(n) for n in range(1, len(defined) + 1)]
    assert {number for _, number in markers} == set(defined)
    assert len(defined) == 5  # 6 citations, one of them of an excerpt cited before
    ids = [marker_id for marker_id, _ in markers]
    assert len(ids) == 6 and "fnref2:1" in ids and len(set(ids)) == 6
    assert sorted(re.findall(r'class="footnote-backref" href="#(fnref\d*:\d+)"', brief)) == sorted(
        ids
    )
    assert "[^" not in brief
    assert "[@" not in brief and "[[" not in brief
    assert '<span class="judgment-badge">Judgment · low confidence</span>' in brief


@pytest.mark.parametrize("delimiter", ["_", "*", "**", "*a "])
def test_emphasis_nested_thousands_deep_is_shown_as_text(project: Path, delimiter: str) -> None:
    """markdown-it nests emphasis without limit, and the syntax tree is built by recursion:
    such a paragraph keeps its words, as plain text, on the site and in the PDF."""
    from briefing.views.pdf.data import PrintedBriefing
    from briefing.views.pdf.scope import scope_of

    brief = project / "briefs/harbour-repairs.md"
    deep = delimiter * 3000 + "deepword" + delimiter[::-1] * 3000
    brief.write_text(brief.read_text() + f"\n[judgment: low] {deep}\n")
    report = check_project(project)
    assert not report.errors()
    page = render_pages(report.index, report.settings)["briefs/harbour-repairs/index.md"]
    assert "deepword" in page
    b = report.index.briefing
    printed = PrintedBriefing(report.index, report.settings, scope_of(report.index, [], True))
    assert "deepword" in str(printed.brief(b.briefs["harbour-repairs"]))


def test_the_home_page_names_the_author_and_counts_in_words(project: Path) -> None:
    (project / "briefing.yml").write_text("author: Ana <b>Ruiz</b>\n")
    report = check_project(project)
    home = render_pages(report.index, report.settings)["index.md"]
    assert "By Ana &#60;b&#62;Ruiz&#60;/b&#62;" in home  # shown as written, never markup
    assert "1 brief · 2 sources · 2 actors · 1 event · " in home


def _wire_page_with(project: Path, key: str) -> str:
    """The wire source's page once `key` (a line of front matter) is added to it."""
    source = project / "sources" / "wire-2020-01-10-harbour.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("---\n", f"---\n{key}\n", 1))
    report = check_project(project)
    return render_pages(report.index, report.settings)["sources/wire-2020-01-10-harbour.md"]


def test_a_captured_sources_lines_stay_apart(project: Path) -> None:
    page = _wire_page_with(project, "retrieved: 2024-10-04T12:00:00Z")
    captured = next(line for line in page.splitlines() if line.startswith("- **Captured:**"))
    assert "SHA-256" not in captured  # "Captured: ...- **SHA-256 of the text:**" ran together


def test_a_source_page_says_when_the_page_was_updated(project: Path) -> None:
    page = _wire_page_with(project, "modified: 2020-01-12")
    lines = page.splitlines()
    published = next(n for n, line in enumerate(lines) if line.startswith("- **Published:**"))
    assert lines[published + 1] == "- **Updated:** 12 January 2020"


def test_an_excerpts_line_is_counted_in_the_captured_text(project: Path) -> None:
    # The source page said "Line 10 of the capture" for the first line of the text: it
    # counted the file's lines, front matter included, while `article_lines` and a source's
    # notes count the text's (1 = the first line after the front matter).
    report = check_project(project)
    page = render_pages(report.index, report.settings)["sources/wire-2020-01-10-harbour.md"]
    source = report.index.briefing.sources["wire-2020-01-10-harbour"]
    lines = source.text.splitlines()
    shown = re.findall(r"<p>(.*?)</p>\s*</blockquote>\s*Line (\d+) of the capture", page)
    assert shown
    for excerpt, number in shown:
        opening = " ".join(html.unescape(excerpt).split()[:3])
        assert opening in " ".join(lines[int(number) - 1].split()), (excerpt, number)
