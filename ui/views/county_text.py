"""The 汇总 page's texts: the reference lists' names, the period's form, the run's summary."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from core.model.findings import counts_text

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REFERENCES = {
    "schools": ("学校名录", "学校名录"),
    "household": ("户籍适龄儿童名单", "户籍"),
    "poverty": ("脱贫户家庭成员名单", "脱贫户"),
    "platform": ("平台推送疑似辍学名单", "平台推送"),
}
"""Keyword argument -> (label, file-name prefix used to find it next to the inbox)."""


def find_reference(folder: Path, prefix: str) -> Path | None:
    """The first spreadsheet in folder whose name starts with prefix."""
    if not folder.is_dir():
        return None
    return next(
        (
            p
            for p in sorted(folder.iterdir())
            if p.name.startswith(prefix) and p.suffix.lower() in (".xlsx", ".xls", ".csv")
        ),
        None,
    )


def summary_text(result: Any) -> str:
    """收到、未报、迟报、拒收, then the figures and findings as the CLI and workbook give them."""
    from core.consolidate.figures import figures_lines, register_line  # pandas is loaded

    subs = result.submissions
    late = sum(s.on_time is False for s in subs)
    rejected = sum(s.status in ("rejected", "unreadable") for s in subs)
    lines = [
        f"收到 {len(subs)} 份，已接收 {len(result.accepted)} 所学校，"
        f"未报送 {len(result.missing)} 所，"
        f"迟报 {late} 份，拒收或无法读取 {rejected} 份。",
        *figures_lines(result),
        f"问题：{counts_text(result.figures.findings)}。",
        *result.notes,
    ]
    if result.out_path:
        lines.append(f"县区汇总工作簿：{result.out_path}")
    if getattr(result, "register", None) is not None:
        lines.append(register_line(result.register))
    return "\n".join(lines)
