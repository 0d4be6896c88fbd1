"""The records, typed: what a source, actor, event and brief may say, and nothing else.

The pydantic models double as the JSON Schema of the record files (`briefing schema`). Each
model keeps where it was read (`at()`), so a later stage can point at any key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BeforeValidator,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from briefing.records.dates import DATE_PATTERN, DATE_SCHEMA, date_key, parse_when
from briefing.records.places import Record

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ID_RULE = re.compile(ID_PATTERN)

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


def names_a_source(via: str) -> bool:
    """A `via:` written as an id (lower-case letters, digits, hyphens) names a source of the
    project; anything else ("Reuters", "an unnamed source") names an origin outside it."""
    return bool(ID_RULE.match(via))


class Acknowledgement(Record):
    """One support warning the analyst has read and keeps at its place, with why (an entry
    of `checked:`): the check no longer reports it there, and says so when it stops firing."""

    kind: Text = Field(description="The kind of support warning kept: 'hedge-dropped', ...")
    reason: Text = Field(description="Why the statement stands as it is.")


CHECKED_DESCRIPTION = (
    "Support warnings read and kept, each with its kind and the reason it stands (see FORMAT.md)."
)


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
    may_be: list[Text] = Field(
        default_factory=list,
        description="For a relay of reports the outlet does not name: the origins they may "
        "be (source ids or names); the citation counts as no origin of its own beside one.",
    )
    speaker: Text | None = Field(
        None,
        description="Who speaks within the report ('Iraqi sources', a named official); "
        "omitted: the outlet's own voice.",
    )
    note: str | None = None
    checked: list[Acknowledgement] = Field(default_factory=list, description=CHECKED_DESCRIPTION)


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
    checked: list[Acknowledgement] = Field(default_factory=list, description=CHECKED_DESCRIPTION)

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
WaczPath = Annotated[str, StringConstraints(pattern=r"^captures/[a-z0-9][a-z0-9-]*\.wacz$")]


class Edit(Record):
    """One intended change of a source's text after its capture, recorded by `briefing rehash`."""

    edited: Timestamp = Field(description="When the new hash was recorded (UTC).")
    reason: Text = Field(description="Why the text was changed.")
    previous: Sha256 | None = Field(None, description="The hash before the change.")
    sha256: Sha256 = Field(description="The hash after the change.")


UNKNOWN_OUTLET = "Unknown outlet"  # a source whose capture names no publisher


class Retraction(Record):
    """A source withdrawn by its publisher (retracted) or shown false (discredited)."""

    date: DateText
    reason: Text
    kind: Literal["retracted", "discredited"] = "retracted"


class Source(TopRecord):
    title: Text
    publisher: Text | None = Field(
        None, description="The outlet; left out when the capture names none (say why in notes)."
    )
    byline: str | None = None
    url: Url | None = Field(None, description="The article's address: http or https.")
    canonical_url: Url | None = Field(
        None, description="The address the page gives as its own, when not the url fetched."
    )
    published: DateText
    modified: DateText | None = Field(
        None, description="When the page says it was last changed, if later than published."
    )
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
    wacz: WaczPath | None = Field(
        None, description="The WACZ archive of the page as fetched, which the site replays."
    )
    warc: WarcPath | None = Field(
        None, description="The WARC file of an older capture, which the site replays too."
    )
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
    def outlet(self) -> str:
        """The publisher as a reader is told it: its name, or that it is unknown."""
        return self.publisher or UNKNOWN_OUTLET

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


def chronological(events: Iterable[Event]) -> list[Event]:
    """The events in the order of the chronology (records.dates.date_key); ties by title.
    The site, the PDF and the exports show them so."""
    return sorted(events, key=lambda e: (date_key(e.date), e.title, e.record_id))


MODELS: dict[str, type[TopRecord]] = {
    "source": Source,
    "actor": Actor,
    "event": Event,
    "brief": Brief,
}


def conflict_sources(record: TopRecord) -> list[str]:
    """The ids of the sources the sides of a record's conflicts cite, each once."""
    conflicts = record.conflicts if isinstance(record, Actor | Event) else []
    cited = (c.source for conflict in conflicts for side in conflict.sides for c in side.cite)
    return list(dict.fromkeys(cited))


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
