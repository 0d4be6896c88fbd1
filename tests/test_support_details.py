"""The support checks of what an excerpt names and gives: unnamed-in-excerpt,
detail-not-in-excerpt, approximation-dropped, flat-title.

Each kind has a corpus with one defect and its exact message and place; the sentences that
made false warnings on the sample while the checks were tuned are kept here as small
projects that must stay quiet, each beside the nearest case that must not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.analysis.support.names import Names, actor_names, folded
from briefing.analysis.support.numbers import details
from briefing.records.model import Actor
from briefing.report import check_project
from conftest import CORPORA, NO_BUILD, VALID, overlay, run, with_hash

KINDS = ["unnamed-in-excerpt", "detail-not-in-excerpt", "approximation-dropped", "flat-title"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_a_corpus_with_its_exact_message_and_place(kind: str, tmp_path: Path) -> None:
    corpus = CORPORA / f"support_{kind.replace('-', '_')}"
    project = overlay(corpus, tmp_path / "project")
    listed = run("check", "--list", kind, str(project))
    assert listed.output == (corpus / "expected.txt").read_text()
    # ... and it is the corpus's only problem
    summary = run("check", "--strict", str(project)).output.splitlines()[-1]
    one = "0 warnings, 1 note" if kind == "approximation-dropped" else "1 warning"
    assert summary.startswith(f"0 errors, {one} in ")


@pytest.mark.parametrize("corpus", ["port_strike", "valid_minimal"])
def test_an_honest_project_gives_none_of_them(corpus: str) -> None:
    for kind in KINDS:
        output = run("check", "--list", kind, str(CORPORA / corpus)).output
        assert ": warning: " not in output and ": note: " not in output, output


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Kata'ib Hezballah", "Kata’ib Hezballah"),
        ("Kata’ib Hezballah", "Kataib Hezballah"),
        ("Hadi al-Ameri", "Hadi Al Ameri"),
        ("U.S. forces", "US forces"),
        ("Nasrallah's clout", "Nasrallah clout"),
        ("Iran’s Revolutionary Guards", "Iran Revolutionary Guard"),
        ("Qāsem Soleimani", "Qasem Soleimani"),
        ("Abu Mahdi al–Muhandis", "Abu Mahdi al-Muhandis"),
    ],
)
def test_names_are_compared_typography_blind(one: str, other: str) -> None:
    assert folded(one) == folded(other)


def test_the_actors_a_text_names_are_the_same_found_at_once_or_with_their_places() -> None:
    """A statement naming many actors reads each excerpt once for all of them
    (Names.ids_in_text); what it finds must be what the reading of each name with its place
    finds (Names.in_text), where sixty actors share a surname and names run into others."""
    first = ["Adel", "Hadi", "Omar", "Rania", "Walid", "Zainab"]
    last = ["al-Amiri", "Haddad", "Nouri", "al-Sadr", "Kadhim", "Jaber", "Saleh", "Younis"]
    namings = [
        (f"p{n}-{m}", [f"{one} {two}", f"Abu {one}"], "person")
        for n, one in enumerate(first)
        for m, two in enumerate(last)
    ]
    namings += [("council", ["Harbour Council"], "government")]
    namings += [("guards", ["Harbour Council Guards"], "armed-group")]
    namings += [("iraq", ["Iraq"], "state"), ("sadr-movement", ["al-Sadr Movement"], "movement")]
    names = Names(namings)
    text = folded(
        "Adel Haddad met Hadi al-Sadr, Abu Omar and Nouri in Iraq; Iraqi officials and the "
        "Harbour Council Guards said al-Sadr Movement fighters, Kadhim, Rania Jaber Saleh and "
        "Zainab, who is not Zainab Younis, left. Walid al-Amiri Haddad denied it."
    )
    found = names.ids_in_text(text)
    assert found == set(names.in_text(text, loose=True))
    assert len(found) > 12  # more than a statement reads name by name (details._FEW)
    assert {"iraq", "council", "guards", "sadr-movement", "p0-1", "p3-5"} <= found


def _actor(name: str, kind: str, aliases: list[str]) -> Actor:
    return Actor.model_validate(
        {"name": name, "kind": kind, "aliases": aliases, "summary": {"text": "x", "cite": []}}
    )


@pytest.mark.parametrize(
    ("name", "kind", "aliases", "text", "named"),
    [
        ("Hassan Nasrallah", "person", [], "Nasrallah’s clout", True),  # a person's surname
        ("Hadi al-Ameri", "person", [], "Ameri denied it", True),
        ("Mahdi Army (Saraya al-Salam)", "armed-group", [], "under the name Saraya al-Salam", True),
        ("Portville Harbour Council", "government", [], "The harbour council met", True),
        ("Government of Iraq", "government", [], "Iraqi Prime Minister al-Kadhimi", True),
        ("Iraqi parliament", "government", [], "backed by parliament", True),
        ("Iran", "state", [], "Iranian-backed militias", True),
        ("Kata'ib al-Imam Ali", "armed-group", [], "a meeting with al-Imam", False),
        ("Houthis of Yemen", "armed-group", [], "the war of Yemen", False),
        ("Islamic State", "armed-group", [], "the state of the country", False),
        ("Adel Abdul-Mahdi", "person", [], "Abu Mahdi al-Muhandis", False),
    ],
)
def test_an_actor_is_named_by_its_names_and_the_ways_articles_shorten_them(
    name: str, kind: str, aliases: list[str], text: str, named: bool
) -> None:
    assert actor_names(_actor(name, kind, aliases)).named_in(folded(text)) is named


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("some 5,000 troops", [("number", (5000,), "some ")]),
        ("5000 troops", [("number", (5000,), "")]),
        ("five thousand troops", [("number", (5000,), "")]),
        ("nearly two decades", [("number", (2,), "nearly ")]),
        ("on Jan. 9", [("day", (1, 9), "")]),
        ("on 9 January", [("day", (1, 9), "")]),
        ("on January 9", [("day", (1, 9), "")]),
        ("on 2020-01-09", [("day", (1, 9), ""), ("year", (2020,), "")]),
        ("in January 2007", [("month", (1,), ""), ("year", (2007,), "")]),
        ("in the mid 2000s", [("decade", (2000,), "")]),
        ("Soleimani, 62, and six others", [("number", (62,), ""), ("number", (6,), "")]),
        # counts of reports and sources are the agreement check's
        ("Two origins agree", []),
        ("two groups of anonymous sources", []),
        ("and three that he worked closely with Soleimani", []),
        # words that refer back to what was counted, or to the text itself
        ("in 2018 the two allied", [("year", (2018,), "")]),
        ("(lines 92 to 160)", []),
        # not dates
        ("a “March of Millions”", []),
        ("it may come", []),
        ("one source said", []),
    ],
)
def test_numbers_and_dates_are_normalised(
    text: str, found: list[tuple[str, tuple[int, ...], str]]
) -> None:
    assert [(d.kind, d.value, d.approximate) for d in details(text)] == found


SOURCE = """---
title: An article
publisher: Example Wire
published: 2020-02-11
language: en
reliability: B
reliability_reason: An established wire service.
sha256: 0
---
"""


def _actor_file(name: str, kind: str, quote: str, extra: str = "", aliases: str = "[]") -> str:
    return (
        f"name: {name}\nkind: {kind}\naliases: {aliases}\nsummary:\n  text: {name}.\n"
        f"  single_origin: true\n  cite:\n    - source: article\n      quote: {quote}\n{extra}"
    )


def _claim(text: str, *quotes: str, id: str = "the-claim") -> str:
    cite = "".join(f"      - source: article\n        quote: {quote}\n" for quote in quotes)
    return f"claims:\n  - id: {id}\n    text: {text}\n    single_origin: true\n    cite:\n{cite}"


def _found(tmp_path: Path, article: str, files: dict[str, str]) -> list[str]:
    """The support warnings of this module's kinds in the valid corpus with an article
    and some records added."""
    root = Path(shutil.copytree(VALID, tmp_path / "project", ignore=NO_BUILD))
    (root / "sources" / "article.md").write_text(with_hash(SOURCE + article), encoding="utf-8")
    for path, text in files.items():
        (root / path).write_text(text, encoding="utf-8")
    problems = check_project(root).problems
    return [f"{p.origin.path}: {p.message}" for p in problems if p.kind in KINDS]


NASRALLAH_ADDRESSES = (
    "In two lengthy televised addresses, Nasrallah has paid homage to Soleimani and vowed to "
    "avenge his death.\n\n"
    "He has also declared it a goal of Hezbollah and its allies to eject US forces from the "
    "region once and for all.\n"
)


def test_a_pronoun_names_whom_the_paragraph_before_names(tmp_path: Path) -> None:
    """News agencies write a paragraph a sentence: "He" is named a paragraph up."""
    nasrallah = _actor_file(
        "Hassan Nasrallah",
        "person",
        "Nasrallah has paid homage to Soleimani",
        _claim(
            "He declared it a goal to eject US forces, the article says.", "He has also declared"
        ),
    )
    assert _found(tmp_path, NASRALLAH_ADDRESSES, {"actors/nasrallah.yml": nasrallah}) == []


def test_a_pronoun_whose_paragraph_before_names_another_is_unnamed(tmp_path: Path) -> None:
    article = NASRALLAH_ADDRESSES.replace("Nasrallah has paid", "Qassem Soleimani's heir has paid")
    nasrallah = _actor_file(
        "Hassan Nasrallah",
        "person",
        "He has also declared it a goal of Hezbollah",
        _claim(
            "He declared it a goal to eject US forces, the article says.", "He has also declared"
        ),
    )
    assert _found(tmp_path, article, {"actors/nasrallah.yml": nasrallah}) == [
        "actors/nasrallah.yml: the excerpt (line 12 of 'article') does not name Hassan Nasrallah, "
        "whom the summary is about, in its sentence or in what the sentence refers back to",
        "actors/nasrallah.yml: the excerpt (line 12 of 'article') does not name Hassan Nasrallah, "
        "whom the claim 'the-claim' is about, in its sentence or in what the sentence refers "
        "back to",
    ]


def test_a_heading_or_a_link_line_between_is_passed_over(tmp_path: Path) -> None:
    article = (
        "Iran is likely to rely partly on the clout Nasrallah, the US official said.\n\n"
        "--------\n\nREAD MORE: Arab News' spotlight - Death Of Qassem Soleimani\n\n--------\n\n"
        "“I think ideologically, religiously, he’s seen as a charismatic figure to many of the "
        "Iraqi Shia militias,” the US official said.\n"
    )
    nasrallah = _actor_file(
        "Hassan Nasrallah",
        "person",
        "the clout Nasrallah",
        _claim("Many militias see him as a charismatic figure.", "he’s seen as a charismatic"),
    )
    assert _found(tmp_path, article, {"actors/nasrallah.yml": nasrallah}) == []


def test_the_group_names_the_group_named_before_it(tmp_path: Path) -> None:
    article = (
        "Hezbollah’s involvement marks an expansion of its role in the region. The Shiite "
        "group, founded by Iran’s Revolutionary Guards in 1982, has been at the heart of Iran’s "
        "regional strategy for years.\n"
    )
    files = {
        "actors/irgc.yml": _actor_file(
            "Revolutionary Guard Corps (IRGC)",
            "organisation",
            "Iran’s Revolutionary Guards",
            aliases="[Revolutionary Guards]",
        ),
        "actors/hezbollah.yml": _actor_file(
            "Hezbollah",
            "organisation",
            "Hezbollah’s involvement",
            "affiliations:\n  - actor: irgc\n    single_origin: true\n    cite:\n"
            "      - source: article\n"
            "        quote: The Shiite group, founded by Iran’s Revolutionary Guards in 1982\n",
        ),
    }
    assert _found(tmp_path, article, files) == []


def test_a_minister_called_iraqi_belongs_to_the_government_of_iraq(tmp_path: Path) -> None:
    article = "Iraqi Prime Minister al-Kadhimi’s recent efforts are inadequate.\n"
    files = {
        "actors/iraqi-government.yml": _actor_file(
            "Government of Iraq", "government", "Iraqi Prime Minister"
        ),
        "actors/kadhimi.yml": _actor_file(
            "Mustafa al-Kadhimi",
            "person",
            "al-Kadhimi’s recent efforts",
            "affiliations:\n  - actor: iraqi-government\n    single_origin: true\n    cite:\n"
            "      - source: article\n        quote: Iraqi Prime Minister al-Kadhimi\n",
        ),
    }
    assert _found(tmp_path, article, files) == []


LIST = (
    "As of Thursday, Jan. 15, the situation in Baghdad can be summarized as follows:\n\n"
    "• No candidate has been chosen as Iraq’s premier, since Moqtada Sadr, whose voice is "
    "pivotal, refuses to commit to any candidate.\n\n"
    "• Contrary to rumors, Al Ameri has not so far consented to taking the premiership.\n"
)


def test_an_item_of_a_list_is_read_with_the_paragraph_that_opens_the_list(
    tmp_path: Path,
) -> None:
    ameri = _actor_file(
        "Hadi al-Ameri",
        "person",
        "Al Ameri has not so far consented",
        _claim(
            "As of 15 January, the article says, he had not consented to become prime minister.",
            "Al Ameri has not so far consented to taking the premiership",
        ),
    )
    assert _found(tmp_path, LIST, {"actors/ameri.yml": ameri}) == []


def test_a_date_neither_the_excerpt_nor_its_list_gives(tmp_path: Path) -> None:
    ameri = _actor_file(
        "Hadi al-Ameri",
        "person",
        "Al Ameri has not so far consented",
        _claim(
            "As of 16 January, the article says, he had not consented to become prime minister.",
            "Al Ameri has not so far consented to taking the premiership",
        ),
    )
    assert _found(tmp_path, LIST, {"actors/ameri.yml": ameri}) == [
        "actors/ameri.yml: the claim 'the-claim' gives the date \"16 January\", which no "
        "excerpt gives"
    ]


def test_at_the_time_is_read_with_the_years_of_the_paragraph_before(tmp_path: Path) -> None:
    article = (
        "In August 2017, Moqtada al-Sadr clashed with then-prime minister Haidar al-Abadi. In "
        "2018, after weeks of political tension, Sadr and Abadi allied.\n\n"
        "At the time, Nasrallah spoke to Sadr and advised him to relax his positions.\n"
    )
    sadr = _actor_file(
        "Moqtada al-Sadr",
        "person",
        "Moqtada al-Sadr clashed",
        _claim(
            "At the time (2017 or 2018), Nasrallah advised Sadr to relax his positions.",
            "Nasrallah spoke to Sadr and advised him to relax his positions",
        ),
    )
    assert _found(tmp_path, article, {"actors/sadr.yml": sadr}) == []


def test_when_a_cited_report_came_out_is_given_by_its_source(tmp_path: Path) -> None:
    article = "The US still maintains some 5,000 troops in Iraq.\n"
    us = _actor_file(
        "United States",
        "state",
        "The US still maintains",
        _claim(
            "Reuters reported in February 2020 that the US kept some 5,000 troops in Iraq.",
            "The US still maintains some 5,000 troops in Iraq",
        ),
        aliases="[US]",
    )
    assert _found(tmp_path, article, {"actors/united-states.yml": us}) == []


def test_a_name_that_says_who_speaks_is_no_detail(tmp_path: Path) -> None:
    article = (
        "Kawtharani speaks the Iraqi dialect.\n\n"
        "“The leaders there are comfortable with him, ”the source said.\n"
    )
    files = {
        "actors/hezbollah.yml": _actor_file("Hezbollah", "organisation", "Kawtharani speaks"),
        "actors/kawtharani.yml": _actor_file(
            "Mohammad al-Kawtharani",
            "person",
            "Kawtharani speaks the Iraqi dialect",
            _claim(
                "Its Hezbollah source says the Iraqi leaders are comfortable with him.",
                "The leaders there are comfortable with him",
            ),
        ),
    }
    assert _found(tmp_path, article, files) == []


def test_a_name_and_a_title_no_excerpt_gives(tmp_path: Path) -> None:
    article = "The meetings followed the Jan. 3 attack at Baghdad airport that killed Soleimani.\n"
    files = {
        "actors/quds-force.yml": _actor_file("Quds Force", "organisation", "killed Soleimani"),
        "actors/soleimani.yml": _actor_file(
            "Qassem Soleimani",
            "person",
            "killed Soleimani",
            _claim(
                "A strike on 3 January killed Soleimani, head of Iran's Quds Force.",
                "the Jan. 3 attack at Baghdad airport that killed Soleimani",
            ),
        ),
    }
    assert _found(tmp_path, article, files) == [
        "actors/soleimani.yml: the claim 'the-claim' gives the name \"Quds Force\" and the title "
        '"head", which no excerpt gives'
    ]


def test_a_number_no_excerpt_gives_names_the_nearest_they_do(tmp_path: Path) -> None:
    article = "The US still maintains some 5,000 troops in Iraq.\n"
    us = _actor_file(
        "United States",
        "state",
        "The US still maintains",
        _claim("The US keeps 6,000 troops in Iraq.", "some 5,000 troops in Iraq"),
        aliases="[US]",
    )
    problems = check_project(_project_with(tmp_path, article, us)).problems
    [found] = [p for p in problems if p.kind == "detail-not-in-excerpt"]
    assert found.message == (
        "the claim 'the-claim' gives the number \"6,000\", which no excerpt gives"
    )
    assert found.details == ("the excerpt gives \"some 5,000\" (line 10 of 'article')",)


def _project_with(tmp_path: Path, article: str, actor: str) -> Path:
    root = Path(shutil.copytree(VALID, tmp_path / "project", ignore=NO_BUILD))
    (root / "sources" / "article.md").write_text(with_hash(SOURCE + article), encoding="utf-8")
    (root / "actors" / "us.yml").write_text(actor, encoding="utf-8")
    return root


def _check(root: Path, *options: str) -> str:
    return run("check", "--format", "json", *options, str(root)).output


def test_a_new_alias_reaches_a_file_that_neither_links_nor_cites_the_actor(
    tmp_path: Path,
) -> None:
    """What a statement names depends on every actor's names: a check after an alias is
    added says what a whole check says, in a file that does not link the actor."""
    root = Path(shutil.copytree(VALID, tmp_path / "project", ignore=NO_BUILD))
    (root / "actors" / "storm.yml").write_text(
        "name: The storm\nkind: organisation\nsummary:\n  text: A storm.\n  judgment: low\n"
        + _claim(
            "The gazette calls the damage at the docks the worst in living memory.",
            "calling the storm damage the worst in living memory",
            id="storm-damage",
        ).replace("source: article", "source: gazette-2020-01-11-harbour"),
        encoding="utf-8",
    )
    before = _check(root)
    council = root / "actors" / "harbour-council.yml"
    council.write_text(
        council.read_text(encoding="utf-8").replace(
            "kind: government", "kind: government\naliases: [docks]"
        ),
        encoding="utf-8",
    )
    after = _check(root)
    assert after == _check(root, "--no-cache")
    assert after != before and 'the name \\"docks\\"' in after


@pytest.mark.parametrize(
    ("described", "found"),
    [
        ("the dead general’s masterplan", []),
        ("the leaders’ masterplan", ['gives the name "Soleimani"']),  # no one person
        ("a dead man’s masterplan", ['gives the name "Soleimani"']),
    ],
)
def test_a_person_named_before_is_named_by_the_title_the_article_calls_him_by(
    described: str, found: list[str], tmp_path: Path
) -> None:
    article = (
        "The US killed Qassem Soleimani on Jan. 3.\n\nThe militias met in Beirut.\n\n"
        f"Iran is steadfastly adhering to {described} for a war of attrition.\n"
    )
    files = {
        "actors/soleimani.yml": _actor_file("Qassem Soleimani", "person", "Qassem Soleimani"),
        "actors/iran.yml": _actor_file(
            "Iran",
            "state",
            "Iran is steadfastly adhering",
            _claim("Iran is adhering to Soleimani's plan.", "Iran is steadfastly adhering to"),
        ),
    }
    problems = _found(tmp_path, article, files)
    assert [p for p in problems if not all(words in p for words in found)] == []
    assert len(problems) == len(found)


@pytest.mark.parametrize(
    ("published", "warned"),
    [
        ("published: 2020-02-11", False),
        # the page gives only its update: the first publication is a range ending that day
        ("published: 2020-01/2020-02-11\nmodified: 2020-02-11", False),
        ("published: 2020-01/2020-02-11", False),  # a range's end is a date it gives
        ("published: 2020-01/2020-02", True),
    ],
)
def test_the_date_a_source_was_published_or_updated_counts_as_given(
    published: str, warned: bool, tmp_path: Path
) -> None:
    """The sample's Reuters report on Arab News shows only "Updated 11 February 2020": its
    `published:` is a range ending that day and its `modified:` the update; a statement
    dating it "updated on 11 February 2020" says what the page says."""
    source = SOURCE.replace("published: 2020-02-11", published)
    actor = _actor_file(
        "Hassan Nasrallah",
        "person",
        "Nasrallah has paid homage to Soleimani",
        _claim(
            "In a report updated on 11 February 2020, the article says Nasrallah paid homage.",
            "Nasrallah has paid homage to Soleimani",
        ),
    )
    root = Path(shutil.copytree(VALID, tmp_path / "project", ignore=NO_BUILD))
    (root / "sources" / "article.md").write_text(
        with_hash(source + NASRALLAH_ADDRESSES), encoding="utf-8"
    )
    (root / "actors" / "nasrallah.yml").write_text(actor, encoding="utf-8")
    problems = [p.message for p in check_project(root).problems if p.kind in KINDS]
    assert any('"11 February 2020"' in message for message in problems) is warned, problems
