"""The long fuzz run: hostile inputs through the whole check (and the pages, when valid).

    python tests/fuzz/run.py [--inputs 10000] [--seed 0] [--limit 5]
    python tests/fuzz/run.py --replay SEED      # one input again, with its traceback

Each input is a valid project (the minimal corpus, or one input in five the repository's own
sample) changed by one to three mutations (tests/fuzz/inputs.py), named by its seed. Inputs
run in worker processes on every core; a worker that dies (a crash in C code) or stays on one
input past the hang limit is reported with that input's seed and replaced. Prints the inputs
tried, the crashes, exceptions and hangs, and the slowest inputs; exits 1 if any input
crashed, raised, or took more than --limit seconds of CPU. An input's time is the CPU time of
its worker (the check runs in one process), so a run on a machine doing other work measures
the same; a hang is still judged by the clock.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.inputs import Project, exercise, hostile_project, read_project, write_project  # noqa: E402

TESTS = Path(__file__).resolve().parents[1]
BASES = {"minimal": TESTS / "corpora" / "valid_minimal", "sample": TESTS.parent}
HANG = 60.0  # seconds on one input before its worker is stopped
LIMIT = 5.0  # seconds of CPU an input may take


COLLECT_EVERY = 25  # inputs between two collections of a worker's cyclic garbage


def cpu_seconds() -> float:
    """CPU time of this process (its threads too), not its children's: a child's time is
    counted when it is waited for, which may be during a later input (five inputs of a run
    that counted them measured 5-7 s there, 0.01-0.25 s alone)."""
    return time.process_time()


def base_for(seed: int, bases: dict[str, Project]) -> tuple[str, Project]:
    name = "sample" if seed % 5 == 4 else "minimal"
    return name, bases[name]


def prepare(root: Path, name: str) -> None:
    """A project folder with the base's settings files (records are written per input)."""
    root.mkdir(parents=True, exist_ok=True)
    for settings in ("briefing.yml", "mkdocs.yml"):
        source = BASES[name] / settings
        if source.is_file():
            shutil.copyfile(source, root / settings)


def worker(seeds: list[int], bases: dict[str, Project], work: Path, pipe: Connection) -> None:
    for name, base in bases.items():  # imports and first-use costs, not timed
        write_project(base, work / name)
        exercise(work / name)
    gc.disable()  # see below: collected between inputs, never inside one's clock
    for seed_number, seed in enumerate(seeds, 1):
        pipe.send(("start", seed))  # from here the clock runs: a generator that hangs is seen
        name, base = base_for(seed, bases)
        project, _ = hostile_project(base, seed)
        root = work / name
        write_project(project, root)
        # The collector runs only here, before the clock starts, every COLLECT_EVERY inputs:
        # a full collection that an input happened to trigger was charged to it (seed 623134:
        # 5.26 s of CPU in such a run, 0.30 s alone), and one before every input took nine
        # tenths of a run's time (py-spy), as long as the inputs' own work ten times over.
        if seed_number % COLLECT_EVERY == 0:
            gc.collect()
        start = cpu_seconds()
        error = None
        try:
            exercise(root)
        except Exception:  # the harness's whole point: every exception is a finding
            error = traceback.format_exc(limit=-8)
        pipe.send(("done", seed, cpu_seconds() - start, error))
    pipe.send(("end",))


class Worker:
    """A process running a share of the seeds, and how far it has got."""

    def __init__(self, share: list[int], bases: dict[str, Project], work: Path) -> None:
        for name in BASES:
            prepare(work / name, name)
        self.share, self.work, self.done = share, work, 0
        self.started: float | None = None  # when the current input began
        context = multiprocessing.get_context("fork")
        self.pipe, child = context.Pipe()
        self.process = context.Process(target=worker, args=(share, bases, work, child), daemon=True)
        self.process.start()
        child.close()

    def receive(self) -> tuple[object, ...] | None:
        """The worker's next message, ("died",) or ("hung",), or None for nothing yet."""
        if self.pipe.poll(0.05):
            try:
                message: tuple[object, ...] = self.pipe.recv()
                return message
            except EOFError:
                return ("died",)
        if self.started is not None and time.perf_counter() - self.started > HANG:
            self.process.kill()
            return ("hung",)
        if not self.process.is_alive() and not self.pipe.poll():
            return ("died",)
        return None


def run(count: int, first: int, limit: float) -> int:
    bases = {name: read_project(path) for name, path in BASES.items()}
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    seeds = list(range(first, first + count))
    times: list[tuple[float, int]] = []
    failures: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="briefing-fuzz-") as folder:
        live = [Worker(seeds[k::cores], bases, Path(folder) / str(k)) for k in range(cores)]
        while live:
            for one in list(live):
                message = one.receive()
                if message is None:
                    continue
                if message[0] == "start":
                    one.started = time.perf_counter()
                    continue
                if message[0] == "done":
                    _, seed, seconds, error = message
                    times.append((float(seconds), int(seed)))  # type: ignore[call-overload]
                    if error:
                        failures.append(f"exception at seed {seed}:\n{error}")
                        print(failures[-1], flush=True)
                    elif float(seconds) > limit:  # type: ignore[arg-type]
                        print(f"slow: seed {seed}: {seconds:.2f} s of CPU", flush=True)
                    one.done, one.started = one.done + 1, None
                    if len(times) % 1000 == 0:
                        slow = sum(1 for entry in times if entry[0] > limit)
                        print(
                            f"{len(times)} inputs, {len(failures)} failures, {slow} slow",
                            flush=True,
                        )
                    continue
                live.remove(one)
                one.process.join(timeout=5)
                if message[0] == "end":
                    continue
                # Died or hung on the seed after the last one done: report it, go on after it.
                seed = one.share[one.done]
                what = "crash" if message[0] == "died" else f"hang (over {HANG:.0f} s)"
                failures.append(f"{what} at seed {seed} (exit {one.process.exitcode})")
                print(failures[-1], flush=True)
                times.append((HANG if message[0] == "hung" else 0.0, seed))
                if one.share[one.done + 1 :]:
                    live.append(Worker(one.share[one.done + 1 :], bases, one.work))
    elapsed = time.perf_counter() - started
    times.sort(reverse=True)
    slow = [entry for entry in times if entry[0] > limit]
    print(f"inputs tried: {len(times)} in {elapsed:.0f} s ({cores} processes)")
    print(f"crashes, exceptions and hangs: {len(failures)}")
    print(f"inputs over {limit:g} s of CPU: {len(slow)}")
    for seconds, seed in times[:5]:
        print(f"  slowest: seed {seed}: {seconds:.2f} s of CPU")
    for failure in failures[:20]:
        print(failure)
    return 1 if failures or slow else 0


def replay(seed: int) -> int:
    bases = {name: read_project(path) for name, path in BASES.items()}
    name, base = base_for(seed, bases)
    project, mutations = hostile_project(base, seed)
    print(f"seed {seed}: {name} with {mutations}")
    with tempfile.TemporaryDirectory(prefix="briefing-fuzz-") as folder:
        root = Path(folder) / name
        prepare(root, name)
        write_project(project, root)
        # The garbage of the inputs before is collected before the clock starts, so that a
        # full collection of a worker grown to 3 GB is not charged to the input that
        # happens to trigger it (seed 623134: 5.26 s of CPU in such a run, 0.30 s alone).
        gc.collect()
        start = cpu_seconds()
        exercise(root)
        print(f"no exception, {cpu_seconds() - start:.2f} s of CPU; the project: {root}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0, help="the first input's seed")
    parser.add_argument(
        "--limit", type=float, default=LIMIT, help="seconds of CPU one input may take"
    )
    parser.add_argument("--replay", type=int, help="run the input of this seed alone")
    arguments = parser.parse_args()
    if arguments.replay is not None:
        return replay(arguments.replay)
    return run(arguments.inputs, arguments.seed, arguments.limit)


if __name__ == "__main__":
    sys.exit(main())
