"""schoolroll demo --out DIR: write the built-in sample county."""

from __future__ import annotations

import argparse

NAME = "demo"
HELP = "生成示例县（学校月报、名录、户籍、脱贫户、平台名单和答案）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of product.md's contract."""
    p.add_argument("--out", required=True, metavar="DIR", help="输出文件夹")
    p.add_argument("--schools", type=int, default=12, metavar="N", help="学校数（默认 12）")
    p.add_argument("--students", type=int, default=250, metavar="N",
                   help="每校平均学生数（默认 250）")
    p.add_argument("--seed", type=int, default=2024, metavar="N", help="随机种子（默认 2024）")


def run(args: argparse.Namespace) -> int:
    """Generate the county; print a summary."""
    raise NotImplementedError("owned by the demo work")
