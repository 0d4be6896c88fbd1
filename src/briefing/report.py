"""The checking half of the pipeline: load -> validate -> resolve -> analyse."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from briefing.analysis.warnings import analyse, with_policy
from briefing.records.settings import Settings, load_settings
from briefing.analysis.editions import Edition, compared_edition, load_editions, revision_warnings
from briefing.check.facts import (
    INVALID,
    KIND_ORDER,
    OTHER,
    UNREADABLE,
    VALID,
    FileFacts,
    facts_of,
    global_problems,
    readers,
)
from briefing.check.fixity import fixity_problems
from briefing.records.load import (
    MAX_FILES,
    Loaded,
    LoadedFile,
    LoadError,
    Memo,
    load_one,
    load_records,
    record_files,
    shown_path,
)
from briefing.records.model import Source, TopRecord
from briefing.paths import UnsafePath
from briefing.problems import Findings, Origin, Problem, at_most_per_file, did_you_mean, failing
from briefing.project import SETTINGS_FILE, no_cycle_collection, require_project
from briefing.records.templates import template_problems
from briefing.check.resolve import Index, resolve
from briefing.records.mkdocs_file import mkdocs_file_problems
from briefing.records.validate import Briefing, names_of, validate, validate_record
from briefing.check.verify import ELSEWHERE_SEARCHES, SUGGESTIONS, Proofs


@dataclass(frozen=True)
class Report:
    index: Index
    problems: list[Problem]
    file_count: int
    settings: Settings
    # problems left out because they follow from a record that is itself invalid
    suppressed: int = 0
    # what each record file gave to the check, by path, and the problems of the other
    # files it read (settings, templates, editions): for the next check (see cache.py)
    facts: dict[str, FileFacts] = field(default_factory=dict)
    context: list[Problem] = field(default_factory=list)

    def errors(self, strict: bool = False) -> list[Problem]:
        return failing(self.problems, strict)

    def findings(self) -> Findings:
        return Findings(self.problems, self.file_count, self.suppressed)


def check_project(
    root: Path,
    memo: Memo | None = None,
    contents: dict[str, bytes] | None = None,
    proofs: Proofs | None = None,
) -> Report:
    """Every problem of a project, found at once; the resolved index for the later stages.
    With a memo, what did not change since the last check is not worked out again; with
    proofs, quotes found by an earlier check are not looked for again (see cache.py).
    `contents` has the bytes of record files read already, by path."""
    require_project(root)
    with no_cycle_collection():
        return _check(root, memo, contents, proofs)


def _edition(root: Path, settings: Settings) -> tuple[Edition | None, list[Problem]]:
    """The edition compared with (for the revision warnings and the views), and the
    problems of the recorded editions."""
    editions, problems = load_editions(root)
    if settings.compare_with is not None and settings.compare_with not in editions:
        problems.append(
            Problem(
                Origin(SETTINGS_FILE),
                f"unknown edition '{settings.compare_with}' in 'compare_with'",
                did_you_mean(settings.compare_with, editions)
                or "record it with 'briefing edition NAME', or name a file of editions/",
            )
        )
        return None, problems
    return compared_edition(editions, settings.compare_with), problems


def _context(root: Path) -> tuple[Settings, list[Problem]]:
    """The settings, and the problems of the files besides the records: briefing.yml,
    mkdocs.yml, templates/."""
    settings, problems = Settings(), []
    try:
        settings = load_settings(root)
    except (LoadError, UnsafePath) as error:
        problems.append(error.problem)
    return settings, problems + mkdocs_file_problems(root) + template_problems(root)


def _check_records(
    briefing: Briefing,
    settings: Settings,
    edition: Edition | None,
    memo: Memo | None = None,
    proofs: Proofs | None = None,
) -> tuple[Index, list[Problem]]:
    """The problems of the records to check (`briefing.records()`), each of its own file."""
    sources = [record for record in briefing.records() if isinstance(record, Source)]
    problems = fixity_problems(sources)
    index, found = resolve(briefing, memo, proofs)
    index.edition = edition
    problems += found + analyse(index) + revision_warnings(index, edition)
    return index, problems


def _report(
    index: Index,
    context: list[Problem],
    facts: dict[str, FileFacts],
    settings: Settings,
    file_count: int,
) -> Report:
    together, held_back = global_problems(facts.values())
    policy = settings.warnings  # applied here only, to every problem of the report
    problems = with_policy(
        [*context, *(p for f in facts.values() for p in f.problems), *together], policy
    )
    suppressed = len(with_policy(held_back, policy)) + sum(f.suppressed for f in facts.values())
    return Report(
        index, at_most_per_file(problems), file_count, settings, suppressed, facts, context
    )


def _check(
    root: Path, memo: Memo | None, contents: dict[str, bytes] | None, proofs: Proofs | None
) -> Report:
    settings, context = _context(root)
    edition, found = _edition(root, settings)
    context += found
    loaded = load_records(root, memo, contents)
    briefing, found = validate(loaded.records, loaded.unreadable, memo)
    problems = loaded.problems + found
    index, found = _check_records(briefing, settings, edition, memo, proofs)
    files = [(kind, shown_path(root, file)) for kind, file in record_files(root)]
    facts = facts_of(files, loaded, briefing, index, problems + found)
    context += [p for p in problems + found if p.origin.path not in facts]
    return _report(index, context, facts, settings, loaded.file_count)


class LazyTable(dict[str, Any]):
    """A table of records by id, each read from its file when it is first asked for."""

    def __init__(self, read: Callable[[str], Any], ids: Iterable[str]) -> None:
        super().__init__(dict.fromkeys(ids, _UNREAD))
        self._read = read

    def __getitem__(self, record_id: str) -> Any:
        value = super().__getitem__(record_id)
        if value is _UNREAD:
            value = self._read(record_id)
            super().__setitem__(record_id, value)
        return value

    def get(self, record_id: str, default: Any = None) -> Any:
        return self[record_id] if record_id in self else default  # noqa: SIM401 (dict.get would not read the record)

    def values(self) -> Any:
        return [self[record_id] for record_id in self]

    def items(self) -> Any:
        return [(record_id, self[record_id]) for record_id in self]


_UNREAD = object()


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
) -> Report | None:
    """The report after an edit, from the facts of the last check and the files changed
    since (same files, same settings): only the changed files, the files whose problems
    depend on a changed source, and, if a record's validity or names changed, the files
    that refer to it or suggest ids, are checked again. None if an edit reaches further
    (a file added, removed or renamed, an id used twice): the whole project is checked.

    With the `previous` report's index (`briefing serve` keeps it), the records not checked
    again are taken from it, not read, and the index returned is whole, for the views;
    without, it holds the records checked again only. `contents` has the bytes of files
    read already, by path: the very bytes whose digests the cache keeps."""
    with no_cycle_collection():
        try:
            return _recheck(root, known, context, listed, changed, previous, contents or {})
        except Stale:
            return None


def _recheck(
    root: Path,
    known: dict[str, FileFacts],
    context: list[Problem],
    listed: dict[str, str],
    changed: set[str],
    previous: Index | None,
    contents: dict[str, bytes],
) -> Report | None:
    if any(f.state == OTHER for f in known.values()):
        return None
    if len({f.record_id for f in known.values()}) != len(known):
        return None  # a duplicate id
    try:
        settings = load_settings(root)
    except (LoadError, UnsafePath):
        return None
    edition, _ = _edition(root, settings)
    if list(listed) != list(known) or len(listed) > MAX_FILES:
        return None
    fresh: dict[str, LoadedFile] = {}
    validated: dict[str, tuple[TopRecord | None, list[Problem]]] = {}

    def read(path: str) -> TopRecord | None:
        if path not in fresh:
            fresh[path] = load_one(root, listed[path], root / path, path, None, contents)
            raw = fresh[path].record
            validated[path] = validate_record(raw) if raw is not None else (None, [])
        return validated[path][0]

    now = dict(known)  # each file as it is now, as far as other files see it
    renamed = set()  # the ids of the records whose validity or names changed
    for path in changed:
        record = read(path)
        one = fresh[path]
        state = VALID if record is not None else (UNREADABLE if one.unreadable else INVALID)
        if one.record is None and not one.unreadable:
            return None  # not a record any more
        record_id = one.record.record_id if one.record else PurePosixPath(path).stem
        if (listed[path], record_id) != (known[path].kind, known[path].record_id):
            return None
        names = names_of(record) if record is not None else []
        now[path] = FileFacts(listed[path], record_id, state, names)
        if now[path].identity() != known[path].identity():
            renamed.add(record_id)
    dirty = readers(known, changed)
    if renamed:
        # what refers to them (a reference to an invalid record is not reported), and every
        # "did you mean" (which names the valid records by their ids and names)
        dirty |= {
            path for path, f in known.items() if f.suggested or renamed & {*f.mentions, *f.reads}
        }
    list_order = {path: n for n, path in enumerate(known)}
    paths = {f.record_id: path for path, f in known.items()}

    def table(kind: str) -> LazyTable:
        def value(record_id: str) -> TopRecord:
            if previous is not None and paths[record_id] not in dirty:
                kept: TopRecord = previous.briefing.table(kind)[record_id]
                return kept
            record = read(paths[record_id])
            if record is None:
                raise Stale(paths[record_id])
            return record

        return LazyTable(
            value, [f.record_id for f in now.values() if f.kind == kind and f.state == VALID]
        )

    briefing = Briefing(
        table("source"),
        table("actor"),
        table("event"),
        table("brief"),
        invalid={f.record_id for f in now.values() if f.state != VALID},
        known_names=[(f.record_id, f.names) for f in now.values() if f.state == VALID],
    )
    ordered = sorted(dirty, key=lambda p: (KIND_ORDER.index(known[p].kind), list_order[p]))
    briefing.only = [r for r in map(read, ordered) if r is not None]
    problems = []
    for path in ordered:
        read(path)
        problems += fresh[path].problems + validated[path][1]
    index, found = _check_records(briefing, settings, edition)
    problems += found
    loaded = Loaded(
        [raw for raw in (fresh[p].record for p in ordered) if raw is not None],
        [],
        set(),
        len(listed),
        unreadable_at={p: fresh[p].named for p in ordered if fresh[p].unreadable},
    )
    new = facts_of([(known[p].kind, p) for p in ordered], loaded, briefing, index, problems)
    if any(p.origin.path not in new for p in problems):
        return None
    if previous is not None:
        briefing.read_all()
        index.include(previous, {known[p].record_id for p in dirty}, dirty)
    facts = {path: new.get(path, f) for path, f in known.items()}
    if sum(f.suggested for f in facts.values()) > SUGGESTIONS:
        return None  # which names get a "did you mean" depends on the order of all
    if sum(f.searched for f in facts.values()) > ELSEWHERE_SEARCHES:
        return None
    return _report(index, context, facts, settings, len(listed))
