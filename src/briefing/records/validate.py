"""Raw records -> typed model objects, with every problem placed at its key or value."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from briefing.problems import Origin, Problem, did_you_mean, shown_value, slug
from briefing.records.dates import DATE_KEYS, date_fault
from briefing.records.kept import Kept
from briefing.records.load import ID_WORD, RawRecord
from briefing.records.model import (
    ID_RULE,
    MODELS,
    Actor,
    Brief,
    Cited,
    Event,
    Source,
    TopRecord,
    conflict_sources,
    statements,
)
from briefing.records.places import keep_places
from briefing.records.reading import YamlList, YamlMap
from briefing.warning_kinds import SUPPORT_KINDS, WarningKind

ID_HINT = "ids are lower-case letters, digits and hyphens, starting with a letter or digit"


@dataclass
class Briefing:
    """Every valid record of a project, by id."""

    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    briefs: dict[str, Brief] = field(default_factory=dict)
    # ids of records whose files exist but are not valid: their problems are reported once,
    # and references to them are not reported again as unknown
    invalid: set[str] = field(default_factory=set)

    def table(self, kind: str) -> dict[str, Any]:
        tables: dict[str, dict[str, Any]] = {
            "source": self.sources,
            "actor": self.actors,
            "event": self.events,
            "brief": self.briefs,
        }
        return tables[kind]

    def records(self) -> Iterator[TopRecord]:
        """The records to check: every valid record (a check after an edit checks fewer:
        see incremental.recheck.PartlyChecked)."""
        for kind in MODELS:
            yield from self.table(kind).values()

    def record(self, record_id: str) -> TopRecord | None:
        """The valid record of an id (ids are unique across kinds), or None."""
        for kind in MODELS:
            found: TopRecord | None = self.table(kind).get(record_id)
            if found is not None:
                return found
        return None

    def ids(self) -> set[str]:
        """The id of every valid record."""
        return {record_id for kind in MODELS for record_id in self.table(kind)}

    def names(self) -> Iterator[tuple[str, list[str]]]:
        """(id, names) of every valid record: an actor's name and aliases, a title."""
        for kind in MODELS:
            for record in self.table(kind).values():
                yield record.record_id, names_of(record)

    def conflict_holders(self) -> dict[str, list[str]]:
        """The ids of the actors and events with a conflict whose sides cite a source, by
        the source's id, in the order records are checked in."""
        holders: dict[str, list[str]] = {}
        for record in [*self.actors.values(), *self.events.values()]:
            for source_id in conflict_sources(record):
                holders.setdefault(source_id, []).append(record.record_id)
        return holders

    def namings(self) -> Iterator[tuple[str, list[str], str]]:
        """(id, names, kind) of every valid actor: its name, then its aliases."""
        for actor in self.actors.values():
            yield actor.record_id, names_of(actor), actor.kind


def names_of(record: TopRecord) -> list[str]:
    """An actor's name and aliases, another record's title."""
    names = [record.name, *record.aliases] if isinstance(record, Actor) else [record.title]  # type: ignore[attr-defined]
    return [name for name in names if name]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, looking through list[...] and ... | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            found = _inner_model(argument)
            if found:
                return found
    return None


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _walk(data: Any, model: type[BaseModel] | None, loc: tuple[Any, ...]) -> tuple[Any, Any, Any]:
    """Follow an error's location: (parent container, last key, model of the parent)."""
    parent, parent_model = data, model
    for step in loc[:-1]:
        if isinstance(parent, YamlMap) and isinstance(step, str) and step in parent:
            if parent_model is not None:
                fields = {
                    info.alias or name: info for name, info in parent_model.model_fields.items()
                }
                info = fields.get(step)
                if info is not None:
                    parent_model = _inner_model(info.annotation)
            parent = parent[step]
        elif isinstance(parent, YamlList) and isinstance(step, int) and step < len(parent):
            parent = parent[step]
        else:
            break
    return parent, loc[-1] if loc else None, parent_model


def _describe(value: Any) -> str:
    if isinstance(value, YamlMap):
        return "a mapping"
    if isinstance(value, YamlList):
        return "a list"
    if value is None:
        return "nothing"
    return shown_value(value)


# Errors of a value's shape: (what the value must be, hint), by pydantic's error type.
_MAPPING = ("a mapping of keys", "write 'key: value' lines indented under it")
_LIST = ("a list", "write one '- item' line for each entry")
_SHAPES = {
    "model_type": _MAPPING,
    "dict_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "list_type": _LIST,
    "tuple_type": _LIST,
}


def _problem_from_error(raw: RawRecord, model: type[BaseModel], error: ErrorDetails) -> Problem:
    """A problem of validation, placed at its key or value, in words a user can act on."""
    loc = tuple(error["loc"])
    parent, key, parent_model = _walk(raw.data, model, loc)
    origin: Origin = getattr(parent, "origin", Origin(raw.path))
    if isinstance(parent, YamlMap) and isinstance(key, str):
        origin = parent.value_origins.get(key, origin)
    elif isinstance(parent, YamlList) and isinstance(key, int) and key < len(parent):
        origin = parent.item_origins[key]
    kind = error["type"]
    if kind == "extra_forbidden" and isinstance(parent, YamlMap):
        allowed = _keys_of(parent_model) if parent_model else []
        hint = did_you_mean(str(key), allowed) or f"allowed keys: {', '.join(allowed)}"
        return Problem(parent.key_origins.get(key, origin), f"unknown key '{key}'", hint)
    if kind == "missing":
        return Problem(
            getattr(parent, "origin", origin),
            f"missing required key '{key}'",
            f"add '{key}:' to this mapping",
        )
    return _value_problem(error, key, ".".join(str(step) for step in loc) or "record", origin)


def _value_problem(error: ErrorDetails, key: object, where: str, origin: Origin) -> Problem:
    """A problem of a value that is there but wrong: its shape, its size, an id, a date, a
    grade, or what pydantic says."""
    kind, value, context = error["type"], error.get("input"), error.get("ctx", {})
    if kind in _SHAPES:
        must_be, hint = _SHAPES[kind]
        return Problem(origin, f"'{where}' must be {must_be}, found {_describe(value)}", hint)
    if kind == "too_short":
        return Problem(
            origin,
            f"'{where}' needs at least {context.get('min_length')} entries, found "
            f"{context.get('actual_length')}",
            "add the missing entries",
        )
    if kind == "string_pattern_mismatch" and "a-z0-9" in str(context):
        as_id = slug(value) if isinstance(value, str) else ""
        hint = f"{ID_HINT}: '{as_id}'?" if as_id and as_id != value else ID_HINT
        return Problem(origin, f"{shown_value(value)} is not a valid id", hint)
    if key in DATE_KEYS:
        fault = date_fault(str(value)) if isinstance(value, str | int) else ""
        return Problem(
            origin,
            f"invalid date for '{where}': {_describe(value)}" + (f": {fault}" if fault else ""),
            "write YYYY-MM-DD, YYYY-MM or YYYY; a leading ~ marks it approximate; "
            "START/END means some time between the two",
        )
    if key == "reliability":
        return Problem(
            origin,
            f"{_describe(value)} is not a reliability grade",
            "use an Admiralty grade: A (completely reliable) to E (unreliable), "
            "F (reliability cannot be judged)",
        )
    message = str(error["msg"]).removeprefix("Value error, ")
    hint = "use one of the values listed" if kind == "literal_error" else ""
    return Problem(origin, f"invalid value for '{where}': {message[:1].lower()}{message[1:]}", hint)


def _missing_citations(statement: Cited, what: str) -> Iterator[Problem]:
    if statement.judgment is None and not statement.cite:
        yield Problem(
            statement.at(),
            f"{what} has no citation",
            "add 'cite:' with the source and the quoted words that support it, "
            "or mark it as your judgment with 'judgment: high|moderate|low'",
        )
    elif statement.judgment is not None and statement.cite:
        yield Problem(
            statement.at("judgment"),
            f"{what} is both cited and marked as a judgment",
            "keep 'cite:' for reported facts, 'judgment:' for your own assessment",
        )


def _without_echoes(problems: list[Problem]) -> list[Problem]:
    """Drop "missing required key 'x'" where an unknown key near it is a misspelt 'x'."""
    misspelt = {p.hint for p in problems if p.message.startswith("unknown key")}
    return [
        p
        for p in problems
        if not (
            p.message.startswith("missing required key")
            and f"did you mean '{p.message.split(chr(39))[1]}'?" in misspelt
        )
    ]


def validate_record(raw: RawRecord) -> tuple[TopRecord | None, list[Problem]]:
    model = MODELS[raw.kind]
    if raw.record_id == "index":
        return None, [
            Problem(
                Origin(raw.path),
                "the id 'index' is reserved for the index pages",
                "rename the file",
            )
        ]
    if not ID_RULE.match(raw.record_id):
        return None, [
            Problem(
                Origin(raw.path),
                f"unsafe id '{raw.record_id}' in the file name",
                f"rename the file: {ID_HINT}",
            )
        ]
    try:
        record = model.model_validate(raw.data)
    except ValidationError as error:
        problems = [_problem_from_error(raw, model, item) for item in error.errors()]
        return None, _without_echoes(problems)
    body: dict[str, Any] = {}  # a source's article, a brief's prose
    if isinstance(record, Source):
        body = {"_text": raw.body, "_body_line": raw.body_line}
    elif isinstance(record, Brief):
        body = {"_body": raw.body, "_body_line": raw.body_line}
    keep_places(record, raw.data, _record_id=raw.record_id, _path=raw.path, **body)
    problems = [
        p for statement, what in statements(record) for p in _missing_citations(statement, what)
    ]
    problems += _acknowledgement_problems(record)
    if isinstance(record, Brief):
        problems += _confidence_problems(record)
    if isinstance(record, Source):
        problems += _grade_problems(record)
    return record, problems


def _acknowledgement_problems(record: TopRecord) -> Iterator[Problem]:
    """Each `checked:` entry names a kind of support warning, the only kind it can keep."""
    for statement, _ in statements(record):
        for entry in [*statement.checked, *(e for c in statement.cite for e in c.checked)]:
            problem = _unknown_acknowledged(entry.kind)
            if problem is not None:
                yield Problem(entry.at("kind"), *problem)


def _unknown_acknowledged(spelling: str) -> tuple[str, str] | None:
    """(message, hint) if a `checked:` entry's kind is not one it can keep; None if it is."""
    kind = WarningKind.named(spelling)
    if kind in SUPPORT_KINDS:
        return None
    support = [kind for kind in WarningKind if kind in SUPPORT_KINDS]
    kinds = ", ".join(support)
    if kind is None:
        spellings = [spelling for kind in support for spelling in (kind, kind.alias)]
        return (
            f"unknown kind of support warning '{spelling}' in 'checked'",
            did_you_mean(spelling, spellings) or f"the support warnings are {kinds}",
        )
    return (
        f"'checked' cannot keep a {kind} warning: it keeps support warnings only",
        f"the support warnings are {kinds}; a {kind} warning is set louder or quieter under "
        "'warnings:' in briefing.yml",
    )


def _confidence_problems(brief: Brief) -> Iterator[Problem]:
    """Every key judgment says how sure the analyst is, whether or not it cites reporting."""
    for claim in brief.key_judgments:
        if claim.confidence is None and claim.judgment is None:
            yield Problem(
                claim.at(),
                f"key judgment '{claim.claim_id}' has no confidence",
                "add 'confidence: high', 'moderate' or 'low': how sure you are of it, apart "
                "from how likely it says the outcome is",
            )
        elif claim.confidence is not None and claim.judgment is not None:
            yield Problem(
                claim.at("confidence"),
                f"key judgment '{claim.claim_id}' gives its confidence twice",
                "'judgment:' already gives it: remove 'confidence:'",
            )


def _grade_problems(source: Source) -> Iterator[Problem]:
    if not source.graded:
        yield Problem(
            source.at("reliability"),
            f"source '{source.record_id}' is not graded yet",
            "grade it: 'reliability: A' (completely reliable) to 'E' (unreliable), or 'F' "
            "(cannot be judged), with one line of 'reliability_reason:'",
            WarningKind.UNGRADED_SOURCE.severity,
            kind=WarningKind.UNGRADED_SOURCE,
        )
    elif source.reliability_reason is None:
        yield Problem(
            source.at(),
            "missing required key 'reliability_reason'",
            "add 'reliability_reason:' with one line on why this grade",
        )


def _words(value: Any) -> Iterator[str]:
    """The id-like words of a raw record's values, however deep."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _words(item)
    elif isinstance(value, list):
        for item in value:
            yield from _words(item)
    elif isinstance(value, str):
        yield from ID_WORD.findall(value)


def invalid_words(raw: RawRecord) -> set[str]:
    """The id-like words of a record that is not valid: the ids it may cite or link."""
    body = raw.body if raw.kind == "brief" else ""  # an article's words name nothing
    return {*_words(raw.data), *ID_WORD.findall(body)}


def _duplicate(raw: RawRecord, first: str) -> Problem:
    return Problem(
        Origin(raw.path),
        f"duplicate id '{raw.record_id}'",
        f"'{first}' has the same id; [[links]] and citations need ids unique across "
        "sources, actors, events and briefs: rename one file",
    )


# A record file's validation, by its path, for the raw record it was made from.
Validations = Kept[RawRecord, tuple[TopRecord | None, list[Problem]]]


def validate(
    raws: list[RawRecord],
    unreadable: set[str],
    validated_before: Validations | None = None,
) -> tuple[Briefing, list[Problem]]:
    """The valid records of a project, and the problems of the others. With the
    validations of a check before (in the same process), a raw record not read again is not
    validated again; they are then those of this check."""
    briefing, problems = Briefing(invalid=set(unreadable)), list[Problem]()
    first_path: dict[str, str] = {}
    for raw in raws:
        known = validated_before.get(raw.path, raw) if validated_before is not None else None
        if known is None:
            known = validate_record(raw)
            if validated_before is not None:
                validated_before.keep(raw.path, raw, known)
        record, found = known
        problems += found
        if record is None:
            briefing.invalid.add(raw.record_id)
            # the id is taken even by an invalid file: a second file with it is a duplicate
            # whether or not the first is fixed later
            first_path.setdefault(raw.record_id, raw.path)
            if first_path[raw.record_id] != raw.path:
                problems.append(_duplicate(raw, first_path[raw.record_id]))
            continue
        if raw.record_id in first_path:
            problems.append(_duplicate(raw, first_path[raw.record_id]))
            continue
        first_path[raw.record_id] = raw.path
        briefing.table(raw.kind)[raw.record_id] = record
    if validated_before is not None:
        validated_before.keep_only(raw.path for raw in raws)
    return briefing, problems
