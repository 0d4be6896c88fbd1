"""Shared wording (analysis/support/relays.py): sources of different origins that share
passages with no relay declared between them, one warning per pair at the later source; and
a statement that counts two such sources as two origins, at the statement."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.analysis.support import relays
from briefing.analysis.support.passages import (
    Run,
    Words,
    fingerprints,
    packed,
    passages,
    shown,
    specific,
)
from briefing.analysis.support.relays import Printed
from conftest import CORPORA, REPOSITORY, overlay, run, with_hash

CORPUS = CORPORA / "support_shared_wording"
COURIER = "sources/courier-2020-01-12-harbour.md"
COUNCIL = "actors/harbour-council.yml"
MACHINE_TRANSLATION = "sources/arabnews-hezbollah-guides-militias-machine-translation.md"


def _warnings(output: str) -> list[str]:
    """The warnings and notes of an output, each without its severity (the sample sets the
    support checks to notes until its next edition)."""
    found = re.finditer(r"^(\S+): (?:warning|note): (.*)$", output, re.MULTILINE)
    return [f"{match[1]}: {match[2]}" for match in found]


@pytest.mark.parametrize("case", ["pair", "statement"])
def test_each_broken_corpus_prints_its_exact_warning(case: str, tmp_path: Path) -> None:
    project = overlay(CORPUS / case, tmp_path / "project")
    result = run("check", "--strict", str(project))
    assert result.output == (CORPUS / case / "expected.txt").read_text()
    assert result.exit_code == 1


def _edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, old
        text = text.replace(old, new, 1)
        file.write_text(with_hash(text) if path.startswith("sources/") else text, "utf-8")

    return edit


QUOTE = "        quote: Residents queued at the town hall on Saturday to report damage\n"

# Each way to declare the relay between the courier and the wire whose sentence it copies.
DECLARED = {
    "the courier carries the wire's report": _edit(
        COURIER, "language: en", "language: en\norigin: wire-2020-01-10-harbour"
    ),
    "the courier translates the wire": _edit(
        COURIER, "language: en", "language: en\ntranslation_of: wire-2020-01-10-harbour"
    ),
    "a citation relays the wire": _edit(
        COUNCIL, QUOTE, QUOTE + "        via: wire-2020-01-10-harbour\n"
    ),
    "a citation relays the wire's outlet": _edit(
        COUNCIL, QUOTE, QUOTE + "        via: example wire\n"
    ),
    "a citation relays the wire's byline": _edit(
        COUNCIL, QUOTE, QUOTE + "        via: Staff reporter\n"
    ),
}


@pytest.mark.parametrize("name", list(DECLARED))
def test_a_relay_declared_any_way_leaves_the_pair_quiet(name: str, tmp_path: Path) -> None:
    project = overlay(CORPUS / "pair", tmp_path / "project")
    DECLARED[name](project)
    result = run("check", "--strict", str(project))
    assert result.output.endswith("0 errors, 0 warnings in 7 files\n"), result.output


def test_two_outlets_quoting_one_third_party_say_so_with_the_same_named_origin(
    tmp_path: Path,
) -> None:
    project = overlay(CORPUS / "pair", tmp_path / "project")
    _edit(COUNCIL, QUOTE, QUOTE + "        via: the Harbour Council\n")(project)
    _edit(
        "actors/harbour-council.yml",
        "      quote: The harbour council met on Thursday ... after the storm\n",
        "      quote: The harbour council met on Thursday ... after the storm\n"
        "      via: The harbour council.\n",
    )(project)
    result = run("check", "--strict", str(project))
    assert _warnings(result.output) == [], result.output


def test_the_check_set_off_is_not_made(tmp_path: Path) -> None:
    project = overlay(CORPUS / "pair", tmp_path / "project")
    (project / "briefing.yml").write_text("warnings:\n  shared-wording: off\n", "utf-8")
    result = run("check", "--strict", str(project))
    assert result.output == "0 errors, 0 warnings in 7 files\n"


STOCK_ONLY = """\
---
title: Council to repair the harbour
publisher: Portville Courier
published: 2020-01-12
language: en
reliability: C
reliability_reason: A local weekly that reprints agency copy.
sha256: 0
---
PORTVILLE: Two council members spoke to Example Wire on Thursday.

The regional government did not respond to a request for comment.
"""

COUNTED = """\
claims:
  - id: no-comment
    text: The regional government did not comment.
    cite:
      - source: wire-2020-01-10-harbour
        quote: The regional government did not respond to a request for comment
      - source: courier-2020-01-12-harbour
        quote: The regional government did not respond to a request for comment
"""


def test_a_stock_sentence_with_no_name_is_no_relay(tmp_path: Path) -> None:
    """The courier's only words in common with the wire are a stock sentence, and a claim
    cites it in both: neither the pair nor the claim is flagged."""
    project = overlay(CORPUS / "pair", tmp_path / "project")
    (project / COURIER).write_text(with_hash(STOCK_ONLY), "utf-8")
    council = (CORPORA / "valid_minimal" / COUNCIL).read_text("utf-8")
    (project / COUNCIL).write_text(council + COUNTED, "utf-8")
    result = run("check", "--strict", str(project))
    assert result.output == "0 errors, 0 warnings in 7 files\n"


# --- the words: what counts as shared, from the seeds ------------------------------------

# Shared runs between the seeds of different origins: the longest (a name and a title, 6
# words of the 8 that copying takes) and a stock phrase around a name.
QUIET = {
    "a name and its title": (
        "As for reports that Nasrallah or Mohammad al-Kawtharani, Hezbollah’s representative "
        "in Iraq, would temporarily assume the lead role of Iranian proxies in Iraq, the "
        "source said that was not entirely correct.",
        "In another moment of increasing cooperation, after the assassinations, reports "
        "indicated that Mohammad al-Kawtharani, Hezbollah’s representative in Iraq, "
        "temporarily led fractious pro-Iran Iraqi Shia militias to unite them until a new "
        "IRGC-QF commander was appointed.",
    ),
    "a stock phrase and a title": (
        "Where Hezbollah and Iran-backed Iraqi militias have cooperated for nearly two "
        "decades, coordination has increased over the last year in the wake of the deaths of "
        "Iran’s top general Qassem Soleimani and Abu Mahdi al-Mohandes.",
        "A US air strike killed Iran’s top general Qassem Soleimani, 62, and six others after "
        "they had landed at Baghdad’s international airport in January.",
    ),
    "names and titles, fifteen words": (
        "Iranian people carry pictures of the late Iran's Quds Force top commander Qassem "
        "Soleimani and Iraqi militia commander Abu Mahdi al-Muhandis, who were killed in a "
        "U.S. airstrike at Baghdad airport.",
        "Crowds in Tehran mourned Iran's Quds Force top commander Qassem Soleimani and Iraqi "
        "militia commander Abu Mahdi al-Muhandis on Monday.",
    ),
}


def _any(_: Run) -> bool:
    return True


@pytest.mark.parametrize("name", list(QUIET))
def test_names_titles_and_short_runs_are_not_passages(name: str) -> None:
    first, second = QUIET[name]
    assert passages(Words.of(first), Words.of(second), _any) == []


def test_a_sentence_carried_over_is_one_passage_around_the_word_changed() -> None:
    """The Arab News text and its machine translation (one report): their sentences differ
    in a word, "talks" and "discussions", "volatile" and "unstable"."""
    first = Words.of(
        "The talks shed light on how Iran and its allied groups are trying to cement control "
        "in the volatile Middle East, especially in the wake of the devastating US attack on "
        "a revered Iranian military leader."
    )
    second = Words.of(
        "The discussions shed light on how Iran and its allied groups are trying to cement "
        "control in the unstable Middle East, especially in the wake of the devastating US "
        "attack on a revered Iranian military leader."
    )
    [passage] = passages(first, second, _any)
    assert shown(first, passage.start, passage.end) == (
        "shed light on how Iran and its allied groups are … a revered Iranian military leader"
    )


SPECIFIC = {
    # a stock phrase shared up to the name it is filled with
    "who asked not to be named, said Usama": False,
    # an outlet's own stock, its name and all
    "The Eastern Gazette could not independently verify the account given by": False,
    "the harbour council met on Thursday to plan repairs": True,
    "of them, 5,000 troops remain in the country": True,
}


@pytest.mark.parametrize("text", list(SPECIFIC))
def test_a_passage_is_telling_where_it_names_someone_within_it(text: str) -> None:
    words = Words.of(text)
    outlets = frozenset({"eastern", "gazette"})
    whole = Run(0, len(words.own), 0, 0)
    assert specific(words, outlets, whole) is SPECIFIC[text]


def _printed(origin_id: str, text: str) -> Printed:
    words = Words.of(text)
    whole = Run(0, len(words.own), 0, 0)
    return Printed(origin_id, packed(words.prints(whole)))


RELAYED = (
    "Mayor Ana Ruiz said the council would rebuild the north pier before the summer season "
    "and asked the regional government for help with the cost of the work."
)
STOCK = (
    "the ministry did not immediately respond to a request for comment on the matter "
    "when asked about the plans by reporters on the phone."
)


def test_a_fingerprint_in_more_than_two_origins_is_a_stock_phrase_and_pairs_none() -> None:
    printed = {
        "wire": _printed("wire", f"{RELAYED} Then {STOCK}"),
        "courier": _printed("courier", f"{RELAYED} Later {STOCK}"),
        "gazette": _printed("gazette", f"Mayor Ruiz spoke. Then {STOCK}"),
        "copy": _printed("wire", RELAYED),  # a copy of the wire: one origin with it
    }
    found = relays.candidates(printed)
    assert set(found.pairs) == {("courier", "wire"), ("copy", "courier")}
    assert found.stock


def test_a_sources_fingerprints_are_those_of_its_words(tmp_path: Path) -> None:
    """The facts keep fingerprints made without the words' places; the passages of a pair
    are read with them, and each must find the other's fingerprints."""
    from briefing.report import check_project

    for source in check_project(REPOSITORY).index.briefing.sources.values():
        words = Words.of_article(source)
        whole = packed(words.prints(Run(0, len(words.own), 0, 0)))
        assert fingerprints(source) == whole, source.record_id


# --- the sample and the honest corpus -----------------------------------------------------


def test_the_sample_shares_wording_only_between_copies_of_one_report() -> None:
    """The Arab News text and its machine translation share 33 passages, and carry the same
    `origin:`; the other pairs share no run of 8 words (the Baghdad Post restates Reuters
    in its own words)."""
    result = run("check", "--list", "shared-wording", str(REPOSITORY))
    assert _warnings(result.output) == []


def test_the_machine_translation_without_its_origin_relays_the_arab_news_text(
    tmp_path: Path,
) -> None:
    project = tmp_path / "sample"
    for part in ["sources", "actors", "events", "briefs", "editions"]:
        shutil.copytree(REPOSITORY / part, project / part)
    for part in ["briefing.yml", "mkdocs.yml"]:
        shutil.copyfile(REPOSITORY / part, project / part)
    _edit(MACHINE_TRANSLATION, "origin: reuters-hezbollah-guides-iraqi-militias\n", "")(project)
    result = run("check", "--list", "shared-wording", str(project))
    pair = [line for line in _warnings(result.output) if line.startswith("sources/")]
    assert pair == [
        f"{MACHINE_TRANSLATION}:2:1: source "
        "'arabnews-hezbollah-guides-militias-machine-translation' shares 33 passages with "
        "source 'arabnews-2020-02-11-hezbollah-guides-militias', of another origin, and no "
        "relay is declared between them"
    ]


def test_the_honest_corpus_shares_no_wording() -> None:
    result = run("check", "--list", "shared-wording", str(CORPORA / "port_strike"))
    assert _warnings(result.output) == []
