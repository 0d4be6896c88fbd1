"""The goals of issue #28 ("10,000 sources as fast to work on as 1,000"), each row at 1,000
and 10,000 sources with its goal beside it and whether this run met it.

At 1,000 sources the goal is to do no worse than before the issue (the figures then, on a
quiet machine). A check's goal is judged on its CPU time, which the other work of a shared
machine bends less than its wall time; render's and serve's on their wall time, which is what
a user waits (on a loaded machine, above the goal for that reason alone: the load is said).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    seconds: float | None = None  # at most, judged on the measure `on`
    on: str = "wall_s"  # "wall_s" or "cpu_s"
    megabytes: float | None = None  # at most, the total of the command's processes

    def met(self, timing: dict[str, float]) -> bool:
        fast = self.seconds is None or timing[self.on] <= self.seconds
        small = self.megabytes is None or timing["peak_mb"] <= self.megabytes
        return fast and small

    def __str__(self) -> str:
        said = []
        if self.seconds is not None:
            said.append(f"≤ {self.seconds:g} s{' CPU' if self.on == 'cpu_s' else ''}")
        if self.megabytes is not None:
            said.append(f"≤ {self.megabytes:g} MB")
        return ", ".join(said)


# (row, size) -> goal; None: measured, with no goal of its own
GOALS: dict[str, dict[int, Goal | None]] = {
    "check, cold": {1000: Goal(0.97, "cpu_s"), 10000: Goal(4, "cpu_s", 600)},
    "check, nothing changed": {1000: Goal(0.11, "cpu_s"), 10000: None},
    "check after one record edited": {1000: Goal(0.31, "cpu_s"), 10000: Goal(0.3, "cpu_s")},
    "render (all pages to Markdown)": {1000: Goal(2.98), 10000: Goal(10)},
    "serve, edit to page shown": {1000: Goal(0.55), 10000: Goal(1.5)},
    "site build, MkDocs": {1000: None, 10000: None},
    "site build, Zensical": {1000: None, 10000: None},
}


def _timings(
    rows: list[dict[str, object]], checks: list[dict[str, object]], size: int
) -> dict[str, dict[str, float] | None]:
    """This run's figures of each row at one size (None where not measured)."""
    row = next((r for r in rows if r["size"] == size), {})
    check = next((r for r in checks if r["size"] == size), {}).get("check", {})
    assert isinstance(check, dict)
    found = {
        "check, cold": check.get("cold"),
        "check, nothing changed": check.get("warm"),
        "check after one record edited": check.get("edited"),
        "render (all pages to Markdown)": row.get("render"),
        "serve, edit to page shown": row.get("edit_loop"),
        "site build, MkDocs": row.get("mkdocs"),
        "site build, Zensical": row.get("zensical"),
    }
    timings: dict[str, dict[str, float] | None] = {}
    for name, value in found.items():
        if isinstance(value, dict) and "shown_after_s" in value:  # serve's
            value = {**value, "wall_s": value["shown_after_s"]}
        timings[name] = value if isinstance(value, dict) else None
    return timings


def _said(timing: dict[str, float] | None) -> str:
    if timing is None:
        return "not measured"
    if "failed" in timing:
        return f"failed: {timing['failed']}"
    cpu = f" ({timing['cpu_s']:.2f} s CPU)" if "cpu_s" in timing else ""
    memory = f", {timing['peak_mb']:,.0f} MB" if "peak_mb" in timing else ""
    return f"{timing['wall_s']:.2f} s{cpu}{memory}"


def goals_markdown(
    rows: list[dict[str, object]], checks: list[dict[str, object]], machine: str
) -> str:
    """The table of the goals, from this run's rows (run.py) and check rows."""
    lines = [
        "Issue #28's goals, measured in the same run at 1,000 and 10,000 sources on "
        f"{machine}: wall time (CPU time of every process the command started), and the "
        "total memory of those processes (measure.py). At 1,000 sources the goal is to do no "
        "worse than before; a check's goal is judged on its CPU time, the others on wall time.",
        "",
        "| | sources | this run | goal | met |",
        "|---|---:|---|---|---|",
    ]
    timings = {size: _timings(rows, checks, size) for size in (1000, 10000)}
    for name, goals in GOALS.items():
        for size, goal in goals.items():
            timing = timings[size][name]
            if timing is not None and "failed" in timing:
                met = "no"
            elif goal is None or timing is None:
                met = "-"
            else:
                met = "yes" if goal.met(timing) else "no"
            lines.append(f"| {name} | {size:,} | {_said(timing)} | {goal or 'measured'} | {met} |")
    return "\n".join(lines) + "\n"
