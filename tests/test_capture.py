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
PROPOSED = "portvilleherald-2020-01-10"  # the publisher, no host name: the page is on 127.0.0.1


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


def test_a_second_article_of_the_day_gets_a_word_of_its_title(web: Web, project: Path) -> None:
    from web import article_page

    web.pages["/2020/01/10/boats.html"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        article_page(PARAGRAPHS[2:] + PARAGRAPHS[:2], title="Storm sinks forty fishing boats"),
    )
    try:
        for path in (ARTICLE, "/2020/01/10/boats.html"):
            result = run("capture", "--allow-private", "-C", str(project), web.url(path))
            assert result.exit_code == 0, result.output
    finally:
        del web.pages["/2020/01/10/boats.html"]
    assert f"wrote sources/{PROPOSED}.md" in run_output(project, ARTICLE, web, "--force")
    front, _ = front_and_text(project / "sources" / f"{PROPOSED}-boats.md")
    assert front["title"] == "Storm sinks forty fishing boats"
    assert front["url"] == web.url("/2020/01/10/boats.html")
    assert sorted(p.name for p in (project / "captures").iterdir()) == [
        f"{PROPOSED}-boats.wacz",
        f"{PROPOSED}.wacz",
    ]


def run_output(project: Path, path: str, web: Web, *options: str) -> str:
    result = run("capture", "--allow-private", "-C", str(project), *options, web.url(path))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_same_url_again_is_the_same_source_not_a_new_id(web: Web, project: Path) -> None:
    run_output(project, ARTICLE, web)
    again = run("capture", "--allow-private", "-C", str(project), web.url(ARTICLE))
    assert again.exit_code == 1
    assert f"source '{PROPOSED}' exists already" in again.output
    assert len(list((project / "sources").glob(f"{PROPOSED}*.md"))) == 1


def test_an_id_taken_by_another_record_is_passed_over(web: Web, project: Path) -> None:
    (project / "events" / f"{PROPOSED}.yml").write_text("name: taken\n")
    assert f"wrote sources/{PROPOSED}-repairs.md" in run_output(project, ARTICLE, web)


def test_id_with_several_urls_is_misuse_that_points_to_from(web: Web, project: Path) -> None:
    result = run(
        "capture",
        "--allow-private",
        "-C",
        str(project),
        "--id",
        "herald",
        web.url(ARTICLE),
        web.url("/gzip/harbour.html"),
    )
    assert result.exit_code == 2
    assert "--id names one source, and 2 were given" in result.output
    assert "--from" in result.output and "'URL ID'" in result.output
    assert not (project / "captures").exists()
    listing = project.parent / "urls.txt"
    listing.write_text(f"{web.url(ARTICLE)}\n")
    result = run("capture", "-C", str(project), "--id", "herald", "--from", str(listing))
    assert result.exit_code == 2
    assert "--id names the one URL or file given with it, not those of --from" in result.output
    assert not (project / "captures").exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.news9.com/story/port-workers", "news9"),
        ("https://www.reuters.com/world/", "reuters"),
        ("https://dw.com/en/a-1", "dw"),
        ("https://news.bbc.co.uk/x", "bbc"),
        ("https://www.abc.net.au/n", "abc"),
        ("https://harbour-watch.blogspot.com/2020/01/", "harbourwatch"),
        ("https://www.zürich-zeitung.ch/", "zurichzeitung"),
        ("http://127.0.0.1:8000/a", None),
        ("http://localhost/a", None),
        (None, None),
    ],
)
def test_the_outlet_is_the_registrable_label_of_the_host(url: str | None, expected: str) -> None:
    from briefing.capture.ids import outlet_name

    assert outlet_name(url) == expected


@pytest.mark.parametrize(
    ("publisher", "expected"),
    [
        ("Portville Herald", "portvilleherald"),
        ("News9 KWTV Oklahoma City", "news9"),
        ("حزب الله", None),
        (None, None),
    ],
)
def test_a_page_without_host_name_is_named_by_its_publisher(
    publisher: str | None, expected: str | None
) -> None:
    from briefing.capture.ids import publisher_name

    assert publisher_name(publisher) == expected


def test_the_ids_tried_are_outlet_and_date_then_title_words_last_first() -> None:
    from itertools import islice

    from briefing.capture.ids import candidates

    title = "Port workers reach preliminary deal"
    assert list(islice(candidates("news9", "2024-10-04", title), 7)) == [
        "news9-2024-10-04",
        "news9-2024-10-04-deal",
        "news9-2024-10-04-preliminary",
        "news9-2024-10-04-reach",
        "news9-2024-10-04-workers",
        "news9-2024-10-04-port",
        "news9-2024-10-04-2",
    ]
    assert next(candidates(None, None, "The pier of the town")) == "pier-town"
    assert next(candidates("debkaweekly", None, "Nasrallah sent to Iraq")) == "debkaweekly-iraq"
    assert next(candidates("debkaweekly", None, None)) == "debkaweekly"
    assert next(candidates(None, None, "حزب الله")) == "source"
