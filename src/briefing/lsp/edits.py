"""The edits the server offers, never makes: a quote not found replaced by the closest
passage of its source (check/cite.py finds it as `briefing cite` does), and a record's id
renamed everywhere (check/rename.py's `renaming`, as `briefing rename` does), each as one
workspace edit for the editor to apply to its buffers."""

from __future__ import annotations

import json
import re

from lsprotocol import types

from briefing.check.cite import citing
from briefing.check.quotes import normal
from briefing.check.rename import renaming
from briefing.check.resolve import Index
from briefing.check.verify import QUOTE_MARKS
from briefing.lsp.texts import Texts
from briefing.problems import Problem

NOT_FOUND = re.compile(r"quote not found in source '([a-z0-9-]+)'")
# A brief's citation, from its "@": the source's id, then the quote in double quotes.
_PROSE_CITATION = re.compile(r'@[a-z0-9-]+\s*,\s*"([^"]*)"')
# Where a plain YAML value's comment starts: "#" after white space
_COMMENT = re.compile(r"\s#")


def _quote_at(line: str, column: int) -> tuple[int, int, bool] | None:
    """Where the quote cited at `column` stands on its line: its start, its end, and
    whether it is a brief's (in prose) rather than a YAML value; None if it is not written
    on the line alone (a value over several lines)."""
    if line[column : column + 1] == "@":
        match = _PROSE_CITATION.match(line, column)
        return (match.start(1), match.end(1), True) if match else None
    opening = line[column : column + 1]
    if opening in ('"', "'"):
        end = line.find(opening, column + 1)
        return (column, end + 1, False) if end != -1 else None
    # a plain value ends before its comment, its white space trimmed (found in one pass: a
    # pattern of white space then "#" or the end tried at each space of a long run of them)
    comment = _COMMENT.search(line, column)
    value = line[column : comment.start() if comment else len(line)]
    return column, column + len(value.rstrip()), False


def closest_passage_action(index: Index, texts: Texts, problem: Problem) -> types.CodeAction | None:
    """For a quote not found: an action that puts the passage of its source most like it
    (or the words as the source capitalises them) in its place."""
    matched = NOT_FOUND.match(problem.message)
    source = index.briefing.sources.get(matched.group(1)) if matched else None
    quoted = next((d for d in problem.details if d.startswith("quoted:")), None)
    if source is None or quoted is None:
        return None
    path, line_number, column = problem.origin.path, problem.origin.line - 1, problem.origin.column
    line = texts.line(path, line_number)
    place = _quote_at(line, column - 1)
    if place is None:
        return None
    start, end, in_prose = place
    written = line[start:end]
    words = written if in_prose else _unquoted(written)
    if f'"{normal(words)}"' != quoted.removeprefix("quoted:").strip():
        return None  # the value goes on over the next lines: not offered, not guessed
    found = citing(source, words)
    # the passage as the check's message shows it: the source's quote marks around it left
    passage = found.quote.strip(QUOTE_MARKS) if found else ""
    if found is None or found.found == "exact" or not passage or (in_prose and '"' in passage):
        return None
    new_text = passage if in_prose else json.dumps(passage, ensure_ascii=False)
    edit = types.TextEdit(texts.range(path, line_number, start, end), new_text)
    return types.CodeAction(
        title=f'Replace with the closest passage: "{passage}"',
        kind=types.CodeActionKind.QuickFix,
        edit=types.WorkspaceEdit(changes={texts.uri(path): [edit]}),
    )


def _unquoted(value: str) -> str:
    """A YAML scalar's text as written on one line: a quoted one without its quotes (the
    escapes of double quotes read as JSON's, which they include)."""
    if value[:1] == '"':
        try:
            text = json.loads(value)
        except ValueError:
            return value[1:-1]
        return text if isinstance(text, str) else value
    if value[:1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def rename_edit(
    texts: Texts, versions: dict[str, int], old_id: str, new_id: str
) -> types.WorkspaceEdit:
    """Every edit that renames record `old_id` to `new_id`, with the open buffers read in
    place of their files, and the moves of its files, as one workspace edit; Misuse or
    RenameRefused (BriefingError) when it cannot be done."""
    found = renaming(texts.root, old_id, new_id, texts=texts.buffers)
    by_path: dict[str, list[types.TextEdit]] = {}
    for edit in found.edits:
        where = texts.range(edit.path, edit.line - 1, edit.column - 1, edit.end - 1)
        by_path.setdefault(edit.path, []).append(types.TextEdit(where, edit.new_text))
    changes: list[types.TextDocumentEdit | types.RenameFile] = [
        types.TextDocumentEdit(
            types.OptionalVersionedTextDocumentIdentifier(texts.uri(path), versions.get(path)),
            list(edits),
        )
        for path, edits in by_path.items()
    ]
    changes += [types.RenameFile(texts.uri(old), texts.uri(new)) for old, new in found.moves]
    return types.WorkspaceEdit(document_changes=changes)
