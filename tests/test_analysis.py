"""Reporting chains, confidence and retraction on a small corpus of their own."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from briefing.analysis.synthesis import Synthesis
from briefing.report import check_project
from briefing.views.site.render import render_pages
from browser import document_ready, serve, wait_for
from conftest import CORPORA, REPOSITORY, run

ANALYSIS = CORPORA / "analysis"
pytest_plugins = ["browser"]


def test_an_outlet_relaying_another_counts_once() -> None:
    report = check_project(ANALYSIS)
    synthesis = Synthesis(report.index)
    actor = report.index.briefing.actors["port-authority"]
    # the Daily relays the Wire: the summary rests on the Wire's report alone
    assert synthesis.statement_origins(actor.summary) == {"wire-2021-03-01-port"}
    # 'Reuters' and 'Reuters.' relayed by two outlets are one origin outside the project
    value = next(c for c in actor.claims if c.claim_id == "crane-order-value")
    assert synthesis.statement_origins(value) == {"named:reuters"}
    listed = run("check", "--list", "single-origin", str(ANALYSIS)).output
    assert "claim 'crane-order-value' rests on a single origin ('Reuters')" in listed


def test_a_note_says_the_chain() -> None:
    report = check_project(ANALYSIS)
    page = render_pages(report.index, report.settings, only={"actors/port-authority.md"})
    text = html.unescape(page["actors/port-authority.md"])
    assert "Portville Daily, relaying Reuters; a port official, 2 March 2021" in text
    assert "Portville Daily, relaying Example Wire, 2 March 2021" in text
    assert "Example Wire; two officials, 1 March 2021" in text


def test_a_retracted_source_flags_what_rests_on_it(tmp_path: Path) -> None:
    result = run("check", str(ANALYSIS))
    assert (
        "actors/port-authority.yml:23:5: warning: claim 'crane-deal-rigged' rests only on "
        "retracted source 'tabloid-2021-03-04-port'" in result.output
    )
    assert (
        "briefs/port-cranes.md:27:1: warning: paragraph rests only on retracted source "
        "'tabloid-2021-03-04-port'" in result.output
    )
    report = check_project(ANALYSIS)
    pages = render_pages(report.index, report.settings)
    actor = html.unescape(pages["actors/port-authority.md"])
    assert "Rests only on a withdrawn source: Portville Tabloid (retracted 10 March 2021)" in actor
    assert "Still rests on: Portville Herald" in actor
    assert "Deprecated 5 March 2021" in actor
    # the claim that supersedes it is named by its words, not by its id
    assert "Superseded by: “The authority expects the cranes before the winter.”" in actor
    assert "(retracted source: this rests on nothing else)" in html.unescape(
        pages["briefs/port-cranes/index.md"]
    )


def test_cited_judgment_shows_its_confidence_and_likelihood() -> None:
    report = check_project(ANALYSIS)
    page = render_pages(report.index, report.settings, only={"briefs/port-cranes/index.md"})
    text = html.unescape(page["briefs/port-cranes/index.md"])
    assert "high confidence" in text
    assert (
        "moderate confidence · likely (55-80%)</p><p><strong>Horizon:</strong> by the end" in text
    )


def test_two_editions_show_their_differences(tmp_path: Path) -> None:
    report = check_project(ANALYSIS)
    page = render_pages(report.index, report.settings, only={"briefs/port-cranes/index.md"})
    text = html.unescape(page["briefs/port-cranes/index.md"])
    assert "## What changed since edition first" in text
    assert (
        '- <span id="changed-kj-cranes-ordered"></span>Changed (confidence moderate → high): '
        "The port authority ordered four cranes." in text
    )
    assert "- Deprecated: The cranes were to arrive in the autumn." in text
    assert "- Removed: The cranes were ordered on a Friday." in text
    assert "- Regraded B → C: Port spends big on cranes" in text
    result = run("check", str(ANALYSIS))
    assert (
        "briefs/port-cranes.md:16:5: warning: key judgment 'kj-capacity-grows' changed since "
        "edition 'first' (wording) with no reason given" in result.output
    )


def test_edition_refuses_to_overwrite(tmp_path: Path) -> None:
    project = Path(shutil.copytree(ANALYSIS, tmp_path / "project"))
    result = run("edition", "first", str(project))
    assert result.exit_code == 1
    assert "edition 'first' exists already" in result.output
    assert run("edition", "second", str(project)).exit_code == 0
    assert "kj-cranes-ordered:" in (project / "editions" / "second.yml").read_text()
    # which edition is then compared with: tests/test_editions.py


@pytest.fixture(scope="module")
def analysis_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The analysis corpus built whole, site and PDFs, as a reader gets it."""
    project = Path(shutil.copytree(ANALYSIS, tmp_path_factory.mktemp("analysis") / "project"))
    shutil.rmtree(project / "build", ignore_errors=True)
    result = run("build", str(project))
    assert result.exit_code == 0, result.output
    return project


def test_the_pdf_shows_chains_flags_and_what_changed(analysis_built: Path) -> None:
    from test_pdf import page_texts, squeeze

    text = squeeze(" ".join(page_texts(analysis_built / "build" / "port-cranes.pdf")))
    for said in (
        "Portville Daily, relaying Reuters; a port official",
        "Rests only on a withdrawn source: Portville Tabloid (retracted 10 March 2021)",
        "Deprecated 5 March 2021",
        "What changed since edition first",
        "Changed (confidence moderate → high): The port authority ordered four cranes.",
        "Regraded B → C",
        "likely (55-80%)",
        # the key judgments as on the site: each one's words, then its assessment
        "The port authority ordered four cranes.",
        "high confidence",
        "The port will handle more ships by next year. Changed since edition first Analyst's"
        " judgment (no report cited) · moderate confidence · likely (55-80%) Horizon: by the end"
        " of 2022 Basis: Four cranes add capacity once installed.",
    ):
        assert squeeze(said) in text, said


def test_the_site_shows_what_changed_and_the_flags_in_the_browser(  # type: ignore[no-untyped-def]
    chromium, analysis_built: Path
) -> None:
    with serve(analysis_built / "build" / "site") as base_url:
        chromium.get(base_url + "briefs/port-cranes/")
        wait_for(chromium, document_ready)
        shown = chromium.find_element("css selector", "article").text
        assert "What changed since edition first" in shown
        assert "Changed (confidence moderate → high)" in shown
        flag = chromium.find_element("css selector", ".withdrawn")
        assert flag.is_displayed() and "retracted source" in flag.text
        # one design for every key judgment, cited or the analyst's own: its words, then one
        # box of its assessment (a badge inline for one, a box for the other, before)
        judgments = chromium.find_elements("css selector", "ol.key-judgments > li")
        assert [j.get_attribute("id") for j in judgments] == [
            "kj-cranes-ordered",
            "kj-capacity-grows",
        ]
        boxes = [j.find_elements("css selector", ".kj-assessment") for j in judgments]
        assert [len(found) for found in boxes] == [1, 1]
        assert boxes[0][0].text == "high confidence"
        assert boxes[1][0].text.splitlines() == [
            "Analyst's judgment (no report cited) · moderate confidence · likely (55-80%)",
            "Horizon: by the end of 2022",
            "Basis: Four cranes add capacity once installed.",
        ]
        assert not chromium.find_elements("css selector", ".key-judgments .judgment-badge")
        chromium.get(base_url + "actors/port-authority/")
        wait_for(chromium, document_ready)
        deprecated = chromium.find_element("css selector", ".deprecated")
        assert deprecated.is_displayed() and "Superseded by" in deprecated.text


def test_the_site_marks_the_changed_words_in_the_browser(  # type: ignore[no-untyped-def]
    chromium, analysis_built: Path
) -> None:
    """The words a judgment lost are struck and those it gained underlined, not only
    tinted, and said to a screen reader; its mark in the key judgments leads to its change."""
    with serve(analysis_built / "build" / "site") as base_url:
        chromium.get(base_url + "briefs/port-cranes/")
        wait_for(chromium, document_ready)
        style = "return getComputedStyle(arguments[0], arguments[1])"
        for tag, words, line, said in [
            ("del", "this", "line-through", '" [deleted: "'),
            ("ins", "by next", "underline", '" [inserted: "'),
        ]:
            [marked] = [
                element
                for element in chromium.find_elements("css selector", f".rewording {tag}")
                if element.text == words
            ]
            assert marked.is_displayed()
            decoration = chromium.execute_script(style + ".textDecorationLine", marked, None)
            assert decoration == line
            assert chromium.execute_script(style + ".content", marked, "::before") == said
        mark = chromium.find_element("css selector", "#kj-capacity-grows a.changed-mark")
        assert mark.text == "Changed since edition first"
        mark.click()
        wait_for(
            chromium, lambda browser: browser.current_url.endswith("#changed-kj-capacity-grows")
        )
        change = chromium.find_element("css selector", "#changed-kj-capacity-grows").find_element(
            "xpath", ".."
        )
        assert "Before: The port will handle more ships this year." in change.text
        assert "Now: The port will handle more ships by next year." in change.text


def test_the_claims_export_counts_origins_as_the_check_does() -> None:
    """A relayed report counts as its origin in the exports too (they counted the outlets)."""
    import json

    from briefing.views.exports import export_files

    report = check_project(ANALYSIS)
    data = json.loads(export_files(report.index, report.settings, ["claims"])["claims.json"])
    rows = data["claims"]
    origins = {row["statement_id"]: row["origins"] for row in rows}
    assert origins["port-authority#crane-order-value"] == 1  # 'Reuters' relayed by two outlets
    assert origins["port-authority#summary"] == 1  # the Daily relays the Wire
    # a cited key judgment keeps its confidence, and a deprecated claim says so, as the
    # site does (a reader of the sample's exports took a withdrawn judgment as standing)
    by_id = {row["statement_id"]: row for row in rows}
    held = by_id["port-cranes#kj-cranes-ordered"]
    assert (held["judgment"], held["confidence"], held["deprecated"]) == (False, "high", "")
    withdrawn = by_id["port-authority#cranes-before-winter"]
    assert withdrawn["deprecated"] == (
        "Deprecated 5 March 2021: The wire says only that they are expected before the winter."
    )
    table = export_files(report.index, report.settings, ["claims"])["claims.csv"]
    assert ",Deprecated 5 March 2021: The wire says only" in table


def test_a_withdrawn_statement_is_not_among_what_rests_on_a_report() -> None:
    """The sample's withdrawn key judgment (deprecated, superseded) was listed on the pages
    of the Reuters report and the unnamed outlet among what would fall with them, with no
    mark, as if it stood; a fresh reader read it as a live judgment."""
    report = check_project(REPOSITORY)
    synthesis = Synthesis(report.index)
    shown = {
        dependent.anchor
        for rests in synthesis.rests.values()
        for dependent in [*rests.alone, *rests.shared]
    }
    assert any("kj-role-interim-extent-contested" in anchor for anchor in shown), shown
    assert not any("kj-role-limited-and-interim" in anchor for anchor in shown), shown


_UNNAMED_RELAY = """\
  - id: crane-contract-seen
    text: The crane contract was signed on Monday.
    cite:
      - source: wire-2021-03-01-port
        quote: The port authority ordered four new cranes on Monday
      - source: herald-2021-03-03-port
        quote: saw the crane contract signed in the mayor's office on Monday
        via: reports it does not name
        may_be: [{may_be}]
"""


@pytest.mark.parametrize(
    ("may_be", "origins"),
    [
        # the reports the Herald relays may be the Wire's, which the claim cites: one origin
        ("wire-2021-03-01-port", 1),
        # one of several it may be is cited beside it: it may be that one
        ("Reuters, wire-2021-03-01-port", 1),
        # they may be Reuters', which the claim does not cite beside them: two origins
        ("Reuters", 2),
    ],
)
def test_a_relay_of_unnamed_reports_counts_as_none_beside_an_origin_it_may_be(
    may_be: str, origins: int, tmp_path: Path
) -> None:
    """Readers of the sample's third edition (seven of eight) read the claims export's
    origins against the prose: a relay of reports the outlet does not name, which may be
    those of an origin cited beside it, was counted as a second origin."""
    import json

    from briefing.views.exports import export_files

    root = Path(shutil.copytree(ANALYSIS, tmp_path / "project"))
    actor = root / "actors" / "port-authority.yml"
    text = actor.read_text(encoding="utf-8").replace(
        "claims:\n", "claims:\n" + _UNNAMED_RELAY.format(may_be=may_be), 1
    )
    actor.write_text(text, encoding="utf-8")
    report = check_project(root)
    assert not report.errors(), report.errors()
    synthesis = Synthesis(report.index)
    claim = next(c for c in report.index.briefing.actors["port-authority"].claims)
    assert len(synthesis.statement_origins(claim)) == origins
    data = json.loads(export_files(report.index, report.settings, ["claims"])["claims.json"])
    counted = {row["statement_id"]: row["origins"] for row in data["claims"]}
    assert counted["port-authority#crane-contract-seen"] == origins
    # each citation says the chain it is counted by
    row = next(r for r in data["claims"] if r["statement_id"].endswith("crane-contract-seen"))
    relay = row["citations"][1]
    assert (relay["via"], relay["may_be"]) == ("reports it does not name", may_be.split(", "))
    assert "via" not in row["citations"][0]
    table = export_files(report.index, report.settings, ["claims"])["claims.csv"]
    assert f"herald-2021-03-03-port (via reports it does not name, may be: {may_be}):" in table
    listed = run("check", "--no-cache", "--list", "single-origin", str(root)).output
    single = "claim 'crane-contract-seen' rests on a single origin"
    assert (single in listed) is (origins == 1), listed


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "        via: reports it does not name\n",
            "",
            "actors/port-authority.yml:20:17: error: 'may_be' without 'via'",
        ),
        (
            "may_be: [wire-2021-03-01-port]",
            "may_be: [wire-2021-03-01-prot]",
            "actors/port-authority.yml:21:17: error: unknown source 'wire-2021-03-01-prot' in "
            "'may_be'",
        ),
    ],
)
def test_may_be_is_a_relay_and_names_sources_that_exist(
    old: str, new: str, message: str, tmp_path: Path
) -> None:
    root = Path(shutil.copytree(ANALYSIS, tmp_path / "project"))
    actor = root / "actors" / "port-authority.yml"
    claim = _UNNAMED_RELAY.format(may_be="wire-2021-03-01-port").replace(old, new)
    text = actor.read_text(encoding="utf-8").replace("claims:\n", "claims:\n" + claim, 1)
    actor.write_text(text, encoding="utf-8")
    result = run("check", "--no-cache", str(root))
    assert result.exit_code == 1
    assert message in result.output, result.output
