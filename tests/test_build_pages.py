"""A build renders again only the pages whose inputs changed since the last build
(briefing.incremental.pages): every other page of a record is taken from the last build's
pages, and the pages are, page for page, those a full render gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.incremental.pages import keep_digests, kept_pages, page_digests
from briefing.report import check_project
from briefing.views.site.engine import write_docs
from briefing.views.site.render import render_pages
from conftest import CORPORA, REPOSITORY, run
from sites import copy_project
from test_live import SAMPLE_EDITS, edit, full_render

RECORD_FOLDERS = ("actors/", "events/", "sources/", "briefs/")


def rebuild(project: Path, engine: str = "mkdocs") -> tuple[dict[str, str], set[str]]:
    """The pages as `briefing build` renders and publishes them, without the site engine: a
    new build/docs, the pages the same as the last build's linked from it; and the pages
    taken from the last build, not rendered."""
    report = check_project(project)
    assert not report.errors(), [p.render() for p in report.errors()]
    digests = page_digests(project, report, engine)
    assert digests is not None
    kept = kept_pages(project, digests)
    pages = render_pages(report.index, report.settings, root=project, engine=engine, kept=kept)
    docs, new = project / "build" / "docs", project / "build" / "docs-new"
    write_docs(pages, new, previous=docs if docs.exists() else None)
    shutil.rmtree(docs, ignore_errors=True)
    new.rename(docs)
    keep_digests(project, digests)
    return pages, set(kept)


def records_pages(pages: dict[str, str]) -> set[str]:
    """The pages of records: not those of lists (actors/index.md) or of the whole."""
    lists = {folder + "index.md" for folder in RECORD_FOLDERS}
    return {page for page in pages if page.startswith(RECORD_FOLDERS) and page not in lists}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_project(REPOSITORY, tmp_path / "project")


def test_a_build_with_nothing_changed_renders_only_the_pages_of_the_whole(sample: Path) -> None:
    first, kept = rebuild(sample)
    assert kept == set()  # no build before it
    second, kept = rebuild(sample)
    assert kept == records_pages(second) and len(kept) > 50
    assert second == first


def test_each_kind_of_edit_renders_again_what_it_changes(sample: Path) -> None:
    old, _ = rebuild(sample)
    taken = []
    for what, change in SAMPLE_EDITS:
        change(sample)
        pages, kept = rebuild(sample)
        assert pages == full_render(sample), what
        changed = {page for page in pages if pages[page] != old.get(page)}
        assert changed and not changed & kept, what
        taken.append(len(kept))
        old = pages
    # most edits leave most pages as they were (an edit of the brief that cites and names
    # most of the sample's records reaches every page)
    assert sum(count > 30 for count in taken) > len(SAMPLE_EDITS) / 2, taken


def test_a_record_relayed_but_not_cited_is_an_input_of_the_page_that_relays_it(
    tmp_path: Path,
) -> None:
    # the authority's summary cites the daily, which relays the wire; nothing of the
    # authority cites the wire itself (its claims that do are left out)
    project = copy_project(CORPORA / "analysis", tmp_path / "project")
    actor = project / "actors/port-authority.yml"
    text = actor.read_text(encoding="utf-8")
    text = text[: text.index("  - id: cranes-before-winter")].replace(
        "    - source: wire-2021-03-01-port\n"
        "      quote: The port authority ordered four new cranes on Monday\n"
        "      speaker: two officials\n",
        "",
    )
    actor.write_text(text, encoding="utf-8")
    rebuild(project)
    edit(project / "sources/wire-2021-03-01-port.md", "Example Wire", "Example Wire Service")
    pages, kept = rebuild(project)
    assert "actors/port-authority.md" not in kept
    assert "relaying Example Wire Service" in pages["actors/port-authority.md"]
    assert pages == full_render(project)


def test_a_change_of_settings_templates_or_engine_renders_every_page(sample: Path) -> None:
    rebuild(sample)
    _, kept = rebuild(sample, engine="zensical")  # links in raw HTML differ
    assert kept == set()
    rebuild(sample)
    (sample / "templates").mkdir(exist_ok=True)
    (sample / "templates" / "note.txt").write_text("a file of the project's templates\n")
    _, kept = rebuild(sample)
    assert kept == set()


def test_pages_kept_with_other_docs_are_not_used(sample: Path) -> None:
    rebuild(sample)
    docs = sample / "build" / "docs"
    shutil.copytree(docs, sample / "build" / "copy")  # a copy: not the folder they were of
    shutil.rmtree(docs)
    (sample / "build" / "copy").rename(docs)
    _, kept = rebuild(sample)
    assert kept == set()


def test_briefing_build_says_how_many_pages_it_took_from_the_last(tmp_path: Path) -> None:
    project = copy_project(CORPORA / "valid_minimal", tmp_path / "project")
    first = run("build", str(project), "--no-pdf")
    assert first.exit_code == 0, first.output
    assert "unchanged since the last build" not in first.output
    site = (project / "build" / "site" / "index.html").read_text(encoding="utf-8")
    second = run("build", str(project), "--no-pdf")
    assert second.exit_code == 0, second.output
    assert "unchanged since the last build" in second.output
    assert (project / "build" / "site" / "index.html").read_text(encoding="utf-8") == site
