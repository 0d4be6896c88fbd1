"""The commands that bring sources in and keep them honest: capture, rehash, verify-live."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing.cli.common import EXIT_INVALID
from briefing.paths import UnsafePath
from briefing.problems import did_you_mean
from briefing.project import NotAProject

if TYPE_CHECKING:  # loaded when a command needs them
    from briefing.capture.verify_live import Finding
    from briefing.records.model import Source
    from briefing.report import Report

project_option = click.option(
    "--project",
    "-C",
    "path",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The briefing project.",
)


def fetch_options(command: Callable[..., None]) -> Callable[..., None]:
    """The limits of a fetch, the same for capture and verify-live."""
    for option in reversed(
        [
            click.option(
                "--timeout",
                default=30.0,
                show_default=True,
                help="Seconds to wait for a connection or a read.",
            ),
            click.option(
                "--deadline",
                default=120.0,
                show_default=True,
                help="Seconds for a whole fetch: every redirect, the headers and the body.",
            ),
            click.option(
                "--allow-private",
                is_flag=True,
                help="Fetch from loopback, link-local and private addresses too (refused "
                "otherwise).",
            ),
        ]
    ):
        command = option(command)
    return command


@click.command()
@click.argument("targets", nargs=-1, metavar="URL|FILE...")
@project_option
@click.option(
    "--from",
    "url_list",
    type=click.File("r", encoding="utf-8"),
    help="A file of URLs (or saved files), one a line, each with the id to give it after "
    "it if you want; '#' starts a comment.",
)
@click.option("--id", "source_id", help="The new source's id (one URL only).")
@click.option("--force", is_flag=True, help="Replace a source of the same id.")
@fetch_options
@click.option("--max-mb", default=20.0, show_default=True, help="Largest page or file, in MB.")
def capture(
    targets: tuple[str, ...],
    path: Path,
    url_list: io.TextIOBase | None,
    source_id: str | None,
    force: bool,
    timeout: float,
    deadline: float,
    allow_private: bool,
    max_mb: float,
) -> None:
    """Capture web pages (URL) or saved .html/.pdf files as sources, with their provenance.

    Writes sources/ID.md (the article's text, its metadata, when it was retrieved, the hash
    of the text, reliability 'ungraded') and captures/ID.wacz (the bytes as received, as a
    web archive).
    A URL that fails is reported and the others go on; nothing is written for it.
    """
    from briefing.capture.article import CaptureError
    from briefing.capture.article import capture as capture_one
    from briefing.capture.fetch import new_client
    from briefing.project import require_project

    wanted = _targets(targets, url_list, source_id)
    try:
        require_project(path)
    except NotAProject as error:
        raise click.UsageError(f"{error}; make one with briefing init") from None
    failed = 0
    with (
        new_client(timeout, allow_private) as client,
        click.progressbar(
            wanted, label="capturing", file=sys.stderr, item_show_func=lambda t: t and t[0][-40:]
        )
        if sys.stderr.isatty() and len(wanted) > 1
        else _plain(wanted) as items,
    ):
        for target, given_id in items:
            try:
                done = capture_one(
                    path, target, client, given_id, force, int(max_mb * 1e6), deadline
                )
            except CaptureError as error:
                failed += 1
                click.echo(f"{target}: error: {error}")
                if error.hint:
                    click.echo(f"  hint: {error.hint}")
                continue
            click.echo(f"{target}: wrote {done.path} and {done.archive}")
            for note in done.notes:
                click.echo(f"  note: {note}: correct it in {done.path}")
    captured = len(wanted) - failed
    click.echo(
        f"{captured} captured, {failed} failed; grade each new source (reliability) and run "
        "briefing check"
    )
    if failed:
        sys.exit(EXIT_INVALID)


@click.command("verify-live")
@click.argument("source_ids", nargs=-1, metavar="[SOURCE-ID]...")
@project_option
@click.option("--workers", default=4, show_default=True, help="Pages fetched at once.")
@fetch_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A table for people, or JSON for tools.",
)
def verify_live(
    source_ids: tuple[str, ...],
    path: Path,
    workers: int,
    timeout: float,
    deadline: float,
    allow_private: bool,
    output_format: str,
) -> None:
    """Fetch each source's live page again and report whether each cited quote is still there.

    For every quote: present, moved, changed (with the closest passage), gone (the page is
    404/410: the archived copy is suggested), or unreachable; and whether its link would be
    ambiguous (found several times, no prefix/suffix). Never changes the stored text. Exits 1
    when a quote is not present as it was.
    """
    from briefing.capture.fetch import new_client
    from briefing.capture.verify_live import verify_live as compare_all

    report, sources = _checked_sources(path, source_ids)
    chosen = list(source_ids) or None
    count = len(source_ids or [s for s in sources.values() if s.url])
    with (
        new_client(timeout, allow_private) as client,
        (
            click.progressbar(length=count, label="fetching", file=sys.stderr)
            if sys.stderr.isatty() and output_format == "text"
            else _no_bar()
        ) as bar,
    ):
        findings = list(
            compare_all(
                report.index,
                chosen,
                client,
                workers,
                deadline=deadline,
                done=lambda _: bar.update(1),
            )
        )
    _show(findings, output_format)
    if any(f.status != "present" for f in findings):
        sys.exit(EXIT_INVALID)


def _show(findings: list[Finding], output_format: str) -> None:
    """verify-live's findings, as JSON or as lines and a table of totals."""
    findings.sort(key=lambda f: (f.source_id, f.at))
    statuses = ["present", "moved", "changed", "gone", "unreachable"]
    totals = {status: sum(f.status == status for f in findings) for status in statuses}
    ambiguous = sum(f.not_unique for f in findings)
    if output_format == "json":
        document = {
            "findings": [f.as_json() for f in findings],
            "totals": {**totals, "not_unique": ambiguous},
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            short = finding.quote if len(finding.quote) <= 60 else finding.quote[:59] + "…"
            flag = " (not unique: add prefix/suffix)" if finding.not_unique else ""
            click.echo(f"{finding.at}: {finding.status}{flag}: {finding.source_id}: “{short}”")
            if finding.detail:
                click.echo(f"  {finding.detail}")
            if finding.closest:
                click.echo(f"  closest: “{finding.closest}” (score {finding.score})")
        click.echo("")
        click.echo(f"{'status':<12} quotes")
        for status in statuses:
            click.echo(f"{status:<12} {totals[status]}")
        click.echo(f"{'not unique':<12} {ambiguous}")


def _targets(
    targets: tuple[str, ...], url_list: io.TextIOBase | None, source_id: str | None
) -> list[tuple[str, str | None]]:
    """The URLs and files named (with --id, if given), then those of the --from list, each
    line a URL or file and, after white space, the id to give it (misuse if there are none)."""
    wanted: list[tuple[str, str | None]] = [(target, source_id) for target in targets]
    if url_list is not None:
        for number, line in enumerate(url_list, 1):
            fields = line.split("#", 1)[0].split()
            if len(fields) > 2:
                raise click.UsageError(
                    f"line {number} of --from has {len(fields)} fields: write a URL or file, "
                    "and after it, if you want, the id to give it"
                )
            if fields:
                wanted.append((fields[0], fields[1] if len(fields) == 2 else None))
    if not wanted:
        raise click.UsageError("give at least one URL or file, or --from a list of them")
    if source_id is not None and url_list is not None:
        raise click.UsageError(
            "--id names the one URL or file given with it, not those of --from: give each of "
            "them its id on its line, 'URL ID'"
        )
    if source_id is not None and len(wanted) > 1:
        raise click.UsageError(
            f"--id names one source, and {len(wanted)} were given: give one URL or file with "
            "--id, or list them in a file for --from, one 'URL ID' a line"
        )
    return wanted


class _NoBar:
    def update(self, steps: int) -> None:
        pass


@contextlib.contextmanager
def _no_bar() -> Iterator[_NoBar]:
    yield _NoBar()


@contextlib.contextmanager
def _plain(items: list[tuple[str, str | None]]) -> Iterator[list[tuple[str, str | None]]]:
    yield items


@click.command()
@click.argument("source_ids", nargs=-1, metavar="[SOURCE-ID]...")
@project_option
@click.option("--reason", help="Why the text was changed: kept in the source's edits.")
def rehash(source_ids: tuple[str, ...], path: Path, reason: str | None) -> None:
    """Record the hash of each source's text as it stands now.

    With no SOURCE-ID, hashes every source that has no hash yet. A source whose text changed
    since its hash was recorded needs --reason, which is kept in its `edits:` with the old
    hash. Only the front matter is rewritten; the text is left byte for byte.
    """
    from briefing.check.fixity import RehashError, rehash_source

    _, sources = _checked_sources(path, source_ids)
    chosen = [sources[i] for i in source_ids] or [s for s in sources.values() if s.sha256 is None]
    failed = False
    for source in chosen:
        try:
            done = rehash_source(path, source, reason)
        except (RehashError, UnsafePath) as error:
            click.echo(error.problem.render())
            failed = True
            continue
        if done.changed:
            click.echo(f"{source.path}: sha256 {done.sha256}")
        else:
            click.echo(f"{source.path}: unchanged since its hash was recorded")
    if not chosen:
        click.echo("every source has a hash")
    if failed:
        sys.exit(EXIT_INVALID)


def _checked_sources(path: Path, source_ids: tuple[str, ...]) -> tuple[Report, dict[str, Source]]:
    """The project's report and its sources, once every id asked for names one (misuse, exit
    2, otherwise)."""
    from briefing.report import check_project

    report = check_project(path)
    sources = report.index.briefing.sources
    for source_id in source_ids:
        if source_id not in sources:
            hint = did_you_mean(source_id, sources) or "give the id of a valid source"
            raise click.UsageError(f"unknown source '{source_id}'; {hint}")
    return report, sources
