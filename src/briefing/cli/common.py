"""What the commands share: exit codes, the PATH argument, --strict, --untrusted, progress
lines, and how a report and what stopped a command are printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing.problems import BriefingError, Problem, Severity

if TYPE_CHECKING:  # the build loads when a command needs it: not for --help
    from briefing.build import Listener

EXIT_INVALID = 1
EXIT_MISUSE = 2
EXIT_INTERNAL = 3

project_argument = click.argument(
    "path", type=click.Path(file_okay=False, path_type=Path), default=".", required=False
)

strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")

untrusted_option = click.option(
    "--untrusted",
    is_flag=True,
    help="Refuse a mkdocs.yml that would run code of the project (hooks, plugins and "
    "Markdown extensions beyond the standard ones, theme templates, python tags, INHERIT).",
)


def progress(message: str) -> None:
    click.echo(f"briefing: {message}", err=True)


def listener(strict: bool, err: bool = False) -> Listener:
    """What a build says as it goes, as every command says it: each step on standard error,
    the check's report as `check` prints it (on standard error too when `err`: when what
    goes to standard output is an export)."""
    from briefing.build import Listener
    from briefing.cli.terminal import echo_report

    return Listener(
        progress=progress,
        checked=lambda report: echo_report(
            report.problems, report.file_count, strict, suppressed=report.suppressed, err=err
        ),
    )


def echo_stopped(error: BriefingError) -> None:
    """What stopped a command: the problems of the project as `check` prints them, then
    "build stopped: OUTCOME"; a tool's failure on standard error, the outcome its hint."""
    message = error.format_message()
    if message:
        click.echo(message, err=error.failure)
    if error.outcome and not error.failure:
        click.echo(f"build stopped: {error.outcome}", err=True)


def echo_json(problems: list[Problem], file_count: int, ok: bool, suppressed: int = 0) -> None:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    notes = sum(p.severity is Severity.NOTE for p in problems)
    document = {
        "problems": [p.as_json() for p in problems],
        "errors": errors,
        "warnings": len(problems) - errors - notes,
        "notes": notes,
        "suppressed": suppressed,
        "files": file_count,
        "ok": ok,
    }
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))
