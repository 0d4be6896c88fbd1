"""The word lists the support checks read: data files (words/*.txt) a project extends with
`support_words:` in briefing.yml ({list name: [phrases]}). Phrases match as whole words,
case and typography aside (check.quotes.normal)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

from briefing.check.quotes import normal
from briefing.records.settings import SUPPORT_LISTS, Settings

LISTS = SUPPORT_LISTS


def _read(name: str) -> list[str]:
    text = (resources.files("briefing.analysis.support") / "words" / f"{name}.txt").read_text(
        encoding="utf-8"
    )
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _trie(phrases: set[str]) -> str:
    """One pattern for the phrases, their common beginnings written once: "sa(?:id|ys?)".
    A plain alternation of fifty phrases is tried phrase by phrase at every character of a
    text (a statement of 1 MB took 70 ms a list); here a character that starts no phrase is
    passed at once. At each branch the longer continuation is tried first, as the longest
    phrase first was."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(root)


def _branches(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    branches = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@dataclass(frozen=True)
class Match:
    phrase: str
    start: int
    end: int


@dataclass(frozen=True)
class Words:
    """One list of phrases, matched as whole words."""

    phrases: tuple[str, ...]
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        phrases = {normal(p).lower() for p in self.phrases if normal(p)}
        body = _trie(phrases) or "(?!)"
        # the first characters first: a text is passed over three times faster than when
        # every character is first asked whether a word ends before it
        first = "".join(re.escape(char) for char in sorted({p[0] for p in phrases})) or "^\\s\\S"
        pattern = rf"(?=[{first}])(?<!\w)(?:{body})(?!\w)"
        object.__setattr__(self, "_pattern", re.compile(pattern, re.I))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Match]:
        """Every phrase in text[start:end] (text already in normal form, or plain)."""
        end = len(text) if end is None else end
        found = self._pattern.finditer(text, start, end)
        return [Match(m.group(), m.start(), m.end()) for m in found]

    def first(self, text: str) -> Match | None:
        found = self._pattern.search(text)
        return Match(found.group(), found.start(), found.end()) if found else None


@dataclass(frozen=True)
class Lexicon:
    """Every list, with the project's additions."""

    extra: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def lists(self) -> dict[str, Words]:
        return {name: Words((*_read(name), *self.extra.get(name, ()))) for name in LISTS}

    def __getitem__(self, name: str) -> Words:
        return self.lists[name]

    @classmethod
    def of(cls, settings: Settings) -> Lexicon:
        return cls({name: tuple(words) for name, words in settings.support_words.items()})
