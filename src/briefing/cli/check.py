"""`briefing check`: every problem of the records at once, for people or for tools."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefing.cli.common import EXIT_INVALID, echo_json, project_argument, strict_option
from briefing.cli.terminal import echo_report
from briefing.problems import summary_line
from briefing.warning_kinds import UnknownWarningKind, WarningKind


class _WarningKindChoice(click.Choice[str]):
    """A kind of warning in either spelling (`single-origin`, `single_origin`); the help
    lists the hyphenated one, and a misspelt kind gets a "did you mean"."""

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> WarningKind:
        kind = WarningKind.named(value) if isinstance(value, str) else None
        if kind is None:
            self.fail(str(UnknownWarningKind(str(value))), param, ctx)
        return kind


@click.command()
@project_argument
@strict_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github", "sarif"]),
    default="text",
    show_default=True,
    help="How to print the problems: for people; for tools (JSON, whatever happens); as "
    "GitHub Actions annotations; as a SARIF 2.1.0 log for code-scanning views.",
)
@click.option(
    "--list",
    "listed",
    type=_WarningKindChoice([kind.value for kind in WarningKind]),
    help="Print only the warnings of this kind, each of them (the summary counts them).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check every record again, neither reading nor writing build/.cache.",
)
def check(path: Path, strict: bool, output_format: str, listed: str | None, no_cache: bool) -> None:
    """Check every record of the project at PATH: citations, references, dates, ids.

    Prints every problem at once as path:line:column, then a summary. Exits 0 when the
    records are valid, 1 when they are not, 2 on misuse. How loud each kind of warning is
    is set under 'warnings:' in briefing.yml. What a check found is kept in build/.cache:
    with nothing changed the next check prints it at once, and after an edit it proves again
    only the quotes the edit can change.

    \b
    Examples:
      briefing check                       the project in this folder
      briefing check --strict my-briefing  warnings fail too
      briefing check --list single-origin  each claim that rests on one report
      briefing check --format github       annotations in a GitHub Actions run
    """
    from briefing.incremental.cache import cached_check

    report = cached_check(path, use_cache=not no_cache)
    failing = report.errors(strict)
    problems = [p for p in report.problems if listed is None or p.kind == listed]
    if output_format == "json":
        echo_json(problems, report.file_count, ok=not failing, suppressed=report.suppressed)
    elif output_format in ("github", "sarif"):
        from briefing.cli.formats import github_annotations, sarif_text

        if output_format == "sarif":
            click.echo(sarif_text(problems))
        else:
            for line in github_annotations(problems):
                click.echo(line)
            click.echo(summary_line(report.problems, report.file_count))
    else:
        echo_report(report.problems, report.file_count, strict, listed, report.suppressed)
    if failing:
        sys.exit(EXIT_INVALID)
