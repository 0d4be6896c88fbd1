"""The `briefing` command: parses options, calls the stages, turns problems into exit codes."""

from __future__ import annotations

import json
import os
import shutil
import sys
import traceback
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from briefing import __version__
from briefing.cli.capture import capture, rehash, verify_live
from briefing.cli.common import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_MISUSE,
    progress,
    project_argument,
    untrusted_option,
)
from briefing.views.exports import FORMATS as EXPORTS
from briefing.paths import UnsafePath, inside_project
from briefing.problems import Origin, Problem, Severity, did_you_mean, summary_line
from briefing.project import BOOK, NotAProject
from briefing.cli.refs import refs
from briefing.cli.serve import serve
from briefing.cli.terminal import echo_report
from briefing.warning_kinds import WARNING_KINDS

if TYPE_CHECKING:  # the checking modules load when a command needs them: not for --help
    from briefing.report import Report

# The site, PDF and schema modules (MkDocs, Typst, networkx, pydantic's schemas) are imported
# inside the commands that use them, so that `briefing check` starts quickly.

EXPORT_NAMES = list(EXPORTS)


class _WholeSentences(click.Group):
    """`briefing --help` lists each command with the whole first sentence of its help,
    wrapped, where click cuts it to the terminal's width with '...'."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_WholeSentences, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
@click.option("--debug", is_flag=True, help="Show a traceback when something goes wrong inside.")
@click.pass_context
def cli(context: click.Context, debug: bool) -> None:
    """Research briefings in which every claim cites an excerpt proven to be in its source.

    \b
    Examples:
      briefing init my-briefing     a new project, explained in comments
      briefing check my-briefing    every problem at once, path:line:column
      briefing serve my-briefing    the site on localhost, rebuilt on every edit
      briefing build --strict       the site and the PDFs, warnings failing too
    """
    context.obj = {"debug": debug}


@cli.command()
@project_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
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
    type=click.Choice(list(WARNING_KINDS)),
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

    try:
        report = cached_check(path, use_cache=not no_cache)
    except NotAProject as error:
        raise click.UsageError(str(error)) from None
    failing = report.errors(strict)
    problems = [p for p in report.problems if listed is None or p.kind == listed]
    if output_format == "json":
        _echo_json(problems, report.file_count, ok=not failing, suppressed=report.suppressed)
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


def _echo_json(problems: list[Problem], file_count: int, ok: bool, suppressed: int = 0) -> None:
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


def _failure(message: str, hint: str) -> Problem:
    """What went wrong outside the records (misuse, an internal error), as a problem."""
    return Problem(Origin("<briefing>"), message, hint)


_progress = progress


def _checked(path: Path, strict: bool) -> Report:
    """The project's report, or exit 1 after printing its errors."""
    _progress("checking the records")
    from briefing.report import check_project

    try:
        report = check_project(path)
    except NotAProject as error:
        raise click.UsageError(str(error)) from None
    # The same summary as `check`, warnings too, whether or not the build goes on.
    echo_report(report.problems, report.file_count, strict, suppressed=report.suppressed)
    if report.errors(strict):
        click.echo("build stopped: the last good output is left as it was", err=True)
        sys.exit(EXIT_INVALID)
    return report


def _refuse(problems: list[Problem], outcome: str) -> NoReturn:
    """Print the problems and exit 1, saying what was left as it was."""
    for problem in problems:
        click.echo(problem.render())
    click.echo(f"build stopped: {outcome}", err=True)
    sys.exit(EXIT_INVALID)


def _refuse_project_code(path: Path) -> None:
    from briefing.records.mkdocs_file import code_it_runs

    problems = code_it_runs(path)
    if problems:
        _refuse(problems, "--untrusted: nothing was run, and build/ is left as it was")


def build_all(
    path: Path,
    strict: bool,
    untrusted: bool = False,
    pdfs: bool = True,
    engine: str = "mkdocs",
) -> Path:
    """Check, render, build the site and set every PDF in one staging folder; swap them all
    in only when the engine and Typst both succeeded. Without `pdfs`, the site links the
    PDFs that the last build set, as `serve` does."""
    from briefing.views.exports import FORMATS, export_files, exportable, write_exports
    from briefing.outputs import replace_outputs, staging
    from briefing.views.pdf.typeset import PdfError, publish_pdfs, set_pdfs
    from briefing.records.templates import TemplateFailure
    from briefing.views.site.render import render_pages
    from briefing.views.site.engine import SiteError, build_site

    report = _checked(path, strict)
    if untrusted:
        _refuse_project_code(path)
    left = "the last good site and PDFs are left as they were"
    _progress("rendering the pages")
    try:
        pages = render_pages(report.index, report.settings, parallel=True, root=path, engine=engine)
    except TemplateFailure as error:
        _refuse([error.problem], f"nothing was written; {left}")
    _progress("exporting the data")
    exported = export_files(report.index, report.settings, exportable(list(FORMATS), _progress))
    try:
        with staging(path, _progress) as folder:
            site = build_site(pages, path, report.index.briefing, folder, _progress, engine)
            if pdfs:
                files = set_pdfs(report.index, report.settings, folder, None, True, _progress, path)
                publish_pdfs(files, site)
            else:
                files = []
                kept = sorted((path / "build").glob("*.pdf"))
                publish_pdfs([inside_project(path, pdf) for pdf in kept], site)
            write_exports(exported, site / "data")  # beside the Data page that links them
            replace_outputs(path, folder, ["docs", "site", *(file.name for file in files)])
    except SiteError as error:
        name = "Zensical" if engine == "zensical" else "MkDocs"
        click.echo(f"{path / 'mkdocs.yml'}:1:1: error: {name} could not build the site", err=True)
        click.echo("  " + str(error).replace("\n", "\n  "), err=True)
        click.echo(f"  hint: {left}", err=True)
        sys.exit(EXIT_INVALID)
    except PdfError as error:
        _fail(None, EXIT_INVALID, _failure(f"Typst could not set {error}", left))
    except TemplateFailure as error:
        _refuse([error.problem], left)
    except UnsafePath as error:
        _refuse([error.problem], f"nothing was written; {left}")
    return path / "build" / "site"


def _write_pdfs(path: Path, report: Report, brief_ids: list[str] | None, book: bool) -> list[Path]:
    from briefing.views.pdf.typeset import PdfError, build_pdfs
    from briefing.records.templates import TemplateFailure

    try:
        return build_pdfs(report.index, report.settings, path, brief_ids, book, _progress)
    except TemplateFailure as error:
        _refuse([error.problem], "the last good PDFs are left as they were")
    except PdfError as error:
        left = "the last good PDFs are left as they were"
        _fail(None, EXIT_INVALID, _failure(f"Typst could not set {error}", left))
    except UnsafePath as error:
        _refuse([error.problem], "nothing was written; the last good PDFs are left as they were")


@cli.command()
@project_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
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
def build(path: Path, strict: bool, no_pdf: bool, untrusted: bool, engine: str) -> None:
    """Check the records, build the site into PATH/build/site and the PDFs into PATH/build.

    The old site and PDFs are replaced together, only when everything succeeded. Building
    runs the code that PATH/mkdocs.yml names; --untrusted refuses it. 'briefing pdf' sets
    the PDFs alone.

    \b
    Examples:
      briefing build --strict       warnings fail the build too
      briefing build --no-pdf       the site only, quickly
    """
    if engine == "zensical":
        from briefing.views.site.engine import zensical_installed

        if not zensical_installed():
            raise click.BadParameter(
                "Zensical is not installed; install it with: pip install 'briefing[zensical]'",
                param_hint="'--engine'",
            )
    site = build_all(path, strict, untrusted, pdfs=not no_pdf, engine=engine)
    click.echo(f"built the site in {site}")


@cli.command()
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
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def pdf(path: Path, brief_ids: tuple[str, ...], book: bool, strict: bool) -> None:
    """Check the records and set each brief as a printable PDF, PATH/build/BRIEF-ID.pdf.

    With no option, every brief; with --book alone, only the book. The PDFs replace the
    old ones together, only when every one of them is whole.
    """
    report = _checked(path, strict)
    briefs = report.index.briefing.briefs
    for brief_id in brief_ids:
        if brief_id not in briefs:
            hint = did_you_mean(brief_id, briefs) or f"briefs: {', '.join(briefs) or 'none'}"
            raise click.UsageError(f"unknown brief '{brief_id}'; {hint}")
    if book and BOOK in (brief_ids or briefs):
        raise click.UsageError(f"brief '{BOOK}' and the book would both be build/{BOOK}.pdf")
    chosen = list(brief_ids) if brief_ids or book else None  # None: every brief
    for file in _write_pdfs(path, report, chosen, book):
        click.echo(f"wrote {file}")


def _export_folder(path: Path, output: Path | None) -> Path:
    """The folder the exports go into: PATH/build/exports, or the one -o names, which must be
    inside the project (briefing writes nothing else) and reached through no link."""
    root = path.resolve()
    if output is None:
        return root / "build" / "exports"
    target = output.absolute()
    try:
        relative_part = Path(os.path.normpath(target)).relative_to(root)
    except ValueError:
        raise click.BadParameter(
            f"'{output}' is outside the project '{path}'; name a folder inside it, "
            "or leave -o out for build/exports",
            param_hint="'-o' / '--output'",
        ) from None
    return root / relative_part


@cli.command("export")
@click.argument("format_name", metavar="FORMAT", type=click.Choice([*EXPORT_NAMES, "all"]))
@project_argument
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder inside the project to write into (default: PATH/build/exports).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def export_command(format_name: str, path: Path, output: Path | None, strict: bool) -> None:
    """Check the records and write them as FORMAT for other tools: csl (CSL-JSON), ftm
    (FollowTheMoney), graphml, timelinejs, annotations (W3C Web Annotation), claims (CSV
    and JSON), or all of them.

    Nothing is written when the records have errors.
    """
    from briefing.views.exports import FORMATS, NotInstalled, export_files, exportable
    from briefing.views.exports import write_exports
    from briefing.outputs import locked_build

    if format_name != "all" and not FORMATS[format_name].installed:
        raise click.UsageError(str(NotInstalled(FORMATS[format_name])))
    folder = _export_folder(path, output)
    report = _checked(path, strict)
    names = exportable(list(FORMATS), _progress) if format_name == "all" else [format_name]
    files = export_files(report.index, report.settings, names)
    try:
        with locked_build(path, _progress):
            written = write_exports(files, inside_project(path.resolve(), folder))
    except UnsafePath as error:
        _refuse([error.problem], "nothing was written")
    except OSError as error:
        click.echo(f"{folder}: error: cannot write the exports: {error.strerror}", err=True)
        click.echo("  hint: name a folder you can write to with -o, inside the project", err=True)
        sys.exit(EXIT_INVALID)
    for file in written:
        click.echo(f"wrote {file}")


@cli.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/schemas"),
    show_default=True,
    help="Folder to write the schemas into.",
)
def schema(output: Path) -> None:
    """Write JSON Schemas of the record files, for editors with a YAML language server."""
    from briefing.records.model import MODELS

    output.mkdir(parents=True, exist_ok=True)
    for kind, model in MODELS.items():
        document = model.model_json_schema(by_alias=True)
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        document["title"] = f"briefing {kind}"
        target = output / f"{kind}.schema.json"
        target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {target}")
    click.echo(
        "\nFor VS Code's YAML extension, add to .vscode/settings.json:\n"
        f'  "yaml.schemas": {{"{output}/actor.schema.json": "actors/*.yml", '
        f'"{output}/event.schema.json": "events/*.yml"}}\n'
        "Sources and briefs keep their keys in Markdown front matter, which the schemas "
        "describe too."
    )


@cli.command()
@click.argument("name")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--force", is_flag=True, help="Overwrite an edition of the same name.")
def edition(name: str, path: Path, force: bool) -> None:
    """Record the current state of every brief as edition NAME (editions/NAME.yml).

    The site and the PDF then show, for each brief, what changed since the edition that
    briefing.yml's compare_with names (default: the one recorded last).
    """
    from briefing.analysis.editions import write_edition
    from briefing.records.model import ID_RULE

    if not ID_RULE.match(name):
        raise click.UsageError(
            f"'{name}' is not a valid edition name: lower-case letters, digits and hyphens"
        )
    report = _checked(path, strict=False)
    try:
        target = write_edition(path, report.index, name, force)
    except FileExistsError:
        _refuse(
            [_failure(f"edition '{name}' exists already", "give a new name, or --force")],
            "nothing was written",
        )
    click.echo(f"wrote {target}")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new, empty briefing project in DIRECTORY, explained in comments."""
    if directory.exists() and any(directory.iterdir()):
        raise click.UsageError(f"'{directory}' exists and is not empty; name a new folder")
    skeleton = resources.files("briefing") / "skeleton"
    with resources.as_file(skeleton) as source:
        shutil.copytree(source, directory, dirs_exist_ok=True)
    click.echo(f"created a briefing project in {directory}")
    click.echo(
        f"next: add sources under {directory / 'sources'}, then run 'briefing check {directory}'"
    )


cli.add_command(serve)
cli.add_command(refs)


def _format_asked(arguments: list[str]) -> str | None:
    """The machine format the words ask for, read from the words and not the parsed
    options: a misspelt option fails before parsing."""
    for machine in ("json", "sarif"):
        if f"--format={machine}" in arguments or any(
            pair == ("--format", machine) for pair in zip(arguments, arguments[1:], strict=False)
        ):
            return machine
    return None


def main() -> None:
    """The console script: no traceback reaches a user unless --debug asks for it, and a
    command asked for JSON (or SARIF) prints it whatever happens."""
    arguments = sys.argv[1:]
    debug = "--debug" in arguments
    machine = _format_asked(arguments)
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        _fail(machine, EXIT_INVALID, _failure("aborted", ""))
    except click.ClickException as error:
        if not machine:
            error.show()
            sys.exit(error.exit_code)
        _fail(machine, error.exit_code, _failure(error.format_message(), "see 'briefing --help'"))
    except OSError as error:
        _fail(machine, EXIT_MISUSE, _failure(f"{error.strerror}: {error.filename}", ""))
    except Exception as error:  # the CLI boundary: anything unexpected becomes one clear line
        if debug:
            traceback.print_exc()
        _fail(
            machine,
            EXIT_INTERNAL,
            _failure(
                f"internal error: {type(error).__name__}: {error}",
                "run again with --debug for the traceback, and report it",
            ),
        )
    sys.exit(code if isinstance(code, int) else 0)


def _fail(machine: str | None, code: int, problem: Problem) -> NoReturn:
    if machine == "json":
        _echo_json([problem], 0, ok=False)
    elif machine == "sarif":
        from briefing.cli.formats import sarif_text

        click.echo(sarif_text([problem]))
    else:
        click.echo(f"error: {problem.message}", err=True)
        if problem.hint:
            click.echo(f"  hint: {problem.hint}", err=True)
    sys.exit(code)


# The capture commands live in their own module; imported here, after `cli` exists, so that
# they join the group (they use this module's exit codes and helpers).

cli.add_command(capture)
cli.add_command(rehash)
cli.add_command(verify_live)
