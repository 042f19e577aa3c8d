"""Moving a finished workbook into place, the one way every workbook writer does it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.model.books import Written
from core.outputs import write_atomic


def write_in_place(out: str | Path, build: Callable[[Path], None]) -> Written:
    """build(tmp) writes the whole workbook; it then moves onto `out` (core.outputs.write_atomic).

    When the target is open in Excel (Windows refuses the move), the finished workbook is kept
    beside it under a new name and the note says so."""
    out = Path(out)
    went = write_atomic(out, build, keep_when_locked=True)
    if went == out:
        return Written(out)
    note = (
        f"“{out.name}”正被其他程序（如 Excel 或 WPS）打开，无法覆盖。"
        f"汇总结果已保存为“{went.name}”；请关闭原文件后用它替换。"
    )
    return Written(went, note)
