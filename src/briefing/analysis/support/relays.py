"""Shared wording: one outlet restating another's report word for word, with no relay
declared, and a statement that counts the two as two origins.

Words are compared as the words of the text, case and punctuation aside. A run of at least
MIN_WORDS words that two texts share is copying; shorter runs are names, titles and stock
phrases. Measured on the five seeds: between texts of different origins the longest shared
run is 6 words ("Mohammad al-Kawtharani, Hezbollah's representative in Iraq", a name and a
title), then 5 ("in the wake of the", in four of the five); between the Arab News text and
the machine translation of the same report, 68 runs reach 8 words, the longest 25.

A project of 10,000 sources is not compared pair by pair. Each source gives a few
fingerprints (`fingerprints`): the hashes of its runs of MIN_WORDS words, within a sentence,
that begin at one word in ANCHOR, the word chosen by itself, so that two copies choose the
same runs; names and numbers stand in them as one placeholder, so that a stock sentence
filled with other names is one stock phrase. An index from fingerprint to sources finds the
pairs that share one (`candidates`); a fingerprint in more than MAX_ORIGINS origins is a
stock phrase and pairs none. Only the pairs found are read word by word, for their passages
(`passages`). A passage of 8 words holds a fingerprint one time in five, of 11 words one
time in two, of 17 words eight times in ten, of 25 words 97 in a hundred (measured on every
stretch of the Arab News text): a text that relays an article is found, one that shares a
single short passage may not be.

A statement is judged on its own excerpts, read in their sentences (`counted_twice`):
there a passage must name someone or give a number, as a sentence relayed does and a stock
phrase, standing between others, does not."""

from __future__ import annotations

import base64
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import accumulate, chain, combinations, compress, repeat
from operator import eq

from briefing.analysis.chains import citation_origin, named_origin, origin_of
from briefing.analysis.support.context import Evidence
from briefing.analysis.support.judges import Finding, Judge
from briefing.analysis.support.said import Said
from briefing.analysis.support.words import Lexicon
from briefing.problems import Problem
from briefing.records.dates import date_key
from briefing.records.model import Source, names_a_source
from briefing.warning_kinds import WarningKind

MIN_WORDS = 8  # a shared run this long is copying (see above)
ANCHOR = 2  # one word in this many begins a fingerprinted run
MAX_ORIGINS = 2  # a run found in more origins is a stock phrase
MAX_CARRIERS = 8  # a fingerprint in more sources than this pairs none of them
GAP = 3  # runs this few words apart, in both texts, are one passage
SHOWN_WORDS = 16  # a passage longer than this is shown by its ends

# A word: what stands between white space and punctuation (`_PUNCTUATION.sub(" ", text)
# .split()` gives the same words, faster, where their places are not needed).
_MARKS = "\"'“”‘’«»‹›()\\[\\]{}.,;:!?—–…|*/"
_PUNCTUATION = re.compile(f"[{_MARKS}]")
_WORD = re.compile(f"[^\\s{_MARKS}]+")
_NEWLINE = re.compile("\n")
# Where a sentence ends, for the runs that fingerprint a text: a full stop, question or
# exclamation mark (and the quotes or brackets closing on it) before white space, or a line's
# end (a headline, a caption, a paragraph). An abbreviation ends one too: that only leaves
# out the runs across it.
_STOP = re.compile(r"[.!?][\"'”’»)\]]?\s|\n")
_END = "\x00"
_DIGIT = re.compile(r"\d")

_HINT = (
    "if '{later}' relays '{earlier}', say so with 'via: {earlier}' on its citations, or "
    "'origin: {earlier}' if it copies the whole article; if both quote a third party, name "
    "it with 'via:' on the citations of both (via: \"the joint statement of …\")"
)


# --- the words of a text -------------------------------------------------------------------


def _filler(word: str) -> bool:
    """Whether a word is a name (it has capitals) or a number: what a stock phrase is filled
    with, and what a relayed sentence keeps."""
    return word != word.lower() or _DIGIT.search(word) is not None


# Each word's number, and whether it is an anchor, worked out once in a process: the words
# of news repeat, and a table is quicker than working them out again. A name or a number is
# 0, so that a stock phrase filled with other names is the same phrase; so is the end of a
# sentence (see `fingerprints`).
_CODES: dict[str, int] = {_END: 0}
_ANCHORS: dict[str, bool] = {_END: False}


def _prints(words: list[str], sentence: list[int]) -> set[int]:
    """The hashes of the runs of MIN_WORDS words within one sentence (`sentence`: a number
    for each word that grows where a sentence ends) that begin at an anchor word (one whose
    number is 1 modulo ANCHOR; never a name). A run across sentences would pair the end of
    one stock sentence with the start of another. Each word's number is the same in every
    process, and so is the hash of a tuple of numbers."""
    for word in set(words).difference(_CODES):
        code = 0 if _filler(word) else zlib.crc32(word.encode())
        _CODES[word], _ANCHORS[word] = code, code % ANCHOR == 1
    codes = list(map(_CODES.__getitem__, words))
    starts = compress(range(len(codes) - MIN_WORDS + 1), map(_ANCHORS.__getitem__, words))
    last = MIN_WORDS - 1
    return {
        hash(tuple(codes[start : start + MIN_WORDS]))
        for start in starts
        if sentence[start] == sentence[start + last]
    }


def _article(source: Source) -> list[tuple[int, int]]:
    """The [start, end) offsets of the text that is the article (see `article_lines`)."""
    text = source.text
    if source.article_lines is None:
        return [(0, len(text))]
    starts = [0, *(match.end() for match in _NEWLINE.finditer(text)), len(text) + 1]
    last = len(starts) - 1
    return [
        (starts[min(first, last) - 1], starts[min(end, last)] - 1)
        for first, end in source.article_lines
    ]


def _sentences(text: str, stretches: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The [start, end) of each sentence of the stretches of a text, as `_STOP` ends them."""
    for start, end in stretches:
        begin = start
        for stop in _STOP.finditer(text, start, end):
            yield begin, stop.start()
            begin = stop.end()
        yield begin, end


def fingerprints(source: Source) -> str:
    """A source's fingerprints, packed for the facts of its file (check.facts.FileFacts).
    The words are those of `Words.of_article`, found without their places; each sentence's
    end stands among them as a word of its own (_END), a name to `_prints`, which no run
    it fingerprints holds."""
    article = "\n".join(source.text[start:end] for start, end in _article(source))
    words = _PUNCTUATION.sub(" ", _STOP.sub(f" {_END} ", article)).split()
    sentence = list(accumulate(map(eq, words, repeat(_END))))
    return packed(_prints(words, sentence))


def packed(prints: set[int]) -> str:
    """Fingerprints as the facts keep them: a short string, not a long list of numbers."""
    return base64.b64encode(array("q", sorted(prints)).tobytes()).decode("ascii")


def unpacked(prints: str) -> array[int]:
    found = array("q")
    found.frombytes(base64.b64decode(prints))
    return found


@dataclass(frozen=True)
class Words:
    """Stretches of a text as a list of words: where each stands in the text, and the
    number of its sentence."""

    text: str
    spans: list[tuple[int, int]]
    sentence: list[int]

    @classmethod
    def of(cls, text: str, stretches: Iterable[tuple[int, int]] | None = None) -> Words:
        """The words of stretches of a text ([start, end) offsets; all of it by default)."""
        spans: list[tuple[int, int]] = []
        sentence: list[int] = []
        stretches = [(0, len(text))] if stretches is None else stretches
        for number, (start, end) in enumerate(_sentences(text, stretches)):
            found = [match.span() for match in _WORD.finditer(text, start, end)]
            spans += found
            sentence += repeat(number, len(found))
        return cls(text, spans, sentence)

    @classmethod
    def of_article(cls, source: Source) -> Words:
        return cls.of(source.text, _article(source))

    @cached_property
    def own(self) -> list[str]:
        """Each word as the text has it."""
        return [self.text[a:b] for a, b in self.spans]

    @cached_property
    def lower(self) -> list[str]:
        return [word.lower() for word in self.own]

    def fillers(self, run: Run) -> int:
        """How many words of a run (of this text) are names or numbers; the capital that
        begins a sentence makes no name."""
        own, sentence = self.own, self.sentence
        return sum(
            _filler(own[n]) and n > 0 and sentence[n] == sentence[n - 1]
            for n in range(run.start, run.end)
        )

    def prints(self, run: Run) -> set[int]:
        return _prints(self.own[run.start : run.end], self.sentence[run.start : run.end])


@dataclass(frozen=True)
class Run:
    """Words two texts share: [start, end) of the first text's words and of the second's."""

    start: int
    end: int
    other_start: int
    other_end: int

    def near(self, other: Run) -> bool:
        return (
            other.start <= self.end + GAP
            and other.other_start <= self.other_end + GAP
            and other.other_end >= self.other_start - GAP
        )

    def joined(self, other: Run) -> Run:
        return Run(
            self.start,
            max(self.end, other.end),
            min(self.other_start, other.other_start),
            max(self.other_end, other.other_end),
        )


def shared_runs(first: Words, second: Words) -> Iterator[Run]:
    """Every longest run of at least MIN_WORDS words the two share, found from each run of
    MIN_WORDS words of the second in an index of the first's."""
    a, b = first.lower, second.lower
    starts: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(a) - MIN_WORDS + 1):
        starts.setdefault(tuple(a[i : i + MIN_WORDS]), []).append(i)
    for j in range(len(b) - MIN_WORDS + 1):
        for i in starts.get(tuple(b[j : j + MIN_WORDS]), ()):
            if i and j and a[i - 1] == b[j - 1]:
                continue  # within a longer run, found from its start
            n = MIN_WORDS
            while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
                n += 1
            yield Run(i, i + n, j, j + n)


def passages(first: Words, second: Words, telling: Callable[[Run], bool]) -> list[Run]:
    """The passages the two texts share: their runs that are more than names, numbers and
    titles (at least half their words are neither) and that `telling` finds telling, each place
    of the first text once (with the longest run that holds it), runs close together in
    both texts made one."""
    kept: list[Run] = []
    for run in sorted(shared_runs(first, second), key=lambda r: (r.start, -r.end, r.other_start)):
        if kept and run.end <= kept[-1].end:
            continue  # these words of the first text are in a passage already
        if 2 * first.fillers(run) > run.end - run.start or not telling(run):
            continue
        if kept and kept[-1].near(run):
            kept[-1] = kept[-1].joined(run)
        else:
            kept.append(run)
    return kept


def _specific(words: Words, run: Run) -> bool:
    """Whether a run names someone or gives a number: a sentence relayed keeps its names
    and numbers, a stock phrase stands between others."""
    return words.fillers(run) > 0


def shown(words: Words, start: int, end: int) -> str:
    """Words of a text as a message quotes them: as the text has them, the first ten and
    the last five of a long passage."""
    spans = words.spans
    if end - start <= SHOWN_WORDS:
        return _own(words.text, spans[start][0], spans[end - 1][1])
    head = _own(words.text, spans[start][0], spans[start + 9][1])
    tail = _own(words.text, spans[end - 5][0], spans[end - 1][1])
    return f"{head} … {tail}"


def _own(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split()).strip("\"'“”‘’")


def _line(source: Source, offset: int) -> int:
    return source.body_line + source.text.count("\n", 0, offset)


# --- pairs of sources ------------------------------------------------------------------------


@dataclass(frozen=True)
class Printed:
    """What a source's file gives the check of all the sources together: its origin and
    its fingerprints (see `fingerprints`)."""

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
    if not any(_specific(words, run) and not shared.isdisjoint(words.prints(run)) for run in found):
        return None
    details = tuple(
        f'"{shown(words, run.start, run.end)}" '
        f"({later.path}:{_line(later, words.spans[run.start][0])}, "
        f"{earlier.path}:{_line(earlier, other.spans[run.other_start][0])})"
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
) -> list[Problem]:
    """One warning per pair of sources of different origins that share passages with no
    relay declared between them. `printed`: each valid source's origin and fingerprints;
    `relays`: (source id, via) of each citation that relays; `sources`: read only for the
    pairs that share a fingerprint."""
    vias: dict[str, set[str]] = {}
    for source_id, via in relays:
        vias.setdefault(source_id, set()).add(via)
    found = candidates(printed)
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


def _runs_of(evidence: Evidence) -> set[tuple[str, ...]]:
    """The runs of MIN_WORDS words of the sentences an excerpt stands in, lower-cased:
    quicker to make than their Words, and most pairs of excerpts share none."""
    words = _PUNCTUATION.sub(" ", evidence.sentence).lower().split()
    return set(zip(*(words[n:] for n in range(MIN_WORDS)), strict=False))


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
    runs = {id(e): _runs_of(e) for e in said.evidence}
    seen: set[frozenset[str]] = set()
    for one, other in combinations(said.evidence, 2):
        origins = frozenset((origin.get(id(one), ""), origin.get(id(other), "")))
        if len(origins) < 2 or "" in origins or origins in seen or one.source is other.source:
            continue  # (one text relaying in one place and not in another: not two texts)
        if runs[id(one)].isdisjoint(runs[id(other)]):
            continue
        earlier, later = _in_order(one, other)
        first, second = _sentence_words(later), _sentence_words(earlier)
        found = passages(first, second, partial(_specific, first))
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
