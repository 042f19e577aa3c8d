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
    unwritable,
)

if TYPE_CHECKING:
    from core.rollup import RollupResult
    from core.rollup.series import RangeResult

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
    p.add_argument(
        "--period",
        required=True,
        metavar="PERIOD",
        help="统计期间，如 2026-10；多月汇总写起止月份，如 2026-09..2027-01（学期）",
    )
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="本级汇总工作簿")
    p.add_argument("--units", metavar="FILE", help="应报单位名单")
    p.add_argument("--previous", metavar="FILE", help="上期本级汇总，用于比较")
    p.add_argument("--unmask", action="store_true", help="输出完整身份证件号（默认脱敏）")
    p.add_argument(
        "--evaluation",
        action="store_true",
        help="省级学年评估工作簿（与 --level province 和起止月份一起用，如 2026-09..2027-08）",
    )
    p.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="学年评估的七月检查以这一天计算距截止日的天数（默认今天）",
    )
    add_policy_option(p)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    add_mapping_option(p)


def run(args: argparse.Namespace) -> int:
    """Roll up; exit 0 without error findings, 1 with."""
    from core.model.findings import severity_counts
    from core.rollup import rollup
    from core.rollup.run import PERIOD_RE

    if ".." in args.period or args.evaluation:
        return _run_range(args)
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
    except OSError as exc:  # the output folder is read-only or full, the target locked
        return unwritable(exc, args.out)
    if args.json:
        print_json(result.to_json())
    else:
        _print_summary(result)
    return 1 if severity_counts(result.findings)["errors"] else 0


def _range_usage(args: argparse.Namespace) -> str | None:
    """Why the range options cannot be used as given, in Chinese, or None."""
    from core.rollup.series import MAX_MONTHS, range_periods

    if range_periods(args.period) is None:
        return (
            f"多月汇总的统计期间应写成 起始月..截止月（如 2026-09..2027-01），起始不晚于截止，"
            f"最多 {MAX_MONTHS} 个月，而不是 {args.period}"
        )
    if args.evaluation and args.level != "province":
        return "学年评估（--evaluation）只用于省级：请同时写 --level province"
    if args.previous or args.unmask:
        return "多月汇总不使用 --previous 和 --unmask（月度序列已含逐月比较，且始终脱敏）"
    if args.as_of and not args.evaluation:
        return "--as-of 只用于学年评估（--evaluation）"
    return None


def _run_range(args: argparse.Namespace) -> int:
    """rollup --period FIRST..LAST [--evaluation]: the range roll-up or the yearly evaluation."""
    import datetime as dt

    from core.model.findings import severity_counts
    from core.outputs import OutputError
    from core.rollup.series import range_periods, rollup_range

    why = _range_usage(args)
    as_of = None
    if why is None and args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            why = f"--as-of 应为日期 YYYY-MM-DD（如 2027-07-10），而不是 {args.as_of}"
    if why is not None:
        print(f"schoolroll：{why}", file=sys.stderr)
        return EXIT_USAGE
    mapping = mapping_from_args(args)
    policy = policy_from_args(args) if mapping is not None else None
    if mapping is None or policy is None:
        return EXIT_USAGE
    if not Path(args.inbox).exists():
        print(f"schoolroll：找不到收件箱 {args.inbox}", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = rollup_range(
            args.inbox,
            args.level,
            range_periods(args.period) or [],
            Path(args.out),
            units=args.units,
            policy=policy,
            mapping=mapping,
            evaluation=args.evaluation,
            as_of=as_of,
        )
    except OutputError as exc:
        print(f"schoolroll：{exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json(result.to_json())
    else:
        _print_range(result)
    return 1 if severity_counts(result.findings)["errors"] else 0


def _print_range(result: RangeResult) -> None:
    from core.model.findings import counts_text

    what = "学年评估" if result.evaluation is not None else "多月汇总"
    units = {r["unit_code"] for r in result.series}
    print(
        f"{what} {result.unit_name} {result.first} 至 {result.last}："
        f"{len(units)} 个单位，{len(result.periods)} 个月"
    )
    if not any(r["submitted"] for r in result.series):
        print("  收件箱中没有找到这些月份的下级单位汇总工作簿（县区汇总或地市汇总）。")
    outcomes = {r["unit_code"]: r for r in result.outcomes}
    for r in result.reporting:
        line = (
            f"  {r['unit_name']}（{r['unit_code']}）：已报 {r['months_reported']}/{r['months_due']}"
            f" 个月，按时 {r['months_on_time']} 个月"
        )
        case = outcomes.get(r["unit_code"])
        if case is not None:
            share = "—" if case["share_closed"] is None else f"{case['share_closed']}%"
            line += (
                f"；期间结案 {case['ended']} 件，期末在跟踪 {case['open_end']} 件，结案比例 {share}"
            )
        print(line + (f"；缺报 {r['months_missing']}" if r["months_missing"] else ""))
    for flag in result.flags:
        print(f"  关注：{flag['unit_name']} {flag['period']} {flag['flag']}：{flag['why']}")
    if result.evaluation is not None:
        ev = result.evaluation
        print(f"  七月检查（截止 {ev.deadline}）：{len(ev.july)} 个单位尚有应报月份未报")
    for f in result.findings:
        print(f"  {f.file}：{f.describe()}" if f.file else f"  {f.describe()}")
    print(f"问题：{counts_text(result.findings)}")
    for note in result.notes:
        print(note)
    print(f"已写出：{result.out_path}")


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
