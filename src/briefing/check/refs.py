"""What refers to a record, each at its place: the citations of a source, the links to a
record, the events an actor is a participant of. `briefing refs ID` prints them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from briefing.check.prose import Block
from briefing.check.quotes import normal
from briefing.check.resolve import Index
from briefing.problems import Origin
from briefing.records.model import Actor, Event, Source, TopRecord, statements

QUOTE_SHOWN = 70  # characters of a quote in a line of the list


class Reference(NamedTuple):
    origin: Origin
    by_id: str  # the record that refers
    how: str  # "cites it: "..."", "links it", ...

    def render(self) -> str:
        return f"{self.origin}: {self.by_id} {self.how}"


def _cites(quote: str) -> str:
    text = normal(quote)
    if len(text) > QUOTE_SHOWN:
        text = text[: QUOTE_SHOWN - 1] + "…"
    return f'cites it: "{text}"'


def references_to(index: Index, target_id: str) -> list[Reference]:
    """Every place in the valid records that refers to `target_id`, in file order."""
    return sorted(_references(index, target_id))


def _references(index: Index, target_id: str) -> Iterator[Reference]:
    for record in index.briefing.records():
        yield from _citations(record, target_id)
        yield from _names(record, target_id)
    for brief_id, blocks in index.blocks.items():
        yield from _in_prose(brief_id, blocks, target_id)


def _citations(record: TopRecord, target_id: str) -> Iterator[Reference]:
    """The citations of a source in a record's statements."""
    for statement, _ in statements(record):
        for citation in statement.cite:
            if citation.source == target_id:
                yield Reference(citation.at("quote"), record.record_id, _cites(citation.quote))


def _names(record: TopRecord, target_id: str) -> Iterator[Reference]:
    """The places a record names another by its id: an affiliate, a participant, a related
    event, the source it translates or copies."""
    by_id = record.record_id
    if isinstance(record, Actor):
        for affiliation in record.affiliations:
            if affiliation.actor == target_id:
                yield Reference(affiliation.at("actor"), by_id, "names it as an affiliate")
    elif isinstance(record, Event):
        for participant in record.participants:
            if participant.actor == target_id:
                role = f" ({participant.role})" if participant.role else ""
                yield Reference(participant.at("actor"), by_id, f"names it as a participant{role}")
        if target_id in record.related:
            yield Reference(record.at("related"), by_id, "names it as a related event")
    elif isinstance(record, Source) and record.translation_of == target_id:
        yield Reference(record.at("translation_of"), by_id, "is a translation or copy of it")


def _in_prose(brief_id: str, blocks: list[Block], target_id: str) -> Iterator[Reference]:
    """The citations of a source, and the links to a record, in a brief's prose."""
    for block in blocks:
        for cited in block.citations:
            if cited.source_id == target_id:
                yield Reference(cited.origin, brief_id, _cites(cited.quote))
        for linked_id, origin in block.links:
            if linked_id == target_id:
                yield Reference(origin, brief_id, "links it")
