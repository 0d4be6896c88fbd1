"""What changed in a source's text since it was captured, shown from the capture itself.

The check finds that a text no longer has its hash, but not what changed: the project need
not be a git repository (`briefing init` makes none). The WARC keeps the bytes as captured;
their text, extracted again as the capture extracted it, is compared with the file's, and
the problem moves to the first line that changed, with the changed lines below it.

The text extracted again is trusted only if it has the hash the capture recorded: a newer
extractor may read the same page a little differently, and its diff would show changes no
one made. Then, as for a source without a capture, the problem stays as the check found it.
"""

from __future__ import annotations

import zipfile
import zlib
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from briefing.capture.article import CaptureError, extract_content
from briefing.capture.fetch import MAX_BYTES, Exchange, Fetched, FetchError
from briefing.capture.wacz import WARC_NAME
from briefing.check.fixity import captured_hash, changed_source, text_change_problem, text_hash
from briefing.paths import UnsafePath, inside_project
from briefing.problems import BriefingError, Problem, sort_problems
from briefing.records.load import load_file
from briefing.records.model import Source
from briefing.records.validate import validate_record


def _read_capture(stream: IO[bytes]) -> tuple[bytes, str, str | None]:
    """(content, media type, URL) of the page a WARC keeps, as capture read it: the last
    response of a fetch (after its redirects) or the resource of a saved file."""
    fetched, resource = Fetched(), None
    for record in ArchiveIterator(stream):
        body = record.raw_stream.read(MAX_BYTES + 1)
        if record.rec_type == "response" and record.http_headers is not None:
            status, _, reason = record.http_headers.statusline.partition(" ")
            fetched.exchanges.append(
                Exchange(
                    record.rec_headers.get_header("WARC-Target-URI") or "",
                    [],
                    int(status) if status.isdigit() else 0,
                    reason,
                    record.http_headers.protocol,
                    list(record.http_headers.headers),
                    body,
                    record.rec_headers.get_header("WARC-Date") or "",
                )
            )
        elif record.rec_type == "resource":
            media_type = record.rec_headers.get_header("Content-Type") or ""
            resource = (body, media_type.split(";")[0].strip().lower(), None)
    if fetched.exchanges:
        return fetched.content(), fetched.media_type, fetched.url
    if resource is None:
        raise ArchiveLoadFailed("no response or resource record")
    return resource


def captured_text(root: Path, source: Source) -> str | None:
    """The source's text as its capture gives it, or None: no capture, one that cannot be
    read, or whose text is not the one the capture recorded (see above)."""
    archive = source.wacz or source.warc
    if not archive:
        return None
    try:
        file = inside_project(root, root / archive)
        if not file.is_file():
            return None
        with ExitStack() as opened:
            stream: IO[bytes] = opened.enter_context(file.open("rb"))
            if source.wacz:  # the WARC as fetched, stored inside the WACZ
                package = opened.enter_context(zipfile.ZipFile(stream))
                stream = opened.enter_context(package.open(f"archive/{WARC_NAME}"))
            content, media_type, url = _read_capture(stream)
        text = extract_content(content, media_type, url).text
    except (OSError, UnsafePath, ArchiveLoadFailed, CaptureError, FetchError, zlib.error):
        return None
    except (zipfile.BadZipFile, KeyError):  # not a ZIP, or no WARC where a WACZ keeps it
        return None
    except (ValueError, EOFError):  # warcio's reading of a WARC cut short, or not a WARC
        return None
    return text if text_hash(text) == captured_hash(source) else None


def _changed_source(root: Path, problem: Problem) -> Source | None:
    """The source a problem says changed since its hash, read again from its file."""
    source_id = changed_source(problem)
    if source_id is None:
        return None
    try:
        file = inside_project(root, root / problem.origin.path)
        record, _ = validate_record(load_file("source", file, problem.origin.path))
    except (BriefingError, OSError):
        return None
    return record if isinstance(record, Source) and record.record_id == source_id else None


def explain_changes(root: Path, problems: list[Problem]) -> list[Problem]:
    """The problems, each of a text changed since its capture given the changed lines and
    the place of the first, where the capture can show them; the others as they are. `check`
    and the build (so `serve` too) print a check's problems so."""
    if not any(changed_source(problem) for problem in problems):
        return problems
    explained = []
    for problem in problems:
        source = _changed_source(root, problem)
        captured = captured_text(root, source) if source is not None else None
        better = None
        if source is not None and captured is not None:
            better = text_change_problem(source, captured, str(source.wacz or source.warc))
        explained.append(better or problem)
    return sort_problems(explained)  # a problem moved from the sha256 line to the text
