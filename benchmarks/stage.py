"""One stage of the pipeline, run by `run.py` in a process of its own so that its peak
memory can be read. Prints one JSON line of timings (seconds, measured inside the process).

    python benchmarks/stage.py render PROJECT OUT      pages + MkDocs config into OUT
    python benchmarks/stage.py typst-input PROJECT OUT [--book | --brief ID]
    python benchmarks/stage.py typst OUT [MAIN] [--untagged]
                                                       a bare Typst compile of OUT/MAIN
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def render(project: Path, out: Path) -> dict[str, float]:
    from briefing.report import check_project
    from briefing.views.site.engine import write_project
    from briefing.views.site.render import render_pages

    start = time.perf_counter()
    report = check_project(project)
    checked = time.perf_counter()
    pages = render_pages(report.index, report.settings, parallel=True)  # as `briefing build`
    rendered = time.perf_counter()
    write_project(pages, project, out, report.index.briefing)
    return {
        "check_s": checked - start,
        "render_s": rendered - checked,
        "write_s": time.perf_counter() - rendered,
        "pages": len(pages),
    }


def typst_input(project: Path, out: Path, which: list[str]) -> dict[str, float]:
    from briefing.report import check_project
    from briefing.views.pdf.typeset import documents, network_picture, write_document

    start = time.perf_counter()
    report = check_project(project)
    book = which == ["--book"]
    brief_ids = None if book else which[1:]
    [(_, data)] = documents(report.index, report.settings, brief_ids or [], book)
    write_document(data, network_picture(report.index), out)
    return {"seconds": time.perf_counter() - start}


def typst_compile(out: Path, main: str | None = None, tagged: bool = True) -> dict[str, float]:
    """Compile OUT/MAIN (our template by default) as `briefing pdf` does: PDF/A-2a and PDF/UA-1,
    which tag the PDF; untagged, without them. A plain document (no title) is only tagged."""
    import typst

    from briefing.views.pdf.meta import STANDARDS
    from briefing.views.pdf.typeset import TEMPLATE, font_dirs

    main = main or TEMPLATE
    standards = STANDARDS if tagged and main == TEMPLATE else []
    start = time.perf_counter()
    typst.compile(
        out / main,
        output=out / f"{Path(main).stem}.pdf",
        root=out,
        font_paths=font_dirs(),
        pdf_standards=standards,
        pdf_tags=tagged,
        timestamp=0,
    )
    return {"seconds": time.perf_counter() - start}


def main() -> None:
    stage, *arguments = sys.argv[1:]
    if stage == "render":
        result = render(Path(arguments[0]), Path(arguments[1]))
    elif stage == "typst-input":
        result = typst_input(Path(arguments[0]), Path(arguments[1]), arguments[2:])
    elif stage == "typst":
        main = next((a for a in arguments[1:] if not a.startswith("--")), None)
        result = typst_compile(Path(arguments[0]), main, "--untagged" not in arguments)
    else:
        raise SystemExit(f"unknown stage {stage!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
