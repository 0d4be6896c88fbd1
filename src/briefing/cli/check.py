"""`briefing check`: every problem of the records at once, for people or for tools."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from briefing.cli.common import EXIT_INVALID, echo_json, project_argument, strict_option
from briefing.cli.terminal import echo_report
from briefing.problems import Problem, plural, summary_line
from briefing.warning_kinds import UnknownWarningKind, WarningKind

# What `--list` lists besides a kind of warning: the `checked:` entries, kept warnings.
ACKNOWLEDGED = "acknowledged"


class _WarningKindChoice(click.Choice[str]):
    """A kind of warning in either spelling (`single-origin`, `single_origin`), or
    `acknowledged`; the help lists the hyphenated one, and a misspelt kind gets a "did you
    mean"."""

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        if value == ACKNOWLEDGED:
            return ACKNOWLEDGED
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
    type=_WarningKindChoice([*(kind.value for kind in WarningKind), ACKNOWLEDGED]),
    help="Print only the warnings of this kind, each of them (the summary counts them); "
    "'acknowledged': each support warning kept with 'checked:', with its reason.",
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
      briefing check --list acknowledged   each support warning kept with 'checked:'
      briefing check --format github       annotations in a GitHub Actions run
    """
    from briefing.check.fixity import changed_source
    from briefing.incremental.cache import cached_check

    # printed for people, in full: the warnings only counted need not be made (a kept
    # report of 80,000 warnings is read in a fraction of the time)
    counting = output_format == "text" and not strict and listed is None
    report = cached_check(path, use_cache=not no_cache, counting=counting)
    if any(changed_source(problem) for problem in report.problems):
        from briefing.capture.changes import explain_changes  # trafilatura: only when needed

        report = replace(report, problems=explain_changes(path, report.problems))
    failing = report.errors(strict)
    if listed == ACKNOWLEDGED:
        _echo_acknowledged(path, report.problems, output_format == "json", ok=not failing)
        sys.exit(EXIT_INVALID if failing else 0)
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
        echo_report(
            report.problems,
            report.file_count,
            strict,
            listed,
            report.suppressed,
            tally=report.tally,
        )
    if failing:
        sys.exit(EXIT_INVALID)


def _echo_acknowledged(path: Path, problems: list[Problem], as_json: bool, ok: bool) -> None:
    """Each `checked:` entry of the records: its place, kind and reason, and whether it
    still keeps a warning (an `unused-acknowledgement` warning says it does not)."""
    from briefing.analysis.support.acknowledged import acknowledgements
    from briefing.records.load import load_records
    from briefing.records.validate import validate

    loaded = load_records(path)
    kept = acknowledgements(validate(loaded.records, loaded.unreadable)[0])
    unused = {p.origin for p in problems if p.kind == WarningKind.UNUSED_ACKNOWLEDGEMENT}
    if as_json:
        entries = [one.as_json() | {"unused": one.origin in unused} for one in kept]
        click.echo(json.dumps({"acknowledged": entries, "ok": ok}, indent=2, ensure_ascii=False))
        return
    for one in kept:
        head = click.style(str(one.origin), bold=True)
        mark = " (unused: the warning does not fire here)" if one.origin in unused else ""
        click.echo(f"{head}: acknowledged {one.kind}{mark}: {one.reason}")
    still = sum(one.origin not in unused for one in kept)
    click.echo(f"{plural(still, 'warning')} acknowledged, {len(kept) - still} unused")
