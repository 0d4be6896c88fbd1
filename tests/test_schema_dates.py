"""The JSON Schema that `briefing schema` writes accepts a date exactly when `briefing check`
does: an editor's YAML language server and the checker never disagree on a date."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from briefing.records.dates import parse_when
from briefing.records.model import MODELS
from briefing.records.reading import parse_yaml_mapping


def _date_schema() -> dict[str, Any]:
    document = MODELS["event"].model_json_schema(by_alias=True)
    schema = document["properties"]["date"]
    return {**schema, "$defs": document.get("$defs", {})}


VALIDATOR = jsonschema.Draft202012Validator(_date_schema())


def _schema_accepts(value: object) -> bool:
    return VALIDATOR.is_valid(value)


def _check_accepts(value: object) -> bool:
    text = str(value) if isinstance(value, int) else value
    return isinstance(text, str) and parse_when(text) is not None


CANDIDATES = [
    f"{prefix}{year}-{month:02d}-{day:02d}"
    for prefix in ("", "~")
    for year in (1900, 1999, 2000, 2020, 2021, 2024, 2100, 2400)
    for month in range(14)
    for day in range(33)
] + [f"{year}-{month:02d}" for year in (2020, 2021) for month in range(14)]
# ranges: every end above after a few starts, and a few malformed ones
RANGES = [
    f"{start}/{end}"
    for start in ("2020", "~2019-12", "2020-02-29", "2021-02-29")
    for end in CANDIDATES[::7]
] + ["2020/", "/2020", "2020//2021", "2020/2021/2022", "2020 / 2021", "2020-01/2020-1"]


def test_schema_and_check_agree_on_ranges() -> None:
    # the form of a range; that it runs forwards is checked with the references
    disagree = [c for c in RANGES if _schema_accepts(c) != _check_accepts(c)]
    assert disagree == []
    assert 200 < sum(map(_check_accepts, RANGES)) < len(RANGES)


def test_schema_and_check_agree_on_every_day_of_several_years() -> None:
    disagree = [c for c in CANDIDATES if _schema_accepts(c) != _check_accepts(c)]
    assert disagree == []
    assert sum(map(_check_accepts, CANDIDATES)) > 2000  # the table holds real dates too


@pytest.mark.parametrize(
    ("yaml_text", "accepted"),
    [
        ("date: 2020", True),  # YAML's integer: a year all the same
        ("date: '2020'", True),
        ("date: 2020-13-45", False),
        ("date: '2020-02-29'", True),
        ("date: '2021-02-29'", False),
        ("date: 20201", False),
        ("date: 999", False),
        ("date: 2020-1-3", False),
        ("date: true", False),
        ("date: 2020-01/2020-02", True),
        ("date: 2020/2021-02-29", False),
    ],
)
def test_schema_and_check_agree_on_what_yaml_reads(yaml_text: str, accepted: bool) -> None:
    value = parse_yaml_mapping(yaml_text, "events/x.yml")["date"]  # as briefing reads it
    assert _schema_accepts(value) == accepted
    assert _check_accepts(value) == accepted
