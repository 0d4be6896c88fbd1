"""Regenerate the expected outputs after an intended change, then review them as a diff:

    python tests/regenerate.py && git diff tests/

- tests/corpora/broken/*/expected.txt: the output of `briefing check --strict`;
- tests/golden/valid_minimal/: the rendered Markdown pages of the minimal corpus.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from briefing.report import check_project  # noqa: E402
from briefing.views.site.render import render_pages  # noqa: E402
from conftest import CORPORA, VALID, corpus_command, overlay, run  # noqa: E402

GOLDEN = Path(__file__).parent / "golden" / "valid_minimal"


def main() -> None:
    for broken in sorted((CORPORA / "broken").iterdir()):
        with tempfile.TemporaryDirectory() as folder:
            project = overlay(broken, Path(folder) / "project")
            result = run(*corpus_command(broken, project))
        (broken / "expected.txt").write_text(result.output)
    report = check_project(VALID)
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for page, markdown in render_pages(report.index, report.settings).items():
        target = GOLDEN / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown)
    print("regenerated; review with: git diff tests/")


if __name__ == "__main__":
    main()
