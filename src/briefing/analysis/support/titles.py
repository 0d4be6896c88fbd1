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


def _attributed(text: str, lexicon: Lexicon) -> Match | None:
    """The first words of a text that attribute or hedge what it says."""
    plain = normal(text)
    found = [lexicon[name].first(plain) for name in ("attribution", "hedges", "reporting")]
    return min((m for m in found if m is not None), key=lambda m: m.start, default=None)


def _doubt(summary: str, lexicon: Lexicon) -> str | None:
    """How a summary puts its report in doubt: a hedge, or unnamed sources."""
    plain = normal(summary)
    for name, says in (("hedges", "hedges it"), ("anonymous", "gives it to unnamed sources")):
        found = lexicon[name].first(plain)
        if found is not None:
            return f'{says} ("{found.phrase}")'
    return None


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
    if len(origins) != 1 or _attributed(said.text, lexicon) is not None:
        return
    summary = getattr(said.cited, "text", "") or ""
    attributes = _attributed(summary, lexicon)
    if attributes is None:
        return  # a flat summary is the hedges' and attribution's to judge, not the title's
    origin = next(iter(origins))
    doubt = _doubt(summary, lexicon) or _low_grade(cite, sources)
    if doubt is None:
        return
    label = origin_label(origin, sources, cite)
    yield Finding(
        WarningKind.FLAT_TITLE,
        f"the title states flatly what one origin reports ('{label}'), where the summary "
        f'attributes it ("{attributes.phrase}") and {doubt}',
        f'attribute it in the title too ("{said.text}, according to …"), or cite a second '
        "origin in the summary",
    )
