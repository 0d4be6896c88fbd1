"""The network picture: a static, escaped, deterministic SVG of actors and affiliations."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from briefing.model import Actor
from briefing.network import render_network_svg

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


def test_the_svg_scales_and_says_what_it_shows() -> None:
    root = parse(render_network_svg(sample(), href))
    assert root.attrib["width"] == "100%"
    assert len(root.attrib["viewBox"].split()) == 4
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-label"] == "Network of 4 actors and 4 affiliations"
    assert root.attrib["font-family"] == "sans-serif"


def test_one_link_per_actor_with_its_href() -> None:
    root = parse(render_network_svg(sample(), href))
    assert links(root) == {
        "../actors/ana-ruiz/": "Ana Ruiz",
        "../actors/harbour-council/": "Harbour Council",
        "../actors/city/": "City",
        "../actors/fishers-union/": "Fishers' Union",
    }


def test_title_gives_name_kind_and_aliases() -> None:
    root = parse(render_network_svg(sample(), href))
    titles = [anchor.findtext(f"{SVG}title") for anchor in root.iter(f"{SVG}a")]
    assert "Ana Ruiz (person)\nalso: Mayor Ruiz" in titles
    assert "Fishers' Union (organisation)" in titles


def test_one_edge_per_affiliation_with_a_known_actor() -> None:
    root = parse(render_network_svg(sample(), href))
    assert len(list(root.iter(f"{SVG}path"))) == 4 + 1  # four affiliations, one arrow head
    labels = {text.text for group in root.iter(f"{SVG}g") for text in group.iter(f"{SVG}text")}
    assert "mayor (2019–2021-05)" in labels
    assert "member of the council's finan…" in labels  # roles are cut to 30 characters
    assert "part of" in labels
    assert "from ~1990" in labels
    assert not any("adviser" in (label or "") for label in labels)


def test_no_scripts_styles_or_outside_links() -> None:
    svg = render_network_svg(sample(), href)
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
    root = parse(render_network_svg(actors, lambda actor_id: f"?id={actor_id}&x=\"'<"))
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
    svg = render_network_svg(actors, href)
    assert "\u202e" not in svg and "\x07" not in svg and "\u2066" not in svg
    root = parse(svg)
    assert links(root)["../actors/evil/"] == "evil[U+202E]man[U+0007]"
    assert "a[U+2066]b" in set(root.itertext())


def test_same_actors_same_bytes() -> None:
    assert render_network_svg(sample(), href) == render_network_svg(sample(), href)


def many() -> dict[str, Actor]:
    """A star among many loners: networkx views of so small a part follow a set's order."""
    actors = {f"member-{n}": actor(f"Member {n}", "person", {"actor": "hub"}) for n in range(5)}
    actors["hub"] = actor("Hub", "organisation")
    return actors | {f"loner-{n}": actor(f"Loner {n}", "other") for n in range(8)}


def test_same_bytes_whatever_the_hash_seed() -> None:
    # a set's order follows the hash seed; the layout must not
    script = (
        "from tests.test_network import many, href\n"
        "from briefing.network import render_network_svg\n"
        "print(render_network_svg(many(), href), end='')\n"
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
    assert outputs == {render_network_svg(many(), href)}


def test_no_actors_gives_a_small_svg_saying_so() -> None:
    root = parse(render_network_svg({}, href))
    assert "No actors." in "".join(root.itertext())
    assert root.attrib["role"] == "img"
    assert not list(root.iter(f"{SVG}a"))


def test_isolated_actors_sit_in_a_row_below_the_rest() -> None:
    root = parse(render_network_svg(sample(), href))
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
    root = parse(render_network_svg(actors, href))
    left, top, width, height = map(float, root.attrib["viewBox"].split())
    for group in root.iter(f"{SVG}g"):
        size = float(group.attrib.get("font-size", 0))
        centred = group.attrib.get("text-anchor") == "middle"
        for text in group.iter(f"{SVG}text"):
            x, y = float(text.attrib["x"]), float(text.attrib["y"])
            text_width = len("".join(text.itertext())) * size * 0.58
            start = x - text_width / 2 if centred else x
            assert left <= start and start + text_width <= left + width
            assert top <= y - size and y <= top + height
