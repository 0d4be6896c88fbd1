"""Capture, end to end against a local web of publishers (tests/web.py): pages become sources
with their provenance, the bytes as fetched are kept as WARC inside a WACZ, and bad input
writes nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from warcio.archiveiterator import ArchiveIterator

from briefing.check.fixity import text_hash
from briefing.report import check_project
from conftest import VALID, run
from web import PARAGRAPHS, REPORT_PAGES, Web, serving, warc_in

ARTICLE = "/2020/01/10/harbour-council.html"
PROPOSED = "portvilleherald-2020-01-10-harbour-council-plans-repairs"


@pytest.fixture(scope="module")
def web() -> Iterator[Web]:
    with serving() as running:
        yield running


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(VALID, tmp_path / "project"))


def front_and_text(file: Path) -> tuple[dict[str, object], str]:
    _, front, text = file.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), text


def files_of(project: Path) -> set[str]:
    return {path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()}


def test_a_page_becomes_a_source_with_its_provenance(web: Web, project: Path) -> None:
    result = run("capture", "--allow-private", "-C", str(project), web.url(ARTICLE))
    assert result.exit_code == 0, result.output
    assert f"wrote sources/{PROPOSED}.md and captures/{PROPOSED}.wacz" in result.output
    front, text = front_and_text(project / "sources" / f"{PROPOSED}.md")
    assert front["title"] == "Harbour council plans repairs"
    assert front["publisher"] == "Portville Herald"
    assert front["byline"] == "Maria Lopez"
    assert front["published"] == "2020-01-10"
    assert front["language"] == "en"
    assert front["url"] == web.url(ARTICLE)
    assert front["reliability"] == "ungraded"
    assert front["sha256"] == text_hash(text)
    assert str(front["retrieved"]).endswith("Z")
    # paragraphs as lines, and nothing of the page around the article
    for paragraph in PARAGRAPHS:
        assert paragraph in text.split("\n")
    for boilerplate in ("cookies", "Related stories", "Great article", "Subscribe", "©"):
        assert boilerplate not in text


def test_the_warc_keeps_request_and_response_with_the_original_bytes(
    web: Web, project: Path
) -> None:
    assert run("capture", "--allow-private", "-C", str(project), web.url(ARTICLE)).exit_code == 0
    with warc_in(project / "captures" / f"{PROPOSED}.wacz") as stream:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(stream)
            if r.rec_type in ("request", "response")
        ]
    served = web.pages[ARTICLE][2]
    assert records == [("request", web.url(ARTICLE), b""), ("response", web.url(ARTICLE), served)]


def test_redirects_are_followed_and_recorded(web: Web, project: Path) -> None:
    result = run(
        "capture",
        "--allow-private",
        "-C",
        str(project),
        "--id",
        "herald-harbour",
        web.url("/old/harbour"),
    )
    assert result.exit_code == 0, result.output
    front, _ = front_and_text(project / "sources/herald-harbour.md")
    assert front["url"] == web.url(ARTICLE)
    assert front["redirects"] == [web.url("/old/harbour"), web.url("/go/harbour")]
    with warc_in(project / "captures/herald-harbour.wacz") as stream:
        statuses = [
            r.http_headers.get_statuscode()
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert statuses == ["301", "302", "200"]


def test_a_gzipped_page_is_read_and_archived_as_sent(web: Web, project: Path) -> None:
    result = run(
        "capture",
        "--allow-private",
        "-C",
        str(project),
        "--id",
        "gzipped",
        web.url("/gzip/harbour.html"),
    )
    assert result.exit_code == 0, result.output
    _, text = front_and_text(project / "sources/gzipped.md")
    assert PARAGRAPHS[0] in text
    with warc_in(project / "captures/gzipped.wacz") as stream:
        (body,) = [r.raw_stream.read() for r in ArchiveIterator(stream) if r.rec_type == "response"]
    assert body == web.pages["/gzip/harbour.html"][2]


def test_capture_then_check_then_build_shows_the_provenance(web: Web, project: Path) -> None:
    assert run("capture", "--allow-private", "-C", str(project), web.url(ARTICLE)).exit_code == 0
    report = check_project(project)
    messages = [p.message for p in report.problems]
    assert f"source '{PROPOSED}' is not graded yet" in messages
    assert report.errors() == []  # only warnings: ungraded, never cited
    from briefing.views.site.render import render_pages

    page = render_pages(report.index, report.settings)[f"sources/{PROPOSED}.md"]
    assert "- **Captured:** " in page and "the bytes as fetched are kept in captures/" in page
    assert f"`{text_hash(front_and_text(project / 'sources' / f'{PROPOSED}.md')[1])}`" in page
    assert "**ungraded**, not graded yet." in page


def test_a_pdf_keeps_its_pages_and_a_citation_shows_its_page(web: Web, project: Path) -> None:
    url = web.url("/reports/harbour-survey.pdf")
    result = run("capture", "--allow-private", "-C", str(project), "--id", "harbour-survey", url)
    assert result.exit_code == 0, result.output
    front, text = front_and_text(project / "sources/harbour-survey.md")
    assert front["title"] == "Harbour damage survey 2020"
    lines = text.split("\n")
    pages = front["pages"]
    assert isinstance(pages, list) and len(pages) == 3
    for number, start in enumerate(pages):
        assert lines[start - 1].startswith(REPORT_PAGES[number][:20])
    # cite page 2 from an actor, and find "p. 2" in the site's note and the PDF's note
    actor = project / "actors/harbour-council.yml"
    actor.write_text(
        actor.read_text().replace(
            "  cite:\n",
            "  cite:\n    - source: harbour-survey\n"
            "      quote: The north pier needs new piles before the summer season\n",
            1,
        )
    )
    report = check_project(project)
    assert report.errors() == [], [p.render() for p in report.errors()]
    (excerpt,) = [e for e in report.index.excerpts.values() if e.source_id == "harbour-survey"]
    assert excerpt.page == 2
    from briefing.views.pdf.data import PrintedBriefing
    from briefing.views.pdf.scope import scope_of
    from briefing.views.site.render import render_pages

    pages_md = render_pages(report.index, report.settings)
    assert "the summer season”, p. 2 · [excerpt]" in pages_md["actors/harbour-council.md"]
    assert "page 2" in pages_md["sources/harbour-survey.md"]
    briefs = list(report.index.briefing.briefs.values())
    printed = PrintedBriefing(report.index, report.settings, scope_of(report.index, briefs, True))
    assert printed.note(excerpt)["page"] == ", p. 2"
    # and in the PDF itself, as a reader's tool reads it
    assert run("pdf", str(project), "--book").exit_code == 0
    from pypdf import PdfReader

    # A hyphen glyph that Typst also set at a line break reads back as a soft hyphen (U+00AD).
    printed_text = " ".join(
        page.extract_text() for page in PdfReader(project / "build/briefing.pdf").pages
    ).replace("\u00ad", "-")
    assert "summer season”, p. 2" in " ".join(printed_text.split())
    assert f"SHA-256 of the text {front['sha256']}" in " ".join(printed_text.split())


BAD_INPUT = {
    "not http": ("ftp://127.0.0.1/file", "is not an http(s) address"),
    "redirect to ftp": ("/to-ftp", "is not an http(s) address"),
    "404": ("/missing", "answered 404 Not Found"),
    "410": ("/gone", "answered 410 Gone"),
    "no article": ("/signin", "no article text found in the page"),
    "not html": ("/data.json", "is 'application/json', not a web page or a PDF"),
    "too large": ("/huge", "more than the limit of 1,000,000 bytes"),
    "too large, unannounced": ("/huge-unannounced", "more than the limit of 1,000,000 bytes"),
    "no text layer": ("/reports/scan.pdf", "the PDF has no text layer"),
    "slow": ("/slow", "no answer from 127.0.0.1"),
}


@pytest.mark.parametrize(("path", "message"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_gets_a_clear_error_and_writes_nothing(
    web: Web, project: Path, path: str, message: str
) -> None:
    before = files_of(project)
    url = path if "://" in path else web.url(path)
    result = run(
        "capture", "--allow-private", "-C", str(project), "--max-mb", "1", "--timeout", "0.5", url
    )
    assert result.exit_code == 1
    assert message in result.output
    assert "hint:" in result.output or path in ("/data.json",)
    assert files_of(project) == before


def test_an_existing_id_is_not_overwritten_without_force(web: Web, project: Path) -> None:
    source = project / "sources/wire-2020-01-10-harbour.md"
    before = source.read_bytes()
    arguments = [
        "capture",
        "--allow-private",
        "-C",
        str(project),
        "--id",
        "wire-2020-01-10-harbour",
        web.url(ARTICLE),
    ]
    result = run(*arguments)
    assert result.exit_code == 1
    assert "source 'wire-2020-01-10-harbour' exists already" in result.output
    assert source.read_bytes() == before
    assert not (project / "captures").exists()
    assert run(*arguments, "--force").exit_code == 0
    assert source.read_bytes() != before


def test_many_urls_from_a_list_go_on_past_one_that_fails(web: Web, project: Path) -> None:
    listing = project.parent / "urls.txt"
    listing.write_text(
        f"# the harbour story\n{web.url(ARTICLE)}\n{web.url('/missing')}\n"
        f"{web.url('/reports/harbour-survey.pdf')}\n"
    )
    result = run("capture", "--allow-private", "-C", str(project), "--from", str(listing))
    assert result.exit_code == 1
    assert "2 captured, 1 failed" in result.output
    assert len(list((project / "sources").glob("*.md"))) == 4
    assert len(list((project / "captures").glob("*.wacz"))) == 2


def test_a_list_gives_each_url_its_id(web: Web, project: Path) -> None:
    listing = project.parent / "urls.txt"
    listing.write_text(
        f"{web.url(ARTICLE)}  herald-harbour   # the short id to cite it by\n"
        f"{web.url('/reports/harbour-survey.pdf')}\n"
    )
    result = run("capture", "--allow-private", "-C", str(project), "--from", str(listing))
    assert result.exit_code == 0, result.output
    assert (project / "sources" / "herald-harbour.md").is_file()
    assert (project / "captures" / "herald-harbour.wacz").is_file()
    assert len(list((project / "captures").glob("*.wacz"))) == 2


def test_a_list_line_of_three_fields_is_misuse(project: Path) -> None:
    listing = project.parent / "urls.txt"
    listing.write_text("https://example.org/a one two\n")
    result = run("capture", "-C", str(project), "--from", str(listing))
    assert result.exit_code == 2
    assert "line 1 of --from has 3 fields" in result.output


def test_a_saved_html_file_is_captured_with_its_bytes(project: Path, tmp_path: Path) -> None:
    from web import article_page

    saved = tmp_path / "saved.html"
    saved.write_bytes(article_page(PARAGRAPHS))
    result = run(
        "capture", "--allow-private", "-C", str(project), "--id", "saved-harbour", str(saved)
    )
    assert result.exit_code == 0, result.output
    front, _ = front_and_text(project / "sources/saved-harbour.md")
    assert "url" not in front and front["publisher"] == "Portville Herald"
    with warc_in(project / "captures/saved-harbour.wacz") as stream:
        (record,) = list(ArchiveIterator(stream))
    assert record.rec_type == "resource"


@pytest.mark.parametrize(
    ("url", "title", "published", "expected"),
    [
        (
            "https://www.arabnews.com/node/1",
            "Hezbollah steps in to guide Iraqi militias",
            "2020-02-11",
            "arabnews-2020-02-11-hezbollah-steps-guide-iraqi-militias",
        ),
        ("https://news.bbc.co.uk/x", "The pier", None, "bbc-pier"),
        ("https://www.abc.net.au/n", "حزب الله", "2020", "abc-2020"),
        (None, None, None, "source"),
    ],
)
def test_a_proposed_id_is_site_date_and_title_words(
    url: str | None, title: str | None, published: str | None, expected: str
) -> None:
    from briefing.capture.article import propose_id, site_name

    assert propose_id(site_name(url), published, title) == expected
