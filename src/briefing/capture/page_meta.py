"""What a web page says about itself, read from what its publisher wrote for machines.

A page names its article's title, authors, publisher, dates and address several times over:
in JSON-LD (schema.org), in citation_* and Dublin Core meta tags (scholarly and government
sites), in Open Graph tags (written for social networks: the title is often a shorter one,
the site name a domain), in `<link rel=canonical>`, and in what a reader sees (the `<title>`
with the site's name after it, a "By ..." or "Author" label). Each field's candidates are kept
in that order of trust, and `decide` picks from them, with trafilatura's own guesses last.

Every walk is bounded and linear in the page's size: a page's JSON-LD is data from anyone,
and a broken or hostile one (malformed, huge, deeply nested, of the wrong types) is skipped
or read as far as it makes sense, never an error of the capture.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from briefing.records.model import URL_PATTERN

ARTICLE_TYPES = frozenset(
    [
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "SatiricalArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "ScholarlyArticle",
        "TechArticle",
        "Report",
    ]
)
ORGANIZATION_TYPES = frozenset(["Organization", "NewsMediaOrganization", "Corporation"])
# An article's graph has tens of objects; the bound keeps a hostile one from costing more
# than its size already does (every object is visited once).
MAX_LD_OBJECTS = 10_000
MAX_NAME = 200  # a title, a name: longer is a paragraph put in the wrong tag
MAX_URL = 2048  # characters: what browsers and servers take
MAX_NAMES = 50  # authors of one article: more is a list of something else
MAX_LABELS = 20  # "Author" labels tried on one page
# Meta names, lower-cased, in the order they are believed within each group.
CITATION_DC = {
    "title": ("citation_title", "dc.title", "dcterms.title"),
    "byline": ("citation_author", "dc.creator", "dcterms.creator"),
    "publisher": ("citation_publisher", "dc.publisher", "dcterms.publisher"),
    "published": (
        "citation_publication_date",
        "citation_date",
        "dcterms.issued",
        "dc.date.issued",
        "dc.date",
        "dcterms.date",
    ),
    "modified": ("dcterms.modified", "dc.date.modified"),
}
OPEN_GRAPH = {
    "title": ("og:title", "twitter:title"),
    "byline": ("article:author",),
    "publisher": ("og:site_name",),
    "published": ("article:published_time", "og:published_time"),
    "modified": ("article:modified_time", "og:updated_time"),
}
PLAIN_META = {
    "byline": ("author", "byl", "parsely-author", "sailthru.author"),
    "publisher": ("publisher", "application-name"),
    "published": ("pubdate", "publish-date", "date"),
}
BYLINE_LABELS = frozenset(
    ["author", "authors", "by", "autor", "autorin", "autoren", "auteur", "auteurs", "autore"]
)
HOST_IN_BRACKETS = re.compile(r"\s*\((?:https?://)?[\w-]+(?:\.[\w-]+)+/?\)\s*$")
HOST_LIKE = re.compile(r"[\w-]+(?:\.[\w-]+)+")
TITLE_SEPARATOR = re.compile(r"\s+[|\u2013\u2014\u00b7:-]{1,2}\s+")
DATE_LIKE = re.compile(r"[\d./ -]*\d[\d./ -]*")
ISO_DATE = re.compile(r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")


@dataclass
class Claims:
    """Each field's candidates, in the order they are believed."""

    title: list[str] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)
    publisher: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)  # YYYY-MM-DD
    modified: list[str] = field(default_factory=list)
    url: list[str] = field(default_factory=list)

    def add(self, name: str, values: list[str]) -> None:
        getattr(self, name).extend(value for value in values if value)


@dataclass(frozen=True)
class PageMeta:
    title: str | None
    byline: str | None
    publisher: str | None
    published: str | None
    modified: str | None
    url: str | None  # the address the page gives as its own (canonical)


def _text(value: object, limit: int = MAX_NAME) -> str | None:
    """A string as a reader sees it: entities read, white space collapsed; None otherwise."""
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(value[: limit * 4]).split())
    return text[:limit] if text else None


def iso_date(value: object) -> str | None:
    """The date a timestamp was written on (the publisher's own day, not UTC's), if valid."""
    match = ISO_DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


def _types(node: dict[str, object]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {item.rsplit("/", 1)[-1] for item in kinds if isinstance(item, str)}


def _ld_objects(tree: HtmlElement) -> list[tuple[dict[str, object], bool]]:
    """Every JSON-LD object of the page in document order, with whether it stands at the top
    (a script's root, a root list's item or an @graph member) rather than inside another."""
    found: list[tuple[dict[str, object], bool]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue  # malformed, or nested deeper than the parser goes: not read
        stack: list[tuple[object, bool]] = [(data, True)]
        while stack and len(found) < MAX_LD_OBJECTS:
            node, top = stack.pop()
            if isinstance(node, list):
                stack.extend((item, top) for item in reversed(node))
            elif isinstance(node, dict):
                found.append((node, top))
                children = [
                    (value, top and key == "@graph")
                    for key, value in node.items()
                    if isinstance(value, dict | list)
                ]
                stack.extend(reversed(children))
    return found


def _resolve(value: object, ids: dict[str, dict[str, object]]) -> object:
    """A reference ({"@id": ...} alone) replaced by the object of that id on the page."""
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return ids.get(value["@id"], value)
    return value


def _names(value: object, ids: dict[str, dict[str, object]]) -> list[str]:
    """The names in an author or publisher value: a string, an object, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:MAX_NAMES]:
        item = _resolve(item, ids)
        name = _text(item.get("name") if isinstance(item, dict) else item)
        if name and not name.startswith(("http://", "https://")):
            names.append(name)
    return names


def _address(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return _absolute(value, None) if isinstance(value, str) else None


def read_json_ld(tree: HtmlElement, claims: Claims) -> None:
    objects = _ld_objects(tree)
    ids = {str(node["@id"]): node for node, _ in objects if isinstance(node.get("@id"), str)}
    articles = [node for node, _ in objects if _types(node) & ARTICLE_TYPES]
    if articles:
        article = articles[0]
        claims.add("title", [_text(article.get("headline")) or ""])
        claims.add("byline", [", ".join(_names(article.get("author"), ids))])
        claims.add("publisher", _names(article.get("publisher"), ids)[:1])
        claims.add("published", [iso_date(article.get("datePublished")) or ""])
        claims.add("modified", [iso_date(article.get("dateModified")) or ""])
        url = _address(article.get("url")) or _address(article.get("mainEntityOfPage"))
        claims.add("url", [url or ""])
    # The site's own organization, standing alone, names the publisher too.
    organizations = [n for n, top in objects if top and _types(n) & ORGANIZATION_TYPES]
    claims.add("publisher", [_text(node.get("name")) or "" for node in organizations[:1]])


def _meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("name") or meta.get("property") or meta.get("itemprop") or ""
        text = _text(meta.get("content"), MAX_URL)  # og:url is one of them
        if text:
            values.setdefault(key.strip().lower(), []).append(text)
    return values


def _from_meta(values: dict[str, list[str]], groups: dict[str, tuple[str, ...]]) -> Claims:
    claims = Claims()
    for name, keys in groups.items():
        for key in keys:
            found = values.get(key, [])
            if name == "byline":  # citation_author is one tag per author
                people = [v[:MAX_NAME] for v in found if not v.startswith(("http", "@"))]
                claims.add(name, [", ".join(people[:MAX_NAMES])])
            elif name in ("published", "modified"):
                claims.add(name, [iso_date(value) or "" for value in found[:1]])
            else:
                claims.add(name, [value[:MAX_NAME] for value in found[:1]])
    return claims


def _labelled_byline(tree: HtmlElement) -> str | None:
    """A name given after an "Author" or "By" label, as a list item or a table row has it.
    Only a label with no markup inside is read, and only the first few: each reads its
    parent's text, which a hostile page could make long for many labels at once."""
    tries = 0
    for label in tree.iter("strong", "b", "dt", "th"):
        if len(label) or (label.text or "").strip().rstrip(":").lower() not in BYLINE_LABELS:
            continue
        tries += 1
        if tries > MAX_LABELS:
            break
        if label.tag in ("dt", "th"):
            holder = label.getnext()
            value = holder.text_content() if holder is not None else ""
        else:
            parent = label.getparent()
            whole = parent.text_content() if parent is not None else ""
            value = whole.replace(label.text or "", "", 1)
        name = _text(value.strip().lstrip(":"))
        if name and len(name.split()) <= 8:
            return name
    return None


def read_claims(tree: HtmlElement, base_url: str | None) -> Claims:
    """The candidates of each field, most trusted first (see the module's docstring)."""
    claims = Claims()
    read_json_ld(tree, claims)
    values = _meta_values(tree)
    for group in (CITATION_DC, OPEN_GRAPH, PLAIN_META):
        for name, found in vars(_from_meta(values, group)).items():
            claims.add(name, found)
    claims.add("byline", [_labelled_byline(tree) or ""])
    canonical = [
        link.get("href") or ""
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    base = base_url or next(iter(values.get("og:url", [])), None)
    addresses = canonical[:1] + values.get("og:url", [])[:1]
    claims.url[:0] = [_absolute(address, base) or "" for address in addresses]
    claims.url = [url for url in claims.url if url]
    # the first two only: each reads all the text inside it
    titles = islice(tree.iter("title", "h1"), 2)
    claims.add("title", [_text(element.text_content()) or "" for element in titles])
    return claims


def _absolute(address: str, base: str | None) -> str | None:
    """An http(s) address as a source's url may be, resolved against the page's own."""
    address = address.strip()[:MAX_URL]
    try:
        absolute = urljoin(base, address) if base else address
        _ = urlsplit(absolute).hostname  # a broken host ("http://[x") raises ValueError
    except ValueError:
        return None
    return absolute if re.fullmatch(URL_PATTERN, absolute) else None


def _key(name: str) -> str:
    return "".join(re.findall(r"\w+", name.casefold()))


def clean_publisher(name: str) -> str:
    """ "Deutsche Welle (www.dw.com)" -> "Deutsche Welle": the address is not the name."""
    return HOST_IN_BRACKETS.sub("", name).strip() or name


def pick_publisher(candidates: list[str]) -> str | None:
    """The first name that is a name: a domain ("DW.COM") only when nothing better is given."""
    names = [clean_publisher(candidate) for candidate in candidates]
    return next((n for n in names if not HOST_LIKE.fullmatch(n)), names[0] if names else None)


def strip_site_suffix(title: str, site_names: list[str]) -> str:
    """ "Berlin confronts ... | DW | 19.01.2020" -> "Berlin confronts ...": trailing parts
    that are the site's name or a date go; the headline's own words stay."""
    keys = {_key(name) for name in site_names} - {""}
    end = len(title)
    for separator in reversed(list(TITLE_SEPARATOR.finditer(title))):
        part = title[separator.end() : end].strip()
        if not (_key(part) in keys or DATE_LIKE.fullmatch(part)):
            break
        end = separator.start()
    return title[:end].strip() or title


def _host_names(urls: list[str]) -> list[str]:
    """ "www.dw.com" -> "dw", "dw.com": what a title's suffix calls the site."""
    names = []
    for url in urls[:2]:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        names += [host, *host.split(".")[:-1]]
    return names


def _truncated(title: str) -> str | None:
    """The words before a "..." that cut a long headline short (search engines' limit)."""
    stem = title.rstrip()
    if stem.endswith(("...", "\u2026")):
        return stem.rstrip(".\u2026 ")
    return None


def _pick_title(candidates: list[str], site_names: list[str]) -> str | None:
    titles = [strip_site_suffix(title, site_names) for title in candidates]
    for title in titles:
        stem = _truncated(title)
        if stem is None:
            return title
        whole = [other for other in titles if other.startswith(stem) and len(other) > len(title)]
        return whole[0] if whole else title
    return None


def _not_the_publisher(name: str, publishers: list[str]) -> bool:
    """A byline that is the publisher's name ("Deutsche Welle (www.dw.com)", "SPIEGEL
    ONLINE, Hamburg") says who published, not who wrote: it is no byline."""
    own = _key(clean_publisher(name.split(",")[0]))
    return bool(own) and own not in {_key(clean_publisher(p)) for p in publishers}


def _present(values: list[str], guess: str | None) -> list[str]:
    return [value for value in [*values, guess] if value]


def decide(claims: Claims, guesses: PageMeta) -> PageMeta:
    """Each field from the most trusted claim, trafilatura's guess when the page makes none."""
    publishers = _present(claims.publisher, guesses.publisher)
    urls = _present(claims.url, _absolute(guesses.url or "", None))
    site_names = publishers + _host_names(urls)
    bylines = _present(claims.byline, guesses.byline)
    published = next(iter(_present(claims.published, guesses.published)), None)
    later = [day for day in claims.modified if published and day > published]
    return PageMeta(
        title=_pick_title(_present(claims.title, guesses.title), site_names),
        byline=next((b for b in bylines if _not_the_publisher(b, site_names)), None),
        publisher=pick_publisher(publishers),
        published=published,
        modified=next(iter(later), None),
        url=next(iter(urls), None),
    )
