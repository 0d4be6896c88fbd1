"""Capture reads a real page right: what each page of tests/pages/ says about its article
(title, author, publisher, dates, its own address), written down from reading the page, is
what the source's front matter gets, from the saved file and from the page served over HTTP;
the site's furniture is left out of the text and the article's prose never is; and a page
whose JSON-LD is broken or hostile still captures, in time linear in its size."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from briefing.capture.furniture import is_furniture, without_furniture
from conftest import REPOSITORY, VALID, run
from web import PARAGRAPHS, Web, article_page, serving

PAGES = Path(__file__).parent / "pages"


@dataclass(frozen=True)
class Page:
    file: str
    title: str
    byline: str
    publisher: str
    published: str
    modified: str | None
    url: str
    prose: str  # words of the article's text, which must be kept
    furniture: tuple[str, ...] = ()  # words of lines that must not be


EXPECTED = [
    Page(
        "dw.com.colonial.html",
        "Berlin confronts Germany's colonial past with new initiative",
        "Ben Knight",  # "Author: Julia Hitz" under the picture gallery is the gallery's
        "Deutsche Welle",
        "2020-01-19",
        None,
        "https://www.dw.com/en/berlin-confronts-germanys-colonial-past-with-new-initiative/a-52060881",
        "hosted the infamous Berlin Conference",
        ("Read more", "Looted colonial art: Germany to set up new contact office"),
    ),
    Page(
        "reuters.com.parasite.html",
        "'Parasite' scores historic upset at SAG awards, boosting Oscar chances",
        "Jill Serjeant",
        "Reuters",
        "2020-01-19",
        "2020-01-20",
        "https://www.reuters.com/article/us-awards-sag-idUSKBN1ZI0EH",
        "Additional reporting by Steve Gorman; Editing by Marguerita Choy",
        ("Our Standards", "Trust Principles"),
    ),
    Page(
        "scmp.com.playbook.html",
        "Taiwanese President Tsai Ing-wen’s political playbook should be essential reading for "
        "Hong Kong leader Carrie Lam",
        "Alice Wu",
        "South China Morning Post",
        "2020-01-20",
        None,  # changed the same day
        "https://www.scmp.com/comment/opinion/article/3046526/"
        "taiwanese-president-tsai-ing-wens-political-playbook-should-be",
        "televised policy debate in Taipei",
    ),
    Page(
        "zeit.de.zugverkehr.html",
        "Zugverkehr: Im ICE von Frankfurt nach Barcelona",
        "Caspar Schwietering",
        "ZEIT ONLINE",
        "2020-01-14",
        None,
        "https://www.zeit.de/mobilitaet/2020-01/"
        "zugverkehr-christian-lindner-hochgeschwindigkeitsstrecke-eu-kommission",
        "So lange dauert die schnellste Zugverbindung von Madrid nach Stockholm",
    ),
    Page(
        "nationalgeographic.co.uk.goats.html",
        "Ravenous wild goats ruled this island for over a century. Now, it's being reborn.",
        "Michael Hingston",
        "National Geographic",
        "2020-01-03",
        "2020-01-06",
        "https://www.nationalgeographic.co.uk/environment-and-conservation/2020/01/"
        "ravenous-wild-goats-ruled-island-over-century-now-its-being",
        "hidden work that goes into a rewilding",
    ),
    Page(
        "threatpost.com.android.html",
        "Android Ransomware Spreads Via ‘Sex Simulation Game’ Links on Reddit, SMS",
        "Lindsey O'Donnell",
        "Threatpost",
        "2019-07-30",
        None,
        "https://threatpost.com/android-ransomware-spreads-via-sex-simulation-game-links-on-"
        "reddit-sms/146774/",
        "dubbed Android/Filecoder.C",
    ),
    Page(
        "vice.com.amazon.html",
        "The Amazon Is on Fire and the Smoke Can Be Seen from Space",
        "Madeleine Gregory",
        "Vice",
        "2019-08-21",
        None,
        "https://www.vice.com/en_uk/article/d3avvm/"
        "the-amazon-is-on-fire-and-the-smoke-can-be-seen-from-space",
        "the sky above São Paulo, Brazil went dark",
    ),
    Page(
        "theverge.com.ios13.html",
        "iOS 13 will fix the FaceTime eye contact problem",
        "Jon Porter",
        "The Verge",
        "2019-07-03",
        None,
        "https://www.theverge.com/2019/7/3/20680681/"
        "ios-13-beta-3-facetime-attention-correction-eye-contact",
        "staring directly",
    ),
]
IDS = [page.file.removesuffix(".html") for page in EXPECTED]


@pytest.fixture(scope="module")
def web() -> Iterator[Web]:
    with serving() as running:
        html = {"Content-Type": "text/html; charset=utf-8"}
        for page in EXPECTED:
            running.pages[f"/pages/{page.file}"] = (200, html, (PAGES / page.file).read_bytes())
        yield running


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(VALID, tmp_path / "project"))


def captured(project: Path, target: str) -> tuple[dict[str, object], str]:
    result = run("capture", "--allow-private", "-C", str(project), "--id", "page", target)
    assert result.exit_code == 0, result.output
    _, front, text = (project / "sources/page.md").read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), text


def assert_read_right(page: Page, front: dict[str, object], text: str) -> None:
    found = {key: str(front[key]) if key in front else None for key in ("title", "byline")}
    assert found == {"title": page.title, "byline": page.byline}
    assert (front["publisher"], str(front["published"])) == (page.publisher, page.published)
    assert (str(front["modified"]) if "modified" in front else None) == page.modified
    assert page.prose in text
    for words in page.furniture:
        assert words not in text


@pytest.mark.parametrize("page", EXPECTED, ids=IDS)
def test_a_saved_page_gives_its_metadata_and_its_own_address(
    page: Page, project: Path, tmp_path: Path
) -> None:
    saved = tmp_path / page.file
    shutil.copyfile(PAGES / page.file, saved)
    front, text = captured(project, str(saved))
    assert_read_right(page, front, text)
    assert front["url"] == page.url and "canonical_url" not in front


@pytest.mark.parametrize("page", EXPECTED, ids=IDS)
def test_a_served_page_keeps_the_address_fetched_and_the_one_it_gives(
    page: Page, project: Path, web: Web
) -> None:
    front, text = captured(project, web.url(f"/pages/{page.file}"))
    assert_read_right(page, front, text)
    assert front["url"] == web.url(f"/pages/{page.file}")
    assert front["canonical_url"] == page.url


def test_a_page_that_says_nothing_of_itself_keeps_trafilaturas_guesses(project: Path) -> None:
    plain = project.parent / "plain.html"
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    plain.write_text(f"<html><head><title>Harbour repairs</title></head><body>{body}</body></html>")
    front, _ = captured(project, str(plain))
    assert front["title"] == "Harbour repairs"
    assert "url" not in front and "canonical_url" not in front and "modified" not in front


def test_json_ld_in_a_graph_with_authors_in_a_list_is_read(project: Path) -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "#org", "name": "Portville Herald"},
            {"@type": "WebPage", "@id": "https://herald.example/harbour"},
            {
                "@type": ["ReportageNewsArticle"],
                "headline": "Harbour council plans repairs",
                "author": [{"@type": "Person", "name": "Maria Lopez"}, "Tom Weir"],
                "publisher": {"@id": "#org"},
                "datePublished": "2020-01-10T23:30:00-05:00",
                "dateModified": "2020-01-12",
            },
        ],
    }
    page = article_page(PARAGRAPHS).replace(
        b"</head>",
        f'<script type="application/ld+json">{json.dumps(graph)}</script></head>'.encode(),
    )
    saved = project.parent / "graph.html"
    saved.write_bytes(page.replace(b"2020-01-10T08:30:00Z", b"2020-01-11T04:30:00Z"))
    front, _ = captured(project, str(saved))
    assert front["byline"] == "Maria Lopez, Tom Weir"
    # the day the publisher wrote, not the UTC day of article:published_time
    assert (str(front["published"]), str(front["modified"])) == ("2020-01-10", "2020-01-12")


FURNITURE = {
    "Read more: Looted colonial art: Germany to set up new contact office": True,
    "Lesen Sie auch: Die Bahn streicht Nachtzüge": True,
    "Our Standards: The Thomson Reuters Trust Principles.": True,
    "© 2019 Science X Network": True,
    "© Thomson Reuters 2020": True,
    "Read more than 200 books a year, the librarian said.": False,
    "Read more: the council said on Thursday that it would publish the full report on the "
    "damage to the harbour and its piers, with the cost of each repair, the names of the "
    "firms that bid for the work, and the dates by which the north pier, the lighthouse and "
    "the fish market must reopen.": False,
    "Copyright law changed in 2019, the minister said, and the publishers went to court.": False,
    "Our standards are high, the harbour master said.": False,
}


@pytest.mark.parametrize(("line", "expected"), FURNITURE.items(), ids=range(len(FURNITURE)))
def test_furniture_is_a_whole_short_line_of_a_known_pattern(line: str, expected: bool) -> None:
    assert is_furniture(line) is expected


def test_no_line_of_an_existing_source_is_furniture() -> None:
    """The captured texts of the sample and of the test corpora are articles: filtering them
    would drop nothing, so every excerpt cited from them would still be found."""
    texts = [REPOSITORY / "sources", *Path(__file__).parent.glob("corpora/**/sources")]
    lines = [
        line
        for folder in texts
        for file in folder.glob("*.md")
        for line in file.read_text(encoding="utf-8").split("---\n", 2)[-1].splitlines()
        if line.strip()
    ]
    assert len(lines) > 200
    kept, dropped = without_furniture(lines)
    assert dropped == [] and kept == lines


HOSTILE_LD = {
    "malformed": '{"@type": "NewsArticle", "headline": "Broken',
    "wrong types": json.dumps(
        {
            "@type": 7,
            "headline": ["x"],
            "author": {"name": {"first": "A"}},
            "publisher": 3,
            "datePublished": {"y": 2020},
        }
    ),
    "article of wrong types": json.dumps(
        {
            "@type": "NewsArticle",
            "headline": 12,
            "author": [[["Nobody"]], None, 5, {"name": None}],
            "publisher": [None],
            "datePublished": "2020-13-45",
            "dateModified": ["2020-01-01"],
            "url": {"@id": 5},
        }
    ),
    "deeply nested": "[" * 200_000 + "]" * 200_000,
    "deeply nested objects": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "references in a cycle": json.dumps(
        {"@graph": [{"@id": "#a", "author": {"@id": "#a"}, "@type": "Article", "publisher": {}}]}
    ),
}


@pytest.mark.parametrize("ld", HOSTILE_LD.values(), ids=HOSTILE_LD.keys())
def test_a_broken_or_hostile_json_ld_still_captures(ld: str, project: Path) -> None:
    page = article_page(PARAGRAPHS).replace(
        b"</head>", f'<script type="application/ld+json">{ld}</script></head>'.encode()
    )
    saved = project.parent / "hostile.html"
    saved.write_bytes(page)
    front, text = captured(project, str(saved))
    # what the page's other tags say, as if the JSON-LD were not there
    assert front["title"] == "Harbour council plans repairs"
    assert front["byline"] == "Maria Lopez" and front["publisher"] == "Portville Herald"
    assert str(front["published"]) == "2020-01-10"
    assert PARAGRAPHS[0] in text


def test_addresses_and_names_a_source_cannot_hold_are_passed_over(project: Path) -> None:
    tags = (
        '<link rel="canonical" href="http://[broken/harbour">'
        '<meta property="og:url" content="javascript:alert(1)">'
        f'<meta name="citation_title" content="{"Harbour " * 1000}">'
    )
    saved = project.parent / "odd.html"
    saved.write_bytes(article_page(PARAGRAPHS).replace(b"</head>", f"{tags}</head>".encode()))
    front, _ = captured(project, str(saved))
    assert "url" not in front
    assert str(front["title"]).startswith("Harbour Harbour") and len(str(front["title"])) < 250
    from briefing.report import check_project

    assert [p.message for p in check_project(project).errors()] == []


def huge_ld_page(objects: int) -> bytes:
    """A page whose JSON-LD is a graph of many articles, each with authors and references."""
    graph = [
        {
            "@type": "NewsArticle",
            "@id": f"#a{n}",
            "headline": f"Headline {n}",
            "author": [{"@id": f"#a{n - 1}"}, {"name": f"Person {n}"}],
            "publisher": {"@id": f"#a{n + 1}"},
        }
        for n in range(objects)
    ]
    script = json.dumps({"@graph": graph})
    return article_page(PARAGRAPHS).replace(
        b"</head>", f'<script type="application/ld+json">{script}</script></head>'.encode()
    )


def many_labels_page(labels: int) -> bytes:
    """A page of many "By" labels in one paragraph, each too long a name to be taken."""
    words = " ".join(["word"] * 20)
    labels_html = f"<b>By</b> {words} " * labels
    return article_page(PARAGRAPHS).replace(b"<main>", f"<main><p>{labels_html}</p>".encode())


GROWING = {
    "a JSON-LD graph": (huge_ld_page, 10_000),
    "many byline labels": (many_labels_page, 20_000),
}


@pytest.mark.parametrize(("make", "size"), GROWING.values(), ids=GROWING.keys())
def test_reading_a_page_grows_linearly(
    make: Callable[[int], bytes], size: int, tmp_path: Path
) -> None:
    """The time of reading a page's claims grows as the page does (4x the size costs at most
    about 4x, with a margin for a busy machine), measured as CPU time in a process of its
    own, the best of three rounds of both sizes in turn (one slow moment of the machine
    made a single reading of the larger page take 2.5 times its usual time); 4x the JSON-LD
    stays under lxml's 10 MB for one text node."""
    program = (
        "import sys, time\n"
        "from trafilatura import load_html\n"
        "from briefing.capture.page_meta import read_claims\n"
        "trees = [load_html(open(path, 'rb').read()) for path in sys.argv[1:]]\n"
        "best = [float('inf')] * len(trees)\n"
        "for _ in range(3):\n"
        "    for number, tree in enumerate(trees):\n"
        "        start = time.process_time()\n"
        "        claims = read_claims(tree, None)\n"
        "        best[number] = min(best[number], time.process_time() - start)\n"
        "        print(claims.title[0])\n"
        "print(*best)\n"
    )
    pages = []
    for scale in (1, 4):
        page = tmp_path / f"page-{scale}.html"
        page.write_bytes(make(size * scale))
        pages.append(str(page))
    done = subprocess.run(
        [sys.executable, "-c", program, *pages],
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    *titles, seconds = done.stdout.splitlines()
    for title in titles:
        assert title.strip() in ("Headline 0", "Harbour council plans repairs")
    timings = [float(one) for one in seconds.split()]
    assert timings[1] < 8 * max(timings[0], 0.05), timings


def test_a_huge_json_ld_page_captures_whole(project: Path) -> None:
    saved = project.parent / "huge.html"
    saved.write_bytes(huge_ld_page(50_000))
    started = time.monotonic()
    front, text = captured(project, str(saved))
    assert front["title"] == "Headline 0" and PARAGRAPHS[0] in text
    assert time.monotonic() - started < 60
