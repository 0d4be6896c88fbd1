"""[editorial] paragraphs: about the briefing itself, so no citation is asked of them and no
judgment badge shown; a warning where one cites or estimates, which could hide a claim."""

from __future__ import annotations

from pathlib import Path

from briefing.report import check_project
from briefing.views.exports.statements import all_statements
from briefing.views.pdf.typeset import documents
from briefing.views.site.render import render_pages

BRIEF = "briefs/harbour-repairs.md"
PAGE = "briefs/harbour-repairs/index.md"


def add(project: Path, text: str) -> None:
    brief = project / BRIEF
    brief.write_text(brief.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def paragraphs(data: dict[str, object]) -> list[dict[str, object]]:
    body = data["briefs"][0]["body"]  # type: ignore[index]
    return [node for node in body if node["t"] == "p"]


def test_an_editorial_paragraph_needs_no_citation_and_shows_no_badge(project: Path) -> None:
    add(project, "[editorial] This is the second edition of the brief; see its changes below.")
    report = check_project(project)
    assert not report.errors(), [p.render() for p in report.problems]
    assert not [p for p in report.problems if p.kind == "editorial-claim"]
    page = render_pages(report.index, report.settings, only={PAGE})[PAGE]
    shown = next(line for line in page.splitlines() if "second edition" in line)
    assert shown.startswith('<p class="editorial"><span class="editorial-label">About this')
    assert "judgment-badge" not in shown and "[editorial]" not in shown
    _, data = next(documents(report.index, report.settings, ["harbour-repairs"], False))
    last = paragraphs(data)[-1]
    assert last["editorial"] is True and last["judgment"] is None
    assert str(last["c"][0]).startswith("This is the second edition")  # type: ignore[index]
    # not a statement of the briefing: the claims export leaves it out
    exported = [s.text for s in all_statements(report.index)]
    assert not [text for text in exported if "second edition" in text]


def test_an_editorial_paragraph_that_cites_or_estimates_is_warned(project: Path) -> None:
    add(
        project,
        "[editorial] The council met on Thursday "
        '[@wire-2020-01-10-harbour, "met on Thursday to plan repairs after the storm"].\n\n'
        "[editorial] The next edition will likely say more about the pier.",
    )
    report = check_project(project)
    found = sorted(
        (p.origin.line, p.origin.column, p.message)
        for p in report.problems
        if p.kind == "editorial-claim"
    )
    lines = (project / BRIEF).read_text(encoding="utf-8").splitlines()
    cites = next(n for n, line in enumerate(lines, 1) if line.startswith("[editorial] The council"))
    assert [(line, message.split(":")[0]) for line, _, message in found] == [
        (cites, "editorial paragraph cites a source"),
        (cites + 2, "editorial paragraph estimates ('likely')"),
    ]
    assert found[0][1] == lines[cites - 1].index("[@") + 2  # at the "@", as the check
    assert found[1][1] == lines[cites + 1].index("likely") + 1


def test_an_unmarked_paragraph_without_citation_is_still_an_error(project: Path) -> None:
    add(project, "This is the second edition of the brief.")
    report = check_project(project)
    [error] = report.errors()
    assert error.message == "paragraph has no citation" and "[editorial]" in error.hint
