"""What the commands share: exit codes, the PATH argument, --untrusted, progress lines."""

from __future__ import annotations

from pathlib import Path

import click

EXIT_INVALID = 1
EXIT_MISUSE = 2
EXIT_INTERNAL = 3

project_argument = click.argument(
    "path", type=click.Path(file_okay=False, path_type=Path), default=".", required=False
)

untrusted_option = click.option(
    "--untrusted",
    is_flag=True,
    help="Refuse a mkdocs.yml that would run code of the project (hooks, plugins and "
    "Markdown extensions beyond the standard ones, theme templates, python tags, INHERIT).",
)


def progress(message: str) -> None:
    click.echo(f"briefing: {message}", err=True)
