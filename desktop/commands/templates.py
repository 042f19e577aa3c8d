"""schoolroll templates --out DIR: write the blank standard templates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.writers.template_writer import write_templates

NAME = "templates"
HELP = "生成空白标准模板（学校月报、县区名录等）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of the command-line contract (docs/cli.md)."""
    p.add_argument("--out", required=True, metavar="DIR", help="输出文件夹")


def run(args: argparse.Namespace) -> int:
    """Write every template; print where."""
    out = Path(args.out)
    try:
        paths = write_templates(out)
    except OSError as exc:
        print(
            f"schoolroll：无法在 {out} 写入模板：{exc.strerror or exc}。请换一个可写的文件夹。",
            file=sys.stderr,
        )
        return 1
    for path in paths:
        print(path)
    return 0
