"""The site's search index, as each engine writes it: a page's words are in it, its notes are
not (views/site/notes.py). Zensical refuses a section of more words than its limit, which
shrinks as the index grows (16,384 at 60,000 entries, a site of 10,000 sources, where the
notes of the contested page passed it): only the benchmark at that size meets it."""

from __future__ import annotations

import json
import re
from pathlib import Path

# A note's words end with its links: "... “quoted words” · excerpt · original"
NOTE = re.compile(r"·\s*excerpt")


def search_texts(engine: str, site: Path) -> list[str]:
    """The text of each entry of the site's search index."""
    if engine == "zensical":
        items = json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    else:
        items = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        items = items["docs"]
    return [item["text"] for item in items]


def test_the_notes_are_left_out_of_the_search(engine_site: tuple[str, Path]) -> None:
    texts = search_texts(*engine_site)
    assert sum("Kawtharani" in text for text in texts) >= 3  # the pages' own words are kept
    assert not [text[:200] for text in texts if NOTE.search(text)]
