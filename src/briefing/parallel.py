"""Work split over the machine's cores by forked processes, for the stages that split cleanly
(the pages of the site; the check proves its quotes in one process: a forked worker counts
the memory of the process it was forked from). A forked worker inherits the parent's
records as they are: only the numbers of its share go out, and only results come back."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")

_job: Callable[[int], Any] | None = None  # what the forked workers run, set before forking


def workers(count: int, minimum: int) -> int:
    """How many processes to use for `count` pieces of work: one (this one) unless there are
    at least `minimum`, more than one core, and no other thread here (a fork copies the
    locks another thread may be holding; `briefing serve` has threads, and works alone)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if count < minimum or cores < 2 or threading.active_count() > 1:
        return 1
    return cores


def _run_share(share: list[int]) -> list[Any]:
    assert _job is not None
    return [_job(number) for number in share]


def forked_map(
    job: Callable[[int], R], count: int, minimum: int, key: Callable[[int], int] = lambda n: n
) -> list[R]:
    """[job(0), ..., job(count - 1)]. Share k of n workers takes the numbers whose key is k
    modulo n, so that work with one key (one source's quotes) stays in one process."""
    global _job
    processes = workers(count, minimum)
    if processes == 1:
        return [job(number) for number in range(count)]
    shares: list[list[int]] = [[] for _ in range(processes)]
    for number in range(count):  # each key worked out once, not once for each share
        shares[key(number) % processes].append(number)
    _job = job
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            results = pool.map(_run_share, shares)
    finally:
        _job = None
    ordered: list[Any] = [None] * count
    for share, values in zip(shares, results, strict=True):
        for number, value in zip(share, values, strict=True):
            ordered[number] = value
    return ordered
