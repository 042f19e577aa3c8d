"""schoolroll checklist --period YYYY-MM --county FILE: the start-of-term field check-list."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from desktop.commands.common import print_json, unwritable

NAME = "checklist"
HELP = (
    "入户核查清单：由个案登记册和当月县区汇总列出仍在跟踪的个案，按学校和村排列，供开学初逐户核查"
)
EXIT_USAGE = 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of the command-line contract (docs/cli.md)."""
    p.add_argument("--period", required=True, metavar="YYYY-MM", help="截至该月仍在跟踪的个案")
    p.add_argument(
        "--county",
        required=True,
        metavar="FILE.xlsx",
        help="该月的县区汇总工作簿（取住址、监护人、电话、包保责任人）",
    )
    p.add_argument("--register", metavar="FILE", help="个案登记册，默认在用户数据文件夹中")
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="入户核查清单工作簿")
    p.add_argument("--county-name", metavar="NAME", default="", help="县区名称，写在标题中")
    p.add_argument("--json", action="store_true", help="输出 JSON")


def run(args: argparse.Namespace) -> int:
    """Write the check-list; 0 on success, 2 for bad usage or an input that cannot be used."""
    from core.outputs import check_outputs
    from core.reader.workbook import read_workbook
    from core.register import RegisterError
    from core.register.checklist import LEDGER_KINDS, checklist
    from core.writers.review_writer import write_field_check
    from desktop.commands.register import default_register

    def usage(message: str) -> int:
        print(f"schoolroll：{message}", file=sys.stderr)
        return EXIT_USAGE

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.period):
        return usage(f"月份“{args.period}”格式不对，应为 YYYY-MM（如 2026-09）")
    if not args.out.lower().endswith(".xlsx"):
        return usage(f"输出文件“{args.out}”应以 .xlsx 结尾")
    if not Path(args.county).is_file():
        return usage(f"找不到县区汇总工作簿“{args.county}”")
    path = Path(args.register) if args.register else default_register()
    problems = check_outputs([path, args.county], [args.out])
    if problems:
        return usage(problems[0])
    book = read_workbook(args.county)
    ledgers = {t.form.kind: t.data for t in book.tables if t.form.kind in LEDGER_KINDS}
    if not ledgers:
        return usage(f"“{args.county}”中没有县区汇总的台账（疑似辍学台账、辍学台账、适龄儿童台账）")
    try:
        rows = checklist(path, args.period, ledgers)
    except RegisterError as exc:
        return usage(str(exc))
    info = {"county_name": args.county_name, "period": args.period}
    try:
        written = write_field_check(rows, info, Path(args.out))
    except OSError as exc:
        return unwritable(exc, args.out)
    if args.json:
        shown = [{k: (str(v) if v is not None else None) for k, v in r.items()} for r in rows]
        print_json({"period": args.period, "out": str(written.path), "note": written.note,
                    "rows": shown})  # fmt: skip
        return 0
    print(f"入户核查清单已生成：{written.path}")
    if written.note:
        print(written.note)
    print(f"仍在跟踪的个案 {len(rows)} 件，涉及学校 {len({r['school_code'] for r in rows})} 所。")
    return 0
