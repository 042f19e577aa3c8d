"""schoolroll rollup INBOX --level prefecture|province: roll county workbooks up a level."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands.common import (
    add_mapping_option,
    add_policy_option,
    mapping_from_args,
    policy_from_args,
    print_json,
)

if TYPE_CHECKING:
    from core.rollup import RollupResult

NAME = "rollup"
HELP = "上报汇总：县区汇总 → 地市汇总 → 省级汇总"
EXIT_USAGE = 2


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of the command-line contract (docs/cli.md)."""
    p.add_argument("inbox", metavar="INBOX", help="下级汇总工作簿所在文件夹或 zip")
    p.add_argument(
        "--level",
        required=True,
        choices=("prefecture", "province"),
        help="本级：prefecture（地市）或 province（省级）",
    )
    p.add_argument("--period", required=True, metavar="PERIOD", help="统计期间，如 2026-10")
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="本级汇总工作簿")
    p.add_argument("--units", metavar="FILE", help="应报单位名单")
    p.add_argument("--previous", metavar="FILE", help="上期本级汇总，用于比较")
    p.add_argument("--unmask", action="store_true", help="输出完整身份证件号（默认脱敏）")
    add_policy_option(p)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    add_mapping_option(p)


def run(args: argparse.Namespace) -> int:
    """Roll up; exit 0 without error findings, 1 with."""
    from core.model.findings import severity_counts
    from core.rollup import rollup
    from core.rollup.run import PERIOD_RE

    if not PERIOD_RE.match(args.period):
        print(
            f"schoolroll：统计期间应写成 YYYY-MM（如 2026-10），而不是 {args.period}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    mapping = mapping_from_args(args)
    if mapping is None:
        return EXIT_USAGE
    if not Path(args.inbox).exists():
        print(f"schoolroll：找不到收件箱 {args.inbox}", file=sys.stderr)
        return EXIT_USAGE
    policy = policy_from_args(args)
    if policy is None:
        return EXIT_USAGE
    from core.outputs import OutputError

    try:
        result = rollup(
            args.inbox,
            args.level,
            args.period,
            Path(args.out),
            units=args.units,
            previous=args.previous,
            unmask=args.unmask,
            policy=policy,
            mapping=mapping,
        )
    except OutputError as exc:  # the output folder is read-only or full
        print(f"schoolroll：{exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json(result.to_json())
    else:
        _print_summary(result)
    return 1 if severity_counts(result.findings)["errors"] else 0


def _print_summary(result: RollupResult) -> None:
    from core.catalogue.counts import rates_text
    from core.model.findings import counts_text

    received = sum(1 for r in result.rows[:-1] if r.get("submitted"))
    level = "地市" if result.level == "prefecture" else "省级"
    print(
        f"{level}汇总 {result.unit_name} {result.period}：应报 {len(result.rows) - 1} 个单位，"
        f"已报 {received} 个"
    )
    if received == 0:
        print("  收件箱中没有找到下级单位的汇总工作簿（县区汇总或地市汇总）。")
    if received:
        print(rates_text(result.totals))
    for f in result.findings:
        where = f"{f.file}：" if f.file else ""
        print(f"  {where}{f.describe()}")
    print(f"问题：{counts_text(result.findings)}")
    for note in result.notes:
        print(note)
    print(f"已写出：{result.out_path}")
