"""Editions: what changed since the edition compared with, worded as before and now with the
changed words marked, on the site and in the PDF; and which edition is compared with.

The analysis corpus records one edition, `first`; its records changed since: a key judgment
reworded ("this year" -> "by next year"), another with a higher confidence, a claim reworded
("some ten million dollars" -> "ten million euros")."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from briefing.analysis.wording import reworded
from briefing.check.resolve import Index
from briefing.incremental.recheck import recheck
from briefing.report import Report, check_project
from briefing.views.site.render import render_pages
from conftest import CORPORA, run

ANALYSIS = CORPORA / "analysis"
BRIEF_PAGE = "briefs/port-cranes/index.md"
BRIEF_FILE = "briefs/port-cranes.md"


def _pages(project: Path, *pages: str) -> dict[str, str]:
    report = check_project(project)
    rendered = render_pages(report.index, report.settings, only=set(pages))
    return {page: html.unescape(text) for page, text in rendered.items()}


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ANALYSIS, tmp_path / "project"))


def _replace(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "before", "now"),
    [
        (
            "The port will handle more ships this year.",
            "The port will handle more ships by next year.",
            "The port will handle more ships [this] year.",
            "The port will handle more ships {by next} year.",
        ),
        ("Four cranes.", "Four cranes.", "Four cranes.", "Four cranes."),
        (
            "Four  cranes\n arrived.",
            "Four cranes arrived.",
            "Four cranes arrived.",
            "Four cranes arrived.",
        ),
        ("", "Four cranes.", "", "{Four cranes.}"),
        ("Four cranes.", "Five cranes.", "[Four] cranes.", "{Five} cranes."),
        # a lone short word kept between two changes is part of the change, not a patch
        (
            "Sources say that the port grew.",
            "Officials deny the port grew.",
            "[Sources say that] the port grew.",
            "{Officials deny} the port grew.",
        ),
        (
            "Hezbollah stepped in to guide Iraq's militias.",
            "Hezbollah took over from Soleimani in guiding Iraq's militias.",
            "Hezbollah [stepped in to guide] Iraq's militias.",
            "Hezbollah {took over from Soleimani in guiding} Iraq's militias.",
        ),
    ],
)
def test_a_rewording_marks_the_words_that_changed(
    old: str, new: str, before: str, now: str
) -> None:
    found = reworded(old, new)
    assert " ".join(f"[{w}]" if changed else w for changed, w in found.before) == before
    assert " ".join(f"{{{w}}}" if changed else w for changed, w in found.now) == now


def test_a_changed_judgment_shows_its_old_and_new_words_marked() -> None:
    page = _pages(ANALYSIS, BRIEF_PAGE)[BRIEF_PAGE]
    changed = page.split("## What changed since edition first", 1)[1]
    assert (
        '- <span id="changed-kj-capacity-grows"></span>Changed (wording):\n'
        '    - Before: <span class="rewording">The port will handle more ships <del>this</del> '
        "year.</span>\n"
        '    - Now: <span class="rewording">The port will handle more ships <ins>by next</ins> '
        "year.</span>\n"
        "    - No reason given.\n"
    ) in changed
    # where the judgment stands at the top of the brief, a mark links to its change
    judgments = page.split("## Key judgments", 1)[1].split("\n## ", 1)[0]
    for claim_id in ("kj-capacity-grows", "kj-cranes-ordered"):
        mark = f'<a class="changed-mark" href="#changed-{claim_id}">Changed since edition first</a>'
        [line] = [line for line in judgments.splitlines() if f'id="{claim_id}"' in line]
        assert line.endswith(mark + "</p>")  # after its words and notes
        assert f'<span id="changed-{claim_id}"></span>' in changed


def test_a_claim_changed_in_wording_is_reported_as_a_judgment_is() -> None:
    page = _pages(ANALYSIS, BRIEF_PAGE)[BRIEF_PAGE]
    claims = page.split("**Claims**", 1)[1].split("**Sources**", 1)[0]
    assert (
        "- Changed (wording):\n"
        '    - Before: <span class="rewording">The crane order was worth <del>some</del> ten '
        "million <del>dollars.</del></span>\n"
        '    - Now: <span class="rewording">The crane order was worth ten million '
        "<ins>euros.</ins></span>\n"
    ) in claims
    assert "- Deprecated: The cranes were to arrive in the autumn." in claims


HOSTILE = "<img src=x onerror=alert(1)> **bold** [link](javascript:alert(1)) `code` &amp;"


def test_the_marked_words_are_escaped_as_any_record_text(tmp_path: Path) -> None:
    """Nothing of a record's words becomes markup in the marked wording: each run of words
    is escaped before it is put in <del> or <ins>."""
    project = _copy(tmp_path)
    _replace(
        project / BRIEF_FILE,
        "text: The port will handle more ships by next year.",
        f"text: 'The port will handle more ships {HOSTILE} by next year.'",
    )
    _replace(
        project / "editions/first.yml",
        "text: The port will handle more ships this year.",
        f"text: 'The port will handle {HOSTILE} ships this year.'",
    )
    report = check_project(project)
    raw = render_pages(report.index, report.settings, only={BRIEF_PAGE})[BRIEF_PAGE]
    lines = [line for line in raw.splitlines() if 'class="rewording"' in line]
    assert len(lines) == 4  # the judgment's, the claim's
    changed = "\n".join(lines)
    tags = set(re.findall(r"<(/?[a-z]+)", changed))
    assert tags <= {"span", "/span", "del", "/del", "ins", "/ins"}, tags
    for markup in ("**", "`", "](", "&amp;"):
        assert markup not in changed
    shown = html.unescape(changed)
    assert f"The port will handle {HOSTILE} <del>ships this</del> year." in shown
    assert f"The port will handle <ins>more ships</ins> {HOSTILE} <ins>by next</ins> year." in shown


def test_after_recording_the_records_the_default_compares_with_the_edition_before(
    tmp_path: Path,
) -> None:
    project = _copy(tmp_path)
    result = run("edition", "second", str(project))
    assert result.exit_code == 0, result.output
    assert (
        "the site and the PDF show edition 'second' and what changed since edition 'first', "
        "the one recorded before" in result.output
    )
    report = check_project(project)
    assert report.index.comparison.names() == ("first", "second")
    # what an edition does not record (one of an earlier version of briefing) is not compared
    second = project / "editions/second.yml"
    second.write_text(second.read_text().replace("        deprecated: false\n", ""))
    assert check_project(project).index.comparison.names() == ("first", "second")
    pages = _pages(project, BRIEF_PAGE, "index.md")
    assert "## What changed since edition first" in pages[BRIEF_PAGE]
    assert "Before: " in pages[BRIEF_PAGE]
    assert "Nothing in this brief changed" not in pages[BRIEF_PAGE]
    assert "This is edition second, recorded " in pages["index.md"]
    assert (
        "What changed since edition first: [Portville's new cranes]"
        "(briefs/port-cranes/index.md#changes-since-edition)." in pages["index.md"]
    )
    # the check warns of what changed since the edition the site shows changes since
    checked = run("check", str(project)).output
    assert "'kj-capacity-grows' changed since edition 'first' (wording)" in checked

    # a record changed after the edition: the site shows what changed since it
    _replace(project / BRIEF_FILE, "by next year", "by the end of next year")
    assert check_project(project).index.comparison.names() == ("second", None)
    pages = _pages(project, BRIEF_PAGE, "index.md")
    assert "## What changed since edition second" in pages[BRIEF_PAGE]
    assert "ships by <ins>the end of</ins> next year." in pages[BRIEF_PAGE]
    assert "The records have changed since edition second, recorded " in pages["index.md"]
    assert "What changed since edition second: [Portville's new cranes]" in pages["index.md"]
    checked = run("check", str(project)).output
    assert "'kj-capacity-grows' changed since edition 'second' (wording)" in checked

    # compare_with: still chooses
    (project / "briefing.yml").write_text("compare_with: first\n", encoding="utf-8")
    assert check_project(project).index.comparison.names() == ("first", None)
    _replace(project / BRIEF_FILE, "by the end of next year", "by next year")
    (project / "briefing.yml").write_text("compare_with: second\n", encoding="utf-8")
    assert check_project(project).index.comparison.names() == ("second", "second")
    pages = _pages(project, BRIEF_PAGE, "index.md")
    assert "Nothing in this brief changed since edition second." in pages[BRIEF_PAGE]
    assert "This is edition second" in pages["index.md"]
    assert "What changed since edition second: nothing in the briefs." in pages["index.md"]


def test_the_first_edition_recorded_is_compared_with_nothing(tmp_path: Path) -> None:
    project = _copy(tmp_path)
    (project / "editions/first.yml").unlink()
    assert run("edition", "first", str(project)).exit_code == 0
    assert check_project(project).index.comparison.names() == (None, "first")
    pages = _pages(project, BRIEF_PAGE, "index.md")
    assert "What changed" not in pages[BRIEF_PAGE]
    assert "changed-mark" not in pages[BRIEF_PAGE]
    assert "This is edition first, recorded " in pages["index.md"]
    assert "It is the first edition recorded." in pages["index.md"]
    assert "unexplained" not in run("check", str(project)).output


def test_a_check_from_the_cache_compares_with_the_edition_a_whole_check_does(
    tmp_path: Path,
) -> None:
    """Which edition is compared with by default depends on every record: an edit that
    makes the records what the latest edition recorded, or no longer, changes the warnings
    of every brief, with the kept facts of the last check as without them."""
    project = _copy(tmp_path)
    assert run("edition", "second", str(project)).exit_code == 0

    def outputs(*options: str) -> str:
        return run("check", "--format", "json", *options, str(project)).output

    before = outputs()
    assert outputs() == before  # from the cache
    for old, new in [
        ("by next year", "by the end of next year"),
        ("by the end of next year", "by next year"),
    ]:
        _replace(project / BRIEF_FILE, old, new)
        cached = outputs()
        assert cached == outputs("--no-cache")
    assert cached == before


@pytest.mark.parametrize("settings", ["", "compare_with: first\n"])
def test_an_edit_checked_alone_leaves_the_default_comparison_to_a_whole_check(
    tmp_path: Path, settings: str
) -> None:
    """With the default comparison, the edition compared with depends on every record: a
    check of the files an edit reaches, from the facts of the last check, gives way to a
    whole check; `serve`'s, with the last index, gives way only if the edition changes."""
    project = _copy(tmp_path)
    (project / "briefing.yml").write_text(settings, encoding="utf-8")
    assert run("edition", "second", str(project)).exit_code == 0
    report = check_project(project)
    kinds = {path: facts.kind for path, facts in report.facts.items()}
    actor = "actors/port-authority.yml"

    def again(path: str, old: str, new: str, previous: Index | None) -> Report | None:
        _replace(project / path, old, new)
        found = recheck(project, report.facts, report.context, kinds, {path}, previous)
        _replace(project / path, new, old)
        return found

    # a claim's words are what the edition records: another comparison, every brief's
    edited = again(actor, "ten million euros", "ten million US dollars", None)
    assert (edited is None) == (settings == "")
    edited = again(actor, "ten million euros", "ten million US dollars", report.index)
    assert (edited is None) == (settings == "")
    # a summary's are not: serve's index shows the comparison unchanged
    edited = again(actor, "text: The authority that runs", "text: The body that runs", report.index)
    assert edited is not None
    assert edited.index.comparison.names() == report.index.comparison.names()


def test_the_pdf_shows_the_old_and_new_wording(tmp_path: Path) -> None:
    from test_pdf import page_texts, squeeze

    project = _copy(tmp_path)
    result = run("pdf", str(project))
    assert result.exit_code == 0, result.output
    text = squeeze(" ".join(page_texts(project / "build" / "port-cranes.pdf")))
    for said in (
        "2. The port will handle more ships by next year.",
        "Changed since edition first",
        "What changed since edition first",
        "Changed (wording): ‣ Before: The port will handle more ships this year. "
        "‣ Now: The port will handle more ships by next year. ‣ No reason given.",
        "Changed (wording): ‣ Before: The crane order was worth some ten million dollars. "
        "‣ Now: The crane order was worth ten million euros.",
    ):
        assert squeeze(said) in text, said
