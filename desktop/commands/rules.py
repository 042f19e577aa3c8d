"""schoolroll rules --out FILE: write the rule catalogue (docs/rules.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.commands.common import unwritable

NAME = "rules"
HELP = "输出规则目录（每个问题代码的含义和改正方法）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """--out FILE (default: standard output)."""
    p.add_argument("--out", metavar="FILE", help="输出的 Markdown 文件；不填则打印")


def run(args: argparse.Namespace) -> int:
    """Write the catalogue."""
    from core.rules import RULES  # pandas: only when run
    from core.writers.rules_doc import render_rules_doc, write_rules_doc

    if not args.out:
        sys.stdout.write(render_rules_doc(RULES))
        return 0
    try:
        path = write_rules_doc(Path(args.out), RULES)
    except OSError as exc:
        return unwritable(exc, args.out)
    print(f"已写出规则目录：{path}")
    return 0
