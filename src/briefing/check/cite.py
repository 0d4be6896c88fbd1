"""Citing a source: where some words stand in it, found as the check finds a quote (whole
words, blind to typography), and the citation that points at them, ready to paste; when
they are not there, the closest passage, found as the check's "not found" finds it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from briefing.check.quotes import (
    Span,
    closest_passage,
    find_spans,
    pin,
    quote_parts,
)
from briefing.check.verify import SourceText, _size_problem
from briefing.paths import UnsafePath, inside_project
from briefing.problems import BriefingError, Origin, Problem, did_you_mean
from briefing.records.load import load_file
from briefing.records.model import ID_RULE, Source
from briefing.records.reading import LoadError
from briefing.records.validate import validate_record

PREFIX_WORDS = 12  # words before the passage tried as its prefix, one more at a time
_WORD = re.compile(r"\S+")


class CiteError(BriefingError):
    """No source of that id, or its file cannot be read: the command was misused."""

    exit_code = 2


@dataclass(frozen=True)
class Citing:
    """Where words stand in a source, and how to cite them there."""

    source_id: str
    quote: str  # the words as the source has them (its quotes and dashes), on one line
    line: int  # the file's line on which they start
    found: str  # "exact", "case" (found but for capitals) or "closest" (the closest passage)
    places: int  # how many times the words stand in the article
    prefix: str | None  # words just before, when the words stand more than once
    suffix: str | None  # or words just after, when none before pin the place
    note: str  # what the check will say of the quote as it stands ("" when nothing)


def source_of(root: Path, source_id: str) -> Source:
    """The valid source of that id in the project, or CiteError: the closest ids when
    there is none, its problems when it is invalid."""
    shown = f"sources/{source_id}.md"
    file = root / shown
    try:
        if not ID_RULE.match(source_id) or not inside_project(root, file).is_file():
            raise CiteError(_unknown(root, source_id, shown))
        record, problems = validate_record(load_file("source", file, shown))
    except (LoadError, UnsafePath) as error:
        raise CiteError(error.problem) from None
    if not isinstance(record, Source):
        raise BriefingError(*problems)
    return record


def _unknown(root: Path, source_id: str, shown: str) -> Problem:
    folder = root / "sources"
    known = [file.stem for file in folder.glob("*.md")] if folder.is_dir() else []
    return Problem(
        Origin(shown),
        f"no source '{source_id}'",
        did_you_mean(source_id, known) or "give the file name of a source, without .md",
    )


def citing(source: Source, words: str) -> Citing | None:
    """Where the words stand in the source's article (the first place when several, with a
    prefix that pins it), else where the words differing only in case stand, else the
    closest passage; None when the words have nothing to look for."""
    parts = quote_parts(words)
    if not parts:
        return None
    text = SourceText(source)
    spans = [span for span in find_spans(text.normal.text, parts) if text.in_article(span)]
    found, span = "exact", spans[0] if spans else None
    if span is None:
        found, span = "case", text.find_ignoring_case(parts)
    if span is None:
        found, span = "closest", closest_passage(text.normal.text, words)
    # an elided quote keeps its elisions; otherwise the source's own characters
    quote = text.own(span) if len(parts) == 1 or found != "exact" else " ... ".join(parts)
    prefix, suffix = _pinned_by(text, span, spans) if len(spans) > 1 else (None, None)
    wrong = _size_problem(quote_parts(quote))
    return Citing(
        source.record_id,
        quote,
        text.line_of(span),
        found,
        len(spans),
        prefix,
        suffix,
        f"{wrong[0]}: {wrong[1]}" if wrong else "",
    )


def _pinned_by(text: SourceText, span: Span, spans: list[Span]) -> tuple[str | None, str | None]:
    """(prefix, suffix): the fewest words just before a span that pin it among `spans` (as
    the check's `pin` reads them), as the source has them; else the fewest just after it;
    (None, None) when a dozen words on either side do not."""
    normal = text.normal.text
    reach = 40 * PREFIX_WORDS
    before = normal[max(0, span.start - reach) : span.start]
    offset = span.start - len(before)
    starts = [match.start() + offset for match in _WORD.finditer(before)]
    for start in reversed(starts[-PREFIX_WORDS:]):
        prefix = text.own(Span(start, span.start)).strip()
        if pin(normal, spans, prefix, None) == [span]:
            return prefix, None
    after = normal[span.end : span.end + reach]
    ends = [match.end() + span.end for match in _WORD.finditer(after)]
    for end in ends[:PREFIX_WORDS]:
        suffix = text.own(Span(span.end, end)).strip()
        if pin(normal, spans, None, suffix) == [span]:
            return None, suffix
    return None, None


def paragraphs(source: Source) -> list[tuple[int, str]]:
    """The paragraphs of a source's text (between blank lines), each on one line, with the
    file line it starts on."""
    found: list[tuple[int, str]] = []
    lines: list[str] = []
    first = 0
    for number, line in enumerate([*source.text.split("\n"), ""], source.body_line):
        if line.strip():
            first = first if lines else number
            lines.append(line.strip())
        elif lines:
            found.append((first, " ".join(" ".join(lines).split())))
            lines = []
    return found
