"""The id a captured source is given when none is asked for: short, since every citation
types it. The outlet's short name and the date (`news9-2024-10-04`); when that id is taken
by another record, one word of the title after them (`news9-2024-10-04-deal`).

The outlet's short name is the registrable label of the host: `www.news9.com` -> `news9`,
`www.bbc.co.uk` -> `bbc`. Which part of a host is a public suffix (`co.uk`, `net.au`,
`blogspot.com`) is the Public Suffix List's to say: the `tld` package carries a copy of it
and reads only that copy (it fetches the list only when asked to update it, which we never
do), so a capture needs no network beyond the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import yaml
from tld import get_tld
from tld.utils import Result

from briefing.problems import BriefingError
from briefing.records.load import KINDS
from briefing.records.model import ID_RULE
from briefing.records.reading import decode, read_limited, split_front_matter

SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when built

MAX_ID_LENGTH = 80
MAX_JOINED_NAME = 16  # a publisher's name longer than this, joined, is cut to its first word
TITLE_WORDS = 5  # an id of title words alone, when there is neither outlet nor date
STOP_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or"}
    | {"the", "to", "with"}
)


def slug_words(text: str) -> list[str]:
    """The words of a text as ASCII lower case letters and digits ("Zürich" -> "zurich")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


def outlet_name(url: str | None) -> str | None:
    """The registrable label of the URL's host, "news9" for https://www.news9.com/...;
    None for an address, a host with no public suffix (localhost) or no URL."""
    if not url:
        return None
    found = get_tld(url, as_object=True, fail_silently=True)
    if not isinstance(found, Result) or not found.domain:
        return None
    return "".join(slug_words(found.domain)) or None


def publisher_name(publisher: str | None) -> str | None:
    """A short name from the publisher's name, for a page with no host name (a saved file,
    an address): "Portville Herald" -> "portvilleherald"; a long name is cut to its first
    word ("News9 KWTV Oklahoma City" -> "news9"), which is the name the outlet goes by
    more often than not."""
    words = slug_words(publisher or "")
    joined = "".join(words)
    return (joined if len(joined) <= MAX_JOINED_NAME else words[0]) if words else None


def title_words(title: str | None) -> list[str]:
    """The title's words that say something, last first: a headline's last word is most
    often its subject ("Port workers reach preliminary deal" -> deal, preliminary, ...)."""
    words = slug_words(title or "")
    return [word for word in reversed(words) if word not in STOP_WORDS]


def candidates(outlet: str | None, published: str | None, title: str | None) -> Iterator[str]:
    """The ids to try, shortest first: outlet-date, then outlet-date-word for each word of
    the title, then outlet-date-2, -3, ... An undated page's id starts with a word of its
    title: the outlet's name alone would read as the outlet's id, not one of its pages'. A
    source with neither outlet nor date is named by its title's first words."""
    head = "-".join(part for part in (outlet, published) if part)
    if not head:
        head = "-".join([w for w in slug_words(title or "") if w not in STOP_WORDS][:TITLE_WORDS])
    head = head[:MAX_ID_LENGTH].strip("-") or "source"
    words = title_words(title)
    if published or not outlet or not words:
        yield head
    for word in words:
        yield f"{head}-{word}"[:MAX_ID_LENGTH].strip("-")
    number = 2
    while True:
        yield f"{head}-{number}"
        number += 1


def taken_by(root: Path, source_id: str) -> str | None:
    """The file of another kind of record with this id: ids are shared by every record."""
    for kind, (folder, endings, _) in KINDS.items():
        for ending in endings if kind != "source" else ():
            if (root / folder / f"{source_id}{ending}").is_file():
                return f"{folder}/{source_id}{ending}"
    return None


def _captured_from(file: Path, shown: str) -> str | None:
    """The `url:` of a source file, if it can be read; None otherwise."""
    try:
        front, _, _ = split_front_matter(decode(read_limited(file, shown), shown), shown)
        data = yaml.load(front, Loader=SAFE_LOADER)
    except (BriefingError, yaml.YAMLError, OSError):
        return None  # a file that cannot be read is another source: its id is taken
    url = data.get("url") if isinstance(data, dict) else None
    return str(url) if url else None


def choose_id(
    root: Path, outlet: str | None, published: str | None, title: str | None, url: str | None
) -> str:
    """The first id of `candidates` free in the project, or the one of a source captured
    from the same URL before (which is then the same source: replaced with --force only)."""
    for source_id in candidates(outlet, published, title):
        if not ID_RULE.match(source_id):
            continue
        file = root / "sources" / f"{source_id}.md"
        if taken_by(root, source_id):
            continue
        if not file.exists():
            return source_id
        if url and _captured_from(file, f"sources/{source_id}.md") == url:
            return source_id
    raise AssertionError("candidates never end")  # pragma: no cover
