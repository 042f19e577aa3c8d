"""schoolroll register status|export: the county's case register."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from desktop.commands.common import print_json, unwritable

NAME = "register"
HELP = "个案登记册：查看各个案的状态，导入往月县区汇总，导出个案台账"
EXIT_USAGE = 2
REGISTER_FILE = "个案登记册.sqlite"


def default_register() -> Path:
    """The register in the user's data folder."""
    from desktop.paths import user_paths

    return user_paths().data_dir / REGISTER_FILE


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of the command-line contract (docs/register.md)."""
    sub = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    status = sub.add_parser("status", help="各个案的状态")
    export = sub.add_parser("export", help="导出个案、状态变更和劝返记录")
    imported = sub.add_parser(
        "import", help="由往月的县区汇总工作簿建立登记册（按月份顺序），或导入填好的入户核查清单"
    )
    imported.add_argument(
        "workbooks",
        nargs="+",
        metavar="WORKBOOK",
        help="SchoolRoll 生成的县区汇总工作簿，或现场填好的入户核查清单",
    )
    imported.add_argument("--register", metavar="FILE", help="个案登记册，默认在用户数据文件夹中")
    imported.add_argument(
        "--allow-earlier", action="store_true", help="允许导入早于登记册中最近月份的汇总"
    )
    imported.add_argument("--json", action="store_true", help="输出 JSON")
    export.add_argument("--out", required=True, metavar="FILE.xlsx", help="导出的工作簿")
    for q in (status, export):
        q.add_argument("--register", metavar="FILE", help="个案登记册，默认在用户数据文件夹中")
        q.add_argument("--period", metavar="YYYY-MM", help="截至该月的状态")
    status.add_argument("--json", action="store_true", help="输出 JSON")


def _usage_problem(args: argparse.Namespace) -> str | None:
    if args.action == "import":
        missing = next((w for w in args.workbooks if not Path(w).is_file()), None)
        return f"找不到要导入的工作簿“{missing}”" if missing else None
    if args.period and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.period):
        return f"月份“{args.period}”格式不对，应为 YYYY-MM（如 2026-10）"
    if args.action == "export" and not args.out.lower().endswith(".xlsx"):
        return f"输出文件“{args.out}”应以 .xlsx 结尾"
    return None


def run(args: argparse.Namespace) -> int:
    """Status or export; 0 on success, 2 for bad usage or a register that cannot be used."""
    problem = _usage_problem(args)
    if problem:
        print(f"schoolroll：{problem}", file=sys.stderr)
        return EXIT_USAGE
    from core.register import RegisterError

    path = Path(args.register) if args.register else default_register()
    try:
        if args.action == "import":
            return _import(args, path)
        if args.action == "export":
            from core.register.export import export

            written = export(path, Path(args.out), args.period)
            print(f"个案登记册已导出：{written}")
            return 0
        from core.register.query import status
        from core.register.rates import register_rates

        doc = status(path, args.period)
        doc["rates"] = register_rates(path, args.period)
    except RegisterError as exc:
        print(f"schoolroll：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        return unwritable(exc, args.out or path)
    if args.json:
        print_json(doc)
    else:
        print(status_text(doc))
    return 0


def _import(args: argparse.Namespace, path: Path) -> int:
    """Months and filled check-lists; 1 when a check-list has an error finding, else 0."""
    from core.model.findings import Severity
    from core.register.field_check import CheckImport
    from core.register.imported import imported_line
    from core.register.importing import import_workbooks
    from core.register.platform import AnswerImport

    done = import_workbooks(path, args.workbooks, allow_earlier=args.allow_earlier)
    months = [
        {"period": o.period, "file": str(w), **o.to_json()}
        for w, o in done
        if not isinstance(o, CheckImport | AnswerImport)
    ]
    lists = [o for _, o in done if isinstance(o, CheckImport)]
    answers = [o for _, o in done if isinstance(o, AnswerImport)]
    found = [f for o in (*lists, *answers) for f in o.findings]
    status = 1 if any(f.severity is Severity.ERROR for f in found) else 0
    if args.json:
        doc: dict = {"register": str(path), "months": months}
        if lists:
            doc["checklists"] = [o.to_json() for o in lists]
        if answers:
            doc["platform_answers"] = [o.to_json() for o in answers]
        print_json(doc)
        return status
    print(f"已导入个案登记册：{path}")
    for w, o in done:
        print(f"  {imported_line(w, o)}")
        for f in o.findings if isinstance(o, CheckImport | AnswerImport) else ():
            print(f"    {f.describe()}")
    return status


def status_text(doc: dict) -> str:
    """The Chinese summary of the register's status."""
    from core.register.cases import OPEN_STATES, STATE_LABELS

    cases = doc["cases"]
    by_state: dict[str, int] = {}
    for c in cases:
        by_state[c["state"]] = by_state.get(c["state"], 0) + 1
    open_n = sum(n for s, n in by_state.items() if s in OPEN_STATES)
    states = "，".join(f"{STATE_LABELS[s]} {n} 件" for s, n in sorted(by_state.items()))
    return "\n".join(
        [
            f"个案登记册：{doc['register']}",
            f"已记录月份：{'、'.join(doc['periods']) or '无'}",
            f"个案 {len(cases)} 件，仍在跟踪 {open_n} 件"
            + (f"（{states}）" if states else "")
            + "。",
            *_checks_text(doc),
            *rates_text(doc.get("rates") or {}),
        ]
    )


def _checks_text(doc: dict) -> list[str]:
    """The lines on field visits and platform answers (status's field_checks and platform)."""
    visits, pushed = doc.get("field_checks"), doc.get("platform")
    out = []
    if visits:
        results = "，".join(f"{r} {n} 人" for r, n in visits["by_result"].items())
        detail = f"（{results}）" if results else ""
        out.append(f"入户核查 {visits['visits']} 人次{detail}。")
    if pushed:
        out.append(
            f"平台推送 {pushed['pushed']} 人：已核实 {pushed['answered']} 人，"
            f"未核实 {pushed['unanswered']} 人。"
        )
    return out


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}%"


def rates_text(rates: dict) -> list[str]:
    """The history rates' lines of the status summary (core.register.rates)."""
    if not rates:
        return []
    month, year, drop = rates["month"], rates["school_year"], rates["year_dropout"]
    base = drop["year_start_roster"]
    rates_of = lambda r: (  # noqa: E731
        f"复学率 {_pct(r['history_return_rate'])}，销号率 {_pct(r['history_closing_rate'])}"
    )
    return [
        f"{rates['period']} 辍学个案 {month['dropout_base']} 件（月初在案 "
        f"{month['dropout_open_at_start']} 件，本月新增 {month['dropout_opened']} 件）："
        + rates_of(month),
        f"本学年（{year['first']} 至 {year['last']}）辍学个案 {year['dropout_base']} 件："
        + rates_of(year)
        + f"；学年辍学率 {_pct(drop['year_dropout_rate'])}（新增辍学 {drop['year_new_dropouts']}"
        f" 人，学年初在籍 {'—' if base is None else base} 人"
        + (f"，取 {drop['year_start_period']} 的在籍" if drop["year_start_period"] else "")
        + "）",
    ]
