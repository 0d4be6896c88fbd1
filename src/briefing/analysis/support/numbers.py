"""The numbers and dates a text gives, normalised: "5,000", "5000" and "five thousand" are
5000; "Jan. 9", "9 January", "January 9" and "2020-01-09" are the 9th of January; "2020" is
a year and "the mid 2000s" a decade.

A number that counts reports or sources ("two origins", "three reports") is left out: the
counts are the agreement check's (counts.py). A number after "some", "about", "nearly" is
approximate, and says so.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from briefing.check.quotes import normalise

_MONTH_WORDS = (
    "january february march april may june july august september october november december"
)
_MONTH_NAMES = _MONTH_WORDS.split()
# Each month's name and its short forms ("Sept." too), lower case -> its number.
MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
}
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# "May" is left out of a month named alone: "it may" is no date.
_FULL_MONTH = "(?P<month>" + "|".join(m.title() for m in _MONTH_NAMES if m != "may") + ")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
_DATES = [
    re.compile(rf"\b{_YEAR}-(?P<mm>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_DAY} (?:of )?{_MONTH}(?:,? {_YEAR})?(?![\w-])"),
    re.compile(rf"\b{_MONTH} {_DAY}(?![\d-])(?:,? {_YEAR}\b)?"),
    re.compile(rf"\b{_MONTH} (?:of )?{_YEAR}\b"),
    # A month alone only after a word that asks for a time: "in January", not "a March of".
    re.compile(
        rf"(?i:\b(?:in|on|by|since|until|till|from|to|early|mid|late|last|next|of|through)"
        rf"[ -]){_FULL_MONTH}\b"
    ),
]
_YEAR_DIGITS = re.compile(r"1[5-9]\d\d|20\d\d")  # in every year's words
_YEARS = re.compile(rf"(?<![\d,.])(?:mid[ -])?{_YEAR}(?P<decade>s)?(?!\w|[,.]\d)")
_UNITS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_SMALL = {word: value for value, word in enumerate(_ONES.split())}
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_TENS = {word: 10 * value for value, word in enumerate(_TEN_WORDS.split(), 2)}
_NUMBER_WORD = "|".join([*_SMALL, *_TENS, *_UNITS])
_NUMBERS_PATTERN = (
    rf"(?<![\w.,])(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?: (?P<unit>hundred|thousand|million|billion)\b)?(?!\w|[,.]\d)"
    rf"|\b(?P<words>(?:{_NUMBER_WORD})(?:(?:[ -]|-| and )(?:{_NUMBER_WORD}))*)\b"
)
_NUMBERS = re.compile(_NUMBERS_PATTERN, re.I)
# The same, case-sensitive, for a text whose ASCII letters are made lower case (`_lower`):
# the regular expression engine scans for a pattern's first letters only without re.I, which
# made the search of every paragraph for numbers five times slower.
_NUMBERS_LOWER = re.compile(_NUMBERS_PATTERN)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# The letters outside ASCII that re.I matches to ASCII letters ("ı" to "i", "ſ" to "s")
_CASE_TWINS = ("\u0130", "\u0131", "\u017f", "\u212a")
# Every date pattern but the first has a month, and so one of these
_MONTH_STARTS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Words that make a number approximate when they stand just before it.
_APPROXIMATE = re.compile(
    r"(?:\b(?:some|about|around|approximately|roughly|nearly|almost|over|under|more than|"
    r"less than|fewer than|up to|at least|at most|an estimated|estimated|close to|a couple|"
    r"a couple of|a few|several|upwards of|circa|c\.|~)\s*)$",
    re.I,
)
# What a count of reports counts: "two origins", "two groups of anonymous sources"; and a
# count that stands for them: "and three that he worked", "two agree".
_COUNTED = re.compile(
    r"(?:[\w'’-]+ ){0,3}?(?:origins?|reports?|sources?|outlets?|accounts?|articles?|"
    r"versions?|witness(?:es)?|officials?)\b"
    r"|(?:that|who|which|agree|agreed|disagree|differ|say|said|report|reported|name|call)\b",
    re.I,
)
# Before a number: "the two allied", "both", a place in a document ("lines 92 to 160"): it
# refers to what was counted before, or to the text itself, and gives no detail.
_REFERRING = re.compile(r"(?:\b(?:the|both|lines?|pages?|paragraphs?|p\.|pp\.)|\d to) $", re.I)


@dataclass(frozen=True)
class Detail:
    """A number or a date as a text gives it."""

    kind: str  # "number", "day" (a month and day), "month", "year", "decade"
    value: tuple[int, ...]  # (n,), (month, day), (month,), (year,), (first year,)
    words: str  # as written
    start: int  # where it stands in the text it was found in
    approximate: str = ""  # the words that make it approximate: "some", "nearly"

    def shown(self) -> str:
        return f'"{self.approximate}{self.words}"'


@functools.lru_cache(maxsize=4096)
def details(text: str) -> tuple[Detail, ...]:
    """`details_of` a text, kept for the last few thousand texts: a statement's words are
    read by more than one judge (a source's paragraphs are kept by context.SourceDoc)."""
    return details_of(text)


def details_of(text: str) -> tuple[Detail, ...]:
    """The numbers and dates of a text, left to right, each once."""
    normal = normalise(text)
    plain = normal.text
    moved = normal.moves_offsets
    found: list[Detail] = []
    taken = bytearray(len(plain) + 1)  # 1 where a date, year or number found first stands
    for given, (start, end) in [*_dates(plain), *_years(plain), *_numbers(plain)]:
        if not any(taken[start:end]):
            if moved:
                given = [replace(d, start=normal.original_offset(d.start)) for d in given]
            found += given
            taken[start:end] = b"\1" * (end - start)
    return tuple(sorted(found, key=lambda d: d.start))


Found = tuple[list[Detail], tuple[int, int]]  # what one match gives, and where it stands


def _dates(text: str) -> Iterator[Found]:
    if "-" in text:
        yield from _dates_of(text, _DATES[:1])
    if any(month in text for month in _MONTH_STARTS):
        yield from _dates_of(text, _DATES[1:])


def _dates_of(text: str, patterns: list[re.Pattern[str]]) -> Iterator[Found]:
    for pattern in patterns:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("mm"):
                month = int(groups["mm"])
            else:
                month = MONTHS[groups["month"].lower().rstrip(".")]
            words, start = match.group(), match.start()
            given = [
                Detail("day", (month, int(groups["day"])), words, start)
                if groups.get("day")
                else Detail("month", (month,), words, start)
            ]
            if groups.get("year"):
                given.append(Detail("year", (int(groups["year"]),), words, start))
            yield given, match.span()


def _years(text: str) -> Iterator[Found]:
    if _YEAR_DIGITS.search(text) is None:  # (found fast: the pattern starts with a digit)
        return
    for match in _YEARS.finditer(text):
        kind = "decade" if match.group("decade") else "year"
        year = int(match.group("year"))
        yield [Detail(kind, (year,), match.group(), match.start())], match.span()


def _lower(text: str) -> tuple[str, re.Pattern[str]]:
    """The text to search for numbers, and the pattern to search it with: its ASCII letters
    made lower case, if re.I would match no other letter of it to them (the offsets stay)."""
    if any(twin in text for twin in _CASE_TWINS):
        return text, _NUMBERS
    return text.translate(_ASCII_LOWER), _NUMBERS_LOWER


def _numbers(text: str) -> Iterator[Found]:
    searched, pattern = _lower(text)
    for match in pattern.finditer(searched):
        value = _value(match)
        if value is None or _COUNTED.match(text, match.end() + 1):
            continue
        before = text[max(0, match.start() - 12) : match.start()]
        if _REFERRING.search(before) and (match.group("words") or not before.endswith("the ")):
            continue
        approximate = _APPROXIMATE.search(text, max(0, match.start() - 20), match.start())
        qualifier = approximate.group() if approximate else ""
        words = text[match.start() : match.end()]  # as written, not as searched
        detail = Detail("number", (value,), words, match.start(), qualifier)
        yield [detail], match.span()


def _value(match: re.Match[str]) -> int | None:
    """A number's value; None for "one", which is mostly a pronoun ("one of them said")."""
    if match.group("digits"):
        value = float(match.group("digits").replace(",", ""))
        unit = match.group("unit")
        return round(value * (_UNITS[unit.lower()] if unit else 1))
    words = re.split(r"[ -]+(?:and )?", match.group("words").lower())
    if words == ["one"]:
        return None
    total = current = 0
    for word in words:
        if word in _UNITS:
            current = max(current, 1) * _UNITS[word]
            if _UNITS[word] > 100:
                total, current = total + current, 0
        else:
            current += _SMALL.get(word, 0) + _TENS.get(word, 0)
    return total + current
