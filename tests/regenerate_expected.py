"""Rewrite every broken corpus's expected.txt from the checker's current output.

Run after changing a message on purpose: `python tests/regenerate_expected.py`, then review
the diff of tests/corpora/broken/ before committing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import CORPORA, overlay, run  # noqa: E402


def main() -> None:
    for broken in sorted((CORPORA / "broken").iterdir()):
        with tempfile.TemporaryDirectory() as folder:
            project = overlay(broken, Path(folder) / "project")
            result = run("check", "--strict", str(project))
        (broken / "expected.txt").write_text(result.output)
        print(f"{broken.name}: {result.output.count(chr(10)) - 1} lines")


if __name__ == "__main__":
    main()
