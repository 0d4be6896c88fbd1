"""Random and mutated records: the checker reports problems, and never raises."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.check import check_project
from briefing.prose import read_blocks
from conftest import VALID

RECORD_FILES = sorted(p.relative_to(VALID) for p in VALID.rglob("*") if p.is_file())
YAML_BITS = st.sampled_from(
    [
        ":",
        "- ",
        "  ",
        "\n",
        "[",
        "]",
        "{",
        "}",
        "'",
        '"',
        "&a ",
        "*a",
        "!!python/object ",
        "#",
        "---\n",
        "...",
        "\t",
        "\u2028",
        "\x00",
        "\ufeff",
        "~",
        "2020-02-30",
        "@",
        "[@",
        "[[",
        "]]",
        "cite:",
        "quote: ",
        "source: ",
        "judgment: high",
        "id: x",
        "\u2026",
        "\u202e",
    ]
)


def mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    for position, cut, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + cut % 8 :]
    return text


edits = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 7), YAML_BITS | st.text(max_size=6)),
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(RECORD_FILES), changes=edits)
def test_mutated_records_give_problems_not_exceptions(
    file: Path, changes: list[tuple[int, int, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(shutil.copytree(VALID, Path(folder) / "p"))
        target = project / file
        target.write_text(mutate(target.read_text(), changes), encoding="utf-8")
        report = check_project(project)
        for problem in report.problems:
            assert problem.origin.line >= 1 and problem.origin.column >= 1
            assert problem.render()


@settings(max_examples=100, deadline=None)
@given(content=st.binary(max_size=300))
def test_random_bytes_in_any_record_folder(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(shutil.copytree(VALID, Path(folder) / "p"))
        for name in ("sources/x.md", "actors/x.yml", "briefs/y.md"):
            (project / name).write_bytes(content)
        check_project(project)


@settings(max_examples=300, deadline=None)
@given(body=st.text(alphabet=st.sampled_from('ab "\u201c\u201d[]@,;.\n-*>`#|!?A'), max_size=200))
def test_random_prose_is_read_without_exceptions(body: str) -> None:
    blocks, problems = read_blocks(body, "b.md", 1)
    for block in blocks:
        for citation in block.citations:
            assert citation.origin.line >= 1
