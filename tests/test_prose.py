"""Brief prose: citations, links, judgments and quoted phrases, each at its line and column."""

from __future__ import annotations

from briefing.problems import Origin
from briefing.check.prose import read_blocks

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
    found, problems = read_blocks(BODY, "briefs/b.md", 10)
    assert problems == []
    return found


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
    (block,), _ = read_blocks('He said "a b c d". [@s, "a b c d"] Next.\n', "b.md", 1)
    assert block.sources_cited_in_sentence(block.phrases[0].start) == {"s"}


def test_malformed_citations_are_problems_not_exceptions() -> None:
    for text in ('[@s "no comma"]', "[@", '[@s, "unclosed', "[@, ]", '[@a, "x"; ]'):
        found, problems = read_blocks(text + "\n", "b.md", 1)
        assert problems, text
        assert problems[0].origin.line == 1


def test_code_spans_run_between_backtick_runs_of_the_same_length() -> None:
    # CommonMark: a run of n backticks opens a code span closed by the next run of n.
    text = 'A ``code with ` and "x" [[a]]`` then "y" [[b]], ```not closed` "z" [[c]] `.\n'
    (block,), _ = read_blocks(text, "b.md", 1)
    assert [phrase.text for phrase in block.phrases] == ["y"]
    assert [link for link, _ in block.links] == ["b"]


def test_spaces_and_ids_in_citations_as_before() -> None:
    text = 'A [@s ,  "a b c d" ;  @t , "e f g h"  ] and [@u] [@v "w"] [[x]].\n'
    (block,), problems = read_blocks(text, "b.md", 1)
    assert [(c.source_id, c.quote) for c in block.citations] == [
        ("s", "a b c d"),
        ("t", "e f g h"),
    ]
    assert [p.message for p in problems] == ["citation of 'u' has no quote", "malformed citation"]
    assert [link for link, _ in block.links] == ["x"]
