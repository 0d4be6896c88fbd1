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
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from briefing.check.quotes import normal
from briefing.records.model import Actor

_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Each pattern starts with the character it is about, its look behind after it: the engine
# then skips to that character, where a look behind first is tried at every character.
_POSSESSIVE = re.compile(r"'(?<=\w')s?(?!\w)")  # an apostrophe after a letter
_INNER_APOSTROPHE = re.compile(r"'(?<=\w')(?=\w)")
_INITIAL_DOT = re.compile(r"\.(?<=(?<![\w.])\w\.)")  # the dot after a letter alone: "U.S."
_NOT_WORD = re.compile(r"[\W_]+")
# A plural s, of a word of four letters or more that does not end in "ss": "guards", not "its"
_PLURAL = re.compile(r"s(?<=[^\W_]{3}s)(?<!ss)(?![^\W_])")
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


# What an actor is named by: its id, its names (its name, then its aliases), its kind
Naming = tuple[str, list[str], str]


def actor_names(actor: Actor) -> ActorNames:
    return names_of_actor((actor.record_id, [actor.name, *actor.aliases], actor.kind))


def names_of_actor(naming: Naming) -> ActorNames:
    actor_id, names, kind = naming
    strict: set[str] = set()
    for name in names:
        for part in _parts(name):
            words = folded(part).split()
            if words:
                strict.add(" ".join(words))
                strict.update(_tails(words))
    if kind == "person":
        surname = folded(_surname(names[0])).strip()
        if len(surname) > 2:
            strict.add(surname)
    loose = set(strict)
    if kind == "state":
        loose.update(d for v in strict if " " not in v for d in _demonyms(v))
    if kind == "government":
        loose.update(_country_words(strict))
        loose.update(_heads(strict))
    heads = frozenset() if kind == "person" else _heads(strict)
    return ActorNames(
        actor_id, names[0], frozenset(strict), frozenset(loose), heads, kind == "person"
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


# A variant's words, one node a word; the variants that end at a node, under _ENDS: the rank
# of each variant, the length of " variant", the variant, its actor's names; and under _IDS
# the ids of their actors (a surname that ends the variants of sixty actors is one set)
_ENDS = " "  # never a word: the words are split at spaces
_IDS = "  "
_Trie = dict[str, Any]


def _reached(node: _Trie, words: list[str], after: int, last: int) -> list[_Trie]:
    """The nodes a walk passes from a word's (`node`) on with the words from `after`, each
    followed by a space in the text (so, ending before `last`), where some variant ends."""
    reached = [node] if _ENDS in node else []
    while after < last:
        following: _Trie | None = node.get(words[after])
        if following is None:
            break
        node = following
        if _ENDS in node:
            reached.append(node)
        after += 1
    return reached


def _matched(
    node: _Trie, words: list[str], after: int, last: int
) -> list[tuple[int, int, str, ActorNames]]:
    """The variants that start at a word (whose node is `node`) and go on with the words
    from `after` (see `_reached`)."""
    return [end for one in _reached(node, words, after, last) for end in one[_ENDS]]


_TEXTS_KEPT = 4096

# The names of the last check's actors, as that check made them: (what they were made from,
# each actor's, the tries). `serve` checks after each edit, and an edit seldom changes an
# actor's names: at 10,000 sources, making them took a tenth of a check after an edit.
_LAST: list[Any] = []


class Names:
    """The names of a project's actors, each actor's made once per check when first asked
    (`get`), every actor's when a judge first looks for any name in a text (`in_text`)."""

    def __init__(self, namings: Iterable[Naming]) -> None:
        # by id, in the order of the actors (a check after an edit gives them from the facts
        # of each file, without reading the file: see incremental.recheck)
        self.namings = {naming[0]: naming for naming in namings}
        self._key = tuple((i, tuple(names), kind) for i, names, kind in self.namings.values())
        self._made: dict[str, ActorNames | None] = {}
        self._tries: dict[bool, _Trie] = {}
        if _LAST and _LAST[0] == self._key:  # the names of the last check's actors
            self._made, self._tries = _LAST[1], _LAST[2]
        else:
            _LAST[:] = [self._key, self._made, self._tries]
        # the texts read, for this check only (one excerpt's paragraph is read for each
        # statement that cites it), forgotten every few thousand; a dict, not an lru_cache
        # of a bound method, whose cycle outlived the check (the collector is held off)
        self._read: dict[tuple[str, bool], dict[str, Named]] = {}
        self._ids: dict[tuple[str, bool], set[str]] = {}

    def in_text(self, text: str, loose: bool = False) -> dict[str, Named]:
        """The actors a folded text names (see `_in_text`)."""
        key = (text, loose)
        if key not in self._read:
            if len(self._read) >= _TEXTS_KEPT:
                self._read.clear()
            self._read[key] = self._in_text(text, loose)
        return self._read[key]

    def get(self, actor_id: str) -> ActorNames | None:
        if actor_id not in self._made:
            naming = self.namings.get(actor_id)
            self._made[actor_id] = names_of_actor(naming) if naming is not None else None
        return self._made[actor_id]

    @property
    def _strict(self) -> _Trie:
        return self._trie(loose=False)

    @property
    def _loose(self) -> _Trie:
        return self._trie(loose=True)

    def _trie(self, loose: bool) -> _Trie:
        if loose not in self._tries:
            self._tries[loose] = self._index(loose)
        return self._tries[loose]

    def _index(self, loose: bool) -> _Trie:
        """Each variant of every actor, word by word: a text is read once, word by word,
        and at each word only the variants that go on with the words after it are tried,
        whatever the number of actors that share a first word."""
        trie: _Trie = {}
        rank = 0  # the order variants are tried in where several start at one word
        for actor_id in self.namings:
            names = self.get(actor_id)
            if names is None:
                continue
            for variant in names.loose if loose else names.strict:
                node = trie
                for word in variant.split():
                    node = node.setdefault(word, {})
                node.setdefault(_ENDS, []).append((rank, len(variant) + 1, variant, names))
                node.setdefault(_IDS, set()).add(names.actor_id)
                rank += 1
        return trie

    def ids_in_text(self, text: str) -> set[str]:
        """The ids of the actors a folded text names loosely (as `in_text`, without where):
        an excerpt's reading is looked through for every actor at once."""
        key = (text, True)
        if key not in self._ids:
            if len(self._ids) >= _TEXTS_KEPT:
                self._ids.clear()
            trie, found = self._loose, set[str]()
            words = text.split(" ")
            last = len(words) - 1
            for number in [n for n in range(1, last) if words[n] in trie]:
                for node in _reached(trie[words[number]], words, number + 1, last):
                    found |= node[_IDS]
            self._ids[key] = found
        return self._ids[key]

    def _in_text(self, text: str, loose: bool = False) -> dict[str, Named]:
        """The actors a folded text names, by id, in the order they first stand, with
        where each naming ends (each variant matched as whole words between single
        spaces, as ` {variant} ` in the text)."""
        trie = self._loose if loose else self._strict
        found: dict[str, Named] = {}
        words = text.split(" ")
        last = len(words) - 1  # a word is followed by a space up to the last
        starts: list[int] = []  # where each word starts, worked out at the first name
        for number in [n for n in range(1, last) if words[n] in trie]:
            if not starts:
                starts = [0, *itertools.accumulate(len(word) + 1 for word in words)]
            matched = _matched(trie[words[number]], words, number + 1, last)
            for _, length, variant, names in sorted(matched):
                named = found.setdefault(names.actor_id, Named(names, variant, []))
                named.ends.append(starts[number] - 1 + length)
        return found


def folded_before(text: str, starts: list[int], offset: int) -> str:
    """The paragraphs of a text of paragraphs (`starts`) that start before `offset`, each
    folded: an actor is named in one of them if it is named in this (ActorNames.named_in:
    no name runs across two, which the spaces at either end of each keep apart)."""
    ends = [*starts[1:], len(text)]
    return "".join(
        folded(text[start:end]) for start, end in zip(starts, ends, strict=True) if start < offset
    )


@dataclass(frozen=True)
class Named:
    """An actor a text names: the variant that names it first, and where each naming ends
    in the folded text (at the space after its last word)."""

    actor: ActorNames
    variant: str
    ends: list[int]
