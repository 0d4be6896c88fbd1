"""The printed briefing: real Typst compiles, read back with pypdf and poppler's tools."""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from briefing.analysis.chains import origin_of
from briefing.check.quotes import normal
from briefing.check.resolve import Index
from briefing.records.model import statements
from briefing.records.settings import load_settings
from briefing.report import check_project
from briefing.views.exports.statements import all_statements
from briefing.views.pdf.data import PrintedBriefing
from browser import screenshot_is_not_blank
from conftest import CORPORA, REPOSITORY, run
from sites import copy_project

pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDFs back: pip install -e '.[test]'")

PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
needs_pdftoppm = pytest.mark.skipif(
    PDFTOPPM is None, reason="pdftoppm renders pages: apt-get install poppler-utils"
)
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None,
    reason="pdftotext reads right-to-left text back in logical order (pypdf does not): "
    "apt-get install poppler-utils",
)
A4 = (595, 842)
LETTER = (612, 792)


def squeeze(text: str) -> str:
    """Text as extraction gives it back, whatever the line breaks: no white space, no hyphens
    (a word broken at a line end), no invisible format characters (bidi isolates, marks)."""
    text = normal(unicodedata.normalize("NFKC", text))
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


def page_texts(file: Path) -> list[str]:
    """The text of each page: poppler's pdftotext when it is there, pypdf otherwise."""
    if PDFTOTEXT:
        result = subprocess.run(
            [PDFTOTEXT, "-enc", "UTF-8", str(file), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.split("\f")[:-1]
    return [page.extract_text() for page in pypdf.PdfReader(file).pages]


def printed(quote: str, pages: list[str]) -> bool:
    """Whether the words are on the pages: on one page, or in a note that begins at the foot
    of a page and goes on at the foot of the next."""
    words, texts = squeeze(quote), [squeeze(page) for page in pages]
    if any(words in text for text in texts):
        return True
    return any(
        words[:cut] in first and words[cut:] in second
        for first, second in itertools.pairwise(texts)
        # at any letter: a note may break after its last word but two ("...place" | "is right")
        for cut in range(1, len(words))
    )


def outline_titles(file: Path) -> list[tuple[str, int]]:
    """Every bookmark of the PDF, depth first, with the (0-based) page it points at."""
    reader = pypdf.PdfReader(file)
    found: list[tuple[str, int]] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline)
    return found


def expected_quotes(index: Index, brief_id: str) -> list[str]:
    """The quoted words of every note of a brief: its key judgments' and its prose's."""
    brief = index.briefing.briefs[brief_id]
    quotes = [
        index.excerpts[citation.at("quote")].text
        for claim in brief.key_judgments
        for citation in claim.cite
    ]
    for block in index.blocks[brief_id]:
        quotes += [index.excerpts[citation.origin].text for citation in block.citations]
    return quotes


@pytest.fixture(scope="session")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own briefing set as PDFs, each brief and the book, once: the book
    alone first (`--book` sets nothing else), then every brief (the default)."""
    project = copy_project(REPOSITORY, tmp_path_factory.mktemp("pdf") / "project")
    result = run("pdf", str(project), "--book")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (project / "build").iterdir()) == ["briefing.pdf"]
    result = run("pdf", str(project))
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture(scope="session")
def sample_index(sample_pdfs: Path) -> Index:
    return check_project(sample_pdfs).index


@pytest.fixture(scope="session")
def hostile_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(CORPORA / "hostile_pdf", tmp_path_factory.mktemp("hostile") / "p")
    result = run("pdf", str(project))
    assert result.exit_code == 0, result.output
    return project / "build" / "hostile-brief.pdf"


def test_writes_a_pdf_per_brief_and_the_book(sample_pdfs: Path, sample_index: Index) -> None:
    written = sorted(path.name for path in (sample_pdfs / "build").iterdir())
    expected = sorted([f"{brief_id}.pdf" for brief_id in sample_index.briefing.briefs])
    assert written == sorted([*expected, "briefing.pdf"])  # and no staging folder left behind


@pytest.mark.parametrize("brief_id", ["hezbollah-iraqi-militias", "source-assessment"])
def test_every_note_of_the_brief_is_printed(
    sample_pdfs: Path, sample_index: Index, brief_id: str
) -> None:
    file = sample_pdfs / "build" / f"{brief_id}.pdf"
    pages = page_texts(file)
    # The notes of the brief are on the pages from the key judgments up to the appendices.
    bookmarks = outline_titles(file)
    appendix = next(page for title, page in bookmarks if title.startswith("Appendix A "))
    quotes = expected_quotes(sample_index, brief_id)
    assert quotes
    missing = [quote for quote in quotes if not printed(quote, pages[:appendix])]
    assert not missing


def test_the_book_holds_every_brief_and_its_notes(sample_pdfs: Path, sample_index: Index) -> None:
    file = sample_pdfs / "build" / "briefing.pdf"
    pages = page_texts(file)
    titles = [title for title, _ in outline_titles(file)]
    for brief_id, brief in sample_index.briefing.briefs.items():
        assert brief.title in titles
        assert all(printed(q, pages) for q in expected_quotes(sample_index, brief_id))


def test_contents_and_bookmarks_name_every_section(sample_pdfs: Path, sample_index: Index) -> None:
    brief = sample_index.briefing.briefs["hezbollah-iraqi-militias"]
    file = sample_pdfs / "build" / f"{brief.record_id}.pdf"
    sections = re.findall(r"^## (.+)$", brief.body, flags=re.MULTILINE)
    parts = ["Key judgments", "How to read this briefing", brief.title]
    parts += [
        "Appendix A · Actors",
        "Appendix B · Chronology",
        "Appendix C · Contested claims",
        "Appendix D · Sources",
        "Appendix E · Network of affiliations",
    ]
    titles = [title for title, _ in outline_titles(file)]
    for name in [*parts, *sections]:
        assert any(title.startswith(name) for title in titles), name
    contents = next(page for page in page_texts(file) if "Contents" in page[:200])
    for name in [*parts, *sections]:
        assert squeeze(name) in squeeze(contents), name
    # Each actor has a bookmark to its entry in the appendix, though not a line of contents.
    actor = sample_index.briefing.actors["mohammad-kawtharani"]
    assert actor.name in titles
    assert squeeze(actor.name) not in squeeze(contents)


def test_pages_metadata_and_paper(sample_pdfs: Path, sample_index: Index) -> None:
    for brief_id, brief in sample_index.briefing.briefs.items():
        reader = pypdf.PdfReader(sample_pdfs / "build" / f"{brief_id}.pdf")
        assert 10 <= len(reader.pages) <= 200
        assert reader.metadata is not None and reader.metadata.title == brief.title
        assert reader.metadata.creation_date is not None
        assert reader.metadata.creation_date.date().isoformat() == brief.date
        box = reader.pages[1].mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4
    book = pypdf.PdfReader(sample_pdfs / "build" / "briefing.pdf")
    assert len(book.pages) <= 200


@needs_pdftotext
def test_hostile_text_reads_back_as_text(hostile_pdf: Path) -> None:
    project = hostile_pdf.parent.parent
    index = check_project(project).index
    b = index.briefing
    text = squeeze(" ".join(page_texts(hostile_pdf)))
    words = [b.briefs["hostile-brief"].title, "حزب الله", "كتائب حزب الله"]
    words += [actor.name for actor in b.actors.values()]
    words += [alias for actor in b.actors.values() for alias in actor.aliases]
    words += [event.title for event in b.events.values()]
    words += [s.publisher for s in b.sources.values()] + [s.title for s in b.sources.values()]
    words += [excerpt.text for excerpt in index.excerpts.values() if "\u202e" not in excerpt.text]
    words += ["HANDLE #with *care* _now_ @all <ops> [x] \\ ~ = - + / `y` \"z\" 'w'"]
    missing = [word for word in words if squeeze(word) not in text]
    assert not missing
    # A bidi control is shown as a code, never obeyed; Markdown in the prose was set, not shown.
    assert "[U+202E]reversedtext[U+202C]" in text
    assert "\u202e" not in " ".join(page_texts(hostile_pdf))
    brief_pages = squeeze(" ".join(page_texts(hostile_pdf)[3:5]))
    assert squeeze("A heading with emphasis and code #set") in brief_pages
    assert squeeze("A list item with strong and emphasis and a link") in brief_pages
    reader = pypdf.PdfReader(hostile_pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == LETTER  # briefing.yml: paper
    assert reader.metadata is not None
    assert reader.metadata.title == b.briefs["hostile-brief"].title
    assert reader.metadata.author == "Author @handle"


PROSE = """[judgment: low] Analyst's own words, with *emphasis*.

## Section with `code [[not-a-link]]`

- See [[ana-ruiz]] and [site](https://example.org/) or [here](javascript:alert(1))
  [@wire, "rebuild the south pier before"; @wire, "the summer season"].
- **Strong** #hash $dollar @at <not-a-tag> stays text [@wire, "rebuild the south pier"].
"""


def test_prose_becomes_nodes_not_markup() -> None:
    from briefing.check.brief_prose import read_prose
    from briefing.views.prose_tree import ProseConverter

    prose = read_prose(PROSE, "briefs/b.md", 5)
    assert not prose.problems
    cited: list[list[str]] = []

    def cite(citations: list) -> list:
        cited.append([c.quote for c in citations])
        return [{"t": "notes", "notes": [c.quote for c in citations]}]

    def link(record_id: str, label: str | None = None) -> dict:
        return {"t": "ref", "to": f"actor-{record_id}", "c": [label or record_id]}

    nodes = ProseConverter(cite, link).convert(prose)
    judgment, heading, items = nodes
    assert judgment == {
        "t": "p",
        "c": ["Analyst's own words, with ", {"t": "em", "c": ["emphasis"]}, "."],
        "judgment": "low",
        "editorial": False,
    }
    assert heading == {
        "t": "h",
        "level": 2,
        "c": ["Section with ", {"t": "code", "text": "code [[not-a-link]]"}],
    }
    first, second = (item[0]["c"] for item in items["items"])
    assert first == [
        "See ",
        link("ana-ruiz"),
        " and ",
        {"t": "link", "url": "https://example.org/", "c": ["site"]},
        " or [here](javascript:alert(1))",  # no live link to a script: the words stay
        {"t": "notes", "notes": ["rebuild the south pier before", "the summer season"]},
        ".",
    ]
    assert second[0] == {"t": "strong", "c": ["Strong"]}
    assert second[1] == " #hash $dollar @at stays text"  # <not-a-tag> is HTML, as on the site
    assert cited == [
        ["rebuild the south pier before", "the summer season"],
        ["rebuild the south pier"],
    ]


@needs_pdftoppm
@pytest.mark.parametrize("page", [1, 4])
def test_pages_are_not_blank(sample_pdfs: Path, page: int) -> None:
    file = sample_pdfs / "build" / "hezbollah-iraqi-militias.pdf"
    result = subprocess.run(
        [str(PDFTOPPM), "-r", "40", "-f", str(page), "-l", str(page), "-png", str(file)],
        capture_output=True,
        check=True,
    )
    assert screenshot_is_not_blank(result.stdout, min_foreground_pixels=2000)


def test_unknown_brief_is_misuse(project: Path) -> None:
    result = run("pdf", str(project), "--brief", "harbour-repair")
    assert result.exit_code == 2
    assert "unknown brief 'harbour-repair'; did you mean 'harbour-repairs'?" in result.output


def test_a_failed_compile_leaves_the_last_pdf_whole(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("pdf", str(project), "--brief", "harbour-repairs").exit_code == 0
    file = project / "build" / "harbour-repairs.pdf"
    good = file.read_bytes()
    # Data the template cannot set: a real Typst error, after the work has begun.
    monkeypatch.setattr(PrintedBriefing, "document", lambda self, book: {"paper": "a4"})
    result = run("pdf", str(project))
    assert result.exit_code == 1
    assert "error: Typst could not set harbour-repairs.pdf" in result.output
    assert "the last good PDFs are left as they were" in result.output
    assert file.read_bytes() == good
    assert sorted(p.name for p in (project / "build").iterdir()) == ["harbour-repairs.pdf"]


def test_a_paragraph_of_many_long_words_is_set(project: Path) -> None:
    """Runs of 800 backticks down to 1: some 780 words too long for a line, which the
    template breaks into pieces; Typst's regex show rule gave up on them ("maximum grouping
    depth exceeded", with no line)."""
    runs = " ".join("`" * length for length in range(800, 0, -1))
    brief = project / "briefs" / "harbour-repairs.md"
    brief.write_text(brief.read_text(encoding="utf-8") + f"\n[judgment: low] {runs}\n")
    result = run("pdf", str(project))
    assert result.exit_code == 0, result.output
    # every backtick printed (the pages' headers come between the paragraph's pieces)
    text = "".join(page_texts(project / "build" / "harbour-repairs.pdf"))
    assert text.count("`") == runs.count("`")


# A template that would run for minutes: a billion steps of a loop.
ENDLESS = "#let n = 0\n#for i in range(1000000000) { n += 1 }\n#n\n"


@pytest.mark.parametrize("command", [["pdf"], ["build", "--untrusted"]])
def test_a_template_that_runs_too_long_is_stopped_at_the_time_limit(
    project: Path, command: list[str]
) -> None:
    """typst compiles without a limit of its own: the build stops it after `pdf_timeout:`
    seconds, says so at the template, and leaves the last good PDFs and site whole."""
    assert run("build", str(project)).exit_code == 0
    good = {p.name: p.read_bytes() for p in (project / "build").glob("*.pdf")}
    site = (project / "build" / "site" / "index.html").read_bytes()
    (project / "templates" / "pdf").mkdir(parents=True)
    (project / "templates" / "pdf" / "briefing.typ").write_text(ENDLESS, encoding="utf-8")
    (project / "briefing.yml").write_text("title: Harbour\npdf_timeout: 2\n", encoding="utf-8")
    started = time.monotonic()
    result = run(*command, str(project))
    took = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert (
        "templates/pdf/briefing.typ:1:1: error: Typst did not finish harbour-repairs.pdf "
        "in 2 seconds\n  hint: pdf_timeout: in briefing.yml sets the limit" in result.output
    )
    assert "Traceback" not in result.output
    assert took < 60  # the rest of the build included; the loop alone runs for minutes
    assert {p.name: p.read_bytes() for p in (project / "build").glob("*.pdf")} == good
    assert (project / "build" / "site" / "index.html").read_bytes() == site


@pytest.mark.parametrize("value", ["0", "-1", "forever"])
def test_the_time_limit_is_a_positive_number_of_seconds(project: Path, value: str) -> None:
    (project / "briefing.yml").write_text(f"title: Harbour\npdf_timeout: {value}\n")
    result = run("check", str(project))
    assert result.exit_code == 1
    assert "briefing.yml:2:1: error: invalid setting 'pdf_timeout'" in result.output


def test_build_sets_the_pdfs_and_puts_them_in_the_site(sample_site: Path) -> None:
    build = sample_site.parent
    for name in ("hezbollah-iraqi-militias.pdf", "source-assessment.pdf", "briefing.pdf"):
        assert (build / name).read_bytes() == (sample_site / "pdf" / name).read_bytes()


def _printed_sizes(page: object) -> list[tuple[str, float]]:
    """Each piece of text on the page with the size it is printed at, in points."""
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            # the text matrix, then the page's: the size is the font's, scaled by both
            a, b, c, d = (
                tm[0] * cm[0] + tm[1] * cm[2],
                tm[0] * cm[1] + tm[1] * cm[3],
                tm[2] * cm[0] + tm[3] * cm[2],
                tm[2] * cm[1] + tm[3] * cm[3],
            )
            found.append((text.strip(), size * abs(a * d - b * c) ** 0.5))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


def test_the_network_figure_is_printed_at_a_legible_size(
    sample_pdfs: Path, sample_index: Index
) -> None:
    """Every label of the picture, read back from the page with the size it is printed at,
    is 7 pt or more (it was about 4 pt)."""
    from briefing.views.pdf.typeset import network_picture

    svg = network_picture(sample_index).svg
    labels = [squeeze(html.unescape(label)) for label in re.findall(r">([^<>]+)</text>", svg)]
    reader = pypdf.PdfReader(sample_pdfs / "build" / "briefing.pdf")
    page = reader.pages[-1]  # the network's appendix is the last
    printed = _printed_sizes(page)
    texts = [text for text, _ in printed]
    caption = next(n for n, text in enumerate(texts) if text.endswith("all of its own."))
    footer = next(n for n, text in enumerate(texts) if text.startswith("For research"))
    figure = printed[caption + 1 : footer]
    drawn = squeeze("".join(text for text, _ in figure))
    assert all(label in drawn for label in labels), (labels, drawn)
    assert len(drawn) == len("".join(labels))  # nothing else is in the figure
    smallest = min(size for _, size in figure)
    assert smallest >= 7.0


# Notes, read back from the PDF: the text pypdf gives, with the size it is set in -------------

NO_MARKERS = ("How to read", "Sources", "Network")
DIGITS = re.compile(r"^\d+$")
HEAD = re.compile(r"\((grade [A-F][1-6]?|ungraded)\)$")
EXCERPT = re.compile(
    r"(?:(?P<head>[^“;]*?\((?:grade [A-F][1-6]?|ungraded)\)): )?“(?P<quote>.*?)”"
    r"(?=; |\.\s*$| ↗| \(archived\)|, p\. \d)"
)


def chunks(page: pypdf.PageObject) -> list[tuple[float, float, str]]:
    """(font size, height on the page, text) of each piece of text, in reading order."""
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            found.append((round(size * abs(tm[0] * cm[0]), 1), tm[5] * cm[3] + cm[5], text))

    page.extract_text(visitor_text=visit)
    return found


def notes_of(page: pypdf.PageObject) -> tuple[dict[int, str], list[tuple[int, bool]]]:
    """The page's footnotes ({number: text}) and the numbers of its note markers, each with
    whether it points to a note on another page (a marker followed by "p.N")."""
    top = float(page.mediabox.height) - 50  # below the running header
    pieces = [piece for piece in chunks(page) if 50 < piece[1] < top]
    entries: dict[int, str] = {}
    markers: list[tuple[int, bool]] = []
    number = None
    for i, (size, _, text) in enumerate(pieces):
        after = pieces[i + 1][2].strip() if i + 1 < len(pieces) else ""
        if size == 8.0 and DIGITS.match(text.strip()) and HEAD.search(after):
            number = int(text)
            entries[number] = ""
        elif size == 8.0 and number is not None:
            entries[number] += text.rstrip("-\u00ad") if text.endswith(("-", "\u00ad")) else text
        elif size > 8.0 and DIGITS.match(text.strip()) and int(text) < 1000:
            markers.append((int(text), after.startswith("p.")))
    return entries, markers


def parts_of(file: Path) -> list[tuple[str, range]]:
    """Each part of the PDF (a top-level bookmark) and its pages (0-based)."""
    reader = pypdf.PdfReader(file)
    tops = [
        (str(item.title), reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]
    ends = [page for _, page in tops[1:]] + [len(reader.pages)]
    return [(title, range(start, end)) for (title, start), end in zip(tops, ends, strict=True)]


def excerpts_of(note: str) -> list[tuple[str, str]]:
    """(source, quoted words) of each excerpt of a note: a source named once stands for the
    excerpts after it, up to the next."""
    found, head = [], ""
    for match in EXCERPT.finditer(" ".join(note.split())):
        head = match["head"] or head
        found.append((squeeze(head), squeeze(match["quote"])))
    return found


@pytest.mark.parametrize("name", ["briefing", "hezbollah-iraqi-militias", "source-assessment"])
def test_each_part_quotes_an_excerpt_once_in_notes_on_their_markers_pages(
    sample_pdfs: Path, sample_index: Index, name: str
) -> None:
    file = sample_pdfs / "build" / f"{name}.pdf"
    pages = pypdf.PdfReader(file).pages
    quoted = 0
    pushed = []  # pages whose last note went to the next page
    for title, numbers in parts_of(file):
        seen: list[tuple[str, str]] = []
        for number in numbers:
            entries, markers = notes_of(pages[number])
            # Numbered from 1 on every page; every marker's note is on the marker's page (the
            # parts without notes have numbers that are not markers). Typst keeps a line on
            # the page of its first note only: when the last line of a page has a second
            # place ("...Institute¹⁵. Its language is partisan¹⁶."), the second note may go
            # to the next page. Once in a document, and only the page's last note.
            assert all(n <= 20 for n in entries), (title, number)
            if not any(word in title for word in NO_MARKERS):
                assert sorted(entries) == list(range(1, len(entries) + 1)), (title, number)
                here = {n for n, away in markers if not away}
                if here == set(entries) | {len(entries) + 1}:
                    pushed.append(number)
                else:
                    assert here == set(entries), (title, number)
            for note in entries.values():
                seen += excerpts_of(note)
        repeated = {excerpt for excerpt in seen if seen.count(excerpt) > 1}
        assert not repeated, title
        quoted += len(seen)
    assert quoted >= 30  # the notes were read
    assert len(pushed) <= 1, pushed


def test_a_later_citation_points_to_the_first_note(sample_pdfs: Path, sample_index: Index) -> None:
    """The brief cites some excerpts more than once: fewer excerpts are quoted than cited."""
    brief_id = "source-assessment"
    file = sample_pdfs / "build" / f"{brief_id}.pdf"
    pages = pypdf.PdfReader(file).pages
    [numbers] = [numbers for title, numbers in parts_of(file) if title == "Source assessment"]
    seen = [
        e for n in numbers for note in notes_of(pages[n])[0].values() for e in excerpts_of(note)
    ]
    cited = [c for block in sample_index.blocks[brief_id] for c in block.citations]
    assert 0 < len(seen) < len(cited)
    assert max(n for page in pages for n in notes_of(page)[0]) <= 20


def test_the_pdf_is_pdf_a_and_pdf_ua_with_its_metadata(
    sample_pdfs: Path, sample_index: Index
) -> None:
    for brief_id, brief in sample_index.briefing.briefs.items():
        reader = pypdf.PdfReader(sample_pdfs / "build" / f"{brief_id}.pdf")
        assert reader.metadata is not None
        assert reader.metadata.title == brief.title
        assert reader.metadata.author == "briefing sample project"
        assert reader.metadata.subject == " ".join((brief.summary or "").split())
        xmp = reader.xmp_metadata
        assert xmp is not None
        xml = xmp.stream.get_data().decode()
        assert "<pdfuaid:part>1</pdfuaid:part>" in xml
        assert "<pdfaid:part>2</pdfaid:part>" in xml
        assert "<pdfaid:conformance>A</pdfaid:conformance>" in xml
        assert "/StructTreeRoot" in reader.trailer["/Root"]
    book = pypdf.PdfReader(sample_pdfs / "build" / "briefing.pdf").metadata
    subtitle = load_settings(sample_pdfs).subtitle
    assert book is not None and subtitle and book.subject == subtitle


def test_the_same_records_give_the_same_bytes(sample_pdfs: Path) -> None:
    file = sample_pdfs / "build" / "source-assessment.pdf"
    before = file.read_bytes()
    result = run("pdf", str(sample_pdfs), "--brief", "source-assessment")
    assert result.exit_code == 0, result.output
    assert file.read_bytes() == before


def test_sources_show_names_not_codes(sample_pdfs: Path) -> None:
    text = squeeze(" ".join(page_texts(sample_pdfs / "build" / "briefing.pdf")))
    assert "language:" not in text and "English" in text
    assert squeeze("Origin: its own report") in text
    assert squeeze("Origin: the same report as") in text


def test_a_part_quotes_each_excerpt_once() -> None:
    from briefing.views.pdf.notes import Part

    def note(quote: str, to: str = "source-a", head: str = "", at: int = 0) -> dict[str, Any]:
        # the key stands for views.shared.NoteText.key: the place, the chain, the grade
        key = (to, at, head or to)
        return {"t": "note", "key": key, "to": to, "quote": quote, "page": "", "head": head or to}

    def shown(*notes: dict[str, Any]) -> list[dict[str, Any]]:
        return [{name: value for name, value in n.items() if name != "key"} for n in notes]

    part = Part("b0")
    first = part.cite([note("one"), note("two", at=1), note("one")])
    assert first == {
        "t": "cite",
        "label": "note-b0-1",
        "notes": shown(note("one"), note("two", at=1)),
        "again": [],
    }
    # Quoted before: a marker pointing to the first note; new words: a new note.
    second = part.cite([note("two", at=1), note("three", at=2), note("one", to="source-b")])
    assert second["label"] == "note-b0-2" and second["again"] == ["note-b0-1"]
    assert second["notes"] == shown(note("three", at=2), note("one", to="source-b"))
    # Only excerpts quoted before: no new note, markers only, each note once.
    assert part.cite([note("one"), note("three", at=2), note("two", at=1)]) == {
        "t": "cite",
        "label": None,
        "notes": [],
        "again": ["note-b0-1", "note-b0-2"],
    }
    # A citation that could not be verified says so each time.
    assert part.cite([{"t": "missing"}])["notes"] == [{"t": "missing"}]
    # The same words cited with another grade or chain are a note of their own,
    other = note("two", head="source-a, relaying Reuters", at=1)
    assert part.cite([other])["notes"] == shown(other)
    # and so are the same words at another place of the source (the note links that place).
    elsewhere = note("one", at=7)
    assert part.cite([elsewhere])["notes"] == shown(elsewhere)
    # Another part quotes the same words again.
    assert Part("b1").cite([note("one")])["label"] == "note-b1-1"


def test_the_timestamp_comes_from_the_newest_brief_date(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.views.pdf.meta import timestamp

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert timestamp("2020-02-11") == 1581379200  # midnight UTC
    assert timestamp("2020-01/2020-03") == timestamp("2020-01") == 1577836800  # its first day
    assert timestamp("2020") == 1577836800
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "42")
    assert timestamp("2020") == 42


def test_the_network_figure_alt_text_says_what_the_figure_draws(sample_index: Index) -> None:
    """The alt text is the drawn picture's own label (it counted the actors of the PDF's
    scope, not those drawn), and names Appendix A only for a PDF that has it."""
    from briefing.views.pdf.typeset import network_alt, network_picture

    picture = network_picture(sample_index)
    label = html.unescape(re.search(r'aria-label="([^"]*)"', picture.svg).group(1))  # type: ignore[union-attr]
    assert label.startswith("Network of ") and "actors" in label
    assert (
        network_alt(picture, listed=True)
        == label + ". Appendix A lists every actor's affiliations in words."
    )
    assert network_alt(picture, listed=False) == label + "."


# A place's markers: notes quoted before ("↑6", "↑6 p.5" on another page), then its own note.
MARKER_GROUP = re.compile(
    r"(?:\u2191\d+(?: p\.\d+)?,)*(?:\u2191\d+(?: p\.\d+)?|\d+)(?=[\s.;:,)]|$)"
)
BACK = re.compile(r"\u2191(\d+)(?: p\.(\d+))?")


@pytest.mark.parametrize("name", ["source-assessment", "hezbollah-iraqi-militias"])
def test_markers_ascend_and_a_back_reference_reads_as_one(sample_pdfs: Path, name: str) -> None:
    # "⁴·³" and "7,6 p.11" were: a note quoted before is marked "↑" and comes first, in the
    # order the notes were numbered; the place's own note, the highest number, last
    reader = pypdf.PdfReader(sample_pdfs / "build" / f"{name}.pdf")
    groups = 0
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text() or ""
        for group in MARKER_GROUP.finditer(text):
            marks = group.group().split(",")
            backs = [BACK.fullmatch(mark) for mark in marks[:-1]]
            assert all(backs), group.group()  # only the last may be a note of its own
            places = [(int(b.group(2) or number), int(b.group(1))) for b in backs if b]
            last = BACK.fullmatch(marks[-1])
            if last:
                places.append((int(last.group(2) or number), int(last.group(1))))
            elif "\u2191" in group.group():
                assert all(n < int(marks[-1]) for page_of, n in places if page_of == number)
            assert places == sorted(places), group.group()
            groups += "\u2191" in group.group()
    assert groups >= 3  # the brief quotes excerpts again: there were back-references to read


def test_key_judgments_as_on_the_site(sample_pdfs: Path, sample_index: Index) -> None:
    """Each live key judgment, numbered, with its assessment under it; the withdrawn ones
    below them with why, before the contents."""
    brief = sample_index.briefing.briefs["hezbollah-iraqi-militias"]
    pages = page_texts(sample_pdfs / "build" / f"{brief.record_id}.pdf")
    start = next(i for i, page in enumerate(pages) if "Key judgments" in page)
    end = next(i for i, page in enumerate(pages) if "Contents" in page[:200])
    text = squeeze(" ".join(pages[start:end]))
    places = []
    for number, claim in enumerate((c for c in brief.key_judgments if not c.deprecated), 1):
        words = squeeze(claim.text)[:60]
        assert f"{number}.{words}" in text, words
        places.append(text.index(words))
        assert claim.confidence_level is not None
        assert squeeze(f"{claim.confidence_level} confidence") in text[places[-1] :]
    assert places == sorted(places)
    withdrawn = text.index(squeeze("Withdrawn judgments"))
    assert withdrawn > places[-1]
    for claim in (c for c in brief.key_judgments if c.deprecated):
        assert text.index(squeeze(claim.text)[:60]) > withdrawn
        assert "Deprecated" in text[withdrawn:]
    assert text.count(squeeze("Analyst's judgment (no report cited)")) == sum(
        1 for c in brief.key_judgments if c.judgment and not c.deprecated
    )


def test_the_cover_counts_origins_apart_from_the_reports_they_relay(
    sample_pdfs: Path, sample_index: Index
) -> None:
    # The sample's five captures carry four origins (the machine translation is Reuters'
    # report); their citations relay seven reports from outside the project (al-Hurra,
    # Asharq al-Awsat, ..., and Nasrallah's call, which two outlets report). The cover once
    # added them up as "10 independent origins"; then said "4 independent origins", which a
    # reader faulted: that the stored reports are independent of each other is not shown.
    sources = sample_index.briefing.sources
    origins = {origin_of(source, sources) for source in sources.values()}
    vias = {
        c.via
        for record in sample_index.briefing.records()
        for statement, _ in statements(record)
        for c in statement.cite
        if c.via and c.via not in sources
    }
    cover = squeeze(page_texts(sample_pdfs / "build" / "briefing.pdf")[0])
    expected = f"{len(sources)}sources({len(origins)}originalreports,"
    expected += f"relaying{len(vias)}otherreports)"
    assert (len(sources), len(origins), len(vias)) == (5, 4, 7)
    assert expected in cover, cover


def test_the_cover_counts_the_claims_the_claims_export_lists(
    sample_pdfs: Path, sample_index: Index
) -> None:
    # The cover once counted a brief's editorial paragraphs ("About this briefing") as
    # claims, which the claims export leaves out: 332 claims on the cover, 327 in claims.json.
    stated = list(all_statements(sample_index))
    assert any(b.editorial for blocks in sample_index.blocks.values() for b in blocks)
    claims = len(stated)
    citations = sum(len(s.citations) for s in stated)
    judgments = sum(s.judgment is not None for s in stated)
    cover = squeeze(page_texts(sample_pdfs / "build" / "briefing.pdf")[0])
    assert f"{claims}claims·{citations}citations·{judgments}markedasjudgment" in cover, cover
