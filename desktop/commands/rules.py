"""schoolroll rules --out FILE: write the rule catalogue (docs/rules.md)."""

from __future__ import annotations

import argparse

NAME = "rules"
HELP = "输出规则目录（每个问题代码的含义和改正方法）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """--out FILE (default: standard output)."""
    p.add_argument("--out", metavar="FILE", help="输出的 Markdown 文件；不填则打印")


def run(args: argparse.Namespace) -> int:
    """Write the catalogue."""
    raise NotImplementedError("owned by the validation work")
