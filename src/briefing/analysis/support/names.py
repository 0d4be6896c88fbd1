"""Names as the support checks match them: an actor's name and aliases, typography-blind.

"Kata'ib", "Kata’ib" and "Kataib" are one word, as are "al-Ameri", "Al Ameri" and
"Al-Ameri", "U.S." and "US", "Nasrallah" and "Nasrallah's", "Guards" and "Guard". A name
matches as whole words of the text folded so (`folded`), never by a fuzzy threshold: an
actor's variants are its name and aliases, each part of a name in brackets ("Mahdi Army
(Saraya al-Salam)"), a person's surname, and the tail of a long name ("Harbour Council" of
"Portville Harbour Council"). A government is also named by its country, as an excerpt
calls a minister "Iraqi" ("Iraqi Prime Minister al-Kadhimi"), and by its institution's noun
alone, as an article about the country writes it ("backed by parliament").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from briefing.check.quotes import normal
from briefing.records.model import Actor

_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_POSSESSIVE = re.compile(r"(?<=\w)'s?(?!\w)")
_INNER_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_INITIAL_DOT = re.compile(r"(?<=(?<![\w.])\w)\.")
_NOT_WORD = re.compile(r"[\W_]+")
# A plural s, of a word of four letters or more that does not end in "ss": "guards", not "its"
_PLURAL = re.compile(r"(?<=[^\W_]{3})(?<!s)s(?![^\W_])")
_BRACKETED = re.compile(r"\(([^()]*)\)")  # no "(" inside: linear, whatever the brackets
# Words a name's tail may not start with: "of Yemen" is no name, nor "al-Haq" alone.
_NOT_A_START = frozenset(["of", "the", "and", "al", "el", "de", "for", "in", "on"])
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|an|ar|as|at)-", re.I)
_GENERIC_GOVERNMENT = frozenset(["government", "administration", "cabinet", "of", "the"])


@functools.lru_cache(maxsize=16384)
def folded(text: str) -> str:
    """Text as names are compared: lower case, no diacritics, no apostrophes or possessive
    's, no dots after initials, a plural s dropped, words between single spaces, and a
    space at either end (so that ' word ' in it is a whole word). Kept for the last few
    thousand texts: one sentence is read for every statement that cites it."""
    plain = normal(text)
    if not plain.isascii():
        plain = _COMBINING.sub("", unicodedata.normalize("NFKD", plain))
    plain = _POSSESSIVE.sub("", plain.casefold())
    plain = _INNER_APOSTROPHE.sub("", plain)
    plain = _INITIAL_DOT.sub("", plain)
    plain = _PLURAL.sub("", _NOT_WORD.sub(" ", plain)).strip()
    return f" {plain} "


def _parts(name: str) -> list[str]:
    """A name and each part of it in brackets: 'Mahdi Army (Saraya al-Salam)' is both."""
    inside = _BRACKETED.findall(name)
    return [part for part in [_BRACKETED.sub(" ", name).strip(), *inside] if part]


MAX_NAME_WORDS = 12  # a longer "name" is a title or a sentence: no tail of it names it


def _tails(words: list[str]) -> Iterable[str]:
    """The tails of two words or more of a name of three to MAX_NAME_WORDS words (each tail
    is the rest of the name: a name of thousands of words had the square of them)."""
    if len(words) > MAX_NAME_WORDS:
        return
    for start in range(1, len(words) - 1):
        if words[start] not in _NOT_A_START:
            yield " ".join(words[start:])


def _surname(name: str) -> str:
    """A person's last name, its article left off: 'Hadi al-Ameri' -> 'Ameri'."""
    last = _BRACKETED.sub(" ", name).split()[-1] if name.split() else ""
    return _ARTICLE_PREFIX.sub("", last)


def _demonyms(place: str) -> list[str]:
    """A one-word place and the adjectives most places form by a suffix: Iraq, Iraqi;
    Iran, Iranian; Syria, Syrian. (Lebanese is not guessed: add it as an alias.)"""
    return [place, place + "i", place + "ian", place + "n", place + "an"]


@dataclass(frozen=True)
class ActorNames:
    """The ways one actor is named, folded (see `folded`)."""

    actor_id: str
    label: str  # the name messages give
    strict: frozenset[str]  # its name, aliases, their parts and tails, a person's surname
    loose: frozenset[str]  # also: a state's adjective, a government's country
    heads: frozenset[str]  # what "the ..." calls a group by: "council" of "Harbour Council"
    person: bool = False

    def named_in(self, text: str, loose: bool = True) -> bool:
        """Whether a folded text names the actor."""
        return any(f" {variant} " in text for variant in (self.loose if loose else self.strict))


def actor_names(actor: Actor) -> ActorNames:
    strict: set[str] = set()
    for name in [actor.name, *actor.aliases]:
        for part in _parts(name):
            words = folded(part).split()
            if words:
                strict.add(" ".join(words))
                strict.update(_tails(words))
    if actor.kind == "person":
        surname = folded(_surname(actor.name)).strip()
        if len(surname) > 2:
            strict.add(surname)
    loose = set(strict)
    if actor.kind == "state":
        loose.update(d for v in strict if " " not in v for d in _demonyms(v))
    if actor.kind == "government":
        loose.update(_country_words(strict))
        loose.update(_heads(strict))
    heads = frozenset() if actor.kind == "person" else _heads(strict)
    return ActorNames(
        actor.record_id,
        actor.name,
        frozenset(strict),
        frozenset(loose),
        heads,
        actor.kind == "person",
    )


def _heads(variants: Iterable[str]) -> frozenset[str]:
    """The noun each name of two words or more ends on, or names before "of": "council"
    of "harbour council", "government" of "government of iraq"."""
    found = set()
    for variant in variants:
        words = variant.split()
        if len(words) > 1:
            found.add(words[words.index("of") - 1] if "of" in words[1:] else words[-1])
    return frozenset(found)


def _country_words(variants: Iterable[str]) -> set[str]:
    """The country of a government's name ('Government of Iraq', 'Iraqi government'),
    with its adjective: a minister called "Iraqi" belongs to the Government of Iraq."""
    found: set[str] = set()
    for variant in variants:
        words = variant.split()
        if "government" in words:
            for word in words:
                if word not in _GENERIC_GOVERNMENT:
                    found.update(_demonyms(word))
    return found


class Names:
    """The names of a project's actors, each actor's made once per check when first asked
    (`get`), every actor's when a judge first looks for any name in a text (`in_text`)."""

    def __init__(self, actors: Mapping[str, Actor]) -> None:
        self.actors = actors
        self._made: dict[str, ActorNames | None] = {}
        self._first_named: dict[str, dict[str, int]] = {}
        # the last few thousand texts read, for this check only: one excerpt's paragraph is
        # read for each statement that cites it
        self.in_text = functools.lru_cache(maxsize=4096)(self._in_text)

    def get(self, actor_id: str) -> ActorNames | None:
        if actor_id not in self._made:
            actor = self.actors.get(actor_id)
            self._made[actor_id] = actor_names(actor) if actor is not None else None
        return self._made[actor_id]

    @cached_property
    def _strict(self) -> dict[str, list[tuple[str, ActorNames]]]:
        return self._index(loose=False)

    @cached_property
    def _loose(self) -> dict[str, list[tuple[str, ActorNames]]]:
        return self._index(loose=True)

    def _index(self, loose: bool) -> dict[str, list[tuple[str, ActorNames]]]:
        """Each variant of every actor, by its first word: a text is read once, word by
        word, whatever the number of actors."""
        index: dict[str, list[tuple[str, ActorNames]]] = {}
        for actor_id in self.actors:
            names = self.get(actor_id)
            if names is None:
                continue
            for variant in names.loose if loose else names.strict:
                index.setdefault(variant.split()[0], []).append((f" {variant} ", names))
        return index

    def _in_text(self, text: str, loose: bool = False) -> dict[str, Named]:
        """The actors a folded text names, by id, in the order they first stand, with
        where each naming ends."""
        index = self._loose if loose else self._strict
        found: dict[str, Named] = {}
        for match in re.finditer(r" (\w+)(?= )", text):
            for variant, names in index.get(match.group(1), ()):
                if text.startswith(variant, match.start()):
                    end = match.start() + len(variant) - 1
                    named = found.setdefault(names.actor_id, Named(names, variant.strip(), []))
                    named.ends.append(end)
        return found

    def first_named(self, key: str, text: str, starts: list[int]) -> dict[str, int]:
        """Where each actor is first named in a text of paragraphs (`starts`): the start of
        the paragraph; worked out once per text (`key`)."""
        if key not in self._first_named:
            first: dict[str, int] = {}
            for number, start in enumerate(starts):
                end = starts[number + 1] if number + 1 < len(starts) else len(text)
                for actor_id in self.in_text(folded(text[start:end]), loose=True):
                    first.setdefault(actor_id, start)
            self._first_named[key] = first
        return self._first_named[key]


@dataclass(frozen=True)
class Named:
    """An actor a text names: the variant that names it first, and where each naming ends
    in the folded text (at the space after its last word)."""

    actor: ActorNames
    variant: str
    ends: list[int]
