"""The 汇总 page's texts: the reference lists' names, the period's form, the run's summary."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from core.model.findings import SEVERITY_LABELS, Severity

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
    """收到、未报、迟报、拒收, the totals and findings by severity, in one paragraph."""
    subs = result.submissions
    late = sum(s.on_time is False for s in subs)
    rejected = sum(s.status in ("rejected", "unreadable") for s in subs)
    t = result.totals
    findings = result.all_findings()
    by_sev = "，".join(
        f"{SEVERITY_LABELS[s]} {sum(f.severity is s for f in findings)}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.QUERY)
    )
    lines = [
        f"收到 {len(subs)} 份，已接收 {len(result.accepted)} 所学校，"
        f"未报送 {len(result.missing)} 所，"
        f"迟报 {late} 份，拒收或无法读取 {rejected} 份。",
        f"在籍 {t.get('roster', 0)} 人，在校 {t.get('attending', 0)} 人，"
        f"疑似辍学 {t.get('suspected', 0)} 人，辍学 {t.get('dropout', 0)} 人，"
        f"疑似失学 {t.get('out_of_school', 0)} 人，脱贫户辍学 {t.get('poverty_dropout', 0)} 人。",
        f"问题：{by_sev}。",
        *result.notes,
    ]
    if result.out_path:
        lines.append(f"县区汇总工作簿：{result.out_path}")
    return "\n".join(lines)
