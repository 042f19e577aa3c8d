"""Run the sample county through two checkouts and compare every output they write.

A restructuring must not change what a user gets. This script generates the sample county once
(with the first checkout), then runs each checkout's CLI on the same files:

    validate --json --annotate, consolidate --json --feedback, rollup --json (prefecture)

and dumps every JSON document and every workbook written (each cell's value, comment and fill,
sheet by sheet) into a folder per checkout, with the run's own paths and today's date replaced by
placeholders. Then it prints the differences, output by output.

    .venv/bin/python benchmarks/compare_outputs.py --before /tmp/base --after . [--keep DIR]

Exit status 0 when both checkouts wrote the same, 1 when something differs. Differences that are
intended are listed in the closing note of the change that makes them, never hidden here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PERIOD = "2026-10"
_TODAY = dt.date.today()
_DATE_TEXTS = (_TODAY.isoformat(), f"{_TODAY.year}年{_TODAY.month}月{_TODAY.day}日")


def _cli(checkout: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`schoolroll ARGS` run from a checkout's own code (never the installed one)."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); del sys.argv[1];"
        "from desktop.cli import main; raise SystemExit(main(sys.argv[1:]))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [sys.executable, "-c", code, str(checkout), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _scrub(text: str, run_dir: Path) -> str:
    text = text.replace(str(run_dir), "<run>")
    for today in _DATE_TEXTS:
        text = text.replace(today, "<today>")
    return re.sub(r"\d{2}:\d{2}:\d{2}", "<time>", text)


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return "<today>" if value.date() == _TODAY else value.isoformat()
    if isinstance(value, dt.date):
        return "<today>" if value == _TODAY else value.isoformat()
    return value


def dump_workbook(path: Path, run_dir: Path) -> list[str]:
    """One line per non-empty cell: sheet!A1 value [comment] [fill]; plus each sheet's setup."""
    from openpyxl import load_workbook

    lines = []
    wb = load_workbook(path)
    for ws in wb.worksheets:
        lines.append(f"== {ws.title} (state {ws.sheet_state}, freeze {ws.freeze_panes})")
        for row in ws.iter_rows():
            for c in row:
                fill = c.fill.fgColor.rgb if c.fill and c.fill.fill_type else None
                if c.value is None and c.comment is None and fill is None:
                    continue
                note = f" [注: {c.comment.text}]" if c.comment else ""
                colour = f" [fill {fill}]" if fill else ""
                lines.append(f"{ws.title}!{c.coordinate} {_cell(c.value)!r}{note}{colour}")
    return [_scrub(line, run_dir) for line in lines]


def _json_lines(text: str, run_dir: Path) -> list[str]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        return [_scrub(text, run_dir)]
    return _scrub(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True), run_dir).split(
        "\n"
    )


def run_checkout(checkout: Path, county: Path, run_dir: Path) -> dict[str, list[str]]:
    """Every output of one checkout on the sample county, as comparable lines by name."""
    shutil.copytree(county, run_dir)
    key = json.loads((run_dir / "answer_key.json").read_text(encoding="utf-8"))
    password = key["passwords"][0]
    out: dict[str, list[str]] = {}
    steps = {
        "validate": [
            "validate", "收件箱", "--json", "--annotate", "校验结果", "--password", password,
        ],
        "consolidate": [
            "consolidate", "收件箱", "--period", PERIOD, "--out", "上报/县区汇总.xlsx",
            "--schools", "学校名录.xlsx", "--household", "户籍适龄儿童名单.xlsx",
            "--poverty", "脱贫户家庭成员名单.xlsx", "--platform", "平台推送疑似辍学名单.xlsx",
            "--feedback", "反馈", "--password", password, "--json",
        ],
        "rollup": [
            "rollup", "上报", "--level", "prefecture", "--period", PERIOD,
            "--out", "地市汇总.xlsx", "--json",
        ],
    }  # fmt: skip
    for name, args in steps.items():
        done = _cli(checkout, *args, cwd=run_dir)
        out[f"{name}.exit"] = [str(done.returncode)]
        out[f"{name}.json"] = _json_lines(done.stdout, run_dir)
        out[f"{name}.stderr"] = [_scrub(done.stderr, run_dir)]
    for book in sorted(run_dir.rglob("*.xlsx")):
        rel = book.relative_to(run_dir)
        if rel.parts[0] in ("收件箱",) or (len(rel.parts) == 1 and rel.name != "地市汇总.xlsx"):
            continue
        out[str(rel)] = dump_workbook(book, run_dir)
    for text in sorted(run_dir.rglob("*.txt")):
        rel = text.relative_to(run_dir)
        if rel.parts[0] != "收件箱" and len(rel.parts) > 1:
            out[str(rel)] = _scrub(text.read_text(encoding="utf-8"), run_dir).split("\n")
    return out


def main(argv: list[str] | None = None) -> int:
    """Compare the outputs of two checkouts; print the differences."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="checkout before the change")
    parser.add_argument("--after", type=Path, required=True, help="checkout after the change")
    parser.add_argument("--keep", type=Path, help="keep the runs and dumps in this folder")
    parser.add_argument("--context", type=int, default=1, help="lines of context in diffs")
    args = parser.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="compare-"))
    if work.exists() and args.keep:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    county = work / "county"
    made = _cli(args.before.resolve(), "demo", "--out", str(county), cwd=work)
    if made.returncode != 0:
        print(made.stderr, file=sys.stderr)
        return 2
    runs = {}
    for side in ("before", "after"):
        checkout = getattr(args, side).resolve()
        runs[side] = run_checkout(checkout, county, work / side)
        (work / f"{side}.json").write_text(
            json.dumps(runs[side], ensure_ascii=False, indent=0), encoding="utf-8"
        )
    differ = 0
    for name in sorted(set(runs["before"]) | set(runs["after"])):
        a, b = runs["before"].get(name), runs["after"].get(name)
        if a == b:
            continue
        differ += 1
        if a is None or b is None:
            print(f"### {name}: only {'after' if a is None else 'before'}")
            continue
        print(f"### {name}")
        diff = difflib.unified_diff(a, b, "before", "after", n=args.context, lineterm="")
        print("\n".join(list(diff)[2:]))
    total = len(set(runs["before"]) | set(runs["after"]))
    print(f"{total} outputs compared, {differ} differ")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
