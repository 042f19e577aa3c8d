"""Turning a sheet's rows below a matched header into a SheetTable: typed, located, findings made.

Rows are calamine's ``to_python()`` lists; ``origin`` is the sheet's top-left cell, so row i and
column j of the list are Excel row ``origin[0] + i + 1`` and column ``origin[1] + j``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from core.catalogue import ValueType, fold
from core.catalogue.schema import ColumnSpec, SheetSpec
from core.model.findings import Finding, make_finding
from core.reader.columns import parse_column
from core.reader.derived import derive_from_id
from core.reader.header_findings import ambiguous_columns, header_findings
from core.reader.headers import HeaderMatch
from core.reader.model import SheetTable, column_letter
from core.reader.values import Parser, parse_text, parser_for

Merge = tuple[tuple[int, int], tuple[int, int]]

# fmt: off
FOOTER_WORDS = (
    "填表人", "填报人", "制表", "联系电话", "电话", "校长", "审核", "负责人", "合计", "总计",
    "小计", "说明", "备注", "注:", "签字", "签名", "盖章", "学校(盖章", "学校盖章", "单位", "日期",
    "填表日期", "填报日期", "以上", "本表",
)
"""What the first cell of a footer row starts with (folded): signatures, totals, notes."""
# fmt: on
TOTAL_WORDS = ("合计", "总计", "小计")
_FOOTER_INITIALS = frozenset(w[0] for w in FOOTER_WORDS + TOTAL_WORDS)
_ERRORS = {
    "date": ("date-invalid", ""),
    "month": ("date-invalid", "month"),
    "number": ("number-invalid", ""),
    "enum": ("enum-invalid", ""),
    "id-number": ("id-stored-as-number", ""),
}


def fill_merged(
    rows: list[list[Any]],
    merges: list[Merge],
    origin: tuple[int, int],
    *,
    first: int,
    last: int,
    down_only: bool,
) -> None:
    """Copy each merged range's top-left value into its cells, for ranges starting in rows
    [first, last); in data rows only down the first column (a merged 班级 spans its pupils)."""
    r0, c0 = origin
    for (top, left), (bottom, right) in merges:
        i, j = top - r0, left - c0
        if not (first <= i < last) or j < 0 or i >= len(rows) or j >= len(rows[i]):
            continue
        value = rows[i][j]
        cols = range(j, j + 1) if down_only else range(j, min(right - c0 + 1, len(rows[i])))
        for k in range(i, min(bottom - r0 + 1, len(rows), last if not down_only else len(rows))):
            for col in cols:
                rows[k][col] = value


def _is_footer(row: list[Any], signature: list[int]) -> bool:
    first = row[0] if row[0] != "" else next((v for v in row if v != ""), "")
    if not isinstance(first, str) or first.lstrip(" *\t")[:1] not in _FOOTER_INITIALS:
        return False
    folded = fold(first)
    if folded.startswith(TOTAL_WORDS):  # a totals row may carry counts in any column
        return True
    if not folded.startswith(FOOTER_WORDS):
        return False
    return not any(row[j] != "" and not _footerish(row[j]) for j in signature)


def _footerish(value: Any) -> bool:
    """A signature line's own text ("校长签字：") is no evidence of a pupil."""
    return isinstance(value, str) and fold(value).startswith(FOOTER_WORDS)


def select_rows(
    rows: list[list[Any]], start: int, signature: list[int]
) -> tuple[list[int], list[int]]:
    """Indices of data rows, and of footer and label rows (read for "标签：值" fields only).

    Blank rows and repeats of the header (tables pasted class by class) are skipped. A row with
    nothing in the signature columns and at most one filled cell ("三年级2班") is a label. After
    the first footer row only rows with a value in a signature column are data: the lines under a
    footer are signatures and dates, but a pupil below a 合计 row is still a pupil."""
    data: list[int] = []
    footer: list[int] = []
    in_footer = False
    header = [rows[start - 1][j] for j in signature] if start else []
    for i in range(start, len(rows)):
        row = rows[i]
        first = row[0]
        if not in_footer and first != "" and first.__class__ is not str:
            data.append(i)  # the common case: a number (序号) in the first column
            continue
        if all(v == "" or (v.__class__ is str and not v.strip()) for v in row):
            continue
        keyed = [row[j] for j in signature]
        if _is_footer(row, signature):
            in_footer = True
            footer.append(i)
        elif keyed == header:
            continue
        elif any(v != "" for v in keyed):
            data.append(i)
        elif in_footer or sum(v != "" for v in row) <= 1:
            footer.append(i)
        else:
            data.append(i)
    return data, footer


def build_table(
    rows: list[list[Any]],
    keep: list[int],
    match: HeaderMatch,
    *,
    path: str,
    sheet: str,
    origin: tuple[int, int],
    hidden: bool,
) -> tuple[SheetTable, list[Finding]]:
    """The SheetTable of the kept rows: one pass per column, each distinct value parsed once."""
    r0, c0 = origin
    index = pd.Index(np.array(keep, dtype=np.int64) + (r0 + 1))
    columns = _transpose(rows, keep)
    where = {"path": path, "sheet": sheet}
    data, raw, findings = _typed(columns, match, index, c0, where)
    extra, extra_values = _extra(columns, match, len(keep), c0)
    names = _names(tuple(match.columns))
    table = SheetTable(
        path=path,
        sheet=sheet,
        form=match.form,
        header_row=r0 + match.row + 1,
        columns={k: column_letter(c0 + j) for k, j in match.columns.items()},
        headers=match.headers,
        data=_frame(data, index, names),
        raw=_frame(raw, index, names),
        extra_columns=extra,
        extra=_frame(extra_values, index, list(extra)) if extra else None,
        hidden=hidden,
    )
    derive_from_id(table)
    unread = {column_letter(c0 + j) for j in ambiguous_columns(match)}
    findings += header_findings(match, c0, path=path, sheet=sheet)
    findings += [
        make_finding("extra-column", file=path, sheet=sheet, column=letter, field=text)
        for text, letter in extra.items()
        if letter not in unread
    ]
    return table, findings


def _transpose(rows: list[list[Any]], keep: list[int]) -> list[tuple[Any, ...]]:
    """The kept rows as columns (a slice when they follow each other, as they mostly do)."""
    if not keep:
        return []
    first, last = keep[0], keep[-1]
    chosen = rows[first : last + 1] if last - first + 1 == len(keep) else [rows[i] for i in keep]
    return list(zip(*chosen, strict=True))


def _typed(
    columns: list[tuple[Any, ...]],
    match: HeaderMatch,
    index: pd.Index,
    c0: int,
    where: dict[str, str],
) -> tuple[np.ndarray, np.ndarray, list[Finding]]:
    """Parsed values and raw texts of the form's columns, and the findings of bad cells."""
    rows = len(index)
    data_columns: list[Sequence[Any]] = []
    raw_columns: list[Sequence[Any]] = []
    findings: list[Finding] = []
    parsers = _parsers(match.form)
    for key, j in match.columns.items():
        spec, parse = parsers[key]
        values, texts, errors = parse_column(columns[j] if columns else (), parse)
        data_columns.append(values)
        raw_columns.append(texts)
        if errors:
            findings += cell_findings(spec, errors, texts, index, column_letter(c0 + j), **where)
    return _grid(data_columns, rows).T, _grid(raw_columns, rows).T, findings


def _grid(columns: list[Sequence[Any]], rows: int) -> np.ndarray:
    """Columns of cell values as one (columns x rows) array: the layout pandas keeps, so the
    frame takes it without a copy."""
    if any(len(c) != rows for c in columns):  # fromiter would shift cells into the next column
        raise ValueError(f"columns of {sorted({len(c) for c in columns})} cells, not {rows}")
    # fromiter takes each value as it is (np.array would look into every value for nested
    # sequences), and one pass over all columns fills the block without a temporary per column
    cells = np.fromiter(chain.from_iterable(columns), dtype=object, count=len(columns) * rows)
    return cells.reshape(len(columns), rows)


def _extra(
    columns: list[tuple[Any, ...]], match: HeaderMatch, rows: int, c0: int
) -> tuple[dict[str, str], np.ndarray]:
    """Header -> letter of the columns not in the form, and their texts."""
    extra: dict[str, str] = {}
    texts = []
    for j, text in match.extra.items():
        name = text if text not in extra else f"{text}（{column_letter(c0 + j)}列）"
        extra[name] = column_letter(c0 + j)
        texts.append(parse_column(columns[j] if columns else (), parse_text)[1])
    return extra, _grid(texts, rows).T


def _parsers(form: SheetSpec) -> dict[str, tuple[ColumnSpec, Parser]]:
    """Column key -> (spec, parser) of a form, looked up once per form."""
    found = _PARSERS.get(form.key)
    if found is None:
        found = _PARSERS[form.key] = {c.key: (c, parser_for(c)) for c in form.columns}
    return found


_PARSERS: dict[str, dict[str, tuple[ColumnSpec, Parser]]] = {}
"""Form key (unique in the catalogue) -> its column parsers."""


# Safe process-wide: keyed by column keys, holds a small immutable Index (no frame, no data).
@lru_cache(maxsize=256)
def _names(keys: tuple[str, ...]) -> pd.Index:
    return pd.Index(keys, dtype=object)  # immutable: shared by every table of a layout


def _frame(values: np.ndarray, index: pd.Index, columns: Any) -> pd.DataFrame:
    # dtype=object keeps None and mixed types as they are (pandas 3 would infer str columns)
    if not isinstance(columns, pd.Index):
        columns = _names(tuple(columns))
    return pd.DataFrame(values, index=index, columns=columns, dtype=object, copy=False)


def cell_findings(
    spec: Any,
    errors: Sequence[Any],
    texts: Sequence[Any],
    index: Sequence[int],
    letter: str,
    *,
    path: str,
    sheet: str,
) -> list[Finding]:
    """Value findings for the cells of one column whose parse failed."""
    params = {}
    if spec.type in (ValueType.ENUM, ValueType.GRADE, ValueType.YES_NO):
        labels = spec.codes.labels if spec.codes else ["是", "否"]
        params["allowed"] = "、".join(labels)
    out = []
    for pos, error in enumerate(errors):
        if error:
            code, variant = _ERRORS[error]
            out.append(
                make_finding(
                    code,
                    variant,
                    file=path,
                    sheet=sheet,
                    row=int(index[pos]),
                    column=letter,
                    field=spec.header,
                    value=texts[pos],
                    **params,
                )
            )
    return out
