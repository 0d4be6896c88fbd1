"""The site and the PDF as a reader sees them: names and links where the records hold ids,
what rests on each source in sentences, notes in reading order, links to the quoted words."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from briefing.views.languages import language_name
from conftest import REPOSITORY


class Text(HTMLParser):
    """What a reader reads on a page: its text, without scripts, styles, or the header,
    nav and footer that the theme repeats on every page."""

    SKIP = {"script", "style", "svg", "header", "nav", "footer", "code", "title"}
    BLOCKS = {"p", "li", "td", "th", "tr", "div", "summary", "h1", "h2", "h3", "br", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def reader_text(file: Path) -> str:
    page = Text()
    page.feed(file.read_text(encoding="utf-8"))
    return " ".join("".join(page.parts).split())


def record_ids() -> set[str]:
    """The ids of the sample's records, claims and origins that a reader could mistake for
    words: those of more than one word."""
    ids = set()
    for folder in ("sources", "actors", "events", "briefs"):
        for file in (REPOSITORY / folder).iterdir():
            ids.add(file.stem)
            text = file.read_text(encoding="utf-8")
            ids.update(re.findall(r"^\s*(?:- )?(?:id|origin): ([a-z0-9-]+)$", text, re.M))
    return {i for i in ids if "-" in i}


def test_what_rests_on_each_source_is_one_short_list_per_origin(sample_site: Path) -> None:
    html = (sample_site / "dependencies" / "index.html").read_text(encoding="utf-8")
    text = reader_text(sample_site / "dependencies" / "index.html")
    assert "**" not in text and not re.search(r"\s[.,;:]", text)
    assert "claim '" not in text and "affiliation with '" not in text
    # An overview of the reports most rested on, each linked to its list: a stored report's
    # on its source's page, one outside the project's on this page.
    table = html.split("<table>")[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert 5 < len(rows) <= 20
    counts = [int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>\s*<td[^>]*>\d+</td>", table)]
    assert counts == sorted(counts, reverse=True) and len(counts) == len(rows)
    assert 'href="../sources/arabnews-2020-02-11-hezbollah-guides-militias/#what-rests-on-it"' in (
        table
    )
    assert 'href="#relayed-al-hurra"' in table
    # Only the reports outside the project have their lists here, each said to be one.
    headings = re.findall(r"<h3 id=\"([^\"]*)\">(.*?)<a", html)
    assert [anchor for anchor, _ in headings] == [
        "relayed-al-hurra",
        "relayed-asharq-al-awsat",
        "relayed-nasrallah-s-call-after-the-killing",
        "relayed-reports-it-does-not-name",
        "relayed-reuters",
        "relayed-middle-east-institute",
        "relayed-unnamed-reports-of-the-beqaa-training",
    ]
    assert "Al-Hurra" in [name for _, name in headings]  # a heading starts with a capital
    assert html.count("Relayed by") == len(headings)
    assert "Carried by" not in html and "Iran-backed Hezbollah steps in" not in html
    assert 'href="../actors/mohammad-kawtharani/#kawtharani-al-hurra-coordination"' in html


def test_a_source_page_lists_what_rests_on_its_report(sample_site: Path) -> None:
    sources = sample_site / "sources"
    arabnews = sources / "arabnews-2020-02-11-hezbollah-guides-militias" / "index.html"
    html = arabnews.read_text(encoding="utf-8")
    section = html.split('id="what-rests-on-it"')[1]
    # Per report: first what would fall, then what is shared; long lists are folded.
    summaries = re.findall(r"<summary>(.*?)</summary>", section)
    assert summaries[0].startswith("Would fall") and summaries[1].startswith("Shared")
    assert '<details class="rests">' in section  # a long list starts folded
    # Each statement links to its place on its record's page.
    assert 'href="../../actors/hassan-nasrallah/#nasrallah-vowed-revenge"' in section
    assert re.search(r'href="../../briefs/hezbollah-iraqi-militias/#paragraph-\d+"', section)
    assert 'href="../../actors/hezbollah/#affiliation-2"' in section  # with the IRGC
    # The machine translation carries the same report: the same list, said to be shared.
    copy = sources / "arabnews-hezbollah-guides-militias-machine-translation" / "index.html"
    shared = copy.read_text(encoding="utf-8").split('id="what-rests-on-it"')[1]
    for page, other in ((section, "Iran-backed Hezbollah steps in"), (shared, "Iranian-backed")):
        said = reader_text_of(page)
        assert f"The same report is carried by {other}" in said
        assert "the page of each shows this list" in said
    lists = [re.findall(r"<li>.*?</li>", page, re.S) for page in (section, shared)]
    assert lists[0] == lists[1] and len(lists[0]) > 20


def reader_text_of(html: str) -> str:
    page = Text()
    page.feed(html)
    return " ".join("".join(page.parts).split())


def test_no_record_id_or_language_code_reaches_a_reader(sample_site: Path) -> None:
    ids = record_ids()
    assert "kawtharani-met-sadr" in ids and "reuters-hezbollah-guides-iraqi-militias" in ids
    shown = []
    for file in sorted(sample_site.rglob("index.html")):
        text = reader_text(file)
        shown += [f"{file.relative_to(sample_site)}: {i}" for i in ids if i in text]
        if file.parent.parent.name == "sources":
            assert "Language: English" in text, file
    assert shown == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="apt-get install poppler-utils")
def test_the_pdf_names_what_it_shows_and_lists_what_rests_on_each_origin(
    sample_site: Path,
) -> None:
    text = subprocess.run(
        ["pdftotext", str(sample_site / "pdf" / "briefing.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.replace("-\n", "-").split())
    for record_id in ("reuters-hezbollah-guides-iraqi-militias", "kawtharani-met-sadr"):
        assert record_id not in flat
    assert "language: en" not in flat and "English" in flat
    assert "Would fall if it were discredited".upper() in flat.upper()
    assert "(claim about Hassan Nasrallah)" in flat
    assert "Origin: the report of Iranian-backed Hezbollah" in flat


@pytest.mark.parametrize(
    ("code", "name"), [("en", "English"), ("ar", "Arabic"), ("fa-IR", "Persian"), ("xx", "xx")]
)
def test_a_language_is_shown_by_its_name(code: str, name: str) -> None:
    assert language_name(code) == name


def test_the_sample_records_have_languages_the_table_names() -> None:
    for file in (REPOSITORY / "sources").glob("*.md"):
        front = yaml.safe_load(file.read_text(encoding="utf-8").split("---")[1])
        assert language_name(front["language"]) != front["language"]


def test_notes_are_numbered_in_reading_order_and_follow_the_word(sample_site: Path) -> None:
    marker = r'<sup id="fnref\d*:(\d+)">'
    out_of_order, spaced = [], []
    for file in sorted(sample_site.rglob("index.html")):
        html = file.read_text(encoding="utf-8")
        first_seen = list(dict.fromkeys(int(n) for n in re.findall(marker, html)))
        if first_seen != sorted(first_seen):
            out_of_order.append(f"{file.relative_to(sample_site)}: {first_seen}")
        for run in re.finditer(rf"(?:{marker}.*?</sup>)+", html):
            numbers = [int(n) for n in re.findall(marker, run.group())]
            if numbers != sorted(numbers):
                out_of_order.append(f"{file.relative_to(sample_site)}: {numbers}")
        spaced += re.findall(rf"\w\s+{marker}", html)
    assert out_of_order == [] and spaced == []


def test_a_repeated_quote_links_its_own_place_in_the_article() -> None:
    from briefing.check.resolve import Excerpt
    from briefing.views.shared import text_fragment

    text = "The minister said no. Later the mayor said no. Then it rained."
    start = text.index("the mayor said no") + len("the mayor ")
    excerpt = Excerpt("s", start, start + len("said no"), 1, 1, "said no", 2)
    assert text_fragment("https://x.org/a", excerpt, text) == (
        "https://x.org/a#:~:text=Later%20the%20mayor-,said%20no,-.%20Then%20it"
    )
    once = Excerpt("s", start, start + len("said no"), 1, 1, "said no", 1)
    assert text_fragment("https://x.org/a", once, text) == "https://x.org/a#:~:text=said%20no"


def test_without_urls_no_page_promises_the_original(sample_site: Path) -> None:
    assert not any("url:" in f.read_text() for f in (REPOSITORY / "sources").glob("*.md"))
    assert "original" not in reader_text(sample_site / "index.html")
    for file in sample_site.rglob("index.html"):
        assert ">original<" not in file.read_text(encoding="utf-8")


def test_with_a_url_every_note_links_the_quoted_words_online(project: Path) -> None:
    from briefing.report import check_project
    from briefing.views.pdf.data import PrintedBriefing
    from briefing.views.pdf.scope import scope_of
    from briefing.views.site.render import render_pages

    wire = project / "sources" / "wire-2020-01-10-harbour.md"
    text = wire.read_text().replace("language: en\n", "language: en\nurl: https://example.org/w\n")
    wire.write_text(text)
    (project / "briefing.yml").write_text("site_url: https://briefing.example.org/\n")
    report = check_project(project)
    pages = render_pages(report.index, report.settings)
    assert "*original*" in pages["index.md"]
    notes = re.findall(
        r'^<li id="fn:\d+" markdown="block">\n(Example Wire.*)$',
        pages["briefs/harbour-repairs/index.md"],
        re.M,
    )
    assert notes and all("[original](https://example.org/w#:~:text=" in n for n in notes)
    briefs = list(report.index.briefing.briefs.values())
    printed = PrintedBriefing(report.index, report.settings, scope_of(report.index, briefs, True))
    note = printed.note(next(e for e in report.index.excerpts.values() if e.source_id == wire.stem))
    assert note["url"].startswith("https://example.org/w#:~:text=")
    assert note["site"].startswith(
        "https://briefing.example.org/sources/" + wire.stem + "/#excerpt-"
    )


def test_under_a_sub_path_the_404_page_links_into_the_site(project: Path) -> None:
    from conftest import run

    (project / "briefing.yml").write_text("site_url: https://example.org/briefing/\n")
    result = run("build", "--no-pdf", str(project))
    assert result.exit_code == 0, result.output
    page = (project / "build" / "site" / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="(/[^"]*)"', page)
    assert links and all(link.startswith("/briefing/") for link in links), links


def test_a_comma_stands_only_between_markers_of_one_place(sample_site: Path) -> None:
    """Two markers of one place read "4,5"; markers of two places with words between get no
    comma (a style rule on adjacent markers put one after "him" in "with him⁴⁵")."""
    page = (sample_site / "briefs" / "hezbollah-iraqi-militias" / "index.html").read_text(
        encoding="utf-8"
    )
    separators = re.findall(r'(.{0,6})<sup class="note-sep">,</sup>(.{0,16})', page)
    assert separators
    for before, after in separators:
        assert before.endswith("</sup>") and after.startswith('<sup id="fnref'), (before, after)
    css = (REPOSITORY / "src" / "briefing" / "assets" / "briefing.css").read_text()
    assert 'content: ","' not in css
