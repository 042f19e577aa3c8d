"""schoolroll templates --out DIR: write the blank standard templates."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands.common import unwritable

NAME = "templates"
HELP = "生成空白标准模板（学校月报、县区名录等）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of the command-line contract (docs/cli.md)."""
    p.add_argument("--out", required=True, metavar="DIR", help="输出文件夹")


def run(args: argparse.Namespace) -> int:
    """Write every template; print where. Exit 2 when one cannot be written."""
    from core.writers.template_writer import write_templates  # xlsxwriter: only when run

    out = Path(args.out)
    try:
        paths = write_templates(out)
    except OSError as exc:  # the folder is read-only or full, a template open in Excel
        return unwritable(exc, out)
    for path in paths:
        print(path)
    return 0
