"""A check after an edit, from the facts of the last check (check.facts) and the files
changed since: only the files the edit reaches are checked again, with what the check of a
whole project does to each (report.check_records), and the report is made from the facts of
every file as a whole check makes it (report.report_of). Its result is what a check from
nothing gives: tests/test_cache.py and tests/test_live.py hold it to that.

Another record's problems depend on a record only through its id, kind, validity and names
(which resolve references and suggest ids), and, for a source, through its words and keys
(which prove quotes and count origins). So an edit that keeps a file's identity reaches only
that file, and, if it is a source, the files that read it; an edit that changes a record's
validity or names reaches too the files that refer to it, and those given a "did you mean".
Any other edit (a file added, removed or renamed, an id used twice) is checked whole, and
so is any edit when the edition the briefs are compared with depends on every record (by
default, with two editions recorded: the one before the latest while the records are as the
latest recorded them), unless `serve`'s whole index shows the comparison unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Generic, TypeVar, cast

from briefing.analysis.editions import Comparison, Editions
from briefing.check.facts import (
    EVERY_SOURCE,
    INVALID,
    KIND_ORDER,
    OTHER,
    UNREADABLE,
    VALID,
    FileFacts,
    actor_kind_of,
    facts_of,
)
from briefing.check.resolve import Index
from briefing.check.verify import ELSEWHERE_SEARCHES, SUGGESTIONS
from briefing.collector import no_cycle_collection
from briefing.incremental.included import include
from briefing.paths import UnsafePath
from briefing.problems import Problem
from briefing.records.load import MAX_FILES, Loaded, LoadedFile, load_one
from briefing.records.model import Actor, Brief, Event, Source, TopRecord, conflict_sources
from briefing.records.reading import LoadError
from briefing.records.settings import Settings, load_settings
from briefing.records.validate import Briefing, names_of, validate_record
from briefing.report import (
    Report,
    ShownFiles,
    check_records,
    editions_of,
    report_of,
)

R = TypeVar("R", bound=TopRecord)


class LazyTable(dict[str, R], Generic[R]):
    """A table of records by id, each read from its file when it is first asked for."""

    def __init__(self, read: Callable[[str], R], ids: Iterable[str]) -> None:
        # every id a key, for `in`, len() and iteration, with its record once read
        super().__init__(dict.fromkeys(ids, cast(R, _UNREAD)))
        self._read = read

    def __getitem__(self, record_id: str) -> R:
        value = super().__getitem__(record_id)
        if value is _UNREAD:
            value = self._read(record_id)
            super().__setitem__(record_id, value)
        return value

    def get(self, record_id: str, default: R | None = None) -> R | None:  # type: ignore[override]
        return self[record_id] if record_id in self else default  # noqa: SIM401 (dict.get would not read the record)

    def values(self) -> list[R]:  # type: ignore[override]
        return [self[record_id] for record_id in self]

    def items(self) -> list[tuple[str, R]]:  # type: ignore[override]
        return [(record_id, self[record_id]) for record_id in self]


_UNREAD = object()


@dataclass
class PartlyChecked(Briefing):
    """The records of a project of which only some are checked again: `records()` gives
    those (`only`, in the order of all), and the tables still answer for every record,
    reading it when asked; `names()` and `namings()` give every valid record's names from
    the facts, which `records()` cannot give."""

    only: list[TopRecord] = field(default_factory=list)
    known_names: list[tuple[str, list[str]]] = field(default_factory=list)
    known_actors: list[tuple[str, list[str], str]] = field(default_factory=list)
    # (id, the sources its conflicts cite) of each actor and event, in the order of a check
    known_conflicts: list[tuple[str, list[str]]] = field(default_factory=list)

    def records(self) -> Iterator[TopRecord]:
        yield from self.only

    def names(self) -> Iterator[tuple[str, list[str]]]:
        yield from self.known_names

    def namings(self) -> Iterator[tuple[str, list[str], str]]:
        yield from self.known_actors

    def conflict_holders(self) -> dict[str, list[str]]:
        holders: dict[str, list[str]] = {}
        for record_id, source_ids in self.known_conflicts:
            for source_id in source_ids:
                holders.setdefault(source_id, []).append(record_id)
        return holders

    def read_all(self) -> Briefing:
        """Every record, in plain tables (for the views), not only those checked again."""
        return Briefing(
            dict(self.sources.items()),
            dict(self.actors.items()),
            dict(self.events.items()),
            dict(self.briefs.items()),
            self.invalid,
        )


class Stale(Exception):
    """A file changed while it was being checked again: check the whole project."""


def recheck(
    root: Path,
    known: dict[str, FileFacts],
    context: list[Problem],
    listed: dict[str, str],
    changed: set[str],
    previous: Index | None = None,
    contents: dict[str, bytes] | None = None,
    wording: dict[str, Any] | None = None,
    shown: ShownFiles | None = None,
) -> Report | None:
    """The report after an edit, from the facts of the last check and the files changed
    since (same files, same settings): only the changed files, the files whose problems
    depend on a changed source, and, if a record's validity or names changed, the files
    that refer to it or suggest ids, are checked again. None if an edit reaches further:
    then the whole project is to be checked.

    With the `previous` report's index (`briefing serve` keeps it), the records not checked
    again are taken from it, not read, and the index returned is whole, for the views;
    without, it holds the records checked again only. `contents` has the bytes of files
    read already, by path: the very bytes whose digests the cache keeps; `wording`, what
    the last check worked out of shared wording (support.relays.kept_candidates); `shown`,
    each file's problems as the last report showed them (report.ShownFiles)."""
    found = recheck_facts(root, known, listed, changed, previous, contents)
    if found is None:
        return None
    facts, settings = found.facts, found.settings
    return report_of(found.index, context, facts, settings, len(listed), wording, shown)


@dataclass(frozen=True)
class Rechecked:
    """What a check after an edit found: the index, the facts of every file (those of the
    files checked again new), the settings, and the paths of the files checked again."""

    index: Index
    facts: dict[str, FileFacts]
    settings: Settings
    checked: list[str]


def recheck_facts(
    root: Path,
    known: dict[str, FileFacts],
    listed: dict[str, str],
    changed: set[str],
    previous: Index | None = None,
    contents: dict[str, bytes] | None = None,
) -> Rechecked | None:
    """What `recheck` finds, before it is made a report: a report can also be made from
    the problems a report of the last check kept, with those of the files checked again
    (incremental.rows). The facts `known` need their problems only for `recheck`."""
    if not _same_files(known, listed):
        return None
    with no_cycle_collection():
        try:
            return _recheck(root, known, listed, changed, previous, contents or {})
        except Stale:
            return None


def _same_files(known: dict[str, FileFacts], listed: dict[str, str]) -> bool:
    """Whether the files listed now are those of the facts, each a record with an id of its
    own: a file added, removed or renamed, or an id used twice, is checked whole."""
    if list(listed) != list(known) or len(listed) > MAX_FILES:
        return False
    if any(f.state == OTHER for f in known.values()):
        return False
    return len({f.record_id for f in known.values()}) == len(known)


class _Files:
    """The files checked again, each read and validated once, when first asked for."""

    def __init__(self, root: Path, listed: dict[str, str], contents: dict[str, bytes]) -> None:
        self.root, self.listed, self.contents = root, listed, contents
        self.loaded: dict[str, LoadedFile] = {}
        self.validated: dict[str, tuple[TopRecord | None, list[Problem]]] = {}

    def record(self, path: str) -> TopRecord | None:
        """The valid record of a file, or None."""
        if path not in self.loaded:
            one = load_one(
                self.root, self.listed[path], self.root / path, path, None, self.contents
            )
            self.loaded[path] = one
            self.validated[path] = validate_record(one.record) if one.record else (None, [])
        return self.validated[path][0]

    def problems(self, path: str) -> list[Problem]:
        """The problems of reading and validating a file."""
        self.record(path)
        return self.loaded[path].problems + self.validated[path][1]

    def facts(self, path: str, was: FileFacts) -> FileFacts | None:
        """What other files see of a file now: its kind, id, state and names; None if it is
        not the record it was."""
        record = self.record(path)
        one = self.loaded[path]
        if one.record is None and not one.unreadable:
            return None  # not a record any more
        record_id = one.record.record_id if one.record else PurePosixPath(path).stem
        if (self.listed[path], record_id) != (was.kind, was.record_id):
            return None
        state = VALID if record is not None else (UNREADABLE if one.unreadable else INVALID)
        names = names_of(record) if record is not None else []
        return FileFacts(was.kind, record_id, state, names, actor_kind=actor_kind_of(record))

    def loaded_as_whole(self, paths: list[str]) -> Loaded:
        """What load_records would say of these files."""
        loaded = [self.loaded[path] for path in paths]
        return Loaded(
            [one.record for one in loaded if one.record is not None],
            [],
            set(),
            len(self.listed),
            unreadable_at={
                path: self.loaded[path].named for path in paths if self.loaded[path].unreadable
            },
        )


def _renamed(
    files: _Files, known: dict[str, FileFacts], changed: set[str]
) -> tuple[dict[str, FileFacts], set[str]] | None:
    """Each file as other files see it now, and the ids of the records whose validity or
    names changed; None if a changed file is no longer the record it was."""
    now = dict(known)
    renamed = set()
    for path in changed:
        facts = files.facts(path, known[path])
        if facts is None:
            return None
        now[path] = facts
        if facts.identity() != known[path].identity():
            renamed.add(facts.record_id)
    return now, renamed


def readers(facts: dict[str, FileFacts], changed: Iterable[str]) -> set[str]:
    """The paths of the changed files and of every file whose problems depend on a changed
    record: a source, directly or through another source (a translation, a relay), or a
    record whose conflicts judge its statements.

    Each step looks through the facts for the files that read what the step before reached:
    an edit reaches a file or two in a step or two (at 10,000 sources, 2 ms a step, where
    indexing every file's reads took 0.1 s); past SCANS steps, a long chain of sources that
    read each other, the reads are indexed, so that the time stays linear."""
    reached = set(changed)
    new = reached
    for _ in range(SCANS):
        ids = {facts[path].record_id for path in new}
        # (a record's own id in another's reads: its conflicts judge the other's statements)
        new = {p for p, f in facts.items() if f.reads and not ids.isdisjoint(f.reads)} - reached
        if not new:
            break
        reached |= new
    else:
        return _indexed_readers(facts, reached)
    if any(facts[path].kind == "source" for path in reached):
        reached.update(path for path, f in facts.items() if EVERY_SOURCE in f.reads)
    return reached


SCANS = 4


def _indexed_readers(facts: dict[str, FileFacts], changed: Iterable[str]) -> set[str]:
    """`readers`, from an index of every file's reads."""
    by_source: dict[str, list[str]] = {}
    everything: list[str] = []
    for path, f in facts.items():
        for source_id in f.reads:
            if source_id == EVERY_SOURCE:
                everything.append(path)
            else:
                by_source.setdefault(source_id, []).append(path)
    reached = set(changed)
    todo = list(reached)
    any_source = False
    while todo:
        f = facts[todo.pop()]
        any_source |= f.kind == "source"
        for path in by_source.get(f.record_id, ()):
            if path not in reached:
                reached.add(path)
                todo.append(path)
    if any_source:
        reached.update(everything)
    return reached


def _reached(known: dict[str, FileFacts], changed: set[str], renamed: set[str]) -> list[str]:
    """The files to check again, in the order a whole check takes them: the changed files,
    what reads a changed source, and, if records were renamed (their validity or names
    changed), what refers to them (a reference to an invalid record is not reported) and
    every file given a "did you mean" (which names the valid records by ids and names). An
    actor renamed reaches every file with statements: the support checks look for every
    actor's names in what each statement and its excerpts say (analysis/support/names.py)."""
    dirty = readers(known, changed)
    if renamed:
        actor_renamed = any(f.kind == "actor" and f.record_id in renamed for f in known.values())
        dirty |= {
            path
            for path, f in known.items()
            if f.suggested
            or renamed & {*f.mentions, *f.reads}
            or (actor_renamed and f.kind != "source")
        }
    order = {path: n for n, path in enumerate(known)}
    return sorted(dirty, key=lambda p: (KIND_ORDER.index(known[p].kind), order[p]))


def _briefing(
    files: _Files, now: dict[str, FileFacts], dirty: set[str], previous: Index | None
) -> PartlyChecked:
    """The valid records as they are now, each read when the check asks for it: from the
    previous index if it was not checked again, from its file otherwise."""
    paths = {f.record_id: path for path, f in now.items()}

    def table(kind: str, model: type[R]) -> LazyTable[R]:
        def value(record_id: str) -> R:
            path = paths[record_id]
            if previous is not None and path not in dirty:
                record = previous.briefing.table(kind)[record_id]
            else:
                record = files.record(path)
            if not isinstance(record, model):
                raise Stale(path)
            return record

        ids = [f.record_id for f in now.values() if f.kind == kind and f.state == VALID]
        return LazyTable(value, ids)

    actors, events = table("actor", Actor), table("event", Event)

    def conflicts(path: str, f: FileFacts) -> list[str]:
        """What its conflicts cite: from the facts, unless it is checked again."""
        if path not in dirty:
            return f.conflict_cites
        return conflict_sources(actors[f.record_id] if f.kind == "actor" else events[f.record_id])

    return PartlyChecked(
        table("source", Source),
        actors,
        events,
        table("brief", Brief),
        invalid={f.record_id for f in now.values() if f.state != VALID},
        known_names=[(f.record_id, f.names) for f in now.values() if f.state == VALID],
        known_actors=[
            (f.record_id, f.names, f.actor_kind)
            for f in now.values()
            if f.state == VALID and f.kind == "actor"
        ],
        known_conflicts=[
            (f.record_id, conflicts(path, f))
            for kind in ("actor", "event")
            for path, f in now.items()
            if f.state == VALID and f.kind == kind
        ],
    )


def _recheck(
    root: Path,
    known: dict[str, FileFacts],
    listed: dict[str, str],
    changed: set[str],
    previous: Index | None,
    contents: dict[str, bytes],
) -> Rechecked | None:
    try:
        settings = load_settings(root)
    except (LoadError, UnsafePath):
        return None
    files = _Files(root, listed, contents)
    found = _renamed(files, known, changed)
    if found is None:
        return None
    now, renamed = found
    ordered = _reached(known, changed, renamed)
    briefing = _briefing(files, now, set(ordered), previous)
    briefing.only = [record for record in map(files.record, ordered) if record is not None]
    problems = [problem for path in ordered for problem in files.problems(path)]
    editions = editions_of(root, settings)[0]
    if previous is None and editions.decided_by_records():
        return None  # the edition compared with depends on every record: see _same_comparison
    kept = previous.comparison if previous is not None else editions.comparison(None)
    index, found_now, trace = check_records(briefing, editions, settings=settings, comparison=kept)
    problems += found_now
    new = facts_of(
        [(known[p].kind, p) for p in ordered],
        files.loaded_as_whole(ordered),
        briefing,
        index,
        trace,
        problems,
    )
    if any(p.origin.path not in new for p in problems):
        return None
    facts = {path: new.get(path, f) for path, f in known.items()}
    if not _as_a_whole_check(facts.values()):
        return None
    if previous is not None:
        index.briefing = briefing.read_all()
        include(index, previous, {known[p].record_id for p in ordered}, set(ordered))
        if not _same_comparison(index, editions, kept):
            return None
    return Rechecked(index, facts, settings, ordered)


def _same_comparison(index: Index, editions: Editions, kept: Comparison) -> bool:
    """Whether the index, now whole, compares with the edition the records checked again
    were compared with, and it is set as the whole index shows it: an edit can make the
    records what the latest edition recorded, or no longer, and with the default the edition
    compared with is then another, for every brief."""
    now = index.comparison = editions.comparison(index)
    return now.edition == kept.edition


def _as_a_whole_check(facts: Iterable[FileFacts]) -> bool:
    """Whether what a file was told can be told of it alone: the "did you mean" hints and
    the searches of every source are given to the first so many only, in the order of all
    the files."""
    every = list(facts)
    return (
        sum(f.suggested for f in every) <= SUGGESTIONS
        and sum(f.searched for f in every) <= ELSEWHERE_SEARCHES
    )
