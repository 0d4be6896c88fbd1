"""Random and mutated records: the checker reports problems, and never raises. The long run
is `python tests/fuzz/run.py` (10,000 inputs by default)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from random import Random

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.check.prose import read_blocks
from briefing.check.quotes import quote_parts
from conftest import VALID
from fuzz.inputs import (
    COMBINING,
    INVISIBLE,
    exercise,
    hostile_project,
    odd_date,
    odd_quote,
    read_project,
    write_project,
)

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


def _values(data: object, key: str) -> list[str]:
    """The values of `key` in a record's data, however deep."""
    found, pending = [], [data]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            found += [str(v) for k, v in node.items() if k == key]
            pending += node.values()
        elif isinstance(node, list):
            pending += node
    return found


def _quotes(project: dict[str, bytes]) -> list[str]:
    """The quotes of a project as the check reads them, from records and briefs' prose."""
    quotes = []
    for path, data in project.items():
        text = data.decode("utf-8")
        if path.endswith(".yml"):
            quotes += _values(yaml.safe_load(text), "quote")
        elif path.startswith("briefs/"):
            blocks = read_blocks(text.partition("\n---\n")[2], path, 1).blocks
            quotes += [citation.quote for block in blocks for citation in block.citations]
    return quotes


def test_the_fuzzer_makes_quotes_of_no_visible_words_marks_and_many_parts() -> None:
    """The shapes that once crashed the check or cost it most, among the fuzzer's inputs."""
    empty = marks = many = 0
    for seed in range(400):
        project = dict(BASE)
        odd_quote(project, Random(seed))
        for quote in _quotes(project):
            parts = quote_parts(quote)
            empty += not parts
            marks += bool(parts) and any(c in quote for c in INVISIBLE + COMBINING)
            many += len(parts) >= 20
    assert empty >= 20 and marks >= 20 and many >= 20, (empty, marks, many)


def test_the_fuzzer_makes_dates_of_many_slashes() -> None:
    dates = []
    for seed in range(100):
        project = dict(BASE)
        odd_date(project, Random(seed))
        for path, data in project.items():
            if path.endswith(".yml"):
                dates += _values(yaml.safe_load(data), "from") + _values(
                    yaml.safe_load(data), "date"
                )
    assert any(date.count("/") >= 100 for date in dates), dates


# Inputs of the long run that took more than its limit of CPU, each for its own reason:
# escaping a name of a million '<' (504078), half a million malformed citations (507413), a
# role of a million letters placed in the network (506691), who speaks read back to the
# start of a megabyte's sentence for each reporting verb (526794).
SLOW_ONCE = [504078, 507413, 506691, 526794]


@pytest.mark.parametrize("seed", SLOW_ONCE)
def test_inputs_the_long_run_found_slow_stay_within_its_limit(seed: int, tmp_path: Path) -> None:
    from fuzz.run import BASES, LIMIT, base_for, cpu_seconds, prepare

    name, base = base_for(seed, {name: read_project(path) for name, path in BASES.items()})
    project, _ = hostile_project(base, seed)
    root = tmp_path / name
    prepare(root, name)
    write_project(project, root)
    started = cpu_seconds()
    exercise(root)
    assert cpu_seconds() - started < LIMIT
