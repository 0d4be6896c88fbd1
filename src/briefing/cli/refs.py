"""`briefing refs ID`: the command; what it lists is worked out in check/refs.py."""

from __future__ import annotations

from pathlib import Path

import click

from briefing.cli.common import project_argument
from briefing.problems import did_you_mean, plural


@click.command()
@click.argument("record_id", metavar="ID")
@project_argument
def refs(record_id: str, path: Path) -> None:
    """List what refers to the record ID: what cites a source, what links to a record.

    Each place as path:line:column, then a count. A record with errors of its own is
    referred to all the same; the records with errors are not read.

    \b
    Examples:
      briefing refs reuters-2020-02-11      every quote of that source
      briefing refs hezbollah my-briefing   every event, brief and actor naming it
    """
    from briefing.check.refs import references_to
    from briefing.report import check_project

    report = check_project(path)
    briefing = report.index.briefing
    known = {record.record_id for record in briefing.records()} | briefing.invalid
    if record_id not in known:
        hint = did_you_mean(record_id, known) or "give the file name of a record, without .md"
        raise click.UsageError(f"no record '{record_id}' in {path}; {hint}")
    found = references_to(report.index, record_id)
    for reference in found:
        click.echo(reference.render())
    if record_id in briefing.invalid:
        click.echo(f"'{record_id}' has errors of its own: see 'briefing check'")
    places = plural(len(found), "place")
    errors = report.errors()
    unread = f" ({plural(len(errors), 'error')} kept some records out)" if errors else ""
    click.echo(f"{places} refer{'s' if len(found) == 1 else ''} to '{record_id}'{unread}")
