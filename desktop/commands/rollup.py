"""schoolroll rollup INBOX --level prefecture|province: roll county workbooks up a level."""

from __future__ import annotations

import argparse

NAME = "rollup"
HELP = "上报汇总：县区汇总 → 地市汇总 → 省级汇总"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of issue 8's contract."""
    p.add_argument("inbox", metavar="INBOX", help="下级汇总工作簿所在文件夹或 zip")
    p.add_argument("--level", required=True, choices=("prefecture", "province"),
                   help="本级：prefecture（地市）或 province（省级）")
    p.add_argument("--period", required=True, metavar="PERIOD", help="统计期间，如 2026-10")
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="本级汇总工作簿")
    p.add_argument("--units", metavar="FILE", help="应报单位名单")
    p.add_argument("--previous", metavar="FILE", help="上期本级汇总，用于比较")
    p.add_argument("--unmask", action="store_true", help="输出完整身份证件号（默认脱敏）")
    p.add_argument("--json", action="store_true", help="输出 JSON")


def run(args: argparse.Namespace) -> int:
    """Roll up; exit 0 without error findings, 1 with."""
    raise NotImplementedError("owned by the roll-up work")
