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
        alternatives = sorted({normal(p).lower() for p in self.phrases if normal(p)}, key=len)
        body = "|".join(re.escape(p) for p in reversed(alternatives)) or "(?!)"
        object.__setattr__(self, "_pattern", re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.I))

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
