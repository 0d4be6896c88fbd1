"""agreement-overstated and acknowledgements: a statement that counts its reports or says
they agree, held against the chains and its record's conflicts; `checked:` entries that keep
one support warning with a reason, and the warning when they keep none."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.analysis.support.counts import claimed
from briefing.analysis.support.words import Lexicon
from briefing.warning_kinds import SUPPORT_KINDS, WarningKind
from conftest import CORPORA, NO_BUILD, REPOSITORY, run

COUNT = CORPORA / "support_agreement_overstated"
CONFLICT = CORPORA / "support_agreement_overstated_conflict"
PORT_STRIKE = CORPORA / "port_strike"
ACTOR = "actors/ana-ruiz.yml"
EVENT = "events/2020-01-09-council-meeting.yml"
BRIEF = "briefs/harbour-repairs.md"
KIND = "agreement-overstated"
CLAIM_TEXT = "    text: Two independent reports say Ruiz promised to rebuild the north pier.\n"


def _copy(corpus: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(corpus, tmp_path / "project", ignore=NO_BUILD))


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _listed(root: Path, kind: str = KIND) -> str:
    return str(run("check", "--no-cache", "--list", kind, str(root)).output)


# What counts as a claim of origins -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "number"),
    [
        ("Two independent reports say Ruiz promised a pier.", "Two independent reports", 2),
        ("All four origins report that both were killed.", "All four origins", 4),
        (
            "Both the Reuters report and the Hezbollah source describe it.",
            "Both the Reuters report",
            2,
        ),
        ("The reports agree that the role was interim.", "The reports agree", 2),
        ("Two independent sources say so.", "two independent sources", 2),
        ("It was confirmed by the Gazette.", "confirmed by", 2),
        ("Several outlets carried the story.", "several outlets", 2),
        ("One of the two reports says so.", "two reports", 2),
        ("His standing is attested by two origins.", "two origins", 2),
        ("One origin, Reuters, with two groups of sources.", "One origin", 1),
    ],
)
def test_a_count_or_agreement_claims_origins(text: str, words: str, number: int) -> None:
    found = claimed(text, Lexicon())
    assert found is not None
    assert (found.words.lower(), found.number) == (words.lower(), number)


# The sample's sentences that count people, deny a confirmation, or speak of a count.
@pytest.mark.parametrize(
    "text",
    [
        "Two Iraqi sources and a senior Iraqi Shi'ite leader told Reuters that he is seen as "
        "the most suitable figure.",
        "Two sources with knowledge of the meetings told Reuters that Hezbollah met them.",
        "Two sources in a pro-Iran regional alliance confirmed this to Reuters.",
        "No other origin confirms any of them.",
        "Only DEBKA Weekly reports both the rumours and the denial.",
        "The Iran-backed paramilitary groups agreed in January 2020 to back him.",
        "The two agree only that he took a hand in the choice.",
        "Reuters could not confirm where they took place.",
        "The reports may describe different times or kinds of help; none is corroborated.",
        "In two lengthy televised addresses Nasrallah paid homage to Soleimani.",
        "The first edition counted Reuters and DEBKA Weekly as two independent accounts of "
        "one thing.",
        "The council met to plan repairs, according to two council members.",
        "Its 2020 reports say so.",
    ],
)
def test_words_that_count_no_reports_claim_nothing(text: str) -> None:
    assert claimed(text, Lexicon()) is None


def test_a_project_adds_phrases_of_agreement() -> None:
    lexicon = Lexicon({"agreement": ("tally with each other",)})
    found = claimed("The accounts tally with each other.", lexicon)
    assert found is not None and found.number == 2


# The corpora ---------------------------------------------------------------------------


@pytest.mark.parametrize("corpus", [COUNT, CONFLICT], ids=lambda path: path.name)
def test_the_corpus_prints_its_exact_warning(corpus: Path, tmp_path: Path) -> None:
    project = _copy(corpus, tmp_path)
    (project / "expected.txt").unlink()
    assert _listed(project) == (corpus / "expected.txt").read_text(encoding="utf-8")
    result = run("check", "--strict", str(project))
    assert result.exit_code == 1
    assert (corpus / "expected.txt").read_text(encoding="utf-8").splitlines()[0] in result.output


@pytest.mark.parametrize(
    "project",
    [REPOSITORY, PORT_STRIKE, CORPORA / "valid_minimal"],
    ids=["sample", "port_strike", "valid"],
)
def test_honest_counts_are_quiet(project: Path) -> None:
    for kind in (KIND, "unused-acknowledgement"):
        assert (
            _listed(project, kind)
            == f"0 {WarningKind(kind).several} {WarningKind(kind).grouped_as}\n"
        )


def test_a_copy_of_a_report_counts_as_that_report(tmp_path: Path) -> None:
    project = _copy(COUNT, tmp_path)
    _edit(project, ACTOR, "        via: wire-2020-01-10-harbour\n", "")
    assert _listed(project).startswith("0 ")
    _edit(
        project,
        "sources/gazette-2020-01-11-harbour.md",
        "language: en\n",
        "language: en\norigin: wire-2020-01-10-harbour\n",
    )
    assert "('gazette-2020-01-11-harbour' carries it)" in _listed(project)


def test_a_brief_sentence_counts_the_sources_it_cites(tmp_path: Path) -> None:
    project = _copy(CORPORA / "valid_minimal", tmp_path)
    _edit(
        project,
        BRIEF,
        "- The regional government did not comment",
        "- Two reports say the regional government did not comment",
    )
    assert _listed(project).splitlines()[0] == (
        'briefs/harbour-repairs.md:26:60: warning: sentence says "Two reports" but its '
        "citations rest on one origin: 'wire-2020-01-10-harbour'"
    )


# Conflicts: the excerpts that stay apart, and those the statement already sets apart.
QUIET_CONFLICTS: dict[str, list[tuple[str, str]]] = {
    "the statement says they differ": [
        (
            "The reports agree that the north pier",
            "The reports agree that the pier is to be rebuilt but differ on when; the north pier",
        )
    ],
    "both excerpts on one side": [
        (
            "      - source: gazette-2020-01-11-harbour\n        quote: no date",
            "      - source: gazette-2020-01-11-harbour\n        quote: A council spokesman said no date",
        ),
        (
            "        quote: rebuild the north pier before the summer season\n",
            "        quote: The regional government did not respond to a request for comment\n",
        ),
        (
            "            quote: A council spokesman said no date for the work had been set\n",
            "            quote: A council spokesman said no date for the work had been set\n"
            "          - source: wire-2020-01-10-harbour\n"
            "            quote: The regional government did not respond to a request for comment\n",
        ),
    ],
    "an excerpt in a sentence no side cites": [
        (
            "        quote: no date for the work had been set\n",
            "        quote: calling the storm damage the worst in living memory\n",
        )
    ],
}


@pytest.mark.parametrize("name", list(QUIET_CONFLICTS))
def test_a_conflict_sets_apart_only_excerpts_on_different_sides(name: str, tmp_path: Path) -> None:
    project = _copy(CONFLICT, tmp_path)
    for old, new in QUIET_CONFLICTS[name]:
        _edit(project, EVENT, old, new)
    assert _listed(project).startswith("0 "), name


# Acknowledgements ------------------------------------------------------------------------

CHECKED = (
    "    checked:\n"
    "      - kind: agreement-overstated\n"
    "        reason: the Gazette's wording is its own; we count it as a second report\n"
)


def test_an_acknowledged_warning_is_quiet_and_listed(tmp_path: Path) -> None:
    project = _copy(COUNT, tmp_path)
    _edit(project, ACTOR, CLAIM_TEXT, CLAIM_TEXT + CHECKED)
    result = run("check", "--strict", str(project))
    assert result.exit_code == 0, result.output
    assert KIND not in result.output
    listed = run("check", "--list", "acknowledged", str(project))
    assert listed.exit_code == 0
    assert listed.output == (
        "actors/ana-ruiz.yml:23:9: acknowledged agreement-overstated: the Gazette's wording "
        "is its own; we count it as a second report\n"
        "1 warning acknowledged, 0 unused\n"
    )


def test_an_acknowledgement_on_the_citation_keeps_the_warning(tmp_path: Path) -> None:
    project = _copy(COUNT, tmp_path)
    _edit(
        project,
        ACTOR,
        "        via: wire-2020-01-10-harbour\n",
        "        via: wire-2020-01-10-harbour\n"
        "        checked:\n"
        "          - kind: agreement_overstated\n"
        "            reason: the Gazette checked the promise itself\n",
    )
    assert run("check", "--strict", str(project)).exit_code == 0


def test_an_acknowledgement_without_a_reason_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = _copy(COUNT, tmp_path)
    without_reason = "".join(CHECKED.splitlines(keepends=True)[:2])
    _edit(project, ACTOR, CLAIM_TEXT, CLAIM_TEXT + without_reason)
    result = run("check", str(project))
    assert result.exit_code == 1
    assert (
        "actors/ana-ruiz.yml:23:9: error: missing required key 'reason'\n"
        "  hint: add 'reason:' to this mapping\n"
    ) in result.output


@pytest.mark.parametrize(
    ("kind", "message", "hint"),
    [
        (
            "agreement-overstatd",
            "unknown kind of support warning 'agreement-overstatd' in 'checked'",
            "did you mean 'agreement-overstated'?",
        ),
        (
            "single-origin",
            "'checked' cannot keep a single-origin warning: it keeps support warnings only",
            "the support warnings are hedge-dropped",
        ),
    ],
)
def test_an_acknowledgement_of_another_kind_is_an_error(
    kind: str, message: str, hint: str, tmp_path: Path
) -> None:
    project = _copy(COUNT, tmp_path)
    _edit(project, ACTOR, CLAIM_TEXT, CLAIM_TEXT + CHECKED.replace(KIND, kind))
    result = run("check", str(project))
    assert result.exit_code == 1
    assert f"actors/ana-ruiz.yml:23:15: error: {message}\n  hint: {hint}" in result.output


def test_an_acknowledgement_that_keeps_nothing_is_a_warning(tmp_path: Path) -> None:
    project = _copy(CORPORA / "valid_minimal", tmp_path)
    text = "    text: The council intends to rebuild the north pier.\n"
    _edit(project, BRIEF, text, text + CHECKED)
    assert _listed(project, "unused-acknowledgement") == (
        "briefs/harbour-repairs.md:10:9: warning: acknowledged agreement-overstated warning "
        "does not fire here\n"
        "  hint: remove this 'checked:' entry: the statement or its excerpts changed, or the "
        "check no longer finds what it kept\n"
        "1 acknowledgement is for a warning that no longer fires\n"
    )
    listed = run("check", "--list", "acknowledged", "--format", "json", str(project))
    assert json.loads(listed.output)["acknowledged"] == [
        {
            "path": BRIEF,
            "line": 10,
            "column": 9,
            "kind": KIND,
            "reason": "the Gazette's wording is its own; we count it as a second report",
            "unused": True,
        }
    ]


def test_every_support_kind_may_be_acknowledged_and_no_other() -> None:
    assert WarningKind.AGREEMENT_OVERSTATED in SUPPORT_KINDS
    assert WarningKind.UNUSED_ACKNOWLEDGEMENT not in SUPPORT_KINDS
    assert WarningKind.SINGLE_ORIGIN not in SUPPORT_KINDS


def test_the_schema_has_checked_on_statements_and_citations(tmp_path: Path) -> None:
    assert run("schema", "--output", str(tmp_path)).exit_code == 0
    actor = json.loads((tmp_path / "actor.schema.json").read_text(encoding="utf-8"))
    for model in ("Citation", "Statement", "Claim"):
        assert "checked" in actor["$defs"][model]["properties"], model
    assert actor["$defs"]["Acknowledgement"]["required"] == ["kind", "reason"]


# Outputs for tools ---------------------------------------------------------------------


def test_the_outputs_for_tools_carry_the_kinds(tmp_path: Path) -> None:
    project = _copy(COUNT, tmp_path)
    text = "    text: The council intends to rebuild the north pier.\n"
    _edit(project, BRIEF, text, text + CHECKED)
    problems = json.loads(run("check", "--format", "json", str(project)).output)["problems"]
    assert {KIND, "unused-acknowledgement"} <= {p["kind"] for p in problems}
    github = run("check", "--format", "github", str(project)).output
    assert (
        "::warning file=actors/ana-ruiz.yml,line=21,col=11,title=briefing agreement-overstated::"
        in github
    )
    assert "title=briefing unused-acknowledgement::" in github
    sarif = json.loads(run("check", "--format", "sarif", str(project)).output)["runs"][0]
    rules = [rule["id"] for rule in sarif["tool"]["driver"]["rules"]]
    assert {KIND, "unused-acknowledgement"} <= set(rules)
    for result in sarif["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
    assert {KIND, "unused-acknowledgement"} <= {r["ruleId"] for r in sarif["results"]}


# A check after an edit ---------------------------------------------------------------------


def _outputs(root: Path, *options: str) -> tuple[int, str]:
    result = run("check", "--format", "json", *options, str(root))
    return result.exit_code, result.output


EDITS: dict[str, Callable[[Path], None]] = {
    "a source made a copy of the one it counts beside": lambda root: _edit(
        root,
        "sources/gazette-2020-01-11-harbour.md",
        "language: en\n",
        "language: en\norigin: wire-2020-01-10-harbour\n",
    ),
    "a side of the conflict moved": lambda root: _edit(
        root,
        EVENT,
        "            quote: A council spokesman said no date for the work had been set\n",
        "            quote: calling the storm damage the worst in living memory\n",
    ),
    "the acknowledgement removed": lambda root: _edit(root, EVENT, CHECKED, ""),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_changes_the_warning_with_the_cache_as_without(name: str, tmp_path: Path) -> None:
    project = _copy(CONFLICT, tmp_path)
    intends = "the council intends to rebuild the north pier.\n"
    _edit(project, BRIEF, f"    text: T{intends[1:]}", f"    text: Two reports say {intends}")
    text = "    text: The reports agree that the north pier will be rebuilt before the summer.\n"
    _edit(project, EVENT, text, text + CHECKED)
    before = _outputs(project)
    EDITS[name](project)
    cached = _outputs(project)
    assert cached == _outputs(project, "--no-cache")
    assert cached != before, "the edit should change what check says"


def test_a_conflict_of_another_record_judges_a_statement_and_its_edit_is_seen(
    tmp_path: Path,
) -> None:
    # the sample's case: a key judgment of a brief says the reports agree, where a conflict
    # of an actor sets them apart; an edit of that conflict is seen by a check after it
    project = _copy(CONFLICT, tmp_path)
    claim = "    text: The reports agree that the north pier will be rebuilt before the summer.\n"
    _edit(project, EVENT, claim, "    text: The pier is to be rebuilt.\n")
    _edit(
        project,
        BRIEF,
        "    text: The council intends to rebuild the north pier.\n",
        "    text: The reports agree that the north pier will be rebuilt before the summer.\n",
    )
    _edit(
        project,
        BRIEF,
        "        quote: to rebuild the north pier\n",
        "        quote: no date for the work had been set\n",
    )
    before = _outputs(project)
    assert "kj-pier-rebuilt" in before[1] and "conflict 'pier-date'" in before[1]
    _edit(
        project,
        EVENT,
        "            quote: A council spokesman said no date for the work had been set\n",
        "            quote: calling the storm damage the worst in living memory\n",
    )
    cached = _outputs(project)
    assert cached == _outputs(project, "--no-cache")
    assert "conflict 'pier-date'" not in cached[1]
