"""The commands that make the outputs: `build` (the site and the PDFs) and `pdf` run the one
build (briefing/build.py); `export` writes the records for other tools."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from briefing.cli.common import (
    EXIT_INVALID,
    listener,
    progress,
    project_argument,
    strict_option,
    untrusted_option,
)
from briefing.project import BOOK
from briefing.views.exports import FORMATS as EXPORTS


@click.command("build")
@project_argument
@strict_option
@click.option(
    "--no-pdf",
    "no_pdf",
    is_flag=True,
    help="Build only the site (the PDFs are most of a build's time); it links the last PDFs.",
)
@untrusted_option
@click.option(
    "--engine",
    type=click.Choice(["mkdocs", "zensical"]),
    default="mkdocs",
    show_default=True,
    help="The site engine: MkDocs with Material, or Zensical (pip install 'briefing[zensical]'; "
    "no MkDocs plugins or hooks, its own search index).",
)
def build_command(path: Path, strict: bool, no_pdf: bool, untrusted: bool, engine: str) -> None:
    """Check the records, build the site into PATH/build/site and the PDFs into PATH/build.

    The old site and PDFs are replaced together, only when everything succeeded. Building
    runs the code that PATH/mkdocs.yml names; --untrusted refuses it. 'briefing pdf' sets
    the PDFs alone.

    \b
    Examples:
      briefing build --strict       warnings fail the build too
      briefing build --no-pdf       the site only, quickly
    """
    from briefing import build

    if engine == "zensical":
        from briefing.views.site.engine import zensical_installed

        if not zensical_installed():
            raise click.BadParameter(
                "Zensical is not installed; install it with: pip install 'briefing[zensical]'",
                param_hint="'--engine'",
            )
    options = build.Options(pdfs=not no_pdf, engine=engine, strict=strict, untrusted=untrusted)
    result = build.build(path, options, listener(strict))
    click.echo(f"built the site in {result.site}")


@click.command("pdf")
@project_argument
@click.option(
    "--brief",
    "brief_ids",
    multiple=True,
    metavar="BRIEF-ID",
    help="Set only this brief; repeat for more (default: every brief).",
)
@click.option(
    "--book",
    is_flag=True,
    help=f"Set every brief in one book, build/{BOOK}.pdf (alone: only the book).",
)
@strict_option
def pdf_command(path: Path, brief_ids: tuple[str, ...], book: bool, strict: bool) -> None:
    """Check the records and set each brief as a printable PDF, PATH/build/BRIEF-ID.pdf.

    With no option, every brief; with --book alone, only the book. The PDFs replace the
    old ones together, only when every one of them is whole.
    """
    from briefing import build

    briefs = brief_ids if brief_ids or book else None  # None: every brief
    options = build.Options(site=False, briefs=briefs, book=book, strict=strict)
    for file in build.build(path, options, listener(strict)).pdfs:
        click.echo(f"wrote {file}")


def _export_folder(path: Path, output: Path | None) -> tuple[Path, bool]:
    """The folder the exports go into, and whether it is inside the project: PATH/build/exports,
    or the one -o names. Inside the project no folder on the way may be a link (briefing
    follows none there); a folder outside it is the user's to name, links and all, as with
    any tool that writes where -o says (a synced folder is often a link)."""
    root = path.resolve()
    if output is None:
        return root / "build" / "exports", True
    target = Path(os.path.normpath(output.absolute()))
    try:
        return root / target.relative_to(root), True
    except ValueError:
        return target, False


def _to_standard_output(format_name: str) -> None:
    """`-o -`: the one file of one format, written to standard output."""
    files = EXPORTS[format_name].files if format_name != "all" else ()
    if len(files) != 1:
        many = "every format" if format_name == "all" else f"'{format_name}' ({', '.join(files)})"
        raise click.BadParameter(
            f"'-o -' writes one file to standard output, and {many} makes several; "
            "name a folder to write them into",
            param_hint="'-o' / '--output'",
        )


@click.command("export")
@click.argument("format_name", metavar="FORMAT", type=click.Choice([*EXPORTS, "all"]))
@project_argument
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Folder to write into (default: PATH/build/exports); '-' writes the one file of "
    "one format to standard output.",
)
@strict_option
def export_command(format_name: str, path: Path, output: Path | None, strict: bool) -> None:
    """Check the records and write them as FORMAT for other tools: csl (CSL-JSON), ftm
    (FollowTheMoney), graphml, timelinejs, annotations (W3C Web Annotation), claims (CSV
    and JSON), or all of them.

    Nothing is written when the records have errors.
    """
    from briefing.build import check_records
    from briefing.outputs import locked_build
    from briefing.paths import UnsafePath, inside_project
    from briefing.views.exports import NotInstalled, export_files, exportable, write_exports

    if format_name != "all" and not EXPORTS[format_name].installed:
        raise NotInstalled(EXPORTS[format_name])  # said before the check, which takes a while
    standard_output = output is not None and str(output) == "-"
    if standard_output:
        _to_standard_output(format_name)
    folder, inside = _export_folder(path, output)
    report = check_records(path, strict, listener(strict, err=standard_output))
    names = exportable(list(EXPORTS), progress) if format_name == "all" else [format_name]
    files = export_files(report.index, report.settings, names)
    if standard_output:
        click.echo("".join(files.values()), nl=False)
        return
    try:
        with locked_build(path, progress):
            target = inside_project(path.resolve(), folder) if inside else folder
            written = write_exports(files, target)
    except UnsafePath as error:
        error.stopping("nothing was written")
        raise
    except OSError as error:
        click.echo(f"{folder}: error: cannot write the exports: {error.strerror}", err=True)
        click.echo("  hint: name a folder you can write to with -o", err=True)
        sys.exit(EXIT_INVALID)
    for file in written:
        click.echo(f"wrote {file}")
