"""Problems for tools: `--format github` (workflow commands) and `--format sarif` (SARIF
2.1.0), checked against the shape the SARIF 2.1.0 standard requires of what we emit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from conftest import CORPORA, VALID, overlay, run

# The parts of the SARIF 2.1.0 schema (OASIS standard, section 3) for the objects briefing
# writes, with their required properties, enumerations and bounds. Unknown properties are
# refused, as the official schema refuses them, so that a misspelt key fails here.
_TEXT = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
SARIF_SUBSET: dict[str, Any] = {
    "type": "object",
    "required": ["version", "runs"],
    "additionalProperties": False,
    "properties": {
        # "format": "uri" is not checked by jsonschema without a format checker: a pattern is
        "$schema": {"type": "string", "pattern": "^https://[^\\s]+$"},
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tool"],
                "additionalProperties": False,
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "additionalProperties": False,
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "additionalProperties": False,
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "additionalProperties": False,
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": _TEXT,
                                                "properties": {"type": "object"},
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message"],
                            "additionalProperties": False,
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": -1},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": _TEXT,
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "additionalProperties": False,
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "additionalProperties": False,
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "additionalProperties": False,
                                                        "properties": {
                                                            "uri": {"type": "string"},
                                                            "uriBaseId": {"type": "string"},
                                                        },
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "additionalProperties": False,
                                                        "properties": {
                                                            "startLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "startColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def _broken(tmp_path: Path) -> Path:
    return overlay(CORPORA / "broken" / "quote_not_in_source", tmp_path / "project")


def test_sarif_has_the_shape_of_sarif_2_1_0_and_each_problem(tmp_path: Path) -> None:
    result = run("check", "--format", "sarif", str(_broken(tmp_path)))
    assert result.exit_code == 1
    log = json.loads(result.output)
    jsonschema.validate(log, SARIF_SUBSET)
    run_log = log["runs"][0]
    [found] = run_log["results"]
    assert found["level"] == "error"
    assert found["message"]["text"].startswith("quote not found in source ")
    place = found["locations"][0]["physicalLocation"]
    assert place["artifactLocation"]["uri"].startswith("actors/")
    assert place["region"]["startLine"] >= 1
    rules = run_log["tool"]["driver"]["rules"]
    assert rules[found["ruleIndex"]]["id"] == found["ruleId"] == "record"


def test_sarif_of_a_valid_project_has_no_results() -> None:
    result = run("check", "--format", "sarif", str(VALID))
    assert result.exit_code == 0
    log = json.loads(result.output)
    jsonschema.validate(log, SARIF_SUBSET)
    assert log["runs"][0]["results"] == []


def test_github_annotations_place_each_problem_and_keep_its_lines(tmp_path: Path) -> None:
    result = run("check", "--format", "github", str(_broken(tmp_path)))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("::error file=actors/")
    head, _, message = lines[0].partition(",title=briefing error::")
    assert ",line=" in head and ",col=" in head
    # the details and the hint are lines of one annotation, escaped as %0A
    assert message.startswith("quote not found in source ")
    assert "%0Ahint: " in message
    assert lines[-1] == "1 error, 0 warnings in 6 files"


def test_sarif_is_printed_whatever_happens(tmp_path: Path) -> None:
    from conftest import console

    result = console("check", "--format", "sarif", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    log = json.loads(result.stdout)
    jsonschema.validate(log, SARIF_SUBSET)
    [found] = log["runs"][0]["results"]
    assert "is not a briefing project" in found["message"]["text"]
    assert "locations" not in found  # no file to point at
