"""What the check computes about each record file, and what it says of all of them
together from those facts.

A file's facts: what it is (kind, id, whether it reads and validates), its names, the claims
it names, what it cites and links, which sources its problems depend on, and its problems.
What is said of all the records together (a claim id used twice, a claim superseded by one
that does not exist, a source never cited, an actor nothing links to, the sources with no
hash) is worked out from the facts of every file, each time: `global_problems`.

A check after an edit (incremental/) keeps the facts of the last check, and works out again
only those of the files the edit reaches: what reaches what is said in incremental.recheck."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from briefing.check.fixity import unhashed_warning
from briefing.check.resolve import Index, Trace
from briefing.problems import Origin, Problem, did_you_mean
from briefing.records.load import Loaded, RawRecord
from briefing.records.model import (
    Actor,
    Brief,
    Claim,
    Conflict,
    Event,
    Source,
    TopRecord,
    conflict_sources,
    statements,
)
from briefing.records.validate import Briefing, invalid_words, names_of
from briefing.warning_kinds import WarningKind

VALID, INVALID, UNREADABLE, OTHER = "valid", "invalid", "unreadable", "other"
KIND_ORDER = ("source", "actor", "event", "brief")  # the order records are checked in
EVERY_SOURCE = "*"  # in `reads`: a search of every source was made for this file


@dataclass
class FileFacts:
    kind: str
    record_id: str
    state: str  # VALID, INVALID (does not validate), UNREADABLE, OTHER (a duplicate, not a record)
    names: list[str] = field(default_factory=list)
    origin: Origin | None = None  # where the record stands
    claims: list[tuple[str, Origin]] = field(default_factory=list)  # claim and conflict ids
    superseded_by: list[tuple[str, Origin]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # an invalid file's id-like words
    cites: list[str] = field(default_factory=list)  # valid sources it cites or relays
    mentions: list[str] = field(default_factory=list)  # records it links or names
    reads: list[str] = field(default_factory=list)  # records its problems depend on
    unhashed: bool = False
    suppressed: int = 0
    suggested: int = 0
    searched: int = 0
    problems: list[Problem] = field(default_factory=list)
    # an actor's kind: how the support checks name it ("Nasrallah" for a person)
    actor_kind: str = ""
    # what the check of all the sources together reads for shared wording (see
    # analysis.support.relays): a source's origin and fingerprints; for other records, the
    # (source, via) of each citation that relays
    origin_id: str = ""
    prints: str = ""
    relays: list[tuple[str, str]] = field(default_factory=list)
    # the sources its conflicts' sides cite: the support checks hold a statement citing one
    # against the conflict (a check after an edit reads only the records that have one)
    conflict_cites: list[str] = field(default_factory=list)

    def identity(self) -> tuple[Any, ...]:
        """What other files' problems depend on, besides a source's words and keys."""
        return (self.kind, self.record_id, self.state, self.names, self.actor_kind)


def actor_kind_of(record: TopRecord | None) -> str:
    return record.kind if isinstance(record, Actor) else ""


def facts_of(
    files: Iterable[tuple[str, str]],
    loaded: Loaded,
    briefing: Briefing,
    index: Index,
    trace: Trace,
    problems: Iterable[Problem],
) -> dict[str, FileFacts]:
    """The facts of each file (kind, path) that a check read, from what it found."""
    raws = {raw.path: raw for raw in loaded.records}
    cites, mentions = _by_referrer(index.cited_by), _by_referrer(index.mentioned_in)
    found: dict[str, FileFacts] = {}
    for kind, path in files:
        raw = raws.get(path)
        record = briefing.table(kind).get(raw.record_id) if raw is not None else None
        if raw is None:
            found[path] = _unread(kind, path, loaded)
        elif record is None or record.path != path:
            found[path] = _not_valid(raw, briefing, is_duplicate=record is not None)
        else:
            found[path] = _valid(kind, record, index, trace, cites, mentions)
    for problem in problems:
        facts = found.get(problem.origin.path)
        if facts is not None:
            facts.problems.append(problem)
    return found


def _by_referrer(referred: dict[str, set[str]]) -> dict[str, set[str]]:
    """{target: the ids that refer to it} turned about: {id: the targets it refers to}."""
    refers: dict[str, set[str]] = {}
    for target_id, by_ids in referred.items():
        for by_id in by_ids:
            refers.setdefault(by_id, set()).add(target_id)
    return refers


def _unread(kind: str, path: str, loaded: Loaded) -> FileFacts:
    """A file that could not be read, or that is not a record (its name ends wrongly)."""
    stem = PurePosixPath(path).stem
    if path in loaded.skipped:
        return FileFacts(kind, stem, OTHER)
    return FileFacts(kind, stem, UNREADABLE, words=sorted(loaded.unreadable_at.get(path, ())))


def _not_valid(raw: RawRecord, briefing: Briefing, is_duplicate: bool) -> FileFacts:
    """A record that does not validate, or whose id another file has."""
    if is_duplicate or raw.record_id not in briefing.invalid:
        return FileFacts(raw.kind, raw.record_id, OTHER)
    return FileFacts(raw.kind, raw.record_id, INVALID, words=sorted(invalid_words(raw)))


def _valid(
    kind: str,
    record: TopRecord,
    index: Index,
    trace: Trace,
    cites: dict[str, set[str]],
    mentions: dict[str, set[str]],
) -> FileFacts:
    record_id, path = record.record_id, record.path
    named: list[Claim] = []  # (getattr on a model that lacks the field is slow)
    conflicts: list[Conflict] = []
    if isinstance(record, Actor | Event):
        named, conflicts = record.claims, record.conflicts
    elif isinstance(record, Brief):
        named = record.key_judgments
    searched = trace.searched_at.get(path, 0)
    source = record if isinstance(record, Source) else None
    return FileFacts(
        kind,
        record_id,
        VALID,
        names_of(record),
        record.at(),
        [(claim.claim_id, claim.at()) for claim in named]
        + [(conflict.conflict_id, conflict.at()) for conflict in conflicts],
        [
            (claim.deprecated.superseded_by, claim.deprecated.at("superseded_by"))
            for claim in named
            if claim.deprecated is not None and claim.deprecated.superseded_by is not None
        ],
        cites=sorted(cites.get(record_id, ())),
        mentions=sorted(mentions.get(record_id, ())),
        reads=sorted(trace.reads.get(record_id, ())) + ([EVERY_SOURCE] if searched else []),
        unhashed=isinstance(record, Source) and record.sha256 is None,
        suppressed=trace.suppressed_at.get(path, 0),
        suggested=trace.suggested_at.get(path, 0),
        searched=searched,
        actor_kind=actor_kind_of(record),
        origin_id=source.origin_id if source else "",
        prints=index.prints.get(record_id, ""),
        relays=_relays(record),
        conflict_cites=conflict_sources(record),
    )


def _relays(record: TopRecord) -> list[tuple[str, str]]:
    return [
        (citation.source, citation.via)
        for statement, _ in statements(record)
        for citation in statement.cite
        if citation.via is not None
    ]


def global_problems(facts: Iterable[FileFacts]) -> tuple[list[Problem], list[Problem]]:
    """What is said of all the records together, from the facts of every file, as found
    (the report makes each warning as loud as the project sets its kind); and the warnings
    held back because an invalid record may be what cites or links the record in question."""
    every = list(facts)
    valid = sorted((f for f in every if f.state == VALID), key=lambda f: KIND_ORDER.index(f.kind))
    problems = _claim_problems(valid)
    unhashed = [(f.record_id, f.origin.path) for f in valid if f.unhashed and f.origin]
    problems += [p for p in [unhashed_warning(unhashed)] if p]
    named_by_invalid = {word for f in every if f.state in (INVALID, UNREADABLE) for word in f.words}
    held_back: list[Problem] = []
    for record_id, problem in _unused(valid):
        (held_back if record_id in named_by_invalid else problems).append(problem)
    return problems, held_back


def _unused(valid: list[FileFacts]) -> Iterator[tuple[str, Problem]]:
    """Each source nothing cites and each actor nothing links to, by its id."""
    cited = {source_id for f in valid for source_id in f.cites}
    linked = {t for f in valid if f.kind != "source" for t in f.mentions if t != f.record_id}
    for f in valid:
        if f.origin is None:
            continue
        if f.kind == "source" and f.record_id not in cited:
            yield (
                f.record_id,
                Problem(
                    f.origin,
                    f"source '{f.record_id}' is never cited",
                    "cite it, or remove it from sources/",
                    WarningKind.UNCITED_SOURCE.severity,
                    kind=WarningKind.UNCITED_SOURCE,
                ),
            )
        elif f.kind == "actor" and f.record_id not in linked:
            yield (
                f.record_id,
                Problem(
                    f.origin,
                    f"actor '{f.record_id}' is in no event, brief or affiliation",
                    "add it to an event's participants or another actor's affiliations, or link "
                    f"it from a brief as [[{f.record_id}]]",
                    WarningKind.UNLINKED_ACTOR.severity,
                    kind=WarningKind.UNLINKED_ACTOR,
                ),
            )


def _claim_problems(valid: list[FileFacts]) -> list[Problem]:
    """Claim and conflict ids used twice or also the id of a record; claims superseded by
    a claim that does not exist."""
    problems = []
    record_ids = {f.record_id for f in valid}
    seen: dict[str, Origin] = {}
    for f in valid:
        for name, origin in f.claims:
            if name in seen:
                problems.append(
                    Problem(
                        origin,
                        f"duplicate claim id '{name}'",
                        f"'{name}' is already used at {seen[name]}; rename one",
                    )
                )
            elif name in record_ids:
                problems.append(
                    Problem(
                        origin,
                        f"claim id '{name}' is also the id of a record",
                        "rename the claim so that [[links]] stay unambiguous",
                    )
                )
            else:
                seen[name] = origin
    for f in valid:
        for name, origin in f.superseded_by:
            if name not in seen:
                problems.append(
                    Problem(
                        origin,
                        f"unknown claim '{name}' in 'superseded_by'",
                        did_you_mean(name, seen) or "name a claim by its id",
                    )
                )
    return problems
