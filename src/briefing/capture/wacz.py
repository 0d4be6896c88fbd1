"""A capture packaged as WACZ 1.1.1 (https://specs.webrecorder.net/wacz/1.1.1/): a ZIP file
holding the WARC as fetched (archive/data.warc.gz), its CDXJ index (indexes/index.cdx), the
page (pages/pages.jsonl), and datapackage.json, which names each of them with its size and
SHA-256, then datapackage-digest.json with the SHA-256 of datapackage.json. ReplayWeb.page
and the Auto Archiver's tools open it; a WACZ is a ZIP, so `unzip` opens it too.

The index is made by cdxj-indexer, Webrecorder's indexer (the one py-wacz uses). The ZIP is
written here with the standard library: py-wacz's `create` reads WARC files from disk and
prints as it goes, and stamps every member with the time of writing; ours are stamped with
the time of the capture, so the same capture gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

WACZ_VERSION = "1.1.1"
WARC_NAME = "data.warc.gz"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}


@dataclass(frozen=True)
class Page:
    """What the archive shows first: the page's address, when it was fetched, its title."""

    url: str
    date: str  # the WARC-Date of the page's response, YYYY-MM-DDTHH:MM:SSZ
    title: str


def cdxj_index(warc: bytes) -> bytes:
    """The WARC's CDXJ index, sorted, with `filename` naming the WARC inside the WACZ."""
    from cdxj_indexer.main import CDXJIndexer  # only when a capture is written

    out = io.StringIO()
    indexer = CDXJIndexer(out, [io.BytesIO(warc)], sort=True, filename=WARC_NAME)
    indexer.process_all()
    return out.getvalue().encode("utf-8")


def _zip_time(date: str) -> tuple[int, int, int, int, int, int]:
    """A ZIP member's time from a record's YYYY-MM-DDTHH:MM:SSZ."""
    day, _, clock = date.rstrip("Z").partition("T")
    year, month, mday = (int(part) for part in day.split("-"))
    hour, minute, second = (int(part) for part in clock.split(":"))
    return (year, month, mday, hour, minute, second)


def sha256_of(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def _resource(path: str, content: bytes) -> dict[str, object]:
    return {
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "hash": sha256_of(content),
        "bytes": len(content),
    }


def write_wacz(warc: bytes, page: Page, software: str, stream: BinaryIO) -> None:
    """The WACZ of one capture: `warc` (gzipped WARC records) and its page, into `stream`."""
    pages = [PAGES_HEADER, {"id": "1", "url": page.url, "ts": page.date, "title": page.title}]
    members = {
        f"archive/{WARC_NAME}": warc,
        "indexes/index.cdx": cdxj_index(warc),
        "pages/pages.jsonl": "".join(json.dumps(line) + "\n" for line in pages).encode(),
    }
    package = {
        "profile": "data-package",
        "resources": [_resource(path, content) for path, content in members.items()],
        "wacz_version": WACZ_VERSION,
        "software": software,
        "created": page.date,
        "title": page.title,
        "mainPageURL": page.url,
        "mainPageDate": page.date,
    }
    members["datapackage.json"] = json.dumps(package, indent=2).encode()
    digest = {"path": "datapackage.json", "hash": sha256_of(members["datapackage.json"])}
    members["datapackage-digest.json"] = json.dumps(digest, indent=2).encode()
    with zipfile.ZipFile(stream, "w") as archive:
        for path, content in members.items():
            member = zipfile.ZipInfo(path, _zip_time(page.date))
            # The WARC is gzipped already, and stored as it is, so that a reader can seek to
            # a record by the offsets of the index (the spec asks for it).
            stored = path.startswith("archive/")
            member.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, content)
