"""The records, typed: what a source, actor, event and brief may say, and nothing else.

The pydantic models double as the JSON Schema of the record files (`briefing schema`). Each
model keeps where it was read (`at()`), so a later stage can point at any key.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from briefing.problems import Origin

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ID_RULE = re.compile(ID_PATTERN)
_ONE_DATE = r"~?\d{4}(-\d{2}(-\d{2})?)?"
DATE_PATTERN = rf"^{_ONE_DATE}(/{_ONE_DATE})?$"  # a date, or a range "start/end" (ISO 8601)
_DATE = re.compile(r"^(~?)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

UNGRADED = "ungraded"  # what `briefing capture` writes: grading is the analyst's
Reliability = Literal["A", "B", "C", "D", "E", "F", "ungraded"]
SHA256_PATTERN = r"^[0-9a-f]{64}$"
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"  # UTC, to the second
URL_PATTERN = r"^https?://\S+$"
Confidence = Literal["high", "moderate", "low"]
# The ICD 203 scale of likelihood, from least to most likely: how probable an outcome is,
# kept apart from the confidence in the judgment that says so.
Likelihood = Literal[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
]
LIKELIHOODS: tuple[str, ...] = get_args(Likelihood)
ActorKind = Literal[
    "person", "organisation", "armed-group", "political-party", "government", "state", "other"
]
# An actor's kind as a reader says it
KIND_LABEL = {
    "person": "Person",
    "organisation": "Organisation",
    "armed-group": "Armed group",
    "political-party": "Political party",
    "government": "Government or institution",
    "state": "State",
    "other": "Other",
}


def _number_as_text(value: Any) -> Any:
    # YAML reads `published: 2020` as a number; a year is a date all the same.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _check_date(value: Any) -> Any:
    if isinstance(value, str) and parse_when(value) is None:
        raise ValueError(f"'{value}' is not a valid date")
    return value


RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
# The JSON Schema of a date says exactly what the check accepts, for an editor to agree
# with `briefing check`: a real calendar date (30 days in April, 29 in February of a leap
# year only), and a year written as a bare number, which YAML reads as an integer.
_LEAP_YEAR = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))"
)
_CALENDAR_DATE = rf"~?(?:\d{{4}}(?:-(?:0[1-9]|1[0-2]))?|\d{{4}}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
CALENDAR_PATTERN = rf"^{_CALENDAR_DATE}(?:/{_CALENDAR_DATE})?$"
DATE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": CALENDAR_PATTERN},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "description": "YYYY-MM-DD, YYYY-MM or YYYY, as precise as the evidence; ~ = approximate; "
    "START/END (ISO 8601) = some time between the two, START not after END",
}


def _as_ranges(value: Any) -> Any:
    # `[1, 40]` is one range; `[[1, 20], [25, 40]]` several.
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return [value]
    return value


_RANGE_SCHEMA = {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}
ArticleLines = Annotated[
    tuple[tuple[int, int], ...],
    BeforeValidator(_as_ranges),
    WithJsonSchema({"anyOf": [_RANGE_SCHEMA, {"type": "array", "items": _RANGE_SCHEMA}]}),
]

DateText = Annotated[
    str,
    BeforeValidator(_check_date),
    BeforeValidator(_number_as_text),
    StringConstraints(pattern=DATE_PATTERN),
    WithJsonSchema(DATE_SCHEMA),
]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date only as precise as the evidence: year, month or day, maybe approximate."""

    year: int
    month: int = 0  # 0: not known
    day: int = 0
    approximate: bool = False

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first(self) -> datetime.date:
        """The first day the date may mean: 2020-03 from 1 March 2020."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> datetime.date:
        """The last day the date may mean: 2020-03 until 31 March 2020."""
        month = self.month or 12
        return datetime.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        text += f"-{self.month:02d}" if self.month else ""
        text += f"-{self.day:02d}" if self.day else ""
        return ("~" if self.approximate else "") + text


@dataclass(frozen=True)
class When:
    """A record's date: one `PartialDate`, or a range, "some time between `start` and `end`"
    (ISO 8601 `2020-01/2020-02`): uncertainty about one moment, not a duration (an event's
    own `end` says how long it lasted)."""

    start: PartialDate
    end: PartialDate | None = None  # only for a range

    @property
    def latest(self) -> PartialDate:
        return self.end or self.start

    @property
    def ordered(self) -> bool:
        """Whether a range runs forwards: its end neither begins nor ends before its start."""
        end = self.latest
        return self.start.first <= end.first and self.start.last <= end.last

    def __str__(self) -> str:
        return f"{self.start}/{self.end}" if self.end else str(self.start)


def parse_when(text: str) -> When | None:
    """A date or a range of two dates, as the records write them; None if not valid. The
    order of a range's ends is not judged here (see `When.ordered`): the JSON Schema can
    say what a date looks like, not that one comes before another."""
    first, slash, second = text.partition("/")
    start = parse_date(first)
    if start is None:
        return None
    if not slash:
        return When(start)
    end = parse_date(second)
    return When(start, end) if end is not None else None


def parse_date(text: str) -> PartialDate | None:
    """One date (not a range): year, month or day, maybe approximate."""
    match = _DATE.match(text)
    if not match:
        return None
    approximate, year, month, day = match.groups()
    month_number, day_number = int(month or 0), int(day or 0)
    if month and not 1 <= month_number <= 12:
        return None
    if day and not 1 <= day_number <= calendar.monthrange(int(year), month_number)[1]:
        return None
    return PartialDate(int(year), month_number, day_number, bool(approximate))


def date_fault(text: str) -> str:
    """Why a date is not valid, in the words of a calendar: '2024-13-03' has no month 13."""
    if "/" in text:
        first, _, second = text.partition("/")
        return date_fault(first) or date_fault(second)
    match = _DATE.match(text)
    if not match:
        if re.match(r"^~?\d{4}-\d{1,2}(-\d{1,2})?$", text):
            return "months and days take two digits, as in 2020-01-03"
        return ""
    _, year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        return f"month {int(month)} is out of range (1 to 12)"
    if not (month and day) or parse_date(text) is not None:
        return ""
    days = calendar.monthrange(int(year), int(month))[1]
    named = calendar.month_name[int(month)]
    return f"day {int(day)} is out of range ({named} {year} has {days} days)"


MEMORY = Origin("<memory>")


class Record(BaseModel):
    """A mapping read from a file; remembers its place and the place of each of its values."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    # Where it was read, kept in pydantic's store of private values by `keep_places` after
    # validation, for the whole tree at once; a record made in memory has none (see
    # `_private`). Not PrivateAttr: for those pydantic runs a hook on every record it makes,
    # and so did a wrapping validator that kept the places: together two thirds of
    # validating a large project.

    if not TYPE_CHECKING:  # to mypy, a record has the attributes it declares and no others

        def __getattr__(self, name: str) -> Any:
            """What BaseModel.__getattr__ answers for a model without private attributes or
            extra keys, as a record is, without looking for those: for a name the record
            does not have, as in getattr(statement, "deprecated", None), asked of a large
            project's records 180,000 times."""
            kind = type(self)
            if (kind, name) not in _CLASS_HAS:
                _CLASS_HAS[kind, name] = hasattr(kind, name)
            if _CLASS_HAS[kind, name]:
                return object.__getattribute__(self, name)  # raises what the attribute raised
            raise AttributeError(f"{kind.__name__!r} object has no attribute {name!r}")

    def _private(self, name: str) -> Any:
        # Straight from pydantic's store: reading a private attribute goes through
        # BaseModel.__getattr__, which took a tenth of checking a large project.
        private = self.__pydantic_private__
        return private[name] if private else _NO_PLACE[name]

    def at(self, key: str | None = None) -> Origin:
        """Where this mapping, or the value of one of its keys, stands in its file."""
        private = self.__pydantic_private__ or _NO_PLACE  # as _private, read once
        origin: Origin = private["_origin"] or MEMORY
        return private["_value_origins"].get(key, origin) if key else origin


# Whether a kind of record has a name as a class attribute (a property, a method), for
# Record.__getattr__: by the name's kind and name.
_CLASS_HAS: dict[tuple[type, str], bool] = {}
# The private values of a record made in memory, not read from a file.
_NO_PLACE: dict[str, Any] = {
    "_origin": None,
    "_value_origins": {},
    "_record_id": "",
    "_path": "",
    "_text": "",
    "_body": "",
    "_body_line": 1,
}
# For each kind of record, (field name, key) of the fields that hold records or lists of them.
_INNER: dict[type[Record], tuple[tuple[str, str], ...]] = {}


def _holds_records(annotation: Any) -> bool:
    """Whether a field's type is a record, or a list or union with one in it."""
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return True
    return any(_holds_records(argument) for argument in get_args(annotation))


def _inner_fields(kind: type[Record]) -> tuple[tuple[str, str], ...]:
    if kind not in _INNER:
        _INNER[kind] = tuple(
            (name, info.alias or name)
            for name, info in kind.model_fields.items()
            if _holds_records(info.annotation)
        )
    return _INNER[kind]


def keep_places(record: Record, data: Any, **private: Any) -> None:
    """Give a record validated from `data` (a load.YamlMap) the places of its mapping, and
    each record inside it those of its own; a top record also its other `private` values
    (its id, path, text)."""
    origin = getattr(data, "origin", None)
    places = {"_origin": origin, "_value_origins": data.value_origins} if origin else {}
    if private:
        places = {**_NO_PLACE, **private, **places}
    if places:
        object.__setattr__(record, "__pydantic_private__", places)
    if origin is None:
        return
    values = record.__dict__
    for name, key in _inner_fields(type(record)):
        value = values[name]
        if not value:
            continue
        raw = data[key] if key in data else data[name]
        if isinstance(value, Record):
            keep_places(value, raw)
        else:
            for item, raw_item in zip(value, raw, strict=True):
                keep_places(item, raw_item)


class Citation(Record):
    """An excerpt of a stored source that supports a statement."""

    source: RecordId = Field(description="The id of the cited source (its file name).")
    quote: Text = Field(description="The exact words of the source; '...' elides words.")
    prefix: str | None = Field(None, description="Words just before the quote, to pin one place.")
    suffix: str | None = Field(None, description="Words just after the quote, to pin one place.")
    credibility: int | None = Field(
        None, ge=1, le=6, description="Admiralty credibility of this information, 1-6."
    )
    via: Text | None = Field(
        None,
        description="The original reporter the outlet relays: a source id of the project, or "
        "a named origin outside it ('Reuters', 'an unnamed Hezbollah source').",
    )
    speaker: Text | None = Field(
        None,
        description="Who speaks within the report ('Iraqi sources', a named official); "
        "omitted: the outlet's own voice.",
    )
    note: str | None = None


class Cited(Record):
    """Something that must rest on citations, unless it is marked as the analyst's judgment."""

    cite: list[Citation] = Field(default_factory=list)
    judgment: Confidence | None = Field(
        None, description="Marks the analyst's own judgment, with its confidence, instead of cite."
    )
    single_origin: bool = Field(
        False, description="The analyst knows this rests on a single origin (silences the warning)."
    )
    confidence: Confidence | None = Field(
        None, description="The analyst's confidence in this statement; required on a key judgment."
    )
    likelihood: Likelihood | None = Field(
        None, description="How likely the outcome is, on the ICD 203 scale (not the confidence)."
    )
    basis: Text | None = Field(None, description="The reasoning the judgment rests on.")
    horizon: Text | None = Field(None, description="The time a forward-looking judgment covers.")
    revised: Text | None = Field(
        None, description="The analyst's one-line reason for a change since the last edition."
    )

    @property
    def confidence_level(self) -> str | None:
        """The confidence, whether given as `confidence:` or with `judgment:`."""
        return self.confidence or self.judgment


class Statement(Cited):
    text: Text


class Deprecation(Record):
    """A claim withdrawn, kept visible as a reference work keeps a superseded statement."""

    date: DateText
    reason: Text
    superseded_by: RecordId | None = Field(None, description="The claim id that replaces it.")


class Claim(Statement):
    claim_id: RecordId = Field(alias="id")
    deprecated: Deprecation | None = Field(
        None, description="Withdrawn, with the date, the reason and what supersedes it."
    )


class Affiliation(Cited):
    actor: RecordId
    role: str | None = None
    since: DateText | None = Field(None, alias="from")
    until: DateText | None = None
    text: str | None = None


class Conflict(Record):
    """Reports that disagree, kept side by side: the checker picks no winner."""

    conflict_id: RecordId = Field(alias="id")
    question: Text
    sides: list[Statement] = Field(min_length=2)


class Participant(Record):
    actor: RecordId
    role: str | None = None


class TopRecord(Record):
    """A record that is a file: knows its id and path."""

    @property
    def record_id(self) -> str:
        return str(self._private("_record_id"))

    @property
    def path(self) -> str:
        return str(self._private("_path"))


class Actor(TopRecord):
    name: Text
    kind: ActorKind
    aliases: list[Text] = Field(default_factory=list)
    summary: Statement
    affiliations: list[Affiliation] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)


class Event(TopRecord):
    title: Text
    date: DateText
    end: DateText | None = None
    place: str | None = None
    summary: Statement
    participants: list[Participant] = Field(default_factory=list)
    related: list[RecordId] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)


Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]
Sha256 = Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]
Timestamp = Annotated[str, StringConstraints(pattern=TIMESTAMP_PATTERN)]
WarcPath = Annotated[str, StringConstraints(pattern=r"^captures/[a-z0-9][a-z0-9-]*\.warc\.gz$")]


class Edit(Record):
    """One intended change of a source's text after its capture, recorded by `briefing rehash`."""

    edited: Timestamp = Field(description="When the new hash was recorded (UTC).")
    reason: Text = Field(description="Why the text was changed.")
    previous: Sha256 | None = Field(None, description="The hash before the change.")
    sha256: Sha256 = Field(description="The hash after the change.")


class Retraction(Record):
    """A source withdrawn by its publisher (retracted) or shown false (discredited)."""

    date: DateText
    reason: Text
    kind: Literal["retracted", "discredited"] = "retracted"


class Source(TopRecord):
    title: Text
    publisher: Text
    byline: str | None = None
    url: Url | None = Field(None, description="The article's address: http or https.")
    published: DateText
    language: Text
    reliability: Reliability = Field(
        description="Admiralty grade A-F; 'ungraded' until the analyst grades a capture."
    )
    reliability_reason: Text | None = Field(
        None, description="Why this grade; required once the source is graded."
    )
    retrieved: Timestamp | None = Field(
        None, description="When `briefing capture` fetched it (UTC, YYYY-MM-DDTHH:MM:SSZ)."
    )
    sha256: Sha256 | None = Field(
        None, description="SHA-256 of the text below the front matter (UTF-8, LF line ends)."
    )
    warc: WarcPath | None = Field(None, description="The WARC file keeping the bytes as fetched.")
    redirects: list[Url] = Field(
        default_factory=list, description="The addresses asked for before the final url."
    )
    archived_url: Url | None = Field(None, description="A web archive's copy of the original.")
    pages: list[Annotated[int, Field(ge=1)]] | None = Field(
        None, description="For a PDF: the line of the text (1 = first) on which each page starts."
    )
    edits: list[Edit] = Field(
        default_factory=list, description="Intended changes of the text since its capture."
    )
    origin: RecordId | None = Field(
        None, description="The original report this text carries; copies share it."
    )
    translation_of: RecordId | None = None
    machine_translation: bool = False
    article_lines: ArticleLines | None = Field(
        None,
        description="First and last line of the text that are the article (1 = first after "
        "the front matter), or a list of such ranges, to leave out boilerplate inside it.",
    )
    notes: str | None = None
    retracted: Retraction | None = Field(
        None, description="Retracted by its publisher or discredited: date, reason, kind."
    )

    @property
    def text(self) -> str:
        return str(self._private("_text"))

    @property
    def body_line(self) -> int:
        return int(self._private("_body_line"))

    @property
    def origin_id(self) -> str:
        return self.origin or self.record_id

    @property
    def graded(self) -> bool:
        return self.reliability != UNGRADED

    def pdf_page_of(self, text_line: int) -> int | None:
        """The page (1 = first) of the captured PDF on which a line of the text stands, for
        a source with `pages`; None for any other source. (Not views.shared.page_of, the
        page of the site a record is shown on.)"""
        if not self.pages:
            return None
        return sum(1 for start in self.pages if start <= text_line) or 1


class Brief(TopRecord):
    title: Text
    date: DateText
    audience: str | None = None
    author: str | None = None
    summary: str | None = None
    key_judgments: list[Claim] = Field(default_factory=list)

    @property
    def body(self) -> str:
        return str(self._private("_body"))

    @property
    def body_line(self) -> int:
        return int(self._private("_body_line"))


MODELS: dict[str, type[TopRecord]] = {
    "source": Source,
    "actor": Actor,
    "event": Event,
    "brief": Brief,
}


def statements(record: TopRecord) -> Iterator[tuple[Cited, str]]:
    """Every statement of a record that must be cited, with a name for messages."""
    if isinstance(record, Actor | Event):
        yield record.summary, "summary"
        for affiliation in record.affiliations if isinstance(record, Actor) else ():
            yield affiliation, f"affiliation with '{affiliation.actor}'"
        for claim in record.claims:
            yield claim, f"claim '{claim.claim_id}'"
        for conflict in record.conflicts:
            for number, side in enumerate(conflict.sides, 1):
                yield side, f"side {number} of conflict '{conflict.conflict_id}'"
    elif isinstance(record, Brief):
        for claim in record.key_judgments:
            yield claim, f"key judgment '{claim.claim_id}'"
