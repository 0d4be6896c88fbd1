"""Every input is checked in time linear in its size: a hang guard for each shape of input
that once cost its square or worse (a limit far above what the check takes, not a
benchmark). Each runs `check` in a subprocess that is killed at the limit."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import briefing
from conftest import ENGINES, NO_BUILD, VALID

SIZE = 100_000
LIMIT = 10.0  # seconds; the check of each shape takes well under one
WIRE = "wire-2020-01-10-harbour"


def source(body: str) -> str:
    return (
        "---\ntitle: T\npublisher: P\npublished: 2020-01-10\nlanguage: en\nreliability: B\n"
        f"reliability_reason: R.\n---\n{body}\n"
    )


def actor(quote: str, source_id: str = "big", prefix: str | None = None) -> str:
    pin = f"      prefix: {json.dumps(prefix)}\n" if prefix else ""
    return (
        "name: N\nkind: person\nsummary:\n  text: T.\n  cite:\n"
        f"    - source: {source_id}\n      quote: {json.dumps(quote)}\n{pin}"
    )


def brief(body: str) -> str:
    return f"---\ntitle: B\ndate: 2020-01-12\naudience: A\n---\n{body}\n"


A_RUN = source("a " * (SIZE // 2))
# words that are all different, every sixth a name: "b c d e f G h ..."
WORDS = " ".join(
    "".join("abcdefghijklmnopqrstuvwxyz"[n // 26**k % 26] for k in range(4)).rstrip("a")
    for n in range(1, SIZE // 5)
)
WORDS = " ".join(w.title() if n % 6 == 5 else w for n, w in enumerate(WORDS.split()))
LONG_QUOTE = ("lorem ipsum dolor sit amet " * 40)[:990]
# words of Cyrillic letters, none of them in a Latin source
CYRILLIC = " ".join(
    "".join(chr(0x430 + (n * 7 + k * 3) % 32) for k in range(2 + n % 6)) for n in range(800)
)
SHAPES: dict[str, dict[str, str]] = {
    "quote not in a long source": {
        "actors/x.yml": actor(LONG_QUOTE),
        "sources/big.md": source("alpha beta gamma delta " * (SIZE // 23)),
    },
    "quote of 100 KB": {"actors/x.yml": actor("word " * (SIZE // 5), WIRE)},
    # a quoted word of 100 KB not in a source of 100 KB: its closest passage was aligned in
    # time near their product (fuzz seed 724137: over 300 s)
    "quoted word of 100 KB not in a long source": {
        "briefs/x.md": brief('A "rebuild the no' + "a" * SIZE + 'rth pier" [@big, "alpha beta"]'),
        "sources/big.md": source("alpha beta " + "-" * SIZE),
    },
    # a hundred quoted phrases of 2,000 characters, none in the source: each closest passage
    # aligned the whole phrase with 4,000 characters of the source, 0.2 s apiece (fuzz seed
    # 1029649, 6 s of CPU)
    "quoted phrases of 2,000 characters not in a long source": {
        "briefs/x.md": brief(
            "\n\n".join(f'P "{CYRILLIC[n : n + 2000]}" [@big, "alpha beta"]' for n in range(100))
        ),
        "sources/big.md": source("alpha beta " + WORDS),
    },
    "quote overlapping itself everywhere": {
        "actors/x.yml": actor("a " * 490 + "b"),
        "sources/big.md": A_RUN,
    },
    "elided quote overlapping itself": {
        "actors/x.yml": actor("a a a a ... a a a a ... a a a b"),
        "sources/big.md": A_RUN,
    },
    "elided quote of 40 parts found at every word": {
        "actors/x.yml": actor(" ... ".join(["a a a a"] + ["a a"] * 39)),
        "sources/big.md": source("a " * (5 * SIZE)),
    },
    "prefix overlapping itself": {
        "actors/x.yml": actor("a a a a", prefix="a " * (SIZE // 4)),
        "sources/big.md": A_RUN,
    },
    "quote inside words everywhere": {
        "actors/x.yml": actor("aa " * 300),
        "sources/big.md": source("aaa " * (SIZE // 4)),
    },
    "source of spaces": {"actors/x.yml": actor("a b c d"), "sources/big.md": source(" " * SIZE)},
    # the support checks read the excerpt's paragraph: its reporting clauses and quotations
    "reporting verbs in one sentence": {
        "actors/x.yml": actor("he said he said he said"),
        "sources/big.md": source("he said " * (SIZE // 8)),
    },
    "quotations and reporting clauses in one paragraph": {
        "actors/x.yml": actor("a b,” the source said, “a b"),
        "sources/big.md": source("“a b,” the source said, " * (SIZE // 24)),
    },
    "sentences that refer back": {
        "actors/x.yml": actor("Those meetings are said to be"),
        "sources/big.md": source("Those meetings are said to be. " * (SIZE // 31)),
    },
    "source of accents": {"actors/x.yml": actor("é é é f"), "sources/big.md": A_RUN},
    # shared wording: two sources of different origins, one word over and over, both cited
    # by one claim (the pair of sources, and the statement that counts both)
    "two sources of one word, cited together": {
        "actors/x.yml": actor("a a a a a a a a a b")
        + f"    - source: copy\n      quote: {json.dumps('a ' * 9 + 'b')}\n",
        "sources/big.md": source("a " * (SIZE // 2) + "b"),
        "sources/copy.md": source("a " * (SIZE // 2) + "b").replace("P\n", "Q\n"),
    },
    "two copies of one long text, cited together": {
        "actors/x.yml": actor(WORDS[:59]) + f"    - source: copy\n      quote: {WORDS[:59]}\n",
        "sources/big.md": source(WORDS),
        "sources/copy.md": source(WORDS).replace("P\n", "Q\n"),
    },
    "unknown source id of 100 KB": {"actors/x.yml": actor("one two three four", "a" * SIZE)},
    "spaces in a citation": {"briefs/x.md": brief("x [@" + WIRE + " " * SIZE + "y")},
    "spaces after a quote": {"briefs/x.md": brief(f'x [@{WIRE}, "a b c d"' + " " * SIZE)},
    "spaces after a full stop": {"briefs/x.md": brief("x." + " " * SIZE + "y")},
    "run of backticks": {"briefs/x.md": brief("x " + "`" * SIZE)},
    "runs of backticks of every length": {
        "briefs/x.md": brief("x " + "".join("`" * n + "x" for n in range(1, 440)))
    },
    "backticks and letters": {"briefs/x.md": brief("x " + "`a" * (SIZE // 2))},
    "unclosed citations": {"briefs/x.md": brief("[@" * (SIZE // 2))},
    "unclosed citations with ids": {"briefs/x.md": brief("[@x " * (SIZE // 4))},
    "many citations": {"briefs/x.md": brief(f'[@{WIRE}, "the storm two council"]' * (SIZE // 40))},
    "many links": {"briefs/x.md": brief(f"[[{WIRE}]] " * (SIZE // 30) + f'[@{WIRE}, "x"]')},
    "phrases and sentence ends": {"briefs/x.md": brief('"a. B ' * (SIZE // 6))},
    "phrases and citations in one sentence": {
        "briefs/x.md": brief('"a" ' * (SIZE // 8) + f'[@{WIRE}, "x y z w"]' * (SIZE // 40))
    },
    "long quoted phrase": {
        "briefs/x.md": brief('A "' + "a " * (SIZE // 2) + f'" [@{WIRE}, "x y z w"]'),
        "sources/big.md": A_RUN,
    },
    "opening curly quotes never closed": {"briefs/x.md": brief("x " + "\u201ca " * (SIZE // 3))},
    "an actor's name of open brackets": {
        "actors/x.yml": actor("one two three four", WIRE).replace(
            "name: N", "name: " + "(a " * (SIZE // 3)
        )
    },
    "an actor's name of many words": {
        "actors/x.yml": actor("one two three four", WIRE).replace(
            "name: N", "name: " + "a " * (SIZE // 2)
        )
    },
    "nested list markers": {"briefs/x.md": brief("x\n" + "- " * (SIZE // 2) + "x")},
    "nested block quotes": {"briefs/x.md": brief("> " * (SIZE // 2) + "x")},
    "list markers of digits": {"briefs/x.md": brief("1" * SIZE + ". x")},
    "open brackets": {"briefs/x.md": brief("x " + "[" * SIZE)},
    "open links": {"briefs/x.md": brief("x " + "[[" * (SIZE // 2))},
    "quotation marks": {"briefs/x.md": brief("x " + '"' * SIZE)},
    "emphasis": {"briefs/x.md": brief("x " + "*a" * (SIZE // 2))},
    "table": {"briefs/x.md": brief("|a|\n|-|\n" + "|" * SIZE)},
    "unknown links in a project of many ids": {
        **{
            f"actors/someone-{n:05d}.yml": actor("did not respond to a request", WIRE)
            for n in range(3000)
        },
        "briefs/x.md": brief(" ".join(f"[[someone-{n:05d}x]]" for n in range(3000))),
    },
    # markdown-it-py's block parser: shapes that were quadratic in markdown-it (JavaScript)
    "reference definitions": {"briefs/x.md": brief("[a]: u\n" * (SIZE // 7))},
    "table of many rows": {"briefs/x.md": brief("|a|b|\n|-|-|\n" + "|x|y|\n" * (SIZE // 6))},
    "table of many columns": {
        "briefs/x.md": brief("|" + "a|" * (SIZE // 4) + "\n|" + "-|" * (SIZE // 4))
    },
    "setext headings": {"briefs/x.md": brief("x\n=\n" * (SIZE // 4))},
    # the support checks: every actor's names looked for in a statement and its excerpts
    "a sentence naming every actor of many": {
        **{
            f"actors/someone-{n:05d}.yml": actor("did not respond to a request", WIRE).replace(
                "name: N", f"name: Someone{n} Else{n}"
            )
            for n in range(3000)
        },
        "briefs/x.md": brief(
            " ".join(f"President Someone{n} Else{n}," for n in range(3000))
            + f' [@{WIRE}, "two council members told"]'
        ),
    },
    "numbers and dates in a sentence": {
        "briefs/x.md": brief(
            "On 9 January some 5,000 and five thousand, in 2020, " * (SIZE // 50)
            + f'[@{WIRE}, "two council members told"]'
        )
    },
}
CHECK = (
    "import sys, pathlib; from briefing.report import check_project; "
    "check_project(pathlib.Path(sys.argv[1]))"
)


@pytest.mark.parametrize("files", SHAPES.values(), ids=SHAPES.keys())
def test_check_takes_linear_time(files: dict[str, str], tmp_path: Path) -> None:
    project = Path(shutil.copytree(VALID, tmp_path / "project"))
    for path, text in files.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text)
    here = str(Path(briefing.__file__).parents[1])  # this copy of briefing, not another
    environment = {**os.environ, "PYTHONPATH": here}
    try:
        subprocess.run(
            [sys.executable, "-c", CHECK, str(project)],
            env=environment,
            check=True,
            timeout=LIMIT,
            capture_output=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"check did not finish in {LIMIT} s")


# The site: a brief of hostile prose is built in time linear in its size ---------------------

BUILD_LIMIT = 300.0  # seconds; the site of the brief below is built in about 15 s of CPU
JUDGED = "[judgment: low] "


def hostile_brief() -> str:
    """About 1 MB of prose in which Markdown finds syntax at every turn: Python-Markdown
    copied a paragraph's text again for each entity, emphasis or code span it found in it
    (80,000 `<` took 21 s, the backtick runs more than 200 s), and its page for each block:
    this brief took more than 400 s, and takes about 15 s of CPU."""
    one_paragraph = [
        "<" * 300_000,
        "".join("`" * n + "x" for n in range(800, 0, -1)),
        "[" * 50_000,
        "&amp; &#60; [[x " * 4_000,
    ]
    lines = [
        JUDGED + "x " + " ".join(one_paragraph),
        JUDGED + "*a* " * 20_000,
        JUDGED + "<b>x</b> _y_ | \\ " * 4_000,
    ]
    for n in range(2_000):
        lines += [f"# heading {n} <i>", f"> {JUDGED}quote {n} *a*", f"1. {JUDGED}item `{n}`"]
    return brief("\n\n".join(lines))


def test_a_brief_of_hostile_prose_builds_in_linear_time(tmp_path: Path) -> None:
    """Built by each engine, in a copy of its own: both at once, on two cores."""
    text = hostile_brief()
    here = str(Path(briefing.__file__).parents[1])
    environment = {**os.environ, "PYTHONPATH": here}
    builds = {}
    for engine in ENGINES:
        project = Path(shutil.copytree(VALID, tmp_path / engine, ignore=NO_BUILD))
        (project / "briefs/harbour-repairs.md").write_text(text)
        command = [sys.executable, "-m", "briefing", "build", "--no-pdf", "--engine", engine]
        output = (tmp_path / f"{engine}.log").open("w")
        started = subprocess.Popen(
            [*command, str(project)], env=environment, stdout=output, stderr=subprocess.STDOUT
        )
        builds[engine] = (project, started, output)
    try:
        for engine, (project, started, output) in builds.items():
            try:
                returncode = started.wait(timeout=BUILD_LIMIT)
            except subprocess.TimeoutExpired:
                pytest.fail(f"the site was not built by {engine} in {BUILD_LIMIT} s")
            output.close()
            said = (tmp_path / f"{engine}.log").read_text()[-4000:]
            assert returncode == 0, f"{engine}: {said}"
            page = (project / "build/site/briefs/harbour-repairs/index.html").read_text()
            assert "&lt;" * 1000 in page and "heading 1999" in page, engine
    finally:
        for _, started, output in builds.values():
            started.kill()
            started.wait()
            output.close()


RENDER = (
    "import sys, pathlib; from briefing.report import check_project; "
    "from briefing.views.site.render import render_pages; "
    "report = check_project(pathlib.Path(sys.argv[1])); "
    "assert not report.errors(), report.errors()[0].render(); "
    "render_pages(report.index, report.settings)"
)


@pytest.mark.parametrize(
    ("key", "mark"),
    [("name", "<"), ("name", "-"), ("name", "."), ("name", ":x"), ("name", "c/o")]
    + [("name", "(c)"), ("role", "w " * 1_500_000)]  # three million letters of a role
    # runs of spaces across lines: the expression that put a name on one line, \s*\n\s*,
    # ran to the end of each run from each of its places (fuzz seed 1224847: a title of
    # 93,000 marks, 9 s of CPU each time it was printed)
    + [("name", " " * 1_000 + "\n")],
    ids=lambda value: value[:6],
)
def test_a_name_of_a_million_marks_renders_in_linear_time(
    key: str, mark: str, project: Path
) -> None:
    """A name is printed on many pages, each time escaped: a regular expression that called a
    function for each mark took 19 s of CPU over a name of a million '<' (fuzz seed 504078),
    and its six passes, tried at every place, 7 s. A role is drawn in the network, its place
    measured letter by letter for each place tried: 40 s for a role of a million letters
    (seed 506691)."""
    actor = project / "actors" / "ana-ruiz.yml"
    text = actor.read_text(encoding="utf-8")
    name = json.dumps("A " + mark * max(1_000_000 // len(mark), 1) + " z")
    line = re.compile(rf"(?m)^(\s*){key}: .*$")
    actor.write_text(line.sub(lambda found: f"{found[1]}{key}: {name}", text, count=1))
    here = str(Path(briefing.__file__).parents[1])
    try:
        subprocess.run(
            [sys.executable, "-c", RENDER, str(project)],
            env={**os.environ, "PYTHONPATH": here},
            check=True,
            timeout=LIMIT * 3,
            capture_output=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the pages were not rendered in {LIMIT * 3} s")


def runs_within_limit(code: str, what: str) -> None:
    """Runs `code` in a Python of its own, which must finish (and pass its asserts) within
    LIMIT seconds; `what` says what was not done in time."""
    here = str(Path(briefing.__file__).parents[1])
    try:
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONPATH": here},
            check=True,
            timeout=LIMIT,
            capture_output=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what} in {LIMIT} s")


def test_a_paragraph_of_underscores_is_summarised_in_linear_time() -> None:
    """What rests on a report lists each brief paragraph that cites it in one plain line: an
    expression that stripped emphasis tried '_+(?!\\w)' at every underscore of a run followed
    by a letter, in time quadratic in the run (fuzz seed 819940: 24 s of CPU to render a
    brief; 20,000 underscores took 13 s)."""
    summarise = (
        "from briefing.analysis.rests import plain; plain('a' + '_' * 200_000 + 'b *c* [[x]] d')"
    )
    runs_within_limit(summarise, "the paragraph was not summarised")


def test_a_plain_value_with_a_run_of_spaces_is_measured_in_linear_time() -> None:
    """The language server finds where a plain YAML quote ends (to put the closest passage
    in its place): an expression of white space then "#" or the line's end, tried at each
    space of a run followed by a letter, took time quadratic in the run."""
    measure = (
        "from briefing.lsp.edits import _quote_at\n"
        "line = 'quote: a' + ' ' * 200_000 + 'b  # note'\n"
        "assert _quote_at(line, 7) == (7, len(line) - 8, False)"
    )
    runs_within_limit(measure, "the value was not measured")


def test_a_paragraph_of_open_links_is_parsed_in_linear_time() -> None:
    """markdown-it takes each "[" for the start of a link and looks for its end, in time
    that grows with the square of their number: a brief's heading of 388,840 "[@" took 14 s
    to render (fuzz seed 1441582). A block of more than a hundred is parsed without links."""
    parse = (
        "from briefing.check.brief_prose import read_prose\n"
        "body = '# x' + '[@' * 200_000 + '\\n\\nx ' + '[a' * 200_000 + '\\n\\n[link](u)\\n'\n"
        "tree = read_prose(body, 'briefs/x.md', 1).tree().root\n"
        "assert [n.type for n in tree.walk()].count('link') == 1"
    )
    runs_within_limit(parse, "the brief was not parsed")
