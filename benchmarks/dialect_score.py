"""How the reader scores on the dialect corpus: columns tried, mapped right, mapped wrong, left
unmapped (issue 14's figures), over generated school sheets in many vocabularies.

    .venv/bin/python benchmarks/dialect_score.py [--books 160] [--ledgers 60] [--seed 20261014]

Each book holds a 学籍名册, a 考勤 and a 劝返记录 sheet in a random dialect with near-miss
columns among them (tests/core/reader/dialects.py), and each ledger a 辍学台账 with numbered
劝返 columns (第一次劝返日期 …) and near-misses (tests/core/reader/layouts.py); part of their
vocabulary is held back from every list the matcher uses. A column a person reads as a field is
right when read as that field, wrong when read as another, unmapped when not read; a near-miss
is right when left alone and wrong when read as anything. The figures are counts, not times:
the load of the machine does not move them.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "core" / "reader"))  # the corpus imports its siblings

from dialects import attendance, roster, visits  # noqa: E402
from layouts import ledger_with_attempts  # noqa: E402
from reader_corpus import write_xlsx  # noqa: E402

from core.catalogue.school_monthly import RETURN_VISITS  # noqa: E402
from core.reader import read_workbook  # noqa: E402
from core.reader.model import SheetTable, WorkbookRead  # noqa: E402


def _fields(table: SheetTable | None) -> dict[str, str | None]:
    """Header text -> the field it was read as (None: kept as an extra column)."""
    if table is None:
        return {}
    fields: dict[str, str | None] = dict.fromkeys(table.extra_columns)
    fields.update({text: key for key, text in table.headers.items()})
    return fields


def _ledger_fields(read: WorkbookRead) -> dict[str, str | None]:
    """Header text -> the 劝返 field a ledger column was read as (its visits-in-ledger note)."""
    ledger = read.table("dropout")
    if ledger is None:
        return {}
    by_letter = {letter: text for text, letter in ledger.extra_columns.items()}
    by_letter |= {letter: ledger.headers[key] for key, letter in ledger.columns.items()}
    keys = {c.header: c.key for c in RETURN_VISITS.columns}
    fields: dict[str, str | None] = dict.fromkeys(ledger.extra_columns)
    for f in read.findings:
        if f.code == "visits-in-ledger" and f.column in by_letter and f.field in keys:
            fields[by_letter[f.column]] = keys[f.field]
    return fields


def score(truth: dict[str, str | None], read: dict[str, str | None], tally: Counter) -> None:
    """Count one sheet's columns into the tally."""
    for header, field in truth.items():
        got = read.get(header)
        tally["tried"] += 1
        if field is None:
            tally["near-misses"] += 1
            tally["right" if got is None else "wrong"] += 1
        elif got == field:
            tally["right"] += 1
        else:
            tally["wrong" if got is not None else "unmapped"] += 1
            if _DEBUG:
                print(header, field, got, read)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--books", type=int, default=160)
    ap.add_argument("--ledgers", type=int, default=60)
    ap.add_argument("--seed", type=int, default=20261014)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tallies: dict[str, Counter] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.books):
            sheets = {"学生名单": roster(rng), "出勤": attendance(rng), "劝返": visits(rng)}
            path = write_xlsx(Path(tmp) / f"d{n}.xlsx", {k: s.rows for k, s in sheets.items()})
            read = read_workbook(path)
            for sheet in sheets.values():
                read_fields = _fields(read.table(sheet.kind))
                score(sheet.truth, read_fields, tallies.setdefault(sheet.kind, Counter()))
        for n in range(args.ledgers):
            ledger, _ = ledger_with_attempts(rng)
            sheets = {ledger.name: ledger.rows}
            path = write_xlsx(Path(tmp) / f"l{n}.xlsx", sheets, merges={ledger.name: ledger.merges})
            read = read_workbook(path)
            truth = {
                h: ledger.headers.get(h)
                for h in ledger.texts
                if h not in _LEDGER_OWN or h in ledger.headers
            }
            got = _ledger_fields(read)
            score(truth, got, tallies.setdefault("dropout 劝返 columns", Counter()))
    total: Counter = Counter()
    print(f"{'sheet':<22}{'tried':>7}{'right':>7}{'wrong':>7}{'unmapped':>10}{'near-misses':>13}")
    for kind, tally in [*tallies.items(), ("all", None)]:
        tally = tally if tally is not None else total
        if kind != "all":
            total.update(tally)
        print(
            f"{kind:<22}{tally['tried']:>7}{tally['right']:>7}{tally['wrong']:>7}"
            f"{tally['unmapped']:>10}{tally['near-misses']:>13}"
        )
    print("goal: mapped wrong 0 (a wrong column is worse than a missing one), unmapped 0")
    return 0 if total["wrong"] == 0 else 1


_DEBUG = False
_LEDGER_OWN = frozenset(
    {"序号", "姓名", "身份证件号", "辍学年月", "辍学原因", "劝返责任人", "状态"}
)
"""The ledger's own columns, read as its form: not scored here, except its 劝返责任人 when it
gives the 劝返 their 劝返人员."""


if __name__ == "__main__":
    raise SystemExit(main())
