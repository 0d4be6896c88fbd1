"""Validation: dates with precision, and problems placed at the key or value at fault."""

from __future__ import annotations

import pytest

from briefing.records.dates import PartialDate, parse_date
from briefing.records.load import RawRecord
from briefing.records.model import Actor
from briefing.records.places import MEMORY
from briefing.records.reading import parse_yaml_mapping
from briefing.records.validate import validate_record


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01-09", PartialDate(2020, 1, 9)),
        ("2020-01", PartialDate(2020, 1)),
        ("2020", PartialDate(2020)),
        ("~2021-01", PartialDate(2021, 1, 0, approximate=True)),
        ("2020-02-29", PartialDate(2020, 2, 29)),
        ("2019-02-29", None),
        ("2020-13", None),
        ("2020-00-10", None),
        ("20-01-09", None),
        ("January 2020", None),
        ("2020-1-9", None),
    ],
)
def test_dates_parse_with_their_precision(text: str, expected: PartialDate | None) -> None:
    assert parse_date(text) == expected


def test_precision_and_order() -> None:
    assert parse_date("2020-01").precision == "month"  # type: ignore[union-attr]
    assert str(parse_date("~2020-01")) == "~2020-01"
    assert parse_date("2020") < parse_date("2020-01") < parse_date("2020-01-03")  # type: ignore[operator]


ACTOR = """name: A
kind: person
summary:
  text: Who A is.
  cite:
    - source: s
      quote: four words of it
"""


def problems_of(yaml_text: str) -> list[str]:
    raw = RawRecord("actor", "a", "actors/a.yml", parse_yaml_mapping(yaml_text, "actors/a.yml"))
    return [p.render().split("\n")[0] for p in validate_record(raw)[1]]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("kind: person", "kind: human"), "actors/a.yml:2:7: error: invalid value for 'kind'"),
        (("name: A\n", ""), "actors/a.yml:1:1: error: missing required key 'name'"),
        (("    - source: s", "    - sourc: s"), "actors/a.yml:6:7: error: unknown key 'sourc'"),
        (("source: s", "source: Bad Id"), "actors/a.yml:6:15: error: 'Bad Id' is not a valid id"),
        (("  cite:", "  judgment: sure\n  cite:"), "actors/a.yml:5:13: error: invalid value"),
        (("name: A", "name: A\naliases: A"), "actors/a.yml:2:10: error: 'aliases' must be a list"),
        (("quote: four words of it", "quote: four\n      credibility: 9"), "actors/a.yml:8:20"),
    ],
)
def test_problems_point_at_the_key_or_value(change: tuple[str, str], expected: str) -> None:
    found = problems_of(ACTOR.replace(*change))
    assert len(found) == 1, found
    assert found[0].startswith(expected)


def test_a_valid_actor_has_no_problems() -> None:
    assert problems_of(ACTOR) == []


def test_every_record_inside_a_valid_one_knows_its_place() -> None:
    text = ACTOR + "claims:\n  - id: c\n    text: T.\n    judgment: low\n"
    raw = RawRecord("actor", "a", "actors/a.yml", parse_yaml_mapping(text, "actors/a.yml"))
    actor = validate_record(raw)[0]
    assert isinstance(actor, Actor)
    assert (actor.record_id, actor.path, str(actor.at("kind"))) == (
        "a",
        "actors/a.yml",
        "actors/a.yml:2:7",
    )
    assert str(actor.summary.at()) == "actors/a.yml:4:3"
    assert str(actor.summary.cite[0].at("quote")) == "actors/a.yml:7:14"
    assert str(actor.claims[0].at("judgment")) == "actors/a.yml:11:15"


def test_a_record_made_in_memory_has_no_place() -> None:
    actor = Actor.model_validate({"name": "A", "kind": "person", "summary": {"text": "T."}})
    assert (actor.at(), actor.at("name"), actor.summary.at()) == (MEMORY, MEMORY, MEMORY)
    assert (actor.record_id, actor.path) == ("", "")
