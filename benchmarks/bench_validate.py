"""Benchmark: read vs read+rules vs the annotated copy, for a 3,000- and a 300-pupil school.

Run: /work/venv/bin/python benchmarks/bench_validate.py [--repeat N]
The workbooks come from the sample county's own school builder (a clean school, with a few
ledger cases), so they look like real submissions. Timings are medians of N warm runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from core.demo import names, people
from core.demo.book_writer import write_book
from core.demo.ledgers import Cases
from core.demo.month import build_book
from core.demo.roster_plan import plan_schools
from core.demo.school import make_pupils
from core.policy import default_policy
from core.reader import read_workbook
from core.rules import Context, run_rules
from core.validate import annotate, check_workbook, validate_workbook

COUNTY = ("411525", "固始县")
PERIOD = "2026-10"


def school_workbook(pupils: int, path: Path, seed: int = 1) -> Path:
    """One clean school workbook of about `pupils` pupils, with a few ledger cases."""
    rng = random.Random(seed)
    ids = people.IdFactory(random.Random(seed + 1))
    towns = names.COUNTY_TOWNS.get(COUNTY[0], names.GENERIC_TOWNS)
    plan = next(p for p in plan_schools(rng, 20, pupils, COUNTY, towns) if p.role == "clean")
    kids = make_pupils(rng, ids, plan.school, pupils, COUNTY[0], towns, PERIOD)
    cases = Cases(suspected=3, returned=1, dropout=2)
    book = build_book(
        rng, plan.school, kids, COUNTY[0], PERIOD, default_policy(), dt.date(2026, 10, 27), cases
    )
    data, _ = write_book(book, plan.style)
    path.write_bytes(data)
    return path


def median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median (wall, CPU) time of fn in milliseconds, after one warm-up run.

    CPU time is the steadier figure on a shared machine: other processes inflate wall time.
    """
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def bench(pupils: int, tmp: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """Read alone, rules alone, read+rules, annotated copy, end to end."""
    path = school_workbook(pupils, tmp / f"school{pupils}.xlsx")
    policy = default_policy()
    wb = read_workbook(path)
    report = check_workbook(wb, policy)
    assert report.status == "passed", [f.describe() for f in report.findings][:5]
    ctx = lambda: Context(wb, policy, wb.identity().period)  # noqa: E731 - fresh cache each run
    out = tmp / "out"
    return {
        "read": median_ms(lambda: read_workbook(path), repeat),
        "rules": median_ms(lambda: run_rules(ctx()), repeat),
        "read+rules": median_ms(lambda: validate_workbook(path, policy), repeat),
        "annotate": median_ms(lambda: annotate(report, out), repeat),
    }


def main() -> None:
    """Print the figures as a small table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for pupils in (3000, 300):
            r = bench(pupils, Path(tmp), args.repeat)
            cells = ", ".join(f"{k} {w:.0f}/{c:.0f}" for k, (w, c) in r.items())
            print(f"{pupils} pupils, ms wall/CPU: {cells}")


if __name__ == "__main__":
    main()
