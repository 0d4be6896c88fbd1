"""`briefing lsp`: a language server over stdio (pygls, lsprotocol's types). The project of
an open file is the folder above its sources/, actors/, events/ or briefs/; it is checked
with the open buffers read in place of their files (checking.py), and each file whose
problems an edit changed gets its diagnostics. A file in no project gets nothing.

Nothing here writes a file: edits are offered to the editor, which applies them."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pygls import uris
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from briefing import __version__
from briefing.lsp import answers, edits
from briefing.lsp.checking import Checked
from briefing.lsp.cursor import end_of, id_at
from briefing.lsp.texts import Texts
from briefing.problems import BriefingError, Problem, Severity
from briefing.project import PROJECT_MARKERS
from briefing.records.load import KINDS
from briefing.report import Report

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.NOTE: types.DiagnosticSeverity.Information,
}
FOLDERS = {folder: endings for folder, endings, _ in KINDS.values()}
# How long a check waits for the next edit: edits that came in while the last check ran are
# all handled before it starts, and only the last one is checked (typing outruns a check of
# a large project).
SETTLE_S = 0.01


class BriefingServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("briefing", __version__)
        self.projects: dict[Path, Checked] = {}
        self.waiting: dict[Path, asyncio.Task[None]] = {}  # the check after the last edit

    def place_of(self, uri: str) -> tuple[Path, str] | None:
        """The project a document belongs to and its path there, or None: a record file is
        one of a record folder, right under a folder that is a project."""
        name = uris.to_fs_path(uri)
        if name is None:
            return None
        file = Path(name).absolute()
        folder, root = file.parent, file.parent.parent
        endings = FOLDERS.get(folder.name)
        if endings is None or not file.name.endswith(endings) or file.name.startswith((".", "_")):
            return None
        if not any((root / marker).exists() for marker in PROJECT_MARKERS):
            return None
        return root, f"{folder.name}/{file.name}"

    def buffers(self, root: Path) -> dict[str, str]:
        """The open documents of a project, by path."""
        found = {}
        for uri, document in self.workspace.text_documents.items():
            place = self.place_of(uri)
            if place is not None and place[0] == root:
                found[place[1]] = document.source
        return found

    def versions(self, root: Path) -> dict[str, int]:
        found = {}
        for uri, document in self.workspace.text_documents.items():
            place = self.place_of(uri)
            if place is not None and place[0] == root and document.version is not None:
                found[place[1]] = document.version
        return found

    def texts(self, root: Path) -> Texts:
        return Texts(root, self.buffers(root), self.workspace.position_codec)

    def checked(self, uri: str) -> tuple[Checked, str] | None:
        """The project of a document and the document's path in it, checked once at least."""
        place = self.place_of(uri)
        if place is None:
            return None
        root, path = place
        if root not in self.projects:
            self.projects[root] = Checked(root)
            self.check(root)
        return self.projects[root], path

    def reported(self, uri: str) -> tuple[Checked, Report, str] | None:
        """As `checked`, with the project's last report; None while it has none (its first
        check failed as a whole)."""
        found = self.checked(uri)
        if found is None or found[0].report is None:
            return None
        project, path = found
        return project, found[0].report, path

    def check(self, root: Path) -> None:
        """Check the project with its buffers, and publish the diagnostics that changed."""
        project = self.projects[root]
        try:
            report = project.check(self.buffers(root))
        except BriefingError as error:  # the project's folder is gone, or is no project now
            message = "; ".join(problem.message for problem in error.problems)
            self.window_log_message(types.LogMessageParams(types.MessageType.Warning, message))
            return
        texts = self.texts(root)
        for path, problems in sorted(project.published(report).items()):
            diagnostics = [diagnostic(texts, problem) for problem in problems]
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(texts.uri(path), diagnostics)
            )


def diagnostic(texts: Texts, problem: Problem) -> types.Diagnostic:
    """A problem as the editor shows it: at its place, to the end of what it points at,
    with its details and hint."""
    origin = problem.origin
    line = texts.line(origin.path, origin.line - 1)
    start = min(origin.column - 1, len(line))
    said = [problem.message, *problem.details]
    if problem.hint:
        said.append(f"hint: {problem.hint}")
    return types.Diagnostic(
        range=texts.range(origin.path, origin.line - 1, start, end_of(line, start)),
        message="\n".join(said),
        severity=SEVERITY[problem.severity],
        code=problem.kind or None,
        source="briefing",
    )


server = BriefingServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BriefingServer, params: types.DidOpenTextDocumentParams) -> None:
    _edited(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: BriefingServer, params: types.DidChangeTextDocumentParams) -> None:
    _edited(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: BriefingServer, params: types.DidSaveTextDocumentParams) -> None:
    _edited(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: BriefingServer, params: types.DidCloseTextDocumentParams) -> None:
    _edited(ls, params.text_document.uri)  # its file on disk is read in its place again


def _edited(ls: BriefingServer, uri: str) -> None:
    place = ls.place_of(uri)
    if place is None:
        return
    root = place[0]
    if root not in ls.projects:
        ls.checked(uri)
        return
    earlier = ls.waiting.pop(root, None)
    if earlier is not None:
        earlier.cancel()  # a later edit: this one is checked with it

    async def check_later() -> None:
        await asyncio.sleep(SETTLE_S)
        del ls.waiting[root]
        ls.check(root)

    ls.waiting[root] = asyncio.ensure_future(check_later())


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=["@", "[", ":", " ", ","]),
)
def completion(ls: BriefingServer, params: types.CompletionParams) -> types.CompletionList | None:
    found = ls.reported(params.text_document.uri)
    if found is None:
        return None
    project, report, path = found
    items = answers.completions(report, ls.texts(project.root), path, params.position)
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: BriefingServer, params: types.HoverParams) -> types.Hover | None:
    found = ls.reported(params.text_document.uri)
    if found is None:
        return None
    project, report, path = found
    return answers.hover(report.index, ls.texts(project.root), path, params.position)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: BriefingServer, params: types.DefinitionParams) -> types.Location | None:
    found = ls.reported(params.text_document.uri)
    if found is None:
        return None
    project, report, path = found
    texts = ls.texts(project.root)
    return answers.definition(report.index, texts, path, params.position)


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: BriefingServer, params: types.ReferenceParams) -> list[types.Location]:
    found = ls.reported(params.text_document.uri)
    if found is None:
        return []
    project, report, path = found
    texts, declaration = ls.texts(project.root), params.context.include_declaration
    return answers.references(report.index, texts, path, params.position, declaration)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: BriefingServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    found = ls.reported(params.text_document.uri)
    if found is None:
        return []
    project, report, path = found
    first, last = params.range.start.line + 1, params.range.end.line + 1
    texts, actions = ls.texts(project.root), []
    for problem in project.shown.get(path, ()):
        if first <= problem.origin.line <= last:
            action = edits.closest_passage_action(report.index, texts, problem)
            if action is not None:
                actions.append(action)
    return actions


@server.feature(types.TEXT_DOCUMENT_RENAME)
def rename(ls: BriefingServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    found = ls.checked(params.text_document.uri)
    if found is None:
        return None
    project, path = found
    texts = ls.texts(project.root)
    word = id_at(texts.line(path, params.position.line), texts.column(path, params.position))
    if word is None:
        raise JsonRpcInvalidParams("no id at the cursor: put it on the id of a record")
    try:
        return edits.rename_edit(texts, ls.versions(project.root), word.text, params.new_name)
    except BriefingError as error:
        said = "; ".join(f"{p.origin}: {p.message} ({p.hint})" for p in error.problems)
        raise JsonRpcInvalidParams(said.removeprefix("<briefing>:1:1: ")) from None
