"""Long lists of records split into parts: the actors by the first letter of their names, the
timeline by year, the sources by year (by month in a year of many), the network's table of
affiliations by the first letter of the affiliated actor's name. A list no longer than
LIST_LIMIT stays one page, as the golden pages show (tests/test_render.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from briefing import build
from briefing.report import check_project
from briefing.views.network import shown_actors
from briefing.views.site import lists
from briefing.views.site.lists import initial, month_part, year_part
from briefing.views.site.render import render_pages
from conftest import REPOSITORY
from sites import copy_project

LINK = re.compile(r"\[([^\]]+)\]\(([^)]+\.md)\)")


@pytest.mark.parametrize(
    ("name", "key", "label"),
    [
        ("Hezbollah", "h", "H"),
        ("al-Muhandis", "a", "A"),
        ("Émile Zola", "e", "E"),
        ("'Asa'ib Ahl al-Haq", "a", "A"),
        ("ʿAbd al-Aziz", "a", "A"),  # an ayn written as a modifier letter is no initial
        ("عصائب أهل الحق", "u0639", "ع"),
        ("1920 Revolution Brigades", "0-9", "0-9"),
        ("???", "other", "Others"),
    ],
)
def test_an_actor_is_listed_under_the_first_letter_of_its_name(
    name: str, key: str, label: str
) -> None:
    part = initial(name)
    assert (part.key, part.label) == (key, label)


@pytest.mark.parametrize(
    ("date", "year", "month"),
    [
        ("2020-03-09", ("2020", "2020"), ("2020-03", "March 2020")),
        ("2020-03", ("2020", "2020"), ("2020-03", "March 2020")),
        ("2020", ("2020", "2020"), ("2020-undated", "2020, month unknown")),
        ("~2019-12", ("2019", "2019"), ("2019-12", "December 2019")),
        ("2019-12-30/2020-01-02", ("2019", "2019"), ("2019-12", "December 2019")),
    ],
)
def test_a_date_is_listed_under_its_year_or_month(
    date: str, year: tuple[str, str], month: tuple[str, str]
) -> None:
    assert (year_part(date).key, year_part(date).label) == year
    assert (month_part(date).key, month_part(date).label) == month


LIMIT = lists.LIST_LIMIT


def split_sample(monkeypatch: pytest.MonkeyPatch, limit: int) -> dict[str, str]:
    monkeypatch.setattr(lists, "LIST_LIMIT", limit)
    report = check_project(REPOSITORY)
    return render_pages(report.index, report.settings)


def parts_of(pages: dict[str, str], folder: str) -> dict[str, str]:
    return {page: text for page, text in pages.items() if page.startswith(f"{folder}/index/")}


def linked(text: str, folder: str) -> list[str]:
    """The records of a folder that a page links (its list's pages left out), in order."""
    return [
        target.rsplit("/", 1)[-1].removesuffix(".md")
        for _, target in LINK.findall(text)
        if re.fullmatch(rf"(\.\./)*{folder}/[a-z0-9-]+\.md|[a-z0-9-]+\.md", target)
        and not target.endswith("index.md")
    ]


def test_a_list_no_longer_than_the_limit_is_one_page_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    whole = split_sample(monkeypatch, LIMIT)
    report = check_project(REPOSITORY)
    b = report.index.briefing
    affiliations = sum(len(actor.affiliations) for actor in b.actors.values())
    largest = max(len(b.sources), len(b.actors), affiliations)
    assert split_sample(monkeypatch, largest) == whole
    assert not any("/index/" in page for page in whole)


def test_actors_past_the_limit_are_listed_by_letter(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = split_sample(monkeypatch, 3)
    actors = check_project(REPOSITORY).index.briefing.actors
    parts = parts_of(pages, "actors")
    assert len(parts) > 3
    shown = [a for text in parts.values() for a in linked(text, "actors") if a in actors]
    assert sorted(shown) == sorted(actors)  # each actor in one part, once
    for page, text in parts.items():
        letter = page.removeprefix("actors/index/").removesuffix(".md")
        assert all(
            initial(actors[a].name).key == letter for a in linked(text, "actors") if a in actors
        )
        assert "[list of actors](../../actors/index.md)" in text
    index = pages["actors/index.md"]
    assert f"{len(actors)} actors, by the first letter of their names" in index
    counts = re.findall(r"^- \[(.+)\]\(index/(.+)\.md\): (\d+)$", index, re.MULTILINE)
    assert sum(int(count) for *_, count in counts) == len(actors)
    assert {f"actors/index/{key}.md" for _, key, _ in counts} == set(parts)


# A row of a table of affiliations: the actor's name and the name of the one it is with
ROW = re.compile(r"^\| \[([^\]]+)\]\([^)]+\) \| .*? \| \[([^\]]+)\]\([^)]+\) \|", re.MULTILINE)


def test_the_affiliations_past_the_limit_are_listed_by_letter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages = split_sample(monkeypatch, 3)
    every = ROW.findall(split_sample(monkeypatch, LIMIT)["network/index.md"])
    assert len(every) > 3
    parts = parts_of(pages, "network")
    assert len(parts) > 1
    in_parts = [row for text in parts.values() for row in ROW.findall(text)]
    assert sorted(in_parts) == sorted(every)  # each affiliation in one part, once
    for page, text in parts.items():
        letter = page.removeprefix("network/index/").removesuffix(".md")
        assert text.startswith("# Affiliations: ")
        assert {initial(actor).key for actor, _ in ROW.findall(text)} == {letter}
        assert "[network's page](../../network/index.md)" in text
    index = pages["network/index.md"]
    said = f"{len(every)} affiliations, by the first letter of the actor's name"
    assert said in html.unescape(index)
    # the whole page's table: the affiliations the picture draws, both ends drawn
    actors = check_project(REPOSITORY).index.briefing.actors
    drawn = {actor.name for actor in shown_actors(actors).values()}
    table = index.split("## The affiliations drawn")[1].split("## Every affiliation")[0]
    assert ROW.findall(table) == [row for row in every if set(row) <= drawn]
    assert ROW.findall(index.split("## Every affiliation")[1]) == []


def test_the_timeline_past_the_limit_is_split_by_year(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = split_sample(monkeypatch, 3)
    whole = split_sample(monkeypatch, LIMIT)["events/index.md"]
    parts = parts_of(pages, "events")
    assert len(parts) > 1
    in_order = [e for text in parts.values() for e in linked(text, "events")]
    assert in_order == linked(whole, "events")  # the same chronology, cut at the years
    for page, text in parts.items():
        year = page.removeprefix("events/index/").removesuffix(".md")
        assert text.startswith(f"# Timeline: {year}\n")
        assert re.findall(r"^## .*?(\d{4})", text, re.MULTILINE) == [year] * len(
            linked(text, "events")
        )


def test_sources_past_the_limit_are_split_by_year_and_by_month(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages = split_sample(monkeypatch, 3)
    sources = check_project(REPOSITORY).index.briefing.sources
    parts = parts_of(pages, "sources")
    keys = {page.removeprefix("sources/index/").removesuffix(".md") for page in parts}
    by_year: dict[str, int] = {}
    for source in sources.values():
        year = f"{lists.year_month(source.published)[0]:04d}"
        by_year[year] = by_year.get(year, 0) + 1
    assert max(by_year.values()) > 3 >= min(by_year.values())  # the sample has both
    for year, count in by_year.items():
        if count > 3:  # by month
            assert year not in keys and any(key.startswith(f"{year}-") for key in keys)
        else:
            assert year in keys
    graded = [
        s
        for text in parts.values()
        for s in linked(text.split("## By origin")[0], "sources")
        if s in sources
    ]
    assert sorted(graded) == sorted(sources)
    whole = split_sample(monkeypatch, LIMIT)["sources/index.md"]
    reports = [text.split("## By origin")[1] for text in parts.values()]
    assert sorted(
        line for text in reports for line in text.splitlines() if line.startswith("- ")
    ) == sorted(
        line.replace("](", "](../../sources/")
        for line in whole.split("## By origin")[1].splitlines()
        if line.startswith("- ")
    )


def test_a_site_of_split_lists_builds_strictly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every link of the parts, and to them, resolves: MkDocs, strict, finds none broken."""
    monkeypatch.setattr(lists, "LIST_LIMIT", 3)
    project = copy_project(REPOSITORY, tmp_path / "project")
    result = build.build(project, build.Options(pdfs=False))  # MkDocs strict, as always
    assert result.site is not None
    assert (result.site / "actors" / "index" / "h" / "index.html").is_file()
    page = (result.site / "actors" / "index" / "h" / "index.html").read_text(encoding="utf-8")
    assert "Hezbollah" in page
    part = (result.site / "network" / "index" / "h" / "index.html").read_text(encoding="utf-8")
    assert "Affiliations: H" in part and 'class="footnote-ref"' in part
