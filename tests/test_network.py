"""The network picture: a static, escaped, deterministic SVG of actors and affiliations."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from briefing.records.model import Actor
from briefing.views.network import OVERVIEW_ACTORS, draw_network, neighbourhood, shown_actors
from briefing.views.network_layout import WIDTH
from network_geometry import faults, read

SVG = "{http://www.w3.org/2000/svg}"
CITE = [{"source": "wire-2020-01-10-harbour", "quote": "met on Thursday"}]
HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    'Smith & "Sons" <Ltd>',
    "O'Brien's ]]> crew",
    "حزب الله",
    "Tab\tand\nnewline",
]


def actor(name: str, kind: str = "person", *links: dict[str, Any], aliases: Any = ()) -> Actor:
    return Actor.model_validate(
        {
            "name": name,
            "kind": kind,
            "aliases": list(aliases),
            "summary": {"text": f"About {name}.", "cite": CITE},
            "affiliations": [{"cite": CITE, **link} for link in links],
        }
    )


def href(actor_id: str) -> str:
    return f"../actors/{actor_id}/"


def sample() -> dict[str, Actor]:
    return {
        "ana-ruiz": actor(
            "Ana Ruiz",
            "person",
            {"actor": "harbour-council", "role": "mayor", "from": "2019", "until": "2021-05"},
            {"actor": "harbour-council", "role": "member of the council's finance committee"},
            {"actor": "not-a-known-actor", "role": "adviser"},
            aliases=["Mayor Ruiz"],
        ),
        "harbour-council": actor(
            "Harbour Council", "government", {"actor": "city", "role": "part of"}
        ),
        "city": actor("City", "state", {"actor": "harbour-council", "from": "~1990"}),
        "fishers-union": actor("Fishers' Union", "organisation"),
    }


def parse(svg: str) -> ET.Element:
    assert svg.startswith("<svg")
    return ET.fromstring(svg)


def links(root: ET.Element) -> dict[str, str]:
    """Each node's href and the name it shows."""
    return {
        anchor.attrib["href"]: "".join(anchor.find(f"{SVG}text").itertext())  # type: ignore[union-attr]
        for anchor in root.iter(f"{SVG}a")
    }


def test_the_svg_keeps_its_size_and_says_what_it_shows() -> None:
    root = parse(draw_network(sample(), href).svg)
    # one unit a pixel: the labels are as large on the page as their font size says
    _, _, width, height = root.attrib["viewBox"].split()
    assert (root.attrib["width"], root.attrib["height"]) == (width, height)
    assert float(width) <= WIDTH + 20
    # a group of links, not an image: an image's content is hidden from assistive technology
    assert root.attrib["role"] == "group"
    assert root.attrib["aria-label"] == "Network of 4 actors and 4 affiliations"
    assert root.attrib["font-family"] == "sans-serif"


def test_one_link_per_actor_with_its_href() -> None:
    root = parse(draw_network(sample(), href).svg)
    assert links(root) == {
        "../actors/ana-ruiz/": "Ana Ruiz",
        "../actors/harbour-council/": "Harbour Council",
        "../actors/city/": "City",
        "../actors/fishers-union/": "Fishers' Union",
    }


def test_title_gives_name_kind_and_aliases() -> None:
    root = parse(draw_network(sample(), href).svg)
    titles = [anchor.findtext(f"{SVG}title") for anchor in root.iter(f"{SVG}a")]
    assert "Ana Ruiz (person)\nalso: Mayor Ruiz" in titles
    assert "Fishers' Union (organisation)" in titles


def test_one_edge_per_affiliation_with_a_known_actor() -> None:
    root = parse(draw_network(sample(), href).svg)
    assert len(list(root.iter(f"{SVG}path"))) == 4 + 1  # four affiliations, one arrow head
    roles = root.find(f"{SVG}g[@class='roles']")
    assert roles is not None
    labels = {text.text for text in roles.iter(f"{SVG}text")}
    whole = {
        "mayor (2019–May 2021)",
        "member of the council's finance committee",  # never cut: drawn whole or not at all
        "part of",
        "from c. 1990",
    }
    assert len(labels) >= 2 and labels <= whole
    assert not any("adviser" in (label or "") for label in labels)


def test_no_scripts_styles_or_outside_links() -> None:
    svg = draw_network(sample(), href).svg
    root = parse(svg)
    assert not [
        element for element in root.iter() if element.tag in (f"{SVG}script", f"{SVG}style")
    ]
    hrefs = {
        value for element in root.iter() for key, value in element.attrib.items() if "href" in key
    }
    assert hrefs == set(links(root))
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_text(name: str) -> None:
    actors = {
        "hostile": actor(name, "other", {"actor": "plain", "role": name}, aliases=[name]),
        "plain": actor("Plain", "state"),
    }
    root = parse(draw_network(actors, lambda actor_id: f"?id={actor_id}&x=\"'<").svg)
    assert not list(root.iter(f"{SVG}script"))
    shown = links(root)
    assert shown["?id=plain&x=\"'<"] == "Plain"
    assert shown["?id=hostile&x=\"'<"] == " ".join(name.split())
    titles = [anchor.findtext(f"{SVG}title") for anchor in root.iter(f"{SVG}a")]
    assert f"{name} (other)\nalso: {name}" in titles


def test_bidi_and_control_characters_are_shown_as_codes() -> None:
    name = "evil\u202eman\x07"
    actors = {
        "evil": actor(name, "person", {"actor": "plain", "role": "a\u2066b"}),
        "plain": actor("Plain", "state"),
    }
    svg = draw_network(actors, href).svg
    assert "\u202e" not in svg and "\x07" not in svg and "\u2066" not in svg
    root = parse(svg)
    assert links(root)["../actors/evil/"] == "evil[U+202E]man[U+0007]"
    assert "a[U+2066]b" in set(root.itertext())


def test_same_actors_same_bytes() -> None:
    assert draw_network(sample(), href).svg == draw_network(sample(), href).svg


def many() -> dict[str, Actor]:
    """A star among many loners: networkx views of so small a part follow a set's order."""
    actors = {f"member-{n}": actor(f"Member {n}", "person", {"actor": "hub"}) for n in range(5)}
    actors["hub"] = actor("Hub", "organisation")
    return actors | {f"loner-{n}": actor(f"Loner {n}", "other") for n in range(8)}


def test_same_bytes_whatever_the_hash_seed() -> None:
    # a set's order follows the hash seed; the layout must not
    script = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from test_network import many, href\n"
        "from briefing.views.network import draw_network\n"
        "print(draw_network(many(), href).svg, end='')\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parent.parent,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "2", "3")
    ]
    outputs = {run.communicate()[0] for run in runs}
    assert outputs == {draw_network(many(), href).svg}


def test_no_actors_gives_a_small_svg_saying_so() -> None:
    root = parse(draw_network({}, href).svg)
    assert "No actors." in "".join(root.itertext())
    assert root.attrib["role"] == "group"
    assert not list(root.iter(f"{SVG}a"))


@pytest.mark.parametrize("focus", [None, "bidi"])
def test_the_picture_says_its_size_and_what_it_shows_as_data(focus: str | None) -> None:
    """A view reads the picture's size and alt text from the drawing, never from its SVG:
    they are the SVG's own width, height, view box and label."""
    actors = {**sample(), "bidi": actor("Evil \u202eName", "person")}
    picture = draw_network(actors, href, focus=focus)
    root = parse(picture.svg)
    assert (root.attrib["width"], root.attrib["height"]) == (
        str(picture.width),
        str(picture.height),
    )
    assert root.attrib["viewBox"].split()[2:] == [str(picture.width), str(picture.height)]
    assert root.attrib["aria-label"] == picture.alt
    assert picture.alt.startswith("Neighbourhood of Evil [U+202E]Name" if focus else "Network of")
    assert picture.wide == (picture.width > picture.height)
    empty = draw_network({}, href)
    assert (empty.width, empty.height, empty.alt) == (240, 32, "Network of actors: none")


def test_isolated_actors_sit_in_a_row_below_the_rest() -> None:
    root = parse(draw_network(sample(), href).svg)
    heights = {
        anchor.attrib["href"]: float(anchor.find(f"{SVG}circle").attrib["cy"])  # type: ignore[union-attr]
        for anchor in root.iter(f"{SVG}a")
    }
    isolated = heights.pop("../actors/fishers-union/")
    assert isolated > max(heights.values())


def test_labels_fit_in_the_view_box() -> None:
    actors = {
        "a": actor("A very long name of an organisation, longer than most", "organisation"),
        "b": actor(
            "B", "person", {"actor": "a", "role": "x" * 60, "from": "2001", "until": "2002"}
        ),
    }
    root = parse(draw_network(actors, href).svg)
    left, top, width, height = map(float, root.attrib["viewBox"].split())
    for box in text_boxes(root):
        assert left <= box[0] and box[2] <= left + width
        assert top <= box[1] and box[3] <= top + height


def text_boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    """Each label's box (left, top, right, bottom), at the letter widths the layout assumes."""
    return [label.box for label in read(ET.tostring(root, encoding="unicode")).labels]


def star(count: int) -> dict[str, Actor]:
    """A hub and `count` militias affiliated with it, each with a long role."""
    actors = {"hub": actor("Islamic Republic of Somewhere", "state")}
    for n in range(count):
        actors[f"militia-{n:02d}"] = actor(
            f"Militia number {n}", "armed-group", {"actor": "hub", "role": f"pro-hub militia {n}"}
        )
    return actors


def test_no_label_covers_another_and_none_is_small() -> None:
    svg = draw_network(star(12), href).svg
    root = parse(svg)
    assert faults(svg) == []  # no label covers another, nor a node, nor is crossed by a line
    sizes = {float(g.attrib["font-size"]) for g in root.iter(f"{SVG}g") if "font-size" in g.attrib}
    assert min(sizes) >= 12
    assert float(root.attrib["width"]) <= WIDTH + 20


def test_the_overview_shows_the_most_affiliated_and_leaves_ties_at_the_cut_out() -> None:
    actors = star(10)  # ten militias with one affiliation each
    actors["other"] = actor("Other hub", "state")
    for n in range(10):  # ten with two each
        actors[f"core-{n}"] = actor(f"Core {n}", "person", {"actor": "hub"}, {"actor": "other"})
    shown = shown_actors(actors)
    assert sorted(shown) == sorted(["hub", "other", *(f"core-{n}" for n in range(10))])
    # when leaving out the tied would leave fewer than half, the tied are taken by id
    actors = star(OVERVIEW_ACTORS + 4)
    expected = ["hub", *(f"militia-{n:02d}" for n in range(OVERVIEW_ACTORS - 1))]
    assert sorted(shown_actors(actors)) == expected
    few = star(OVERVIEW_ACTORS - 1)
    assert shown_actors(few) is few


def test_a_neighbourhood_is_the_actor_and_its_affiliates_either_way() -> None:
    actors = sample()
    towards = [
        i
        for i, actor in actors.items()
        if any(a.actor == "harbour-council" for a in actor.affiliations)
    ]
    near = neighbourhood(actors, "harbour-council", towards)
    assert sorted(near) == ["ana-ruiz", "city", "harbour-council"]
    root = parse(draw_network(near, href, focus="city").svg)
    assert root.attrib["aria-label"] == "Neighbourhood of City: 3 actors and 2 affiliations"
    assert len(list(root.iter(f"{SVG}path"))) == 2 + 1  # city's own edges, one arrow head
