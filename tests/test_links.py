"""`[[id|label]]`: a link to a record that shows the brief's own words, on the site, in the
PDF and in one-line summaries; the id alone is what the checker resolves."""

from __future__ import annotations

from pathlib import Path

from briefing.check.prose import read_blocks
from briefing.report import check_project
from briefing.views.pdf.data import PrintedBriefing
from briefing.views.pdf.scope import scope_of
from briefing.views.prose_tree import ProseConverter
from briefing.views.site.render import render_pages
from conftest import run

LABELLED = "the [[harbour-council|council]] met"


def _labelled(project: Path) -> Path:
    brief = project / "briefs" / "harbour-repairs.md"
    text = brief.read_text()
    assert "the [[harbour-council]] met" in text
    brief.write_text(text.replace("the [[harbour-council]] met", LABELLED))
    return project


def test_the_label_is_not_part_of_the_id() -> None:
    read = read_blocks("[[harbour-council | the council]] and [[ana-ruiz]].", "b", 1)
    assert not read.problems
    assert [target for target, _ in read.blocks[0].links] == ["harbour-council", "ana-ruiz"]


def test_an_unknown_id_with_a_label_is_reported_by_its_id(project: Path) -> None:
    brief = project / "briefs" / "harbour-repairs.md"
    brief.write_text(brief.read_text().replace("[[harbour-council]]", "[[harbor-council|it]]"))
    result = run("check", str(project))
    assert "error: unknown record '[[harbor-council]]'" in result.output
    assert "did you mean 'harbour-council'?" in result.output


def test_the_site_shows_the_label_as_the_link(project: Path) -> None:
    report = check_project(_labelled(project))
    assert not report.errors(), [p.render() for p in report.problems]
    page = render_pages(report.index, report.settings)["briefs/harbour-repairs/index.md"]
    assert 'the <a href="../../actors/harbour-council/">council</a> met' in page


def test_the_pdf_shows_the_label_as_the_reference(project: Path) -> None:
    report = check_project(_labelled(project))
    briefs = list(report.index.briefing.briefs.values())
    printed = PrintedBriefing(report.index, report.settings, scope_of(report.index, briefs, True))
    prose = report.index.prose["harbour-repairs"]
    nodes = ProseConverter(printed.prose_notes, printed.ref).convert(prose)
    text = repr(nodes)
    assert "'c': ['council']" in text
    assert "Portville Harbour Council" not in text
