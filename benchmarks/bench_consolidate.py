"""The county's month: SchoolRoll's whole consolidation against a user's pandas script.

    .venv/bin/python benchmarks/bench_consolidate.py [--dir OUT] [--schools 300]
                                                     [--students 330]
    .venv/bin/python benchmarks/bench_consolidate.py --dir OUT --compare-isolation [--rounds 3]

OUT is a sample county made by ``schoolroll demo --out OUT --schools 300 --students 330``; it is
generated into a temporary folder when --dir is not given. Each side runs in a fresh process
(imports done before its clock starts), one after the other, in this one run:

- SchoolRoll: ``core.consolidate.consolidate`` with the school list, 户籍, 脱贫户 and platform
  lists: read and validate every file (two worker processes for a big inbox), inbox checks,
  merge, 三比对, county workbook. The split shows wall seconds per phase; "in workers" figures
  are the seconds the worker processes spent reading and validating (they overlap).
- pandas: what a clerk would script: ``pandas.read_excel(sheet_name=None, engine="openpyxl")``
  for every workbook of the inbox (zip members too; files it cannot open are skipped),
  ``pandas.concat`` per sheet name, ``DataFrame.to_excel`` of each merged sheet into one file.
  It does no checking at all.

Prints both times, the ratio, each side's peak RSS and SchoolRoll's split by phase.
Goal: at least 5x faster than the script, peak memory under 1 GB.

With --compare-isolation only SchoolRoll runs, in rounds: each round consolidates once with every
file read in supervised worker processes (isolation on, as the CLI and the window run) and once
read in this process, on threads (isolation off: SCHOOLROLL_IN_PROCESS=1, a switch for
benchmarking only), each in a fresh process, the order alternating from round to round so that
a drift of the shared machine's speed falls on both. It prints every round, the medians, the
ratio on/off (median of the rounds' ratios, and of the medians) and the load average before and
after. Goal: isolation costs at most 10 % (ratio <= 1.10).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    """Peak RSS of this process."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _workers_peak_mb() -> float:
    """Peak RSS of the largest finished child process (the worker processes), 0 if none."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process and its finished children (all threads)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_schoolroll(out: Path) -> dict:
    """The whole consolidation, as `schoolroll consolidate` runs it."""
    from core.consolidate import consolidate

    key = json.loads((out / "answer_key.json").read_text("utf-8"))
    start, cpu = time.perf_counter(), _cpu()
    result = consolidate(
        out / "收件箱",
        key["period"],
        out / "bench" / "县区汇总.xlsx",
        schools=out / "学校名录.xlsx",
        household=out / "户籍适龄儿童名单.xlsx",
        poverty=out / "脱贫户家庭成员名单.xlsx",
        platform=out / "平台推送疑似辍学名单.xlsx",
        passwords=key["passwords"],
    )
    seconds = time.perf_counter() - start
    from core import supervisor

    supervisor.shutdown()  # the workers' CPU and peak RSS count once they are reaped
    return {
        "seconds": seconds,
        "cpu": _cpu() - cpu,
        "timings": result.timings,
        "peak_mb": _peak_mb(),
        "workers_peak_mb": _workers_peak_mb(),
        "totals": result.totals,
        "files": len(result.submissions),
    }


def _workbooks(inbox: Path):
    for path in sorted(inbox.rglob("*")):
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    if name.lower().endswith((".xlsx", ".xls")):
                        yield name, io.BytesIO(z.read(name))
        elif path.suffix.lower() in (".xlsx", ".xls"):
            yield path.name, path


def run_pandas(out: Path) -> dict:
    """read_excel every workbook, concat per sheet name, to_excel the lot."""
    import pandas as pd

    start, cpu = time.perf_counter(), _cpu()
    frames: dict[str, list] = {}
    skipped = 0
    for name, source in _workbooks(out / "收件箱"):
        engine = "xlrd" if name.lower().endswith(".xls") else "openpyxl"
        try:
            sheets = pd.read_excel(source, sheet_name=None, engine=engine)
        except Exception:  # a clerk's script skips what it cannot open
            skipped += 1
            continue
        for sheet, df in sheets.items():
            frames.setdefault(sheet, []).append(df.assign(来源文件=name))
    read = time.perf_counter() - start
    target = out / "bench" / "pandas_合并.xlsx"
    target.parent.mkdir(exist_ok=True)
    with pd.ExcelWriter(target) as writer:
        for sheet, parts in frames.items():
            pd.concat(parts, ignore_index=True).to_excel(writer, sheet_name=sheet[:31], index=False)
    seconds = time.perf_counter() - start
    rows = sum(len(p) for parts in frames.values() for p in parts)
    return {
        "seconds": seconds,
        "cpu": _cpu() - cpu,
        "read": read,
        "write": seconds - read,
        "peak_mb": _peak_mb(),
        "rows": rows,
        "skipped": skipped,
    }


IN_PROCESS = "SCHOOLROLL_IN_PROCESS"
"""core.execution.IN_PROCESS: set to 1, the consolidating process reads every file on threads."""


def _child(side: str, out: Path, isolation: bool = True) -> dict:
    env = dict(os.environ)
    env.pop(IN_PROCESS, None)
    if not isolation:
        env[IN_PROCESS] = "1"
    proc = subprocess.run(
        [sys.executable, __file__, "--child", side, "--dir", str(out)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _load() -> str:
    """The 1-, 5- and 15-minute load averages, as uptime prints them."""
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def compare_isolation(out: Path, rounds: int) -> dict[str, list[dict]]:
    """Rounds of isolation on and off, interleaved; prints each round and the verdict."""
    runs: dict[str, list[dict]] = {"on": [], "off": []}
    print(f"load average before: {_load()}")
    print("round  order     on: wall   CPU   off: wall   CPU   on/off")
    for n in range(rounds):
        order = ("on", "off") if n % 2 == 0 else ("off", "on")
        got = {mode: _child("schoolroll", out, isolation=mode == "on") for mode in order}
        for mode in order:
            runs[mode].append(got[mode])
        on, off = got["on"], got["off"]
        print(
            f"{n + 1:5d}  {'/'.join(order):8s} {on['seconds']:8.1f} {on['cpu']:6.1f} "
            f"{off['seconds']:10.1f} {off['cpu']:6.1f} {on['seconds'] / off['seconds']:8.2f}x"
        )
    _isolation_verdict(runs)
    print(f"load average after:  {_load()}")
    return runs


def _isolation_verdict(runs: dict[str, list[dict]]) -> None:
    med = {m: statistics.median(r["seconds"] for r in rs) for m, rs in runs.items()}
    cpu = {m: statistics.median(r["cpu"] for r in rs) for m, rs in runs.items()}
    pairs = zip(runs["on"], runs["off"], strict=True)
    ratios = [on["seconds"] / off["seconds"] for on, off in pairs]
    ratio = statistics.median(ratios)
    for mode, label in (("on", "isolation on (worker processes)"), ("off", "isolation off")):
        last = runs[mode][-1]
        print(
            f"{label:32s} median {med[mode]:.1f} s wall, {cpu[mode]:.1f} s CPU; "
            f"split of the last run: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in last["timings"].items())
        )
    verdict = "met" if ratio <= 1.10 else "NOT met"
    print(
        f"isolation on / off: {ratio:.2f}x (median of {len(ratios)} rounds' ratios), "
        f"{med['on'] / med['off']:.2f}x (ratio of the medians); goal <= 1.10x {verdict}"
    )


def _report(ours: dict, theirs: dict) -> None:
    print(
        f"SchoolRoll consolidate: {ours['seconds']:.1f} s wall, {ours['cpu']:.1f} s CPU "
        f"(with its worker processes), peak RSS {ours['peak_mb']:.0f} MB "
        f"(each worker process at most {ours['workers_peak_mb']:.0f} MB), {ours['files']} files"
    )
    print(f"  totals {ours['totals']}")
    print("  split: " + ", ".join(f"{k} {v:.1f} s" for k, v in ours["timings"].items()))
    print(
        f"pandas script:          {theirs['seconds']:.1f} s wall, {theirs['cpu']:.1f} s CPU "
        f"(read {theirs['read']:.1f} s, concat+write {theirs['write']:.1f} s), "
        f"peak RSS {theirs['peak_mb']:.0f} MB, {theirs['rows']} rows, "
        f"{theirs['skipped']} files skipped"
    )
    ratio = theirs["seconds"] / ours["seconds"]
    cpu_ratio = theirs["cpu"] / ours["cpu"]
    memory = ours["peak_mb"] + 2 * ours["workers_peak_mb"]
    verdict = "met" if ratio >= 5 and memory < 1024 else "NOT met"
    print(
        f"ratio: SchoolRoll is {ratio:.1f}x faster by wall time, {cpu_ratio:.1f}x by CPU time; "
        f"memory of the process tree at most {memory:.0f} MB; goal (>= 5x, < 1 GB) {verdict}"
    )


def main() -> None:
    """Generate (or reuse) the sample county, run both sides, print the comparison."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dir", type=Path)
    p.add_argument("--schools", type=int, default=300)
    p.add_argument("--students", type=int, default=330)
    p.add_argument("--child", choices=("schoolroll", "pandas"))
    p.add_argument(
        "--compare-isolation",
        action="store_true",
        help="SchoolRoll only: rounds with isolation on and off, interleaved",
    )
    p.add_argument("--rounds", type=int, default=3, help="rounds of --compare-isolation")
    p.add_argument(
        "--side",
        choices=("both", "schoolroll", "pandas"),
        default="both",
        help="run one side only (a quick check)",
    )
    args = p.parse_args()
    if args.child:
        run = run_schoolroll if args.child == "schoolroll" else run_pandas
        print(json.dumps(run(args.dir), ensure_ascii=False))
        return
    out = args.dir or Path(tempfile.mkdtemp(prefix="bench_consolidate_"))
    if not (out / "answer_key.json").exists():
        from core.demo import generate_county

        generate_county(out, schools=args.schools, students=args.students)
    if args.compare_isolation:
        compare_isolation(out, args.rounds)
        return
    ours = _child("schoolroll", out) if args.side != "pandas" else None
    theirs = _child("pandas", out) if args.side != "schoolroll" else None
    if ours and theirs:
        _report(ours, theirs)
    else:
        print(json.dumps(ours or theirs, ensure_ascii=False))


if __name__ == "__main__":
    main()
