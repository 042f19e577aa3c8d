"""Reading a county's submissions: SchoolRoll's reader against the unzip+expat floor and pandas.

    /work/venv/bin/python benchmarks/bench_read.py [--dir OUT] [--schools 300] [--students 330]

OUT is a sample county made by ``schoolroll demo --out OUT --schools 300 --students 330``; it is
generated into a temporary folder when --dir is not given. Every plain .xlsx of the inbox
(zip members included; the .xls and the password-protected file are left out, as neither the
floor nor pandas can read them) is timed three ways, in one run:

- floor: unzip every worksheet and sharedStrings part and tokenise it with expat, no handlers;
- pandas: ``pandas.read_excel(sheet_name=None, engine="openpyxl")``, what a user would write;
- SchoolRoll: ``core.reader.read_workbooks`` (2 threads), typed tables and findings.

Goal: SchoolRoll within 2.5x the floor, and at least 8x faster than pandas.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.parsers import expat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.reader import Source, expand_inputs, read_workbook, read_workbooks


def plain_xlsx(inbox: Path) -> list[Source]:
    """The inbox's sources that are unencrypted .xlsx files."""
    sources, _ = expand_inputs([inbox])
    keep = []
    for source in sources:
        data = source.read_bytes()
        if data[:2] == b"PK" and "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist():
            keep.append(source)
    return keep


def floor(sources: list[Source]) -> int:
    """Unzip and expat-tokenise every sheet and sharedStrings; returns the bytes parsed."""
    total = 0
    for source in sources:
        with zipfile.ZipFile(io.BytesIO(source.read_bytes())) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                    xml = archive.read(name)
                    expat.ParserCreate().Parse(xml, True)
                    total += len(xml)
    return total


def pandas_openpyxl(sources: list[Source]) -> int:
    """pandas.read_excel with openpyxl over every sheet; returns the rows read."""
    import pandas as pd

    rows = 0
    for source in sources:
        frames = pd.read_excel(io.BytesIO(source.read_bytes()), sheet_name=None, engine="openpyxl")
        rows += sum(len(f) for f in frames.values())
    return rows


def schoolroll(sources: list[Source], threads: bool = True) -> int:
    """SchoolRoll's reader; returns the data rows read into tables."""
    reads = read_workbooks(sources) if threads else map(read_workbook, sources)
    return sum(t.rows for r in reads for t in r.tables)


def timed(fn, *args):
    """(wall seconds, CPU seconds of this process, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def make_county(out: Path, schools: int, students: int) -> Path:
    """A sample county in OUT; returns its inbox."""
    from core.demo import generate_county

    return generate_county(out, schools=schools, students=students).inbox


def main() -> None:
    """Time the three readers over one county and print the figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="an existing sample county (schoolroll demo)")
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--students", type=int, default=330)
    parser.add_argument("--skip-pandas", action="store_true", help="skip the slow baseline")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of the fast readers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.dir or Path(tmp)
        inbox = out / "收件箱" if args.dir else make_county(out, args.schools, args.students)
        sources = plain_xlsx(inbox)
        print(f"{len(sources)} workbooks from {inbox}")
        run(sources, args.skip_pandas, args.repeat)


def line(label: str, wall: float | str, cpu: float | str) -> None:
    """One row of the figures table."""
    fmt = "8.2f" if isinstance(wall, float) else ">8s"
    print(f"{label:48s}{wall:{fmt}}{cpu:{fmt}}")


def rounds(repeat: int, readers: dict[str, tuple]) -> dict[str, list[tuple[float, float, int]]]:
    """Each reader timed once per round, the rounds one after another.

    The machine is shared and its speed drifts over minutes, so readers are interleaved rather
    than timed one after the other: a ratio within a round compares like with like."""
    times: dict[str, list[tuple[float, float, int]]] = {name: [] for name in readers}
    for _ in range(repeat):
        for name, (fn, *args) in readers.items():
            times[name].append(timed(fn, *args))
    return times


def run(sources: list[Source], skip_pandas: bool, repeat: int) -> None:
    """Warm the caches, then time each reader (wall clock, and CPU time of the process)."""
    floor(sources)  # warm the page cache and the imports for every method alike
    schoolroll(sources[:3])
    times = rounds(
        repeat,
        {
            "floor": (floor, sources),
            "sr": (schoolroll, sources),
            "sr1": (schoolroll, sources, False),
        },
    )
    w_floor, c_floor, size = min(times["floor"])
    w_sr, c_sr, rows = min(times["sr"])
    w_sr1, c_sr1, _ = min(times["sr1"])
    line("", "wall s", "CPU s")
    line(f"floor: unzip + expat ({size / 2**20:.0f} MiB of XML)", w_floor, c_floor)
    line(f"SchoolRoll, 2 threads ({rows} rows)", w_sr, c_sr)
    line("SchoolRoll, 1 thread", w_sr1, c_sr1)
    print("rounds (wall s): floor / SchoolRoll 2 threads / 1 thread")
    for f, sr, sr1 in zip(times["floor"], times["sr"], times["sr1"], strict=True):
        print(f"  {f[0]:6.2f} {sr[0]:6.2f} {sr1[0]:6.2f}   {sr[0] / f[0]:.2f}x")
    per_round = [s[0] / f[0] for s, f in zip(times["sr"], times["floor"], strict=True)]
    print(
        f"SchoolRoll / floor: {w_sr / w_floor:.2f}x wall (2 threads, best runs), "
        f"{statistics.median(per_round):.2f}x median of {repeat} rounds; "
        f"{c_sr1 / c_floor:.2f}x CPU (1 thread); goal <= 2.5x"
    )
    if not skip_pandas:
        w_pd, c_pd, pd_rows = timed(pandas_openpyxl, sources)
        line(f"pandas.read_excel(engine=openpyxl) ({pd_rows} rows)", w_pd, c_pd)
        print(f"pandas / SchoolRoll: {w_pd / w_sr:.1f}x wall, {c_pd / c_sr1:.1f}x CPU; goal >= 8x")


if __name__ == "__main__":
    main()
