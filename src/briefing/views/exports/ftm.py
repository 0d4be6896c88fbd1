"""FollowTheMoney (JSON lines, one entity a line): the entities of Aleph, OpenAleph and
OpenSanctions' tools, made with the followthemoney library so that each is valid for its
schema.

The mapping (FORMAT.md, "Exports"): a person is a Person; an organisation, armed group or
political party an Organization (with the topic `mil` or `pol.party`); a government or a
state a PublicBody (the model has no schema for a state: its government acts for it, with
the topic `gov.national`); any other actor a LegalEntity. An affiliation is a Directorship
when its role says the actor leads the other (leader, head, commander, ...), a Membership
when the other is an organisation, and an UnknownLink otherwise, each with its dates. A
source is an Article; an event an Event with the actors involved; a claim or a side of a
conflict a Note on its actor or event. Every statement names the articles it rests on in
`proof`, their addresses in `sourceUrl` and their publishers in `publisher`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import replace

from followthemoney import model, registry
from followthemoney.proxy import EntityProxy

from briefing.check.resolve import Index
from briefing.records.dates import parse_when, show_date
from briefing.records.model import Actor, Affiliation, Event, Source
from briefing.records.settings import Settings
from briefing.views.exports.statements import Stated, affiliation_id

FILE = "entities.ftm.json"
SCHEMA_OF_KIND = {
    "person": "Person",
    "organisation": "Organization",
    "armed-group": "Organization",
    "political-party": "Organization",
    "government": "PublicBody",
    "state": "PublicBody",
    "other": "LegalEntity",
}
TOPIC_OF_KIND = {"armed-group": "mil", "political-party": "pol.party", "state": "gov.national"}
# Roles that make an affiliation a directorship: the actor leads the organisation.
LEADING = re.compile(
    r"\b(leader|head|chief|commander|founder|director|chair(man|woman)?|secretary[- ]general|"
    r"president|prime minister)\b",
    re.IGNORECASE,
)
ORGANISATIONS = {"Organization", "PublicBody"}


def entity_id(kind: str, record_id: str) -> str:
    return f"briefing-{kind}-{record_id}"


def _entity(schema: str, kind: str, record_id: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = entity_id(kind, record_id)
    return proxy


@functools.lru_cache(maxsize=1 << 14)
def _address(url: str | None) -> str | None:
    """A source's address as FtM keeps it, cleaned once: it is given again for each statement
    that cites the source, and FtM's cleaning of an address (0.1 ms) was a third of the
    export."""
    return registry.url.clean(url)


def _provenance(proxy: EntityProxy, index: Index, stated: Stated) -> None:
    """Each cited article as proof, with its address and publisher; a judgment says so."""
    for placed in stated.citations:
        source = index.briefing.sources[placed.source_id]
        proxy.add("proof", entity_id("source", source.record_id))
        proxy.add("publisher", source.publisher)
        if source.url:
            proxy.add("sourceUrl", _address(source.url), cleaned=True)
    if stated.judgment:
        proxy.add("description", f"The analyst's judgment, {stated.judgment} confidence.")
    elif stated.confidence:
        proxy.add("description", f"Held with {stated.confidence} confidence.")
    if stated.deprecation:
        proxy.add("description", f"{stated.deprecation.rstrip('.')}.")


def article(source: Source, full_text: bool) -> EntityProxy:
    proxy = _entity("Article", "source", source.record_id)
    proxy.add("title", source.title)
    proxy.add("publisher", source.publisher)
    proxy.add("author", source.byline)
    published = ftm_within(source.published)
    proxy.add("publishedAt", published)
    if published != ftm_date(source.published):
        proxy.add("notes", f"Published {show_date(source.published)}.")
    proxy.add("modifiedAt", ftm_date(source.modified))
    proxy.add("sourceUrl", _address(source.url), cleaned=True)
    proxy.add("language", source.language)
    if full_text:  # as on the site: the articles belong to their publishers
        proxy.add("bodyText", source.text)
    proxy.add("notes", f"Reliability {source.reliability}: {source.reliability_reason}")
    return proxy


def actor_entity(index: Index, actor: Actor, summary: Stated) -> EntityProxy:
    proxy = _entity(SCHEMA_OF_KIND[actor.kind], "actor", actor.record_id)
    proxy.add("name", actor.name)
    proxy.add("alias", actor.aliases)
    proxy.add("summary", actor.summary.text)
    proxy.add("topics", TOPIC_OF_KIND.get(actor.kind))
    _provenance(proxy, index, summary)
    return proxy


def affiliation_entity(
    index: Index, actor: Actor, affiliation: Affiliation, stated: Stated
) -> EntityProxy:
    other = index.briefing.actors[affiliation.actor]
    organisation = SCHEMA_OF_KIND[other.kind] in ORGANISATIONS
    role = affiliation.role or ""
    if organisation and LEADING.search(role):
        proxy = model.make_entity("Directorship")
        proxy.add("director", entity_id("actor", actor.record_id))
        proxy.add("organization", entity_id("actor", other.record_id))
    elif organisation:
        proxy = model.make_entity("Membership")
        proxy.add("member", entity_id("actor", actor.record_id))
        proxy.add("organization", entity_id("actor", other.record_id))
    else:
        proxy = model.make_entity("UnknownLink")
        proxy.add("subject", entity_id("actor", actor.record_id))
        proxy.add("object", entity_id("actor", other.record_id))
    proxy.id = entity_id("statement", stated.statement_id.replace("#", "-"))
    proxy.add("role", role or None)
    dated(proxy, affiliation.since, affiliation.until, moment=False)
    proxy.add("summary", stated.text)
    _provenance(proxy, index, stated)
    return proxy


def ftm_date(text: str | None) -> str | None:
    """A record's date as an FtM date, an ISO prefix as precise as the record ("2020",
    "2020-01", "2020-01-09"): a range "some time between" at its start ("2020-01/2020-02-11"
    is 2020-01), an approximate date at its digits (see `dated`)."""
    when = parse_when(text) if text else None
    return str(replace(when.start, approximate=False)) if when else None


def ftm_within(text: str) -> str | None:
    """A date that is one moment (an article's publication) as an FtM date: a range "some
    time between" at what both its ends share ("2020-02-11/2020-12" is 2020; none when they
    share no year), where its start alone would be more precise than the evidence."""
    when = parse_when(text)
    shared = when.shared if when else None
    return str(shared) if shared else None


def ftm_end(text: str | None) -> str | None:
    """The latest a range "some time between" may mean, as an FtM date; None for a date."""
    when = parse_when(text) if text else None
    return str(replace(when.end, approximate=False)) if when and when.end else None


def dated(proxy: EntityProxy, start: str | None, end: str | None, moment: bool) -> None:
    """Dates on an entity: `startDate` at the start's earliest, `endDate` at the end's; for
    a `moment` (an event) with no end, a range of its date ends at the latest the range may
    mean (it happened within it), while a link's start that is a range says only when it
    began. Where a date is approximate or a range, a note says it as the site does
    ("c. 2005", "between January and 11 February 2020"), which FtM's dates cannot."""
    proxy.add("startDate", ftm_date(start))
    proxy.add("endDate", ftm_date(end) if end else ftm_end(start) if moment else None)
    noted = "notes" if "notes" in proxy.schema.properties else "description"
    for label, text in (("date", start), ("until", end)):
        when = parse_when(text) if text else None
        if when and (when.end or when.start.approximate):
            proxy.add(noted, f"The {label}: {show_date(text)}.")


def event_entity(index: Index, event: Event, summary: Stated) -> EntityProxy:
    proxy = _entity("Event", "event", event.record_id)
    proxy.add("name", event.title)
    dated(proxy, event.date, event.end, moment=True)
    proxy.add("location", event.place)
    proxy.add("summary", event.summary.text)
    for participant in event.participants:
        if participant.actor in index.briefing.actors:
            proxy.add("involved", entity_id("actor", participant.actor))
    _provenance(proxy, index, summary)
    return proxy


def note(index: Index, stated: Stated, about: str) -> EntityProxy:
    proxy = _entity("Note", "statement", stated.statement_id.replace("#", "-"))
    proxy.add("entity", about)
    proxy.add("name", stated.statement_id)
    # a Note's caption in Aleph is its description: the words, not "Note"
    proxy.add("description", stated.text)
    _provenance(proxy, index, stated)
    return proxy


def entities(index: Index, settings: Settings, statements: Sequence[Stated]) -> list[EntityProxy]:
    b = index.briefing
    made = [article(source, settings.publish_full_text) for source in b.sources.values()]
    by_id = {one.statement_id: one for one in statements}
    for actor_id, actor in b.actors.items():
        made.append(actor_entity(index, actor, by_id[f"{actor_id}#summary"]))
        for number, affiliation in enumerate(actor.affiliations, 1):
            if affiliation.actor in b.actors:
                stated = by_id[affiliation_id(actor_id, number, affiliation)]
                made.append(affiliation_entity(index, actor, affiliation, stated))
    for event_id, event in b.events.items():
        made.append(event_entity(index, event, by_id[f"{event_id}#summary"]))
    for stated in by_id.values():
        if stated.kind in ("claim", "conflict-side") and isinstance(stated.record, Actor | Event):
            kind = "actor" if isinstance(stated.record, Actor) else "event"
            made.append(note(index, stated, entity_id(kind, stated.record.record_id)))
    return made


def export(index: Index, settings: Settings, stated: Sequence[Stated]) -> dict[str, str]:
    lines = [
        json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True)
        for proxy in entities(index, settings, stated)
    ]
    return {FILE: "\n".join(lines) + "\n"}
