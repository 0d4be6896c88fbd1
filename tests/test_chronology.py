"""Events in the order a reader expects: a date known only to the month or the year is not
earlier than the dated events in it, and a range says "some time between"."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from briefing.analysis.synthesis import Synthesis
from briefing.records.dates import chronology_date, date_key, parse_when, show_date
from briefing.report import check_project
from conftest import REPOSITORY, run

ORDERED = [
    "2019-12-31",
    "2019",
    "2020-01-03",
    "~2020-01-09",
    "2020-01-31",
    "2020-01",
    "2020-01/2020-02",
    "2020-01/2020-03",
    "2020-02-01",
    "2020-02-01/2020-02-11",
    "2020-12-31",
    "2020-12",
    "2020",
    "2020/2021",
    "2021-01",
]


def test_a_partial_date_follows_the_dated_days_within_it() -> None:
    assert sorted(reversed(ORDERED), key=date_key) == ORDERED


@pytest.mark.parametrize(
    ("text", "shown", "in_chronology"),
    [
        ("2020-01-03", "3 January 2020", "3 January 2020"),
        ("2020-01", "January 2020", "January 2020, day unknown"),
        ("2020", "2020", "2020, date within the year unknown"),
        ("~2005", "c. 2005", "c. 2005"),
        ("2020-01/2020-02", "between January and February 2020", None),
        ("2020-01-03/2020-02-11", "between 3 January and 11 February 2020", None),
        ("2019-12/2020-02", "between December 2019 and February 2020", None),
        ("2019/2020", "between 2019 and 2020", None),
        ("~2020-01/2020-03", "between c. January 2020 and March 2020", None),
    ],
)
def test_dates_as_a_reader_says_them(text: str, shown: str, in_chronology: str | None) -> None:
    assert show_date(text) == shown
    assert chronology_date(text) == (in_chronology or shown)


@pytest.mark.parametrize(
    ("text", "ordered"),
    [
        ("2020-01/2020-02", True),
        ("2020-01-31/2020-02", True),
        ("2020-01/2020-01-31", True),  # January, by its last day at the latest
        ("2020-02/2020-01", False),
        ("2020/2020-03", False),  # the year may run past March: write 2020-01/2020-03
        ("2021/2020", False),
    ],
)
def test_a_range_runs_forwards(text: str, ordered: bool) -> None:
    when = parse_when(text)
    assert when is not None and when.end is not None
    assert when.ordered == ordered


def test_the_sample_chronology_puts_allawi_named_before_allawi_withdraws() -> None:
    synthesis = Synthesis(check_project(REPOSITORY).index)
    order = [event.record_id for event in synthesis.events_in_order()]
    assert order.index("2020-allawi-named-prime-minister") < order.index("2020-allawi-withdraws")
    # a month stands at its end, after the days dated in it; a range "some time between"
    # where its start would, after a plain date there
    assert order.index("2020-01-khamenei-entrusts-nasrallah") > order.index(
        "2020-01-14-sadr-march-of-millions"
    )
    meetings = order.index("2020-01-hezbollah-iraqi-militia-meetings")  # 2020-01-03/2020-01-31
    assert order.index("2020-01-03-baghdad-airport-strike") < meetings
    assert meetings < order.index("2020-01-05-nasrallah-statement")
    # the home page's latest events: latest first, Allawi's withdrawal before his naming
    latest = [event.record_id for event in synthesis.latest_events(3)]
    assert latest.index("2020-allawi-withdraws") < latest.index("2020-allawi-named-prime-minister")
    assert latest[0] != order[0] and len(latest) == 3


def _set_date(project: Path, old: str, new: str) -> None:
    event = project / "events" / "2020-01-09-council-meeting.yml"
    text = event.read_text(encoding="utf-8")
    assert old in text
    event.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_backwards_range_is_an_error_at_its_key(project: Path) -> None:
    _set_date(project, "date: 2020-01-09", "date: 2020-03/2020-01")
    result = run("check", str(project))
    assert result.exit_code == 1
    assert (
        "events/2020-01-09-council-meeting.yml:2:7: error: the range '2020-03/2020-01' ends "
        "before it starts"
    ) in result.output
    assert "hint: write the earlier date first" in result.output


def test_a_range_with_a_bad_day_says_which(project: Path) -> None:
    _set_date(project, "date: 2020-01-09", "date: 2020-01/2020-02-30")
    result = run("check", str(project))
    assert result.exit_code == 1
    assert "day 30 is out of range (February 2020 has 29 days)" in result.output


def test_an_event_may_end_in_the_month_it_starts(project: Path) -> None:
    _set_date(project, "date: 2020-01-09", "date: 2020-01-09\nend: 2020-01")
    assert run("check", str(project)).exit_code == 0


def test_exports_keep_a_range_as_a_range(project: Path) -> None:
    from followthemoney import model

    _set_date(project, "date: 2020-01-09", "date: 2020-01-09/2020-01-10")
    actor = project / "actors" / "ana-ruiz.yml"
    actor.write_text(
        actor.read_text(encoding="utf-8").replace("from: 2020-01", "from: 2019-12/2020-01"),
        encoding="utf-8",
    )
    assert run("export", "all", str(project)).exit_code == 0
    exports = project / "build" / "exports"
    slide = json.loads((exports / "timeline.json").read_text(encoding="utf-8"))["events"][0]
    assert slide["start_date"] == {
        "year": 2020,
        "month": 1,
        "day": 9,
        "display_date": "between 9 January and 10 January 2020",
    }
    assert "end_date" not in slide  # some time between, not lasting from one to the other
    graph = nx.read_graphml(exports / "actors.graphml")
    starts = [(d["start"], d["start_latest"]) for _, _, d in graph.edges(data=True)]
    assert starts == [("2019-12", "2020-01")]
    lines = (exports / "entities.ftm.json").read_text(encoding="utf-8").splitlines()
    proxies = [model.get_proxy(json.loads(line)) for line in lines]
    for proxy in proxies:
        assert proxy.schema.validate({"properties": proxy.properties}) is None, proxy.id
    event = next(p for p in proxies if p.schema.name == "Event")
    # some time between the two: it happened within them
    assert (event.get("startDate"), event.get("endDate")) == (["2020-01-09"], ["2020-01-10"])
    assert "The date: between 9 January and 10 January 2020." in event.get("notes")
    membership = next(p for p in proxies if p.schema.name == "Membership")
    # began some time between: no end is known, and the range is said in words
    assert (membership.get("startDate"), membership.get("endDate")) == (["2019-12"], [])
    assert any("between December 2019 and January 2020" in d for d in membership.get("description"))
