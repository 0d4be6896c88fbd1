"""Editions: the state of each brief recorded by `briefing edition NAME`, and what changed
since.

An edition is a small YAML file in the project's `editions/` folder, committed with it and
readable in a diff: for each brief, its key judgments (words, confidence, likelihood,
sources), the claims of the records it links, and the sources all of them cite (grade,
retraction). The site and the PDF show, for each brief, what changed since the edition
the project compares with (`compare_with:` in briefing.yml, else the latest recorded).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefing.check.resolve import Index
from briefing.files import utc_now, write_atomically
from briefing.paths import UnsafePath, inside_project
from briefing.problems import Origin, Problem
from briefing.records.model import Brief, Claim
from briefing.records.reading import LoadError, decode, parse_yaml_mapping, read_limited
from briefing.warning_kinds import WarningKind

FOLDER = "editions"


def _judgment(claim: Claim) -> dict[str, Any]:
    return {
        "text": claim.text,
        "confidence": claim.confidence_level,
        "likelihood": claim.likelihood,
        "sources": sorted({c.source for c in claim.cite}),
        "deprecated": claim.deprecated is not None,
    }


def _linked_claims(index: Index, brief: Brief) -> dict[str, Claim]:
    found: dict[str, Claim] = {}
    for record in index.briefing.records():
        if brief.record_id in index.mentioned_in.get(record.record_id, set()):
            for claim in getattr(record, "claims", []):
                found[claim.claim_id] = claim
    return found


def brief_state(index: Index, brief: Brief) -> dict[str, Any]:
    claims = _linked_claims(index, brief)
    cited = {c.source for claim in [*brief.key_judgments, *claims.values()] for c in claim.cite}
    blocks = index.blocks.get(brief.record_id, [])
    cited |= {c.source_id for block in blocks for c in block.citations}
    sources = index.briefing.sources
    return {
        "key_judgments": {claim.claim_id: _judgment(claim) for claim in brief.key_judgments},
        "claims": {
            claim_id: {"text": claim.text, "deprecated": claim.deprecated is not None}
            for claim_id, claim in sorted(claims.items())
        },
        "sources": {
            source_id: {
                "reliability": sources[source_id].reliability,
                "retracted": sources[source_id].retracted is not None,
            }
            for source_id in sorted(cited)
            if source_id in sources
        },
    }


def snapshot(index: Index, name: str) -> dict[str, Any]:
    return {
        "edition": name,
        "recorded": utc_now(),
        "briefs": {
            brief_id: brief_state(index, brief)
            for brief_id, brief in sorted(index.briefing.briefs.items())
        },
    }


def write_edition(root: Path, index: Index, name: str, force: bool = False) -> Path:
    """Write editions/NAME.yml; FileExistsError if it exists and not `force`; UnsafePath,
    before anything is written, if editions/ or the file is a link (written through, it
    would change a file outside the project)."""
    target = inside_project(root, root / FOLDER / f"{name}.yml")
    if os.path.lexists(target) and not force:
        raise FileExistsError(str(target))
    target.parent.mkdir(exist_ok=True)
    text = yaml.safe_dump(snapshot(index, name), sort_keys=False, allow_unicode=True, width=100)
    header = f"# briefing edition {name}: written by `briefing edition`\n"
    write_atomically(target, (header + text).encode("utf-8"))
    return target


@dataclass(frozen=True)
class Edition:
    name: str
    recorded: str
    briefs: dict[str, Any]


def _edition_files(root: Path) -> list[Path]:
    """editions/*.yml, sorted, links among them too (for the reading to refuse at their
    path); UnsafePath if editions/ itself is a link, whose files are not even listed."""
    folder = inside_project(root, root / FOLDER)
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        names = sorted(
            entry.name
            for entry in entries
            if entry.name.endswith(".yml")
            and (entry.is_symlink() or entry.is_file(follow_symlinks=False))
        )
    return [folder / name for name in names]


def load_editions(root: Path) -> tuple[dict[str, Edition], list[Problem]]:
    """The recorded editions by name, and the problems of the files that are not; nothing
    is read through a symbolic link, the same rule as for the record folders."""
    found: dict[str, Edition] = {}
    problems: list[Problem] = []
    try:
        files = _edition_files(root)
    except UnsafePath as error:
        return found, [error.problem]
    for file in files:
        shown = f"{FOLDER}/{file.name}"
        try:
            inside_project(root, file)  # before anything reads it: a link is never opened
            data = parse_yaml_mapping(decode(read_limited(file, shown), shown), shown)
        except (LoadError, UnsafePath) as error:
            problems.append(error.problem)
            continue
        fault = _shape_fault(data.get("briefs"))
        if fault:
            problems.append(
                Problem(
                    Origin(shown, 1, 1),
                    f"edition file is not as 'briefing edition' writes it: {fault}",
                    "record it again with 'briefing edition NAME --force'",
                )
            )
            continue
        found[file.stem] = Edition(file.stem, str(data.get("recorded", "")), dict(data["briefs"]))
    return found, problems


def _shape_fault(briefs: object) -> str:
    """What is wrong with an edition's briefs, read back: '' when each brief maps its key
    judgments, claims and sources to mappings, as `briefing edition` writes them."""
    if not isinstance(briefs, dict):
        return "it has no 'briefs:' mapping"
    for brief_id, state in briefs.items():
        if not isinstance(state, dict):
            return f"brief '{brief_id}' is not a mapping"
        for part in ("key_judgments", "claims", "sources"):
            entries = state.get(part) or {}
            if not isinstance(entries, dict) or not all(
                isinstance(entry, dict) for entry in entries.values()
            ):
                return f"'{part}' of brief '{brief_id}' is not a mapping of mappings"
    return ""


def compared_edition(editions: dict[str, Edition], name: str | None) -> Edition | None:
    if name is not None:
        return editions.get(name)
    return max(editions.values(), key=lambda e: (e.recorded, e.name), default=None)


@dataclass
class Changes:
    """What changed in one brief since an edition, in words a reader reads."""

    edition: str
    judgments: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.judgments or self.claims or self.sources)


def changed_judgments(brief: Brief, before: dict[str, Any]) -> list[tuple[Claim, str]]:
    """Key judgments changed in wording, confidence or likelihood, with what changed."""
    old = before.get("key_judgments") or {}
    found = []
    for claim in brief.key_judgments:
        was = old.get(claim.claim_id)
        if not isinstance(was, dict):
            continue
        now = _judgment(claim)
        what = []
        if was.get("text") != now["text"]:
            what.append("wording")
        for key in ("confidence", "likelihood"):
            if was.get(key) != now[key]:
                what.append(f"{key} {was.get(key) or 'none'} → {now[key] or 'none'}")
        if what:
            found.append((claim, ", ".join(what)))
    return found


def changes(index: Index, brief: Brief, edition: Edition) -> Changes:
    before = edition.briefs.get(brief.record_id) or {}
    now = brief_state(index, brief)
    return Changes(
        edition.name,
        _judgment_changes(brief, before, now),
        _claim_changes(before, now),
        _source_changes(index, before, now),
    )


def _judgment_changes(brief: Brief, before: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """Key judgments added, changed (with the reason given), withdrawn and removed."""
    found = []
    old = before.get("key_judgments") or {}
    for claim_id, state in now["key_judgments"].items():
        if claim_id not in old:
            found.append(f"Added: {state['text']}")
    for claim, what in changed_judgments(brief, before):
        reason = f" Reason: {claim.revised}" if claim.revised else " (no reason given)"
        found.append(f"Changed ({what}): {claim.text}{reason}")
    for claim in brief.key_judgments:
        was = old.get(claim.claim_id)
        if claim.deprecated and isinstance(was, dict) and not was.get("deprecated"):
            found.append(f"Withdrawn: {claim.text} Reason: {claim.deprecated.reason}")
    for claim_id, state in old.items():
        if claim_id not in now["key_judgments"]:
            found.append(f"Removed: {state.get('text', claim_id)}")
    return found


def _claim_changes(before: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """Claims of the linked records added, deprecated and removed."""
    found = []
    old = before.get("claims") or {}
    for claim_id, state in now["claims"].items():
        was = old.get(claim_id)
        if was is None:
            found.append(f"Added: {state['text']}")
        elif state["deprecated"] and not was.get("deprecated"):
            found.append(f"Deprecated: {state['text']}")
    for claim_id, state in old.items():
        if claim_id not in now["claims"]:
            found.append(f"Removed: {state.get('text', claim_id)}")
    return found


def _source_changes(index: Index, before: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """Sources cited anew, regraded (with the grade's reason), retracted, no longer cited."""
    found = []
    old = before.get("sources") or {}
    sources = index.briefing.sources
    for source_id, state in now["sources"].items():
        was = old.get(source_id)
        title = sources[source_id].title
        if was is None:
            found.append(f"Added: {title}")
            continue
        if was.get("reliability") != state["reliability"]:
            why = sources[source_id].reliability_reason
            found.append(
                f"Regraded {was.get('reliability')} → {state['reliability']}: {title}"
                + (f" (now: {why})" if why else "")
            )
        if state["retracted"] and not was.get("retracted"):
            found.append(f"Retracted: {title}")
    for source_id in old:
        if source_id not in now["sources"]:
            found.append(f"No longer cited: {source_id}")
    return found


def revision_warnings(index: Index, edition: Edition | None) -> list[Problem]:
    """A key judgment changed since the edition with no `revised:` reason (ICD 203 asks
    analysts to explain changes in their judgments)."""
    if edition is None:
        return []
    problems = []
    for brief in index.briefing.records():
        if not isinstance(brief, Brief):
            continue
        before = edition.briefs.get(brief.record_id) or {}
        for claim, what in changed_judgments(brief, before):
            if not claim.revised:
                problems.append(
                    Problem(
                        claim.at(),
                        f"key judgment '{claim.claim_id}' changed since edition "
                        f"'{edition.name}' ({what}) with no reason given",
                        "add 'revised:' with one line on why the judgment changed",
                        WarningKind.UNEXPLAINED_REVISION.severity,
                        kind=WarningKind.UNEXPLAINED_REVISION,
                    )
                )
    return problems
