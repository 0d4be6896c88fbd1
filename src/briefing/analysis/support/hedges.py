"""Support judges of hedges and attribution (FORMAT.md, "Support checks": hedge-dropped,
attribution-dropped).

A statement is read clause by clause (split at semicolons and sentence ends; a report frame,
"X told Reuters that …; …", carries over the clauses after it), and each clause is judged by
the excerpts whose words it restates, each read where it stands (voices.Reading):

- hedge-dropped: every excerpt the clause restates is hedged ("are said to", "reportedly",
  "rumors"), and the clause has neither a hedge nor an attribution; or every one stands under
  a denial ("denied", "not entirely correct"), and the clause has neither a negation nor a
  hedge, attributed or not;
- attribution-dropped: the clause says in the briefing's own voice what its only origin
  gives to someone who speaks in it, or states as its own (graded D to F); or it gives the
  outlet itself ("the outlet itself writes", "in its own voice", "the outlet adds" beside a
  source) words that the source gives to a speaker; or a citation's `speaker:` is not who
  speaks in the source.

A key judgment's `text:` and `basis:` are the analyst's own estimate and reasoning, so they
need no attribution of their own; what they do attribute must be right. Event titles are left
to flat-title, an affiliation without `text:` has no words to keep a hedge in, and a list item
of a brief with no bold label is part of the sentence or heading that introduces it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from briefing.analysis.chains import named_origin
from briefing.analysis.judgments import LOW_GRADES, reported_words
from briefing.analysis.support.context import Evidence
from briefing.analysis.support.judges import Finding, Judge, unjudged
from briefing.analysis.support.said import Said
from briefing.analysis.support.speech import Span, word_set
from briefing.analysis.support.voices import Cue, Reading, content_words
from briefing.analysis.support.words import Lexicon
from briefing.problems import Origin
from briefing.records.model import Actor, Source, names_a_source
from briefing.warning_kinds import WarningKind

__all__ = ["JUDGES", "attribution_dropped", "hedge_dropped"]

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(\[])")
_FRAME = re.compile(r"\bthat\b|:\s*$")
_SOURCE_NOUNS = re.compile(
    r"\b(?:outlets?|articles?|origins?|sources?|reports?|copy|translation|story|officials?|"
    r"spokes\w+|rumou?rs?|its own)\b",
    re.I,
)
_OWN_VOICE = re.compile(
    r"\bitself\b|\bin its own (?:voice|words|name)\b|\bown (?:voice|account|statement|words|"
    r"report|reporting|claim|assertion)\b",
    re.I,
)
_OUTLET = re.compile(r"\b(?:the (?:unnamed |unidentified )?outlet|the report|the article)\b", re.I)
_HEDGED = re.compile(
    r"\b(?:may|might|could|possibly|perhaps|apparently|unclear|unconfirmed|uncorroborated|"
    r"rumou?rs?|reportedly|allegedly|seems?|appears?|likely|unlikely|probably|suggests?)\b",
    re.I,
)
_NEGATED = re.compile(
    r"\b(?:not|no|never|nor|neither|none|nowhere|without|cannot|den(?:y|ies|ied|ial)|untrue|"
    r"false|refus\w*|reject\w*|dismiss\w*|contrary)\b|n[’']t\b",
    re.I,
)
_TRAILING_ATTRIBUTION = re.compile(
    r",\s*(?:according to [^,;]+|[^,;]{1,60}\b(?:reports?|reported|says|said|writes|notes|adds))"
    r"[.\s]*$",
    re.I,
)
_DENIES = re.compile(r"\b(?:den(?:y|ies|ied|ying)|reject\w*|dismiss\w*|refut\w*)$", re.I)
_SEMICOLON = re.compile(r";")
_MOST_PAIRS = 10_000
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+")
_NAME_STOP = word_set("the a an as has had its of and")


@dataclass(frozen=True)
class Clause:
    """A part of a statement that says one thing, with what its words show."""

    text: str
    words: frozenset[str]
    attributed: bool  # names who says it, or goes on a report frame before it
    hedged: bool
    negated: bool
    # gives what it says to the outlet itself: in so many words ("the outlet itself writes",
    # "its own account"), or by making the outlet say it beside a source that the statement
    # names elsewhere ("the source said …; the outlet adds …")
    outlet_voice: bool


@lru_cache(maxsize=4096)
def _name_words(text: str) -> frozenset[str]:
    words = re.findall(r"[^\W_]+", text.lower())
    return frozenset(word for word in words if len(word) > 2 and word not in _NAME_STOP)


def _outlet_names(source: Source) -> frozenset[str]:
    """The words that name a source's outlet ("Reuters", "DEBKA Weekly"), if it has one."""
    names, publisher = [source.byline or ""], source.publisher or ""
    if publisher[:1].isupper() and not publisher.startswith(("Unknown", "An ")):
        names.append(publisher)
    return _name_words(" ".join(names))


def outlet_name(source: Source) -> str:
    """How a hint names a source's outlet: an agency's one-word byline ("Reuters"), else
    its publisher, else "The outlet"."""
    byline, publisher = source.byline or "", source.publisher or ""
    if byline[:1].isupper() and " " not in byline:
        return byline
    if publisher[:1].isupper() and not publisher.startswith(("Unknown", "An ", "A ")):
        return publisher
    return "The outlet"


def origin(evidence: Evidence) -> str:
    """The report an excerpt rests on, as analysis.chains counts it: a relayed name, a
    translation's original, or the source's `origin:`."""
    via = evidence.citation.via if evidence.citation is not None else None
    if via:
        return via if names_a_source(via) else named_origin(via)
    return evidence.source.translation_of or evidence.source.origin_id


class Statement:
    """A statement's clauses, and the excerpts each restates, read once for both judges:
    they ask one after the other of the same statement (see `of`)."""

    _last: Statement | None = None

    @classmethod
    def of(cls, said: Said, lexicon: Lexicon) -> Statement:
        last = cls._last
        if last is None or last.said is not said or last.lexicon is not lexicon:
            last = cls._last = cls(said, lexicon)
        return last

    @classmethod
    def forget(cls) -> None:
        """Let the last statement go, with the check's records it holds through its
        evidence (every source read, each with its paragraphs)."""
        cls._last = None

    def __init__(self, said: Said, lexicon: Lexicon) -> None:
        self.said, self.lexicon = said, lexicon
        # each excerpt read in its paragraph when a clause restates it (most restate none)
        self.readings: dict[int, Reading] = {}
        self.words = {id(ev): content_words(ev.quoted) for ev in said.evidence}
        names: set[str] = set()
        for ev in said.evidence:
            names |= _outlet_names(ev.source)
            if ev.citation is not None and ev.citation.via:
                names |= _name_words(ev.citation.via)
        self.names = names
        clauses = self._clauses(reported_words(said.text))
        # Each clause is compared with each excerpt: a statement far longer than any written
        # by hand is not judged, so that no input costs the square of its size
        self.pairs = len(clauses) * len(said.evidence)
        self.clauses = clauses if self.pairs <= _MOST_PAIRS else []

    def _clauses(self, words: str) -> list[Clause]:
        estimate = bool(getattr(self.said.cited, "likelihood", None))
        lexicon = self.lexicon
        speaks = lexicon["attribution"].find(words) + lexicon["reporting"].find(words)
        hedges = lexicon["hedges"].find(words)
        anonymous = lexicon["anonymous"].find(words)
        found = []
        for sentence in _parts(words, _SENTENCE):
            # "…; …, according to the Baghdad Post." and "X told Reuters that …; …" cover
            # every clause of their sentence, before or after
            last_comma = words.rfind(",", *sentence)
            framed = last_comma >= 0 and bool(
                _TRAILING_ATTRIBUTION.match(words, last_comma, sentence[1])
            )
            for start, end in _parts(words, _SEMICOLON, *sentence):
                part = words[start:end]
                says = any(start <= m.start < end for m in speaks)
                attributed = says or bool(
                    _SOURCE_NOUNS.search(part) or self.names & _name_words(part)
                )
                outlet = _OWN_VOICE.search(part) is not None or (
                    says
                    and bool(_OUTLET.search(part) or self.names & _name_words(part))
                    and not any(start <= m.start < end for m in anonymous)
                    and any(not start <= m.start < end for m in anonymous)
                )
                hedged = any(start <= m.start < end for m in hedges) or _HEDGED.search(part)
                negated = _NEGATED.search(part) is not None
                clause = Clause(
                    part,
                    content_words(part),
                    attributed or framed,
                    estimate or bool(hedged),
                    negated,
                    outlet,
                )
                found.append(clause)
                framed = framed or attributed and bool(_FRAME.search(part))
        return found

    def restated(self, clause: Clause) -> list[Evidence]:
        """The excerpts whose words the clause restates, the closest first."""
        found = []
        for ev in self.said.evidence:
            words = self.words[id(ev)]
            shared = len(clause.words & words)
            if len(words) >= 2 and shared >= min(3, len(words)):
                found.append((shared, ev))
        return [ev for _, ev in sorted(found, key=lambda pair: -pair[0])]

    def reading(self, evidence: Evidence) -> Reading:
        if id(evidence) not in self.readings:
            self.readings[id(evidence)] = Reading(evidence, self.lexicon)
        return self.readings[id(evidence)]


def _parts(text: str, edge: re.Pattern[str], start: int = 0, end: int | None = None) -> list[Span]:
    """The spans of text[start:end] between matches of `edge`."""
    end = len(text) if end is None else end
    cuts = [start, *(m.end() for m in edge.finditer(text, start, end)), end]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _judged(said: Said) -> bool:
    if said.field in ("title", "affiliation") or not said.text.strip():
        return False
    item = _LIST_ITEM.match(said.text)
    return not (said.field == "prose" and item and not said.text[item.end() :].startswith("**"))


def _where(evidence: Evidence, cue: Cue) -> str:
    return f"line {evidence.line(cue.start)} of '{evidence.source.record_id}'"


def _finding(
    kind: WarningKind, evidence: Evidence, message: str, hint: str, origin: Origin | None = None
) -> Finding:
    excerpt = evidence.quoted if len(evidence.quoted) <= 120 else evidence.quoted[:117] + "..."
    details = (f'excerpt: "{excerpt}"',)
    return Finding(kind, message, hint, details, origin, evidence.source.record_id)


def hedge_dropped(said: Said, lexicon: Lexicon) -> Iterator[Finding]:
    """A clause that drops the hedge, or the denial, every excerpt it restates stands under."""
    if not _judged(said):
        return
    statement = Statement.of(said, lexicon)
    if statement.pairs > _MOST_PAIRS:
        yield unjudged(
            said, f"has {statement.pairs:,} clause-excerpt pairs (at most {_MOST_PAIRS:,})"
        )
    for clause in statement.clauses:
        restated = statement.restated(clause)
        if not restated:
            continue
        if not clause.negated and not clause.hedged:
            denials = [statement.reading(ev).denial() for ev in restated]
            if all(denials) and denials[0] is not None:
                yield _denied(restated[0], denials[0])
                return
        if not clause.attributed and not clause.hedged:
            hedges = [statement.reading(ev).hedge() for ev in restated]
            if all(hedges) and hedges[0] is not None:
                yield _hedged(restated[0], hedges[0])
                return


def _hedged(evidence: Evidence, cue: Cue) -> Finding:
    return _finding(
        WarningKind.HEDGE_DROPPED,
        evidence,
        f'the excerpt is hedged ("{cue.words}", {_where(evidence, cue)}) but the statement is not',
        f'keep the hedge or attribute it ("{outlet_name(evidence.source)} reports that …")',
    )


def _denied(evidence: Evidence, cue: Cue) -> Finding:
    return _finding(
        WarningKind.HEDGE_DROPPED,
        evidence,
        f'the excerpt stands under a denial ("{cue.words}", {_where(evidence, cue)}) but the '
        "statement says it without one",
        "say that it is denied, and by whom, or cite an excerpt that affirms it",
    )


def attribution_dropped(said: Said, lexicon: Lexicon) -> Iterator[Finding]:
    """A clause that says in the briefing's voice, or gives to the outlet, what the source
    gives to someone else; a citation's speaker the source contradicts."""
    if said.field in ("text", "affiliation"):
        yield from _speakers_contradicted(said, lexicon)
    if not _judged(said):
        return
    statement = Statement.of(said, lexicon)
    yield from _given_to_outlet(statement)
    if not said.what.startswith("key judgment") and len({origin(e) for e in said.evidence}) == 1:
        yield from _in_own_voice(statement)


def _voice_of(statement: Statement, evidence: Evidence) -> Cue | None:
    """Who speaks an excerpt, if all of it is someone's other than the outlet's (what one
    denies is not one's word: hedge-dropped judges it)."""
    voices = statement.reading(evidence).voices
    speaker = evidence.citation.speaker if evidence.citation is not None else None
    if speaker and not any(voices):  # the source says nothing of who speaks: `speaker:` does
        return Cue(f"speaker: {speaker}", evidence.excerpt.start, speaker)
    if not voices or any(v is None or _is_outlet(v, evidence.source) for v in voices):
        return None
    return None if any(v is not None and _DENIES.search(v.words) for v in voices) else voices[0]


def _is_outlet(voice: Cue, source: Source) -> bool:
    words = _name_words(voice.who)
    return bool(words) and words <= _outlet_names(source)


def _given_to_outlet(statement: Statement) -> Iterator[Finding]:
    for clause in statement.clauses:
        if not clause.outlet_voice:
            continue
        for ev in statement.restated(clause):
            voice = _voice_of(statement, ev)
            if voice is not None and not _named(clause, voice, statement.lexicon):
                yield _finding(
                    WarningKind.ATTRIBUTION_DROPPED,
                    ev,
                    f"the statement gives to the outlet words that the source gives to "
                    f'{voice.who} ("{voice.words}", {_where(ev, voice)})',
                    f'attribute them to their speaker ("{voice.who} said …")'
                    + (" and give the citation its 'speaker:'" if ev.citation else ""),
                )
                return


def _named(clause: Clause, voice: Cue, lexicon: Lexicon) -> bool:
    """Whether a clause names who speaks: by the speaker's own words ("Hezbollah", not
    "the source", which a clause that gives the words to the outlet may name beside it),
    or, for an unnamed speaker, as a source."""
    specific = content_words(voice.who) - content_words(" ".join(lexicon["anonymous"].phrases))
    if specific:
        return bool(specific & clause.words)
    return bool(lexicon["anonymous"].find(clause.text))


def _in_own_voice(statement: Statement) -> Iterator[Finding]:
    for clause in statement.clauses:
        restated = [] if clause.attributed else statement.restated(clause)
        finding = _own_voice(statement, restated) if restated else None
        if finding is not None:
            yield finding
            return


def _own_voice(statement: Statement, restated: list[Evidence]) -> Finding | None:
    """What is wrong with saying the excerpts in the briefing's voice, if anything: each is
    someone's word (but an actor's own, on its own record), or each is a low-graded
    source's own report."""
    voices = [_voice_of(statement, ev) for ev in restated]
    ev, voice = restated[0], voices[0]
    if voice is not None and all(v and not _is_self(v, statement.said.record) for v in voices):
        return _finding(
            WarningKind.ATTRIBUTION_DROPPED,
            ev,
            f'the excerpt is what {voice.who} said ("{voice.words}", {_where(ev, voice)}) '
            "but the statement says it in the briefing's own voice",
            f'say who says it ("{voice.who} told {outlet_name(ev.source)} that …"), or cite '
            "a second origin",
        )
    # an own report that is hedged is hedge-dropped's to judge: one warning for one defect
    own = all(not any(statement.reading(e).voices) for e in restated)
    hedged = any(statement.reading(e).hedge() for e in restated)
    if own and not hedged and all(e.source.reliability in LOW_GRADES for e in restated):
        return _finding(
            WarningKind.ATTRIBUTION_DROPPED,
            ev,
            f"the excerpt is the report of '{ev.source.record_id}' (graded "
            f"{ev.source.reliability}), the statement's only origin, but the statement says "
            "it in the briefing's own voice",
            f'attribute it ("{outlet_name(ev.source)} reports that …"), or cite a second origin',
        )
    return None


def _is_self(voice: Cue, record: object) -> bool:
    """Whether who speaks is the actor whose record the statement is on ("The union said
    its members would stay out", on the union's record): its word about itself is its own."""
    if not isinstance(record, Actor):
        return False
    words = _name_words(voice.who)
    return bool(words) and words <= _name_words(" ".join([record.name, *record.aliases]))


def _names_someone(who: str) -> bool:
    """Whether words of a reporting clause name someone ("Kataeb Hezbollah", "the Iraqi
    sources"), not only describe ("the fiery cleric") or point back ("he")."""
    return (
        any(word[:1].isupper() for word in who.split()[1:])
        or who[:1].isupper()
        and (
            who.split()[0].lower() not in {"he", "she", "they", "it", "we", "the", "a", "an", "one"}
        )
    )


def _speakers_contradicted(said: Said, lexicon: Lexicon) -> Iterator[Finding]:
    """A citation's `speaker:` that shares no word with who speaks its excerpt."""
    for ev in said.evidence:
        speaker = ev.citation.speaker if ev.citation is not None else None
        if not speaker:
            continue
        voices = Reading(ev, lexicon).voices
        clear = [v for v in voices if v is not None and _names_someone(v.who)]
        if not clear or len(clear) < len(voices):
            continue
        if any(_name_words(v.who) & _name_words(speaker) for v in clear):
            continue
        voice = clear[0]
        yield _finding(
            WarningKind.ATTRIBUTION_DROPPED,
            ev,
            f"the citation's speaker ('{speaker}') is not who speaks in the source "
            f'("{voice.words}", {_where(ev, voice)})',
            "give 'speaker:' as the source names who says these words",
            ev.citation.at("speaker") if ev.citation is not None else None,
        )


JUDGES: list[Judge] = [hedge_dropped, attribution_dropped]
