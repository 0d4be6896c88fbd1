"""Resolved records -> {page path: Markdown}, through one Jinja template per page type.

Every value a template prints is escaped for Markdown and HTML unless it is `Markup` made
here or in the site's notes and prose (links, note references): text from records and
sources can never become markup.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import Markup, escape

from briefing.analysis.judgments import CREDIBILITY_MEANS, SCALE
from briefing.analysis.rests import rests_anchor
from briefing.analysis.synthesis import assessment, synthesis_of
from briefing.check.resolve import Index
from briefing.collector import frozen_heap
from briefing.parallel import forked_map
from briefing.records.dates import show_date
from briefing.records.model import KIND_LABEL, Actor, Brief, Event, Source
from briefing.records.settings import Settings
from briefing.records.templates import (
    RENDER_ERRORS,
    TemplateFailure,
    render_problem,
)
from briefing.views.formats import FORMATS
from briefing.views.languages import language_name
from briefing.views.network import (
    COLOURS,
    NetworkPicture,
    draw_network,
    neighbourhood,
    shown_actors,
)
from briefing.views.network_layout import load_layout
from briefing.views.shared import (
    GRADES,
    escape_text,
    excerpt_anchor,
    page_of,
    raw_href,
    relative,
)
from briefing.views.site.environment import environment, packaged_stamp
from briefing.views.site.links import Links
from briefing.views.site.lists import NETWORK_PAGE, Lists, Part
from briefing.views.site.notes import Notes
from briefing.views.site.prose import brief_markdown
from briefing.views.site.replay import (
    archive_href,
    archive_of,
    cited_words,
    replay_embed,
    viewer_installed,
)

# A page whose raw HTML links (the network's SVG, a brief's PDF link, the downloads) is
# index.md in a folder of its own (NETWORK_PAGE too): MkDocs leaves such links as written,
# relative to the page's URL (network/); Zensical reads them as relative to the Markdown file
# (network.md: the root) and rewrites them. For a folder page the two are the same place.
DATA_PAGE = "data/index.md"  # its folder, build/site/data, holds the export files
DEPENDENCIES_PAGE = "dependencies.md"
CHANGES = "changes-since-edition"  # the anchor of a brief's list of what changed
MOST_RESTED_ON = 20  # the reports the dependencies page lists; each source's page has its own
KIND_NAMES = {
    "person": "People",
    "organisation": "Organisations",
    "armed-group": "Armed groups",
    "political-party": "Political parties",
    "government": "Governments and institutions",
    "state": "States",
    "other": "Others",
}


class Renderer:
    def __init__(
        self, index: Index, settings: Settings, root: Path | None = None, engine: str = "mkdocs"
    ) -> None:
        """`root`: the project, whose templates/ replace packaged templates; `engine`: the
        site engine the pages are for (links in raw HTML differ, see raw_href)."""
        self.index, self.settings, self.engine = index, settings, engine
        self.briefing = index.briefing
        self.synthesis = synthesis_of(index)
        self.env = environment(root)
        self.root = root
        self.viewer = viewer_installed(root)
        self.links = Links(self.synthesis)

    def render(self, template: str, page: str, **values: Any) -> str:
        notes = Notes(self.synthesis, page)

        def link(record_id: str) -> Markup:
            return self.links.record(page, record_id)

        def to(target: str, anchor: str = "") -> Markup:
            return Markup(relative(page, target, anchor))

        return self.env.get_template(template).render(
            notes=notes,
            link=link,
            to=to,
            settings=self.settings,
            b=self.briefing,
            page=page,
            grades=GRADES,
            credibility=CREDIBILITY_MEANS,
            scale=SCALE,
            excerpt_anchor=excerpt_anchor,
            rests_anchor=rests_anchor,
            kind_label=KIND_LABEL,
            **values,
        )

    def read_by_many(self, pages: set[str]) -> None:
        """What many pages read, made once before they are rendered: in each process when
        they are shared among processes, it would be made again in each, and end with it
        (each brief's tree: the PDFs would parse the brief again)."""
        for brief_id, prose in self.index.prose.items():
            brief = self.briefing.briefs.get(brief_id)
            if brief is not None and page_of(brief) in pages:
                prose.tree()
        # every source's page and the dependencies page: 1.9 s and 3.6 s at 10,000 sources
        self.synthesis.work_out()
        # and what every process would load for itself: the page templates, compiled, each
        # as a page asks for it (the project's own of that name first, whose failure is a
        # page's), and the solver of the actors' pictures (importing scipy took 0.8 s of
        # each process, and of the first edit `serve` shows: it had rendered no page)
        for name, _, _ in packaged_stamp():
            checked_render(functools.partial(self.env.get_template, name))
        if any(actor.affiliations for actor in self.briefing.actors.values()):
            load_layout()

    # Pages --------------------------------------------------------------------------------

    @functools.cached_property
    def lists(self) -> Lists:
        """The pages that list actors, events and sources, whole or split into parts."""
        return Lists(self)

    def page_makers(self) -> dict[str, Callable[[], str]]:
        """Each page of the site and the call that renders it: the pages are known at once,
        and rendered only when asked for."""
        b = self.briefing
        makers: dict[str, Callable[[], str]] = {
            "index.md": self.home,
            **self.lists.makers(),
            "contested.md": lambda: self.render(
                "contested.md.j2", "contested.md", conflicts=self.synthesis.conflicts()
            ),
            DEPENDENCIES_PAGE: self.dependencies,
            DATA_PAGE: self.data,
        }
        for actor in b.actors.values():
            makers[page_of(actor)] = functools.partial(self.actor, actor)
        for event in b.events.values():
            makers[page_of(event)] = functools.partial(self.event, event)
        for source in b.sources.values():
            makers[page_of(source)] = functools.partial(self.source, source)
        for brief in b.briefs.values():
            makers[page_of(brief)] = functools.partial(self.brief, brief)
        return makers

    def actor(self, actor: Actor) -> str:
        page = page_of(actor)
        affiliated = self.synthesis.affiliated_with.get(actor.record_id, [])
        near = neighbourhood(
            self.briefing.actors, actor.record_id, (o.record_id for o, _ in affiliated)
        )
        return self.render(
            "actor.md.j2",
            page,
            actor=actor,
            affiliated=affiliated,
            svg=self.network_svg(page, near, actor.record_id) if len(near) > 1 else None,
            events=self.synthesis.participations.get(actor.record_id, []),
            mentioned=self.synthesis.mentions(actor.record_id),
            kind_names=KIND_NAMES,  # documented for a project's own actor template
        )

    def event(self, event: Event) -> str:
        return self.render(
            "event.md.j2",
            page_of(event),
            event=event,
            mentioned=self.synthesis.mentions(event.record_id),
        )

    def source(self, source: Source) -> str:
        page = page_of(source)
        origin_id = self.synthesis.origin(source)
        return self.render(
            "source.md.j2",
            page,
            source=source,
            excerpts=self.synthesis.excerpts_by_source.get(source.record_id, []),
            copies=self.synthesis.copies(source),
            origin=self.synthesis.lead_source(origin_id),
            language=language_name(source.language),
            rests=self.synthesis.rests[origin_id],
            at=functools.partial(self.links.statement, page),
            also=functools.partial(self.links.origin, page),
            **self.replay(page, source),
        )

    def replay(self, page: str, source: Source) -> dict[str, Any]:
        """The source's archive, its link, and ReplayWeb.page opened at the first cited
        words (when the project has the viewer): all None for a source without one."""
        archive = archive_of(self.root, source)
        if archive is None:
            return {"archive": None, "archive_href": None, "replay": None}
        excerpts = self.synthesis.excerpts_by_source.get(source.record_id)
        cited = cited_words(excerpts[0][0].text) if excerpts else ""
        replay = None
        if source.url and self.viewer:
            replay = replay_embed(page, archive, source.url, source.title, self.engine, cited)
        return {
            "archive": archive,
            "archive_href": Markup(escape(archive_href(page, archive, self.engine))),
            "replay": replay,
        }

    def network(self, part: Part | None, actors: list[Actor]) -> str:
        """The network's page: the picture and the table of every affiliation (`actors`:
        those with any), or, when that table is split, of the affiliations drawn, with the
        table's parts; or one part of the table."""
        table = self.lists.network
        rows = [(actor, a) for actor in actors for a in actor.affiliations]
        if part is not None:
            return self.render(
                "network.md.j2", part.page(NETWORK_PAGE), part=part, affiliations=rows
            )
        shown = shown_actors(self.briefing.actors)
        if table.split:
            rows = [(actor, a) for actor, a in rows if {actor.record_id, a.actor} <= shown.keys()]
        return self.render(
            "network.md.j2",
            NETWORK_PAGE,
            svg=self.network_svg(NETWORK_PAGE, shown),
            shown=len(shown),
            total=len(self.briefing.actors),
            affiliations=rows,
            part=None,
            parts=table.shown() if table.split else None,
        )

    def dependencies(self) -> str:
        """The page on what rests on each source: the reports most rested on, linked to their
        lists on their sources' pages, and the lists of the reports outside the project."""
        page = DEPENDENCIES_PAGE
        rests = self.synthesis.rests
        return self.render(
            "dependencies.md.j2",
            page,
            most=self.synthesis.most_rested_on(MOST_RESTED_ON),
            limit=MOST_RESTED_ON,
            count=len(rests),
            relayed=self.synthesis.resting_on_origins(outside=True),
            title=lambda o: o.name[:1].upper() + o.name[1:] if o.name else o.lead.title,
            rests_at=lambda o: Markup(
                f"#{rests_anchor(o.origin_id)}"
                if o.name
                else relative(page, page_of(o.lead), rests_anchor(o.origin_id))
            ),
            origin=functools.partial(self.links.origin, page),
            at=functools.partial(self.links.statement, page),
        )

    def data(self) -> str:
        """The Data page: a link to each export, which the build writes beside it (not to
        one whose library is not installed: the build skips it). The links are raw HTML, as
        the PDF's are: MkDocs checks Markdown links against its pages, and the files are
        written after it has built them."""
        formats = [
            (
                one,
                Markup("<br>".join(f'<a href="{name}" download>{name}</a>' for name in one.files)),
            )
            for one in FORMATS.values()
            if one.installed
        ]
        return self.render("data.md.j2", DATA_PAGE, formats=formats)

    def network_svg(self, page: str, actors: dict[str, Actor], focus: str | None = None) -> Markup:
        """Affiliations drawn as static SVG on `page`, its links made by `raw_href`, with
        its key (`network_frame`)."""
        actor_pages = {actor_id: page_of(actor) for actor_id, actor in actors.items()}
        picture = draw_network(
            actors,
            lambda actor_id: raw_href(page, actor_pages[actor_id], self.engine),
            focus,
            legend=False,
        )
        return network_frame(picture)

    def home(self) -> str:
        b = self.briefing
        latest = self.synthesis.latest_events()
        counts = {
            "briefs": len(b.briefs),
            "sources": len(b.sources),
            "actors": len(b.actors),
            "events": len(b.events),
            "citations": len(self.index.excerpts),
        }
        has_urls = any(source.url for source in b.sources.values())
        return self.render(
            "home.md.j2",
            "index.md",
            latest=latest,
            counts=counts,
            has_urls=has_urls,
            edition=self.edition_said("index.md"),
        )

    def edition_said(self, page: str) -> dict[str, Any]:
        """Which edition the pages are (or the latest, if the records changed since), when it
        was recorded, and the briefs that changed since the edition compared with, each
        linked to its list of changes."""
        comparison = self.synthesis.comparison
        shown = comparison.current or comparison.latest
        changed = [
            Markup(f"[{escape_text(brief.title)}]({relative(page, page_of(brief), CHANGES)})")
            for brief in self.briefing.briefs.values()
            if self.synthesis.changes(brief)
        ]
        return {
            "current": comparison.current,
            "latest": comparison.latest,
            "recorded": show_date(shown.recorded[:10]) if shown and shown.recorded else "",
            "compared": comparison.edition.name if comparison.edition else None,
            "briefs": changed,
        }

    def brief(self, brief: Brief) -> str:
        page = page_of(brief)
        notes = Notes(self.synthesis, page, own=True)  # its prose is HTML: see site/prose.py
        # the live judgments, then those withdrawn below them, then the prose: the notes are
        # numbered in the page's order
        ordered = sorted(brief.key_judgments, key=lambda claim: claim.deprecated is not None)
        refs = {claim.claim_id: notes.cite(claim) for claim in ordered}
        key_judgments = [(claim, refs[claim.claim_id]) for claim in brief.key_judgments]
        withdrawn = [
            (claim, refs[claim.claim_id], self.synthesis.deprecation_text(claim))
            for claim in ordered
            if claim.deprecated
        ]
        body = brief_markdown(self.synthesis, brief, page, notes)
        changes = self.synthesis.changes(brief)
        return self.env.get_template("brief.md.j2").render(
            brief=brief,
            body=Markup(body),
            notes=notes,
            settings=self.settings,
            key_judgments=key_judgments,
            assessments={claim.claim_id: assessment(claim) for claim in brief.key_judgments},
            withdrawn=withdrawn,
            changes=changes,
            marks=changes.marks() if changes else {},
            link=lambda record_id: self.links.record(page, record_id),
        )


PARALLEL_FROM = 300  # pages: below, starting a second process costs more than it saves


NETWORK_HINT = "Scroll sideways to see the whole network."


def network_frame(picture: NetworkPicture) -> Markup:
    """The picture at its own size, in a box that scrolls sideways on a narrower screen;
    above it, its key of colours as text that wraps to the screen's width, and a hint that
    shows only while the picture is wider than the box (the stylesheet compares the box's
    width with the picture's, given as --network-width). No blank line: one block of HTML
    for Markdown."""
    key = "".join(
        '<span class="network-kind"><svg width="12" height="12" aria-hidden="true">'
        f'<circle class="node" cx="6" cy="6" r="5" fill="{COLOURS[kind]}" stroke="#222" '
        f'stroke-width="1"/></svg> {kind.replace("-", " ")}</span>'
        for kind in picture.kinds
    )
    return Markup(
        f'<div class="network-frame" style="--network-width: {picture.width}px">\n'
        f'<p class="network-key">{key}</p>\n'
        f'<p class="network-hint">{NETWORK_HINT}</p>\n'
        f'<div class="network-picture">\n{picture.svg}</div>\n</div>'
    )


def render_pages(
    index: Index,
    settings: Settings,
    only: Collection[str] | None = None,
    parallel: bool = False,
    root: Path | None = None,
    engine: str = "mkdocs",
    kept: dict[str, str] | None = None,
) -> dict[str, str]:
    """Every page of the site (or those in `only`), as Markdown, by path under the docs folder,
    with the templates of the project at `root`, for the site `engine`; a page in `kept` is
    given its text there, not rendered (the last build's, when what it shows is the same:
    incremental/pages.py). With `parallel`, a large site is rendered on every core (see
    briefing.parallel). TemplateFailure if a template of the project fails."""
    kept = kept or {}
    with frozen_heap():
        renderer = Renderer(index, settings, root, engine)
        makers = renderer.page_makers()
        wanted = [page for page in makers if only is None or page in only]
        chosen = [page for page in wanted if page not in kept]
        if not parallel:
            texts = [checked_render(makers[page]) for page in chosen]
        else:
            if len(chosen) >= PARALLEL_FROM:
                renderer.read_by_many(set(chosen))
            with frozen_heap():  # and what was made for many pages: they only read it too
                texts = forked_map(
                    lambda n: checked_render(makers[chosen[n]]), len(chosen), PARALLEL_FROM
                )
        rendered = dict(zip(chosen, texts, strict=True))
        return {page: kept[page] if page in kept else rendered[page] for page in wanted}


T = TypeVar("T")


def checked_render(make: Callable[[], T]) -> T:
    """A page (or a template), or TemplateFailure at the place in a template of the project
    that failed."""
    try:
        return make()
    except RENDER_ERRORS as error:
        problem = render_problem(error)
        if problem is None:
            raise
        raise TemplateFailure(problem) from None
