"""Quotes proven against the sources' text, and, when one is not there, where it really is:
the closest passage, a cut word, the case, another source."""

from __future__ import annotations

import bisect
import unicodedata
from collections import Counter
from collections.abc import Iterable

from briefing.check.proofs import Excerpt, FoundBefore, Located, Proofs, Quoted
from briefing.check.prose import NEWLINE
from briefing.check.quotes import (
    NormalText,
    Span,
    after_prefix,
    closest_passage,
    find_spans,
    normal,
    normalise,
    pin,
    quote_parts,
    widened,
    word_cut,
)
from briefing.problems import Origin, Problem, did_you_mean, slug
from briefing.records.model import Source

MIN_QUOTE_WORDS = 4  # a quote, or one part of an elided quote, has at least this many
MIN_PART_WORDS = 2  # every part of an elided quote has at least this many
MAX_QUOTE_CHARS = 1000  # in normal form; longer is a copy of the passage, not a quote
ELSEWHERE_SEARCHES = 100
SUGGESTIONS = 100  # "did you mean" hints in one check: each compares a name with every id
WHOLE_WORDS = "quote whole words: begin and end where the source's words begin and end"
QUOTE_MARKS = "\"'“”‘’"  # around a passage shown: the quotes of the message are ours


class SourceText:
    """A source's text in normal form, with what is needed to place a match in the file."""

    def __init__(self, source: Source) -> None:
        self.source = source
        # read once: a model's private attributes cost a call each, and a large project
        # places a hundred thousand quotes
        self.text = source.text
        self.body_line = source.body_line
        self.article_lines = source.article_lines
        self.normal: NormalText = normalise(self.text)
        self.line_starts = [0, *(match.end() for match in NEWLINE.finditer(self.text))]

    def place(self, normal_offset: int) -> tuple[int, int, int]:
        """(offset in the text, line in the file, column) of an offset of the normal text."""
        offset = self.normal.original_offset(normal_offset)
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return offset, line + 1, offset - self.line_starts[line] + 1

    def own(self, span: Span) -> str:
        """The words of a span of the normal text as the source has them (its quotes and
        dashes), on one line: what a user searches the file for."""
        start = self.normal.original_offset(span.start)
        end = self.normal.original_offset(span.end)
        return " ".join(self.text[start:end].split())

    def line_of(self, span: Span) -> int:
        return self.file_line(self.place(span.start)[1])

    def find_ignoring_case(self, parts: list[str]) -> Span | None:
        """Where the words stand if case is ignored. Lower-casing that changes a text's
        length (a few letters do) would shift every offset: then there is no answer."""
        text = self.normal.text
        lowered = text.lower()
        if len(lowered) != len(text):
            return None
        wanted = [part.lower() for part in parts]
        if any(len(w) != len(p) for w, p in zip(wanted, parts, strict=True)):
            return None
        spans = find_spans(lowered, wanted)
        return spans[0] if spans else None

    def in_article(self, span: Span) -> bool:
        ranges = self.article_lines
        if ranges is None:
            return True
        first = self.place(span.start)[1]
        last = self.place(max(span.start, span.end - 1))[1]
        return any(start <= first and last <= end for start, end in ranges)

    def file_line(self, text_line: int) -> int:
        return self.body_line + text_line - 1


class Verifier:
    """Proves quotes against the sources, and says where a quote really is when it is not."""

    def __init__(
        self,
        sources: dict[str, Source],
        located: Located | None = None,
        proofs: Proofs | None = None,
    ) -> None:
        self.sources = sources
        self._texts: dict[str, SourceText] = {}
        # "did you mean" hints and searches of every source, by the path they are asked
        # from: their number is limited in a check, so what they say depends on order
        self.suggested_at: Counter[str] = Counter()
        self.searched_at: Counter[str] = Counter()
        self.suggestions = 0
        self.searches = 0
        self._phrases: dict[tuple[str, str], bool] = {}
        self.before = FoundBefore(sources, located, proofs)

    def known(self, quoted: Quoted) -> Excerpt | None:
        """The place of a quote found before in the same source (see FoundBefore)."""
        return self.before.known(quoted)

    def find(self, quoted: Quoted) -> Excerpt | Problem:
        """Look for a quote, whatever is known of it: see `known` and `remember`."""
        return self._locate(quoted)

    def remember(self, quoted: Quoted, found: Excerpt | Problem) -> None:
        """Keep a quote found, for the next check (in the parent process: a forked worker's
        memory is lost with it). A quote not found is not kept: what is said of it depends
        on more than its own source."""
        if isinstance(found, Excerpt):
            self.before.remember(quoted, found)

    def text(self, source_id: str) -> SourceText:
        if source_id not in self._texts:
            self._texts[source_id] = SourceText(self.sources[source_id])
        return self._texts[source_id]

    def suggest(
        self, at: Origin, name: str, choices: Iterable[str], named: dict[str, str] | None = None
    ) -> str:
        """A "did you mean" hint, for the first SUGGESTIONS unknown names only: a project
        with many wrong names and many ids would take their product. `named` maps the
        records' names and aliases, as slugs, to their ids: an author writes a name where
        the id is wanted."""
        self.suggested_at[at.path] += 1
        self.suggestions += 1
        if self.suggestions > SUGGESTIONS:
            return ""
        if named:
            target = named.get(slug(name))
            if target is not None:
                return f"'{name}' is a name of '{target}': refer to it by its id, '{target}'"
        return did_you_mean(name, choices)

    def elsewhere(self, at: Origin, parts: list[str], but: str) -> str | None:
        """The first other source that has the words. Each search reads every source: only
        the first ELSEWHERE_SEARCHES quotes not found get one, or a project with many wrong
        quotes and many sources would take their product."""
        self.searched_at[at.path] += 1
        self.searches += 1
        if self.searches > ELSEWHERE_SEARCHES:
            return None
        for source_id in self.sources:
            if source_id != but and find_spans(self.text(source_id).normal.text, parts):
                return source_id
        return None

    def _locate(self, quoted: Quoted) -> Excerpt | Problem:
        source_id = quoted.source_id
        if source_id not in self.sources:
            return Problem(
                quoted.origin,
                f"unknown source '{source_id}'",
                self.suggest(quoted.origin, source_id, self.sources) or "add it under sources/",
            )
        parts = quote_parts(quoted.quote)
        if not parts:  # every search below wants a part to look for
            return Problem(
                quoted.origin,
                "quote has no words",
                f"the quote has no visible words: {_characters(quoted.quote)}; copy the "
                "words the claim rests on from the source",
            )
        wrong_size = _size_problem(parts)
        if wrong_size:
            return Problem(quoted.origin, *wrong_size)
        text = self.text(source_id)
        spans = find_spans(text.normal.text, parts)
        if not spans:
            return self._not_found(quoted, parts, text)
        in_article = (
            spans if text.article_lines is None else [s for s in spans if text.in_article(s)]
        )
        if not in_article:
            ranges = ", ".join(
                f"{a}-{b}" if a != b else str(a) for a, b in text.source.article_lines or ()
            )
            return Problem(
                quoted.origin,
                f"quote is outside the article in source '{source_id}'",
                f"the source's article_lines are {ranges} of its text; the rest came "
                "with the capture and is not the article",
            )
        chosen = _pinned(text, parts, quoted, in_article)
        if not chosen:
            return Problem(
                quoted.origin,
                f"quote found in source '{source_id}', but not between the given prefix and suffix",
                "correct or remove 'prefix:' and 'suffix:'",
            )
        start, line, column = text.place(chosen[0].start)
        end = text.normal.original_offset(chosen[0].end)
        return Excerpt(
            source_id,
            start,
            end,
            text.file_line(line),
            column,
            text.text[start:end],
            len(in_article),
            text.source.pdf_page_of(line),
        )

    def _not_found(self, quoted: Quoted, parts: list[str], text: SourceText) -> Problem:
        cut = self.word_cut(quoted.quote, parts, [quoted.source_id])
        if cut:
            part, how, shown = cut[1:]
            which = f"part {part} of the quote" if part else "quote"
            return Problem(
                quoted.origin,
                f"{which} {how}, in source '{quoted.source_id}'",
                WHOLE_WORDS,
                details=shown,
            )
        if len(parts) > 1 and all(find_spans(text.normal.text, [part]) for part in parts):
            return Problem(
                quoted.origin,
                f"the parts of the elided quote are not in order, close together, "
                f"in source '{quoted.source_id}'",
                "each part after '...' must follow the one before within a few sentences",
            )
        cased = text.find_ignoring_case(parts)
        if cased is not None:
            return Problem(
                quoted.origin,
                f"quote not found in source '{quoted.source_id}': it differs in case",
                "copy the capitals as the source has them",
                details=(
                    f'quoted:  "{normal(quoted.quote)}"',
                    f'source:  "{text.own(cased)}" ({text.source.path}:{text.line_of(cased)})',
                ),
            )
        details = self.closest(quoted.quote, [quoted.source_id])
        other = self.elsewhere(quoted.origin, parts, but=quoted.source_id)
        hint = (
            f"the quote is in source '{other}': cite that source"
            if other
            else "copy the words exactly from the article, or cite the source they come from"
        )
        return Problem(
            quoted.origin, f"quote not found in source '{quoted.source_id}'", hint, details=details
        )

    # What is said of words not found, the same for a record's quote and a phrase quoted in
    # a brief's prose: the word they cut, or the closest passage, each with its line.

    def word_cut(
        self, quote: str, parts: list[str], source_ids: Iterable[str]
    ) -> tuple[str, int | None, str, tuple[str, str]] | None:
        """The first of the sources in which the words stand if a word may be cut: its id,
        the part of the quote that cuts it (None for a quote of one part), how ("starts
        inside the word 'rebuild'"), and the quoted and closest lines."""
        for source_id in source_ids:
            text = self.text(source_id)
            cut = word_cut(text.normal.text, parts)
            if cut:
                line = text.file_line(text.place(cut.span.start)[1])
                passage = text.own(widened(text.normal.text, cut.span)).strip(QUOTE_MARKS)
                details = (
                    f'quoted:  "{normal(quote)}"',
                    f'closest: "{passage}" ({text.source.path}:{line})',
                )
                return source_id, cut.part, cut.how, details
        return None

    def closest(self, quote: str, source_ids: Iterable[str]) -> tuple[str, ...]:
        """The quoted line, and the passage of the sources most like the quote with its
        place: that of the first source whose passage is most alike (none without one)."""
        from rapidfuzz import fuzz  # only for a quote not found

        wanted = normal(quote)
        best: tuple[float, str] | None = None
        for source_id in source_ids:
            text = self.text(source_id)
            span = closest_passage(text.normal.text, quote)
            score = fuzz.ratio(wanted, text.normal.text[span.start : span.end])
            if best is None or score > best[0]:
                line = text.file_line(text.place(span.start)[1])
                passage = text.own(span).strip(QUOTE_MARKS)
                best = (score, f'closest: "{passage}" ({text.source.path}:{line})')
        return (f'quoted:  "{wanted}"', best[1]) if best else ()

    def phrase_in(self, phrase: str, source_ids: set[str]) -> bool:
        """Is a phrase quoted in prose in one of the sources? Its first letter may change
        case to fit the sentence ("said it would "Rebuild ..."" of "... to rebuild"), as
        writers do; no other letter may."""
        wanted = normal(phrase)
        if not wanted:
            return True
        variants = {wanted, wanted[:1].swapcase() + wanted[1:]}
        return any(
            self._has(words, s) for words in variants for s in source_ids if s in self.sources
        )

    def phrase_in_other_case(self, phrase: str, source_ids: set[str]) -> str | None:
        """The phrase as one of the sources has it, if it differs only in case: as a
        detail line with its place."""
        for source_id in sorted(source_ids & self.sources.keys()):
            text = self.text(source_id)
            span = text.find_ignoring_case([normal(phrase)])
            if span is not None:
                return f'source:  "{text.own(span)}" ({text.source.path}:{text.line_of(span)})'
        return None

    def _has(self, words: str, source_id: str) -> bool:
        """Are the words in the source? Remembered: a brief repeats its quoted phrases."""
        key = (words, source_id)
        if key not in self._phrases:
            self._phrases[key] = bool(find_spans(self.text(source_id).normal.text, [words]))
        return self._phrases[key]


SHOWN_CHARACTERS = 12


def _characters(quote: str) -> str:
    """What a quote without words holds, each mark that cannot be seen by its code point:
    "only U+200B U+200B"."""
    shown = [
        char
        if char.isprintable() and unicodedata.category(char)[0] in "LNPS"
        else f"U+{ord(char):04X}"
        for char in quote[:SHOWN_CHARACTERS]
    ]
    more = f" and {len(quote) - SHOWN_CHARACTERS} more" if len(quote) > SHOWN_CHARACTERS else ""
    return f"only {' '.join(shown)}{more}" if shown else "it is empty"


def _pinned(text: SourceText, parts: list[str], quoted: Quoted, spans: list[Span]) -> list[Span]:
    """The places of the article that `prefix:` and `suffix:` pin, or all of them."""
    if not (quoted.prefix or quoted.suffix):
        return spans
    if quoted.prefix and normal(quoted.prefix) and len(parts) > 1:
        # an elided quote's places are counted without overlap: the pinned one may overlap
        # one counted before it
        firsts = after_prefix(text.normal.text, quoted.prefix)
        spans = [s for s in find_spans(text.normal.text, parts, firsts) if text.in_article(s)]
    return pin(text.normal.text, spans, quoted.prefix, quoted.suffix)


def _size_problem(parts: list[str]) -> tuple[str, str] | None:
    """(message, hint) for a quote too short to mean anything or too long to be a quote.

    An elided quote needs one part that says something on its own, and no part of a single
    word: "the ... of the ... and" can be found in any article and proves nothing."""
    size = len(" ... ".join(parts))
    if size > MAX_QUOTE_CHARS:
        return (
            f"quote is too long: {size} characters",
            f"quote at most {MAX_QUOTE_CHARS} characters, the words the claim rests on; "
            "cite a longer passage as several quotes",
        )
    counts = [len(part.split()) for part in parts]
    if len(parts) == 1 and counts[0] < MIN_QUOTE_WORDS:
        return (
            f"quote is too short: {counts[0]} word{'s' if counts[0] != 1 else ''}",
            f"quote at least {MIN_QUOTE_WORDS} words, enough to show what the source says",
        )
    if len(parts) > 1 and min(counts) < MIN_PART_WORDS:
        lone = parts[counts.index(min(counts))]
        return (
            f"a part of the elided quote is a single word: '{lone}'",
            f"give each part between '...' at least {MIN_PART_WORDS} words, or drop the elision",
        )
    if len(parts) > 1 and max(counts) < MIN_QUOTE_WORDS:
        return (
            f"elided quote is too short: its longest part has {max(counts)} words",
            f"give one part at least {MIN_QUOTE_WORDS} words, enough to show what the source "
            "says on its own",
        )
    return None
