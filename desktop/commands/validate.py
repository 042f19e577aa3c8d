"""schoolroll validate PATH...: check school workbooks, print findings or JSON."""

from __future__ import annotations

import argparse

from desktop.commands.common import add_password_option, add_policy_option

NAME = "validate"
HELP = "校验学校月报：列出每个问题所在的单元格"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of product.md's contract."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件、文件夹或 zip 压缩包")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--annotate", metavar="DIR", help="把标注了问题的副本写到这个文件夹")
    add_password_option(p)
    add_policy_option(p)


def run(args: argparse.Namespace) -> int:
    """Validate; exit 0 without error findings, 1 with."""
    raise NotImplementedError("owned by the validation work")
