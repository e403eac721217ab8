"""Figures and the table they are printed in.

A benchmark module's `run()` returns a dict: figure name → `figure(...)` (a value with
its unit and goal), or a plain value for a figure that has no goal.
"""
from __future__ import annotations

import time
from contextlib import contextmanager


def line(section: str, name: str, f: dict) -> str:
    """One figure as a line of its own, printed as a section runs: its goal where it has one."""
    goal = f"(goal {f['goal']})" if f.get("goal") else ""
    return " ".join(str(p) for p in (f"{section}: {name}: {f['value']}", f["unit"], goal, f["note"]) if p)


def figure(value, unit: str = "", goal: str = "", ok: bool | None = None,
           note: str = "") -> dict:
    return {"value": value, "unit": unit, "goal": goal, "ok": ok, "note": note}


@contextmanager
def stopwatch():
    """`with stopwatch() as t: ...` then `t()` is the seconds the block took."""
    start = time.perf_counter()
    end = None

    def elapsed() -> float:
        return (end if end is not None else time.perf_counter()) - start
    try:
        yield elapsed
    finally:
        end = time.perf_counter()


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(sections: dict[str, dict]) -> str:
    rows = [("figure", "value", "unit", "goal", "", "note")]
    for section, figures in sections.items():
        for name, f in figures.items():
            if not isinstance(f, dict) or "value" not in f:
                f = figure(f)
            verdict = {True: "PASS", False: "MISS", None: ""}[f.get("ok")]
            rows.append((f"{section}: {name}", _text(f["value"]), f.get("unit", ""),
                         f.get("goal", ""), verdict, f.get("note", "")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, r in enumerate(rows):
        cells = [r[0].ljust(widths[0]), r[1].rjust(widths[1])]
        cells += [c.ljust(w) for c, w in zip(r[2:], widths[2:])]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)
