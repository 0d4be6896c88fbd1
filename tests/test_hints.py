"""Hints that say what to do: a name written for an id, a phrase differing in case, a date
out of the calendar. (YAML syntax errors: test_load; exact outputs: the broken corpora.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.problems import slug
from briefing.records.dates import date_fault
from conftest import run


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("International Longshoremen's Association", "international-longshoremens-association"),
        ("Kata'ib Hezbollah", "kataib-hezbollah"),
        ("Abu Mahdi al-Muhandis", "abu-mahdi-al-muhandis"),
        ("Mayor Ruiz", "mayor-ruiz"),
        ("Café Müller", "cafe-muller"),
    ],
)
def test_a_name_slugs_as_an_id_would_spell_it(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize(
    ("date", "fault"),
    [
        ("2024-13-03", "month 13 is out of range (1 to 12)"),
        ("2024-00", "month 0 is out of range (1 to 12)"),
        ("2021-02-29", "day 29 is out of range (February 2021 has 28 days)"),
        ("2020-04-31", "day 31 is out of range (April 2020 has 30 days)"),
        ("2020-1-3", "months and days take two digits, as in 2020-01-03"),
        ("yesterday", ""),
        ("2020/2020/2020", "a range is two dates, START/END, with one '/'"),
        pytest.param(
            "2020/" * 100_000 + "2020",
            "a range is two dates, START/END, with one '/'",
            id="100,000 slashes",
        ),
        ("2020/2021-13", "month 13 is out of range (1 to 12)"),
    ],
)
def test_a_bad_date_says_what_is_out_of_the_calendar(date: str, fault: str) -> None:
    assert date_fault(date) == fault


def test_a_date_of_many_slashes_is_one_error_at_its_place(project: Path) -> None:
    actor = project / "actors" / "ana-ruiz.yml"
    text = actor.read_text()
    actor.write_text(text.replace("from: 2020-01", 'from: "' + "2020/" * 20_000 + '2020"'))
    result = run("check", str(project))
    assert result.exit_code == 1, result.output
    line = text[: text.index("from: 2020-01")].count("\n") + 1
    assert f"actors/ana-ruiz.yml:{line}:11: error: invalid date for " in result.output
    assert "a range is two dates, START/END, with one '/'" in result.output


def test_an_alias_written_for_an_id_is_named(project: Path) -> None:
    event = project / "events" / "2020-01-09-council-meeting.yml"
    event.write_text(event.read_text().replace("actor: ana-ruiz", "actor: mayor-ruiz"))
    result = run("check", str(project))
    assert "error: unknown actor 'mayor-ruiz'" in result.output
    assert "hint: 'mayor-ruiz' is a name of 'ana-ruiz': refer to it by its id, 'ana-ruiz'" in (
        result.output
    )


def test_a_phrase_may_change_the_case_of_its_first_letter(project: Path) -> None:
    brief = project / "briefs" / "harbour-repairs.md"
    text = brief.read_text()
    assert 'promised to "rebuild the north pier"' in text
    brief.write_text(text.replace('"rebuild the north pier"', '"Rebuild the north pier"'))
    result = run("check", "--strict", str(project))
    assert result.exit_code == 0, result.output


# Quotes that normalise to nothing: invisible marks, bidi controls, white space, an elision.
EMPTY_QUOTES = {
    "zero-width spaces": "\u200b\u200b",
    "bidi controls": "\u202e\u2066\u200f",
    "soft hyphen and byte-order mark": "\u00ad \ufeff",
    "an elision": "...",
    "elisions and no-break spaces": "\u2026\u00a0\u2026",
}


@pytest.mark.parametrize("quote", EMPTY_QUOTES.values(), ids=EMPTY_QUOTES.keys())
def test_a_quote_of_no_visible_words_in_a_record_is_an_error_at_its_place(
    project: Path, quote: str
) -> None:
    actor = project / "actors" / "ana-ruiz.yml"
    text = actor.read_text()
    cited = "quote: Mayor Ana Ruiz promised on Thursday"
    actor.write_text(text.replace(cited, f"quote: {json.dumps(quote)}"))
    result = run("check", str(project))
    assert result.exit_code == 1, result.output
    line = text[: text.index(cited)].count("\n") + 1
    assert f"actors/ana-ruiz.yml:{line}:14: error: quote has no words" in result.output
    assert "hint: the quote has no visible words: " in result.output


@pytest.mark.parametrize("quote", EMPTY_QUOTES.values(), ids=EMPTY_QUOTES.keys())
def test_a_quote_of_no_visible_words_in_prose_is_an_error_at_its_place(
    project: Path, quote: str
) -> None:
    brief = project / "briefs" / "harbour-repairs.md"
    text = brief.read_text()
    cited = '"did not respond to a request for comment"'
    brief.write_text(text.replace(cited, f'"{quote}"'))
    result = run("check", str(project))
    assert result.exit_code == 1, result.output
    line = text[: text.index(cited)].count("\n") + 1
    before = text[: text.index(cited)]
    column = before.rfind("@") - before.rfind("\n")  # a citation stands at its '@'
    assert f"briefs/harbour-repairs.md:{line}:{column}: error: quote has no words" in (
        result.output
    )
    assert "hint: the quote has no visible words: " in result.output
