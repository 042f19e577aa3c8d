"""schoolroll gui [--smoke-test]: open the window."""

from __future__ import annotations

import argparse

NAME = "gui"
HELP = "打开图形界面"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """--smoke-test: validate and consolidate the demo county offscreen, print one line."""
    p.add_argument(
        "--smoke-test", action="store_true", help="自检：在后台打开窗口，校验并汇总示例县后退出"
    )
    p.add_argument("--dev", action="store_true", help="把设置和日志放在仓库内的 .dev 文件夹")


def run(args: argparse.Namespace) -> int:
    """Start the GUI (imports Qt only here)."""
    from desktop.app import run as run_gui

    return run_gui(smoke_test=args.smoke_test, dev=args.dev)
