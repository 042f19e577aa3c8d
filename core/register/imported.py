"""What `register import` did with each workbook, in the words the CLI and the 复核 page share."""

from __future__ import annotations

from pathlib import Path

from core.register.field_check import CheckImport
from core.register.platform import AnswerImport
from core.register.record import Outcome


def imported_line(path: str | Path, outcome: Outcome | CheckImport | AnswerImport) -> str:
    """One workbook: what it was recognised as, what it turned into, how many problems."""
    if isinstance(outcome, CheckImport):
        states = "，".join(f"{s} {n} 件" for s, n in sorted(outcome.states.items())) or "无"
        return (
            f"入户核查清单 {outcome.period}（{path}）：已核查 {outcome.checks} 人，"
            f"未填 {outcome.blank} 行，个案状态变更：{states}，问题 {len(outcome.findings)} 处"
        )
    if isinstance(outcome, AnswerImport):
        return (
            f"平台推送核实（{path}，记入 {outcome.period}）：核实结果 {outcome.answers} 人，"
            f"未填 {outcome.blank} 人，问题 {len(outcome.findings)} 处"
        )
    return (
        f"县区汇总 {outcome.period}（{path}）：新立案 {outcome.opened} 件，"
        f"结案 {outcome.closed} 件，仍在跟踪 {outcome.open} 件，逐月问题 {len(outcome.findings)} 处"
    )
