"""The TimelineJS export as TimelineJS itself reads it, in a headless Chromium: the slides in
the site's order, each date worded as the site words it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.analysis.synthesis import synthesis_of
from briefing.records.dates import show_date
from briefing.report import check_project
from browser import document_ready, serve, wait_for
from conftest import REPOSITORY

pytest_plugins = ["browser"]

TIMELINEJS = REPOSITORY / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="timeline.css"><script src="timeline.js"></script></head>
<body><div id="timeline" style="width: 1000px; height: 600px"></div>
<script>window.timeline = new TL.Timeline('timeline', 'timeline.json');</script></body></html>
"""
LOADED = "return !!(window.timeline && window.timeline.config && window.timeline._loaded)"
SLIDES = """
return window.timeline.config.events.map(event => event.unique_id);
"""
# the date each slide shows, as TimelineJS writes it on the page (the title slide has none)
SHOWN = """
return [...document.querySelectorAll('.tl-slide:not(.tl-slide-titleslide) .tl-headline-date')]
  .map(date => date.textContent);
"""


@pytest.fixture(scope="module")
def timeline_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not TIMELINEJS.is_dir():
        pytest.skip("TimelineJS is not installed: run `npm ci`")
    from briefing.views.exports import export_files, timelinejs

    folder = tmp_path_factory.mktemp("timeline")
    report = check_project(REPOSITORY)
    (folder / "timeline.json").write_text(
        export_files(report.index, report.settings, ["timelinejs"])[timelinejs.FILE],
        encoding="utf-8",
    )
    shutil.copyfile(TIMELINEJS / "js" / "timeline.js", folder / "timeline.js")
    shutil.copyfile(TIMELINEJS / "css" / "timeline.css", folder / "timeline.css")
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    return folder


def test_timelinejs_shows_the_events_in_the_sites_order(chromium, timeline_page: Path) -> None:  # type: ignore[no-untyped-def]
    report = check_project(REPOSITORY)
    events = synthesis_of(report.index).events_in_order()
    with serve(timeline_page) as base_url:
        chromium.get(base_url + "index.html")
        wait_for(chromium, document_ready)
        wait_for(chromium, lambda driver: driver.execute_script(LOADED))
        slides = chromium.execute_script(SLIDES)
        shown = chromium.execute_script(SHOWN)
    assert slides == [event.record_id for event in events]
    # every date worded one way, the site's
    assert shown == [show_date(event.date) for event in events]
