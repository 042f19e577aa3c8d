"""schoolroll demo --out DIR: write the built-in sample county."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

NAME = "demo"
HELP = "生成示例县（学校月报、名录、户籍、脱贫户、平台名单和答案）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of the command-line contract (docs/cli.md)."""
    p.add_argument("--out", required=True, metavar="DIR", help="输出文件夹")
    p.add_argument("--schools", type=int, default=12, metavar="N", help="学校数（默认 12）")
    p.add_argument(
        "--students", type=int, default=250, metavar="N", help="每校平均学生数（默认 250）"
    )
    p.add_argument("--seed", type=int, default=2024, metavar="N", help="随机种子（默认 2024）")
    p.add_argument(
        "--period", default="2026-10", metavar="YYYY-MM", help="填报月份（默认 2026-10）"
    )
    p.add_argument("--clean", action="store_true", help="生成不埋设任何问题的示例县")
    p.add_argument(
        "--months",
        type=int,
        metavar="N",
        help="生成从 --period 起连续 N 个月的收件箱（每月一个子文件夹），个案逐月变化",
    )


def run(args: argparse.Namespace) -> int:
    """Generate the county; print a summary."""
    from core.demo import generate_county
    from core.model.identity import parse_month

    if args.students < 30:
        print("schoolroll：--students 至少为 30", file=sys.stderr)
        return 2
    period = parse_month(args.period)
    if period is None:
        print(
            f"schoolroll：--period 应为 YYYY-MM（如 2026-10），不是“{args.period}”", file=sys.stderr
        )
        return 2
    if args.months is not None:
        return _months(args, period)
    county = _generated(
        args,
        lambda: generate_county(
            Path(args.out),
            schools=args.schools,
            students=args.students,
            seed=args.seed,
            period=period,
            clean=args.clean,
        ),
    )
    if isinstance(county, int):
        return county
    key = json.loads(county.answer_key.read_text("utf-8"))
    files = sum(len(s["files"]) for s in key["schools"])
    print(f"示例县已生成：{county.out_dir}")
    print(
        f"  学校 {len(key['schools'])} 所（收件箱中 {files} 个报表文件），"
        f"埋下的问题 {len(key['planted'])} 处，跨文件问题 {len(key['cross'])} 处"
    )
    print(f"  填报月份 {county.period}；加密文件的密码：{'、'.join(county.passwords)}")
    print(f"  说明见 {county.out_dir / '说明.txt'}")
    return 0


def _months(args: argparse.Namespace, period: str) -> int:
    """The multi-month sample: one folder per month."""
    from core.demo.months import generate_months

    if not 1 <= args.months <= 24:
        print("schoolroll：--months 应在 1 到 24 之间", file=sys.stderr)
        return 2
    written = _generated(
        args,
        lambda: generate_months(
            Path(args.out),
            period=period,
            months=args.months,
            schools=args.schools,
            students=args.students,
            seed=args.seed,
        ),
    )
    if isinstance(written, int):
        return written
    print(f"多月示例县已生成：{args.out}（{written[0].period} 至 {written[-1].period}）")
    for month in written:
        key = json.loads(month.answer_key.read_text("utf-8"))
        print(
            f"  {month.period}：收件箱 {month.inbox}，预期跟踪中个案 "
            f"{sum(key['register']['open'].values())} 件，埋下的逐月问题 {len(key['planted'])} 处"
        )
    return 0


def _generated(args: argparse.Namespace, make: Callable[[], T]) -> T | int:
    """What make() generates, or the exit status after saying in Chinese why it could not."""
    try:
        return make()
    except (ValueError, FileExistsError) as exc:
        print(f"schoolroll：{exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the folder is read-only or full
        from desktop.commands.common import unwritable

        return unwritable(exc, args.out)
