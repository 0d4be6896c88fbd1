"""Incremental builds: what an edit rewrites, and that the result is what a full build gives.

`briefing serve` renders again only the pages an edit reaches (briefing.incremental.live); `briefing
build` writes only the pages whose text changed (briefing.views.site.engine.write_docs). Both are checked
against a full render of the same records, page for page.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from briefing.analysis.rests import Dependent, name_of
from briefing.analysis.synthesis import Synthesis, synthesis_of
from briefing.incremental.live import CollectLater, LiveSite
from briefing.report import Memo, check_project
from briefing.views.shared import page_url
from briefing.views.site import lists
from briefing.views.site.engine import write_docs
from briefing.views.site.render import render_pages
from conftest import CORPORA, REPOSITORY, VALID, run
from sites import copy_project

sys.path.insert(0, str(REPOSITORY / "benchmarks"))
from generate import generate  # noqa: E402


def full_render(project: Path) -> dict[str, str]:
    report = check_project(project)
    assert not report.errors(), [p.render() for p in report.errors()]
    return render_pages(report.index, report.settings)


def docs_of(folder: Path) -> dict[str, str]:
    return {
        file.relative_to(folder).as_posix(): file.read_text(encoding="utf-8")
        for file in folder.rglob("*.md")
    }


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def update(live: LiveSite) -> tuple[int, list[str], list[str]]:
    report = live.check()
    assert not report.errors(), [p.render() for p in report.errors()]
    result = live.update_docs(report)
    return result.rendered, result.written, result.removed


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated project of 1,057 records: 700 sources, 175 actors and events, 7 briefs."""
    root = tmp_path_factory.mktemp("thousand") / "project"
    counts = generate(root, 700)
    assert sum(counts[k] for k in ("sources", "actors", "events", "briefs")) >= 1000
    return root


def test_an_edit_in_a_thousand_records_rewrites_only_its_pages(thousand: Path) -> None:
    live = LiveSite(thousand)
    rendered, written, _ = update(live)
    assert rendered == len(written) > 1000  # the first time: every page
    docs = live.folder / "docs"
    before = {page: (docs / page).stat().st_ino for page in docs_of(docs)}

    actor = sorted((thousand / "actors").iterdir())[5]
    edit(actor, "appears in the reporting.", "appears in the reporting, edited.")
    rendered, written, removed = update(live)

    # Its summary shows on its own page and in "what rests on this report" on the page of
    # each source of each report it cites (copies and translations of a report share that
    # list); not on the pages of lists, nor on what rests on each source, which counts the
    # statements of the reports most rested on and these counts are unchanged.
    summary = yaml.safe_load(actor.read_text(encoding="utf-8"))["summary"]
    synthesis = synthesis_of(check_project(thousand).index)
    reports = {synthesis.origins[citation["source"]] for citation in summary["cite"]}
    carriers = {s.record_id for r in reports for s in synthesis.rests[r].sources}
    assert len(carriers) > 1
    assert sorted(written) == sorted(
        [f"actors/{actor.stem}.md", *(f"sources/{source_id}.md" for source_id in carriers)]
    )
    assert removed == []
    assert rendered < 60  # its page, its neighbours' and the cheap pages of the whole
    assert docs_of(docs) == full_render(thousand)
    after = {page: (docs / page).stat().st_ino for page in docs_of(docs)}
    assert {page for page in before if before[page] != after[page]} == set(written)


def test_a_memo_gives_the_same_report_without_reading_again(thousand: Path) -> None:
    memo = Memo()
    first = check_project(thousand, memo)
    assert len(memo.changed) == len(memo.files.read) > 1000
    assert len(memo.validated) > 1000 and len(memo.located) > 500 and memo.read_prose
    second = check_project(thousand, memo)
    assert memo.changed == set()
    assert second.index.excerpts == first.index.excerpts
    assert second.problems == first.problems
    # what was worked out is taken again, not worked out again: the very same objects
    was, now = first.index.briefing, second.index.briefing
    assert all(now.sources[s] is was.sources[s] for s in was.sources)
    found_first = {id(excerpt) for excerpt in first.index.excerpts.values()}
    assert all(id(excerpt) in found_first for excerpt in second.index.excerpts.values())
    assert all(second.index.blocks[b] is first.index.blocks[b] for b in was.briefs)
    # an edited source is read again, and its quotes looked for again
    source = sorted((thousand / "sources").iterdir())[0]
    edit(source, "\n---\n", "\n---\nEdited.\n\n")
    third = check_project(thousand, memo)
    assert memo.changed == {f"sources/{source.name}"}
    assert third.index.briefing.sources[source.stem] is not was.sources[source.stem]
    moved = [o for o, e in third.index.excerpts.items() if e.source_id == source.stem]
    assert moved and all(third.index.excerpts[o] != first.index.excerpts[o] for o in moved)


def test_build_links_the_pages_that_did_not_change(thousand: Path, tmp_path: Path) -> None:
    pages = full_render(thousand)
    first = write_docs(pages, tmp_path / "first")
    assert len(first) == len(pages)
    event = sorted((thousand / "events").iterdir())[3]
    edit(event, "title: Meeting", "title: Renamed meeting")
    changed = full_render(thousand)
    second = write_docs(changed, tmp_path / "second", previous=tmp_path / "first")
    differing = sorted(page for page in changed if changed[page] != pages[page])
    assert sorted(second) == differing
    assert 1 < len(second) < 60  # the event, what links it, the timeline and home pages
    for page in changed:
        shared = (tmp_path / "first" / page).stat().st_ino == (
            tmp_path / "second" / page
        ).stat().st_ino
        assert shared == (page not in differing)
    assert docs_of(tmp_path / "second") == changed


def add_actor(project: Path, actor_id: str, like: str) -> None:
    """A new actor with the name, kind and cited summary of another."""
    data = yaml.safe_load((project / "actors" / f"{like}.yml").read_text(encoding="utf-8"))
    new = {"name": f"{data['name']} (copy)", "kind": data["kind"], "summary": data["summary"]}
    (project / "actors" / f"{actor_id}.yml").write_text(yaml.safe_dump(new), encoding="utf-8")


SAMPLE_EDITS: list[tuple[str, Callable[[Path], None]]] = [
    (
        "an actor's name",
        lambda p: edit(
            p / "actors/abu-mahdi-al-muhandis.yml", "name: Abu Mahdi", "name: Abu-Mahdi"
        ),
    ),
    (
        "a source's publisher",
        lambda p: edit(
            p / "sources/arabnews-2020-02-11-hezbollah-guides-militias.md",
            "publisher: Arab News",
            "publisher: Arab News Online",
        ),
    ),
    (
        "a copy's origin",
        lambda p: edit(
            p / "sources/arabnews-hezbollah-guides-militias-machine-translation.md",
            "origin: reuters-hezbollah-guides-iraqi-militias\n",
            "",
        ),
    ),
    (
        "an event's title",
        lambda p: edit(p / "events/1982-hezbollah-founded.yml", "title: Iran's", "title: Iran’s"),
    ),
    (
        "a brief's prose",
        lambda p: edit(
            p / "briefs/hezbollah-iraqi-militias.md",
            "See [[hezbollah]], [[irgc]]",
            "See also [[hezbollah]], [[irgc]]",
        ),
    ),
    (
        # shows in "what rests on this report" on the pages of the Arab News report's sources
        "an actor's summary",
        lambda p: edit(p / "actors/bashar-assad.yml", "text: President", "text: The president"),
    ),
    (
        # the name of a report that shares statements with others, in their lists
        "a source's title",
        lambda p: edit(
            p / "sources/debkaweekly-nasrallah-trouble-shooter-iraq.md",
            "title: Hizballah’s Nasrallah",
            "title: Hezbollah’s Nasrallah",
        ),
    ),
    (
        # a report outside the project, named as a citation first relays it
        "a relayed report's name",
        lambda p: edit(p / "actors/mohammad-kawtharani.yml", 'via: "al-Hurra"', 'via: "Al Hurra"'),
    ),
    (
        # its paragraphs' ids on its page follow their lines: the lists link them
        "a brief's lines",
        lambda p: edit(
            p / "briefs/hezbollah-iraqi-militias.md", "---\n## Bottom line", "---\n\n## Bottom line"
        ),
    ),
    ("a new actor", lambda p: add_actor(p, "hezbollah-copy", like="hezbollah")),
    ("an actor removed", lambda p: (p / "actors/hezbollah-copy.yml").unlink()),
]


def synthesis_shown(synthesis: Synthesis) -> dict[str, object]:
    """What a Synthesis says of what rests on each report, of each source's excerpts, and of
    who took part in what, as plain values."""

    def said(dependent: Dependent) -> tuple[object, ...]:
        return (
            dependent.record.record_id,
            dependent.text,
            sorted(dependent.origins),
            sorted(dependent.sources),
            dependent.label,
            dependent.anchor,
        )

    return {
        "rests": [
            (
                origin_id,
                rests.name,
                [source.record_id for source in rests.sources],
                [said(d) for d in rests.alone],
                [said(d) for d in rests.shared],
            )
            for origin_id, rests in synthesis.rests.items()
        ],
        "relayed": {o: (n, [s.record_id for s in c]) for o, (n, c) in synthesis.relayed.items()},
        "excerpts": [
            (source_id, [(e.start, e.end, [r.record_id for r in by]) for e, by in found])
            for source_id, found in synthesis.excerpts_by_source.items()
        ],
        "events": [
            (actor_id, [(e.record_id, role) for e, role in found])
            for actor_id, found in synthesis.participations.items()
        ],
        "affiliated": [
            (actor_id, [(a.record_id, f.actor) for a, f in found])
            for actor_id, found in synthesis.affiliated_with.items()
        ],
    }


def sections(synthesis: Synthesis) -> dict[str, object]:
    """The section "what rests on this report" of each stored report, as its pages show it."""
    rests = {o: r for o, r in synthesis.rests.items() if not r.name}

    def named(origin_id: str) -> object:
        name = synthesis.origin_name(origin_id)
        lead = synthesis.lead_source(origin_id)
        return name if name is not None else (lead.record_id, lead.title)

    def said(d: Dependent) -> object:
        others = [named(o) for o in sorted(d.origins)]
        return (d.record.record_id, name_of(d.record), d.label, d.anchor, d.text, others)

    return {
        origin_id: (
            [(s.record_id, s.title) for s in r.sources],
            [said(d) for d in r.alone],
            [said(d) for d in r.shared],
        )
        for origin_id, r in rests.items()
    }


def check_carried_over(project: Path, edits: list[tuple[str, Callable[[Path], None]]]) -> None:
    """After each edit, the Synthesis carried over from the one before is the Synthesis made
    from nothing, and says which reports' sections may have changed: every one that did."""
    live = LiveSite(project)
    before = synthesis_of(live.check().index)
    before.work_out()
    for what, change in edits:
        change(project)
        report = live.check()
        assert not report.errors(), [p.render() for p in report.errors()]
        index = report.index
        carried = synthesis_of(index, before)
        fresh = Synthesis(index)
        assert synthesis_shown(carried) == synthesis_shown(fresh), what
        was, now = sections(before), sections(fresh)
        changed = {o for o in was.keys() | now.keys() if was.get(o) != now.get(o)}
        assert carried.reshown is not None and changed <= carried.reshown, what
        before = carried


def test_what_rests_on_each_report_is_carried_over_an_edit(tmp_path: Path) -> None:
    check_carried_over(copy_project(REPOSITORY, tmp_path / "project"), SAMPLE_EDITS)


def cite_via(project: Path, actor: str, via: str) -> None:
    data = yaml.safe_load((project / "actors" / f"{actor}.yml").read_text(encoding="utf-8"))
    data["summary"]["cite"][0]["via"] = via
    (project / "actors" / f"{actor}.yml").write_text(yaml.safe_dump(data), encoding="utf-8")


def regrade(source: Path, grade: str) -> None:
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^reliability: .*$", f"reliability: {grade}", text))


def generated_edits(project: Path) -> list[tuple[str, Callable[[Path], None]]]:
    """Edits of a generated project that change which report sources carry and name."""
    sources = sorted(p.stem for p in (project / "sources").iterdir())
    actors = sorted(p.stem for p in (project / "actors").iterdir())
    first, second = (project / "sources" / f"{s}.md" for s in sources[:2])
    added = project / "sources" / "added-copy.md"
    translated = f"\ntranslation_of: {sources[1]}\n"
    return [
        ("a translation", lambda p: edit(first, "\n---\n", f"{translated}---\n")),
        ("its original's grade", lambda p: regrade(second, "F")),
        ("a citation relays Reuters", lambda p: cite_via(p, actors[0], "Reuters")),
        ("another relays reuters", lambda p: cite_via(p, actors[1], "reuters.")),
        ("the first no longer", lambda p: cite_via(p, actors[0], sources[2])),
        ("no translation", lambda p: edit(first, translated, "\n")),
        ("a source's title", lambda p: edit(second, "title: '", "title: 'Retitled ")),
        ("a source added", lambda p: added.write_bytes(first.read_bytes())),
        ("and removed", lambda p: added.unlink()),
    ]


def test_reports_carried_over_edits_of_origins_and_relays(thousand: Path, tmp_path: Path) -> None:
    project = copy_project(thousand, tmp_path / "project")
    check_carried_over(project, generated_edits(project))


# Edits that move an actor between the parts of split lists, or change what other parts show
# of it: Hezbollah's name, under another letter, in the rows of the actors affiliated with it
RENAMES: list[tuple[str, Callable[[Path], None]]] = [
    (
        "a name's letter",
        lambda p: edit(p / "actors/hezbollah.yml", "name: Hezbollah", "name: Lebanese Hezbollah"),
    ),
    (
        "and back",
        lambda p: edit(p / "actors/hezbollah.yml", "name: Lebanese Hezbollah", "name: Hezbollah"),
    ),
]


@pytest.mark.parametrize("limit", [lists.LIST_LIMIT, 3], ids=["whole lists", "split lists"])
def test_each_kind_of_edit_gives_what_a_full_render_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """... and the problems and the excerpts of a check after an edit are a whole check's,
    in its order: with whole lists, the last excerpts updated with those of the files checked
    again where they cite the places they cited; with split lists, all gathered again
    (incremental.included); each
    file's problems taken from the last report where its facts did not change."""
    from briefing.incremental import included

    monkeypatch.setattr(lists, "LIST_LIMIT", limit)
    monkeypatch.setattr(included, "UPDATED_AT_MOST", included.UPDATED_AT_MOST if limit > 3 else 0)
    project = copy_project(REPOSITORY, tmp_path / "project")
    live = LiveSite(project)
    update(live)
    for what, change in SAMPLE_EDITS + RENAMES:
        change(project)
        _, written, removed = update(live)
        assert docs_of(live.folder / "docs") == full_render(project), what
        assert live.report is not None
        whole = check_project(project)
        assert live.report.problems == whole.problems, what
        excerpts = list(live.report.index.excerpts.items())
        assert excerpts == list(whole.index.excerpts.items()), what
        assert written or removed, what
        if what == "an actor removed":
            assert removed == ["actors/hezbollah-copy.md"]


def test_an_edit_that_changes_the_edition_compared_with_renders_every_brief(
    tmp_path: Path,
) -> None:
    """By default the edition compared with is the one before the latest while the records
    are as the latest recorded them: an edit that changes that changes every brief's page."""
    project = copy_project(CORPORA / "analysis", tmp_path / "project")
    other = (
        "---\ntitle: Other\ndate: 2021-03-13\n---\n# Other\n\n[judgment: low] Not about cranes.\n"
    )
    (project / "briefs/other.md").write_text(other, encoding="utf-8")
    assert run("edition", "second", str(project)).exit_code == 0
    live = LiveSite(project)
    update(live)
    claim = project / "actors/port-authority.yml"
    for old, new in [("ten million euros", "ten million dollars"), ("dollars", "euros")]:
        edit(claim, old, new)
        update(live)
        pages = docs_of(live.folder / "docs")
        assert pages == full_render(project)
    assert "This is edition second" in pages["index.md"]
    assert "What changed since edition first" in pages["briefs/other/index.md"]


def test_an_edit_after_a_failed_check_is_not_missed(tmp_path: Path) -> None:
    project = copy_project(REPOSITORY, tmp_path / "project")
    live = LiveSite(project)
    update(live)
    actor = project / "actors/abu-mahdi-al-muhandis.yml"
    edit(actor, "name: Abu Mahdi", "name: [Abu Mahdi")
    assert any("YAML" in p.message for p in live.check().errors())
    edit(actor, "name: [Abu Mahdi", "name: Abu-Mahdi")
    update(live)
    assert docs_of(live.folder / "docs") == full_render(project)


def search_entries(site: Path) -> list[tuple[str, str]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return sorted((entry["location"], entry["title"]) for entry in index["docs"])


def test_a_dirty_build_keeps_the_whole_search_index(tmp_path: Path) -> None:
    project = copy_project(REPOSITORY, tmp_path / "project")
    with LiveSite(project) as live:
        live.build(live.update_docs(live.check()))
        edit(project / "actors/abu-mahdi-al-muhandis.yml", "name: Abu Mahdi", "name: Abu-Mahdi")
        edit(project / "events/1982-hezbollah-founded.yml", "title: Iran's", "title: Tehran's")
        result = live.update_docs(live.check())
        assert not result.full and len(result.written) > 2
        live.build(result)
        live.settle()  # the search index is written after the pages are shown
        html = (live.site / "actors" / "abu-mahdi-al-muhandis" / "index.html").read_text()
        assert "Abu-Mahdi" in html
        incremental = search_entries(live.site)

    with LiveSite(project) as fresh:
        fresh.folder = tmp_path / "fresh"
        fresh.build(fresh.update_docs(fresh.check()))
        assert incremental == search_entries(fresh.site)
    assert any("Tehran" in title for _, title in incremental)


def html_of(site: Path) -> dict[str, bytes]:
    return {page.relative_to(site).as_posix(): page.read_bytes() for page in site.rglob("*.html")}


def test_an_edit_builds_only_the_pages_it_wrote_as_a_whole_build_makes_them(
    tmp_path: Path,
) -> None:
    """MkDocs builds again the pages an edit wrote, and no other, from what its whole build
    gathered (views/site/mkdocs_pages.py): not the pages whose Markdown is newer than their
    HTML, as its dirty build does (here, every page)."""
    project = copy_project(REPOSITORY, tmp_path / "project")
    with LiveSite(project) as live:
        live.build(live.update_docs(live.check()))
        later = time.time() + 60
        for page in (live.folder / "docs").rglob("*.md"):
            os.utime(page, (later, later))
        built = {page: file.stat().st_mtime_ns for page, file in html_files(live.site).items()}
        written: set[str] = set()
        for _, change in SAMPLE_EDITS:
            change(project)
            update = live.update_docs(live.check())
            live.build(update)
            written |= {page_url(page) for page in update.written}
        live.settle()
        again = {
            page
            for page, file in html_files(live.site).items()
            if page in built and file.stat().st_mtime_ns != built[page]
        }
        assert again and again == {
            page for page in built if page.removesuffix("index.html") in written
        }
        with LiveSite(project) as fresh:
            fresh.folder = tmp_path / "fresh"
            fresh.build(fresh.update_docs(fresh.check()))
            assert html_of(live.site) == html_of(fresh.site)


def html_files(site: Path) -> dict[str, Path]:
    return {page.relative_to(site).as_posix(): page for page in site.rglob("*.html")}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """`briefing serve` on a copy of the sample, in a process of its own."""
    project = copy_project(REPOSITORY, tmp_path / "project")
    port = 18000 + os.getpid() % 1000
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", str(project), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield project, f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            process.wait(timeout=10)
    print((tmp_path / "serve.log").read_text())  # shown by pytest when the test fails


def fetch_until(url: str, wanted: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            text = urllib.request.urlopen(url, timeout=2).read().decode()
            if re.search(wanted, text):
                return text
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} never showed {wanted!r}")


def test_serve_shows_an_edit(served: tuple[Path, str]) -> None:
    project, base = served
    page = base + "actors/abu-mahdi-al-muhandis/"
    fetch_until(page, "Abu Mahdi al-Muhandis", seconds=60)
    edit(project / "actors/abu-mahdi-al-muhandis.yml", "name: Abu Mahdi", "name: Abu-Mahdi")
    fetch_until(page, "Abu-Mahdi al-Muhandis", seconds=30)


def fetch_any(url: str) -> str:
    """The page at `url`, also when it comes with an error status (the error page)."""
    try:
        return str(urllib.request.urlopen(url, timeout=2).read().decode())
    except urllib.error.HTTPError as error:
        return str(error.read().decode())


def test_serve_started_on_records_with_errors_shows_them_until_fixed(tmp_path: Path) -> None:
    project = copy_project(VALID, tmp_path / "project")
    broken = project / "actors" / "ana-ruiz.yml"
    good = broken.read_text()
    broken.write_text(good.replace("name: Ana Ruiz", "name: [Ana Ruiz"))
    port = 17000 + os.getpid() % 1000
    url = f"http://127.0.0.1:{port}/actors/ana-ruiz/"
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", str(project), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_COLOR": "1"},
        )
        try:
            deadline = time.monotonic() + 60
            page = ""
            while "YAML syntax error" not in page and time.monotonic() < deadline:
                try:
                    page = fetch_any(url)
                except OSError:  # not serving yet
                    time.sleep(0.2)
            assert "actors/ana-ruiz.yml:" in page and "YAML syntax error" in page
            assert not (project / "build" / ".serve" / "site" / "index.html").exists()
            broken.write_text(good)
            fetch_until(url, "Ana Ruiz", seconds=60)
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert "error: YAML syntax error" in (tmp_path / "serve.log").read_text()


def test_an_edit_is_checked_again_without_checking_the_whole_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve checks again only the files an edit reaches (check.recheck), with the records
    it did not check taken from its last report, and renders what a full render gives."""
    from briefing.incremental import rechecker

    project = copy_project(REPOSITORY, tmp_path / "project")
    live = LiveSite(project)
    update(live)

    def whole(*_: object, **__: object) -> None:
        raise AssertionError("the whole project was checked again")

    monkeypatch.setattr(rechecker, "check_project", whole)
    for what, change in SAMPLE_EDITS[:5]:
        change(project)
        _, written, _ = update(live)
        assert written, what
        assert docs_of(live.folder / "docs") == full_render(project), what


def test_an_edit_of_no_source_works_out_no_shared_wording_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve and the language server keep what one check found of the wording sources share
    (support.relays.kept_candidates) for the next: an edit of an actor finds the same."""
    from briefing.analysis.support import relays
    from briefing.lsp.checking import Checked

    project = copy_project(REPOSITORY, tmp_path / "project")
    live, editor = LiveSite(project), Checked(project)
    update(live)
    editor.check({})

    def again(*_: object) -> None:
        raise AssertionError("the shared wording was worked out again")

    with monkeypatch.context() as patched:
        patched.setattr(relays, "candidates", again)
        SAMPLE_EDITS[0][1](project)  # an actor's name
        served, edited = live.check(), editor.check({})
    fresh = [p.render() for p in check_project(project).problems]
    assert [p.render() for p in served.problems] == fresh
    assert [p.render() for p in edited.problems] == fresh


class Node:
    """An object in a cycle of its own: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def collected_after(garbage: CollectLater, make: Callable[[], None]) -> None:
    """One edit as serve runs it: the collector held while `make` runs, then collected."""
    garbage.hold()
    make()
    garbage.release()
    assert garbage.timer is not None
    garbage.timer.join()


def test_serve_collects_what_an_edit_made_and_freezes_what_survives() -> None:
    import gc
    import weakref

    garbage = CollectLater(delay=0.01)
    kept: list[Node] = []
    refs: list[weakref.ref[Node]] = []

    def edit(keep: bool) -> None:
        node = Node()
        refs.append(weakref.ref(node))
        if keep:
            kept.append(node)

    try:
        collected_after(garbage, lambda: edit(keep=True))  # the first: a whole collection
        assert garbage.frozen > 0 and gc.get_freeze_count() > 0
        collected_after(garbage, lambda: edit(keep=False))
        assert refs[1]() is None  # made and dropped by an edit: collected
        kept.clear()  # frozen while it lived: garbage now, left to a whole collection
        collected_after(garbage, lambda: None)
        assert refs[0]() is not None
        garbage.frozen = gc.get_freeze_count() // 2  # as if the frozen heap had grown
        collected_after(garbage, lambda: None)
        assert refs[0]() is None
    finally:
        gc.unfreeze()
        gc.enable()
