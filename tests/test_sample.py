"""The sample briefing at the repository root: complete, faithful to its seed articles, cited.

Uses only PyYAML and the standard library, so it holds whatever the briefing package's API
looks like.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parents[1]
SEEDS = Path(__file__).parents[2] / "shared" / "seeds"

SEED_OF_SOURCE = {
    "unnamed-outlet-hezbollah-iraqi-militias-link": "000_d89a43f2f90e5682.txt",
    "arabnews-hezbollah-guides-militias-machine-translation": "001_e1510f43d3dbf172.txt",
    "baghdadpost-hezbollah-partners-pro-iran-militias": "002_1a3a0014d562fc87.txt",
    "arabnews-2020-02-11-hezbollah-guides-militias": "003_4c201d95a95667f7.txt",
    "debkaweekly-nasrallah-trouble-shooter-iraq": "004_ffe386c11f085010.txt",
}

# Conflict id -> where it is, and how many different sources its sides must cite between them.
# The Ameri-Isawi meeting and its denial are both reported only by DEBKA Weekly.
CONFLICTS = {
    "kawtharani-first-name": ("actors/mohammad-kawtharani.yml", 2),
    "hezbollah-leads-militias": ("actors/hezbollah.yml", 2),
    "hezbollah-support-kind": ("actors/hezbollah.yml", 3),
    "muhandis-post": ("actors/abu-mahdi-al-muhandis.yml", 3),
    "january-meetings-location": ("events/2020-01-hezbollah-iraqi-militia-meetings.yml", 2),
    "ameri-isawi-qom-meeting": ("events/2020-01-14-ameri-denies-qom-meeting.yml", 1),
}


def split_record(path: Path) -> tuple[dict[str, Any], bytes]:
    """(front matter, body bytes) of a Markdown record."""
    raw = path.read_bytes()
    assert raw.startswith(b"---\n"), path
    front, separator, body = raw[4:].partition(b"\n---\n")
    assert separator, f"{path}: front matter not closed"
    return yaml.safe_load(front), body


def records(folder: str) -> dict[str, Any]:
    return {
        path.stem: yaml.safe_load(path.read_text("utf-8"))
        for path in sorted((ROOT / folder).glob("*.yml"))
    }


def markdown_records(folder: str) -> dict[str, tuple[dict[str, Any], bytes]]:
    return {path.stem: split_record(path) for path in sorted((ROOT / folder).glob("*.md"))}


def statements(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Every statement that must be cited or marked as a judgment."""
    found = [record["summary"], *record.get("affiliations", []), *record.get("claims", [])]
    for conflict in record.get("conflicts", []):
        found += conflict["sides"]
    return found


def cited_sources(statement: dict[str, Any]) -> set[str]:
    return {citation["source"] for citation in statement.get("cite") or []}


def test_counts() -> None:
    assert len(markdown_records("sources")) >= 5
    assert len(records("actors")) >= 25
    assert len(records("events")) >= 15
    assert len(markdown_records("briefs")) >= 2


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
@pytest.mark.parametrize("source_id", sorted(SEED_OF_SOURCE))
def test_source_text_is_its_seed_byte_for_byte(source_id: str) -> None:
    _, body = split_record(ROOT / "sources" / f"{source_id}.md")
    assert body == (SEEDS / SEED_OF_SOURCE[source_id]).read_bytes()


def test_every_source_has_a_seed() -> None:
    assert set(markdown_records("sources")) == set(SEED_OF_SOURCE)


def test_every_statement_is_cited_or_a_judgment() -> None:
    uncited = []
    for folder in ("actors", "events"):
        for record_id, record in records(folder).items():
            for statement in statements(record):
                if not statement.get("cite") and not statement.get("judgment"):
                    uncited.append(f"{folder}/{record_id}: {statement.get('text')!r}")
    for brief_id, (front, _) in markdown_records("briefs").items():
        for judgment in front.get("key_judgments", []):
            if not judgment.get("cite") and not judgment.get("judgment"):
                uncited.append(f"briefs/{brief_id}: {judgment['id']}")
    assert not uncited


@pytest.mark.parametrize("conflict_id", sorted(CONFLICTS))
def test_conflict_shows_its_sides(conflict_id: str) -> None:
    path, least_sources = CONFLICTS[conflict_id]
    record = yaml.safe_load((ROOT / path).read_text("utf-8"))
    [conflict] = [c for c in record.get("conflicts", []) if c["id"] == conflict_id]
    sides = conflict["sides"]
    assert len(sides) >= 2
    assert all(cited_sources(side) for side in sides)
    evidence = [frozenset((c["source"], c["quote"]) for c in side["cite"]) for side in sides]
    assert len(set(evidence)) == len(sides), "two sides cite the same words"
    assert len(set().union(*(cited_sources(side) for side in sides))) >= least_sources


def test_every_source_is_cited() -> None:
    cited: set[str] = set()
    for folder in ("actors", "events"):
        for record in records(folder).values():
            for statement in statements(record):
                cited |= cited_sources(statement)
    for front, body in markdown_records("briefs").values():
        for judgment in front.get("key_judgments", []):
            cited |= cited_sources(judgment)
        cited |= set(re.findall(r"[\[;]\s*@([a-z0-9-]+)", body.decode("utf-8")))
    assert set(markdown_records("sources")) <= cited


def citations(statement: dict[str, Any]) -> list[dict[str, Any]]:
    return list(statement.get("cite") or [])


def all_statements() -> list[tuple[str, dict[str, Any]]]:
    found = [
        (f"{folder}/{record_id}", statement)
        for folder in ("actors", "events")
        for record_id, record in records(folder).items()
        for statement in statements(record)
    ]
    for brief_id, (front, _) in markdown_records("briefs").items():
        found += [(f"briefs/{brief_id}", judgment) for judgment in front.get("key_judgments", [])]
    return found


def test_outlets_that_cannot_be_identified_are_graded_f() -> None:
    # Admiralty F: reliability cannot be judged, which is all an unidentified outlet earns.
    sources = markdown_records("sources")
    for source_id, (front, _) in sources.items():
        publisher = front.get("publisher")  # none where the capture names no outlet
        if publisher is None or "unidentified" in publisher:
            assert front["reliability"] == "F", source_id
        # The page prints the grade and its meaning; the reason is the reason only.
        reason = front["reliability_reason"]
        assert not reason.startswith(f"{front['reliability']},"), source_id
        assert not reason.startswith(f"{front['reliability']} "), source_id
    grades = {source_id: front["reliability"] for source_id, (front, _) in sources.items()}
    assert grades == {
        "arabnews-2020-02-11-hezbollah-guides-militias": "B",
        "arabnews-hezbollah-guides-militias-machine-translation": "F",
        "baghdadpost-hezbollah-partners-pro-iran-militias": "D",
        "debkaweekly-nasrallah-trouble-shooter-iraq": "D",
        "unnamed-outlet-hezbollah-iraqi-militias-link": "F",
    }


def test_credibility_is_assessed_not_blanket_and_says_what_it_rests_on() -> None:
    graded = [c for _, s in all_statements() for c in citations(s) if "credibility" in c]
    assert {c["credibility"] for c in graded} == {1, 2, 3, 4, 5, 6}
    assert all(c.get("note", "").startswith(f"Credibility {c['credibility']} (") for c in graded)
    debka = {
        c["credibility"]
        for c in graded
        if c["source"] == "debkaweekly-nasrallah-trouble-shooter-iraq"
    }
    assert len(debka) >= 4, "DEBKA Weekly's claims are not all equally unjudgeable"


def test_every_citation_of_a_low_graded_source_has_its_credibility() -> None:
    grades = {
        source_id: front["reliability"]
        for source_id, (front, _) in markdown_records("sources").items()
    }
    unassessed = [
        f"{where}: {c['quote'][:40]}"
        for where, s in all_statements()
        for c in citations(s)
        if grades[c["source"]] in {"D", "E", "F"} and "credibility" not in c
    ]
    assert not unassessed


def test_allawi_was_prime_minister_designate_dated_as_the_evidence_allows() -> None:
    event = records("events")["2020-allawi-named-prime-minister"]
    assert event["title"] == "Mohammed Tawfiq Allawi named prime minister-designate"
    # Reuters says only: after the January meetings, before its update of 11 February 2020.
    assert event["date"] == "2020-01/2020-02-11" and "end" not in event  # a window, not a span
    summary = records("actors")["mohammed-tawfiq-allawi"]["summary"]["text"]
    # Reuters says "has been named"; "designate" is the unnamed outlet's word, given to it.
    assert "calls him prime minister designate" in summary
    assert "named prime minister," not in summary


def test_the_fact_box_is_arab_news_own() -> None:
    event = records("events")["2020-01-03-baghdad-airport-strike"]
    [claim] = [c for c in event["claims"] if c["id"] == "strike-six-others"]
    assert claim["text"].startswith("Arab News' own fact box")


def test_no_statement_counts_debka_as_a_second_account_of_reuters() -> None:
    for where, statement in all_statements():
        text = statement.get("text") or ""
        assert "two independent accounts" not in text.lower(), where


def test_identities_of_differently_named_men_are_judgments() -> None:
    actors = records("actors")
    for actor_id, claim_id in [
        ("mohammad-kawtharani", "kawtharani-one-man"),
        ("mohammed-tawfiq-allawi", "allawi-one-man"),
        ("mustafa-al-kadhimi", "kadhimi-one-man"),
    ]:
        [claim] = [c for c in actors[actor_id]["claims"] if c["id"] == claim_id]
        assert claim["judgment"] in {"high", "moderate"} and not claim.get("cite")


def test_the_brief_has_bottom_line_indicators_and_changes() -> None:
    front, body = markdown_records("briefs")["hezbollah-iraqi-militias"]
    text = body.decode("utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings[0] == "Bottom line"
    for heading in [
        "What would change these judgments",
        "Where the origins agree",
        "Changes in the third edition: the evidence",
    ]:
        assert heading in headings
    judgments = {judgment["id"]: judgment for judgment in front["key_judgments"]}
    # Withdrawn, not deleted: it settled a point the judgment before it calls disputed.
    withdrawn = judgments["kj-role-limited-and-interim"]["deprecated"]
    assert withdrawn["superseded_by"] == "kj-role-interim-extent-contested"


@pytest.mark.parametrize("brief_id", ["hezbollah-iraqi-militias", "source-assessment"])
def test_every_key_judgment_has_confidence_and_reasoning(brief_id: str) -> None:
    front, _ = markdown_records("briefs")[brief_id]
    for judgment in front["key_judgments"]:
        if judgment.get("deprecated"):
            continue
        assert judgment.get("confidence") or judgment.get("judgment"), judgment["id"]
        assert judgment.get("basis"), judgment["id"]
    forward_looking = {
        "kj-role-interim-extent-contested",
        "kj-kawtharani-hold-fragile",
        "kj-retaliation-unlikely-soon",
    }
    for judgment in front["key_judgments"]:
        if judgment["id"] in forward_looking:
            assert judgment.get("horizon"), judgment["id"]


def test_relayed_reports_carry_their_chain() -> None:
    cites = [c for _, s in all_statements() for c in citations(s)]
    baghdad_post = [c for c in cites if c["source"].startswith("baghdadpost-")]
    for citation in baghdad_post:
        for outlet in ("according to Reuters", "al-Hurra,", "Asharq al-Awsat reported"):
            if outlet in citation["quote"]:
                assert citation.get("via"), citation["quote"]
    translation = [c for c in cites if c["source"].endswith("-machine-translation")]
    # The translation is the same Reuters report (one origin): a via to the Arab News page
    # would read as if Reuters relayed Arab News.
    assert translation and not any(c.get("via") for c in translation)
    hezbollah_source = [c for c in cites if c.get("speaker") == "a leading Hezbollah source"]
    assert len(hezbollah_source) >= 10


def test_what_changed_gives_each_changed_key_judgment_its_reason() -> None:
    # The third edition compares with the second: every key judgment it changed says why,
    # and the one the second edition withdrew stays withdrawn with its reason.
    import html

    from briefing.report import check_project
    from briefing.views.site.render import render_pages

    report = check_project(ROOT)
    page = "briefs/hezbollah-iraqi-militias/index.md"
    text = html.unescape(render_pages(report.index, report.settings, only={page})[page])
    changed = text.split("## What changed since edition second", 1)[1].split("\n## ", 1)[0]
    key_judgments = changed.split("**Key judgments**", 1)[1].split("\n**", 1)[0]
    items = re.split(r"\n- ", key_judgments)[1:]
    judgments = [item for item in items if "Changed (" in item.split("\n", 1)[0]]
    assert len(judgments) >= 5, changed
    assert all("Reason: " in item for item in judgments), changed
    assert "No reason given" not in key_judgments
    front, _ = markdown_records("briefs")["hezbollah-iraqi-militias"]
    withdrawn = {j["id"]: j for j in front["key_judgments"]}["kj-role-limited-and-interim"]
    assert withdrawn["deprecated"]["reason"]


def test_support_checks_stand_at_their_default_levels_and_find_nothing() -> None:
    # The third edition mends what the support checks found; no kind is set quieter.
    from briefing.report import check_project
    from briefing.warning_kinds import SUPPORT_KINDS

    settings = yaml.safe_load((ROOT / "briefing.yml").read_text("utf-8"))
    quieter = {
        kind for kind in settings.get("warnings") or {} if kind.replace("_", "-") in SUPPORT_KINDS
    }
    assert not quieter
    report = check_project(ROOT)
    assert [p.render() for p in report.problems] == []


def test_a_likelihood_only_on_a_judgment_that_looks_ahead() -> None:
    # A likelihood estimates an outcome: a judgment of what happened carries none.
    for brief_id, (front, _) in markdown_records("briefs").items():
        for judgment in front["key_judgments"]:
            if judgment.get("likelihood") and not judgment.get("deprecated"):
                assert judgment.get("horizon"), (brief_id, judgment["id"])
