"""The checking half of the pipeline: load -> validate -> resolve -> analyse."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from briefing.analyse import analyse, with_policy
from briefing.config import Settings, load_settings
from briefing.editions import compared_edition, load_editions, revision_warnings
from briefing.fixity import fixity_problems
from briefing.load import LoadError, Memo, load_records
from briefing.paths import UnsafePath
from briefing.problems import Findings, Origin, Problem, at_most_per_file, did_you_mean, failing
from briefing.project import SETTINGS_FILE, require_project
from briefing.project_templates import template_problems
from briefing.resolve import Index, resolve
from briefing.site_config import mkdocs_file_problems
from briefing.validate import validate
from briefing.verify import Proofs


@dataclass(frozen=True)
class Report:
    index: Index
    problems: list[Problem]
    file_count: int
    settings: Settings
    # problems left out because they follow from a record that is itself invalid
    suppressed: int = 0

    def errors(self, strict: bool = False) -> list[Problem]:
        return failing(self.problems, strict)

    def findings(self) -> Findings:
        return Findings(self.problems, self.file_count, self.suppressed)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Records are trees: the cyclic collector, run again and again over the millions of
    objects a large project makes, found nothing and took a tenth of the check."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    with _no_cycle_collection():
        return _check(root, memo, contents, proofs)


def _edition(root: Path, index: Index, settings: Settings) -> list[Problem]:
    """Load the editions; the one compared with goes on the index for the views."""
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
        return problems
    index.edition = compared_edition(editions, settings.compare_with)
    return problems + with_policy(revision_warnings(index, index.edition), settings.warnings)


def _check(
    root: Path, memo: Memo | None, contents: dict[str, bytes] | None, proofs: Proofs | None
) -> Report:
    settings, settings_problems = Settings(), []
    try:
        settings = load_settings(root)
    except (LoadError, UnsafePath) as error:
        settings_problems.append(error.problem)
    settings_problems += mkdocs_file_problems(root) + template_problems(root)
    loaded = load_records(root, memo, contents)
    briefing, found = validate(loaded.records, loaded.unreadable, memo, loaded.named_by_unreadable)
    problems = settings_problems + loaded.problems
    problems += with_policy([*found, *fixity_problems(briefing.sources)], settings.warnings)
    index, found = resolve(briefing, memo, proofs)
    problems += found
    warnings, suppressed = analyse(index, settings.warnings)
    problems += warnings
    problems += _edition(root, index, settings)
    return Report(
        index,
        at_most_per_file(problems),
        loaded.file_count,
        settings,
        index.suppressed + suppressed,
    )
