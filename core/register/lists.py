"""The month of a list the county fills and sends back (入户核查清单, 平台推送核实).

Its rows are recorded as a run of that month (the list's 月份 column), not of the latest month
the register knows: a September list imported after October is consolidated still answers
September, and importing it again supersedes only its own earlier import.
"""

from __future__ import annotations

from core.reader.model import SheetTable
from core.register.schema import RegisterError
from core.rules.base import blank


def list_month(table: SheetTable, title: str) -> str | None:
    """The one month the list's 月份 column gives, None when it gives none; RegisterError when
    it gives several."""
    found = {str(p).strip() for p in table.data.get("period", []) if not blank(p)}
    if len(found) > 1:
        raise RegisterError(
            f"{title}“{table.path}”的月份列应为同一个月（现为：{'、'.join(sorted(found))}），"
            "未导入任何内容"
        )
    return found.pop() if found else None


def known_month(period: str, known: list[str], title: str) -> str:
    """`period` when the register has recorded it; RegisterError (nothing imported) when not."""
    if period not in known:
        raise RegisterError(
            f"{title}的月份 {period} 不在登记册中（已有：{'、'.join(known) or '无'}），"
            "未导入任何内容"
        )
    return period
