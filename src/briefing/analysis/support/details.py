"""detail-not-in-excerpt and approximation-dropped: a number, a date, a name or a title in a
statement that none of its excerpts gives, read where it stands (Evidence.read_in).

Numbers and dates are compared normalised (numbers.py): "5,000" is "five thousand", "Jan. 9"
is "9 January". A date a cited source's `published:` gives counts as given ("Reuters
reported in February 2020"). A name is an actor's name or alias (names.py); one that says
who speaks ("its Hezbollah source", a citation's `speaker:` or `via:`) is not a detail. A
title is a word of the `titles` list next to a name ("Secretary General of Hezbollah",
"President Bashar Assad"). A statement whose number the excerpts give only as approximate
("some 5,000") drops the approximation: a note of its own kind, since a kind has one level.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.analysis.support import numbers
from briefing.analysis.support.context import Evidence
from briefing.analysis.support.judges import Finding, Judge
from briefing.analysis.support.names import ActorNames, folded
from briefing.analysis.support.numbers import Detail
from briefing.analysis.support.said import Said
from briefing.analysis.support.titles import flat_title
from briefing.analysis.support.unnamed import unnamed_in_excerpt
from briefing.analysis.support.words import Lexicon
from briefing.check.prose import LINK
from briefing.check.quotes import normal
from briefing.records.dates import parse_when
from briefing.records.model import Actor
from briefing.warning_kinds import WarningKind

_DATE_KINDS = ("day", "month", "year", "decade")
# After a name, words that make it say who speaks, not what happened: "a Hezbollah source".
_SPEAKER = re.compile(r"(?:\w+ )?(?:source|official|spokesman|spokesperson|spokeswoman) ")
_WORD = re.compile(r"\w[\w'’.]*")


@dataclass(frozen=True)
class _Given:
    """A detail an excerpt gives, and where; or a date a cited source was published."""

    detail: Detail
    evidence: Evidence
    published: bool = False


def detail_not_in_excerpt(said: Said, lexicon: Lexicon) -> Iterator[Finding]:
    standing = said.standing
    if not standing:
        return  # nothing to judge by: rests-on-retracted says why
    text = _readable(said)
    wanted = numbers.details(text)
    given = [g for e in standing for g in _given(e, lexicon)]
    missing: list[str] = []
    nearest: list[str] = []
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
        read = [folded(e.sentence + "\n" + e.read_in(lexicon)) for e in standing]
        missing += _names(said, text, read, lexicon) + _titles(text, read, lexicon)
    if missing:
        yield Finding(
            WarningKind.DETAIL_NOT_IN_EXCERPT,
            f"the {said.what} gives {_listed(missing)}, which no excerpt gives",
            "cite the words that give it, or leave it out; if it is your own inference, say so "
            "in a statement of its own, with `judgment:`",
            tuple(dict.fromkeys(nearest)),
        )


def _readable(said: Said) -> str:
    """The statement's words as judged: a link in a brief's prose ("[[iris-okafor]] leads
    the strike") points the reader to the record's own page, whose statements cite their
    own excerpts, so it is left out; a link's own label ("[[harbour-council|council]]")
    stays."""
    if "[[" not in said.text:
        return said.text
    return LINK.sub(lambda match: match.group(1).partition("|")[2], said.text)


def _once(wanted: list[Detail]) -> Iterator[Detail]:
    seen: set[tuple[str, tuple[int, ...]]] = set()
    for detail in wanted:
        if (detail.kind, detail.value) not in seen:
            seen.add((detail.kind, detail.value))
            yield detail


def _given(evidence: Evidence, lexicon: Lexicon) -> list[_Given]:
    found = [_Given(d, evidence) for d in numbers.details(evidence.read_in(lexicon))]
    when = parse_when(str(evidence.source.published))
    if when is not None:
        date, words = when.start, str(evidence.source.published)
        found.append(_Given(Detail("year", (date.year,), words, 0), evidence, published=True))
        if date.month:
            found.append(_Given(Detail("month", (date.month,), words, 0), evidence, True))
        if date.day:
            found.append(_Given(Detail("day", (date.month, date.day), words, 0), evidence, True))
    return found


def _supported(wanted: Detail, given: list[Detail]) -> bool:
    """Whether a number or date of the statement is among those its excerpts give: a month
    in any date of that month, a year in its decade ("the mid 2000s")."""
    month, year = wanted.value[0], wanted.value[0]
    if wanted.kind == "month":
        return any(d.kind in ("month", "day") and d.value[0] == month for d in given)
    if wanted.kind == "year":
        return any(
            d.value[0] == year
            if d.kind == "year"
            else d.kind == "decade" and 0 <= year - d.value[0] < 10
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


def _names(said: Said, text: str, read: list[str], lexicon: Lexicon) -> list[str]:
    """The actors the statement names that no excerpt names: not the page's own actor
    (unnamed-in-excerpt's), nor a name that says who speaks."""
    assert said.reader is not None
    own = said.record.record_id if isinstance(said.record, Actor) else None
    speakers = folded(" ".join(_speakers(said)))
    words = folded(text)
    missing = []
    for variant, actor in said.reader.names.in_text(words):
        if actor.actor_id == own or actor.named_in(speakers) or _speaks(words, variant):
            continue
        if not any(actor.named_in(window) for window in read) and not any(
            _described(e, actor, lexicon) for e in said.standing
        ):
            missing.append(f'the name "{_as_written(text, variant, actor)}"')
    return missing


def _described(evidence: Evidence, actor: ActorNames, lexicon: Lexicon) -> bool:
    """Whether the excerpt's sentence calls a person by a title the article gave after
    naming him ("the dead general's masterplan", "the fiery cleric intoned"): a person named
    before the excerpt, anywhere in the article, is then named."""
    if not actor.person:
        return False
    sentence = normal(evidence.sentence).lower()  # not folded: "the leaders" are no one
    titles = [re.escape(t) for t in lexicon["titles"].phrases if " " not in t]
    if not re.search(rf"\bthe (?:[\w-]+ ){{0,2}}(?:{'|'.join(titles)})\b(?!-)", sentence):
        return False
    return actor.named_in(folded(evidence.doc.text[: evidence.excerpt.start]))


def _speakers(said: Said) -> list[str]:
    cite = said.cited.cite if said.cited is not None else []
    return [words for c in cite for words in (c.speaker, c.via) if words]


def _speaks(words: str, variant: str) -> bool:
    """Whether each place a name stands in the statement says who speaks: "its Hezbollah
    source", "a US official"."""
    places = [m.end() for m in re.finditer(re.escape(f" {variant} "), words)]
    return bool(places) and all(_SPEAKER.match(words, end) for end in places)


def _as_written(text: str, variant: str, actor: ActorNames) -> str:
    """The actor's name as the statement writes it ("Kawtharani"), if it can be found."""
    spans = [m.span() for m in _WORD.finditer(text)]
    size = len(variant.split())
    for first in range(len(spans) - size + 1):
        written = text[spans[first][0] : spans[first + size - 1][1]]
        if folded(written).strip() == variant:
            return re.sub(r"['’]s?$|(?<=\w\w)\.$", "", written)
    return actor.label


def _titles(text: str, read: list[str], lexicon: Lexicon) -> list[str]:
    """A person's title next to a name that no excerpt gives: "head of Iran's Quds Force",
    "President Bashar Assad", "Hezbollah's representative"."""
    missing = []
    plain = normal(text)
    for match in lexicon["titles"].find(plain):
        after, before = (
            plain[match.end : match.end + 16],
            plain[max(0, match.start - 30) : match.start],
        )
        beside_a_name = re.match(r" (?:of (?:the )?)?(?:al-|el-)?[A-Z]", after) or re.search(
            r"[A-Z][\w-]*'s? $", before
        )
        title = folded(match.phrase)
        if beside_a_name and not any(title in window for window in read):
            missing.append(f'the title "{plain[match.start : match.end]}"')
    return missing


def _listed(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


JUDGES: list[Judge] = [unnamed_in_excerpt, detail_not_in_excerpt, flat_title]
