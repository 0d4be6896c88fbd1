"""The network pictures as drawn on the site's pages, read back from their SVG's geometry: no
edge crosses a label or a node other than its ends, no two labels overlap, and every actor
drawn has its edges. On the sample's overview and each actor's page, and on a generated
project where one actor is affiliated with forty others."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from briefing.report import check_project
from briefing.views.network import OVERVIEW_ACTORS, draw_network
from briefing.views.site.render import render_pages
from conftest import REPOSITORY, VALID
from network_geometry import edges_at, faults
from test_network import actor, href

FIGURE = re.compile(r'<div class="network-picture">\s*(<svg.*?</svg>)', re.S)
CITE = """    cite:
      - source: wire-2020-01-10-harbour
        quote: The harbour council met on Thursday to plan repairs after the storm
"""
STAR = 40


def pictures(root: Path) -> dict[str, str]:
    """Each page's network picture (the SVG in its figure), by page."""
    report = check_project(root)
    pages = render_pages(report.index, report.settings)
    return {page: found[1] for page, text in pages.items() if (found := FIGURE.search(text))}


def affiliations(root: Path) -> dict[str, set[str]]:
    """Each actor's affiliated actors, either way, by actor id."""
    report = check_project(root)
    actors = report.index.briefing.actors
    near: dict[str, set[str]] = {actor_id: set() for actor_id in actors}
    for actor_id, record in actors.items():
        for affiliation in record.affiliations:
            if affiliation.actor in actors and affiliation.actor != actor_id:
                near[actor_id].add(affiliation.actor)
                near[affiliation.actor].add(actor_id)
    return near


def star_project(root: Path) -> Path:
    """The minimal corpus, with a hub affiliated with STAR actors, their names of every
    length up to the longest a picture shows whole."""
    project = Path(shutil.copytree(VALID, root / "project"))
    hub = ["name: Portville Regional Harbour Authority", "kind: government", "summary:"]
    hub += ["  text: Runs the harbours of the region.", CITE.replace("    ", "  ", 1).rstrip()]
    hub.append("affiliations:")
    for number in range(STAR):
        name = f"Pier {number} " + "Fishermen's Cooperative Society"[: 4 + number * 7 % 27]
        (project / "actors" / f"crew-{number:02d}.yml").write_text(
            f"name: {name}\nkind: organisation\nsummary:\n  text: A crew.\n"
            + CITE.replace("    ", "  ", 1)
        )
        hub.append(f"  - actor: crew-{number:02d}\n    role: licenses pier {number}\n" + CITE)
    (project / "actors" / "harbour-authority.yml").write_text("\n".join(hub) + "\n")
    return project


@pytest.fixture(scope="module")
def sample() -> dict[str, str]:
    return pictures(REPOSITORY)


@pytest.fixture(scope="module")
def star(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    project = star_project(tmp_path_factory.mktemp("star"))
    return project, pictures(project)


def test_the_sample_overview_crosses_nothing(sample: dict[str, str]) -> None:
    assert faults(sample["network/index.md"]) == []


def test_each_actor_page_of_the_sample_crosses_nothing(sample: dict[str, str]) -> None:
    found = {page: faults(svg) for page, svg in sample.items() if page.startswith("actors/")}
    assert len(found) > 20
    assert {page: problems for page, problems in found.items() if problems} == {}


def test_the_star_of_forty_crosses_nothing(star: tuple[Path, dict[str, str]]) -> None:
    _, drawn = star
    hub = drawn["actors/harbour-authority.md"]
    assert len(edges_at(hub)) == STAR + 1
    found = {page: faults(svg) for page, svg in drawn.items()}
    assert {page: problems for page, problems in found.items() if problems} == {}


def _href_id(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1].removesuffix(".md")


@pytest.mark.parametrize("which", ["sample", "star"])
def test_every_actor_drawn_has_its_edges(
    which: str, sample: dict[str, str], star: tuple[Path, dict[str, str]]
) -> None:
    """The overview draws no affiliated actor alone, and draws every affiliation among the
    actors it shows; an actor's page draws each of its affiliations."""
    root, drawn = (REPOSITORY, sample) if which == "sample" else star
    near = affiliations(root)
    for page, svg in drawn.items():
        counts = {_href_id(href): count for href, count in edges_at(svg).items()}
        if page == "network/index.md":
            alone = [actor_id for actor_id, count in counts.items() if near[actor_id] and not count]
            assert alone == [], page
            expected = sum(len(near[actor_id] & set(counts)) for actor_id in counts) // 2
            assert len(re.findall(r"<path d=", svg)) >= expected, page
        else:
            focus = _href_id(page)
            assert set(counts) == near[focus] | {focus}, page
            assert counts[focus] >= len(near[focus]), page


WORDS = "Harbour Council Militia Brigade Front Party Ministry Forces Popular al-Sadr Kata'ib Army"
KINDS = ["person", "organisation", "armed-group", "political-party", "government", "state"]


@pytest.mark.parametrize("seed", range(12))
def test_random_overviews_cross_nothing(seed: int) -> None:
    """Pictures of up to OVERVIEW_ACTORS actors with names of one to four words, and about
    as many affiliations as actors or twice as many, some of them twice between two actors:
    the geometry holds beyond the sample's shapes."""
    rng = random.Random(seed)
    ids = [f"actor-{n:02d}" for n in range(rng.randint(4, OVERVIEW_ACTORS))]
    links: dict[str, list[dict[str, str]]] = {actor_id: [] for actor_id in ids}
    for _ in range(rng.randint(len(ids) - 1, 2 * len(ids))):
        first, second = rng.sample(ids, 2)
        role = " ".join(rng.choice(WORDS.split()).lower() for _ in range(rng.randint(1, 4)))
        links[first].append({"actor": second, "role": role})
    words = WORDS.split()
    actors = {
        actor_id: actor(
            " ".join(rng.choice(words) for _ in range(rng.randint(1, 4))),
            rng.choice(KINDS),
            *links[actor_id],
        )
        for actor_id in ids
    }
    assert faults(draw_network(actors, href).svg) == []
