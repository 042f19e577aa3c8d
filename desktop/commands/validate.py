"""schoolroll validate PATH...: check school workbooks, print findings or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.model.findings import counts_text
from core.model.report import FileReport
from desktop.commands.common import (
    add_mapping_option,
    add_password_option,
    add_policy_option,
    mapping_from_args,
    policy_from_args,
    print_json,
)

NAME = "validate"
HELP = "校验学校月报：列出每个问题所在的单元格"
EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
STATUS = {"passed": "通过", "failed": "未通过", "unreadable": "无法读取", "skipped": "已跳过"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of the command-line contract (docs/cli.md)."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件、文件夹或 zip 压缩包")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--annotate", metavar="DIR", help="把标注了问题的副本写到这个文件夹")
    add_password_option(p)
    add_policy_option(p)
    add_mapping_option(p)


def run(args: argparse.Namespace) -> int:
    """Validate; exit 0 without error findings, 1 with, 2 for bad usage."""
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        for p in missing:
            print(f"schoolroll：找不到“{p}”", file=sys.stderr)
        return EXIT_USAGE
    if args.annotate:
        from core.outputs import check_outputs

        for problem in check_outputs(args.paths, [args.annotate]):
            print(f"schoolroll：{problem}", file=sys.stderr)
            return EXIT_USAGE
    policy = policy_from_args(args)
    mapping = mapping_from_args(args) if policy is not None else None
    if policy is None or mapping is None:
        return EXIT_USAGE
    from core.validate import validate_paths  # the reader and the rules: only when run

    reports = validate_paths(args.paths, policy, args.password, mapping=mapping)
    unwritten = 0
    if args.annotate:
        unwritten = _annotate(reports, Path(args.annotate), args.password, quiet=args.json)
    if args.json:
        print_json({"files": [r.to_json() for r in reports]})
    else:
        for r in reports:
            print(describe_report(r))
        print(_totals(reports))
    failed = any(r.verdict != "passed" for r in reports)
    readable = any(r.status in ("passed", "failed") for r in reports)
    if unwritten:  # the environment cannot be written to (product.md: exit 2)
        return EXIT_USAGE
    return EXIT_ERRORS if failed or not readable else EXIT_OK


def describe_report(r: FileReport) -> str:
    """A readable Chinese block for one file: status, counts, every finding."""
    verdict = STATUS.get(r.verdict, r.verdict)
    lines = [f"{r.path}：{verdict}（{counts_text(r.findings)}）"]
    if r.school_code or r.period:
        lines.append(f"  学校标识码 {r.school_code or '未知'}，填报月份 {r.period or '未知'}")
    lines += [f"  {f.describe()}" for f in r.findings]
    if r.dropped:
        lines.append(f"  另有 {sum(r.dropped.values())} 条问题未列出")
    return "\n".join(lines)


def _totals(reports: list[FileReport]) -> str:
    by_status = {s: sum(r.status == s for r in reports) for s in STATUS}
    skipped = by_status.pop("skipped")
    parts = "，".join(f"{STATUS[s]} {n}" for s, n in by_status.items())
    also = f"；另有 {skipped} 个不是报表的文件已跳过" if skipped else ""
    return f"共 {len(reports) - skipped} 个文件：{parts}{also}"


def _annotate(
    reports: list[FileReport], out_dir: Path, passwords: list[str], *, quiet: bool
) -> int:
    """Write each readable file's annotated copy; returns how many could not be written."""
    from core.validate import annotate
    from core.writers.annotated_writer import annotated_name, is_encrypted_copy

    used: set[str] = set()
    unwritten = 0
    for r in reports:
        if r.status in ("unreadable", "skipped"):
            continue
        name = _unique(annotated_name(r.path), used)
        try:
            path = annotate(r, out_dir, name, passwords)
        except OSError as exc:
            said = (
                str(exc)
                if exc.strerror is None
                else f"无法写入标注副本 {out_dir / name}：{exc.strerror}"
            )
            print(f"schoolroll：{said}", file=sys.stderr)
            unwritten += 1
            continue
        locked = "（原文件有打开密码，副本已用同一密码加密）" if is_encrypted_copy(path) else ""
        print(f"已写出标注副本{locked}：{path}", file=sys.stderr if quiet else sys.stdout)
    return unwritten


def _unique(name: str, used: set[str]) -> str:
    """Two inputs with one stem get "名_校验结果(2).xlsx"."""
    stem, n, candidate = name.removesuffix(".xlsx"), 1, name
    while candidate in used:
        n += 1
        candidate = f"{stem}({n}).xlsx"
    used.add(candidate)
    return candidate
