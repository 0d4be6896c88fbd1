"""What a check found, kept in build/.cache/ for the next check of the same project.

Three files, each trusted only under a key made of everything that can change it:

- check.json: the report, with the status (mode, size, times, inode) and digest of each
  record file, under the digest of every other input of a check: the tool (its version,
  the code of each of its modules, the libraries that read and prove the records, Python's
  version), briefing.yml, mkdocs.yml, and each file of editions/ and templates/. A check
  with no record file changed prints the report again without reading a record. A file
  with the status it had is taken as unchanged (as git, mypy and ruff do), unless it had
  changed just before the last check listed it: then its bytes are read and compared;
- facts.json: what each record file gave to the check (see briefing.check.facts), written with
  check.json and used only with the check.json of the same generation. After an edit
  that keeps each file's id, kind, validity and names, only the changed files and the
  files whose problems depend on a changed source are checked again (incremental.recheck);
  any other edit checks the whole project;
- proofs.json: each quote found, under its source's id and the digest of the source file's
  bytes (its text, article_lines, pages), the quote, its prefix and its suffix: a whole
  check looks again only for the quotes of sources that changed, and the quotes that did.
  A quote not found is never kept: what is said of it depends on the other sources too.

The keys, and the status of the record files, are made in inputs.py. The files are JSON,
never code: a project from elsewhere may come with a build/ of its own.
Each is trusted only if it is the very file this tool wrote there: the file's inode is
written inside it, and a copy or a checkout of the file has another. A cache that is
missing, unreadable, damaged or from another version of the tool is a miss, never an
error, and build/.cache can be deleted at any time.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from briefing.collector import no_cycle_collection
from briefing.incremental.inputs import Listing, changed_files, context_key, list_files, tool_key
from briefing.incremental.reported import (
    CONTEXT,
    OWN,
    SHOWN,
    TOGETHER,
    KeptReport,
    from_document,
)
from briefing.incremental.rows import facts_from_row, facts_row
from briefing.outputs import BUILD
from briefing.paths import UnsafePath, inside_project
from briefing.problems import Findings
from briefing.project import require_project

if TYPE_CHECKING:  # a check answered from the cache loads none of the checking modules
    from briefing.check.facts import FileFacts
    from briefing.check.proofs import Excerpt, ProofKey
    from briefing.incremental.recheck import Rechecked
    from briefing.report import Report

CACHE_FOLDER = ".cache"  # under build/
REPORT_FILE = "check.json"
ROWS_FILE = "report.json"  # every problem: read when printed in full, or files changed
PROOFS_FILE = "proofs.json"  # large: read only when the whole project is checked
FACTS_FILE = "facts.json"  # read only when files changed
FORMAT = 5


def _cache_file(root: Path, name: str) -> Path | None:
    """build/.cache/NAME, or None if build/ or build/.cache is a link."""
    try:
        return inside_project(root, root / BUILD / CACHE_FOLDER / name)
    except UnsafePath:
        return None


def _read_json(root: Path, name: str, tool: str) -> Any:
    """What a cache file holds, if this tool wrote it there for this version of itself;
    None otherwise: missing, damaged, copied, another version."""
    file = _cache_file(root, name)
    if file is None:
        return None
    try:
        handle = os.open(file, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as stream:
            status = os.fstat(stream.fileno())
            data = orjson.loads(stream.read())
        if data["format"] != FORMAT or data["inode"] != [status.st_dev, status.st_ino]:
            return None
        return data["content"] if data["tool"] == tool else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_json(root: Path, name: str, tool: str, content: object) -> None:
    """Write a cache file, whole or not at all; quietly nothing if build/ cannot take it."""
    file = _cache_file(root, name)
    if file is None:
        return
    temporary = ""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".check-", suffix=".tmp", dir=file.parent)
        with os.fdopen(handle, "wb") as stream:
            status = os.fstat(stream.fileno())
            document = {
                "format": FORMAT,
                "inode": [status.st_dev, status.st_ino],  # a rename keeps it; a copy does not
                "tool": tool,
                "content": content,
            }
            # orjson, not json: at 10,000 sources the facts and the report are 30 MB, which
            # json writes in 0.28 s of CPU and orjson in 0.03 s (and reads in about half)
            stream.write(orjson.dumps(document))
        os.replace(temporary, file)
        temporary = ""
    except OSError:
        pass  # a read-only or full disk: the next check is a cold one
    finally:
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def read_proofs(root: Path, tool: str) -> dict[ProofKey, Excerpt]:
    from briefing.check.proofs import Excerpt

    rows = _read_json(root, PROOFS_FILE, tool)
    try:
        return {(r[0], r[1], r[2], r[3], r[4]): Excerpt(*r[5:]) for r in rows or ()}
    except (IndexError, TypeError, ValueError):
        return {}


def cached_check(root: Path, use_cache: bool = True, counting: bool = False) -> Findings:
    """What check_project finds, from the cache where the inputs are the same: the kept
    report if no file changed, the files an edit reaches checked again if one did. When
    `counting`, a report from the cache leaves out the warnings that a report printed for
    people only counts, and counts them (reported.KeptReport.findings)."""
    require_project(root)
    with no_cycle_collection():
        return _cached_check(root, use_cache, counting)


def _cached_check(root: Path, use_cache: bool, counting: bool) -> Findings:
    tool = tool_key() if use_cache else ""
    context = context_key(root, tool) if use_cache else None
    if context is None:
        from briefing.report import check_project

        return check_project(root).findings()
    try:
        listing = list_files(root)
        kept = _read_json(root, REPORT_FILE, tool)
        if kept is not None and kept.get("context") == context:
            changed = changed_files(listing, kept["files"], kept["listed_ns"])
            found = None
            if changed == set():
                found = _kept_findings(root, tool, kept, counting)
            elif changed is not None:
                found = _recheck(root, listing, kept, changed, (tool, context), counting)
            if found is not None:
                return found
        listing.read_all()
    except (OSError, KeyError, TypeError, ValueError, IndexError):
        return _full(root, None, tool, context)
    return _full(root, listing, tool, context)


def _kept_findings(root: Path, tool: str, kept: dict[str, Any], counting: bool) -> Findings | None:
    """The kept report, when no file changed: its summary if that is all that is printed."""
    if counting:
        summary, tally = from_document(kept["summary"])
        problems = [summary.problem(row) for row in summary.rows]
        return Findings(problems, summary.file_count, summary.suppressed, tally)
    rows = _kept_rows(root, tool, kept)
    return rows.findings() if rows is not None else None


def _kept_rows(root: Path, tool: str, kept: dict[str, Any]) -> KeptReport | None:
    """Every row of the kept report, if the rows kept are those of that very report."""
    stored = _read_json(root, ROWS_FILE, tool)
    if stored is None or stored.get("token") != kept["rows"] or not stored["whole"]:
        return None
    return from_document(stored)[0]


def _recheck(
    root: Path,
    listing: Listing,
    kept: dict[str, Any],
    changed: set[str],
    keys: tuple[str, str],
    counting: bool,
) -> Findings | None:
    """What a check says after an edit, from the kept facts and report (see
    incremental.recheck and incremental.reported); None if they cannot say it."""
    from briefing.incremental.recheck import recheck_facts

    tool, context = keys
    stored = _read_json(root, FACTS_FILE, tool)
    if stored is None or stored.get("generation") != kept["generation"]:
        return None
    rows: dict[str, list[Any]] = stored["facts"]
    facts = {path: facts_from_row(row, path) for path, row in rows.items()}
    # the files changed since the facts were written: since the kept check, and before it
    base = {shown: kept["files"][shown][5] for shown in changed}
    base.update(kept["since_facts"])
    since = {shown: digest for shown, digest in base.items() if listing.read(shown) != digest}
    kinds = {shown: kind for shown, (kind, _, _) in listing.files.items()}
    # (and those changed since the kept report, though as the facts have them: the report's
    # rows of a file edited and put back are of the edit)
    found = recheck_facts(root, facts, kinds, set(since) | changed, None, listing.contents)
    if found is None:
        return None
    before = _kept_rows(root, tool, kept)
    report = _report_after(before, found, len(listing.files)) if before is not None else None
    if report is None:
        return None
    if len(since) <= KEEP_FACTS_FOR:
        _keep(root, listing, keys, report, kept_facts=(kept["generation"], since))
    else:
        # the facts of the files not checked again are written as they were read
        read = {path: (facts[path], row) for path, row in rows.items()}
        _keep(root, listing, keys, report, found.facts, rows_read=read)
    return report.findings(counting)


def _report_after(before: KeptReport, found: Rechecked, file_count: int) -> KeptReport | None:
    """The report after an edit: the rows kept of the files not checked again, with the
    problems of those checked again and what is said of all of them together, as a whole
    check makes it (report.report_of); None if it must be made from every problem."""
    from briefing.analysis.warnings import with_policy
    from briefing.report import together_of

    policy = found.settings.warnings
    report = before.after_edit(set(found.checked))
    for path in found.checked:
        report.add(with_policy(found.facts[path].problems, policy), OWN)
    together, report.suppressed = together_of(
        found.index, found.facts, found.settings, report.wording
    )
    report.add(with_policy(together, policy), TOGETHER)
    report.file_count = file_count
    return report if report.ordered() else None


def _full(root: Path, listing: Listing | None, tool: str, context: str) -> Findings:
    from briefing.check.proofs import Proofs
    from briefing.report import check_project

    if listing is None:
        return check_project(root).findings()
    proofs = Proofs(listing.digests, read_proofs(root, tool))
    wording: dict[str, Any] = {}
    report = check_project(root, contents=listing.contents, proofs=proofs, wording=wording)
    if context_key(root, tool) == context:  # not edited while checking
        rows = [[*key, *excerpt.__dict__.values()] for key, excerpt in proofs.used.items()]
        _write_json(root, PROOFS_FILE, tool, rows)
        kept, whole = _kept_report(report)
        kept.wording = wording
        _keep(root, listing, (tool, context), kept, report.facts if whole else None)
    return report.findings()


def _kept_report(report: Report) -> tuple[KeptReport, bool]:
    """The rows of a whole check's report, each of its part; and whether a check after an
    edit can make its report from them (not if a file's problems were cut short)."""
    from briefing.analysis.warnings import with_policy

    policy = report.settings.warnings
    kept = KeptReport([], report.file_count, report.suppressed)
    kept.add(with_policy(report.context, policy), CONTEXT)
    for f in report.facts.values():
        kept.add(with_policy(f.problems, policy), OWN)
    kept.add(with_policy(report.together, policy), TOGETHER)
    if kept.ordered():
        return kept, True
    shown = KeptReport([], report.file_count, report.suppressed)
    shown.add(report.problems, SHOWN)
    return shown, False


# After an edit, the facts written by an earlier check are kept, with the digests the files
# changed since had then, until more than this many files have changed: writing the facts
# of every file again was a fifth of a check after an edit of a large project.
KEEP_FACTS_FOR = 32


def _keep(
    root: Path,
    listing: Listing,
    keys: tuple[str, str],
    report: KeptReport,
    facts: dict[str, FileFacts] | None = None,
    kept_facts: tuple[str, dict[str, str]] | None = None,
    rows_read: dict[str, tuple[FileFacts, list[Any]]] | None = None,
) -> None:
    """Write what a check found: the facts of each file (if given), the report's rows, then
    the status of each file and the report's summary, the facts and the status with one
    generation, so that neither is used with the other's. Or, with `kept_facts` (their
    generation, and the files changed since with the digests they had then), the report
    and the status only. `rows_read` has the facts read from the cache, with their rows, by
    path."""
    tool, context = keys
    generation, since = kept_facts or (os.urandom(8).hex(), {})
    if kept_facts is None and facts is not None:
        stored = {
            "generation": generation,
            "facts": {path: _row(path, f, rows_read or {}) for path, f in facts.items()},
        }
        _write_json(root, FACTS_FILE, tool, stored)
    token = os.urandom(8).hex()  # which rows go with which summary
    whole = facts is not None or kept_facts is not None
    _write_json(root, ROWS_FILE, tool, {"token": token, "whole": whole, **report.document()})
    summary, left_out = report.summary()
    kept = {
        "context": context,
        "generation": generation,
        "listed_ns": listing.taken_ns,
        "since_facts": since,
        "files": listing.state(),
        "rows": token,
        "summary": summary.document(left_out),
    }
    _write_json(root, REPORT_FILE, tool, kept)


def _row(
    path: str, facts: FileFacts, rows_read: dict[str, tuple[FileFacts, list[Any]]]
) -> list[Any]:
    """The row of a file's facts: the row they were read from, if they are those very facts
    (writing every file's facts again was a fifth of a check after an edit)."""
    read = rows_read.get(path)
    return read[1] if read is not None and read[0] is facts else facts_row(facts)
