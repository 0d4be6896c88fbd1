"""Run every stage at every size and write the table, as Markdown and JSON.

    python benchmarks/run.py                       # 100, 1,000 and 10,000 sources
    python benchmarks/run.py --sizes 100 1000      # some sizes only
    python benchmarks/run.py --stages check        # some stages only: check, pipeline, sample
    python benchmarks/run.py --pdf-only            # our PDF against a plain Typst one, and
                                                   # the sample's PDFs (results-pdf.md)

Stages and sizes not run keep their numbers from the last run in results.json.

Each stage runs in a process of its own; its wall time is measured around the process and
its peak memory (maximum resident set, children included) read from the kernel when it ends.
The projects are generated into benchmarks/.work/ (kept, and reused while the generator and
seed are the same). Results go to benchmarks/results.md and benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
PDF_BOOK_UP_TO = 1000  # the book of every brief up to this size; beyond, one brief's PDF
EDIT_LOOP_UP_TO = 1000  # serve's first build of 10,000 sources takes as long as MkDocs


COLUMNS = (
    *("sources", "citations", "check", "render", "MkDocs build", "render / MkDocs"),
    *("PDF", "bare Typst", "PDF / Typst"),
)


class StageFailed(Exception):
    pass


# Linux counts in a child's peak memory the memory of the process it was forked from, up to
# its exec: forked from this process, grown large by the stages before, a 25 MB check showed
# 169 MB. So each command is started by a small process of its own, which reports what the
# command used.
LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as report:
    json.dump([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss], report)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measure(command: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    """Run a command; return its wall time, CPU time, peak memory and standard output."""
    with (
        tempfile.TemporaryFile() as output,
        tempfile.TemporaryFile() as errors,
        tempfile.NamedTemporaryFile("r") as report,
    ):
        # Python's bytecode caches written and read, as for an installed package (a shell
        # may turn them off with PYTHONDONTWRITEBYTECODE; then every run compiles again)
        environment = {**os.environ, **(env or {})}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        launch = [sys.executable, "-c", LAUNCHER, report.name, *command]
        returncode = subprocess.run(
            launch, stdout=output, stderr=errors, env=environment
        ).returncode
        output.seek(0)
        errors.seek(0)
        if returncode != 0:
            raise StageFailed(f"{' '.join(command)}: exit {returncode}\n{errors.read().decode()}")
        wall, cpu, peak = json.loads(report.read())
        return {
            "wall_s": round(wall, 3),
            # user and system time of the process and its children: on a shared machine,
            # what the process itself cost, less bent by others than its wall time
            "cpu_s": round(cpu, 3),
            "peak_mb": round(peak / 1024, 1),  # Linux gives kilobytes
            "stdout": output.read().decode(),
        }


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


def run_size(size: int, seed: int) -> dict[str, object]:
    python = sys.executable
    stage = str(HERE / "stage.py")
    root, counts = project(size, seed)
    print(f"\n{size} sources: {counts}", flush=True)
    row: dict[str, object] = {"size": size, **counts}

    check = measure([python, "-m", "briefing", "check", "--no-cache", str(root)])
    row["check"] = {key: check[key] for key in ("wall_s", "peak_mb")}
    print(f"  check   {check['wall_s']:8.2f} s {check['peak_mb']:8.1f} MB", flush=True)

    site = WORK / f"site-{size}"
    shutil.rmtree(site, ignore_errors=True)
    render = measure([python, stage, "render", str(root), str(site)])
    inside = stage_json(render)
    row["render"] = {
        "wall_s": round(inside["render_s"], 3),
        "process_wall_s": render["wall_s"],
        "peak_mb": render["peak_mb"],
        "pages": inside["pages"],
    }
    print(
        f"  render  {inside['render_s']:8.2f} s {render['peak_mb']:8.1f} MB "
        f"({inside['pages']} pages; the process checks first)",
        flush=True,
    )

    mkdocs = measure(
        [
            python,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "--quiet",
            "-f",
            str(site / "mkdocs.yml"),
        ],
        env={"NO_MKDOCS_2_WARNING": "1"},
    )
    row["mkdocs"] = {key: mkdocs[key] for key in ("wall_s", "peak_mb")}
    row["render_over_mkdocs"] = round(inside["render_s"] / float(mkdocs["wall_s"]), 4)
    print(f"  mkdocs  {mkdocs['wall_s']:8.2f} s {mkdocs['peak_mb']:8.1f} MB", flush=True)

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
        f"({row['pdf']['pages']} pages; bare Typst {bare['wall_s']:.2f} s)",
        flush=True,
    )
    row["plain"] = against_plain(document)
    if size <= EDIT_LOOP_UP_TO:
        row["edit_loop"] = edit_loop(root)
        print(
            f"  serve   {row['edit_loop']['shown_after_s']:8.2f} s from saving an edit to "
            "the page showing it",
            flush=True,
        )
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


def fetch_until(url: str, wanted: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if wanted in urllib.request.urlopen(url, timeout=5).read().decode():
                return
        except OSError:
            pass
        time.sleep(0.02)
    raise StageFailed(f"{url} did not show {wanted!r} within {seconds} s")


def edit_loop(root: Path) -> dict[str, object]:
    """`briefing serve`: seconds from saving an edited actor to the browser's page showing
    it, and the pages MkDocs rebuilt, as serve reports them."""
    port = free_port()
    actor = sorted((root / "actors").iterdir())[7]
    original = actor.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/actors/{actor.stem}/"
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", str(root), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            fetch_until(url, "appears in the reporting", seconds=1800)
            time.sleep(5)  # the file watcher starts after the server answers
            start = time.perf_counter()
            actor.write_text(original.replace("in the reporting.", "in the reporting, edited."))
            fetch_until(url, "in the reporting, edited", seconds=120)
            shown = time.perf_counter() - start
            time.sleep(0.5)
        finally:
            process.terminate()
            process.wait(timeout=30)
            actor.write_text(original, encoding="utf-8")
        log.seek(0)
        updated = [line for line in log.read().splitlines() if "updated the site" in line]
    return {"shown_after_s": round(shown, 3), "serve_said": updated[0] if updated else ""}


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


def markdown(rows: list[dict[str, object]], machine: str) -> str:
    lines = [
        f"Measured on {machine}. Times are wall-clock seconds, memory the peak resident set.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|---:|---:|---|---|---|---:|---|---|---:|",
    ]
    for row in rows:
        c, r, m, p = (row[key] for key in ("check", "render", "mkdocs", "pdf"))
        lines.append(
            f"| {row['size']:,} | {row['citations']:,} "
            f"| {c['wall_s']:.2f} s, {c['peak_mb']:.0f} MB "
            f"| {r['wall_s']:.2f} s ({r['pages']:,} pages) "
            f"| {m['wall_s']:.1f} s, {m['peak_mb']:.0f} MB "
            f"| {row['render_over_mkdocs']:.1%} "
            f"| {p['wall_s']:.1f} s, {p['peak_mb']:.0f} MB ({p['document']}, {p['pages']} pages) "
            f"| {p['bare_typst_wall_s']:.1f} s "
            f"| {row['pdf_over_typst']:.2f}x |"
        )
    loops = [row for row in rows if "edit_loop" in row]
    for row in loops:
        loop = row["edit_loop"]
        lines.append(
            f"\n`briefing serve`, {row['size']:,} sources: an edited actor shows in the "
            f"browser {loop['shown_after_s']:.2f} s after it is saved ({loop['serve_said']})."
        )
    return "\n".join(lines) + "\n"


STAGES = ("pipeline", "check", "sample", "lsp")


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
    """The rows of this run, and those of the last run for the sizes not run again."""
    sizes = {row["size"] for row in new}
    rows = [row for row in last if row["size"] not in sizes] + new
    return sorted(rows, key=lambda row: int(row["size"]))  # type: ignore[call-overload]


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
    parser.add_argument("--stages", nargs="+", choices=STAGES, default=list(STAGES))
    parser.add_argument(
        "--pdf-only", action="store_true", help="only our PDF against a plain one (results-pdf.md)"
    )
    arguments = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
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
        if "pipeline" in arguments.stages:
            rows = merged(rows, [run_size(size, arguments.seed) for size in arguments.sizes])
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
    table = markdown(rows, machine) + plain_table(rows, pdfs)
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
