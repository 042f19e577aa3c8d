"""Instructions the reader's Python side spends on a county's workbooks, counted by callgrind.

    .venv/bin/python benchmarks/count_interpret.py --dir OUT [--files 40]

OUT is a sample county (``schoolroll demo --out OUT``). The first FILES plain workbooks of its
inbox are parsed by calamine, interpreted once to warm the caches, then interpreted again while
callgrind counts instructions (needs valgrind: ``apt install valgrind``; about a minute).

Wall time on a shared 2-core VM swings by half from one minute to the next; this count does not
(repeated runs agree within 0.2 %). Run it in two checkouts to compare changes to
interpretation (columns, tables, headers, records); it says nothing about parsing, threads or
the GIL, which only bench_read.py measures.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_INSIDE = "SCHOOLROLL_UNDER_CALLGRIND"


def _interpret(inbox: Path, files: int) -> None:
    from bench_read import plain_xlsx

    from core.mapping import NO_MAPPING
    from core.reader import workbook

    loaded = [(s, workbook._load(s, ()), NO_MAPPING) for s in plain_xlsx(inbox)[:files]]
    for item in loaded:
        workbook._interpret(*item)
    # callgrind counts only inside functools.reduce, which nothing else here calls
    functools.reduce(lambda _, item: workbook._interpret(*item), loaded, None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, required=True, help="a sample county")
    parser.add_argument("--files", type=int, default=40)
    args = parser.parse_args()
    inbox = args.dir / "收件箱"
    if os.environ.get(_INSIDE):
        _interpret(inbox, args.files)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt install valgrind)", file=sys.stderr)
        return 2
    command = [
        "valgrind",
        "--tool=callgrind",
        "--collect-atstart=no",
        "--toggle-collect=functools_reduce",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        *sys.argv[1:],
    ]
    done = subprocess.run(
        command, env={**os.environ, _INSIDE: "1"}, capture_output=True, text=True, check=False
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode or not found:
        print(done.stderr[-2000:], file=sys.stderr)
        return 1
    print(f"interpreting {args.files} workbooks: {int(found[1]) / 1e6:.1f} M instructions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
