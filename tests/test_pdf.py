"""The printed briefing: real Typst compiles, read back with pypdf and poppler's tools."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from briefing.check import check_project
from briefing.pdf import PrintedBriefing
from briefing.quotes import normal
from briefing.resolve import Index
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
    text = squeeze(" ".join(pages[:appendix]))
    quotes = expected_quotes(sample_index, brief_id)
    assert quotes
    missing = [quote for quote in quotes if squeeze(quote) not in text]
    assert not missing


def test_the_book_holds_every_brief_and_its_notes(sample_pdfs: Path, sample_index: Index) -> None:
    file = sample_pdfs / "build" / "briefing.pdf"
    text = squeeze(" ".join(page_texts(file)))
    titles = [title for title, _ in outline_titles(file)]
    for brief_id, brief in sample_index.briefing.briefs.items():
        assert brief.title in titles
        assert all(squeeze(q) in text for q in expected_quotes(sample_index, brief_id))


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
    from briefing.prose import read_blocks
    from briefing.typst import ProseConverter

    blocks, problems = read_blocks(PROSE, "briefs/b.md", 5)
    assert not problems
    cited: list[list[str]] = []

    def cite(citations: list) -> list:
        cited.append([c.quote for c in citations])
        return [{"t": "notes", "notes": [c.quote for c in citations]}]

    def link(record_id: str, label: str | None = None) -> dict:
        return {"t": "ref", "to": f"actor-{record_id}", "c": [label or record_id]}

    nodes = ProseConverter(cite, link).convert(PROSE, 5, blocks)
    judgment, heading, items = nodes
    assert judgment == {
        "t": "p",
        "c": ["Analyst's own words, with ", {"t": "em", "c": ["emphasis"]}, "."],
        "judgment": "low",
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
    from briefing.pdf import network_svg

    svg = network_svg(sample_index)
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
