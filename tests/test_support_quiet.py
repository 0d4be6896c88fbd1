"""The support checks stay quiet on honest text, and within their budget on the sample."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

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
