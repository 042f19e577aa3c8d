"""The long fuzz: seeded mutants of the sample files and the crafted corpus, batch by batch,
through ``validate --json --annotate`` and ``consolidate --json`` in fresh CLI processes.

    .venv/bin/python benchmarks/fuzz.py [--minutes 5] [--seed 15] [--batch 8]

The same mutators as the in-suite budget (tests/core/fuzz_cases.py: byte, zip/XML structure and
cell-value mutants), the crafted files once, then new seeded mutants until the time is up. Each
batch is checked as tests/core/test_fuzz.py checks it (every file reported by both commands,
exit 0 or 1, no traceback or panic text, every output reopens with no live formula outside the
allow-list); a broken promise counts as a crash and its batch is kept for replay.

Prints cases run, batches, crashes (goal 0) with where the batch was kept, findings by code (of
`validate --json`), peak RSS of any child process and the slowest batch.
"""

from __future__ import annotations

import argparse
import collections
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.consolidate.files import school_file  # noqa: E402
from tests.core.fuzz_cases import crafted, mutants  # noqa: E402
from tests.core.reader.reader_corpus import ROSTER_HEADER, pupils, write_xls  # noqa: E402
from tests.core.test_fuzz import check_batch  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--batch", type=int, default=8, help="files per batch")
    ap.add_argument("--keep", default=None, help="folder for crashing batches (default: temp)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="schoolroll-fuzz-"))
    keep = Path(args.keep) if args.keep else work / "crashes"
    seeds_dir = work / "seeds"
    seeds_dir.mkdir()
    seeds = [
        school_file(seeds_dir / "一小.xlsx", "4115250010", "第一小学", roster=list(range(30))),
        write_xls(seeds_dir / "二小.xls", {"学生名册": [ROSTER_HEADER, *pupils(20)]}),
    ]
    rng = random.Random(args.seed)
    pending = list(crafted(seeds[0].read_bytes()).items())
    deadline = time.monotonic() + args.minutes * 60
    codes: collections.Counter[str] = collections.Counter()
    cases = batches = crashes = 0
    slowest = (0.0, 0)
    while time.monotonic() < deadline:
        if len(pending) < args.batch:
            pending += list(mutants(seeds, args.batch * 4, seed=rng.randrange(2**32)))
        chosen, pending = pending[: args.batch], pending[args.batch :]
        batch, out = work / f"b{batches:05d}", work / f"o{batches:05d}"
        batch.mkdir()
        out.mkdir()
        for name, data in chosen:
            (batch / name).write_bytes(data)
        started = time.monotonic()
        problems = check_batch(batch, out, codes, encrypted_ok=True)
        took = time.monotonic() - started
        slowest = max(slowest, (took, batches))
        cases += len(chosen)
        if problems:
            crashes += 1
            shutil.copytree(batch, keep / batch.name)
            print(f"batch {batches}: {'; '.join(problems[:5])} (kept in {keep / batch.name})")
        shutil.rmtree(batch)
        shutil.rmtree(out)
        batches += 1
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"seed {args.seed}, {args.minutes:g} min: {cases} cases in {batches} batches "
          f"of {args.batch}, crashes {crashes}")  # fmt: skip
    print(f"peak RSS of a child process {peak_mb:.0f} MB; slowest batch {slowest[0]:.1f} s "
          f"(two CLI runs of {args.batch} files)")  # fmt: skip
    print("findings by code: " + ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    if not crashes:
        shutil.rmtree(work)
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
