"""The support checks stay quiet on honest text, and within their budget on the sample."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from briefing.analysis.support import LONGEST_JUDGED
from briefing.report import check_project
from briefing.warning_kinds import SUPPORT_KINDS

CORPORA = Path(__file__).parent / "corpora"
REPOSITORY = Path(__file__).parents[1]


@pytest.mark.parametrize("name", ["port_strike", "support_honest"])
def test_honest_projects_give_no_support_warning(name: str) -> None:
    # support_honest: two of the sample's articles, every statement attributed and hedged
    # as the articles attribute and hedge it.
    report = check_project(CORPORA / name)
    found = [p.render() for p in report.problems if p.kind in SUPPORT_KINDS]
    assert found == []
    assert not report.errors(strict=True), [p.render() for p in report.errors(strict=True)]


def test_the_sample_stays_within_the_support_budget() -> None:
    # The bar: at most 60 support findings (warnings and notes) on the sample.
    report = check_project(REPOSITORY)
    counts = Counter(p.kind for p in report.problems if p.kind in SUPPORT_KINDS)
    assert sum(counts.values()) <= 60, counts


def test_a_statement_too_long_to_judge_is_named_not_judged(tmp_path: Path) -> None:
    # Each support check reads a statement again: a pasted megabyte cost 3.4 s of CPU (fuzz
    # seed 519139). Past 3,000 characters a statement is named instead of judged, so that
    # no claim hides in it; at the limit it is judged as before.
    project = tmp_path / "project"
    shutil.copytree(CORPORA / "port_strike", project, ignore=shutil.ignore_patterns("build"))
    brief = project / "briefs" / "the-strike.md"
    cited = '[@coastal-herald-2024-10-01-strike-begins, "walked off the job at Harbourton"]'
    judged = "The dockers walked off the job at Harbourton" + " and stayed out" * 197 + "."
    unjudged = judged[:-1] + " too."
    assert len(judged) == LONGEST_JUDGED and len(unjudged) == LONGEST_JUDGED + 4
    brief.write_text(f"{brief.read_text()}\n{judged} {cited}\n\n{unjudged} {cited}\n")

    report = check_project(project)
    found = [p for p in report.problems if p.kind == "unjudged-statement"]
    lines = brief.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith(unjudged))
    column = len(unjudged) + 3  # a sentence's warnings stand at its first citation's id
    assert [p.render() for p in found] == [
        f"briefs/the-strike.md:{line}:{column}: warning: sentence is 3,004 characters "
        "long (at most 3,000): the support checks did not judge it\n"
        "  hint: split it into statements of one point each, each citing the excerpts that "
        "support it, or read it against its excerpts yourself"
    ]


def test_a_statement_of_too_many_clause_excerpt_pairs_is_named_not_judged(tmp_path: Path) -> None:
    # hedge-dropped compares each clause with each excerpt: past 10,000 pairs it used to
    # skip the statement silently.
    project = tmp_path / "project"
    shutil.copytree(CORPORA / "port_strike", project, ignore=shutil.ignore_patterns("build"))
    brief = project / "briefs" / "the-strike.md"
    cited = '[@coastal-herald-2024-10-01-strike-begins, "walked off the job at Harbourton"]'
    sentence = "They walked off the job at Harbourton" + ";a" * 1300 + "."
    assert len(sentence) < LONGEST_JUDGED
    brief.write_text(f"{brief.read_text()}\n{sentence} {' '.join([cited] * 8)}\n")

    found = [p for p in check_project(project).problems if p.kind == "unjudged-statement"]
    assert [p.message for p in found] == [
        "sentence has 10,408 clause-excerpt pairs (at most 10,000): the support checks did "
        "not judge it"
    ]
