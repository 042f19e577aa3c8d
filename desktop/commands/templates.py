"""schoolroll templates --out DIR: write the blank standard templates."""

from __future__ import annotations

import argparse

NAME = "templates"
HELP = "生成空白标准模板（学校月报、县区名录等）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of product.md's contract."""
    p.add_argument("--out", required=True, metavar="DIR", help="输出文件夹")


def run(args: argparse.Namespace) -> int:
    """Write every template; print where."""
    raise NotImplementedError("owned by the templates work")
