"""The checking half of the pipeline: load -> validate -> resolve -> analyse, into one report.

`check_project` checks a whole project. A check after an edit (incremental.recheck) checks
again only the files the edit reaches, with the parts this module gives: `check_records`
(the records to check, with the settings and the editions), `editions_of` and `report_of`
(a report from the facts of every file; `together_of`, what it says of all of them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.analysis.editions import Comparison, Editions, load_editions, revision_warnings
from briefing.analysis.support import Lexicon, fingerprinted, wording_warnings
from briefing.analysis.support.counts import conflict_readers
from briefing.analysis.warnings import analyse, with_policy
from briefing.check.facts import FileFacts, facts_of, global_problems
from briefing.check.fixity import fixity_problems
from briefing.check.proofs import Located, Proofs
from briefing.check.resolve import Index, ReadProse, Trace, resolve
from briefing.collector import no_cycle_collection
from briefing.paths import UnsafePath
from briefing.problems import (
    Findings,
    Origin,
    Problem,
    did_you_mean,
    failing,
    file_problems,
    in_order,
)
from briefing.project import SETTINGS_FILE, require_project
from briefing.records.kept import Kept
from briefing.records.load import (
    RawRecord,
    ReadFiles,
    load_records,
    record_files,
    shown_path,
    without_yaml,
)
from briefing.records.model import Source
from briefing.records.reading import LoadError
from briefing.records.settings import Settings, Warnings, load_settings
from briefing.records.validate import Briefing, Validations, validate
from briefing.warning_kinds import WarningKind


@dataclass(frozen=True)
class Report:
    index: Index
    problems: list[Problem]
    file_count: int
    settings: Settings
    # problems left out because they follow from a record that is itself invalid
    suppressed: int = 0
    # what each record file gave to the check, by path, and the problems of the other
    # files it read (settings, templates, editions), as found: for the next check (see
    # incremental/)
    facts: dict[str, FileFacts] = field(default_factory=dict)
    context: list[Problem] = field(default_factory=list)
    # what is said of all the files together, as found (before the project's policy)
    together: list[Problem] = field(default_factory=list)

    def errors(self, strict: bool = False) -> list[Problem]:
        return failing(self.problems, strict)

    def findings(self) -> Findings:
        return Findings(self.problems, self.file_count, self.suppressed)


@dataclass
class Memo:
    """What one check learnt, for the next check of the same project in this process
    (`briefing serve`), each part given to the stage that keeps it up to date: a file whose
    time and size are the same is not read again, a record not validated again, a quote
    not looked for again in a source that did not change, a brief's prose not read again."""

    files: ReadFiles = field(default_factory=ReadFiles)
    validated: Validations = field(default_factory=Kept)
    located: Located = field(default_factory=Kept)
    read_prose: ReadProse = field(default_factory=Kept)

    @property
    def changed(self) -> set[str]:
        """The paths of the files read again, or gone, in the last check."""
        return self.files.changed


def check_project(
    root: Path,
    memo: Memo | None = None,
    contents: dict[str, bytes] | None = None,
    proofs: Proofs | None = None,
    wording: dict[str, Any] | None = None,
    shown: ShownFiles | None = None,
) -> Report:
    """Every problem of a project, found at once; the resolved index for the later stages.
    With a memo, what did not change since the last check is not worked out again; with
    proofs, quotes found by an earlier check are not looked for again (see
    incremental/cache.py). `contents` has the bytes of record files read already, by path;
    `wording` is given what the check of shared wording works out, for the next check
    (support.relays.kept_candidates); `shown`, each file's problems as shown (ShownFiles)."""
    require_project(root)
    with no_cycle_collection():
        return _check(root, memo, contents, proofs, wording, shown)


def editions_of(root: Path, settings: Settings) -> tuple[Editions, list[Problem]]:
    """The recorded editions and the one compared with (for the revision warnings and the
    views), and the problems of the recorded editions: none is compared with if
    `compare_with:` names one not recorded."""
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
        return Editions(), problems
    return Editions(editions, settings.compare_with), problems


def _context(root: Path) -> tuple[Settings, list[Problem]]:
    """The settings, and the problems of the files besides the records: briefing.yml,
    mkdocs.yml, templates/."""
    # (imported here: a check after an edit takes these problems from the cache, and need
    # not load jinja2)
    from briefing.records.mkdocs_file import mkdocs_file_problems
    from briefing.records.templates import template_problems

    settings, problems = Settings(), []
    try:
        settings = load_settings(root)
    except (LoadError, UnsafePath) as error:
        problems.append(error.problem)
    return settings, problems + mkdocs_file_problems(root) + template_problems(root)


def check_records(
    briefing: Briefing,
    editions: Editions,
    proofs: Proofs | None = None,
    memo: Memo | None = None,
    settings: Settings | None = None,
    comparison: Comparison | None = None,
) -> tuple[Index, list[Problem], Trace]:
    """The problems of the records to check (`briefing.records()`), each of its own file,
    as found (see `report_of`); the index; what each record's check depended on. The
    edition compared with is worked out from the index, which must then hold every record,
    unless the `comparison` is given."""
    sources = [record for record in briefing.records() if isinstance(record, Source)]
    problems = fixity_problems(sources)
    located, read_prose = (memo.located, memo.read_prose) if memo else (None, None)
    index, found, trace = resolve(briefing, proofs, located, read_prose)
    index.comparison = comparison or editions.comparison(index)
    settings = settings or Settings()
    lexicon = Lexicon.of(settings)
    edition = index.comparison.edition
    problems += found + analyse(index, lexicon) + revision_warnings(index, edition)
    for record_id, holder in conflict_readers(index):  # its conflicts judge the record
        trace.read(holder, record_id)
    if settings.warnings.level(WarningKind.SHARED_WORDING) != "off":  # (settings key the cache)
        index.prints = fingerprinted(index)
    return index, problems, trace


def report_of(
    index: Index,
    context: list[Problem],
    facts: dict[str, FileFacts],
    settings: Settings,
    file_count: int,
    wording: dict[str, Any] | None = None,
    shown: ShownFiles | None = None,
) -> Report:
    """The report of a check: the problems of the other files, those of each record file,
    and what is said of all of them together, each warning as loud as the project sets its
    kind (here, and nowhere else). `shown`: see ShownFiles."""
    together, suppressed = together_of(index, facts, settings, wording)
    return Report(
        index,
        _shown(context, together, facts, settings.warnings, shown or ShownFiles()),
        file_count,
        settings,
        suppressed,
        facts,
        context,
        together,
    )


class ShownFiles:
    """The problems of each record file as a report shows them (`_shown`), kept with the
    facts they were made of, for the next report: `serve` makes one after each edit, which
    changes the facts of a few files (the others' are the very same objects); at 10,000
    sources, sorting and setting 82,000 warnings took 0.17 s of each edit."""

    def __init__(self) -> None:
        self.policy: Warnings | None = None
        self.files: dict[str, tuple[FileFacts, list[Problem]]] = {}


def _shown(
    context: list[Problem],
    together: list[Problem],
    facts: dict[str, FileFacts],
    policy: Warnings,
    kept: ShownFiles,
) -> list[Problem]:
    """`at_most_per_file` of every problem, each as loud as the project sets its kind: of
    the other files (`context`), of each file's facts, and of all the files `together`,
    those of a file whose facts did not change taken from `kept` (and kept anew)."""
    if kept.policy != policy:
        kept.policy, kept.files = policy, {}
    first, last = _by_path(with_policy(context, policy)), _by_path(with_policy(together, policy))
    by_path: dict[str, list[Problem]] = {}
    files: dict[str, tuple[FileFacts, list[Problem]]] = {}
    for path, f in facts.items():
        was = kept.files.get(path)
        if was is None or was[0] is not f:
            was = (f, file_problems(with_policy(f.problems, policy)))
        files[path] = was
        by_path[path] = was[1]
    for path in first.keys() | last.keys():
        own = with_policy(facts[path].problems, policy) if path in facts else []
        by_path[path] = file_problems(first.get(path, []) + own + last.get(path, []))
    kept.files = files
    return in_order(by_path)


def _by_path(problems: list[Problem]) -> dict[str, list[Problem]]:
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        found.setdefault(problem.origin.path, []).append(problem)
    return found


def together_of(
    index: Index,
    facts: dict[str, FileFacts],
    settings: Settings,
    wording: dict[str, Any] | None = None,
) -> tuple[list[Problem], int]:
    """What is said of all the files together, from the facts of each (their problems
    aside), as found; and how many problems are not shown because they may follow from an
    invalid record. `wording`: see check_project."""
    together, held_back = global_problems(facts.values())
    policy = settings.warnings
    if policy.level(WarningKind.SHARED_WORDING) != "off":
        together += wording_warnings(facts.values(), index.briefing.sources, wording)
    suppressed = len(with_policy(held_back, policy)) + sum(f.suppressed for f in facts.values())
    return together, suppressed


def _valid_at(briefing: Briefing, raw: RawRecord) -> bool:
    """Whether a record read is the valid record of its id (not a second file with it)."""
    record = briefing.table(raw.kind).get(raw.record_id)
    return record is not None and record.path == raw.path


def _check(
    root: Path,
    memo: Memo | None,
    contents: dict[str, bytes] | None,
    proofs: Proofs | None,
    wording: dict[str, Any] | None,
    shown: ShownFiles | None = None,
) -> Report:
    settings, context = _context(root)
    editions, found = editions_of(root, settings)
    context += found
    loaded = load_records(root, memo.files if memo else None, contents)
    briefing, found = validate(loaded.records, loaded.unreadable, memo.validated if memo else None)
    without_yaml(loaded, lambda raw: _valid_at(briefing, raw))
    problems = loaded.problems + found
    index, found, trace = check_records(briefing, editions, proofs, memo, settings)
    files = [(kind, shown_path(root, file)) for kind, file in record_files(root)]
    facts = facts_of(files, loaded, briefing, index, trace, problems + found)
    context += [p for p in problems + found if p.origin.path not in facts]
    return report_of(index, context, facts, settings, loaded.file_count, wording, shown)
