"""The long fuzz: seeded mutants of the sample files and the crafted corpus, batch by batch,
through ``validate --json --annotate`` and ``consolidate --json`` in fresh CLI processes.

    .venv/bin/python benchmarks/fuzz.py [--minutes 5] [--seed 15] [--batch 8]

The same mutators as the in-suite budget (tests/core/fuzz_cases.py: byte, zip/XML structure and
cell-value mutants), the crafted files once, then new seeded mutants until the time is up. Each
batch is checked as tests/core/test_fuzz.py checks it (every file reported by both commands,
exit 0 or 1, no traceback or panic text, every output reopens with no live formula outside the
allow-list); a broken promise counts as a crash and its batch is kept for replay.

Each file is also timed on its own: validated and annotated in a worker process of the
supervisor the CLI uses (core/supervisor.py: the same memory ceiling and time limit), which
resets its peak-RSS mark before each file (Linux /proc/self/clear_refs) so that the peak it
reports is that file's. A file whose worker died or overran is counted with its reason.

Prints cases run, batches, batches lost (no JSON from a command; goal 0), files missing from a
report (goal 0), other broken promises, where failing batches were kept, the slowest file (goal
under 30 s) and the largest peak RSS of one file among inputs under 10 MB (goal under 1 GB),
findings by code (of `validate --json`), peak RSS of any CLI child process and the slowest batch.
"""

from __future__ import annotations

import argparse
import collections
import functools
import random
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.reader import expand_inputs  # noqa: E402
from core.supervisor import Lost, Supervisor  # noqa: E402
from core.validate import annotate, validate_workbook  # noqa: E402
from tests.core.consolidate.files import school_file  # noqa: E402
from tests.core.fuzz_cases import crafted, mutants  # noqa: E402
from tests.core.reader.reader_corpus import ROSTER_HEADER, pupils, write_xls  # noqa: E402
from tests.core.test_fuzz import check_batch  # noqa: E402

SMALL = 10 << 20
"""Inputs under this size must be read in under 1 GB (issue 15)."""


def _reset_peak() -> bool:
    """Reset this process's peak-RSS mark (VmHWM); False where the system cannot."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_bytes() -> int:
    """This process's peak RSS since the last reset (else since it started)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def one_file(path: str, out: str) -> tuple[float, int, bool]:
    """In a worker: read, check and annotate one input file (a zip: each member), as
    `validate --annotate` does; (seconds, peak RSS in bytes, whether the peak is this file's).

    The imports are made when the worker starts (it imports this script): not timed here."""
    own = _reset_peak()
    start = time.perf_counter()
    sources, _ = expand_inputs([path])
    for k, source in enumerate(sources):
        report = validate_workbook(source)
        if report.status not in ("unreadable", "skipped"):
            annotate(report, Path(out), f"{k}.xlsx")
    return time.perf_counter() - start, _peak_bytes(), own


@dataclass
class Singles:
    """Each file timed on its own: the slowest, the biggest, and those lost in their worker."""

    files: int = 0
    slowest: tuple[float, str] = (0.0, "")
    peak: tuple[int, str] = (0, "")
    """Largest peak RSS of one input under SMALL."""
    own_peaks: bool = True
    lost: collections.Counter[str] = field(default_factory=collections.Counter)

    def measure(self, supervisor: Supervisor, files: list[Path], out: Path) -> None:
        tasks = [
            functools.partial(one_file, str(f), str(out / f"s{k}")) for k, f in enumerate(files)
        ]
        for f, got in zip(files, supervisor.run(tasks), strict=True):
            self.files += 1
            if isinstance(got, Lost):
                self.lost[got.reason] += 1
                continue
            seconds, peak, own = got
            self.slowest = max(self.slowest, (seconds, f.name))
            self.own_peaks &= own
            if f.stat().st_size < SMALL:
                self.peak = max(self.peak, (peak, f.name))

    def report(self) -> None:
        print(
            f"files timed singly: {self.files}; slowest file {self.slowest[0]:.1f} s "
            f"({self.slowest[1]!r}; goal < 30 s); largest peak RSS of one file under 10 MB "
            f"{self.peak[0] / 2**20:.0f} MB ({self.peak[1]!r}; goal < 1 GB)"
            + ("" if self.own_peaks else " (peaks not resettable here: worker peaks so far)")
        )
        if self.lost:
            print("lost in their worker: " + "; ".join(f"{r} x{n}" for r, n in self.lost.items()))


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
    cases = batches = crashes = lost = missing = 0
    slowest = (0.0, 0)
    singles, supervisor = Singles(), Supervisor(2)
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
        singles.measure(supervisor, sorted(batch.iterdir()), out)
        lost += any("a batch was lost" in p for p in problems)
        missing += sum("missing from a report" in p for p in problems)
        if problems:
            crashes += 1
            shutil.copytree(batch, keep / batch.name)
            print(f"batch {batches}: {'; '.join(problems[:5])} (kept in {keep / batch.name})")
        shutil.rmtree(batch)
        shutil.rmtree(out)
        batches += 1
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"seed {args.seed}, {args.minutes:g} min: {cases} cases in {batches} batches "
          f"of {args.batch}; batches lost {lost}, files missing from a report {missing}, "
          f"batches with any broken promise {crashes}")  # fmt: skip
    singles.report()
    print(f"peak RSS of a child process {peak_mb:.0f} MB; slowest batch {slowest[0]:.1f} s "
          f"(two CLI runs of {args.batch} files)")  # fmt: skip
    print("findings by code: " + ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    if not crashes:
        shutil.rmtree(work)
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
