"""Resolution: each quote becomes an excerpt at a known place in its source's file."""

from __future__ import annotations

from pathlib import Path

import pytest

import briefing.check.resolve
import briefing.check.verify
from briefing.report import check_project
from conftest import with_hash

SOURCE = "sources/wire-2020-01-10-harbour.md"


def test_excerpts_know_their_offsets_line_and_column(project: Path) -> None:
    report = check_project(project)
    excerpts = list(report.index.excerpts.values())
    assert excerpts
    for excerpt in excerpts:
        source = report.index.briefing.sources[excerpt.source_id]
        assert source.text[excerpt.start : excerpt.end] == excerpt.text
        file_lines = (project / source.path).read_text().split("\n")
        line = file_lines[excerpt.line - 1]
        assert line[excerpt.column - 1 :].startswith(excerpt.text.split("\n")[0])


def test_typographic_quote_maps_to_the_curly_original(project: Path) -> None:
    report = check_project(project)
    texts = {e.text for e in report.index.excerpts.values()}
    assert "Mayor Ana Ruiz said the council would \u201crebuild the north pier" in texts


def test_prefix_pins_a_later_occurrence(project: Path) -> None:
    source = project / SOURCE
    source.write_text(
        with_hash(source.read_text() + "Later, council members met on Thursday to plan repairs.\n")
    )
    actor = project / "actors/harbour-council.yml"
    actor.write_text(
        actor.read_text().replace(
            "quote: The harbour council met on Thursday ... after the storm",
            "quote: met on Thursday to plan repairs\n      prefix: Later, council members",
        )
    )
    report = check_project(project)
    assert report.problems == []
    (excerpt,) = [e for o, e in report.index.excerpts.items() if o.path.endswith("council.yml")]
    assert excerpt.occurrences == 2
    assert (excerpt.line, excerpt.column) == (17, 24)


def test_a_quote_found_twice_links_the_first_place(project: Path) -> None:
    source = project / SOURCE
    source.write_text(
        with_hash(
            source.read_text() + "\nThe harbour council met on Thursday again after the storm.\n"
        )
    )
    report = check_project(project)
    found = [e for o, e in report.index.excerpts.items() if o.path.endswith("council.yml")]
    assert found[0].occurrences == 2
    assert found[0].line == 12


def test_mentions_come_from_events_briefs_and_affiliations(project: Path) -> None:
    index = check_project(project).index
    assert index.mentioned_in["ana-ruiz"] == {"2020-01-09-council-meeting", "harbour-repairs"}
    assert "ana-ruiz" in index.mentioned_in["harbour-council"]


def test_translations_and_copies_count_as_one_origin(project: Path) -> None:
    gazette = project / "sources/gazette-2020-01-11-harbour.md"
    gazette.write_text(
        gazette.read_text().replace(
            "reliability: C\n", "reliability: C\ntranslation_of: wire-2020-01-10-harbour\n"
        )
    )
    messages = [p.message for p in check_project(project).problems]
    assert (
        "claim 'ruiz-promised-pier' rests on a single origin ('wire-2020-01-10-harbour')"
        in messages
    )


def test_a_quote_that_cuts_a_word_says_which_word(project: Path) -> None:
    actor = project / "actors/ana-ruiz.yml"
    actor.write_text(
        actor.read_text().replace(
            "quote: Mayor Ana Ruiz said the council\n", "quote: Mayor Ana Ruiz said the counci\n"
        )
    )
    (problem,) = check_project(project).problems
    assert problem.message == (
        "quote ends inside the word 'council', in source 'wire-2020-01-10-harbour'"
    )
    assert problem.details[1].startswith('closest: "Mayor Ana Ruiz said the council"')


def test_a_quoted_phrase_in_prose_is_whole_words(project: Path) -> None:
    brief = project / "briefs/harbour-repairs.md"
    brief.write_text(brief.read_text().replace('"rebuild the north pier"', '"uild the north pier"'))
    (problem,) = check_project(project).problems
    assert problem.message == (
        "quoted phrase \"uild the north pier\" starts inside the word 'rebuild', in source "
        "'gazette-2020-01-11-harbour'"
    )


def test_a_prefix_is_whole_words(project: Path) -> None:
    source = project / SOURCE
    source.write_text(
        with_hash(source.read_text() + "Nonmembers met on Thursday to plan repairs.\n")
    )
    actor = project / "actors/harbour-council.yml"
    actor.write_text(
        actor.read_text().replace(
            "quote: The harbour council met on Thursday ... after the storm",
            "quote: met on Thursday to plan repairs\n      prefix: members",
        )
    )
    (problem,) = check_project(project).problems
    assert "not between the given prefix and suffix" in problem.message


def test_no_other_source_is_named_for_a_quote_it_has_only_inside_words(project: Path) -> None:
    gazette = project / "sources/gazette-2020-01-11-harbour.md"
    gazette.write_text(with_hash(gazette.read_text() + "\nThe subcouncil will meet again soon.\n"))
    actor = project / "actors/harbour-council.yml"
    actor.write_text(
        actor.read_text().replace(
            "quote: The harbour council met on Thursday ... after the storm",
            "quote: council will meet again soon",
        )
    )
    (problem,) = check_project(project).problems
    assert problem.message == "quote not found in source 'wire-2020-01-10-harbour'"
    assert "is in source" not in problem.hint


def test_only_the_first_quotes_not_found_get_a_search_of_the_other_sources(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each search reads every source: only the first ELSEWHERE_SEARCHES quotes not found,
    in the records' order, are told which other source has their words."""
    (project / "actors" / "sharing.yml").write_text(
        "name: Sharing\nkind: person\nsummary:\n  text: Two quotes from the other source.\n"
        "  cite:\n"
        "    - source: wire-2020-01-10-harbour\n"
        "      quote: calling the storm damage the worst in living memory\n"
        "    - source: gazette-2020-01-11-harbour\n"
        "      quote: asked the regional government for help\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(briefing.check.verify, "ELSEWHERE_SEARCHES", 1)
    told = [p.render() for p in check_project(project).problems]
    assert sum("cite that source" in problem for problem in told) == 1
    assert "cite that source" in next(p for p in told if "quote not found" in p)
