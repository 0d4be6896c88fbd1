"""A quote, and each part of an elided quote, begins and ends at word edges of its source.

Only `find_spans`, `normalise` and `quote_parts` are used, so that these tests also run
against a version of the checker from before the rule (each "not found" case fails there).
"""

from __future__ import annotations

import pytest

from briefing.check.quotes import find_spans, normalise, quote_parts

SOURCE = (
    "Analysts called the unstable Middle East a worry for (Hezbollah) and Hezbollah's "
    "allies; non-violent protests drew 1,000 people and 3.5 percent, said the cafe\u0301 "
    "owner. \u0642\u0627\u0644 \u062d\u0632\u0628\u064f \u0627\u0644\u0644\u0647\u0650 "
    "\u0625\u0646\u064e\u0651 \u0627\u0644\u0647\u062c\u0648\u0645 \u0643\u0627\u0646"
)


def found(quote: str, text: str = SOURCE) -> bool:
    return bool(find_spans(normalise(text).text, quote_parts(quote)))


@pytest.mark.parametrize(
    "quote",
    [
        "called the unstable Middle East",
        "a worry for (Hezbollah)",  # punctuation at the quote's edge
        "worry for (Hezbollah",
        "Hezbollah) and Hezbollah",  # "Hezbollah" is whole in "Hezbollah's"
        "and Hezbollah's allies; non-violent protests",
        "violent protests drew 1,000 people",  # a hyphen separates words (see FORMAT.md)
        "drew 1,000 people and 3.5 percent,",
        "said the caf\u00e9 owner.",  # composed, the source decomposed: one letter either way
        "\u062d\u0632\u0628\u064f \u0627\u0644\u0644\u0647\u0650 \u0625\u0646\u064e\u0651",
        "the unstable Middle East ... 1,000 people and 3.5 percent",
    ],
)
def test_whole_words_are_found(quote: str) -> None:
    assert found(quote)


@pytest.mark.parametrize(
    "quote",
    [
        "stable Middle East a worry",  # inside "unstable": the meaning inverted
        "called the unstable Middle Ea",
        "ezbollah) and Hezbollah's allies",
        "(Hezbollah) and Hezbollah's allie",
        "protests drew 1",  # inside the number "1,000"
        "000 people and 3",
        "3.5 percent, said the caf",  # inside "café", an accented letter
        "afe\u0301 owner.",
        # Arabic without the harakat that ends the word: a mark is part of its word
        "\u0642\u0627\u0644 \u062d\u0632\u0628",
        "\u0632\u0628\u064f \u0627\u0644\u0644\u0647\u0650 \u0625\u0646\u064e\u0651",
        "the unstable Middle East ... rew 1,000 people",  # one part of an elided quote
        "nstable Middle East ... drew 1,000 people",
    ],
)
def test_a_quote_that_cuts_a_word_is_not_found(quote: str) -> None:
    assert not found(quote)


def test_a_later_whole_word_place_is_found_after_cut_ones() -> None:
    text = "unstable peace, unstable peace, then a stable peace held."
    (span,) = find_spans(normalise(text).text, ["stable peace"])
    assert span.start == text.index("a stable") + 2


def test_each_elided_part_takes_its_first_whole_word_place() -> None:
    text = "The talks began. Delegates were unhappy. Delegates were happy at last."
    spans = find_spans(normalise(text).text, ["The talks began", "were happy at last"])
    assert [text[s.start : s.end] for s in spans] == [text[: text.index(" at last") + 8]]
