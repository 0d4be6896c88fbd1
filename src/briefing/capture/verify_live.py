"""`briefing verify-live`: is each cited quote still on the publisher's live page?

Each source's page is fetched again and extracted as `capture` extracts it; each cited quote
is then looked for in the live text as `check` looks for it in the stored text (whole words,
typography normalised). What it finds, per quote:

- present: found, next to one of the paragraphs it stood next to in the stored text;
- moved: found, but between other paragraphs;
- changed: not found; the closest passage, scored on the quote and on the words around it
  (as web annotation tools re-anchor a highlight), is shown;
- gone: not found, nor anything close; or the page itself is gone (404/410), and then the
  archived copy is suggested;
- unreachable: the page could not be fetched or read.

A quote found more than once on the live page, when its citation gives no prefix/suffix, is
flagged: its text-fragment link would go to the first place. Nothing is written: the stored
text is the evidence, and the live page is only compared with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
from rapidfuzz import fuzz

from briefing.capture.article import CaptureError, extract_content
from briefing.capture.fetch import DEADLINE, MAX_BYTES, FetchError, fetch
from briefing.check.quotes import closest_passage, find_spans, normalise, quote_parts
from briefing.check.resolve import Index
from briefing.records.model import Source, statements

CONTEXT_WORDS = 5  # words either side that say whether a quote is where it was
CHANGED_SCORE = 60.0  # below this, the closest passage is too unlike the quote to be it
GONE_STATUSES = (404, 410)


@dataclass(frozen=True)
class Cited:
    """One cited quote of a source, once however many records cite it."""

    source_id: str
    quote: str
    prefix: str | None
    suffix: str | None
    at: str  # where it is cited first, path:line:column


@dataclass(frozen=True)
class Finding:
    source_id: str
    quote: str
    at: str
    status: str  # present, moved, changed, gone, unreachable
    detail: str = ""
    closest: str | None = None
    score: float | None = None
    not_unique: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "source": self.source_id,
            "quote": self.quote,
            "cited_at": self.at,
            "status": self.status,
            "detail": self.detail,
            "closest": self.closest,
            "score": self.score,
            "not_unique": self.not_unique,
        }


def cited_quotes(index: Index) -> dict[str, list[Cited]]:
    """The quotes each source is cited for (only those `check` proved), first place first."""
    found: dict[str, dict[tuple[str, str | None, str | None], Cited]] = {}

    def add(source_id: str, quote: str, prefix: str | None, suffix: str | None, at: str) -> None:
        found.setdefault(source_id, {}).setdefault(
            (quote, prefix, suffix), Cited(source_id, quote, prefix, suffix, at)
        )

    for record in index.briefing.records():
        for statement, _ in statements(record):
            for citation in statement.cite:
                if citation.at("quote") in index.excerpts:
                    origin = citation.at("quote")
                    add(
                        citation.source,
                        citation.quote,
                        citation.prefix,
                        citation.suffix,
                        str(origin),
                    )
    for blocks in index.blocks.values():
        for block in blocks:
            for prose in block.citations:
                if prose.origin in index.excerpts:
                    add(prose.source_id, prose.quote, None, None, str(prose.origin))
    return {source_id: list(quotes.values()) for source_id, quotes in found.items()}


def _words_around(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    return text[:start].split()[-CONTEXT_WORDS:], text[end:].split()[:CONTEXT_WORDS]


def _neighbours(text: str, offset: int) -> tuple[str, str]:
    """The paragraphs (non-blank lines) before and after the one at an offset of the text."""
    at = text.count("\n", 0, offset)
    lines = text.split("\n")
    before = [line for line in lines[:at] if line.strip()]
    after = [line for line in lines[at + 1 :] if line.strip()]
    shown = (
        " ".join(before[-1].split()) if before else "",
        " ".join(after[0].split()) if after else "",
    )
    return shown


def compare(stored: str, live: str, cited: Cited) -> Finding:
    """Where a quote of the stored text stands on the live page."""
    stored_normal, live_normal = normalise(stored), normalise(live)
    stored_text, live_text = stored_normal.text, live_normal.text
    parts = quote_parts(cited.quote)
    here = find_spans(stored_text, parts)
    there = find_spans(live_text, parts)
    before, after = _words_around(stored_text, here[0].start, here[0].end) if here else ([], [])
    ids = (cited.source_id, cited.quote, cited.at)
    if there:
        not_unique = len(there) > 1 and not (cited.prefix or cited.suffix)
        # Where it was: the paragraphs next to it. One of them is enough (an edit of the
        # paragraph beside a quote does not move it); neither is a move.
        was = (
            _neighbours(stored, stored_normal.original_offset(here[0].start)) if here else ("", "")
        )
        places = [_neighbours(live, live_normal.original_offset(span.start)) for span in there]
        kept = any(place[0] == was[0] or place[1] == was[1] for place in places)
        status = "present" if kept else "moved"
        detail = "" if kept else "found, but between other paragraphs than in the stored text"
        return Finding(*ids, status=status, detail=detail, not_unique=not_unique)
    # Scored on the quote with the words around it, as an annotation is re-anchored: the
    # context tells a changed sentence from another sentence that shares some words.
    span = closest_passage(live_text, cited.quote)
    closest = live_text[span.start : span.end]
    around = _words_around(live_text, span.start, span.end)
    score = (
        0.8 * fuzz.ratio(" ".join(parts), closest)
        + 0.1 * fuzz.ratio(" ".join(before), " ".join(around[0]))
        + 0.1 * fuzz.ratio(" ".join(after), " ".join(around[1]))
    )
    if score >= CHANGED_SCORE:
        return Finding(
            *ids,
            status="changed",
            detail="not found; the closest passage differs",
            closest=closest,
            score=round(score, 1),
        )
    return Finding(
        *ids,
        status="gone",
        detail="not found on the live page, nor anything close",
        score=round(score, 1),
    )


def verify_source(
    source: Source,
    quotes: list[Cited],
    client: httpx.Client,
    max_bytes: int,
    deadline: float = DEADLINE,
) -> list[Finding]:
    assert source.url is not None
    try:
        fetched = fetch(source.url, client, max_bytes, accept_errors=True, deadline=deadline)
        status = fetched.final.status
        if status in GONE_STATUSES:
            suggestion = (
                f"the archived copy: {source.archived_url}"
                if source.archived_url
                else "no archived_url: look for the page in a web archive and add it"
            )
            detail = f"the page answers {status}; {suggestion}"
            return [Finding(c.source_id, c.quote, c.at, "gone", detail) for c in quotes]
        if status >= 400:
            raise FetchError(f"the page answers {status} {fetched.final.reason}")
        live = extract_content(fetched.content(max_bytes), fetched.media_type, fetched.url).text
    except (FetchError, CaptureError) as error:
        return [Finding(c.source_id, c.quote, c.at, "unreachable", str(error)) for c in quotes]
    return [compare(source.text, live, cited) for cited in quotes]


def verify_live(
    index: Index,
    source_ids: list[str] | None,
    client: httpx.Client,
    workers: int = 4,
    max_bytes: int = MAX_BYTES,
    deadline: float = DEADLINE,
    done: Callable[[str], None] = lambda source_id: None,
) -> Iterator[Finding]:
    """Every cited quote of the sources chosen (default: all with a url), compared with the
    live page; at most `workers` pages fetched at once."""
    sources = index.briefing.sources
    quotes = cited_quotes(index)
    chosen = [
        sources[source_id]
        for source_id in (source_ids or sorted(sources))
        if sources[source_id].url and quotes.get(source_id)
    ]

    def one(source: Source) -> list[Finding]:
        findings = verify_source(source, quotes[source.record_id], client, max_bytes, deadline)
        done(source.record_id)
        return findings

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for findings in pool.map(one, chosen):
            yield from findings
