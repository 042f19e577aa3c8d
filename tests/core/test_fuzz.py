"""A fixed fuzz budget: mutants and crafted files through the CLI, batch by batch.

About 1-2 minutes on the 2-core VM (3 batches, 36 mutants and 11 crafted files, each batch
through `validate --json --annotate` and `consolidate`). benchmarks/fuzz.py runs the long one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.model.findings import make_finding
from core.writers.safe_cells import formula_is_safe
from tests.core.consolidate.files import school_file
from tests.core.fuzz_cases import crafted, mutants
from tests.core.reader.reader_corpus import ROSTER_HEADER, pupils, write_xls

ROOT = Path(__file__).resolve().parents[2]
MUTANTS = 36
BATCHES = 3


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SCHOOLROLL_IN_PROCESS", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def live_unsafe_formulas(path: Path) -> list[str]:
    """Formulas in a written workbook that reach outside it (there must be none)."""
    book = load_workbook(path)
    return [
        f"{ws.title}!{c.coordinate}"
        for ws in book.worksheets
        for c in ws._cells.values()
        if c.data_type == "f" and isinstance(c.value, str) and not formula_is_safe(c.value)
    ]


OLE = b"\xd0\xcf\x11\xe0"
"""How an encrypted copy begins (it is an OLE container, not a zip)."""


def check_batch(
    batch: Path, out: Path, codes: Counter[str] | None = None, encrypted_ok: bool = False
) -> list[str]:
    """Run one batch through validate and consolidate; the broken promises, if any.

    codes, when given, counts the findings validate reported; encrypted_ok accepts an output
    that is an encrypted copy (it cannot be reopened without its password)."""
    problems = []
    validated = _cli("validate", "--json", "--annotate", str(out / "标注"), str(batch))
    consolidated = _cli(
        "consolidate", str(batch), "--period", "2026-10", "--out", str(out / "汇总.xlsx"),
        "--feedback", str(out / "反馈"), "--json",
    )  # fmt: skip
    for run in (validated, consolidated):
        if run.returncode not in (0, 1):
            problems.append(f"exit {run.returncode}: {run.stderr[-300:]}")
        if "Traceback" in run.stderr or "panicked" in run.stderr:
            problems.append(f"stderr: {run.stderr[-300:]}")
    try:
        files = json.loads(validated.stdout)["files"]
        submitted = [s["path"] for s in json.loads(consolidated.stdout)["submissions"]]
    except (json.JSONDecodeError, KeyError):
        return [*problems, "a batch was lost: no JSON"]
    if codes is not None:
        codes.update(f["code"] for r in files for f in r.get("findings", []))
    unhandled = make_finding("unreadable-file", "unhandled", file="").message
    problems += [
        f"{r['path']}: the reader failed on its cells (a bug, not the file)"
        for r in files
        if any(f["message"] == unhandled for f in r.get("findings", []))
    ]
    reported = [r["path"] for r in files]
    for name in sorted(p.name for p in batch.iterdir()):
        for paths in (reported, submitted):
            if not any(Path(p).parts[1:2] == (name,) for p in paths):
                problems.append(f"{name} missing from a report")
    for written in sorted(out.rglob("*.xlsx")):
        try:
            problems += [f"{written.name}: live {c}" for c in live_unsafe_formulas(written)]
        except Exception as exc:  # an output that does not reopen
            if not (encrypted_ok and written.read_bytes()[:4] == OLE):
                problems.append(f"{written.name} does not reopen: {type(exc).__name__}")
    return problems


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("seeds")
    seeds = [
        school_file(root / "一小.xlsx", "4115250010", "第一小学", roster=list(range(30))),
        write_xls(root / "二小.xls", {"学生名册": [ROSTER_HEADER, *pupils(20)]}),
    ]
    files = dict(mutants(seeds, MUTANTS, seed=15))
    files.update(crafted(seeds[0].read_bytes()))
    batches = [tmp_path_factory.mktemp(f"batch{k}") for k in range(BATCHES)]
    for k, (name, data) in enumerate(sorted(files.items())):
        (batches[k % BATCHES] / name).write_bytes(data)
    return batches


@pytest.mark.parametrize("k", range(BATCHES))
def test_every_file_of_a_hostile_batch_is_reported_and_every_output_is_safe(
    corpus: list[Path], tmp_path: Path, k: int
) -> None:
    assert check_batch(corpus[k], tmp_path) == []
