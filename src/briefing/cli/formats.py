"""Problems for tools: GitHub workflow annotations and SARIF 2.1.0 for code-scanning views.
(JSON, the project's own shape, is printed by the CLI; text for people is terminal.py.)"""

from __future__ import annotations

import json

from briefing import __version__
from briefing.problems import Problem, Severity
from briefing.warning_kinds import WarningKind, counted

GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping: a message may hold several lines.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _full_text(problem: Problem) -> str:
    lines = [problem.message, *problem.details]
    if problem.hint:
        lines.append(f"hint: {problem.hint}")
    return "\n".join(lines)


def github_annotations(problems: list[Problem]) -> list[str]:
    """One workflow command per problem: a GitHub Actions run shows each on its line of
    the file in the pull request. A problem without a file ('<briefing>') has no place."""
    lines = []
    for problem in problems:
        command = GITHUB_COMMAND[problem.severity]
        place = ""
        if not problem.origin.path.startswith("<"):
            place = (
                f" file={_escape_property(problem.origin.path)},line={problem.origin.line},"
                f"col={problem.origin.column}"
            )
        title = f"briefing {problem.kind or problem.severity.value}"
        lines.append(
            f"::{command}{place}{',' if place else ' '}title={_escape_property(title)}"
            f"::{_escape_data(_full_text(problem))}"
        )
    return lines


SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}
CHECK_RULE = "record"  # the rule of every problem that is always an error


def _rules() -> list[dict[str, object]]:
    rules: list[dict[str, object]] = [
        {
            "id": CHECK_RULE,
            "shortDescription": {"text": "A record breaks the format or a citation is not proven"},
        }
    ]
    for kind in WarningKind:
        described = counted(kind, 1).removeprefix("1 ")
        rules.append(
            {
                "id": kind,
                "shortDescription": {
                    "text": f"{'An' if described[0] in 'aeiou' else 'A'} {described}"
                },
                "properties": {"setting": f"warnings.{kind}"},
            }
        )
    return rules


def sarif_document(problems: list[Problem]) -> dict[str, object]:
    """A SARIF 2.1.0 log of one run: paths are relative to the project (%SRCROOT%)."""
    rules = _rules()
    rule_index = {rule["id"]: number for number, rule in enumerate(rules)}
    results = []
    for problem in problems:
        rule_id = problem.kind or CHECK_RULE
        result: dict[str, object] = {
            "ruleId": rule_id,
            "ruleIndex": rule_index[rule_id],
            "level": SARIF_LEVEL[problem.severity],
            "message": {"text": _full_text(problem)},
        }
        if not problem.origin.path.startswith("<"):
            result["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": problem.origin.path, "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": problem.origin.line,
                            "startColumn": problem.origin.column,
                        },
                    }
                }
            ]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "briefing",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }


def sarif_text(problems: list[Problem]) -> str:
    return json.dumps(sarif_document(problems), indent=2, ensure_ascii=False)
