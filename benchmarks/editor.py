"""`briefing lsp`: the time from an edit of a buffer to its diagnostics, as an editor sees it.

A real client (pygls') starts the server over stdio on a generated project, opens an actor,
and then, several times over: breaks one of its quotes in the buffer (the time until the
error is published) and puts it back (the time until it is cleared). Nothing is saved.

    python benchmarks/editor.py PROJECT [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls import uris
from pygls.lsp.client import LanguageClient

WAIT = 600  # seconds: the first check of a large project on a busy machine


class Timed:
    """A client that keeps the last diagnostics of each document and wakes who waits."""

    def __init__(self) -> None:
        self.client = LanguageClient("benchmark", "1")
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}
        self.published = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = list(params.diagnostics)
            self.published.set()

    async def until(self, uri: str, errors: bool) -> float:
        """Wait until the document has errors (or none); the moment it did."""
        while self.has_errors(uri) != errors:
            self.published.clear()
            await asyncio.wait_for(self.published.wait(), WAIT)
        return time.perf_counter()

    def has_errors(self, uri: str) -> bool:
        return any(
            d.severity == types.DiagnosticSeverity.Error for d in self.diagnostics.get(uri, [])
        )


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def measure(root: Path, rounds: int) -> dict[str, object]:
    timed = Timed()
    client = timed.client
    await client.start_io(sys.executable, "-m", "briefing", "lsp")
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=uris.from_fs_path(str(root))
        )
    )
    client.initialized(types.InitializedParams())
    actor = sorted((root / "actors").iterdir())[7]
    uri = str(uris.from_fs_path(str(actor)))
    text = actor.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "quote: " in line)
    broken = text.replace(line, line + " zzyzx", 1)
    start = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
    )
    # the first check is whole: its end is when a request after the opening is answered
    await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0))
    )
    first = time.perf_counter() - start
    shown, cleared = [], []
    version = 1
    for _ in range(rounds):
        version += 1
        start = time.perf_counter()
        change(client, uri, version, broken)
        shown.append(await timed.until(uri, errors=True) - start)
        version += 1
        start = time.perf_counter()
        change(client, uri, version, text)
        cleared.append(await timed.until(uri, errors=False) - start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {
        "first_check_s": round(first, 3),
        "error_shown_s": round(statistics.median(shown), 3),
        "error_cleared_s": round(statistics.median(cleared), 3),
        "rounds": rounds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    print(json.dumps(asyncio.run(measure(arguments.project.resolve(), arguments.rounds))))


if __name__ == "__main__":
    main()
