"""Benchmark: roll a prefecture of large county workbooks up, and the prefecture to a province.

Run: /work/venv/bin/python benchmarks/bench_rollup.py [--counties 8] [--pupils 25000]
The county workbooks are written by the county writer itself (the standard form a prefecture
receives), with synthetic pupils: 2 % suspected, 0.5 % dropouts. Timings are one cold run each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import pandas as pd

from core.model.books import CountyBook
from core.rollup import rollup
from core.writers.county_writer import write_county_workbook

PERIOD = "2026-10"
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id(county: str, n: int) -> str:
    body = f"{county}2014{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"[:17]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _W, strict=True)) % 11]


def _frames(county: str, pupils: int) -> dict[str, pd.DataFrame]:
    school = [f"21{county[:2]}{i % 40:06d}" for i in range(pupils)]
    base = pd.DataFrame(
        {
            "county_code": county,
            "school_code": school,
            "school_name": "某校",
            "name": [f"学生{i}" for i in range(pupils)],
            "gender": "1",
            "grade": "5",
            "id_number": [_id(county, i) for i in range(pupils)],
            "birth_date": dt.date(2014, 5, 1),
            "source_file": "学校.xlsx",
            "source_sheet": "学籍名册",
            "source_row": range(3, pupils + 3),
        }
    )
    attendance = base.assign(
        days_due=20, days_present=[20 if i % 50 else 0 for i in range(pupils)], days_absent=0
    )
    suspected = base.iloc[::50].assign(
        status="1", first_absence=dt.date(2026, 10, 8), absent_days=12, responsible="班主任"
    )
    dropout = base.iloc[1::200].assign(
        status="1", dropout_month="2026-09", reason="01", responsible="班主任", migrant=False
    )
    visits = base.iloc[0:0]
    return {
        "roster": base,
        "attendance": attendance,
        "suspected": suspected,
        "dropout": dropout,
        "return-visits": visits,
    }


def write_county(out: Path, county: str, pupils: int) -> Path:
    """One county workbook of `pupils` pupils."""
    frames = _frames(county, pupils)
    counts = {
        "roster_count": pupils,
        "attending_count": int((frames["attendance"]["days_present"] > 0).sum()),
        "suspected_count": len(frames["suspected"]),
        "dropout_count": len(frames["dropout"]),
        "returned_count": 0,
    }
    info = {
        "county_code": county,
        "county_name": f"{county}县",
        "period": PERIOD,
        "made_on": dt.date(2026, 10, 29),
        "rules_version": "2026.1",
        "schools_expected": 40,
        "schools_received": 40,
    }
    schools = [{"county_code": county, "school_name": "全县合计", **counts}]
    book = CountyBook(info=info, schools=schools, frames=frames)
    return write_county_workbook(book, out).path


def main() -> None:
    """Write the counties, then time the two roll-ups."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--counties", type=int, default=8)
    p.add_argument("--pupils", type=int, default=25000)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "县").mkdir()
        t = time.perf_counter()
        for i in range(args.counties):
            write_county(root / "县" / f"{i}.xlsx", f"4115{21 + i:02d}", args.pupils)
        print(f"写出 {args.counties} 个县区汇总：{time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        pref = rollup(root / "县", "prefecture", PERIOD, root / "省" / "地市.xlsx")
        print(f"地市汇总（{args.counties * args.pupils} 名学生）：{time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        rollup(root / "省", "province", PERIOD, root / "省级.xlsx")
        print(f"省级汇总（1 个地市）：{time.perf_counter() - t:.1f} s")
        print(f"合计在籍 {pref.totals['roster_count']}，问题 {len(pref.findings)} 条")


if __name__ == "__main__":
    main()
