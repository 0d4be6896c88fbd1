"""Random and mutated records: the checker reports problems, and never raises. The long run
is `python tests/fuzz/run.py` (10,000 inputs by default)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.check.prose import read_blocks
from conftest import VALID
from fuzz.inputs import exercise, hostile_project, read_project, write_project

BASE = read_project(VALID)


# The same seeds on every run (derandomize): the long run is where new inputs are tried.
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1))
def test_hostile_projects_give_problems_not_exceptions(seed: int) -> None:
    """The short run of tests/fuzz/run.py: the same mutations (random bytes, truncation, YAML
    and prose splices, deep nesting, huge strings, odd Unicode, wrong types, changed source
    text, odd file names), the same questions (see fuzz.inputs.exercise)."""
    project, _ = hostile_project(BASE, seed)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "p"
        shutil.copytree(VALID, root)
        write_project(project, root)
        exercise(root)


@settings(max_examples=300, deadline=None)
@given(body=st.text(alphabet=st.sampled_from('ab "\u201c\u201d[]@,;.\n-*>`#|!?A'), max_size=200))
def test_random_prose_is_read_without_exceptions(body: str) -> None:
    for block in read_blocks(body, "b.md", 1).blocks:
        for citation in block.citations:
            assert citation.origin.line >= 1
