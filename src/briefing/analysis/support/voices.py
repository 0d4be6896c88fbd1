"""What governs an excerpt where it stands in its source: who speaks it, a hedge over it, a
denial of it. Read from the excerpt's paragraph (speech.Paragraph), by the rules of
FORMAT.md, "Support checks":

- a reporting clause in the excerpt's sentence gives its speaker;
- words inside quotation marks belong to the speaker of their reporting clause, before or
  after them, or carried from the paragraph before when the quotation is;
- an unattributed sentence that leads into a speaker's quotation is that speaker's paraphrase
  ("And this head … will decide …. “We left this decision …,” concluded the source");
- a sentence that refers back ("Those meetings …", "That …") is governed as the sentence it
  refers to, while no new reporting clause intervenes;
- a hedge governs the clause it stands in; a negated hedge ("Contrary to rumors") is none;
- an excerpt stands under a denial if it denies, or if it is what is denied ("He denied
  the rumors that …", "As for reports that …, the source said that was not entirely
  correct")."""

from __future__ import annotations

import re
from functools import cached_property

from briefing.analysis.support.context import Evidence
from briefing.analysis.support.speech import (
    Cue,
    Paragraph,
    content_words,
    paragraph,
    verbs_of,
    word_set,
)
from briefing.analysis.support.words import Lexicon, Match

__all__ = ["Cue", "Reading", "content_words"]

_REFERS_BACK = re.compile(r"(?:(?:But|And|However|Yet),?\s+)?(?:This|That|These|Those|Such)\b")
# Words after "That" that make it a pronoun for the sentence before ("That gave …")
_PRONOUN_VERBS = word_set(
    "is was are were has had have gave give gives made makes meant means led leads would will "
    "could can may might shows showed left"
)
_FOLLOWING = re.compile(r"\s*([a-z]\w*)(?:\s+([a-z]\w*))?")
_NEGATED_BEFORE = re.compile(
    r"(?:\bcontrary to|\bnot|\bno|\bnever|\bwithout|\bden(?:y|ies|ied|ying)|\brejected|"
    r"\bdismissed)\W+(?:\w+\W+){0,2}$",
    re.I,
)
_CLAUSE_EDGE = re.compile(
    r"[()–—;:]|,\s+(?=(?:which|who|whom|whose|when|where|while|although|though|but|as|"
    r"because|since)\b)"
)
_DENIAL_VERB = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed|dismisses|refuted|refutes)\b",
    re.I,
)
# A verdict on what was reported: "the source said that was not entirely correct"
_VERDICT = re.compile(
    r"\b(?:not (?:entirely |quite |at all )?(?:correct|true|accurate)|untrue|incorrect|false|"
    r"baseless|unfounded|no evidence|no proof)\b",
    re.I,
)
_REPORTED_THAT = re.compile(
    r"\b(?:reports?|claims?|rumou?rs?|allegations?|suggestions?)”?\s+that\s+", re.I
)
_THAT = re.compile(r"\bthat\s+")
_MARKS = re.compile(r"[\s“”\"]*")
_SEVERAL_CLAUSES = re.compile(r"\b(?:and|but|because|while|although)\b|[,;]")


class Reading:
    """One excerpt read in its paragraph; every answer is a Cue with offsets of the source's
    text, to name its line."""

    def __init__(self, evidence: Evidence, lexicon: Lexicon) -> None:
        self.evidence, self.lexicon, self.text = evidence, lexicon, evidence.doc.text
        verbs = verbs_of(lexicon["reporting"])
        self.paragraph: Paragraph = paragraph(evidence.doc, evidence.paragraph, verbs)
        excerpt = evidence.excerpt
        first = self.paragraph.sentence_at(excerpt.start)
        last = self.paragraph.sentence_at(max(excerpt.start, excerpt.end - 1))
        self.mine = list(range(first, last + 1))

    # Who speaks

    @cached_property
    def voices(self) -> list[Cue | None]:
        """Who speaks each sentence of the excerpt (None: the outlet's own voice)."""
        return [self._voice(number) for number in self.mine]

    def _voice(self, number: int, depth: int = 0) -> Cue | None:
        start, end = self.paragraph.sentences[number]
        excerpt = self.evidence.excerpt
        lo, hi = max(start, excerpt.start), min(end, excerpt.end)
        if lo >= hi:  # a sentence the excerpt refers back to
            lo, hi = start, end
        quote = self.paragraph.quote_at(lo)
        if quote is not None:
            return self.paragraph.inner_speaker(quote, lo) or self.paragraph.quoted_by(quote)
        found = self.paragraph.clauses(number)
        inside = [c for c in found if lo <= c.cue.start < hi]
        held = [c for c in found if min(hi, c.region[1]) > max(lo, c.region[0])]
        if inside or held:
            return (inside or held)[0].cue
        paraphrase = self._paraphrase(number)
        if paraphrase is not None:
            return paraphrase
        referent = self._referent(number)
        return self._voice(referent, depth + 1) if referent is not None and depth < 3 else None

    def _paraphrase(self, number: int) -> Cue | None:
        """An unattributed sentence that leads into a speaker's quotation is the speaker's."""
        if number + 1 >= len(self.paragraph.sentences):
            return None
        quote = self.paragraph.quote_at(self.paragraph.sentences[number + 1][0] + 1)
        if quote is None or quote[0] - 1 != self.paragraph.sentences[number + 1][0]:
            return None
        return self.paragraph.quoted_by(quote)

    def _referent(self, number: int) -> int | None:
        """The sentence that sentence `number` refers back to ("Those meetings": the last
        one before it that speaks of meetings; "That gave …": the one just before)."""
        start, end = self.paragraph.sentences[number]
        refers = _REFERS_BACK.match(self.text, start, end)
        if number == 0 or refers is None:
            return None
        following = _FOLLOWING.match(self.text, refers.end(), end)
        nouns = [w for w in following.groups() if w] if following else []
        if not nouns or nouns[0] in _PRONOUN_VERBS or nouns[0].endswith("ed"):
            return number - 1
        for previous in range(number - 1, -1, -1):
            words = content_words(self.text[slice(*self.paragraph.sentences[previous])])
            if any(noun[:5] in words for noun in nouns):
                return previous
        return None

    # Hedges

    def hedge(self) -> Cue | None:
        """The hedge that governs the excerpt: in its own clause, or in the sentence it
        refers back to, while no reporting clause intervenes; a negated hedge is none."""
        for number in self.mine:
            start, end = self.paragraph.sentences[number]
            for match in self._hedges(number):
                if self._in_scope(match, start, end):
                    return Cue(self.text[match.start : match.end], match.start)
            carried = self._carried_hedge(number)
            if carried:
                return carried
        return None

    def _hedges(self, number: int) -> list[Match]:
        start, end = self.paragraph.sentences[number]
        return [
            match
            for match in self.lexicon["hedges"].find(self.text, start, end)
            if not _NEGATED_BEFORE.search(self.text, max(start, match.start - 40), match.start)
        ]

    def _carried_hedge(self, number: int, depth: int = 0) -> Cue | None:
        referent = self._referent(number)
        if referent is None or depth > 3 or self.paragraph.clauses(number):
            return None
        if any(self.paragraph.clauses(n) for n in range(referent + 1, number)):
            return None  # a new attribution intervenes
        found = self._hedges(referent)
        if found:
            return Cue(self.text[found[0].start : found[0].end], found[0].start)
        return self._carried_hedge(referent, depth + 1)

    def _in_scope(self, hedge: Match, start: int, end: int) -> bool:
        """Whether most of the excerpt's words stand in the clause of the hedge."""
        excerpt = self.evidence.excerpt
        if excerpt.start <= hedge.start and hedge.end <= excerpt.end:
            return True
        if "according to" in self.text[max(start, hedge.start - 30) : hedge.start].lower():
            scope = (start, end)
        else:
            edges = [m.start() for m in _CLAUSE_EDGE.finditer(self.text, start, end)]
            scope = (
                max([e for e in edges if e < hedge.start], default=start),
                min([e for e in edges if e >= hedge.end], default=end),
            )
        inside = self.text[max(scope[0], excerpt.start) : min(scope[1], excerpt.end)]
        return len(content_words(inside)) * 2 > len(content_words(self.evidence.quoted))

    # Denials

    def denial(self) -> Cue | None:
        """A denial the excerpt stands under: it denies (or, one clause, negates), or it is
        what a denial or a verdict ("not entirely correct") is about."""
        excerpt, text = self.evidence.excerpt, self.text
        denies = _DENIAL_VERB.search(text, excerpt.start, excerpt.end) or _VERDICT.search(
            text, excerpt.start, excerpt.end
        )
        if denies:
            return Cue(denies.group(), denies.start())
        if not _SEVERAL_CLAUSES.search(self.evidence.quoted):
            negated = self.lexicon["negation"].find(text, excerpt.start, excerpt.end)
            if negated:
                return Cue(text[negated[0].start : negated[0].end], negated[0].start)
        for number in self.mine:
            found = self._denied_by(*self.paragraph.sentences[number])
            if found:
                return found
        return None

    def _denied_by(self, start: int, end: int) -> Cue | None:
        excerpt, text = self.evidence.excerpt, self.text
        for verb in _DENIAL_VERB.finditer(text, start, excerpt.start):
            that = _THAT.search(text, verb.end(), min(end, verb.end() + 60))
            if self._covers_start(that.end() if that else verb.end()):
                return Cue(verb.group(), verb.start())
        reported = [m.end() for m in _REPORTED_THAT.finditer(text, start, excerpt.end)]
        if not any(self._covers_start(clause_start) for clause_start in reported):
            return None
        verdict = _VERDICT.search(text, excerpt.end, end)
        return Cue(verdict.group(), verdict.start()) if verdict else None

    def _covers_start(self, clause_start: int) -> bool:
        """Whether the excerpt takes in the first words of a clause (what it says, not only
        a name it mentions)."""
        excerpt = self.evidence.excerpt
        first = _MARKS.match(self.text, clause_start)
        return excerpt.start <= (first.end() if first else clause_start) < excerpt.end
