"""`briefing lsp`: the command; the server is briefing/lsp/."""

from __future__ import annotations

import click


@click.command()
def lsp() -> None:
    """Run the language server on standard input and output, for an editor.

    The editor starts it: diagnostics as you type, completion of ids, hover, go to
    definition, references, a quick fix for a quote not found, and rename. See
    EDITORS.md (in the repository) for the settings of VS Code, Neovim and Helix.
    """
    from briefing.lsp.server import server

    server.start_io()
