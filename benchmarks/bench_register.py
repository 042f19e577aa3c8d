"""The case register at a county's scale: a year's register, the 11th month, the year's export.

    .venv/bin/python benchmarks/bench_register.py [--dir OUT] [--schools 300] [--students 330]
                                                  [--months 10] [--repeat 3] [--reuse]

OUT is a sample county (``schoolroll demo --out OUT --schools 300 --students 330``), generated
when --dir holds none. Its month is the 11th; the 10 months before it are recorded first,
synthetically, through the register's own API (core.register.record_month): each month is the
county's own ledgers (read back from its county workbook, as ``register import`` reads one)
with the period changed, plus a slice of pupils opened as 疑似 that month and back (已返校) the
next, each with a 劝返 attempt repeated the month after. That is about 10 x the county's roll in
roster events (a million for 300 x 330).

Then, in fresh processes and interleaved (without, with, without, with ...), the 11th month is
consolidated without a register and with a copy of the year's register; and the whole year is
exported (``register export``) against the county workbook's writing (the "write" phase of the
consolidation). Prints every run and the medians, of wall time and of CPU time (a
consolidation's: its process and its worker processes, start-up included; the export's and the
county workbook's writing: that call's, in its process). On a loaded machine the CPU figures
are the ones to quote.
Goals: with the register at most 15% more
than without; the export no dearer than writing one month's county workbook.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SLICE = 40
"""Pupils opened as 疑似 each synthetic month (and back the next)."""


def _periods_before(period: str, n: int) -> list[str]:
    year, month = (int(x) for x in period.split("-"))
    out = []
    for _ in range(n):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        out.append(f"{year}-{month:02d}")
    return out[::-1]


def _cpu() -> float:
    """CPU seconds of this process (all its threads) and of its finished children."""
    import resource

    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def _consolidate(out: Path, target: Path, register: Path | None) -> dict:
    import core.consolidate.run as run
    from core.consolidate import consolidate

    write = run.write_county_workbook
    spent: dict[str, float] = {}

    def timed_write(*args, **kwargs):  # the county workbook's writing, in CPU seconds
        start = _cpu()
        try:
            return write(*args, **kwargs)
        finally:
            spent["write_cpu"] = _cpu() - start

    run.write_county_workbook = timed_write
    key = json.loads((out / "answer_key.json").read_text("utf-8"))
    start, cpu = time.perf_counter(), _cpu()
    result = consolidate(
        out / "收件箱",
        key["period"],
        target,
        schools=out / "学校名录.xlsx",
        household=out / "户籍适龄儿童名单.xlsx",
        poverty=out / "脱贫户家庭成员名单.xlsx",
        platform=out / "平台推送疑似辍学名单.xlsx",
        passwords=key["passwords"],
        register=register,
    )
    return {
        "seconds": time.perf_counter() - start,
        "cpu": _cpu() - cpu,
        "write_cpu": spent["write_cpu"],
        "timings": result.timings,
        "register": result.register,
    }


def _export(register: Path, target: Path) -> dict:
    from core.register.export import export

    start, cpu = time.perf_counter(), _cpu()
    export(register, target)
    return {"seconds": time.perf_counter() - start, "cpu": _cpu() - cpu}


def _slice(roster: pd.DataFrame, k: int, status: str, period: str) -> pd.DataFrame:
    part = roster.iloc[k * SLICE : (k + 1) * SLICE].copy()
    day = pd.Timestamp(f"{period}-10").date()
    part["status"] = status
    part["status_date"] = day
    part["first_absence"] = day
    part["source_sheet"] = "疑似辍学学生台账"
    return part


def _visits(roster: pd.DataFrame, k: int, period: str) -> pd.DataFrame:
    part = roster.iloc[k * SLICE : (k + 1) * SLICE][
        ["id_number", "student_no", "name", "school_code", "source_file"]
    ].copy()
    part["visit_date"] = pd.Timestamp(f"{period}-12").date()
    part["visitor"] = "包保教师"
    part["method"] = "01"
    part["result"] = "3"
    part["source_sheet"] = "劝返记录"
    part["source_row"] = range(2, len(part) + 2)
    return part


def build_register(county_book: Path, register: Path, months: int) -> list[float]:
    """Record `months` synthetic months before the county's; seconds per month."""
    from core.reader.workbook import read_workbook
    from core.register import record_month
    from core.register.importing import month_from_workbook

    real = month_from_workbook(read_workbook(county_book))
    roster = real.frames["roster"]
    seconds = []
    periods = _periods_before(real.period, months)
    for k, period in enumerate(periods):
        frames = dict(real.frames)
        opened = _slice(roster, k, "1", period)
        back = _slice(roster, k - 1, "2", period) if k else opened.iloc[0:0]
        frames["suspected"] = pd.concat([real.frames["suspected"], opened, back])
        visits = [_visits(roster, k, period)]
        if k:
            visits.append(_visits(roster, k - 1, periods[k - 1]))  # reported again
        frames["return-visits"] = pd.concat([real.frames["return-visits"], *visits])
        month = type(real)(
            period=period,
            frames=frames,
            pending=real.pending,
            reported=real.reported,
            submissions=real.submissions,
            finding_counts=real.finding_counts,
            household_checked=real.household_checked,
            command="bench",
        )
        start = time.perf_counter()
        record_month(register, month)
        seconds.append(time.perf_counter() - start)
    return seconds


def _child(*args: str) -> dict:
    """Run one measured job in a fresh process; its "tree_cpu" is the CPU seconds of that
    process and of every worker it started (they are reaped before it ends), start-up included."""
    before = _cpu()
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    doc = json.loads(done.stdout.strip().splitlines()[-1])
    doc["tree_cpu"] = _cpu() - before
    return doc


def _ensure_county(out: Path, schools: int, students: int) -> None:
    if (out / "answer_key.json").exists():
        return
    subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop.cli",
            "demo",
            "--out",
            str(out),
            "--schools",
            str(schools),
            "--students",
            str(students),
        ],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def main() -> None:
    """Build the year's register, then time the 11th month and the export, interleaved."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", type=Path)
    ap.add_argument("--schools", type=int, default=300)
    ap.add_argument("--students", type=int, default=330)
    ap.add_argument("--months", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="time against the year's register an earlier run left in OUT/bench-register"
        " (for comparing two checkouts on one register) instead of recording it again",
    )
    ap.add_argument("--child", nargs="+")
    args = ap.parse_args()
    if args.child:
        what, *rest = args.child
        if what == "consolidate":
            reg = Path(rest[2]) if len(rest) > 2 else None
            doc = _consolidate(Path(rest[0]), Path(rest[1]), reg)
        else:
            doc = _export(Path(rest[0]), Path(rest[1]))
        print(json.dumps(doc, ensure_ascii=False))
        return
    out = args.dir or Path(tempfile.mkdtemp(prefix="bench-register-"))
    _ensure_county(out, args.schools, args.students)
    work = out / "bench-register"
    year = work / "year.sqlite"
    reuse = args.reuse and year.is_file()
    work.mkdir(exist_ok=True)
    for old in work.iterdir():
        if not (reuse and old == year):
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    first = _child("consolidate", str(out), str(work / "plain.xlsx"))
    per_month = [] if reuse else build_register(work / "plain.xlsx", year, args.months)
    from core.register.schema import open_register

    open_register(year).close()  # an earlier checkout's register migrated once, untimed
    import sqlite3

    with sqlite3.connect(year) as conn:
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    conn.close()
    print(
        f"register: {args.months} months, {events:,} events, {cases:,} cases, "
        f"{year.stat().st_size / 1e6:.0f} MB; "
        + (
            "recorded by an earlier run"
            if reuse
            else "recording took " + ", ".join(f"{s:.1f}" for s in per_month) + " s per month"
        )
    )
    plain, with_reg, export, write = [first["seconds"]], [], [], [first["timings"]["write"]]
    cpu = {"plain": [first["tree_cpu"]], "with": [], "export": [], "write": [first["write_cpu"]]}
    for r in range(args.repeat):
        copy = work / f"run{r}.sqlite"
        shutil.copy(year, copy)
        doc = _child("consolidate", str(out), str(work / f"reg{r}.xlsx"), str(copy))
        with_reg.append(doc["seconds"])
        cpu["with"].append(doc["tree_cpu"])
        print(
            f"run {r + 1}: with register {doc['seconds']:.1f} s, CPU {doc['tree_cpu']:.1f} s"
            f" (register phase {doc['timings'].get('register', 0):.1f} s)",
            flush=True,
        )
        doc = _child("export", str(copy), str(work / f"export{r}.xlsx"))
        export.append(doc["seconds"])
        cpu["export"].append(doc["cpu"])
        doc = _child("consolidate", str(out), str(work / f"plain{r}.xlsx"))
        plain.append(doc["seconds"])
        write.append(doc["timings"]["write"])
        cpu["plain"].append(doc["tree_cpu"])
        cpu["write"].append(doc["write_cpu"])
        print(
            f"run {r + 1}: export {export[-1]:.1f} s, CPU {cpu['export'][-1]:.1f} s;"
            f" without register {plain[-1]:.1f} s, CPU {cpu['plain'][-1]:.1f} s"
            f" (county workbook written in {write[-1]:.1f} s, CPU {cpu['write'][-1]:.1f} s)",
            flush=True,
        )
        copy.unlink()
    p, w, e, cw = (statistics.median(x) for x in (plain, with_reg, export, write))
    print(
        f"medians: consolidate without {p:.1f} s, with register {w:.1f} s ({w / p - 1:+.1%});"
        f" export of the year {e:.1f} s vs county workbook written in {cw:.1f} s ({e / cw:.2f}x)"
    )
    # CPU seconds swing far less than wall time on a shared machine: the figures to quote.
    p, w, e, cw = (statistics.median(cpu[k]) for k in ("plain", "with", "export", "write"))
    print(
        f"medians, CPU: consolidate without {p:.1f} s, with register {w:.1f} s ({w / p - 1:+.1%});"
        f" export of the year {e:.1f} s vs county workbook written in {cw:.1f} s ({e / cw:.2f}x)"
    )


if __name__ == "__main__":
    main()
