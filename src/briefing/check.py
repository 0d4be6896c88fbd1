"""The checking half of the pipeline: load -> validate -> resolve -> analyse."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from briefing.analyse import analyse, with_policy
from briefing.config import SETTINGS_FILE, Settings, load_settings
from briefing.editions import compared_edition, load_editions, revision_warnings
from briefing.fixity import fixity_problems
from briefing.load import KINDS, LoadError, Memo, load_records
from briefing.paths import UnsafePath
from briefing.problems import Origin, Problem, Severity, at_most_per_file, did_you_mean
from briefing.project_templates import template_problems
from briefing.resolve import Index, resolve
from briefing.site_config import mkdocs_file_problems
from briefing.validate import validate

PROJECT_MARKERS = ("mkdocs.yml", "briefing.yml", *(folder for folder, _, _ in KINDS.values()))


class NotAProject(Exception):
    pass


@dataclass(frozen=True)
class Report:
    index: Index
    problems: list[Problem]
    file_count: int
    settings: Settings
    # problems left out because they follow from a record that is itself invalid
    suppressed: int = 0

    def errors(self, strict: bool = False) -> list[Problem]:
        """The problems that fail: errors, and warnings under --strict; notes never do."""
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return [p for p in self.problems if p.severity in failing]


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


def check_project(root: Path, memo: Memo | None = None) -> Report:
    """Every problem of a project, found at once; the resolved index for the later stages.
    With a memo, what did not change since the last check is not worked out again."""
    if not root.is_dir() or not any((root / marker).exists() for marker in PROJECT_MARKERS):
        raise NotAProject(
            f"'{root}' is not a briefing project (no sources/, actors/, events/, "
            "briefs/ or mkdocs.yml)"
        )
    with _no_cycle_collection():
        return _check(root, memo)


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


def _check(root: Path, memo: Memo | None) -> Report:
    settings, settings_problems = Settings(), []
    try:
        settings = load_settings(root)
    except (LoadError, UnsafePath) as error:
        settings_problems.append(error.problem)
    settings_problems += mkdocs_file_problems(root) + template_problems(root)
    loaded = load_records(root, memo)
    briefing, found = validate(loaded.records, loaded.unreadable, memo, loaded.named_by_unreadable)
    problems = settings_problems + loaded.problems
    problems += with_policy([*found, *fixity_problems(briefing.sources)], settings.warnings)
    index, found = resolve(briefing, memo)
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
