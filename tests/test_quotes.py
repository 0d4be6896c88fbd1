"""Normalisation forgives typography and nothing else; matches map back to the source."""

from __future__ import annotations

from random import Random

import pytest

from briefing.check.quotes import (
    ELISION_WINDOW,
    Span,
    after_prefix,
    all_starts,
    closest_passage,
    find_spans,
    normal,
    normalise,
    pin,
    quote_parts,
    word_count,
    word_starts,
)

SOURCE = (
    "On January 5 \u2013 days after Soleimani\u2019s death \u2013 Hezbollah Secretary General "
    "Sayyed Hasan Nasrallah said the \u201cresistance groups\u201d would react in their own way."
)


def found(quote: str, text: str = SOURCE) -> bool:
    return bool(find_spans(normalise(text).text, quote_parts(quote)))


@pytest.mark.parametrize(
    "quote",
    [
        "days after Soleimani's death",  # straight apostrophe for a curly one
        "days after Soleimani\u2019s death",
        'Nasrallah said the "resistance groups" would react',  # straight double quotes
        "January 5 - days after",  # hyphen for an en dash
        "January 5 \u2014 days after",  # em dash for an en dash
        "January 5\n  -\tdays after",  # line breaks and runs of white space
        "Secretary General\u00a0Sayyed Hasan",  # no-break space
        "Sayyed Hasan Nas\u00adrallah said",  # soft hyphen
        "\u200fHezbollah Secretary General Sayyed",  # a bidi mark
        "Hezbollah Secretary General Sayyed".replace("f", "\ufb01"),  # NFKC (no change here)
    ],
)
def test_typographic_variants_match(quote: str) -> None:
    assert found(quote)


def test_compatibility_characters_match() -> None:
    assert found("the \ufb01rst of the meetings", "It was the first of the meetings.")


@pytest.mark.parametrize(
    "quote",
    [
        "On January 6 \u2013 days after",  # a number changed
        "days after Suleimani's death",  # a name spelt otherwise
        "Hezbollah Secretary-General Sayyed",  # a hyphen where the source has a space
        "hezbollah secretary general sayyed",  # case
        "Hasan Nasrallah said that the",  # a word added
        "Nasrallah said resistance groups would react",  # quotation marks dropped
        "the resistance groups would react",  # a word moved
    ],
)
def test_changed_words_numbers_and_names_never_match(quote: str) -> None:
    assert not found(quote)


def test_offsets_map_back_to_the_original_text() -> None:
    text = normalise(SOURCE)
    for word in ("days", "Hezbollah", "resistance", "react"):
        assert SOURCE[text.original_offset(text.text.index(word)) :].startswith(word)


def test_elided_parts_match_in_order_and_close_together() -> None:
    assert found("Hezbollah Secretary General ... would react in their own way")
    assert found("Hezbollah Secretary General \u2026 would react in their own way")
    assert not found("would react in their own way ... Hezbollah Secretary General")
    far = "It began here. " + "x " * ELISION_WINDOW + "It ended there."
    assert not found("It began here ... It ended there", far)
    assert found("It began here ... x x x", far)


def test_word_count_skips_elisions() -> None:
    assert quote_parts("one two ... three \u2026 four") == ["one two", "three", "four"]
    assert word_count(quote_parts("one two ... three")) == 3


def test_prefix_and_suffix_pin_one_of_several_places() -> None:
    text = normal("He said yes. Then she said yes. He said no.")
    spans = find_spans(text, ["said"])
    assert len(spans) == 3
    pinned_spans = pin(text, spans, "she", "yes")
    assert [s.start for s in pinned_spans] == [text.index("she said") + 4]


def test_closest_passage_is_the_most_similar_words() -> None:
    text = normal(SOURCE)
    span = closest_passage(text, "Nasrallah said the resistance group would act")
    assert "Nasrallah said the" in text[span.start : span.end]


def test_every_start_is_found_even_where_a_part_overlaps_itself() -> None:
    # The search steps a period at a time through overlapping starts: compare it with the
    # plain search from every position, on texts made of few letters (many overlaps).
    random = Random(7)
    for _ in range(3000):
        text = "".join(random.choice("ab ") for _ in range(random.randint(0, 40)))
        part = "".join(random.choice("ab ") for _ in range(random.randint(1, 6)))
        every = [i for i in range(len(text)) if text.startswith(part, i)]
        assert list(all_starts(text, part)) == every, (text, part)


def places_one_by_one(text: str, parts: list[str], firsts: list[int] | None) -> list[Span]:
    """An elided quote's places as the rule says, from every start of its first part:
    each later part at its first start after the part before, within the window; the next
    place only after the last one's end."""
    starts = [word_starts(text, part) for part in parts]
    places: list[Span] = []
    for first in starts[0]:
        if (places and first < places[-1].end) or (firsts is not None and first not in firsts):
            continue
        end = first + len(parts[0])
        for part, later in zip(parts[1:], starts[1:], strict=True):
            following = [start for start in later if start >= end]
            if not following or following[0] > end + ELISION_WINDOW:
                break
            end = following[0] + len(part)
        else:
            places.append(Span(first, end))
    return places


def test_elided_places_are_those_of_the_rule_one_by_one() -> None:
    # The search skips ahead where a part stands too far on: compare it with trying every
    # start of the first part, on texts of few words with gaps wider than the window.
    random = Random(11)
    words = ["a", "b", "a b", "b a", "z" * 100, "z" * 150, "z" * 320]
    for _ in range(4000):
        text = " ".join(random.choices(words, [6, 6, 2, 2, 2, 1, 1], k=random.randint(0, 40)))
        parts = [" ".join(random.choices("ab", k=random.randint(1, 3))) for _ in range(4)]
        parts = parts[: random.randint(2, 4)]
        assert find_spans(text, parts) == places_one_by_one(text, parts, None), (text, parts)
        firsts = sorted(random.sample(range(len(text) + 1), k=min(len(text) + 1, 5)))
        assert find_spans(text, parts, firsts) == places_one_by_one(text, parts, firsts)


def test_a_prefix_pins_an_elided_quote_overlapping_the_place_before() -> None:
    text = normal("He said that we go and then she said that we go and then stop.")
    parts = quote_parts("said that ... and then")
    assert len(find_spans(text, parts)) == 2
    pinned = find_spans(text, parts, after_prefix(text, "she"))
    assert [text[span.start : span.end] for span in pinned] == ["said that we go and then"]
    assert pinned[0].start == text.index("she said") + 4


def test_closest_passage_of_a_long_quote_in_a_long_text() -> None:
    filler = " ".join(f"word{n}" for n in range(4000))
    passage = " ".join(f"told the council members {n} times" for n in range(12))
    text = normal(f"{filler} {passage} {filler}")
    quote = passage.replace("members 5 times", "member 5 times")
    span = closest_passage(text, quote)
    assert "told the council members 5 times" in text[span.start : span.end]


@pytest.mark.parametrize("quote", ["\u200b\u200b", "\u202e", "...", " \u2026 ", "\u00ad"])
def test_a_quote_of_no_visible_words_stands_nowhere(quote: str) -> None:
    assert quote_parts(quote) == []
    assert find_spans(normalise(SOURCE).text, quote_parts(quote)) == []
