"""Reporting chains: through whom an outlet reports, and which original report a citation
therefore rests on.

An outlet often relays someone else's reporting ("according to Reuters"). A citation says so
with `via:`: a source of the project (the citation then counts as that source's origin) or a
named origin outside it ("Reuters", "an unnamed Hezbollah source": every citation relaying
the same name, however it is capitalised or punctuated, counts as one origin). A citation of
a retracted source, or relaying one, is void: it no longer supports what it is cited for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from briefing.records.model import Citation, Source, names_a_source

NAMED = "named:"  # the key of an origin outside the project; no source id starts so
_NOT_WORD = re.compile(r"[^\w]+")


def origin_of(source: Source, sources: dict[str, Source]) -> str:
    """The original report a source carries: translations and copies of one report count once."""
    seen = {source.record_id}
    while source.translation_of in sources and source.translation_of not in seen:
        source = sources[source.translation_of]
        seen.add(source.record_id)
    return source.origin_id


def named_origin(name: str) -> str:
    """The origin key of a named origin: 'Reuters', 'reuters' and 'Reuters.' are one."""
    words = _NOT_WORD.sub(" ", name.casefold()).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return NAMED + " ".join(words)


def citation_origin(
    citation: Citation, sources: dict[str, Source], origins: Mapping[str, str] | None = None
) -> str:
    """The original report a citation rests on, following its chain (`origins`: each
    source's own, worked out once by the caller that asks for many)."""
    return relayed_origin(citation.source, citation.via, sources, origins)


def relayed_origin(
    source_id: str,
    via: str | None,
    sources: dict[str, Source],
    origins: Mapping[str, str] | None = None,
) -> str:
    """The original report of a citation of `source_id` that relays `via` (or no one)."""
    if via is not None:
        if via in sources:
            source_id = via
        elif not names_a_source(via):
            return named_origin(via)
    if origins is not None:
        return origins[source_id]
    return origin_of(sources[source_id], sources)


@dataclass(frozen=True)
class Chain:
    """What a citation counts: its source, whom the outlet relays, and, for a relay of
    reports it does not name, the origins they may be."""

    source: str
    via: str | None = None
    may_be: tuple[str, ...] = ()


def chain_origins(
    chains: Iterable[Chain], sources: dict[str, Source], origins: Mapping[str, str] | None = None
) -> set[str]:
    """The origins a statement's citations count. A relay of unnamed reports that may be an
    origin the statement cites beside it counts as none of its own: it may be that one."""
    chains = [c for c in chains if c.source in sources]
    found = {relayed_origin(c.source, c.via, sources, origins) for c in chains if not c.may_be}
    for chain in (c for c in chains if c.may_be):
        maybe = {
            relayed_origin(name, name, sources, origins)
            for name in chain.may_be
            if name in sources or not names_a_source(name)
        }
        if not maybe & found:
            found.add(relayed_origin(chain.source, chain.via, sources, origins))
    return found


def citation_origins(
    cite: Iterable[Citation], sources: dict[str, Source], origins: Mapping[str, str] | None = None
) -> set[str]:
    chains = (Chain(c.source, c.via, tuple(c.may_be)) for c in cite)
    return chain_origins(chains, sources, origins)


def origin_label(origin: str, sources: dict[str, Source], cite: Iterable[Citation] = ()) -> str:
    """An origin as messages name it: a source id, or the name a citation relays."""
    if not origin.startswith(NAMED):
        return origin
    for citation in cite:
        if citation.via is not None and named_origin(citation.via) == origin:
            return citation.via
    return origin.removeprefix(NAMED)


def relayed_name(citation: Citation, sources: dict[str, Source]) -> str | None:
    """Whom a note says the outlet relays: the relayed source's publisher, or the name."""
    if citation.via is None:
        return None
    relayed = sources.get(citation.via)
    return relayed.outlet if relayed is not None else citation.via


def void_source(citation: Citation, sources: dict[str, Source]) -> Source | None:
    """The retracted or discredited source a citation rests on, if it rests on one."""
    for source_id in (citation.source, citation.via):
        source = sources.get(source_id) if source_id else None
        if source is not None and source.retracted is not None:
            return source
    return None


@dataclass(frozen=True)
class Standing:
    """What a statement still rests on once retracted sources are set aside."""

    retracted: tuple[Source, ...]  # the retracted sources it cites
    remaining: tuple[str, ...]  # the origins of its other citations, as labels

    @property
    def fallen(self) -> bool:
        return not self.remaining


def standing(cite: Iterable[Citation], sources: dict[str, Source]) -> Standing | None:
    """None when no citation rests on a retracted source."""
    cite = [c for c in cite if c.source in sources]
    void = {s.record_id: s for c in cite if (s := void_source(c, sources)) is not None}
    if not void:
        return None
    kept = [c for c in cite if void_source(c, sources) is None]
    remaining = sorted({citation_origin(c, sources) for c in kept})
    labels = tuple(
        sources[origin].outlet if origin in sources else origin_label(origin, sources, kept)
        for origin in remaining
    )
    retracted = tuple(void.values())
    return Standing(retracted, labels)
