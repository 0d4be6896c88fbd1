"""Run every stage at every size and write the tables, as Markdown and JSON: first the
goals (goals.py), each row at 1,000 and 10,000 sources with its goal beside it.

    python benchmarks/run.py                       # 100, 1,000 and 10,000 sources
    python benchmarks/run.py --sizes 1000 10000    # some sizes only
    python benchmarks/run.py --stages site check   # some stages only: pipeline (site and pdf),
                                                   # site, pdf, check, sample, lsp
    python benchmarks/run.py --pdf-only            # our PDF against a plain Typst one, and
                                                   # the sample's PDFs (results-pdf.md)

Stages and sizes not run keep their numbers from the last run in results.json.

Each command runs in a process of its own; its wall time is measured around the process, its
CPU time is that of every process it started, and its memory the total of every process it
started, sampled while it runs (measure.py). The projects are generated into
benchmarks/.work/ (kept, and reused while the generator and seed are the same). Results go to
benchmarks/results.md and benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from generate import generate
from goals import goals_markdown
from measure import StageFailed, Tree, calibration, load, measure

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
PDF_BOOK_UP_TO = 1000  # the book of every brief up to this size; beyond, one brief's PDF
EDIT_LOOP_UP_TO = 1000  # the language server's edits (editor.py), up to this size
SERVE_EDITS = 3  # edits shown by `briefing serve`: the median is reported


COLUMNS = (
    *("sources", "citations", "check", "render", "MkDocs build", "Zensical build"),
    "render / MkDocs",
    *("PDF", "bare Typst", "PDF / Typst"),
)


def use_work(folder: Path) -> None:
    """Make the projects, sites and documents in `folder`."""
    global WORK
    WORK = folder.resolve()
    WORK.mkdir(parents=True, exist_ok=True)


def project(size: int, seed: int) -> tuple[Path, dict[str, int]]:
    """The generated project of this size, made again only if the generator changed."""
    stamp = hashlib.sha256((HERE / "generate.py").read_bytes() + f"{size} {seed}".encode())
    root = WORK / f"project-{size}"
    record = root / ".generated.json"
    if record.exists():
        saved = json.loads(record.read_text())
        if saved["stamp"] == stamp.hexdigest():
            return root, saved["counts"]
    counts = generate(root, size, seed)
    record.write_text(json.dumps({"stamp": stamp.hexdigest(), "counts": counts}))
    return root, counts


def stage_json(result: dict[str, object]) -> dict[str, float]:
    data: dict[str, float] = json.loads(str(result["stdout"]).strip().splitlines()[-1])
    return data


def pdf_pages(file: Path) -> int | None:
    try:
        import pypdf
    except ImportError:
        return None
    return len(pypdf.PdfReader(file).pages)


CHECK_RUNS = 3  # each check timing is the best of this many runs: the machine is shared


def set_check_runs(runs: int) -> None:
    global CHECK_RUNS
    CHECK_RUNS = runs


def best(
    command: list[str], runs: int, before: Callable[[], None] = lambda: None
) -> dict[str, float]:
    """The fastest of several runs (others share the machine), with its peak memory."""
    results = []
    for _ in range(runs):
        before()
        result = measure(command)
        results.append({key: float(result[key]) for key in ("wall_s", "cpu_s", "peak_mb")})  # type: ignore[arg-type]
    return min(results, key=lambda result: result["wall_s"])


def check_timings(root: Path) -> dict[str, object]:
    """`briefing check`: cold (no build/.cache), warm (nothing changed since the last check)
    and after one actor is edited (the cache holding the check before the edit)."""
    command = [sys.executable, "-m", "briefing", "check", str(root)]
    cache = root / "build" / ".cache"
    cold = best(command, CHECK_RUNS, before=lambda: shutil.rmtree(cache, ignore_errors=True))
    measure(command)
    warm = best(command, CHECK_RUNS)
    actor = sorted((root / "actors").iterdir())[7]
    original = actor.read_text(encoding="utf-8")
    edited = original.replace("in the reporting.", "in the reporting, edited.")
    versions = iter([edited, original] * CHECK_RUNS)
    try:
        edit = best(command, CHECK_RUNS, before=lambda: actor.write_text(next(versions)))
    finally:
        actor.write_text(original, encoding="utf-8")
    return {"cold": cold, "warm": warm, "edited": edit}


def run_check(size: int, seed: int) -> dict[str, object]:
    root, counts = project(size, seed)
    print(f"\n{size} sources: {counts}", flush=True)
    row: dict[str, object] = {"size": size, **counts, "check": check_timings(root)}
    for name, timing in row["check"].items():  # type: ignore[attr-defined]
        print(f"  check {name:6} {timing['wall_s']:8.2f} s {timing['peak_mb']:8.1f} MB", flush=True)
    return row


def run_sample() -> dict[str, object]:
    """The repository's own briefing: `briefing check` cold and warm, and `briefing build`."""
    root = HERE.parent
    print("\nthe sample briefing", flush=True)
    timings = check_timings_sample(root)
    command = [sys.executable, "-m", "briefing", "build", str(root)]
    timings["build"] = best(command, 1)
    for name, timing in timings.items():
        print(f"  {name:6} {timing['wall_s']:8.2f} s {timing['peak_mb']:8.1f} MB", flush=True)
    return timings


def check_timings_sample(root: Path) -> dict[str, dict[str, float]]:
    command = [sys.executable, "-m", "briefing", "check", str(root)]
    cache = root / "build" / ".cache"
    cold = best(command, CHECK_RUNS, before=lambda: shutil.rmtree(cache, ignore_errors=True))
    measure(command)
    return {"check cold": cold, "check warm": best(command, CHECK_RUNS)}


def run_size(size: int, seed: int, stages: list[str]) -> dict[str, object]:
    """The stages of the pipeline at one size: the site's ("site": check, render, each
    engine, serve) and the PDF's ("pdf")."""
    root, counts = project(size, seed)
    print(f"\n{size} sources: {counts} ({load()})", flush=True)
    row: dict[str, object] = {"size": size, **counts}
    if "site" in stages:
        row |= site_stages(size, root)
    if "pdf" in stages:
        row |= pdf_stages(size, root)
    return row


def site_stages(size: int, root: Path) -> dict[str, object]:
    """A check, the render of every page, the site built from them by each engine, and
    `briefing serve`'s edits."""
    python = sys.executable
    row: dict[str, object] = {}
    check = measure([python, "-m", "briefing", "check", "--no-cache", str(root)])
    row["check"] = {key: check[key] for key in ("wall_s", "cpu_s", "peak_mb")}
    print(f"  check   {check['wall_s']:8.2f} s {check['peak_mb']:8.1f} MB", flush=True)

    site = WORK / f"site-{size}"
    shutil.rmtree(site, ignore_errors=True)
    render = measure([python, str(HERE / "stage.py"), "render", str(root), str(site)])
    inside = stage_json(render)
    row["render"] = {
        "wall_s": round(inside["render_s"], 3),
        "cpu_s": round(inside["render_cpu_s"], 3),
        "process_wall_s": render["wall_s"],
        "peak_mb": render["peak_mb"],
        "pages": inside["pages"],
        "load": load(),
    }
    print(
        f"  render  {inside['render_s']:8.2f} s ({inside['render_cpu_s']:.2f} s CPU) "
        f"{render['peak_mb']:8.1f} MB ({inside['pages']} pages; the process checks first)",
        flush=True,
    )
    for engine, command in ENGINES.items():
        if engine == "zensical" and importlib.util.find_spec("zensical") is None:
            print("  zensical is not installed: pip install 'briefing[zensical]'", flush=True)
            continue
        try:
            built = measure(command, cwd=site, env={"NO_MKDOCS_2_WARNING": "1"})
        except StageFailed as error:
            if engine == "mkdocs":  # serve's engine: the stages after it need its site
                raise
            # the row says so, and the run goes on to serve
            row[engine] = {"failed": str(error).strip().splitlines()[-1][:300]}
            print(f"  {engine:8} failed: {row[engine]['failed']}", flush=True)  # type: ignore[index]
            continue
        row[engine] = {key: built[key] for key in ("wall_s", "cpu_s", "peak_mb")}
        row[engine]["load"] = load()  # type: ignore[index]
        print(f"  {engine:8}{built['wall_s']:8.2f} s {built['peak_mb']:8.1f} MB", flush=True)
    mkdocs = row["mkdocs"]
    assert isinstance(mkdocs, dict)
    row["render_over_mkdocs"] = round(inside["render_s"] / float(mkdocs["wall_s"]), 4)
    row["edit_loop"] = edit_loop(root)
    print(
        f"  serve   {row['edit_loop']['shown_after_s']:8.2f} s from saving an edit to "  # type: ignore[index]
        "the page showing it (the median)",
        flush=True,
    )
    return row


# Each engine builds the pages `render` wrote, as `briefing build` runs it (engine.py):
# MkDocs strict, Zensical in the folder, with no module of it imported in place of its own
ENGINES = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet"],
    "zensical": [sys.executable, "-P", "-m", "zensical", "build", "--clean", "-f", "mkdocs.yml"],
}


def pdf_stages(size: int, root: Path) -> dict[str, object]:
    """`briefing pdf`, a bare Typst compile of the document it sets, and the plain one."""
    python, stage = sys.executable, str(HERE / "stage.py")
    row: dict[str, object] = {}
    which = ["--book"] if size <= PDF_BOOK_UP_TO else ["--brief", "brief-0"]
    name = "briefing" if which == ["--book"] else "brief-0"
    shutil.rmtree(root / "build", ignore_errors=True)
    pdf = measure([python, "-m", "briefing", "pdf", *which, str(root)])
    document = WORK / f"typst-{size}"
    shutil.rmtree(document, ignore_errors=True)
    measure([python, stage, "typst-input", str(root), str(document), *which])
    bare = measure([python, stage, "typst", str(document)])
    row["pdf"] = {
        "document": "book" if name == "briefing" else "one brief",
        "pages": pdf_pages(root / "build" / f"{name}.pdf"),
        "wall_s": pdf["wall_s"],
        "peak_mb": pdf["peak_mb"],
        "bare_typst_wall_s": bare["wall_s"],
        "bare_typst_peak_mb": bare["peak_mb"],
    }
    row["pdf_over_typst"] = round(float(pdf["wall_s"]) / float(bare["wall_s"]), 3)
    print(
        f"  pdf     {pdf['wall_s']:8.2f} s {pdf['peak_mb']:8.1f} MB "
        f"({row['pdf']['pages']} pages; bare Typst {bare['wall_s']:.2f} s)",  # type: ignore[index]
        flush=True,
    )
    row["plain"] = against_plain(document)
    return row


def against_plain(document: Path, rounds: int = 3) -> dict[str, object]:
    """Our template's document against a plain Typst document of the same text and notes
    (benchmarks/plain.py), each compiled in a fresh process, in turn, `rounds` times: the best
    time and memory of each, per page. Ours tagged (PDF/A-2a and PDF/UA-1, as `briefing pdf`
    sets it) and untagged; the plain one tagged (Typst's default) and untagged."""
    python, stage = sys.executable, str(HERE / "stage.py")
    subprocess.run([python, str(HERE / "plain.py"), str(document)], check=True)
    runs = {
        "ours": [python, stage, "typst", str(document)],
        "ours_untagged": [python, stage, "typst", str(document), "--untagged"],
        "plain": [python, stage, "typst", str(document), "plain.typ"],
        "plain_untagged": [python, stage, "typst", str(document), "plain.typ", "--untagged"],
    }
    best: dict[str, dict[str, float]] = {}
    for _ in range(rounds):
        for name, command in runs.items():
            result = measure(command)
            wall, peak = float(str(result["wall_s"])), float(str(result["peak_mb"]))
            if name not in best or wall < best[name]["wall_s"]:
                best[name] = {**best.get(name, {}), "wall_s": wall}
            best[name]["peak_mb"] = min(peak, best[name].get("peak_mb", peak))
    pages = {
        "ours": pdf_pages(document / "briefing.pdf"),
        "plain": pdf_pages(document / "plain.pdf"),
    }
    found: dict[str, object] = {}
    for name, numbers in best.items():
        count = pages[name.split("_")[0]] or 1
        found[name] = {
            **numbers,
            "pages": count,
            "ms_per_page": round(1000 * numbers["wall_s"] / count, 1),
            "mb_per_page": round(numbers["peak_mb"] / count, 2),
        }
    for mode in ("", "_untagged"):
        ours, plain = found[f"ours{mode}"], found[f"plain{mode}"]
        assert isinstance(ours, dict) and isinstance(plain, dict)
        found[f"time_ratio{mode}"] = round(ours["ms_per_page"] / plain["ms_per_page"], 2)
        found[f"memory_ratio{mode}"] = round(ours["mb_per_page"] / plain["mb_per_page"], 2)
    print(
        f"  typst   ours {found['ours']} \n          plain {found['plain']} "
        f"\n          time x{found['time_ratio']}, memory x{found['memory_ratio']}",
        flush=True,
    )
    return found


def sample_pdfs(rounds: int = 3) -> dict[str, float]:
    """`briefing pdf` on this repository's sample briefing (its two briefs, the default): the
    best of `rounds` runs, in a copy of the project so that nothing in the repository changes."""
    copy = WORK / "sample"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(
        HERE.parent, copy, ignore=shutil.ignore_patterns(".git", "build", "benchmarks", "tests")
    )
    times = []
    for _ in range(rounds):
        result = measure([sys.executable, "-m", "briefing", "pdf", str(copy)])
        times.append(float(str(result["wall_s"])))
    print(f"\nsample  {min(times):8.2f} s for its two PDFs (best of {rounds})", flush=True)
    return {"wall_s": min(times)}


def plain_table(rows: list[dict[str, object]], sample: dict[str, float] | None) -> str:
    """Per page: our template against a plain Typst document of the same text and notes."""
    lines = [
        "",
        "Per page, Typst alone (fresh processes, best of 3): our template (PDF/A-2a and "
        "PDF/UA-1, tagged) against a plain Typst document of the same text and notes "
        "(`benchmarks/plain.py`), both tagged; in brackets, both untagged.",
        "",
        "| sources | pages (ours, plain) | ours per page | plain per page | time | memory |",
        "|---:|---|---|---|---:|---:|",
    ]
    for row in rows:
        found = row.get("plain")
        if not isinstance(found, dict):
            continue
        ours, plain, bare_ours, bare_plain = (
            found[key] for key in ("ours", "plain", "ours_untagged", "plain_untagged")
        )
        lines.append(
            f"| {row['size']:,} | {ours['pages']}, {plain['pages']} "
            f"| {ours['ms_per_page']:.1f} ms, {ours['mb_per_page']:.2f} MB "
            f"({bare_ours['ms_per_page']:.1f} ms, {bare_ours['mb_per_page']:.2f} MB) "
            f"| {plain['ms_per_page']:.1f} ms, {plain['mb_per_page']:.2f} MB "
            f"({bare_plain['ms_per_page']:.1f} ms, {bare_plain['mb_per_page']:.2f} MB) "
            f"| {found['time_ratio']:.2f}x ({found['time_ratio_untagged']:.2f}x) "
            f"| {found['memory_ratio']:.2f}x ({found['memory_ratio_untagged']:.2f}x) |"
        )
    if sample:
        lines.append(
            f"\nThe sample briefing's two PDFs (`briefing pdf`, checking included): "
            f"{sample['wall_s']:.2f} s."
        )
    return "\n".join(lines) + "\n"


def pdf_size(size: int, seed: int) -> dict[str, object]:
    """The PDF measurements alone (`--pdf-only`): our document against the plain one."""
    root, counts = project(size, seed)
    print(f"\n{size} sources: {counts}", flush=True)
    which = ["--book"] if size <= PDF_BOOK_UP_TO else ["--brief", "brief-0"]
    document = WORK / f"typst-{size}"
    shutil.rmtree(document, ignore_errors=True)
    measure(
        [sys.executable, str(HERE / "stage.py"), "typst-input", str(root), str(document), *which]
    )
    return {"size": size, **counts, "plain": against_plain(document)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch_until(url: str, wanted: str, seconds: float, tree: Tree | None = None) -> None:
    """Ask for the page until it shows `wanted` (meanwhile sampling `tree`'s memory every
    quarter of a second)."""
    deadline = time.monotonic() + seconds
    sampled = 0.0
    while time.monotonic() < deadline:
        if tree is not None and time.monotonic() - sampled > 0.25:
            tree.sample()
            sampled = time.monotonic()
        try:
            if wanted in urllib.request.urlopen(url, timeout=5).read().decode():
                return
        except OSError:
            pass
        time.sleep(0.02)
    raise StageFailed(f"{url} did not show {wanted!r} within {seconds} s")


def edit_loop(root: Path, edits: int = SERVE_EDITS) -> dict[str, object]:
    """`briefing serve`, started on the project and left to build the site (not timed), then
    an actor edited `edits` times: from each save to the browser's page showing it, the wall
    time and the CPU time of serve and its MkDocs process; the median of each, the total
    memory of its processes at their peak (the first build included), and the pages MkDocs
    rebuilt, as serve says them."""
    port = free_port()
    actor = sorted((root / "actors").iterdir())[7]
    original = actor.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/actors/{actor.stem}/"
    shown, cpu = [], []
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", str(root), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        tree = Tree(process.pid)
        try:
            fetch_until(url, "appears in the reporting", seconds=3600, tree=tree)
            time.sleep(5)  # the file watcher starts after the server answers
            for number in range(edits):
                tree.sample()
                before, start = tree.cpu_seconds(), time.perf_counter()
                edited = f"in the reporting, edited {number}"  # (the page escapes the ".")
                actor.write_text(original.replace("in the reporting.", f"{edited}."))
                fetch_until(url, edited, seconds=300)
                shown.append(time.perf_counter() - start)
                tree.sample()
                cpu.append(tree.cpu_seconds() - before)
                time.sleep(3)  # serve collects its garbage a moment after an edit is shown
        finally:
            process.terminate()
            process.wait(timeout=30)
            actor.write_text(original, encoding="utf-8")
        log.seek(0)
        updated = [line for line in log.read().splitlines() if "updated the site" in line]
    return {
        "shown_after_s": round(statistics.median(shown), 3),
        "each_s": [round(seconds, 3) for seconds in shown],
        "cpu_s": round(statistics.median(cpu), 3),
        "peak_mb": round(tree.peak_pss / 2**20, 1),
        "serve_said": updated[-1] if updated else "",
        "load": load(),
    }


def check_markdown(rows: list[dict[str, object]], sample: dict[str, object] | None) -> str:
    """The check table: cold, warm and after one edit, each the best of CHECK_RUNS."""
    lines = [
        f"`briefing check`, best of {CHECK_RUNS} runs: cold (no build/.cache), warm (nothing "
        "changed since the last check), and after one actor was edited. Wall time, CPU time "
        "(user and system, children included) and peak memory.",
        "",
        "| sources | citations | cold | warm | one record edited |",
        "|---:|---:|---|---|---|",
    ]
    for row in rows:
        timings = row["check"]
        cells = [
            f"{timings[name]['wall_s']:.2f} s ({timings[name].get('cpu_s', 0):.2f} s CPU), "  # type: ignore[index, attr-defined]
            f"{timings[name]['peak_mb']:.0f} MB"  # type: ignore[index]
            for name in ("cold", "warm", "edited")
        ]
        lines.append(f"| {row['size']:,} | {row['citations']:,} | " + " | ".join(cells) + " |")
    if sample:
        shown = ", ".join(
            f"{name} {timing['wall_s']:.2f} s ({timing.get('cpu_s', 0):.2f} s CPU, "  # type: ignore[index, attr-defined]
            f"{timing['peak_mb']:.0f} MB)"  # type: ignore[index]
            for name, timing in sample.items()
        )
        lines.append(f"\nThe sample briefing (this repository): {shown}.")
    return "\n".join(lines) + "\n"


def _engine_cell(built: object) -> str:
    """An engine's cell of the table: its time and memory, that it failed, or "-" (not run)."""
    if not isinstance(built, dict):
        return "| - "
    if "failed" in built:
        return f"| failed: {built['failed']} "
    return f"| {built['wall_s']:.1f} s, {built['peak_mb']:.0f} MB "


def markdown(rows: list[dict[str, object]], machine: str) -> str:
    lines = [
        f"Measured on {machine}. Times are wall-clock seconds, memory the total of the "
        "processes a command starts (see measure.py).",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|---:|---:|---|---|---|---|---:|---|---|---:|",
    ]
    for row in rows:
        if not all(key in row for key in ("check", "render", "mkdocs", "pdf")):
            continue  # a size whose site or PDF was not measured yet
        c, r, m, p = (row[key] for key in ("check", "render", "mkdocs", "pdf"))
        z = row.get("zensical")
        lines.append(
            f"| {row['size']:,} | {row['citations']:,} "
            f"| {c['wall_s']:.2f} s, {c['peak_mb']:.0f} MB "
            f"| {r['wall_s']:.2f} s ({r['pages']:,} pages) "
            f"| {m['wall_s']:.1f} s, {m['peak_mb']:.0f} MB "
            + _engine_cell(z)
            + f"| {row['render_over_mkdocs']:.1%} "
            f"| {p['wall_s']:.1f} s, {p['peak_mb']:.0f} MB ({p['document']}, {p['pages']} pages) "
            f"| {p['bare_typst_wall_s']:.1f} s "
            f"| {row['pdf_over_typst']:.2f}x |"
        )
    loops = [row for row in rows if "edit_loop" in row]
    for row in loops:
        loop = row["edit_loop"]
        lines.append(
            f"\n`briefing serve`, {row['size']:,} sources: an edited actor shows in the "
            f"browser {loop['shown_after_s']:.2f} s after it is saved, the median of "
            f"{len(loop.get('each_s', [0]))} edits ({loop['serve_said']})."
        )
    return "\n".join(lines) + "\n"


# "pipeline" is both "site" (check, render, the engines, serve) and "pdf"
STAGES = ("pipeline", "site", "pdf", "check", "sample", "lsp")
DEFAULT_STAGES = ["pipeline", "check", "sample", "lsp"]


def run_lsp(size: int, seed: int) -> dict[str, object]:
    """`briefing lsp` (editor.py): from an edit of a buffer to its diagnostics."""
    root, counts = project(size, seed)
    shutil.rmtree(root / "build", ignore_errors=True)
    done = subprocess.run(
        [sys.executable, str(HERE / "editor.py"), str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise StageFailed(f"editor.py at {size} sources: {done.stderr[-2000:]}")
    row: dict[str, object] = {"size": size, **counts, **json.loads(done.stdout)}
    print(
        f"\n{size} sources: lsp  error shown {row['error_shown_s']:.3f} s, cleared "
        f"{row['error_cleared_s']:.3f} s (first check {row['first_check_s']:.2f} s)",
        flush=True,
    )
    return row


def lsp_markdown(rows: list[dict[str, object]]) -> str:
    if not rows:
        return ""
    lines = [
        "`briefing lsp`: from an edit of a buffer (a quote of an actor broken, then put back)"
        " to its diagnostics, as a client over stdio receives them; median of "
        f"{rows[0]['rounds']} rounds. The first check, when the first file is opened, is whole.",
        "",
        "| sources | citations | error shown | error cleared | first check |",
        "|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['size']:,} | {row['citations']:,} | {row['error_shown_s'] * 1000:.0f} ms "
            f"| {row['error_cleared_s'] * 1000:.0f} ms | {row['first_check_s']:.2f} s |"
        )
    return "\n".join(lines) + "\n"


def merged(last: list[dict[str, object]], new: list[dict[str, object]]) -> list[dict[str, object]]:
    """The rows of the last run, with what this run measured again in its place."""
    rows = {int(row["size"]): dict(row) for row in last}  # type: ignore[call-overload]
    for row in new:
        rows.setdefault(int(row["size"]), {}).update(row)  # type: ignore[call-overload]
    return [rows[size] for size in sorted(rows)]


def pdf_only(sizes: list[int], seed: int, machine: str) -> None:
    """Our PDF against a plain Typst one, and the sample's PDFs, alone: results-pdf.md."""
    rows = [pdf_size(size, seed) for size in sizes]
    table = f"Measured on {machine}.\n" + plain_table(rows, sample_pdfs())
    (HERE / "results-pdf.md").write_text(table, encoding="utf-8")
    summary = {"machine": machine, "seed": seed, "rows": rows}
    (HERE / "results-pdf.json").write_text(json.dumps(summary, indent=2) + "\n")
    print("\n" + table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--stages", nargs="+", choices=STAGES, default=DEFAULT_STAGES)
    parser.add_argument(
        "--pdf-only", action="store_true", help="only our PDF against a plain one (results-pdf.md)"
    )
    parser.add_argument(
        "--work", type=Path, default=WORK, help=f"where the projects are made (default {WORK})"
    )
    parser.add_argument(
        "--check-runs", type=int, default=CHECK_RUNS, help="runs of each check, the best kept"
    )
    arguments = parser.parse_args()
    use_work(arguments.work)
    set_check_runs(arguments.check_runs)
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    speed = [calibration()]
    print(f"a fixed loop: {speed[0]} s CPU ({load()})", flush=True)
    saved = HERE / "results.json"
    last = json.loads(saved.read_text()) if saved.exists() else {}
    rows = last.get("rows", [])
    checks = last.get("check_rows", [])
    sample = last.get("sample")
    pdfs = last.get("sample_pdfs")
    editors = last.get("lsp_rows", [])
    try:
        if arguments.pdf_only:
            pdf_only(arguments.sizes, arguments.seed, machine)
            return
        stages = set(arguments.stages)
        if "pipeline" in stages:
            stages |= {"site", "pdf"}
        if stages & {"site", "pdf"}:
            parts = sorted(stages & {"site", "pdf"})
            rows = merged(rows, [run_size(n, arguments.seed, parts) for n in arguments.sizes])
        if "pdf" in stages:
            pdfs = sample_pdfs()
        if "check" in arguments.stages:
            checks = merged(checks, [run_check(n, arguments.seed) for n in arguments.sizes])
        if "sample" in arguments.stages:
            sample = run_sample()
        if "lsp" in arguments.stages:
            sizes = [n for n in arguments.sizes if n <= EDIT_LOOP_UP_TO]
            editors = merged(editors, [run_lsp(n, arguments.seed) for n in sizes])
    except StageFailed as error:
        sys.exit(f"benchmark failed: {error}")
    speed.append(calibration())
    machine += (
        f"; a fixed loop of 20 million additions took {speed[0]} s of CPU at the start "
        f"and {speed[1]} s at the end (about 1 s on a quiet core), {load()} at the end"
    )
    table = goals_markdown(rows, checks, machine) + "\n"
    table += markdown(rows, machine) + plain_table(rows, pdfs)
    table += "\n" + check_markdown(checks, sample)
    table += "\n" + lsp_markdown(editors)
    (HERE / "results.md").write_text(table, encoding="utf-8")
    document = {"machine": machine, "seed": arguments.seed, "rows": rows}
    document |= {"check_rows": checks, "sample": sample, "sample_pdfs": pdfs}
    document |= {"lsp_rows": editors}
    saved.write_text(json.dumps(document, indent=2) + "\n")
    print("\n" + table)


if __name__ == "__main__":
    main()
