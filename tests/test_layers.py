"""The shape of the package: the pipeline's layers (import-linter's contracts, kept in
pyproject.toml), and the size of its modules and functions.

The layer test runs import-linter in a subprocess over the package as it is, and once over a
copy into which one view's module imports another view: the contracts must catch it.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from radon.complexity import cc_rank, cc_visit

REPOSITORY = Path(__file__).resolve().parent.parent
PACKAGE = REPOSITORY / "src" / "briefing"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
MAX_TOP_MODULES = 12
WORST_GRADE = "C"  # radon's grades: A (simplest) to F


def _lint_imports(source_root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))",
            str(REPOSITORY / "pyproject.toml"),
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_package_keeps_its_layers(tmp_path: Path) -> None:
    result = _lint_imports(REPOSITORY / "src", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


@pytest.mark.parametrize(
    ("module", "imported", "broken"),
    [
        ("views/pdf/notes.py", "briefing.views.site.engine", "views never import each other"),
        ("analysis/chains.py", "briefing.views.shared", "briefing.analysis is not allowed"),
        ("check/quotes.py", "briefing.incremental.cache", "briefing.check is not allowed"),
    ],
)
def test_a_broken_layer_is_caught(tmp_path: Path, module: str, imported: str, broken: str) -> None:
    copy = tmp_path / "src" / "briefing"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(f"import {imported}  # noqa\n" + target.read_text(encoding="utf-8"))
    result = _lint_imports(tmp_path / "src", tmp_path)
    assert result.returncode != 0, result.stdout
    assert broken in result.stdout


def _blocks(blocks: list[Any]) -> Iterator[Any]:
    """Every function, method and class that radon grades, as `radon cc` lists them."""
    for block in blocks:
        yield block
        yield from _blocks(getattr(block, "methods", []))
        yield from _blocks(getattr(block, "closures", []))


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_top_of_the_package_is_small() -> None:
    top = [path.name for path in PACKAGE.glob("*.py")]
    subpackages = [path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()]
    assert len(top) <= MAX_TOP_MODULES, sorted(top)
    assert len(subpackages) >= 5, subpackages


@pytest.mark.parametrize("module", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_stay_small(module: Path) -> None:
    text = module.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{len(text.splitlines())} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, long
    tangled = {
        f"{block.fullname} ({cc_rank(block.complexity)} {block.complexity}, line {block.lineno})"
        for block in _blocks(cc_visit(text))
        if cc_rank(block.complexity) > WORST_GRADE
    }
    assert not tangled, tangled
