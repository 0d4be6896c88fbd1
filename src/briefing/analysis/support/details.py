"""detail-not-in-excerpt and approximation-dropped: a number, a date, a name or a title in a
statement that none of its excerpts gives, read where it stands (Evidence.read_in).

Numbers and dates are compared normalised (numbers.py): "5,000" is "five thousand", "Jan. 9"
is "9 January". A date a cited source's `published:` or `modified:` gives counts as given
("Reuters reported in February 2020"). A name is an actor's name or alias (names.py); one that says
who speaks ("its Hezbollah source", a citation's `speaker:` or `via:`) is not a detail. A
title is a word of the `titles` list next to a name ("Secretary General of Hezbollah",
"President Bashar Assad"). A statement whose number the excerpts give only as approximate
("some 5,000") drops the approximation: a note of its own kind, since a kind has one level.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from briefing.analysis.support import numbers
from briefing.analysis.support.context import Evidence
from briefing.analysis.support.judges import Finding, Judge
from briefing.analysis.support.names import ActorNames, Named, Names, folded, folded_before
from briefing.analysis.support.numbers import Detail
from briefing.analysis.support.said import Said
from briefing.analysis.support.titles import flat_title
from briefing.analysis.support.unnamed import unnamed_in_excerpt
from briefing.analysis.support.words import Lexicon, Words
from briefing.check.prose import LINK
from briefing.check.quotes import normal
from briefing.records.dates import parse_when
from briefing.records.model import Actor
from briefing.warning_kinds import WarningKind

_DATE_KINDS = ("day", "month", "year", "decade")
# After a name, words that make it say who speaks, not what happened: "a Hezbollah source".
_SPEAKER = re.compile(r"(?:\w+ )?(?:source|official|spokesman|spokesperson|spokeswoman) ")
_FEW = 12  # names in a statement, each looked for in its excerpts; more: each excerpt read once
_WORD = re.compile(r"\w[\w'’.]*")


class _Given(NamedTuple):
    """A detail an excerpt gives, and where; or a date a cited source was published. (A
    named tuple: a statement's excerpts give hundreds, made at every statement.)"""

    detail: Detail
    evidence: Evidence
    published: bool = False


def detail_not_in_excerpt(said: Said, lexicon: Lexicon) -> Iterator[Finding]:
    standing = said.standing
    if not standing:
        return  # nothing to judge by: rests-on-retracted says why
    text = _readable(said)
    missing, nearest = [], []
    wanted = numbers.details(text)
    given = [g for e in standing for g in _given(e, lexicon)] if wanted else []
    for detail in _once(wanted):
        if not _supported(detail, [g.detail for g in given]):
            missing.append(_what(detail))
            nearest += _nearest(detail, given)
        elif detail.kind == "number" and not detail.approximate:
            same = [
                g for g in given if g.detail.kind == "number" and g.detail.value == detail.value
            ]
            if all(g.detail.approximate for g in same):
                yield _approximation_dropped(said, detail, same[0])
    if said.reader is not None:
        read = _Read(standing, lexicon)
        missing += _names(said, text, read, lexicon) + _titles(text, read, lexicon)
    if missing:
        yield Finding(
            WarningKind.DETAIL_NOT_IN_EXCERPT,
            f"the {said.what} gives {_listed(missing)}, which no excerpt gives",
            "cite the words that give it, or leave it out; if it is your own inference, say so "
            "in a statement of its own, with `judgment:`",
            tuple(dict.fromkeys(nearest)),
        )


class _Read:
    """What the excerpts say, each read where it stands, folded (names.folded): made when a
    name or a title of the statement is first looked for in it."""

    def __init__(self, standing: tuple[Evidence, ...], lexicon: Lexicon) -> None:
        self.standing, self.lexicon = standing, lexicon

    @functools.cached_property
    def windows(self) -> list[str]:
        return [e.folded_read_in(self.lexicon) for e in self.standing]

    def names(self, actor: ActorNames) -> bool:
        return any(actor.named_in(window) for window in self.windows)

    def named_in_all(self, names: Names) -> set[str]:
        """Every actor the excerpts name: for a statement that names many, each excerpt is
        read once rather than once for each."""
        return {actor_id for window in self.windows for actor_id in names.ids_in_text(window)}

    def gives(self, words: str) -> bool:
        return any(words in window for window in self.windows)


def _readable(said: Said) -> str:
    """The statement's words as judged: a link in a brief's prose ("[[iris-okafor]] leads
    the strike") points the reader to the record's own page, whose statements cite their
    own excerpts, so it is left out; a link's own label ("[[harbour-council|council]]")
    stays."""
    if "[[" not in said.text:
        return said.text
    return LINK.sub(lambda match: match.group(1).partition("|")[2], said.text)


def _once(wanted: Iterable[Detail]) -> Iterator[Detail]:
    seen: set[tuple[str, tuple[int, ...]]] = set()
    for detail in wanted:
        if (detail.kind, detail.value) not in seen:
            seen.add((detail.kind, detail.value))
            yield detail


def _given(evidence: Evidence, lexicon: Lexicon) -> list[_Given]:
    """The numbers and dates an excerpt gives where it is read (Evidence.read_in), and the
    dates its source's `published:` gives. Each paragraph is read once for all its
    excerpts (SourceDoc.details keeps it), up to the excerpt's sentence."""
    doc = evidence.doc
    start, end = evidence.paragraph
    upto = evidence.sentences[-1][1] - start
    found = [_Given(d, evidence) for d in doc.details(start, end) if d.start < upto]
    if evidence.reads_back(lexicon):  # its lead-in (Evidence.lead_in)
        found += [_Given(d, evidence) for d in doc.details(*doc.paragraph_before(start))]
    source = evidence.source
    published = _published(str(source.published)) + _published(str(source.modified or ""))
    return found + [_Given(d, evidence, published=True) for d in published]


@functools.lru_cache(maxsize=1024)
def _published(published: str) -> tuple[Detail, ...]:
    """The dates a source's `published:` (or `modified:`) gives: the year, month and day of
    the date, or of each end of a range ("some time between January and 11 February")."""
    when = parse_when(published)
    if when is None:
        return ()
    found = []
    for date in (when.start, when.end) if when.end else (when.start,):
        found.append(Detail("year", (date.year,), published, 0))
        if date.month:
            found.append(Detail("month", (date.month,), published, 0))
        if date.day:
            found.append(Detail("day", (date.month, date.day), published, 0))
    return tuple(found)


def _supported(wanted: Detail, given: list[Detail]) -> bool:
    """Whether a number or date of the statement is among those its excerpts give: a month
    in any date of that month, a year in its decade ("the mid 2000s")."""
    first = wanted.value[0]  # a month, a year
    if wanted.kind == "month":
        return any(d.kind in ("month", "day") and d.value[0] == first for d in given)
    if wanted.kind == "year":
        return any(
            d.value[0] == first
            if d.kind == "year"
            else d.kind == "decade" and 0 <= first - d.value[0] < 10
            for d in given
        )
    return any(d.kind == wanted.kind and d.value == wanted.value for d in given)


def _what(detail: Detail) -> str:
    return f"the {'date' if detail.kind in _DATE_KINDS else 'number'} {detail.shown()}"


def _nearest(detail: Detail, given: list[_Given]) -> list[str]:
    """What the excerpts give of the same sort, where they give it: 5,000 for 6,000."""
    date = detail.kind in _DATE_KINDS
    alike = [
        g
        for g in given
        if not g.published and (g.detail.kind in _DATE_KINDS if date else g.detail.kind == "number")
    ]
    return [f"the excerpt gives {g.detail.shown()} ({_place(g.evidence)})" for g in alike[:2]]


def _place(evidence: Evidence) -> str:
    return f"line {evidence.line(evidence.excerpt.start)} of '{evidence.source.record_id}'"


def _approximation_dropped(said: Said, detail: Detail, given: _Given) -> Finding:
    return Finding(
        WarningKind.APPROXIMATION_DROPPED,
        f"the {said.what} gives {detail.shown()} as exact, where the excerpt gives "
        f"{given.detail.shown()} ({_place(given.evidence)})",
        f'keep the excerpt\'s approximation ("{given.detail.approximate}{detail.words}")',
        source_id=given.evidence.source.record_id,
    )


def _names(said: Said, text: str, read: _Read, lexicon: Lexicon) -> list[str]:
    """The actors the statement names that no excerpt names: not the page's own actor
    (unnamed-in-excerpt's), nor a name that says who speaks."""
    assert said.reader is not None
    names = said.reader.names
    own = said.record.record_id if isinstance(said.record, Actor) else None
    speakers = folded(" ".join(_speakers(said)))
    words = folded(text)
    named = names.in_text(words)
    given = read.named_in_all(names) if len(named) > _FEW else None
    written = _Written(text)
    missing: list[str] = []
    # what the articles say before each excerpt that calls someone by a title
    before: list[str] | None = None
    for actor_id, one in named.items():
        actor = one.actor
        if actor_id == own or actor.named_in(speakers) or _speaks(words, one):
            continue
        if actor_id in given if given is not None else read.names(actor):
            continue
        if actor.person and before is None:
            before = [_before(e) for e in said.standing if _titled(e, lexicon)]
        if not (actor.person and any(actor.named_in(text) for text in before or ())):
            missing.append(f'the name "{written.of(one.variant) or actor.label}"')
    return missing


def _titled(evidence: Evidence, lexicon: Lexicon) -> bool:
    """Whether the excerpt's sentence calls someone by a title ("the dead general's
    masterplan", "the fiery cleric intoned")."""
    sentence = normal(evidence.sentence).lower()  # not folded: "the leaders" are no one
    return _title_description(lexicon["titles"]).search(sentence) is not None


def _before(evidence: Evidence) -> str:
    """The paragraphs before an excerpt's, folded: a person they name is the one the
    excerpt's sentence calls by a title (`_titled`), whom the article's reader knows."""
    doc = evidence.doc
    return folded_before(doc.text, doc.paragraph_starts, evidence.paragraph[0])


@functools.cache
def _title_description(titles: Words) -> re.Pattern[str]:
    """ "the" and a title of one word, two words between at most: "the dead general"."""
    words = "|".join(re.escape(t) for t in titles.phrases if " " not in t)
    return re.compile(rf"\bthe (?:[\w-]+ ){{0,2}}(?:{words})\b(?!-)")


def _speakers(said: Said) -> list[str]:
    cite = said.cited.cite if said.cited is not None else []
    return [words for c in cite for words in (c.speaker, c.via) if words]


def _speaks(words: str, named: Named) -> bool:
    """Whether each place a name stands in the statement says who speaks: "its Hezbollah
    source", "a US official"."""
    return all(_SPEAKER.match(words, end + 1) for end in named.ends)


class _Written:
    """A statement's words, to give a name as it writes it ("Kawtharani", "al-Muhandis")."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def words(self) -> list[tuple[str, tuple[int, int]]]:
        """Each word folded, with where it stands; read when a name is first missing."""
        return [
            (word, match.span())
            for match in _WORD.finditer(self.text)
            for word in folded(match.group()).split()
        ]

    @functools.cached_property
    def at(self) -> dict[str, list[int]]:
        at: dict[str, list[int]] = {}
        for number, (word, _) in enumerate(self.words):
            at.setdefault(word, []).append(number)
        return at

    def of(self, variant: str) -> str | None:
        wanted = variant.split()
        for first in self.at.get(wanted[0], ()):
            found = self.words[first : first + len(wanted)]
            if [word for word, _ in found] == wanted:
                written = self.text[found[0][1][0] : found[-1][1][1]]
                return re.sub(r"['’]s?$|(?<=\w\w)\.$", "", written)
        return None


def _titles(text: str, read: _Read, lexicon: Lexicon) -> list[str]:
    """A person's title next to a name that no excerpt gives: "head of Iran's Quds Force",
    "President Bashar Assad", "Hezbollah's representative"."""
    missing: dict[str, str] = {}
    given: dict[str, bool] = {}
    plain = normal(text)
    for match in lexicon["titles"].find(plain):
        after = plain[match.end : match.end + 16]
        before = plain[max(0, match.start - 30) : match.start]
        beside_a_name = re.match(r" (?:of (?:the )?)?(?:al-|el-)?[A-Z]", after) or re.search(
            r"[A-Z][\w-]*'s? $", before
        )
        title = folded(match.phrase)
        if title not in given:
            given[title] = read.gives(title)
        if beside_a_name and not given[title]:
            missing.setdefault(title, f'the title "{plain[match.start : match.end]}"')
    return list(missing.values())


def _listed(items: list[str], most: int = 5) -> str:
    items = list(dict.fromkeys(items))
    if len(items) > most:
        items = [*items[: most - 1], f"{len(items) - most + 1} more"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


JUDGES: list[Judge] = [unnamed_in_excerpt, detail_not_in_excerpt, flat_title]
