"""Lines of a site's furniture that trafilatura keeps inside an article's text.

trafilatura takes the article's block whole; a publisher's links to other stories set between
its paragraphs ("Read more: ...") and its sign-off under every story come with it. Its
`favor_precision` option was tried on real pages: it dropped Reuters' standards line but also
the article's own credits ("Additional reporting by ...; Editing by ..."), and kept Deutsche
Welle's "Read more" lines. So a capture keeps trafilatura's full text and leaves out only the
lines that match one of these patterns as a whole: a line of the article's own prose is never
one of them (tests/test_capture_metadata.py checks it on every source of the sample).
"""

from __future__ import annotations

import re

MAX_FURNITURE = 200  # characters: a line longer than this is prose, whatever it starts with

FURNITURE = [
    # a link to another story between paragraphs: "Read more: Looted colonial art: ..."
    re.compile(
        r"(?:Read more|Read also|Also read|Read next|See also|Related|More on this|"
        r"Mehr zum Thema|Lesen Sie auch|Lesen Sie mehr|Lire aussi|Lee también)\s*:\s*\S.*"
    ),
    # Reuters' line under every story
    re.compile(r"Our Standards: The Thomson Reuters Trust Principles\.?"),
    # a copyright line: "© 2019 Science X Network", "© Thomson Reuters 2020"
    re.compile(r"(?:©|\(c\)|Copyright ©?)\s*(?:\d{4}\s+)?[\w&.,' -]{2,60}\s*(?:\d{4})?\.?"),
]


def is_furniture(line: str) -> bool:
    text = line.strip()
    return len(text) <= MAX_FURNITURE and any(pattern.fullmatch(text) for pattern in FURNITURE)


def without_furniture(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """The paragraphs that are the article's, and those left out as furniture."""
    kept = [paragraph for paragraph in paragraphs if not is_furniture(paragraph)]
    return kept, [paragraph for paragraph in paragraphs if is_furniture(paragraph)]
