"""schoolroll review --quarter YYYYQn: the county's quarterly re-check from its case register."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.commands.common import add_policy_option, policy_from_args, print_json, unwritable

NAME = "review"
HELP = "季度复核：由个案登记册生成本季度三个月的逐校对照和需复核的数字"
EXIT_USAGE = 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of the command-line contract (docs/cli.md)."""
    p.add_argument("--quarter", required=True, metavar="YYYYQn", help="复核季度，如 2026Q4")
    p.add_argument("--register", metavar="FILE", help="个案登记册，默认在用户数据文件夹中")
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="季度复核工作簿")
    p.add_argument("--county-name", metavar="NAME", default="", help="县区名称，写在标题中")
    add_policy_option(p)
    p.add_argument("--json", action="store_true", help="输出 JSON")


def run(args: argparse.Namespace) -> int:
    """Write the review; 0 when nothing is flagged, 1 when some figures are, 2 for bad usage."""
    from core.outputs import check_outputs
    from core.register import RegisterError
    from core.register.review import quarter_periods, review
    from core.writers.review_writer import write_review_workbook
    from desktop.commands.register import default_register

    def usage(message: str) -> int:
        print(f"schoolroll：{message}", file=sys.stderr)
        return EXIT_USAGE

    if quarter_periods(args.quarter) is None:
        return usage(f"季度“{args.quarter}”格式不对，应为 YYYYQn（如 2026Q4）")
    if not args.out.lower().endswith(".xlsx"):
        return usage(f"输出文件“{args.out}”应以 .xlsx 结尾")
    policy = policy_from_args(args)
    if policy is None:
        return EXIT_USAGE
    path = Path(args.register) if args.register else default_register()
    problems = check_outputs([path], [args.out])
    if problems:
        return usage(problems[0])
    try:
        done = review(path, args.quarter, policy)
    except RegisterError as exc:
        return usage(str(exc))
    if not done.recorded:
        return usage(
            f"登记册中没有 {args.quarter}（{done.periods[0]} 至 {done.periods[-1]}）"
            "任何月份的汇总；先用 consolidate --register 记录这些月份"
        )
    info = {"county_name": args.county_name, "period": args.quarter}
    try:
        written = write_review_workbook(done.rows, done.flags, info, Path(args.out))
    except OSError as exc:
        return unwritable(exc, args.out)
    missing = [p for p in done.periods if p not in done.recorded]
    if args.json:
        print_json(
            {
                "quarter": done.quarter,
                "periods": done.periods,
                "recorded": done.recorded,
                "out": str(written.path),
                "note": written.note,
                "rows": done.rows,
                "flags": done.flags,
                "findings": done.findings,
            }
        )
    else:
        print(f"季度复核已生成：{written.path}")
        if written.note:
            print(written.note)
        if missing:
            print(f"登记册中缺少 {'、'.join(missing)} 的汇总，这些月份未列入。")
        print(
            f"学校 {len({r['school_code'] for r in done.rows})} 所，需复核 {len(done.flags)} 处。"
        )
    return 1 if done.flags else 0
