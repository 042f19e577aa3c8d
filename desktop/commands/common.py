"""Arguments and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from core.mapping import NO_MAPPING, Mapping, MappingError, load_mapping
from core.policy import Policy, PolicyError, load_policy
from desktop.paths import user_paths


def add_password_option(p: argparse.ArgumentParser) -> None:
    """--password PW, repeatable: passwords to try on protected workbooks."""
    p.add_argument(
        "--password",
        action="append",
        default=[],
        metavar="PW",
        help="打开有密码的工作簿时尝试的密码，可重复",
    )


def add_policy_option(p: argparse.ArgumentParser) -> None:
    """--policy FILE: thresholds in TOML."""
    p.add_argument("--policy", metavar="FILE", help="策略文件（TOML），默认用内置策略")


def policy_from_args(args: argparse.Namespace) -> Policy | None:
    """The policy, or None after printing why it could not be loaded."""
    try:
        return load_policy(getattr(args, "policy", None))
    except PolicyError as exc:
        print(f"schoolroll：{exc}", file=sys.stderr)
        return None


def add_mapping_option(p: argparse.ArgumentParser) -> None:
    """--mapping FILE: taught headers and sheets in TOML."""
    p.add_argument(
        "--mapping",
        metavar="FILE",
        help="映射文件（表头文字 = 字段键），默认用设置文件夹中的映射文件（如有）",
    )


def mapping_from_args(args: argparse.Namespace) -> Mapping | None:
    """The mapping of --mapping FILE, else of the user's own mapping file when there is one
    (NO_MAPPING when neither); None after printing why it could not be loaded."""
    path = getattr(args, "mapping", None)
    if path is None:
        own = user_paths().mapping_file
        path = own if own.is_file() else None
    try:
        return load_mapping(path) if path is not None else NO_MAPPING
    except MappingError as exc:
        print(f"schoolroll：{exc}", file=sys.stderr)
        return None


EXIT_UNWRITABLE = 2
"""product.md: an environment that cannot be written to is exit 2, as bad usage is."""


def unwritable(exc: OSError, target: str | Path) -> int:
    """Say in Chinese why an output could not be written (core.outputs' sentence, never the
    OS's English text); returns the exit status."""
    from core.outputs import OutputError, write_message

    if isinstance(exc, OutputError):
        said = str(exc)
    else:
        said = write_message(exc, Path(exc.filename or target))
    print(f"schoolroll：{said}", file=sys.stderr)
    return EXIT_UNWRITABLE


def print_json(doc: Any) -> None:
    """One JSON document on standard output, Chinese kept readable."""
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def add_register_options(p: argparse.ArgumentParser) -> None:
    """--register FILE and --allow-earlier: the case register a consolidation updates."""
    p.add_argument("--register", metavar="FILE", help="个案登记册文件，逐月跟踪个案")
    p.add_argument(
        "--allow-earlier",
        action="store_true",
        help="允许在登记册已有更晚月份时补录更早的月份",
    )
