"""Capture: a web page or saved document becomes a source, with its provenance.

The page is fetched (fetch.py) or read from a saved .html or .pdf file; its article text and
metadata are extracted (trafilatura for HTML, pypdf page by page for PDF); the bytes as
received are kept as WARC records, packaged as a WACZ file under captures/ (wacz.py); and
sources/<id>.md is written with the front matter filled in, the hash of its text, and the
reliability left for the analyst.
Everything is worked out before anything is written, and an existing source is replaced only
when asked.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import yaml

from briefing.capture.fetch import (
    DEADLINE,
    MAX_BYTES,
    USER_AGENT,
    Fetched,
    FetchError,
    fetch,
    write_file_warc,
    write_warc,
)
from briefing.capture.furniture import without_furniture
from briefing.capture.ids import choose_id, outlet_name, publisher_name, taken_by
from briefing.capture.page_meta import Claims, PageMeta, decide, read_claims
from briefing.capture.wacz import Page, write_wacz
from briefing.check.fixity import text_hash
from briefing.files import utc_now, write_beside
from briefing.paths import UnsafePath, inside_project
from briefing.records.model import ID_RULE, UNGRADED

CAPTURES = "captures"
MIN_ARTICLE_WORDS = 20  # fewer is a menu, a cookie wall or an error page, not an article
HTML_TYPES = ("text/html", "application/xhtml+xml")
PDF_TYPE = "application/pdf"


class CaptureError(Exception):
    """A page or file that cannot become a source; nothing was written for it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Extracted:
    """What a page says about itself, and its text with paragraphs as lines."""

    text: str
    title: str | None = None
    publisher: str | None = None
    byline: str | None = None
    published: str | None = None  # YYYY-MM-DD
    modified: str | None = None  # YYYY-MM-DD, when the page says it was changed after that
    canonical_url: str | None = None  # the address the page gives as its own
    language: str | None = None
    pages: list[int] | None = None  # for a PDF: the line on which each page starts


@dataclass(frozen=True)
class Captured:
    source_id: str
    path: str  # sources/<id>.md, relative to the project
    archive: str  # captures/<id>.wacz, relative to the project
    notes: list[str]  # what the analyst should look at (a date that was not found...)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def extract_html(content: bytes, url: str | None) -> Extracted:
    """The article's text by trafilatura, less the site's furniture; its metadata from what
    the page says about itself (page_meta.py), trafilatura's guesses where it says nothing."""
    import trafilatura  # slow to import: only when a page is captured

    tree = trafilatura.load_html(content)
    claims = read_claims(tree, url) if tree is not None else Claims()
    document = trafilatura.bare_extraction(
        tree if tree is not None else content,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
    )
    body = (getattr(document, "text", None) or "") if document else ""
    paragraphs, _ = without_furniture([line.strip() for line in body.split("\n") if line.strip()])
    if _words(" ".join(paragraphs)) < MIN_ARTICLE_WORDS:
        raise CaptureError(
            "no article text found in the page",
            "the page may be a menu, a consent wall or need a script to show its text: save "
            "it from a browser (File > Save Page As) and capture the .html file",
        )
    guesses = PageMeta(
        title=getattr(document, "title", None),
        byline=getattr(document, "author", None),
        publisher=getattr(document, "sitename", None) or getattr(document, "hostname", None),
        published=getattr(document, "date", None),
        modified=None,
        url=getattr(document, "url", None),
    )
    meta = decide(claims, guesses)
    return Extracted(
        "\n\n".join(paragraphs) + "\n",
        title=meta.title,
        publisher=meta.publisher,
        byline=meta.byline,
        published=meta.published,
        modified=meta.modified,
        canonical_url=meta.url,
        language=getattr(document, "language", None) or _html_language(content),
    )


def _html_language(content: bytes) -> str | None:
    match = re.search(rb"<html[^>]*\slang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", content)
    return match.group(1).decode("ascii").lower() if match else None


def extract_pdf(content: bytes) -> Extracted:
    """The text of every page, each page starting on a new line whose number is kept."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        page_texts = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise CaptureError(f"the PDF cannot be read: {error}") from None
    lines: list[str] = []
    pages: list[int] = []
    for text in page_texts:
        pages.append(len(lines) + 1)
        lines += [line.rstrip() for line in text.splitlines()] or [""]
    if _words(" ".join(lines)) < MIN_ARTICLE_WORDS:
        raise CaptureError(
            "the PDF has no text layer (it may be a scan)",
            "make its text readable with OCR first (for example `ocrmypdf in.pdf out.pdf`), "
            "then capture the result",
        )
    created = metadata.creation_date if metadata else None
    # pypdf's strings are its own str subclass, which YAML's safe dumper refuses
    title, author = (metadata.title, metadata.author) if metadata else (None, None)
    return Extracted(
        "\n".join(lines) + "\n",
        title=str(title) if title else None,
        byline=str(author) if author else None,
        published=created.strftime("%Y-%m-%d") if created else None,
        pages=pages,
    )


def _front_matter(values: dict[str, object]) -> str:
    text: str = yaml.safe_dump(
        {key: value for key, value in values.items() if value not in (None, [], "")},
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    return text


def source_text(
    extracted: Extracted, url: str | None, redirects: list[str], archive: str, retrieved: str
) -> tuple[str, list[str]]:
    """The source file's text, and the notes for the analyst about what was not found."""
    notes = []
    published = extracted.published
    if published and extracted.pages is not None:
        notes.append(f"published {published} is the PDF's creation date")
    if not published:
        published = f"~{retrieved[:4]}"
        notes.append(f"no publication date found: {published} is the year of capture")
    publisher = extracted.publisher or (urlsplit(url).hostname if url else None)
    if not publisher:
        publisher = "Unknown publisher"
        notes.append("no publisher found")
    language = extracted.language or "und"
    if not extracted.language:
        notes.append("no language found: 'und' (undetermined)")
    front = _front_matter(
        {
            "title": (extracted.title or "Untitled").strip(),
            "publisher": publisher,
            "byline": extracted.byline,
            "published": published,
            "modified": extracted.modified,
            "language": language,
            "url": url,
            "canonical_url": extracted.canonical_url if extracted.canonical_url != url else None,
            "redirects": redirects,
            "reliability": UNGRADED,
            "retrieved": retrieved,
            "sha256": text_hash(extracted.text),
            "wacz": archive,
            "pages": extracted.pages,
            "notes": "Captured by briefing: " + "; ".join(notes) + "." if notes else None,
        }
    )
    return f"---\n{front}---\n{extracted.text}", notes


def extract_content(content: bytes, media_type: str, url: str | None) -> Extracted:
    """The text and metadata of a page or PDF, by its media type (or its first bytes)."""
    if media_type == PDF_TYPE or content.startswith(b"%PDF-"):
        return extract_pdf(content)
    if media_type in HTML_TYPES or (not media_type and b"<html" in content[:2048].lower()):
        return extract_html(content, url)
    raise CaptureError(
        f"the document is '{media_type or 'of no stated type'}', not a web page or a PDF",
        "capture the page that shows the document, or the document as PDF",
    )


def _targets(root: Path, source_id: str, force: bool) -> tuple[Path, Path]:
    source = root / "sources" / f"{source_id}.md"
    archive = root / CAPTURES / f"{source_id}.wacz"
    try:
        inside_project(root, source)
        inside_project(root, archive)
    except UnsafePath as error:
        raise CaptureError(error.problem.message, error.problem.hint) from None
    taken = taken_by(root, source_id)
    if taken:
        raise CaptureError(
            f"id '{source_id}' is taken by {taken}",
            "every record has an id of its own: choose another id with --id",
        )
    # An archive without its source is what a capture killed between the two left: not a
    # source.
    if not force and source.exists():
        raise CaptureError(
            f"source '{source_id}' exists already",
            "choose another id with --id, or replace it with --force",
        )
    return source, archive


def clean_leftovers(root: Path) -> None:
    """Remove the temporary files a killed capture left in sources/ and captures/."""
    for folder in (root / "sources", root / CAPTURES):
        if folder.is_dir() and not folder.is_symlink():
            for entry in folder.glob(".briefing-*"):
                if entry.is_file() and not entry.is_symlink():
                    entry.unlink(missing_ok=True)


def write_both(archive: Path, evidence: bytes, source: Path, text: bytes) -> None:
    """The archive and the source, both or neither: each written whole beside its place,
    then the archive put in place, the source last. A failure removes what was written; a
    kill between the two renames leaves an archive without a source, which the next capture
    of that id replaces (and its temporaries, which `clean_leftovers` removes)."""
    made: list[Path] = []
    placed = False
    try:
        made.append(write_beside(archive, evidence))
        made.append(write_beside(source, text))
        os.replace(made[0], archive)
        placed = True
        os.replace(made[1], source)
    except BaseException:
        for temporary in made:
            temporary.unlink(missing_ok=True)
        if placed:
            archive.unlink(missing_ok=True)
        raise


def _read_file(target: str, max_bytes: int) -> tuple[bytes, str]:
    """A saved page or PDF's bytes and media type (by its name)."""
    file = Path(target)
    if not file.is_file():
        raise CaptureError(
            f"'{target}' is neither an http(s) address nor a file",
            "give a web address starting with http:// or https://, or the path of a saved "
            ".html or .pdf file",
        )
    if file.stat().st_size > max_bytes:
        raise CaptureError(
            f"'{target}' is more than the limit of {max_bytes:,} bytes",
            "raise the limit with --max-mb if this document is really that large",
        )
    return file.read_bytes(), PDF_TYPE if file.suffix.lower() == ".pdf" else "text/html"


def capture(
    root: Path,
    target: str,
    client: httpx.Client,
    source_id: str | None = None,
    force: bool = False,
    max_bytes: int = MAX_BYTES,
    deadline: float = DEADLINE,
) -> Captured:
    """Capture a URL or a saved .html/.pdf file (a path) into the project at root."""
    retrieved = utc_now()
    fetched: Fetched | None = None
    if target.startswith(("http://", "https://")) or "://" in target:
        try:
            fetched = fetch(target, client, max_bytes, deadline=deadline)
            content = fetched.content(max_bytes)
        except FetchError as error:
            raise CaptureError(str(error), error.hint) from None
        extracted = extract_content(content, fetched.media_type, fetched.url)
        url: str | None = fetched.url
        media_type = fetched.media_type
    else:
        content, media_type = _read_file(target, max_bytes)
        extracted = extract_content(content, media_type, None)
        # A saved page's own address is the one it gives (canonical, og:url): the file's
        # path says nothing of where the article was published.
        url = extracted.canonical_url
    if source_id is None:
        outlet = outlet_name(url) or publisher_name(extracted.publisher)
        source_id = choose_id(root, outlet, extracted.published, extracted.title, url)
    elif not ID_RULE.match(source_id):
        raise CaptureError(
            f"'{source_id}' is not a valid id",
            "ids are lower-case letters, digits and hyphens, starting with a letter or digit",
        )
    clean_leftovers(root)
    source_file, archive_file = _targets(root, source_id, force)
    archive = f"{CAPTURES}/{source_id}.wacz"
    redirects = fetched.redirects if fetched else []
    text, notes = source_text(extracted, url, redirects, archive, retrieved)
    title = (extracted.title or "Untitled").strip()
    evidence = _archive(fetched, (target, media_type, content), retrieved, title)
    for folder in (source_file.parent, archive_file.parent):
        folder.mkdir(exist_ok=True)
    write_both(archive_file, evidence, source_file, text.encode("utf-8"))
    return Captured(source_id, f"sources/{source_id}.md", archive, notes)


def _archive(
    fetched: Fetched | None, saved: tuple[str, str, bytes], retrieved: str, title: str
) -> bytes:
    """The WACZ of a capture: the exchanges fetched, or a saved file's bytes (its path, its
    media type and its content) as read at `retrieved`."""
    warc = io.BytesIO()
    if fetched is not None:
        write_warc(fetched, warc)
        page = Page(fetched.url, fetched.final.date, title)
    else:
        name = Path(saved[0]).name
        write_file_warc(name, saved[1], saved[2], warc, retrieved)
        page = Page(f"file:///{name}", retrieved, title)
    evidence = io.BytesIO()
    write_wacz(warc.getvalue(), page, USER_AGENT, evidence)
    return evidence.getvalue()
