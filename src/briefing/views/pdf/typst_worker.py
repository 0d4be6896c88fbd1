"""Typst in a process of its own: `python -P -m briefing.views.pdf.typst_worker`, started by
typeset.TypstProcess in the caller's working folder (Typst names files relative to it).

typst.compile runs a template, which is a program, and has no time limit of its own: in a
process of its own it can be killed when it takes too long. Each line it reads is one
compile, a JSON object of compile_with_warnings' arguments; each is answered with one line
of JSON: {"ok": true, "warnings": [...]}, or {"ok": false, "error": ..., "diagnostic": ...}
with Typst's words. It ends at the end of what it reads.

This module imports nothing of briefing: the process needs Typst only.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import typst


def compile_one(asked: dict[str, Any]) -> dict[str, Any]:
    try:
        _, warnings = typst.compile_with_warnings(**asked)
    except typst.TypstError as error:
        return {"ok": False, "error": str(error), "diagnostic": getattr(error, "diagnostic", "")}
    return {"ok": True, "warnings": [warning.message for warning in warnings]}


def main() -> None:
    for line in sys.stdin:
        sys.stdout.write(json.dumps(compile_one(json.loads(line))) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
