"""What the site and the PDF say alike: the words of a note (who reported a cited excerpt,
by which chain, how reliably, whether it is withdrawn), the addresses of pages and of the
places on them, links to the original article, and text escaped for Markdown and HTML.

Every value a site template prints is escaped for Markdown and HTML unless it is `Markup`
made by the site's view: text from records and sources can never become markup.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote as url_quote

from briefing.analysis.chains import relayed_name
from briefing.analysis.judgments import CREDIBILITY_MEANS, GRADE_MEANS
from briefing.analysis.synthesis import Synthesis
from briefing.check.quotes import normal, visible_controls
from briefing.check.resolve import Excerpt
from briefing.records.dates import show_date
from briefing.records.model import Actor, Brief, Citation, Event, Source, TopRecord

GRADES = GRADE_MEANS  # a source's grade -> what it means: "usually reliable"
FOLDERS = {Source: "sources", Actor: "actors", Event: "events", Brief: "briefs"}
# What Markdown, its extensions (Python-Markdown's own and PyMdown's) or HTML could read as
# markup, printed as entities. Most characters are markup wherever they stand (_ALWAYS). Those
# common in prose are markup only beside others, and are entities only there (_BESIDE): '-'
# and '.' in a run (smarty's dashes and ellipsis) or at a value's end (a template may print
# one after it), a ':' before anything but a space (an emoji, a scheme), the '(' of '(c)',
# '(r)', '(tm)' and the '/' of a fraction or 'c/o' (smartsymbols), the '.' of 'www.' or
# 'ftp.' (magiclink). A value's first character that may open a line's block ('- ', '> ',
# '???', '///', four spaces), and the '.' of a leading '1.', are entities: a template may
# print it first. Each is a replacement Python makes in C, never a call for each character
# (a regular expression calling a function took 19 s over a text of 11 million marks).
_ALWAYS = str.maketrans({char: f"&#{ord(char)};" for char in "\\`*_{}[]#+!|<>&~^=\"'$@%"})
_BESIDE = [
    (re.compile(pattern, re.IGNORECASE), f"&#{ord(char)};")
    for char, pattern in (
        # each pattern starts with its character, which the engine finds as fast as a
        # search for it, and then looks around (alternatives tried at every place were slow)
        ("-", r"-(?:(?=-)|(?<=--)|(?<=^-)|$)"),
        (".", r"\.(?:(?=\.)|(?<=\.\.)|(?<=^\.)|$|(?<=www\.)|(?<=ftp\.))"),
        (":", r":(?:(?!\s)|(?<=^:))"),
        ("(", r"\((?:(?=(?:c|r|tm)\))|$)"),
        ("/", r"/(?:(?<=^/)|(?<=\d/)(?=\d)|(?<=c/)(?=o)|$)"),
        ("?", r"^\?"),
    )
]
# Entities have none of the characters _BESIDE looks at or beside ('&#45;' holds no '-' or
# '.'), so the replacements cannot read each other's output.
_NUMBERED = re.compile(r"^(\d+)\.")  # '1.': an ordered list
_LEADING_SPACE = re.compile(r"^\s")


def safe_url(url: str) -> str:
    """A URL as a Markdown link target: nothing in it can end the link or open markup."""
    return url_quote(url, safe=":/?#@!$&'*+,;=%~-._")


def site_url(url: str) -> str:
    """A URL from a brief as a link target: its '&' as an entity, since Python-Markdown keeps
    entities in an href and `&#1;javascript:` would reach the browser as a control character
    and a script."""
    return safe_url(url).replace("&", "&amp;")


def one_line(text: str) -> str:
    """The text on one line: the white space around each line break, breaks and blank lines
    within it, as one space. Line by line, in time linear in the text: the regular
    expression it replaces, \\s*\\n\\s*, tried every place in a run of spaces and ran to its
    end (a title of 93,000 marks, mostly spaces across 1,000 lines, took 9 s)."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    last = len(lines) - 1
    kept = [
        line.strip() if 0 < n < last else line.rstrip() if n == 0 else line.lstrip()
        for n, line in enumerate(lines)
    ]
    # a line of white space alone, between two breaks, goes with them
    return " ".join(line for n, line in enumerate(kept) if line or n in (0, last))


def escape_text(value: object) -> str:
    """Text from a record, as Markdown that shows exactly that text and nothing live, on one
    line. Python-Markdown reads a paragraph again for each entity in it: ordinary prose gets
    few (see _ALWAYS and _BESIDE)."""
    return _escaped(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _escaped(text: str) -> str:
    """escape_text of a string, kept: a name is printed on every page that names its record
    (a name of a million marks was escaped anew some 300 times for one site)."""
    text = one_line(visible_controls(text))
    text = text.translate(_ALWAYS)
    for pattern, entity in _BESIDE:
        text = pattern.sub(entity, text)
    text = _NUMBERED.sub(r"\1&#46;", text, count=1)
    return _LEADING_SPACE.sub(lambda space: f"&#{ord(space.group())};", text, count=1)


def escape_html(value: object) -> str:
    """Text from a record, as HTML that shows exactly that text, where the site's engine
    leaves HTML as it is (a block of a brief, views.site.prose): Markdown does not read it,
    so only HTML's own characters are escaped, in time linear in the text."""
    return one_line(html.escape(visible_controls(str(value))))


def title_html(value: object) -> str:
    """A record's title where themes print it as HTML (the page's <title>, its header, the nav,
    the search results): escaped, and its bidi and control characters shown, not obeyed."""
    return html.escape(" ".join(visible_controls(str(value)).split()))


def page_of(record: TopRecord) -> str:
    if isinstance(record, Brief):  # a page with raw HTML links: a folder page (FOLDER_PAGES)
        return f"{FOLDERS[Brief]}/{record.record_id}/index.md"
    return f"{FOLDERS[type(record)]}/{record.record_id}.md"


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """The link from one page to another, as a matter of strings (posixpath.relpath took a
    fifth of rendering): a page in a page's own folder or below it is reached down, any
    other from the root."""
    folder, _, _ = from_page.rpartition("/")
    if not folder:
        path = to_page
    elif to_page.startswith(folder + "/"):
        path = to_page[len(folder) + 1 :]
    else:
        path = "../" * (folder.count("/") + 1) + to_page
    return path + (f"#{anchor}" if anchor else "")


def page_url(page: str) -> str:
    """The URL of a page, as MkDocs writes it with directory URLs: actors/x.md -> actors/x/."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def raw_href(from_page: str, to_page: str, engine: str = "mkdocs") -> str:
    """A link written in raw HTML (the network's SVG), from one page's folder to another's
    (directory URLs). MkDocs leaves such a link as written, so it is the final URL; Zensical
    reads it as relative to the page's Markdown file and adds the '../' from the file's
    folder to the page's own (actors/x.md is at actors/x/), so it is written one level less."""
    up = page_url(from_page).count("/")
    if engine == "zensical" and not from_page.endswith("index.md"):
        up -= 1
    return "../" * up + page_url(to_page)


def excerpt_anchor(excerpt: Excerpt) -> str:
    return f"excerpt-{excerpt.start}-{excerpt.end}"


FRAGMENT_CONTEXT = 3  # words of prefix and of suffix that single out a repeated quote


def text_fragment(url: str, excerpt: Excerpt, text: str = "") -> str:
    """A link to the words in the original article: `#:~:text=start,end`, a long quote by its
    first and last words. A quote found more than once in the source's `text` is pinned by
    the words around it, `prefix-,start,end,-suffix`, so the browser shows this place."""

    def encode(part: list[str]) -> str:
        # '-', ',' and '&' are the syntax of a text fragment: always percent-encoded
        return url_quote(" ".join(part), safe="").replace("-", "%2D")

    words = excerpt.text.split()
    target = encode(words) if len(words) <= 8 else f"{encode(words[:4])},{encode(words[-4:])}"
    if excerpt.occurrences > 1 and text:
        before = text[: excerpt.start].split()[-FRAGMENT_CONTEXT:]
        after = text[excerpt.end :].split()[:FRAGMENT_CONTEXT]
        target = "".join(
            [f"{encode(before)}-," if before else "", target, f",-{encode(after)}" if after else ""]
        )
    return f"{safe_url(url)}#:~:text={target}"


# A note's words ----------------------------------------------------------------------------


def note_grade(source: Source, credibility: int | None) -> str:
    """A note's grade: "grade B2", or "ungraded"."""
    if not source.graded:
        return "ungraded"
    return f"grade {source.reliability}{credibility or ''}"


def grade_meaning(source: Source, credibility: int | None) -> str:
    """What a note's grade means: "usually reliable source; information probably true"."""
    meaning = f"{GRADE_MEANS[source.reliability]} source"
    if credibility is not None:
        meaning += f"; information {CREDIBILITY_MEANS[credibility]}"
    return meaning


def page_label(excerpt: Excerpt, before: str = "") -> str:
    """The page of a cited excerpt of a paged source (a PDF): "p. 12"; nothing without pages."""
    return f"{before}p. {excerpt.page}" if excerpt.page else ""


@dataclass(frozen=True)
class NoteText:
    """The words of one note, the same on the site and in the PDF: who reported it, when and
    how reliably (`head`), then the quoted words (`quote`, `page`); each view adds its links."""

    source: Source
    excerpt: Excerpt
    said: str  # "Arab News, Reuters, 11 February 2020": words of the records
    grade: str  # "grade B2": words of ours
    quote: str
    page: str  # ", p. 12" or ""
    meaning: str = ""  # "usually reliable source; information probably true"
    retracted: str = ""  # "retracted 3 March 2021: the reason", or ""

    @property
    def key(self) -> tuple[str, int, int, str, str]:
        """What makes two citations one note on a page or in a part of the PDF: the same
        place of the same source, reported by the same chain with the same grade."""
        return (self.source.record_id, self.excerpt.start, self.excerpt.end, self.said, self.grade)

    def head(
        self,
        text: Callable[[str], str] = str,
        grade: Callable[[str], str] = str,
        flag: Callable[[str], str] = str,
    ) -> str:
        """'Arab News, relaying Reuters, 11 February 2020 (grade B2); retracted 3 March 2021:
        the reason': the words of the records as `text` makes them, our grade and the
        retraction as `grade` and `flag` mark them (the site: escaped, a tooltip, bold)."""
        withdrawn = f"; {flag(self.retracted)}" if self.retracted else ""
        return f"{text(self.said)} ({grade(self.grade)}){withdrawn}"


def credited(source: Source) -> str:
    """Who published a source: its publisher, and its byline when that says more ("News 9
    (KWTV, Oklahoma City)" with the byline "News 9" is said once)."""
    byline = source.byline
    if not byline or normal(byline).casefold() in normal(source.outlet).casefold():
        return source.outlet
    return f"{source.outlet}, {byline}"


def note_text(
    synthesis: Synthesis,
    excerpt: Excerpt,
    credibility: int | None = None,
    citation: Citation | None = None,
) -> NoteText:
    """A note's words; with the citation, its reporting chain too: "Arab News, relaying
    Reuters; Iraqi sources, 11 February 2020 (grade B2)"."""
    sources = synthesis.briefing.sources
    source = sources[excerpt.source_id]
    said = credited(source)
    relaying = relayed_name(citation, sources) if citation else None
    said += f", relaying {relaying}" if relaying else ""
    said += f"; {citation.speaker}" if citation and citation.speaker else ""
    said += f", {show_date(source.published)}"
    withdrawn = source.retracted
    flag = f"{withdrawn.kind} {show_date(withdrawn.date)}: {withdrawn.reason}" if withdrawn else ""
    return NoteText(
        source,
        excerpt,
        said,
        note_grade(source, credibility),
        excerpt.text,
        page_label(excerpt, ", "),
        grade_meaning(source, credibility),
        flag,
    )


def provenance_text(source: Source) -> str | None:
    """When a captured source was fetched, the hash of its text and its recorded edits, on
    one line (the source's page lists the same, with the edits' reasons)."""
    parts = []
    if source.retrieved:
        parts.append(f"captured {source.retrieved}")
    if source.sha256:
        parts.append(f"SHA-256 of the text {source.sha256}")
    if source.edits:
        parts.append(f"{len(source.edits)} recorded edit{'s' if len(source.edits) > 1 else ''}")
    return "; ".join(parts) if parts else None
