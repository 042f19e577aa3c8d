"""schoolroll consolidate INBOX: the county's monthly consolidation."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from desktop.commands.common import (
    add_mapping_option,
    add_password_option,
    add_policy_option,
    add_register_options,
    mapping_from_args,
    policy_from_args,
    print_json,
    unwritable,
)

NAME = "consolidate"
HELP = "县区汇总：收件箱里的学校月报 → 报送情况、三本台账、三比对、问题清单"
EXIT_USAGE = 2
SHOWN = 20
"""County-level findings printed in the text summary (all are in the workbook)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of the command-line contract (docs/cli.md)."""
    p.add_argument("inbox", metavar="INBOX", help="收件箱文件夹或 zip 压缩包")
    p.add_argument("--period", required=True, metavar="YYYY-MM", help="汇总月份")
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="县区汇总工作簿")
    p.add_argument("--schools", metavar="FILE", help="学校名录")
    p.add_argument("--household", metavar="FILE", help="户籍适龄儿童名单")
    p.add_argument("--poverty", metavar="FILE", help="脱贫户家庭成员名单")
    p.add_argument("--platform", metavar="FILE", help="平台推送疑似辍学名单")
    p.add_argument(
        "--platform-answer",
        metavar="FILE.xlsx",
        help="另存一份平台推送核实工作簿（暂定格式，供录入平台）；需要 --platform",
    )
    p.add_argument("--feedback", metavar="DIR", help="把各校标注副本写到这个文件夹")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    add_register_options(p)
    add_password_option(p)
    add_policy_option(p)
    add_mapping_option(p)


def _usage_problem(args: argparse.Namespace) -> str | None:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.period):
        return f"汇总月份“{args.period}”格式不对，应为 YYYY-MM（如 2026-10）"
    if not Path(args.inbox).exists():
        return f"收件箱“{args.inbox}”不存在"
    for label, path in (
        ("学校名录", args.schools),
        ("户籍适龄儿童名单", args.household),
        ("脱贫户家庭成员名单", args.poverty),
        ("平台推送名单", args.platform),
    ):
        if path and not Path(path).is_file():
            return f"{label}文件“{path}”不存在"
    for out in (args.out, args.platform_answer):
        if out and not out.lower().endswith(".xlsx"):
            return f"输出文件“{out}”应以 .xlsx 结尾"
    if args.platform_answer and not args.platform:
        return "--platform-answer 需要同时给出 --platform（平台推送疑似辍学名单）"
    from core.outputs import check_outputs

    inputs = [args.inbox, args.schools, args.household, args.poverty, args.platform]
    problems = check_outputs(inputs, [args.out, args.feedback, args.platform_answer])
    return "；".join(problems) if problems else None


def run(args: argparse.Namespace) -> int:
    """Consolidate; exit 0 without error findings, 1 with, 2 for bad usage."""
    problem = _usage_problem(args)
    policy = policy_from_args(args) if problem is None else None
    mapping = mapping_from_args(args) if policy is not None else None
    if problem:
        print(f"schoolroll：{problem}", file=sys.stderr)
    if policy is None or mapping is None:
        return EXIT_USAGE
    from core.consolidate import consolidate  # pandas loads only when the command runs
    from core.register import RegisterError

    try:
        result = consolidate(
            args.inbox,
            args.period,
            Path(args.out),
            schools=args.schools,
            household=args.household,
            poverty=args.poverty,
            platform=args.platform,
            feedback_dir=Path(args.feedback) if args.feedback else None,
            policy=policy,
            passwords=args.password,
            register=Path(args.register) if args.register else None,
            allow_earlier=args.allow_earlier,
            mapping=mapping,
            platform_answer=Path(args.platform_answer) if args.platform_answer else None,
        )
    except RegisterError as exc:
        print(f"schoolroll：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # the output folder is read-only or full, the target locked
        return unwritable(exc, args.out)
    if args.json:
        print_json(result.to_json())
    else:
        print(summary_text(result, args.feedback))
    for note in result.notes:
        print(note, file=sys.stderr)
    readable = any(s.status not in ("unreadable", "skipped") for s in result.submissions)
    if not readable:
        print("schoolroll：收件箱里没有一个能读取的报表", file=sys.stderr)
    return 1 if result.has_errors or not readable else 0


def summary_text(result, feedback: str | None) -> str:
    """The Chinese summary printed by default: the figures of the county workbook."""
    from core.consolidate.figures import figures_lines, register_line
    from core.model.findings import Severity, counts_text

    by_status: dict[str, int] = {}
    for s in result.submissions:
        by_status[s.status] = by_status.get(s.status, 0) + 1
    skipped = by_status.get("skipped", 0)
    also = f"（另有 {skipped} 个不是报表的文件已跳过）" if skipped else ""
    lines = [
        f"县区汇总 {result.period}：收到 {len(result.submissions) - skipped} 个文件{also}，"
        f"采纳 {by_status.get('accepted', 0)} 个，被替代 {by_status.get('superseded', 0)} 个，"
        f"退回 {by_status.get('rejected', 0)} 个，无法读取 {by_status.get('unreadable', 0)} 个；"
        f"未报送 {len(result.missing)} 所学校。",
        *figures_lines(result),
    ]
    if result.missing:
        names = "、".join(f"{m['school']}（{m['school_code']}）" for m in result.missing)
        lines.append(f"未报送：{names}")
    lines.append(
        f"问题：{counts_text(result.figures.findings)}（全部列在汇总工作簿的“问题清单”中）。"
    )
    shown = [f for f in result.findings if f.severity is not Severity.INFO][:SHOWN]
    if shown:
        lines.append(f"县区核对发现的问题（前 {len(shown)} 条）：")
        lines += ["  " + " ".join(x for x in (f.file, f.describe()) if x) for f in shown]
    if result.out_path is not None:
        lines.append(f"县区汇总工作簿：{result.out_path}")
    if result.register is not None:
        lines.append(register_line(result.register))
    if (answer := result.platform_json()) is not None:
        where = f"，另存为 {answer['out']}" if answer["out"] else ""
        lines.append(
            f"平台推送核实：推送 {answer['pushed']} 人，由本县数据填好核实结果 "
            f"{answer['answered']} 人，留待县区核实 {answer['blank']} 人"
            f"（见汇总工作簿的“平台推送核实”表{where}）。"
        )
    if feedback:
        from core.writers.annotated_writer import is_encrypted_copy

        locked = sum(is_encrypted_copy(p) for p in result.feedback_paths)
        also = f"（其中 {locked} 个原文件有打开密码，副本已用同一密码加密）" if locked else ""
        lines.append(f"标注副本 {len(result.feedback_paths)} 个{also}，在 {feedback}")
    return "\n".join(lines)
