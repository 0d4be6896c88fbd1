"""`briefing cite SOURCE WORDS`: the words found as the check finds a quote, and a citation
to paste that the check then proves."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run, with_hash

WIRE = "wire-2020-01-10-harbour"


def cite_in_actor(project: Path, pasted: str) -> str:
    """The YAML citation printed, pasted as the actor's second citation: the check's word."""
    actor = project / "actors/harbour-council.yml"
    lines = actor.read_text().split("\n")
    at = next(n for n, line in enumerate(lines) if line.strip().startswith("quote:"))
    block = "\n".join("    " + line for line in pasted.strip().split("\n"))
    actor.write_text("\n".join([*lines[: at + 1], block, *lines[at + 1 :]]))
    result = run("check", str(project))
    return result.output.splitlines()[-1]


def printed_yaml(output: str) -> str:
    return "\n".join(line for line in output.split("\n") if line.startswith(("- ", "  ")))


def test_exact_words_give_a_citation_the_check_proves(project: Path) -> None:
    result = run("cite", WIRE, "two council members told Example Wire", str(project))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"sources/{WIRE}.md:12: found",
        "",
        f"- source: {WIRE}",
        '  quote: "two council members told Example Wire"',
        "",
        f'[@{WIRE}, "two council members told Example Wire"]',
    ]
    assert cite_in_actor(project, printed_yaml(result.output)) == "0 errors, 0 warnings in 6 files"


def test_typography_does_not_matter_and_the_source_s_own_marks_are_printed(project: Path) -> None:
    result = run(
        "cite", WIRE, 'would "rebuild the north pier before the summer season" - and', str(project)
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"sources/{WIRE}.md:14: found"
    assert (
        '  quote: "would “rebuild the north pier before the summer season” — and"' in result.output
    )
    assert (
        f'[@{WIRE}, "would “rebuild the north pier before the summer season” — and"]'
        in result.output
    )
    assert cite_in_actor(project, printed_yaml(result.output)) == "0 errors, 0 warnings in 6 files"


def test_straight_quotes_in_the_source_become_curly_in_a_brief_s_citation(project: Path) -> None:
    source = project / "sources" / f"{WIRE}.md"
    source.write_text(source.read_text().replace("“", '"').replace("”", '"'))
    result = run("cite", WIRE, "council would “rebuild the north pier", str(project))
    assert result.exit_code == 0, result.output
    assert '  quote: "council would \\"rebuild the north pier"' in result.output
    assert f'[@{WIRE}, "council would “rebuild the north pier"]' in result.output


def test_words_that_stand_more_than_once_get_a_prefix_that_pins_the_first(project: Path) -> None:
    source = project / "sources" / f"{WIRE}.md"
    text = source.read_text() + "\nLater, the regional government did not respond to the council.\n"
    source.write_text(with_hash(text))
    result = run("cite", WIRE, "the regional government", str(project))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:5] == [
        f"sources/{WIRE}.md:14: found 2 times; the first, pinned by its prefix:",
        "",
        f"- source: {WIRE}",
        '  quote: "the regional government"',
        '  prefix: "asked"',
    ]
    assert "note: quote is too short: 3 words" in result.output
    # a prefix found by the check's own rule, `pin`: the check proves it at the first place
    result = run("cite", WIRE, "regional government did not respond", str(project))
    assert (
        result.output.splitlines()[0]
        == f"sources/{WIRE}.md:16: found 2 times; the first, pinned by its prefix:"
    )
    assert '  prefix: "The"' in result.output
    assert cite_in_actor(project, printed_yaml(result.output)).startswith("0 errors")


def test_words_not_in_the_source_get_the_closest_passage(project: Path) -> None:
    result = run("cite", WIRE, "the council met on Friday to plan the repairs", str(project))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        f"sources/{WIRE}.md:12: not found; the closest passage is this one (check it says what you mean):"
    )
    assert lines[3] == '  quote: "harbour council met on Thursday to plan repairs"'
    assert f'[@{WIRE}, "harbour council met on Thursday to plan repairs"]' in lines


def test_words_in_other_capitals_are_found_and_said_so(project: Path) -> None:
    result = run("cite", WIRE, "MAYOR ANA RUIZ SAID", str(project))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"sources/{WIRE}.md:14: not found as written: the source has them in other capitals:"
    )
    assert '  quote: "Mayor Ana Ruiz said"' in result.output


def test_no_words_list_the_paragraphs_with_their_lines(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)  # the project is the folder the command runs in
    result = run("cite", WIRE)
    assert result.output == run("cite", WIRE, "", str(project)).output
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"sources/{WIRE}.md:12: PORTVILLE: The harbour council met on Thursday to plan repairs "
        "after the storm, two council members told Example Wire.",
        f"sources/{WIRE}.md:14: Mayor Ana Ruiz said the council would “rebuild the north pier "
        "before the summer season” — and asked the regional government for help.",
        f"sources/{WIRE}.md:16: The regional government did not respond to a request for comment.",
    ]


@pytest.mark.parametrize(
    ("source_id", "words", "code", "expected"),
    [
        (
            "wire-2020-01-10-harbor",
            "the storm",
            2,
            "sources/wire-2020-01-10-harbor.md:1:1: error: no source 'wire-2020-01-10-harbor'\n"
            "  hint: did you mean 'wire-2020-01-10-harbour'?\n",
        ),
        (
            "../actors/ana-ruiz",
            "the storm",
            2,
            "sources/../actors/ana-ruiz.md:1:1: error: no source '../actors/ana-ruiz'\n",
        ),
        (WIRE, " … ", 2, "Error: the words have no letters or digits to look for"),
    ],
)
def test_errors(project: Path, source_id: str, words: str, code: int, expected: str) -> None:
    result = run("cite", source_id, words, str(project))
    assert result.exit_code == code
    assert expected in result.output


def test_an_invalid_source_says_its_problems(project: Path) -> None:
    source = project / "sources" / f"{WIRE}.md"
    source.write_text(source.read_text().replace("language: en\n", ""))
    result = run("cite", WIRE, "the storm", str(project))
    assert result.exit_code == 1
    assert result.output.startswith(
        f"sources/{WIRE}.md:2:1: error: missing required key 'language'"
    )
