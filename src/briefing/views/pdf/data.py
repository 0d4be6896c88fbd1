"""The data of a printed briefing: from the resolved records, the analysis the site reads
too and the records one PDF prints (views.pdf.scope), the JSON the Typst template sets.
Every text in it is a string to show as text, never Typst markup."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from briefing.analysis.judgments import CREDIBILITY_MEANS, SCALE
from briefing.analysis.rests import Dependent, name_of
from briefing.analysis.synthesis import assessment, synthesis_of
from briefing.check.prose import ProseCitation
from briefing.check.resolve import Excerpt, Index
from briefing.records.dates import chronology_date, date_key, show_date
from briefing.records.model import (
    KIND_LABEL,
    Brief,
    Citation,
    Cited,
    Claim,
    Conflict,
    Source,
    statements,
)
from briefing.records.settings import Settings
from briefing.views.languages import language_name
from briefing.views.pdf.changes import changes_data, mark
from briefing.views.pdf.meta import description, timestamp
from briefing.views.pdf.notes import cite_once_per_part
from briefing.views.pdf.scope import Scope, label_of
from briefing.views.prose_tree import Inline, Node, ProseConverter, clean
from briefing.views.shared import (
    GRADES,
    excerpt_anchor,
    note_text,
    page_of,
    page_url,
    provenance_text,
    text_fragment,
)


class PrintedBriefing:
    """The data of one PDF, from the resolved records, for the template to set."""

    def __init__(self, index: Index, settings: Settings, scope: Scope) -> None:
        self.index, self.settings, self.scope = index, settings, scope
        self.b = index.briefing
        self.synthesis = synthesis_of(index)  # the analysis the site's pages read too

    # Pieces ---------------------------------------------------------------------------------

    def ref(self, record_id: str, label: str | None = None) -> Node:
        """A record's name (or the label a brief gives it), linked to its entry when this
        PDF prints one."""
        record = self.synthesis.record(record_id)
        if record is None:
            return clean(label or record_id)
        name = clean(label or name_of(record))
        if self.scope.has(record):
            return {"t": "ref", "to": label_of(record), "c": [name]}
        return {"t": "em", "c": [name]}  # a record of the project that this PDF leaves out

    def note(
        self, excerpt: Excerpt | None, credibility: int | None = None, cited: Citation | None = None
    ) -> dict[str, Any]:
        if excerpt is None:  # only a record that failed its check has no excerpt
            return {"t": "missing"}
        note = note_text(self.synthesis, excerpt, credibility, cited)
        source = note.source
        return {
            "t": "note",
            "key": note.key,  # which note it is (see pdf.notes): not in the data the template sets
            "to": label_of(source),
            "head": clean(note.head()),
            "quote": clean(note.quote),
            "page": note.page,
            "url": text_fragment(source.url, excerpt, source.text) if source.url else None,
            "site": self.site_link(excerpt),
            "archived_url": source.archived_url,
        }

    def site_link(self, excerpt: Excerpt) -> str | None:
        """Where the excerpt stands on the published site, when briefing.yml says where that is."""
        if not self.settings.site_url:
            return None
        source = self.b.sources[excerpt.source_id]
        page = page_url(page_of(source)) + "#" + excerpt_anchor(excerpt)
        return self.settings.site_url.rstrip("/") + "/" + page

    def notes(self, pairs: Iterable[tuple[Excerpt | None, int | None]]) -> Inline:
        found = [self.note(excerpt, credibility) for excerpt, credibility in pairs]
        return [{"t": "notes", "notes": found}] if found else []

    def prose_notes(self, citations: list[ProseCitation]) -> Inline:
        nodes = self.notes((self.index.excerpts.get(c.origin), None) for c in citations)
        flag = self.synthesis.withdrawn_group_text(c.source_id for c in citations)
        return nodes + ([" ", {"t": "strong", "c": [clean(flag)]}] if flag else [])

    def statement(self, statement: Cited, text: str | None = None) -> Inline:
        """A claim's words, its confidence if it is a judgment, and its notes."""
        words = text if text is not None else getattr(statement, "text", None) or ""
        nodes: Inline = [clean(words)] if words else []
        if statement.judgment:
            nodes.append({"t": "badge", "confidence": statement.judgment})
        return nodes + self.citation_notes(statement) + self.flags(statement)

    def citation_notes(self, statement: Cited) -> Inline:
        """The notes of a statement's citations, at the place they stand."""
        found = [
            self.note(self.index.excerpts.get(c.at("quote")), c.credibility, c)
            for c in statement.cite
        ]
        return [{"t": "notes", "notes": found}] if found else []

    def flags(self, statement: Cited) -> Inline:
        """The assessment of a cited judgment, a withdrawn source, a deprecation: the
        words the site shows beside the statement (see Synthesis)."""
        nodes: Inline = []
        assessed = self.synthesis.assessment_text(statement)
        if assessed:
            nodes += [" (", {"t": "em", "c": [clean(assessed)]}, ")"]
        deprecated = self.synthesis.deprecation_text(statement)
        deprecation: Inline = [" ", {"t": "strong", "c": [clean(deprecated)]}] if deprecated else []
        return nodes + self.standing(statement) + deprecation

    def standing(self, statement: Cited) -> Inline:
        """A withdrawn source the statement cites, said after it (nothing if none)."""
        text = self.synthesis.standing_text(statement)
        return [" ", {"t": "strong", "c": [clean(text)]}] if text else []

    # The document ---------------------------------------------------------------------------

    def document(self, book: bool) -> dict[str, Any]:
        briefs = list(self.scope.briefs)
        data: dict[str, Any] = {
            "paper": self.settings.paper,
            "meta": self.meta(briefs, book),
            "key_judgments": self.key_judgments(briefs, book),
            "briefs": [self.brief(brief) for brief in briefs],
            "actors": self.actors(),
            "events": self.events(),
            "conflicts": self.conflicts(),
            "sources": self.sources(),
            "grades": list(GRADES.items()),
            "credibility": [[str(n), meaning] for n, meaning in CREDIBILITY_MEANS.items()],
            "scale": [[term, step[0], ", ".join(step[1])] for term, step in SCALE.items()],
            "has_urls": any(s.url for s in self.b.sources.values() if self.scope.has(s)),
        }
        data["counts"] = self.counts()
        return cite_once_per_part(data)

    def meta(self, briefs: list[Brief], book: bool) -> dict[str, Any]:
        """The cover's and the document's: title, series, date, audience, authors, handling;
        for the book its subtitle and contents, for one brief its summary."""
        first = briefs[0] if briefs else None
        series = clean(self.settings.title)
        title = self.settings.title if book or first is None else first.title
        date = max((brief.date for brief in briefs), key=date_key, default=None)
        audiences = list(dict.fromkeys(b.audience for b in briefs if b.audience))
        return {
            "title": clean(title),
            "series": None if book or self.settings.title == "Briefing" else series,
            "subtitle": _maybe(self.settings.subtitle) if book else None,
            "summary": _maybe(first.summary) if first and not book else None,
            "date": show_date(date) if date else None,
            "description": clean(description(self.settings, first, book)),
            "timestamp": timestamp(date),
            "audience": _maybe("; ".join(audiences)),
            "authors": [clean(a) for a in self.authors(briefs, book)],
            "handling": clean(self.settings.handling),
            "contents": [clean(brief.title) for brief in briefs] if book else [],
        }

    def counts(self) -> dict[str, int]:
        """What the cover says the PDF rests on: its sources, the origins they carry and the
        reports from outside the project they relay (apart: a reader counts the origins of
        what the project holds, and a relayed report is known only through its relay), and
        its claims (statements of records and paragraphs of briefs, as the claims export
        lists them: not a brief's editorial paragraphs, which speak of the briefing), cited
        or marked as judgment."""
        b = self.b
        sources = [s for s in b.sources.values() if self.scope.has(s)]
        records = [r for r in b.records() if self.scope.has(r) and not isinstance(r, Source)]
        said = [statement for record in records for statement, _ in statements(record)]
        blocks = [
            blk
            for brief in self.scope.briefs
            for blk in self.index.blocks[brief.record_id]
            if not blk.editorial
        ]
        return {
            "sources": len(sources),
            "origins": len({self.synthesis.origin(s) for s in sources}),
            "relayed": len(self.relayed(sources)),
            "claims": len(said) + len(blocks),
            "judgments": sum(s.judgment is not None for s in said)
            + sum(blk.judgment is not None for blk in blocks),
            "citations": sum(len(s.cite) for s in said) + sum(len(blk.citations) for blk in blocks),
        }

    def relayed(self, sources: list[Source]) -> set[str]:
        """The reports from outside the project ("al-Hurra") that the printed sources relay,
        each once, as the check counts them."""
        relayed, printed = self.synthesis.relayed, {s.record_id for s in sources}
        return {o for o, (_, by) in relayed.items() if any(s.record_id in printed for s in by)}

    def authors(self, briefs: list[Brief], book: bool) -> list[str]:
        """A brief's own author, else the project's; for the book, the project's, else the
        authors of its briefs."""
        own = list(dict.fromkeys(brief.author for brief in briefs if brief.author))
        if not book and own:
            return own[:1]
        return [self.settings.author] if self.settings.author else own

    def key_judgments(self, briefs: list[Brief], book: bool) -> list[dict[str, Any]]:
        """Each brief's key judgments as the site shows them: the live ones, each with its
        assessment (those new or changed since the edition compared with marked, with a link
        to the change), then those withdrawn, with why."""
        return [
            {
                "title": clean(brief.title) if book else None,
                "to": label_of(brief),
                "items": [
                    self.key_judgment(
                        claim, mark(self.synthesis.changes(brief), label_of(brief), claim.claim_id)
                    )
                    for claim in brief.key_judgments
                    if not claim.deprecated
                ],
                "withdrawn": [
                    {
                        "c": self.cited(claim),
                        "why": clean(self.synthesis.deprecation_text(claim)),
                    }
                    for claim in brief.key_judgments
                    if claim.deprecated
                ],
            }
            for brief in briefs
            if brief.key_judgments
        ]

    def key_judgment(self, claim: Claim, changed: Inline) -> dict[str, Any]:
        assessed = assessment(claim)
        return {
            "c": self.cited(claim) + changed,
            "own": assessed.own,
            "head": clean(assessed.head),
            "details": [[clean(label), clean(words)] for label, words in assessed.details],
        }

    def cited(self, claim: Claim) -> Inline:
        """A key judgment's words, its notes, and a withdrawn source it cites."""
        return [clean(claim.text), *self.citation_notes(claim), *self.standing(claim)]

    def brief(self, brief: Brief) -> dict[str, Any]:
        converter = ProseConverter(self.prose_notes, self.ref)
        return {
            "label": label_of(brief),
            "title": clean(brief.title),
            "date": show_date(brief.date),
            "audience": _maybe(brief.audience),
            "author": _maybe(brief.author),
            "summary": _maybe(brief.summary),
            "body": converter.convert(self.index.prose.get(brief.record_id)),
            "changes": self.changes(brief),
        }

    def changes(self, brief: Brief) -> dict[str, Any] | None:
        """What changed since the edition compared with, as the site's brief page says it."""
        found = self.synthesis.changes(brief)
        return None if found is None else changes_data(found, label_of(brief))

    def actors(self) -> list[dict[str, Any]]:
        actors = [a for a in self.b.actors.values() if self.scope.has(a)]
        entries = []
        for actor in sorted(actors, key=lambda a: (a.name.lower(), a.record_id)):
            events = [
                {
                    "date": chronology_date(event.date),
                    "event": self.ref(event.record_id),
                    "role": _maybe(role),
                }
                for event, role in self.synthesis.participations.get(actor.record_id, [])
                if self.scope.has(event)
            ]
            entries.append(
                {
                    "label": label_of(actor),
                    "name": clean(actor.name),
                    "kind": KIND_LABEL[actor.kind],
                    "aliases": [clean(alias) for alias in actor.aliases],
                    "summary": self.statement(actor.summary),
                    "affiliations": [
                        {
                            "with": self.ref(a.actor),
                            "role": _maybe(a.role),
                            "from": show_date(a.since) if a.since else None,
                            "until": show_date(a.until) if a.until else None,
                            "c": self.statement(a, a.text or ""),
                        }
                        for a in actor.affiliations
                    ],
                    "claims": [self.statement(claim) for claim in actor.claims],
                    "events": events,
                    "conflicts": self.conflict_refs(actor.conflicts),
                }
            )
        return entries

    def conflict_refs(self, conflicts: list[Conflict]) -> Inline:
        return [
            {"t": "ref", "to": f"conflict-{c.conflict_id}", "c": [clean(c.question)]}
            for c in conflicts
        ]

    def events(self) -> list[dict[str, Any]]:
        return [
            {
                "label": label_of(event),
                "title": clean(event.title),
                "date": chronology_date(event.date),
                "end": show_date(event.end) if event.end else None,
                "place": _maybe(event.place),
                "summary": self.statement(event.summary),
                "participants": [
                    {"actor": self.ref(p.actor), "role": _maybe(p.role)} for p in event.participants
                ],
                "claims": [self.statement(claim) for claim in event.claims],
                "related": [self.ref(related) for related in event.related],
                "conflicts": self.conflict_refs(event.conflicts),
            }
            for event in self.synthesis.events_in_order()
            if self.scope.has(event)
        ]

    def conflicts(self) -> list[dict[str, Any]]:
        return [
            {
                "label": f"conflict-{conflict.conflict_id}",
                "question": clean(conflict.question),
                "about": self.ref(record.record_id),
                "sides": [self.statement(side) for side in conflict.sides],
            }
            for record, conflict in self.synthesis.conflicts()
            if self.scope.has(record)
        ]

    def sources(self) -> list[dict[str, Any]]:
        entries = []
        for source in self.b.sources.values():
            if not self.scope.has(source):
                continue
            origin = self.synthesis.rests[self.synthesis.origin(source)]
            translated = source.translation_of
            copies = [self.ref(copy.record_id) for copy in self.synthesis.copies(source)]
            # The origin's list stands under the first of its sources that this PDF prints.
            shown = next(s for s in origin.sources if self.scope.has(s))
            lead = shown is source
            entries.append(
                {
                    "label": label_of(source),
                    "title": clean(source.title),
                    "publisher": clean(source.outlet),
                    "byline": _maybe(source.byline),
                    "date": show_date(source.published)
                    + (f", updated {show_date(source.modified)}" if source.modified else ""),
                    "language": clean(language_name(source.language)),
                    "grade": source.reliability,
                    "meaning": GRADES[source.reliability],
                    "reason": clean(source.reliability_reason or ""),
                    "origin": None if lead else self.ref(shown.record_id),
                    "copies": copies,
                    "translation_of": translated and self.ref(translated),
                    "machine_translation": source.machine_translation,
                    "url": source.url,
                    "archived_url": source.archived_url,
                    "provenance": _maybe(provenance_text(source)),
                    "notes": _maybe(source.notes),
                    "rests": self.rests(origin.alone, origin.origin_id) if lead else [],
                    "shared": self.rests(origin.shared, origin.origin_id) if lead else [],
                }
            )
        return sorted(entries, key=lambda e: (e["grade"], e["publisher"].lower(), e["label"]))

    def origin_ref(self, origin_id: str) -> Node:
        """A stored report as its source's name, linked; one outside the project by name."""
        name = self.synthesis.origin_name(origin_id)
        if name is not None:
            return clean(f"{name} (relayed, not stored)")
        return self.ref(self.synthesis.lead_source(origin_id).record_id)

    def rests(self, dependents: list[Dependent], origin_id: str) -> list[dict[str, Any]]:
        """Statements resting on an origin, each with where it stands and the other origins
        it rests on, named by the source a reader is sent to for each."""
        return [
            {
                "text": clean(d.text),
                "place": self.ref(d.record.record_id, f"{d.label} {name_of(d.record)}"),
                "also": [self.origin_ref(other) for other in sorted(d.origins - {origin_id})],
            }
            for d in dependents
            if self.scope.has(d.record)
        ]


def _maybe(text: str | None) -> str | None:
    return clean(text) if text else None
