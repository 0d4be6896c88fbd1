"""`briefing lsp`: the real server, started as the editor starts it (over stdio), driven by a
real LSP client (pytest-lsp, with the capabilities VS Code declares) on a copy of the valid
minimal corpus."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls import uris
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from briefing.check.refs import references_to
from briefing.report import check_project
from conftest import NO_BUILD, VALID

WIRE = "wire-2020-01-10-harbour"
ANA = "actors/ana-ruiz.yml"
BRIEF = "briefs/harbour-repairs.md"
WAIT = 60  # seconds a diagnostic may take on a busy machine (it takes a fraction of one)

pytestmark = pytest.mark.asyncio(loop_scope="function")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(VALID, tmp_path / "project", ignore=NO_BUILD))


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "briefing", "lsp"])
)
async def client(lsp_client: LanguageClient, folder: Path) -> AsyncIterator[None]:
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=uris.from_fs_path(str(folder)),
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def uri(folder: Path, path: str) -> str:
    return str(uris.from_fs_path(str(folder / path)))


def open_file(client: LanguageClient, folder: Path, path: str, text: str | None = None) -> str:
    """Open a file of the project in the editor, with its text or `text`."""
    address = uri(folder, path)
    words = (folder / path).read_text(encoding="utf-8") if text is None else text
    language = "yaml" if path.endswith(".yml") else "markdown"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(address, language, 1, words))
    )
    return address


def change(client: LanguageClient, address: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=address),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics(
    client: LanguageClient,
    address: str,
    wanted: Callable[[Sequence[types.Diagnostic]], bool],
) -> Sequence[types.Diagnostic]:
    """The diagnostics of a document once they are as wanted (each publication waited for)."""

    async def published() -> Sequence[types.Diagnostic]:
        while not wanted(client.diagnostics.get(address, [])):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return client.diagnostics[address]

    return await asyncio.wait_for(published(), WAIT)


def errors(found: Sequence[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in found if d.severity == types.DiagnosticSeverity.Error]


def position_of(text: str, words: str, offset: int = 0) -> types.Position:
    """The position of `words` in a text (plus `offset` characters): ASCII, so characters
    and UTF-16 code units agree."""
    at = text.index(words) + offset
    line = text.count("\n", 0, at)
    return types.Position(line=line, character=at - (text.rfind("\n", 0, at) + 1))


def applied(text: str, edits: Sequence[types.TextEdit]) -> str:
    """A text with an editor's edits made, from the last (its positions stay right)."""
    lines = text.split("\n")
    starts = [sum(len(line) + 1 for line in lines[:n]) for n in range(len(lines))]

    def offset(position: types.Position) -> int:
        return starts[position.line] + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


# --- diagnostics -------------------------------------------------------------------------


async def test_a_quote_broken_in_the_buffer_is_an_error_and_fixing_it_clears_it(
    client: LanguageClient, folder: Path
) -> None:
    saved = (folder / ANA).read_text(encoding="utf-8")
    address = open_file(client, folder, ANA)
    broken = saved.replace(
        "quote: Mayor Ana Ruiz said the council\n", "quote: Mayor Ana Ruiz said the councel\n"
    )
    change(client, address, 2, broken)
    found = errors(await diagnostics(client, address, lambda d: bool(errors(d))))
    assert len(found) == 1
    assert found[0].range.start == position_of(broken, "Mayor Ana Ruiz said the councel")
    assert found[0].message.splitlines() == [
        f"quote not found in source '{WIRE}'",
        'quoted:  "Mayor Ana Ruiz said the councel"',
        f'closest: "Mayor Ana Ruiz said the council" (sources/{WIRE}.md:14)',
        "hint: copy the words exactly from the article, or cite the source they come from",
    ]
    change(client, address, 3, saved)
    assert not errors(await diagnostics(client, address, lambda d: not errors(d)))
    assert (folder / ANA).read_text(encoding="utf-8") == saved  # the file was never written
    assert not (folder / "build").exists()  # nor a cache, nor anything else


async def test_an_edit_of_a_source_gives_diagnostics_to_the_files_that_cite_it(
    client: LanguageClient, folder: Path
) -> None:
    path = f"sources/{WIRE}.md"
    saved = (folder / path).read_text(encoding="utf-8")
    address = open_file(client, folder, path)
    change(client, address, 2, saved.replace("said the council would", "said the board would"))
    ana = uri(folder, ANA)  # not open: its problems changed all the same
    found = errors(await diagnostics(client, ana, lambda d: len(errors(d)) >= 2))
    assert {d.message.splitlines()[0] for d in found} == {f"quote not found in source '{WIRE}'"}
    change(client, address, 3, saved)
    await diagnostics(client, ana, lambda d: not errors(d))


async def test_a_file_outside_any_project_gets_nothing(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "notes").mkdir()
    outside = tmp_path / "notes" / "draft.md"
    outside.write_text('[@wire, "words"]\n', encoding="utf-8")
    address = str(uris.from_fs_path(str(outside)))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(address, "markdown", 1, "[@w"))
    )
    there = types.TextDocumentIdentifier(address)
    at = types.Position(line=0, character=3)
    assert await client.text_document_hover_async(types.HoverParams(there, at)) is None
    listed = await client.text_document_completion_async(types.CompletionParams(there, at))
    assert listed is None
    assert address not in client.diagnostics


# --- completion, hover, definition, references -------------------------------------------


async def test_completion_lists_the_ids_that_go_there_with_their_names(
    client: LanguageClient, folder: Path
) -> None:
    text = (folder / BRIEF).read_text(encoding="utf-8") + "\nThe [[ha"
    address = open_file(client, folder, BRIEF, text)
    end = position_of(text, "[[ha", 4)
    listed = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(address), end)
    )
    assert isinstance(listed, types.CompletionList)
    details = {item.label: item.detail for item in listed.items}
    assert details["harbour-council"] == "actor: Portville Harbour Council"
    assert details[WIRE] == "source: Harbour council meets after the storm"
    council = next(item for item in listed.items if item.label == "harbour-council")
    assert isinstance(council.text_edit, types.TextEdit)
    assert council.text_edit.range.start == position_of(text, "[[ha", 2)

    yaml = (folder / ANA).read_text(encoding="utf-8") + "  - actor: "
    address = open_file(client, folder, ANA, yaml)
    listed = await client.text_document_completion_async(
        types.CompletionParams(
            types.TextDocumentIdentifier(address), position_of(yaml, "  - actor: ", 11)
        )
    )
    assert isinstance(listed, types.CompletionList)
    assert {item.label for item in listed.items} == {"ana-ruiz", "harbour-council"}


async def test_hover_on_a_quote_shows_its_excerpt_in_context_and_on_an_id_the_record(
    client: LanguageClient, folder: Path
) -> None:
    text = (folder / ANA).read_text(encoding="utf-8")
    address = open_file(client, folder, ANA)
    there = types.TextDocumentIdentifier(address)
    on_quote = position_of(text, "quote: Mayor Ana Ruiz said the council\n", 10)
    shown = await client.text_document_hover_async(types.HoverParams(there, on_quote))
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    assert shown.contents.value.splitlines()[0] == (
        "> PORTVILLE: The harbour council met on Thursday to plan repairs after the storm, "
        "two council members told Example Wire. **Mayor Ana Ruiz said the council** would "
        "“rebuild the north pier before the summer season” — and asked the regional "
        "government for help. The regional government did not respond to a request for comment."
    )
    assert f"`sources/{WIRE}.md:14` · found once" in shown.contents.value
    assert "Example Wire · 2020-01-10 · reliability B" in shown.contents.value
    # the summary cites the wire and the gazette: two reports
    assert f"rests on the origin `{WIRE}` · its statement cites 2 origins" in shown.contents.value

    on_id = position_of(text, "actor: harbour-council", 9)
    shown = await client.text_document_hover_async(types.HoverParams(there, on_id))
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    assert shown.contents.value.startswith(
        "**Portville Harbour Council**\n\nactor · government\n\n"
        "The council that runs Portville's harbour."
    )


async def test_definition_of_a_quote_is_its_line_in_the_source_and_of_an_id_its_file(
    client: LanguageClient, folder: Path
) -> None:
    text = (folder / BRIEF).read_text(encoding="utf-8")
    address = open_file(client, folder, BRIEF)
    there = types.TextDocumentIdentifier(address)
    quote = position_of(text, '"did not respond to a request')
    found = await client.text_document_definition_async(types.DefinitionParams(there, quote))
    assert isinstance(found, types.Location)
    assert found.uri == uri(folder, f"sources/{WIRE}.md")
    source = (folder / f"sources/{WIRE}.md").read_text(encoding="utf-8")
    assert found.range.start == position_of(source, "did not respond to a request")

    link = position_of(text, "[[ana-ruiz]]", 4)
    found = await client.text_document_definition_async(types.DefinitionParams(there, link))
    assert isinstance(found, types.Location)
    assert (found.uri, found.range.start.line) == (uri(folder, ANA), 0)


async def test_references_are_those_of_briefing_refs(client: LanguageClient, folder: Path) -> None:
    text = (folder / ANA).read_text(encoding="utf-8")
    address = open_file(client, folder, ANA)
    at = position_of(text, f"source: {WIRE}", 10)
    found = await client.text_document_references_async(
        types.ReferenceParams(
            context=types.ReferenceContext(include_declaration=False),
            text_document=types.TextDocumentIdentifier(address),
            position=at,
        )
    )
    expected = references_to(check_project(folder).index, WIRE)
    assert len(found or []) == len(expected) > 5
    assert sorted((loc.uri, loc.range.start.line + 1) for loc in found or []) == sorted(
        (uri(folder, ref.origin.path), ref.origin.line) for ref in expected
    )


# --- edits ------------------------------------------------------------------------------


async def test_the_code_action_puts_the_closest_passage_in_place_of_a_quote_not_found(
    client: LanguageClient, folder: Path
) -> None:
    saved = (folder / ANA).read_text(encoding="utf-8")
    broken = saved.replace(
        "quote: rebuild the north pier before the summer season\n",
        'quote: "rebuild the north pier before summer"\n',
    )
    address = open_file(client, folder, ANA, broken)
    found = errors(await diagnostics(client, address, lambda d: bool(errors(d))))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(address),
            found[0].range,
            types.CodeActionContext(diagnostics=found),
        )
    )
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.edit and action.edit.changes
    fixed = applied(broken, action.edit.changes[address])
    assert fixed == broken.replace(
        'quote: "rebuild the north pier before summer"\n',
        'quote: "rebuild the north pier before the summer"\n',
    )
    change(client, address, 2, fixed)
    assert not errors(await diagnostics(client, address, lambda d: not errors(d)))
    assert (folder / ANA).read_text(encoding="utf-8") == saved


async def test_rename_edits_every_reference_and_the_project_then_checks_clean(
    client: LanguageClient, folder: Path
) -> None:
    text = (folder / ANA).read_text(encoding="utf-8")
    before = references_to(check_project(folder).index, "harbour-council")
    address = open_file(client, folder, ANA)
    at = position_of(text, "actor: harbour-council", 9)
    edit = await client.text_document_rename_async(
        types.RenameParams(types.TextDocumentIdentifier(address), at, "port-council")
    )
    assert edit is not None and edit.document_changes is not None
    assert not any(folder.rglob("port-council*"))  # offered, not made
    moved = []
    for step in edit.document_changes:  # as the editor applies them
        if isinstance(step, types.RenameFile):
            moved.append((step.old_uri, step.new_uri))
            continue
        assert isinstance(step, types.TextDocumentEdit)
        file = Path(uris.to_fs_path(step.text_document.uri) or "")
        made = [e for e in step.edits if isinstance(e, types.TextEdit)]
        file.write_text(applied(file.read_text(encoding="utf-8"), made), encoding="utf-8")
    assert moved == [
        (uri(folder, "actors/harbour-council.yml"), uri(folder, "actors/port-council.yml"))
    ]
    (folder / "actors/harbour-council.yml").rename(folder / "actors/port-council.yml")
    report = check_project(folder)
    assert report.errors() == []
    assert "harbour-council" not in "".join(
        file.read_text(encoding="utf-8") for file in folder.rglob("*") if file.is_file()
    )
    after = references_to(report.index, "port-council")
    assert [(r.origin.path, r.origin.line) for r in after] == [
        (r.origin.path, r.origin.line) for r in before
    ]


async def test_a_quote_of_a_brief_gets_the_closest_passage_too(
    client: LanguageClient, folder: Path
) -> None:
    saved = (folder / BRIEF).read_text(encoding="utf-8")
    broken = saved.replace(
        '"did not respond to a request for comment"', '"did not respond to requests for comment"'
    )
    address = open_file(client, folder, BRIEF, broken)
    found = errors(await diagnostics(client, address, lambda d: bool(errors(d))))
    assert found[0].message.splitlines()[0] == f"quote not found in source '{WIRE}'"
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(address),
            found[0].range,
            types.CodeActionContext(diagnostics=found),
        )
    )
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.edit and action.edit.changes
    fixed = applied(broken, action.edit.changes[address])
    # the passage as `briefing cite` gives it, to the end of its sentence
    assert fixed == broken.replace(
        '"did not respond to requests for comment"', '"did not respond to a request for comment."'
    )
    change(client, address, 2, fixed)
    assert not errors(await diagnostics(client, address, lambda d: not errors(d)))


# --- what else the server keeps to -------------------------------------------------------


async def test_the_support_checks_warnings_are_diagnostics_too(
    client: LanguageClient, tmp_path: Path
) -> None:
    hedged = Path(
        shutil.copytree(
            VALID.parent / "support_hedge_dropped",
            tmp_path / "hedged",
            ignore=shutil.ignore_patterns("build", "expected.txt"),
        )
    )
    address = open_file(client, hedged, "actors/harbour-council.yml")
    found = await diagnostics(client, address, lambda d: len(d) == 2)
    warned = {d.code: d for d in found}
    assert set(warned) == {"hedge-dropped", "unlinked-actor"}
    hedge = warned["hedge-dropped"]
    assert hedge.severity == types.DiagnosticSeverity.Warning
    assert (hedge.range.start.line, hedge.range.start.character) == (10, 10)
    assert hedge.message.startswith("the excerpt is hedged")
    assert hedge.message.splitlines()[-1].startswith("hint: keep the hedge")


async def test_a_project_with_errors_still_completes_and_hovers(
    client: LanguageClient, folder: Path
) -> None:
    ana = open_file(client, folder, ANA, "name: [Ana Ruiz\n")  # not YAML any more
    await diagnostics(client, ana, lambda d: bool(errors(d)))
    text = (folder / BRIEF).read_text(encoding="utf-8")
    address = open_file(client, folder, BRIEF)
    there = types.TextDocumentIdentifier(address)
    on_link = position_of(text, "[[harbour-council]]", 4)
    shown = await client.text_document_hover_async(types.HoverParams(there, on_link))
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    assert shown.contents.value.startswith("**Portville Harbour Council**")
    change(client, address, 2, text + "\nSee [[")
    listed = await client.text_document_completion_async(
        types.CompletionParams(there, position_of(text + "\nSee [[", "See [[", 6))
    )
    assert isinstance(listed, types.CompletionList)
    details = {item.label: item.detail for item in listed.items}
    assert details["ana-ruiz"] == "actor (with errors)"
    assert details["harbour-council"] == "actor: Portville Harbour Council"


async def test_closing_a_buffer_unsaved_checks_the_file_as_saved(
    client: LanguageClient, folder: Path
) -> None:
    saved = (folder / ANA).read_text(encoding="utf-8")
    address = open_file(
        client, folder, ANA, saved.replace("said the council\n", "said the councel\n")
    )
    await diagnostics(client, address, lambda d: bool(errors(d)))
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(address))
    )
    await diagnostics(client, address, lambda d: not errors(d))


@pytest.mark.parametrize(
    ("typed", "wanted", "not_wanted"),
    [
        # an affiliation's keys, but the actor it has already
        (
            "  - actor: ana-ruiz\n    ro",
            {"role", "from", "until", "cite"},
            {"actor", "name"},
        ),
        # a citation's, in a new item of a list of them
        (
            "  - actor: harbour-council\n    cite:\n      - source: x\n        quote: y\n      - ",
            {"source", "quote", "via", "prefix"},
            {"role"},
        ),
        # the record's own, but those it has
        ("conf", {"conflicts"}, {"name", "kind", "claims", "summary"}),
    ],
)
async def test_completion_lists_the_keys_that_go_there(
    client: LanguageClient, folder: Path, typed: str, wanted: set[str], not_wanted: set[str]
) -> None:
    saved = (folder / ANA).read_text(encoding="utf-8")
    text = saved.replace("claims:\n", f"{typed}\nclaims:\n", 1)  # after the affiliations
    address = open_file(client, folder, ANA, text)
    at = position_of(text, typed, len(typed))
    listed = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(address), at)
    )
    assert isinstance(listed, types.CompletionList)
    labels = {item.label for item in listed.items}
    assert wanted <= labels
    assert not labels & not_wanted
