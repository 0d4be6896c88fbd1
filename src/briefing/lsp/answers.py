"""What the server answers about the place the cursor is on, from the last check's index:
completion of ids, hover on a record's id or a citation, definition and references. Each
answer is worked out from what the check kept (the records' places, each proven excerpt's
place in its source, `check.refs` for references); nothing here reads the records again."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lsprotocol import types

from briefing.analysis.chains import citation_origin, citation_origins, origin_label, origin_of
from briefing.check.proofs import Excerpt
from briefing.check.refs import references_to
from briefing.check.resolve import Index
from briefing.lsp.cursor import id_at, typing_at
from briefing.lsp.keys import keys_at
from briefing.lsp.texts import Texts
from briefing.problems import Origin
from briefing.records.model import Actor, Brief, Event, Source, TopRecord, statements
from briefing.report import Report

CONTEXT_CHARS = 400  # how far before and after an excerpt its sentences are looked for
# The end of a sentence: its mark, closing quotes or brackets, then white space.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|])")


def record_of(index: Index, record_id: str) -> TopRecord | None:
    for kind in ("source", "actor", "event", "brief"):
        record: TopRecord | None = index.briefing.table(kind).get(record_id)
        if record is not None:
            return record
    return None


def title_of(record: TopRecord) -> str:
    if isinstance(record, Actor):
        return record.name
    assert isinstance(record, Source | Event | Brief)
    return record.title


def completions(
    report: Report, texts: Texts, path: str, position: types.Position
) -> list[types.CompletionItem]:
    """The ids of the records that may stand where the cursor is, each with its name or
    title (a record with errors, its id only: a project with errors still completes);
    nothing where no id goes."""
    line = texts.line(path, position.line)
    column = texts.column(path, position)
    typing = typing_at(line, column)
    if typing is None:
        return key_completions(texts, path, position.line, column)
    where = texts.range(path, position.line, typing.start, column)
    titles: dict[str, str] = {}
    for kind in typing.kinds:
        table = report.index.briefing.table(kind)
        for record in table.values():
            titles[record.record_id] = f"{kind}: {title_of(record)}"
        for facts in report.facts.values():
            if facts.kind == kind and facts.record_id not in table:
                titles[facts.record_id] = f"{kind} (with errors)"
    return [
        types.CompletionItem(
            label=record_id,
            kind=types.CompletionItemKind.Reference,
            detail=detail,
            filter_text=f"{record_id} {detail}",
            text_edit=types.TextEdit(where, record_id),
        )
        for record_id, detail in titles.items()
    ]


def key_completions(texts: Texts, path: str, line: int, column: int) -> list[types.CompletionItem]:
    """The keys the record may have where a key is being typed, each with what it holds."""
    found = keys_at(path.split("/")[0], texts.lines(path), line, column)
    if found is None:
        return []
    where = texts.range(path, line, found.start, column)
    return [
        types.CompletionItem(
            label=key.name,
            kind=types.CompletionItemKind.Property,
            detail=key.description or None,
            text_edit=types.TextEdit(where, f"{key.name}: "),
        )
        for key in found.keys
    ]


def _escaped(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def describe(record: TopRecord) -> str:
    """A record's name or title and what it says of itself, in Markdown."""
    lines = [f"**{_escaped(title_of(record))}**"]
    if isinstance(record, Source):
        said = [record.publisher or "", str(record.published), f"reliability {record.reliability}"]
        lines.append(" · ".join(_escaped(part) for part in said if part))
        if record.reliability_reason:
            lines.append(_escaped(record.reliability_reason))
    elif isinstance(record, Actor | Event):
        kind = record.kind if isinstance(record, Actor) else record.date
        lines.append(f"{type(record).__name__.lower()} · {_escaped(str(kind))}")
        lines.append(_escaped(record.summary.text))
    elif isinstance(record, Brief) and record.summary:
        lines.append(_escaped(record.summary))
    lines.append(f"`{record.path}`")
    return "\n\n".join(lines)


def in_context(source: Source, excerpt: Excerpt, chain: str) -> str:
    """The excerpt with the rest of its sentence and the sentences just before and after,
    the excerpt in bold, in Markdown."""
    text = source.text
    before = text[max(0, excerpt.start - CONTEXT_CHARS) : excerpt.start]
    ends = [match.end() for match in _SENTENCE_END.finditer(before)]
    if len(ends) >= 2:
        before = before[ends[-2] :]
    after = text[excerpt.end : excerpt.end + CONTEXT_CHARS]
    ends = [match.end() for match in _SENTENCE_END.finditer(after)]
    if len(ends) >= 2:
        after = after[: ends[1]]
    shown = f"{_escaped(before)} **{_escaped(excerpt.text)}** {_escaped(after)}".strip()
    found = "once" if excerpt.occurrences == 1 else f"{excerpt.occurrences} times"
    place = f"`{source.path}:{excerpt.line}` · found {found}"
    return f"> {shown}\n\n{place}\n\n{chain}\n\n{describe(source)}"


def excerpts_on(index: Index, path: str, line: int) -> list[tuple[Origin, Excerpt]]:
    """The proven excerpts cited on a line (1-based) of a file, by the column they are
    cited at."""
    return sorted(
        (
            (origin, excerpt)
            for origin, excerpt in index.excerpts.items()
            if origin.path == path and origin.line == line
        ),
        key=lambda found: found[0].column,
    )


def excerpt_at(index: Index, path: str, line: int, column: int) -> Excerpt | None:
    """The excerpt cited where the cursor is (0-based line and column): the last one cited
    before it on its line."""
    found = cited_at(index, path, line, column)
    return found[1] if found else None


def cited_at(index: Index, path: str, line: int, column: int) -> tuple[Origin, Excerpt] | None:
    """Where the citation at the cursor is, and its excerpt."""
    found = excerpts_on(index, path, line + 1)
    before = [one for one in found if one[0].column <= column + 1]
    return before[-1] if before else (found[0] if found else None)


def chain_of(index: Index, cited: Origin, source: Source) -> str:
    """What the citation counts: the original report it rests on (a copy or translation,
    a relay followed), and for a record's statement, how many origins its citations count."""
    sources = index.briefing.sources
    record = next((r for r in index.briefing.records() if r.path == cited.path), None)
    for statement, _ in statements(record) if record is not None else ():
        for citation in statement.cite:
            if citation.at("quote") == cited:
                origin = origin_label(citation_origin(citation, sources), sources, [citation])
                count = len(citation_origins(statement.cite, sources))
                counted = f"{count} origin{'s' if count != 1 else ''}"
                return f"rests on the origin `{origin}` · its statement cites {counted}"
    return f"rests on the origin `{origin_label(origin_of(source, sources), sources)}`"


def hover(index: Index, texts: Texts, path: str, position: types.Position) -> types.Hover | None:
    """On a record's id, its name and summary; on a citation, its excerpt in context."""
    line = texts.line(path, position.line)
    column = texts.column(path, position)
    word = id_at(line, column)
    record = record_of(index, word.text) if word else None
    if record is not None and word is not None:
        value = describe(record)
        where = texts.range(path, position.line, word.start, word.end)
    else:
        found = cited_at(index, path, position.line, column)
        source = index.briefing.sources.get(found[1].source_id) if found else None
        if found is None or source is None:
            return None
        value = in_context(source, found[1], chain_of(index, found[0], source))
        where = None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, value), where)


def definition(
    index: Index, texts: Texts, path: str, position: types.Position
) -> types.Location | None:
    """A record's id: the record's file; a citation: the line of its source where the
    quoted words stand."""
    line = texts.line(path, position.line)
    column = texts.column(path, position)
    word = id_at(line, column)
    record = record_of(index, word.text) if word else None
    if record is not None:
        return texts.location(record.path, 0, 0, 0)
    excerpt = excerpt_at(index, path, position.line, column)
    source = index.briefing.sources.get(excerpt.source_id) if excerpt else None
    if excerpt is None or source is None:
        return None
    first = excerpt.text.split("\n", 1)[0]
    start = excerpt.column - 1
    return texts.location(source.path, excerpt.line - 1, start, start + len(first))


def references(
    index: Index, texts: Texts, path: str, position: types.Position, declaration: bool
) -> list[types.Location]:
    """Every place that refers to the record whose id is at the cursor, as `briefing refs`
    lists them (and the record's file, if asked)."""
    line = texts.line(path, position.line)
    word = id_at(line, texts.column(path, position))
    record = record_of(index, word.text) if word else None
    if record is None:
        return []
    found = list(_places(index, texts, record.record_id))
    return [texts.location(record.path, 0, 0, 0), *found] if declaration else found


def _places(index: Index, texts: Texts, record_id: str) -> Iterator[types.Location]:
    for reference in references_to(index, record_id):
        origin = reference.origin
        text = texts.line(origin.path, origin.line - 1)
        start = text.find(record_id, origin.column - 1)
        start = start if start >= 0 else origin.column - 1
        yield texts.location(origin.path, origin.line - 1, start, start + len(record_id))
