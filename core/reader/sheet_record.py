"""A RECORD form's values (the 填报信息 sheet, a summary list, an info block in title rows):
parsed like table cells, located at their cells."""

from __future__ import annotations

from typing import Any

from core.catalogue import SheetSpec
from core.model.findings import Finding, make_finding
from core.reader.model import RecordSheet, column_letter
from core.reader.records import Pair
from core.reader.tables import cell_findings
from core.reader.values import parser_for


def build_record(
    found: tuple[SheetSpec, dict[str, Pair]],
    rows: list[list[Any]],
    origin: tuple[int, int],
    *,
    path: str,
    sheet: str,
    hidden: bool,
) -> tuple[RecordSheet, list[Finding]]:
    """The RecordSheet of a matched record form, with value findings at the value cells and a
    header-assumed note at each label read by its meaning (as for a table's headers)."""
    del rows  # the pairs hold their values and cells
    form, pairs = found
    r0, c0 = origin
    values: dict[str, Any] = {}
    raw: dict[str, str | None] = {}
    cells: dict[str, tuple[int, str]] = {}
    findings: list[Finding] = []
    for key in [k for k in form.keys if k in pairs]:
        pair, spec = pairs[key], form.column(key)
        if not pair.exact:
            label_row, label_col = pair.label_cell
            findings.append(
                make_finding(
                    "header-assumed",
                    file=path,
                    sheet=sheet,
                    row=r0 + label_row + 1,
                    column=column_letter(c0 + label_col),
                    field=spec.header,
                    header=pair.label,
                )
            )
        data, text, error = parser_for(spec)(pair.value)
        row, letter = r0 + pair.row + 1, column_letter(c0 + pair.col)
        values[key], raw[key], cells[key] = data, text, (row, letter)
        if error:
            findings += cell_findings(spec, [error], [text], [row], letter, path=path, sheet=sheet)
    record = RecordSheet(
        path=path, sheet=sheet, form=form, values=values, raw=raw, cells=cells, hidden=hidden
    )
    return record, findings
