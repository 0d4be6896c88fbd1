"""Editions: the state of each brief recorded by `briefing edition NAME`, and what changed
since.

An edition is a small YAML file in the project's `editions/` folder, committed with it and
readable in a diff: for each brief, its key judgments (words, confidence, likelihood,
sources), the claims of the records it links, and the sources all of them cite (grade,
retraction). The site and the PDF show, for each brief, what changed since the edition
the project compares with (`Comparison`): the one `compare_with:` in briefing.yml names;
else the latest recorded, unless the records are still as it recorded them (the edition
being published), then the one recorded before it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefing.analysis.wording import Rewording, reworded, same_words
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
    return linked_claims(index, [brief.record_id])[brief.record_id]


def linked_claims(index: Index, brief_ids: list[str]) -> dict[str, dict[str, Claim]]:
    """The claims of the records each brief links to, by brief id, in one pass over them."""
    found: dict[str, dict[str, Claim]] = {brief_id: {} for brief_id in brief_ids}
    for record in index.briefing.records():
        for brief_id in index.mentioned_in.get(record.record_id, set()) & found.keys():
            for claim in getattr(record, "claims", []):
                found[brief_id][claim.claim_id] = claim
    return found


def brief_state(
    index: Index, brief: Brief, claims: dict[str, Claim] | None = None
) -> dict[str, Any]:
    """What an edition records of a brief (`claims`: those of the records it links to, when
    worked out already)."""
    claims = _linked_claims(index, brief) if claims is None else claims
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


def latest_edition(editions: dict[str, Edition]) -> Edition | None:
    """The edition recorded last (by its time, then its name)."""
    return max(editions.values(), key=_recorded_order, default=None)


def _recorded_order(edition: Edition) -> tuple[str, str]:
    return (edition.recorded, edition.name)


def _recorded_before(editions: dict[str, Edition], edition: Edition) -> Edition | None:
    earlier = [e for e in editions.values() if _recorded_order(e) < _recorded_order(edition)]
    return max(earlier, key=_recorded_order, default=None)


@dataclass(frozen=True)
class Comparison:
    """Which edition the views show changes since, and which edition the records are.

    `edition` is the one compared with (None: there is none to compare with); `current` the
    latest recorded when every brief is still as it recorded it (the edition being
    published), else None; `latest` the latest recorded; `named` whether briefing.yml's
    `compare_with:` chose the edition."""

    edition: Edition | None = None
    current: Edition | None = None
    latest: Edition | None = None
    named: bool = False

    def names(self) -> tuple[str | None, str | None]:
        """The names of the edition compared with and of the current one: what a view says."""
        return (
            self.edition.name if self.edition else None,
            self.current.name if self.current else None,
        )


@dataclass(frozen=True)
class Editions:
    """The recorded editions, by name, and the one briefing.yml's `compare_with:` names."""

    recorded: dict[str, Edition] = field(default_factory=dict)
    compare_with: str | None = None

    def comparison(self, index: Index | None) -> Comparison:
        """What the views show: changes since the edition `compare_with:` names; by default
        since the latest, unless the records are as it recorded them, then since the one
        recorded before it (none if it is the first). Without an `index` of every record (a
        check of some of them), `current` is not known and the latest is compared with: a
        check says the same of them unless `decided_by_records`."""
        latest = latest_edition(self.recorded)
        current = None
        if latest is not None and index is not None and is_recorded(index, latest):
            current = latest
        if self.compare_with is not None:
            return Comparison(self.recorded.get(self.compare_with), current, latest, named=True)
        if current is None:
            return Comparison(latest, current, latest)
        return Comparison(_recorded_before(self.recorded, current), current, latest)

    def decided_by_records(self) -> bool:
        """Whether the edition compared with depends on every record: by default, with two
        editions or more. (With one, it is that one or none, and a check warns of nothing
        either way: a brief as the edition recorded it changed nothing since.)"""
        return self.compare_with is None and len(self.recorded) > 1


def is_recorded(index: Index, edition: Edition) -> bool:
    """Whether every brief is as the edition recorded it: the same briefs, each with the
    same key judgments, claims and sources, each as the edition says it (what an edition
    recorded by an earlier version of briefing does not say is not compared)."""
    briefs = index.briefing.briefs
    if set(briefs) != set(edition.briefs):
        return False
    claims = linked_claims(index, list(briefs))
    return all(
        _as_recorded(brief_state(index, brief, claims[brief_id]), edition.briefs[brief_id])
        for brief_id, brief in briefs.items()
    )


def _as_recorded(now: dict[str, Any], recorded: dict[str, Any]) -> bool:
    for part, entries in now.items():
        was = recorded.get(part) or {}
        if set(entries) != set(was):
            return False
        for entry_id, entry in entries.items():
            if any(entry.get(key) != value for key, value in was[entry_id].items()):
                return False
    return True


@dataclass(frozen=True)
class Change:
    """One thing changed in a brief since an edition: what happened ('Added', 'Changed
    (wording, confidence moderate → high)', 'Regraded B → C'), the words it is about (as they
    are now; as they were, for one removed), what the analyst said of it, the old wording
    and the new where the wording changed, and the key judgment or claim it is about."""

    what: str
    text: str
    note: str = ""
    rewording: Rewording | None = None
    claim_id: str = ""

    def __str__(self) -> str:
        """The change in one line, the new words only: 'Changed (wording): The port ...'."""
        return f"{self.what}: {self.text}" + (f" {self.note}" if self.note else "")


@dataclass
class Changes:
    """What changed in one brief since an edition."""

    edition: str
    judgments: list[Change] = field(default_factory=list)
    claims: list[Change] = field(default_factory=list)
    sources: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.judgments or self.claims or self.sources)

    def groups(self) -> list[tuple[str, list[Change]]]:
        """The changes under their headings, those that have any."""
        every = [("Key judgments", self.judgments), ("Claims", self.claims)]
        return [(name, items) for name, items in [*every, ("Sources", self.sources)] if items]

    def marks(self) -> dict[str, Change]:
        """The key judgments new or changed since the edition, by id: the list of them at
        the top of a brief marks each, with a link to its change."""
        marked = ("Added", "Changed")
        return {c.claim_id: c for c in self.judgments if c.what.startswith(marked)}


def changed_judgments(
    brief: Brief, before: dict[str, Any]
) -> list[tuple[Claim, str, Rewording | None]]:
    """Key judgments changed in wording, confidence or likelihood: what changed, and the old
    wording and the new where the words changed (spaces and line breaks do not count)."""
    old = before.get("key_judgments") or {}
    found = []
    for claim in brief.key_judgments:
        was = old.get(claim.claim_id)
        if not isinstance(was, dict):
            continue
        now = _judgment(claim)
        what = []
        rewording = _rewording(was.get("text"), claim.text)
        if rewording is not None:
            what.append("wording")
        for key in ("confidence", "likelihood"):
            if was.get(key) != now[key]:
                what.append(f"{key} {was.get(key) or 'none'} → {now[key] or 'none'}")
        if what:
            found.append((claim, ", ".join(what), rewording))
    return found


def _rewording(old: object, new: str) -> Rewording | None:
    if same_words(old, new):
        return None
    return reworded(str(old or ""), new)


def changes(index: Index, brief: Brief, edition: Edition) -> Changes:
    before = edition.briefs.get(brief.record_id) or {}
    claims = _linked_claims(index, brief)
    now = brief_state(index, brief, claims)
    return Changes(
        edition.name,
        _judgment_changes(brief, before, now),
        _claim_changes(before, now, claims),
        _source_changes(index, before, now),
    )


def _judgment_changes(brief: Brief, before: dict[str, Any], now: dict[str, Any]) -> list[Change]:
    """Key judgments added, changed (with the reason given), withdrawn and removed."""
    found = []
    old = before.get("key_judgments") or {}
    for claim_id, state in now["key_judgments"].items():
        if claim_id not in old:
            found.append(Change("Added", state["text"], claim_id=claim_id))
    for claim, what, rewording in changed_judgments(brief, before):
        reason = f"Reason: {claim.revised}" if claim.revised else "No reason given."
        found.append(Change(f"Changed ({what})", claim.text, reason, rewording, claim.claim_id))
    for claim in brief.key_judgments:
        was = old.get(claim.claim_id)
        if claim.deprecated and isinstance(was, dict) and not was.get("deprecated"):
            reason = f"Reason: {claim.deprecated.reason}"
            found.append(Change("Withdrawn", claim.text, reason, claim_id=claim.claim_id))
    for claim_id, state in old.items():
        if claim_id not in now["key_judgments"]:
            found.append(Change("Removed", str(state.get("text", claim_id)), claim_id=claim_id))
    return found


def _claim_changes(
    before: dict[str, Any], now: dict[str, Any], claims: dict[str, Claim]
) -> list[Change]:
    """Claims of the linked records added, changed in wording, deprecated and removed."""
    found = []
    old = before.get("claims") or {}
    for claim_id, state in now["claims"].items():
        was = old.get(claim_id)
        if was is None:
            found.append(Change("Added", state["text"], claim_id=claim_id))
            continue
        rewording = _rewording(was.get("text"), state["text"])
        if rewording is not None:
            revised = claims[claim_id].revised
            reason = f"Reason: {revised}" if revised else ""
            found.append(Change("Changed (wording)", state["text"], reason, rewording, claim_id))
        if state["deprecated"] and not was.get("deprecated"):
            found.append(Change("Deprecated", state["text"], claim_id=claim_id))
    for claim_id, state in old.items():
        if claim_id not in now["claims"]:
            found.append(Change("Removed", str(state.get("text", claim_id)), claim_id=claim_id))
    return found


def _source_changes(index: Index, before: dict[str, Any], now: dict[str, Any]) -> list[Change]:
    """Sources cited anew, regraded (with the grade's reason), retracted, no longer cited."""
    found = []
    old = before.get("sources") or {}
    sources = index.briefing.sources
    for source_id, state in now["sources"].items():
        was = old.get(source_id)
        title = sources[source_id].title
        if was is None:
            found.append(Change("Added", title))
            continue
        if was.get("reliability") != state["reliability"]:
            why = sources[source_id].reliability_reason
            regraded = f"Regraded {was.get('reliability')} → {state['reliability']}"
            found.append(Change(regraded, title, f"(now: {why})" if why else ""))
        if state["retracted"] and not was.get("retracted"):
            found.append(Change("Retracted", title))
    for source_id in old:
        if source_id not in now["sources"]:
            found.append(Change("No longer cited", source_id))
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
        for claim, what, _ in changed_judgments(brief, before):
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
