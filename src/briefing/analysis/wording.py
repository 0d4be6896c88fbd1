"""A statement's words before and after a change, compared word by word as a wiki's history
compares two versions: the words both keep, the words the old wording had and the new one
lost, and the words the new one brought.

The views mark the changed words (the site with <del> and <ins>, the PDF struck and
underlined), each from the words themselves, escaped as any text of a record.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

# A stretch of words, and whether it changed: (True, "this year") in the old wording is
# deleted, in the new one inserted.
Run = tuple[bool, str]

# A single short word that both wordings keep between two changes ("the", "of", "a") is
# shown as changed: "<del>this</del> the <del>year</del>" reads worse than the whole phrase.
_GLUE = 3  # characters


@dataclass(frozen=True)
class Rewording:
    """The old wording and the new, each as its runs of kept and changed words."""

    before: tuple[Run, ...]
    now: tuple[Run, ...]


def same_words(one: object, other: object) -> bool:
    """Whether two wordings say the same words: spaces and line breaks do not count."""
    return str(one or "").split() == str(other or "").split()


def reworded(old: str, new: str) -> Rewording:
    """The two wordings, word by word (difflib's longest matching blocks, each word whole)."""
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    chunks: list[tuple[bool, list[str], list[str]]] = []
    for tag, i1, i2, j1, j2 in _glued(matcher.get_opcodes(), old_words):
        changed = tag != "equal"
        if chunks and changed and chunks[-1][0]:
            chunks[-1][1].extend(old_words[i1:i2])
            chunks[-1][2].extend(new_words[j1:j2])
        else:
            chunks.append((changed, old_words[i1:i2], new_words[j1:j2]))
    return Rewording(
        tuple((changed, " ".join(words)) for changed, words, _ in chunks if words),
        tuple((changed, " ".join(words)) for changed, _, words in chunks if words),
    )


def _glued(
    opcodes: Sequence[tuple[str, int, int, int, int]], old_words: list[str]
) -> list[tuple[str, int, int, int, int]]:
    """The opcodes, with a lone short word kept between two changes counted as changed."""
    found = list(opcodes)
    for n in range(1, len(found) - 1):
        tag, i1, i2, _, _ = found[n]
        if tag == "equal" and i2 - i1 == 1 and len(old_words[i1]) <= _GLUE:
            found[n] = ("replace", *found[n][1:])
    return found


def words_of(runs: tuple[Run, ...]) -> str:
    """The wording the runs make, unmarked."""
    return " ".join(words for _, words in runs)
