"""Shared wording: one outlet restating another's report word for word, with no relay
declared, and a statement that counts the two as two origins (the words compared as
passages.py compares them).

A project of 10,000 sources is not compared pair by pair. Each source's fingerprints are
kept with the facts of its file; an index from fingerprint to sources finds the pairs that
share one (`candidates`); a fingerprint in more than MAX_ORIGINS origins is a stock phrase
and pairs none. Only the pairs found are read word by word, for their passages.

A statement is judged on its own excerpts, read in their sentences (`counted_twice`):
there a passage must name someone or give a number, as a sentence relayed does and a stock
phrase, standing between others, does not."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from itertools import chain, combinations
from typing import Any

from briefing.analysis.chains import citation_origin, named_origin, origin_of
from briefing.analysis.support.context import Evidence
from briefing.analysis.support.judges import Finding, Judge
from briefing.analysis.support.passages import (
    Run,
    Words,
    grams,
    line_of,
    outlet_words,
    passages,
    shown,
    specific,
    unpacked,
)
from briefing.analysis.support.said import Said
from briefing.analysis.support.words import Lexicon
from briefing.problems import Problem
from briefing.records.dates import date_key
from briefing.records.model import Source, names_a_source
from briefing.warning_kinds import WarningKind

MAX_ORIGINS = 2  # a run found in more origins is a stock phrase
MAX_CARRIERS = 8  # a fingerprint in more sources than this pairs none of them

_HINT = (
    "if '{later}' relays '{earlier}', say so with 'via: {earlier}' on its citations, or "
    "'origin: {earlier}' if it copies the whole article; if both quote a third party, name "
    "it with 'via:' on the citations of both (via: \"the joint statement of …\")"
)


@dataclass(frozen=True)
class Printed:
    """What a source's file gives the check of all the sources together: its origin and
    its fingerprints (see passages.fingerprints)."""

    origin_id: str
    prints: str


@dataclass(frozen=True)
class Candidates:
    """The pairs of sources of different origins that share fingerprints found in no more
    than MAX_ORIGINS origins, with those fingerprints; and the stock fingerprints, found in
    more."""

    pairs: dict[tuple[str, str], set[int]]
    stock: frozenset[int]


def candidates(printed: Mapping[str, Printed]) -> Candidates:
    """The pairs that share fingerprints, found by an index from fingerprint to sources,
    never pair by pair."""
    prints = {source_id: set(unpacked(p.prints)) for source_id, p in printed.items()}
    counts = Counter(chain.from_iterable(prints.values()))
    shared = {fingerprint for fingerprint, n in counts.items() if n > 1}
    carriers: dict[int, list[str]] = {}
    for source_id, found in prints.items():
        for fingerprint in found & shared:
            carriers.setdefault(fingerprint, []).append(source_id)
    pairs: dict[tuple[str, str], set[int]] = {}
    stock = set()
    for fingerprint, source_ids in carriers.items():
        origins = {printed[source_id].origin_id for source_id in source_ids}
        if len(origins) > MAX_ORIGINS:
            stock.add(fingerprint)
        elif len(origins) > 1 and len(source_ids) <= MAX_CARRIERS:
            for a, b in combinations(sorted(source_ids), 2):
                if printed[a].origin_id != printed[b].origin_id:
                    pairs.setdefault((a, b), set()).add(fingerprint)
    return Candidates(pairs, frozenset(stock))


def kept_candidates(printed: Mapping[str, Printed], kept: dict[str, Any] | None) -> Candidates:
    """`candidates(printed)`, or those `kept` (JSON, filled in here) for the same sources
    and fingerprints: a check after an edit that leaves them as they were need not work
    them out again from every source's fingerprints (a quarter of a second at 10,000
    sources, at every edit)."""
    if kept is None:
        return candidates(printed)
    digest = hashlib.blake2b(digest_size=16)
    for source_id, one in printed.items():
        digest.update(f"{source_id}\0{one.origin_id}\0{one.prints}\0".encode())
    key = digest.hexdigest()
    if kept.get("key") == key:
        pairs = {(str(a), str(b)): {int(n) for n in shared} for a, b, shared in kept["pairs"]}
        return Candidates(pairs, frozenset(int(n) for n in kept["stock"]))
    found = candidates(printed)
    kept.clear()
    kept["key"] = key
    kept["pairs"] = [[a, b, sorted(shared)] for (a, b), shared in found.pairs.items()]
    kept["stock"] = sorted(found.stock)
    return found


def _names(vias: Iterable[str], source: Source) -> bool:
    """Whether one of the `via:` of a source's citations names `source`: by its id or its
    origin, or by its outlet (publisher or byline), however written."""
    keys = {source.record_id, source.origin_id}
    outlets = {named_origin(name) for name in (source.publisher, source.byline) if name}
    return any(via in keys or named_origin(via) in outlets for via in vias)


def _third_parties(vias: Iterable[str]) -> set[str]:
    return {named_origin(via) for via in vias if not names_a_source(via)}


def declared(a: Source, b: Source, sources: dict[str, Source], vias: dict[str, set[str]]) -> bool:
    """Whether a relay is declared between two sources: one report (an `origin:` or a
    `translation_of:` naming the other, or the same origin at the end of the chains), a
    citation of one that relays the other (`via:`), or both relaying the same named origin
    (`via: "the joint statement of …"`). One citation is enough: whether each statement
    counts the pair once is the statement's own check (`counted_twice`)."""
    if origin_of(a, sources) == origin_of(b, sources):
        return True
    if a.record_id in (b.origin, b.translation_of) or b.record_id in (a.origin, a.translation_of):
        return True
    of_a, of_b = vias.get(a.record_id, set()), vias.get(b.record_id, set())
    return _names(of_a, b) or _names(of_b, a) or bool(_third_parties(of_a) & _third_parties(of_b))


def in_order(a: Source, b: Source) -> tuple[Source, Source]:
    """The earlier published and the later (which relays it, if one relays the other);
    on the same date, by id."""
    if (date_key(b.published), b.record_id) < (date_key(a.published), a.record_id):
        return b, a
    return a, b


def pair_warning(
    earlier: Source, later: Source, shared: set[int], stock: frozenset[int]
) -> Problem | None:
    """The warning at the later source of a pair, listing the passages it shares with the
    earlier but stock phrases (runs whose every fingerprint is stock), each with its line
    in both files; None unless a passage holds a fingerprint the pair `shared` and names
    someone or gives a number (in a small project, a stock phrase is in too few sources to
    be known as one)."""
    words, other = Words.of_article(later), Words.of_article(earlier)

    def not_stock(run: Run) -> bool:
        prints = words.prints(run)
        return not prints or not prints <= stock

    found = passages(words, other, not_stock)
    outlets = outlet_words(earlier, later)
    if not any(
        specific(words, outlets, run) and not shared.isdisjoint(words.prints(run)) for run in found
    ):
        return None
    details = tuple(
        f'"{shown(words, run.start, run.end)}" '
        f"({later.path}:{line_of(later, words.spans[run.start][0])}, "
        f"{earlier.path}:{line_of(earlier, other.spans[run.other_start][0])})"
        for run in found
    )
    count = f"{len(found)} passage{'s' if len(found) > 1 else ''}"
    return Problem(
        later.at(),
        f"source '{later.record_id}' shares {count} with source '{earlier.record_id}', of "
        "another origin, and no relay is declared between them",
        _HINT.format(later=later.record_id, earlier=earlier.record_id),
        WarningKind.SHARED_WORDING.severity,
        details,
        kind=WarningKind.SHARED_WORDING,
    )


def shared_wording(
    printed: Mapping[str, Printed],
    relays: Iterable[tuple[str, str]],
    sources: dict[str, Source],
    kept: dict[str, Any] | None = None,
) -> list[Problem]:
    """One warning per pair of sources of different origins that share passages with no
    relay declared between them. `printed`: each valid source's origin and fingerprints;
    `relays`: (source id, via) of each citation that relays; `sources`: read only for the
    pairs that share a fingerprint; `kept`: see `kept_candidates`."""
    vias: dict[str, set[str]] = {}
    for source_id, via in relays:
        vias.setdefault(source_id, set()).add(via)
    found = kept_candidates(printed, kept)
    problems = []
    for (a_id, b_id), shared in sorted(found.pairs.items()):
        a, b = sources[a_id], sources[b_id]
        if not declared(a, b, sources, vias):
            problem = pair_warning(*in_order(a, b), shared, found.stock)
            problems += [problem] if problem else []
    return problems


# --- a statement that counts a relay as a second origin -----------------------------------


def _counts_origins(said: Said) -> bool:
    """Whether the statement counts its origins: once (its text, or an affiliation with
    none), not a side of a conflict (one report by design), not withdrawn, not marked as
    resting on one report."""
    statement = said.cited
    return (
        statement is not None
        and said.field in ("text", "affiliation")
        and not said.what.startswith("side ")
        and getattr(statement, "deprecated", None) is None
        and not statement.single_origin
    )


def _sentence_words(evidence: Evidence) -> Words:
    """The words of the sentences an excerpt stands in."""
    return Words.of(evidence.doc.text, [evidence.sentence_span])


def _in_order(one: Evidence, other: Evidence) -> tuple[Evidence, Evidence]:
    return (one, other) if in_order(one.source, other.source)[0] is one.source else (other, one)


def _origins(said: Said) -> dict[int, str]:
    """The origin each excerpt's citation rests on, its chain followed, by the excerpt's id."""
    sources = said.index.briefing.sources if said.index else {}
    return {
        id(e): citation_origin(e.citation, sources)
        for e in said.evidence
        if e.citation is not None and e.citation.source in sources
    }


def counted_twice(said: Said, lexicon: Lexicon) -> Iterator[Finding]:
    """A statement that counts two origins whose excerpts (read in their sentences) share a
    passage: one likely relays the other."""
    if not _counts_origins(said):
        return
    origin = _origins(said)
    if len(set(origin.values())) < 2:
        return
    runs = {id(e): grams(e.sentence) for e in said.evidence}  # most pairs share none
    seen: set[frozenset[str]] = set()
    for one, other in combinations(said.evidence, 2):
        origins = frozenset((origin.get(id(one), ""), origin.get(id(other), "")))
        if len(origins) < 2 or "" in origins or origins in seen:
            continue
        if one.source is other.source or runs[id(one)].isdisjoint(runs[id(other)]):
            continue  # one text, relayed in one citation and not the other, is no relay
        earlier, later = _in_order(one, other)
        first, second = _sentence_words(later), _sentence_words(earlier)
        outlets = outlet_words(earlier.source, later.source)
        found = passages(first, second, partial(specific, first, outlets))
        if found:
            seen.add(origins)
            longest = max(found, key=lambda run: run.end - run.start)
            yield _twice(said, earlier, later, (first, second, longest))


def _twice(
    said: Said, earlier: Evidence, later: Evidence, found: tuple[Words, Words, Run]
) -> Finding:
    words, other, run = found
    a, b = earlier.source.record_id, later.source.record_id
    return Finding(
        WarningKind.SHARED_WORDING,
        f"{said.what} counts '{a}' and '{b}' as two origins, but the sentences it cites share "
        f'wording: "{shown(words, run.start, run.end)}" (line '
        f"{later.line(words.spans[run.start][0])} of '{b}', line "
        f"{earlier.line(other.spans[run.other_start][0])} of '{a}')",
        f"if '{b}' relays '{a}', say so with 'via: {a}' on its citation; if both quote a third "
        "party, name it with 'via:' on both citations",
        source_id=b,
    )


JUDGES: list[Judge] = [counted_twice]
