"""Each shape of a group laid out once: the force layouts read only a group's shape (how many
actors, in which order, and which are linked), so a layout kept for that shape gives the same
drawing as a layout made afresh, whatever the actors' names."""

from __future__ import annotations

import networkx as nx
import pytest

from briefing.views import network_layout
from briefing.views.network import draw_network
from briefing.views.network_layout import KAMADA_KAWAI_MAX, raw_layout, shape_of
from briefing.views.network_lines import bowed, sample
from test_network import actor, href


def fresh(group: list[str], links: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """The layout of the group made as it was before shapes were kept: on its named graph."""
    graph = nx.Graph()
    graph.add_nodes_from(group)
    graph.add_edges_from(links)
    if len(group) <= KAMADA_KAWAI_MAX:
        raw = nx.kamada_kawai_layout(graph)
    else:
        raw = nx.spring_layout(graph, seed=1)
    return {node: (float(raw[node][0]), float(raw[node][1])) for node in group}


def kept(group: list[str], links: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    return dict(zip(group, raw_layout(shape_of(group, links)), strict=True))


GROUPS = [
    # a star whose hub sorts first, one whose hub sorts in the middle, a tree, a cycle
    (["ana", "ben", "cal", "dee"], [("ana", "ben"), ("ana", "cal"), ("dee", "ana")]),
    (["ana", "ben", "cal", "dee"], [("ben", "ana"), ("ben", "cal"), ("ben", "dee")]),
    (["a", "b", "c", "d", "e"], [("a", "b"), ("b", "c"), ("b", "d"), ("d", "e")]),
    (["p", "q", "r", "s", "t", "u"], [("p", "q"), ("q", "r"), ("r", "s"), ("s", "t"), ("t", "u")]),
    # past KAMADA_KAWAI_MAX: the spring model, with its fixed seed
    ([f"n{k:03d}" for k in range(70)], [(f"n{k:03d}", f"n{k + 1:03d}") for k in range(69)]),
]


@pytest.mark.parametrize(("group", "links"), GROUPS)
def test_a_kept_layout_is_the_layout_made_afresh(
    group: list[str], links: list[tuple[str, str]]
) -> None:
    raw_layout.cache_clear()
    assert kept(group, links) == fresh(group, links)  # the first time: laid out
    assert kept(group, links) == fresh(group, links)  # then: kept, the very same numbers
    assert raw_layout.cache_info().hits == 1


def test_groups_of_one_size_but_other_shapes_keep_their_own_layouts() -> None:
    raw_layout.cache_clear()
    for group, links in GROUPS + GROUPS:
        assert kept(group, links) == fresh(group, links)
    assert raw_layout.cache_info().misses == len(GROUPS)


def test_a_shape_is_its_size_order_and_links_not_its_names() -> None:
    star_one = shape_of(["ana", "ben", "cal"], [("ana", "ben"), ("cal", "ana")])
    star_two = shape_of(["xu", "yan", "zoe"], [("yan", "xu"), ("xu", "zoe"), ("xu", "yan")])
    assert star_one == star_two == (3, ((0, 1), (0, 2)))  # each link once, either way
    # the hub's place among the names changes the layout, so the shape
    assert shape_of(["ana", "ben", "cal"], [("ben", "ana"), ("ben", "cal")]) != star_one


def test_a_drawing_from_a_kept_shape_is_the_drawing_made_afresh() -> None:
    # three actors' pages of the same shape (a star of three, its hub in the middle) but
    # other names and roles: each drawn with the shape kept, then with nothing kept
    pictures = [
        {
            "b-hub": actor("Hub " + name, "state"),
            "a-one": actor(name, "person", {"actor": "b-hub", "role": role}),
            "c-two": actor("Other " + name, "armed-group", {"actor": "b-hub", "role": "ally"}),
        }
        for name, role in [("Ana", "adviser"), ("Ben Long-Name", "envoy"), ("Cal", "")]
    ]
    raw_layout.cache_clear()
    network_layout._laid_out.cache_clear()
    kept_shape = [draw_network(actors, href, "b-hub").svg for actors in pictures]
    assert raw_layout.cache_info().misses == 1  # one layout for the three
    afresh = []
    for actors in pictures:
        raw_layout.cache_clear()
        network_layout._laid_out.cache_clear()
        afresh.append(draw_network(actors, href, "b-hub").svg)
    assert kept_shape == afresh
    assert len(set(kept_shape)) == 3  # names and roles are placed for each


def test_a_kept_sample_of_a_line_is_not_shared_with_its_callers() -> None:
    path = bowed((0.0, 0.0), (120.0, 40.0), 20.0)
    points = sample(path)
    points.append((999.0, 999.0))  # a caller adds an arrow head's points to its copy
    assert sample(path) == points[:-1]


def test_a_layout_is_worked_out_on_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    # OpenBLAS's threads wait for work by spinning: while another process kept the other core
    # busy, a layout of three actors took 140 ms on two threads and 4 ms on one
    from threadpoolctl import threadpool_info

    def blas_threads() -> set[int]:
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}

    seen = []
    real = nx.kamada_kawai_layout

    def watched(graph: nx.Graph) -> dict[int, tuple[float, float]]:
        seen.append(blas_threads())
        return real(graph)

    monkeypatch.setattr(nx, "kamada_kawai_layout", watched)
    raw_layout.cache_clear()
    network_layout.load_layout()  # numpy's and scipy's BLAS loaded, as before a render
    before = blas_threads()
    assert before  # numpy's and scipy's BLAS found
    if before == {1}:  # one core, or OPENBLAS_NUM_THREADS=1: there is nothing to limit
        pytest.skip("BLAS runs on one thread here already")
    raw_layout((3, ((0, 1), (1, 2))))
    assert seen == [{1}]
    assert blas_threads() == before  # and the process's own number again after it
