"""Brief prose: citations, links, judgments and quoted phrases, each at its line and column."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.parser_core import ParserCore
from markdown_it.rules_core import StateCore
from markdown_it.tree import SyntaxTreeNode

from briefing.check.brief_prose import (
    INLINE_PARSER,
    CitationGroup,
    JudgmentMark,
    RecordLink,
    read_prose,
)
from briefing.check.prose import BLOCK_PARSER, read_blocks
from briefing.problems import Origin
from briefing.report import check_project
from briefing.views.pdf.typeset import documents
from briefing.views.shared import escape_text
from briefing.views.site import render
from conftest import REPOSITORY

BODY = """# A heading is not checked

First sentence [@src-a, "four words of source"]. Second "phrase here" sentence
[@src-b, "words from source b"; @src-c, "words from source c"].

- [judgment: moderate] My own view, [[an-actor]].
- A list item with a link to [[an-event]] and `"code"` only.

| a table | is not checked |
|---|---|
| "x" | y |

```
[@not, "a citation in code"]
```
"""


def blocks() -> list:
    read = read_blocks(BODY, "briefs/b.md", 10)
    assert read.problems == []
    return read.blocks


def test_paragraphs_and_list_items_are_blocks_with_their_lines() -> None:
    assert [b.origin.line for b in blocks()] == [12, 15, 16]


def test_citations_are_read_with_their_place() -> None:
    first = blocks()[0]
    assert [(c.source_id, c.quote) for c in first.citations] == [
        ("src-a", "four words of source"),
        ("src-b", "words from source b"),
        ("src-c", "words from source c"),
    ]
    assert first.citations[0].origin == Origin("briefs/b.md", 12, 17)
    assert first.citations[1].origin == Origin("briefs/b.md", 13, 2)


def test_a_citation_belongs_to_its_own_sentence() -> None:
    first = blocks()[0]
    (phrase,) = first.phrases
    assert phrase.text == "phrase here"
    assert first.sources_cited_in_sentence(phrase.start) == {"src-b", "src-c"}


def test_judgment_marker_and_links() -> None:
    judged, listed = blocks()[1:]
    assert judged.judgment == "moderate"
    assert [link for link, _ in judged.links] == ["an-actor"]
    assert listed.judgment is None
    assert listed.links[0] == ("an-event", Origin("briefs/b.md", 16, 30))
    assert listed.phrases == ()  # quotes inside code are not prose


def test_citation_after_the_full_stop_belongs_to_the_sentence_before() -> None:
    (block,) = read_blocks('He said "a b c d". [@s, "a b c d"] Next.\n', "b.md", 1).blocks
    assert block.sources_cited_in_sentence(block.phrases[0].start) == {"s"}


def test_malformed_citations_are_problems_not_exceptions() -> None:
    for text in ('[@s "no comma"]', "[@", '[@s, "unclosed', "[@, ]", '[@a, "x"; ]'):
        problems = read_blocks(text + "\n", "b.md", 1).problems
        assert problems, text
        assert problems[0].origin.line == 1


def test_code_spans_run_between_backtick_runs_of_the_same_length() -> None:
    # CommonMark: a run of n backticks opens a code span closed by the next run of n.
    text = 'A ``code with ` and "x" [[a]]`` then "y" [[b]], ```not closed` "z" [[c]] `.\n'
    (block,) = read_blocks(text, "b.md", 1).blocks
    assert [phrase.text for phrase in block.phrases] == ["y"]
    assert [link for link, _ in block.links] == ["b"]


def test_spaces_and_ids_in_citations_as_before() -> None:
    text = 'A [@s ,  "a b c d" ;  @t , "e f g h"  ] and [@u] [@v "w"] [[x]].\n'
    read = read_blocks(text, "b.md", 1)
    (block,), problems = read.blocks, read.problems
    assert [(c.source_id, c.quote) for c in block.citations] == [
        ("s", "a b c d"),
        ("t", "e f g h"),
    ]
    assert [p.message for p in problems] == ["citation of 'u' has no quote", "malformed citation"]
    assert [link for link, _ in block.links] == ["x"]


@pytest.mark.parametrize("parallel", [False, True])
def test_each_brief_is_parsed_once_for_the_check_the_site_and_the_pdfs(
    monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    """A whole build of the sample (check, every page, the data of every PDF and of the book)
    runs markdown-it once a brief: its block half for the check, its inline half on the
    check's tokens for both views. The site and the PDF each parsed the brief again. Pages
    rendered by forked workers too: the trees are made before, in this process."""
    runs: list[tuple[str, int]] = []
    process = ParserCore.process

    def counted(core: ParserCore, state: StateCore) -> None:
        which = {id(BLOCK_PARSER): "blocks", id(INLINE_PARSER): "inline"}
        runs.append((which.get(id(state.md), "another parse"), len(state.src)))
        process(core, state)

    monkeypatch.setattr(ParserCore, "process", counted)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)  # forked on two cores or more
    report = check_project(REPOSITORY)
    briefs = report.index.briefing.briefs
    assert len(briefs) > 1 and not report.errors()
    assert sorted(runs) == sorted(("blocks", len(brief.body)) for brief in briefs.values())
    runs.clear()
    pages = render.render_pages(report.index, report.settings, parallel=parallel)
    assert [which for which, _ in runs] == ["inline"] * len(briefs)
    pdfs = dict(documents(report.index, report.settings, None, book=True))
    assert len(pdfs) == len(briefs) + 1
    assert [which for which, _ in runs] == ["inline"] * len(briefs)
    for brief in briefs.values():  # and what the views made of the one parse is there
        held = report.index.prose[brief.record_id].tree().held
        first = next(one for one in held if isinstance(one, CitationGroup))
        assert escape_text(first.citations[0].quote) in pages[f"briefs/{brief.record_id}/index.md"]
        (printed,) = pdfs[brief.record_id]["briefs"]
        assert first.citations[0].quote in repr(printed["body"])


# Pieces of prose, joined at random: Markdown, citations, links and markers side by side.
PIECES = [
    *'a \n\t`*_"[]|#',
    *("- ", "> ", "1. ", "<b>", "```\n", "[t](http://e.org)", "\ue000", "\ue0011\ue001"),
    *('[@s, "a b c d"]', '[@s, "a\n  b"; @t, "c *d*"]', "[[x]]", "[[y|Y]]", "[judgment: low] "),
]


@settings(max_examples=300, deadline=None)
@given(body=st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_tree_holds_every_citation_link_and_judgment_the_check_read(body: str) -> None:
    """Whatever the prose, each citation group, [[link]] (but those inside a citation) and
    judgment marker that the check read is held in the views' tree, in the order the brief
    reads; a file saved with Windows line ends gives the same tree."""
    prose = read_prose(body, "b.md", 1)
    expected: list[tuple[str, object]] = []
    for block in prose.blocks:
        groups = list(dict.fromkeys(citation.start for citation in block.citations))
        expected += [("cite", start) for start in groups]
    held = prose.tree().held
    cited = [h for h in held if isinstance(h, CitationGroup)]
    assert [("cite", group.citations[0].start) for group in cited] == expected
    judged = [h.confidence for h in held if isinstance(h, JudgmentMark)]
    assert judged == [b.judgment for b in prose.blocks if b.judgment and "[judgment:" in b.text]
    linked = [h.target_id for h in held if isinstance(h, RecordLink)]
    assert set(linked) <= {target for block in prose.blocks for target, _ in block.links}
    windows = read_prose(body.replace("\n", "\r\n"), "b.md", 1).tree()
    assert windows.held == held and windows.raw == prose.tree().raw
    assert _shape(windows.root) == _shape(prose.tree().root)


def _shape(node: SyntaxTreeNode) -> list[object]:
    words = node.token.content if node.token else ""
    return [node.type, words, *map(_shape, node.children)]
