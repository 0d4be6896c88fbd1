"""The `briefing` command: the group of commands (one module per group of them), and the one
place where what stopped a command becomes its output and exit code.

A command's module imports the checking, site, PDF and schema modules (MkDocs, Typst,
networkx, pydantic's schemas) inside the command that uses them, so that `briefing check`
starts quickly and `briefing --help` at once.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any, NoReturn

import click

from briefing import __version__
from briefing.cli.build import build_command, export_command, pdf_command
from briefing.cli.capture import capture, rehash, verify_live
from briefing.cli.check import check
from briefing.cli.common import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_MISUSE,
    echo_json,
    echo_stopped,
)
from briefing.cli.ids import cite, rename
from briefing.cli.lsp import lsp
from briefing.cli.project import edition, init, schema
from briefing.cli.refs import refs
from briefing.cli.serve import serve
from briefing.problems import NOWHERE, BriefingError, Misuse, Problem


class _Briefing(click.Group):
    """The group of commands, and the boundary of every one of them: a BriefingError that
    stops a command is printed here (the problems, then what was left as it was) and becomes
    its exit code; misuse is said as click says it, with the command's usage."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Misuse as error:
            raise click.UsageError(str(error), self._command_context(ctx)) from None
        except BriefingError as error:
            echo_stopped(error)
            ctx.exit(error.exit_code)

    def _command_context(self, ctx: click.Context) -> click.Context | None:
        """A context of the command that was run, for its usage line: its own was closed."""
        name = ctx.invoked_subcommand
        command = self.get_command(ctx, name) if name else None
        return click.Context(command, info_name=name, parent=ctx) if command else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with the whole first sentence of its help, wrapped, where click
        cuts it to the terminal's width with '...'."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_Briefing, context_settings={"help_option_names": ["-h", "--help"]})
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


for _command in (
    check,
    build_command,
    pdf_command,
    export_command,
    schema,
    edition,
    init,
    serve,
    refs,
    rename,
    cite,
    capture,
    rehash,
    verify_live,
    lsp,
):
    cli.add_command(_command)


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


def _failure(message: str, hint: str) -> Problem:
    """What went wrong outside the records (misuse, an internal error), as a problem."""
    return Problem(NOWHERE, message, hint)


def _fail(machine: str | None, code: int, problem: Problem) -> NoReturn:
    if machine == "json":
        echo_json([problem], 0, ok=False)
    elif machine == "sarif":
        from briefing.cli.formats import sarif_text

        click.echo(sarif_text([problem]))
    else:
        click.echo(f"error: {problem.message}", err=True)
        if problem.hint:
            click.echo(f"  hint: {problem.hint}", err=True)
    sys.exit(code)
