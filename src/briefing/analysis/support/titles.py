"""flat-title: an event's title that states flatly what its summary attributes to the one
origin its citations rest on ("Pro-Iran militias meet in Beirut" where the summary says
"DEBKA Weekly reports ..."). A reader of a timeline or a list of events reads the title
alone; a title that attributes ("..., according to DEBKA Weekly") or hedges is quiet, and so
is one whose citations rest on two origins or more (see analysis/chains.py).

Only a report in doubt is judged: the summary hedges it or gives it to unnamed sources
(the `hedges` and `anonymous` lists), or the origin's source is graded below B. "The harbour
council meets after the storm", which a B-graded wire reports on two council members'
word, may keep its title; "Hezbollah meets Iraqi militia leaders", on two unnamed Iraqi
sources, may not.
"""

from __future__ import annotations

from collections.abc import Iterator

from briefing.analysis.chains import citation_origins, origin_label
from briefing.analysis.support.judges import Finding
from briefing.analysis.support.said import Said
from briefing.analysis.support.words import Lexicon, Match
from briefing.check.quotes import normal
from briefing.records.model import UNGRADED, Citation, Source
from briefing.warning_kinds import WarningKind

_SAYS = ("attribution", "reporting")  # the lists of words that say who says it


def _first(text: str, lexicon: Lexicon, *names: str, besides: Match | None = None) -> Match | None:
    """The first words of a text found in any of the named lists (and not within the words
    `besides`: the "said" of "is said to" does not attribute)."""
    plain = normal(text)
    found = [
        match
        for name in names
        for match in lexicon[name].find(plain)
        if besides is None or match.end <= besides.start or match.start >= besides.end
    ]
    return min(found, key=lambda m: m.start, default=None)


def _low_grade(cite: list[Citation], sources: dict[str, Source]) -> str | None:
    """The grade of the cited sources when each is graded below B (C to F)."""
    grades = {sources[c.source].reliability for c in cite if c.source in sources}
    if not grades or grades & {"A", "B", UNGRADED}:
        return None
    return f"its source is graded {min(grades)}"


def flat_title(said: Said, lexicon: Lexicon) -> Iterator[Finding]:
    if said.field != "title" or said.reader is None or said.cited is None:
        return
    sources = said.reader.index.briefing.sources
    cite = said.cited.cite
    if any(c.source not in sources for c in cite):
        return  # an unknown source is reported already
    origins = citation_origins(cite, sources)
    if len(origins) != 1 or _first(said.text, lexicon, *_SAYS, "hedges") is not None:
        return
    summary = getattr(said.cited, "text", "") or ""
    hedge = _first(summary, lexicon, "hedges")
    attributes = _first(summary, lexicon, *_SAYS, besides=hedge)
    unnamed = _first(summary, lexicon, "anonymous")
    if attributes is None and hedge is None:
        return  # a flat summary is the hedges' and attribution's to judge, not the title's
    if hedge is not None:
        doubt: str | None = f'hedges it ("{hedge.phrase}")'
    elif unnamed is not None:
        doubt = f'gives it to unnamed sources ("{unnamed.phrase}")'
    else:
        doubt = _low_grade(cite, sources)
    if doubt is None:
        return
    how = [f'attributes it ("{attributes.phrase}")'] if attributes else []
    label = origin_label(next(iter(origins)), sources, cite)
    yield Finding(
        WarningKind.FLAT_TITLE,
        f"the title states flatly what one origin reports ('{label}'), where the summary "
        + " and ".join([*how, doubt]),
        f'attribute it in the title too ("{said.text}, according to …"), or cite a second '
        "origin in the summary",
    )
