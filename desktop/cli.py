"""The `schoolroll` console script: one subcommand per use case, each a thin call into core."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from desktop.cli_zh import ChineseHelpFormatter, localize, translate_error
from desktop.commands import (
    checklist,
    consolidate,
    demo,
    fields,
    gui,
    register,
    review,
    rollup,
    rules,
    templates,
    validate,
)

COMMANDS = (
    templates,
    demo,
    validate,
    consolidate,
    register,
    review,
    checklist,
    rollup,
    rules,
    fields,
    gui,
)
"""Each module has NAME, HELP, add_arguments(parser) and run(args) -> exit status."""

EXIT_USAGE = 2
EXIT_CLOSED_PIPE = 1


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs, add_help=False, formatter_class=ChineseHelpFormatter)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"schoolroll：参数错误：{translate_error(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand, its help and errors in Chinese."""
    parser = _Parser(prog="schoolroll", description="控辍保学台账助手（SchoolRoll）")
    localize(parser)
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, title="命令", metavar="命令"
    )
    for module in COMMANDS:
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        localize(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status (0, 1 or 2)."""
    for stream in (sys.stdout, sys.stderr):
        # Windows consoles default to a legacy code page; Chinese output must never crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    _log_to_file()
    try:
        return int(args.run(args))
    except BrokenPipeError:
        # the reader of our output left (`--json | head`): stop quietly, as a pipe's writer does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLOSED_PIPE


def _log_to_file() -> None:
    """Warnings of the libraries and the reader's notes go to the log file, never the terminal.

    Without a handler Python prints warnings on stderr, in English and next to the report."""
    logging.captureWarnings(True)
    sys.unraisablehook = _unraisable_to_log
    try:
        from desktop.logging_setup import setup_logging
        from desktop.paths import user_paths

        setup_logging(user_paths().log_dir.joinpath("schoolroll.log"))
    except OSError:
        root = logging.getLogger()
        if not root.handlers:
            root.addHandler(logging.NullHandler())


def _unraisable_to_log(unraisable: Any) -> None:
    """An error Python cannot raise (a library's object failing as it is collected, such as a
    zip closing on a full disk) goes to the log by its type, not to the terminal in English."""
    logging.getLogger("schoolroll.unraisable").warning(
        "ignored: %s in %s",
        type(unraisable.exc_value).__name__,
        type(unraisable.object).__name__,
    )


if __name__ == "__main__":
    raise SystemExit(main())
