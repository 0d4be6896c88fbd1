"""A command's wall time, CPU time and memory, counted over every process it starts.

The memory of a command is the total of its processes': `briefing check` forks a worker per
core to prove quotes, `build` and `serve` run MkDocs in a process of their own, the PDF runs
Typst in one. The kernel's peak resident set (getrusage, wait4) is one process's peak (and
RUSAGE_CHILDREN's is the largest child's, not a sum). So a thread samples the command's
process tree (psutil) every SAMPLE_SECONDS, less often as a long command goes on, and adds
up, at each sample, the proportional set size (PSS) of every process alive then: a page
shared by several processes (a forked worker's copy of its parent's records, until either
writes it) counts a share in each, so that the sum is the memory the tree holds, not the
same page counted once per process. The largest such sum is the command's total; a peak
shorter than a sample may be missed, so the total is a little low rather than high. The sum
of resident sets is kept beside it (it counts shared pages once per process, so it is high).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.05  # between samples at the start; then a hundredth of the time so far,
LONGEST_SAMPLE_SECONDS = 1.0  # up to a second: a sample reads every process's memory map,
# and at every 0.05 s the sampler took a third of a core from a nine-minute Zensical build


@dataclass
class Tree:
    """The processes started from one: their memory, sampled, and their CPU time."""

    pid: int
    peak_pss: int = 0  # bytes: the largest sum of the tree's proportional set sizes
    peak_rss: int = 0  # bytes: the largest sum of its resident set sizes
    processes: int = 0  # the most processes alive at once
    cpu: dict[int, float] = field(default_factory=dict)  # seconds of each process seen

    def sample(self) -> bool:
        """One sample; False once the first process is gone."""
        try:
            root = psutil.Process(self.pid)
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return False
        pss = rss = 0
        for process in tree:
            try:
                with process.oneshot():
                    memory = process.memory_full_info()
                    times = process.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            pss, rss = pss + memory.pss, rss + memory.rss
            self.cpu[process.pid] = times.user + times.system
        self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
        self.processes = max(self.processes, len(tree))
        return True

    def cpu_seconds(self) -> float:
        """The CPU time of every process of the tree, as last sampled."""
        return sum(self.cpu.values())


class Sampler:
    """A thread that samples a process tree until stopped."""

    def __init__(self, pid: int) -> None:
        self.tree = Tree(pid)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        start = time.perf_counter()
        while not self.stopped.is_set() and self.tree.sample():
            elapsed = time.perf_counter() - start
            self.stopped.wait(min(LONGEST_SAMPLE_SECONDS, max(SAMPLE_SECONDS, elapsed / 100)))

    def stop(self) -> Tree:
        self.stopped.set()
        self.thread.join()
        return self.tree


# Linux counts in a child's peak memory the memory of the process it was forked from, up to
# its exec: forked from the benchmark, grown large by the stages before, a 25 MB check showed
# 169 MB. So each command is started by a small process of its own, which samples the
# command's tree and reports what it used.
LAUNCHER = """
import json, os, subprocess, sys, time
sys.path.insert(0, sys.argv[2])
from measure import Sampler
start = time.perf_counter()
process = subprocess.Popen(sys.argv[3:])
sampler = Sampler(process.pid)
_, status, usage = os.wait4(process.pid, 0)
wall = time.perf_counter() - start
tree = sampler.stop()
with open(sys.argv[1], "w") as report:
    json.dump([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, tree.peak_pss,
               tree.peak_rss, tree.processes], report)
sys.exit(os.waitstatus_to_exitcode(status))
"""


class StageFailed(Exception):
    pass


def measure(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> dict[str, object]:
    """Run a command; return its wall time, CPU time (user and system, of every process it
    started), its memory (the total of its processes, see above; and the peak of the first
    alone) and its standard output."""
    with (
        tempfile.TemporaryFile() as output,
        tempfile.TemporaryFile() as errors,
        tempfile.NamedTemporaryFile("r") as report,
    ):
        # Python's bytecode caches written and read, as for an installed package (a shell
        # may turn them off with PYTHONDONTWRITEBYTECODE; then every run compiles again)
        environment = {**os.environ, **(env or {})}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        here = os.path.dirname(os.path.abspath(__file__))
        launch = [sys.executable, "-c", LAUNCHER, report.name, here, *command]
        returncode = subprocess.run(
            launch, stdout=output, stderr=errors, env=environment, cwd=cwd
        ).returncode
        output.seek(0)
        errors.seek(0)
        if returncode != 0:
            raise StageFailed(f"{' '.join(command)}: exit {returncode}\n{errors.read().decode()}")
        wall, cpu, peak, pss, rss, processes = json.loads(report.read())
        return {
            "wall_s": round(wall, 3),
            # user and system time of the process and its children: on a shared machine,
            # what the process itself cost, less bent by others than its wall time
            "cpu_s": round(cpu, 3),
            "peak_mb": round(pss / 2**20, 1),  # the total of its processes (PSS)
            "rss_sum_mb": round(rss / 2**20, 1),
            "first_peak_mb": round(peak / 1024, 1),  # Linux gives kilobytes
            "processes": processes,
            "stdout": output.read().decode(),
        }


def load() -> str:
    """The machine's load when a measure was taken: the load averages, the cores."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f}, {five:.1f}, {fifteen:.1f} on {os.cpu_count()} cores"


def calibration() -> float:
    """The CPU seconds of a fixed loop of 20 million additions: how fast the machine ran
    Python while the figures were taken (a shared or overcommitted machine runs slower per
    CPU second, and its CPU times grow too; a quiet core of a recent machine takes about 1 s).
    """
    start = time.process_time()
    total = 0
    for number in range(20_000_000):
        total += number
    return round(time.process_time() - start, 2)
