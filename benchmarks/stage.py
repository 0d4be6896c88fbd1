"""One stage of the pipeline, run by `run.py` in a process of its own so that its peak
memory can be read. Prints one JSON line of timings (seconds, measured inside the process).

    python benchmarks/stage.py render PROJECT OUT      pages + MkDocs config into OUT
    python benchmarks/stage.py typst-input PROJECT OUT [--book | --brief ID]
    python benchmarks/stage.py typst OUT [MAIN] [--untagged]
                                                       a bare Typst compile of OUT/MAIN
    python benchmarks/stage.py costs PROJECT           the CPU time of each step of a check
                                                       and of a render, on one core
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
    checked, cpu = time.perf_counter(), _cpu()
    pages = render_pages(report.index, report.settings, parallel=True)  # as `briefing build`
    rendered = time.perf_counter()
    render_cpu = _cpu() - cpu
    write_project(pages, project, out, report.index.briefing)
    return {
        "check_s": checked - start,
        "render_s": rendered - checked,
        "render_cpu_s": render_cpu,  # this process's and its workers'
        "write_s": time.perf_counter() - rendered,
        "pages": len(pages),
    }


def _cpu() -> float:
    """The CPU time of this process and of the workers it has waited for."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


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


def costs(project: Path) -> dict[str, float]:
    """The CPU time of each step of a check and of a render, one after another on one core
    (a thread kept alive holds briefing's forked workers off: see briefing.parallel), with
    how many files, records, citations, statements and pages each step worked on: what the
    README's "past one machine" extrapolates from. Rendering is timed on a sample of each
    kind of page."""
    import threading

    from briefing.collector import no_cycle_collection

    stop = threading.Event()
    threading.Thread(target=stop.wait, daemon=True).start()  # one core: no forked workers
    with no_cycle_collection():  # as a check holds the collector off
        found = _costs(project)
    stop.set()
    return found


def _costs(project: Path) -> dict[str, float]:
    from briefing.analysis.editions import revision_warnings
    from briefing.analysis.support import fingerprinted, wording_warnings
    from briefing.analysis.synthesis import synthesis_of
    from briefing.analysis.warnings import analyse
    from briefing.check.facts import facts_of, global_problems
    from briefing.check.fixity import fixity_problems
    from briefing.check.resolve import resolve
    from briefing.records.load import load_records, record_files, shown_path
    from briefing.records.model import Source, statements
    from briefing.records.validate import validate
    from briefing.report import Lexicon, _context, editions_of
    from briefing.views.site.render import Renderer

    found: dict[str, float] = {}
    clock = time.process_time()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.process_time()
        found[name] = round(now - clock, 3)
        clock = now

    settings, _ = _context(project)
    editions, _ = editions_of(project, settings)
    loaded = load_records(project)
    lap("read and compose the YAML, with places (per file)")
    briefing, _ = validate(loaded.records, loaded.unreadable)
    lap("validate with pydantic (per record)")
    sources = [r for r in briefing.records() if isinstance(r, Source)]
    fixity_problems(sources)
    index, problems, trace = resolve(briefing)
    lap("resolve references, prove every quote (per citation, by source)")
    index.comparison = editions.comparison(index)
    analyse(index, Lexicon.of(settings))
    revision_warnings(index, index.comparison.edition)
    lap("analyse: chains and the support checks (per statement)")
    index.prints = fingerprinted(index)
    lap("fingerprint each source's wording (per source)")
    files = [(kind, shown_path(project, file)) for kind, file in record_files(project)]
    facts = facts_of(files, loaded, briefing, index, trace, problems)
    lap("the facts of each file (per file)")
    global_problems(facts.values())
    lap("what is said of all the files together, from their facts (global)")
    wording_warnings(facts.values(), index.briefing.sources)
    lap("sources that share wording, from their fingerprints (global)")
    synthesis = synthesis_of(index)
    synthesis.work_out()
    lap("what rests on each report, each source's excerpts (per record, grouped by origin)")
    makers = Renderer(index, settings, project).page_makers()
    for kind in ("sources", "actors", "events", "briefs"):
        pages = [page for page in makers if page.startswith(f"{kind}/")][:200]
        for page in pages:
            makers[page]()
        lap(f"render {len(pages)} pages of {kind} (per page)")
    found["files"] = len(files)
    found["records"] = sum(1 for _ in briefing.records())
    found["citations"] = len(index.excerpts)
    found["statements"] = sum(1 for r in briefing.records() for _ in statements(r))
    found["pages"] = len(makers)
    return found


def main() -> None:
    stage, *arguments = sys.argv[1:]
    if stage == "render":
        result = render(Path(arguments[0]), Path(arguments[1]))
    elif stage == "typst-input":
        result = typst_input(Path(arguments[0]), Path(arguments[1]), arguments[2:])
    elif stage == "costs":
        result = costs(Path(arguments[0]))
    elif stage == "typst":
        main = next((a for a in arguments[1:] if not a.startswith("--")), None)
        result = typst_compile(Path(arguments[0]), main, "--untagged" not in arguments)
    else:
        raise SystemExit(f"unknown stage {stage!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
