"""劝返 attempts written as columns of the 辍学 ledger, when a school keeps no 劝返记录 sheet.

Some schools record the latest 劝返 of each dropout beside the pupil in the ledger (劝返日期,
劝返方式, 劝返结果, 劝返人员 …) instead of one row per attempt in a sheet of their own. Those
columns are no part of the ledger's form, so the reader kept them as extra columns; here the
ones that name a 劝返记录 field are read as that sheet's records: one attempt per ledger row
that has any of them filled, at the ledger's own cells (same sheet, same row, the column of the
value), with the pupil's identity from the ledger's columns. Without a 次序 column the attempt is
the first (a ledger row holds one), noted as derived so the column is not demanded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.catalogue import FORMS_BY_KEY
from core.catalogue.school_monthly import RETURN_VISITS
from core.model.findings import Finding, make_finding
from core.reader.headers import cell_keys
from core.reader.model import SheetTable, WorkbookRead
from core.reader.tables import cell_findings
from core.reader.values import parser_for

LEDGER = "dropout"
VISIT_KEYS = ("attempt", "visit_date", "visitor", "method", "result", "next_step")
"""The 劝返记录 fields a ledger column may hold (identity comes from the ledger itself)."""
IDENTITY = ("student_no", "name", "id_number")


def visit_columns(table: SheetTable) -> dict[str, str]:
    """Visit key -> header text of the ledger's extra columns that name one field each, once."""
    found: dict[str, list[str]] = {}
    for text in table.extra_columns:
        for form_key, keys, _ in cell_keys(text):
            if FORMS_BY_KEY[form_key] is RETURN_VISITS and len(keys) == 1 and keys[0] in VISIT_KEYS:
                found.setdefault(keys[0], []).append(text)
    return {key: texts[0] for key, texts in found.items() if len(texts) == 1}


def visits_from_ledger(result: WorkbookRead) -> None:
    """Add the 劝返记录 table a dropout ledger's 劝返 columns make, when there is no such sheet."""
    ledger = result.table(LEDGER)
    if ledger is None or result.table(RETURN_VISITS.kind) is not None or ledger.extra is None:
        return
    texts = visit_columns(ledger)
    if "visit_date" not in texts and "result" not in texts:
        return  # a 劝返 needs its date or its result: a lone 方式 column is no record of one
    filled = ledger.extra[list(texts.values())].notna().any(axis=1)
    rows = ledger.data.index[filled.to_numpy()]
    letters = {k: ledger.columns[k] for k in IDENTITY if k in ledger.columns}
    letters.update({k: ledger.extra_columns[t] for k, t in texts.items()})
    headers = {k: ledger.headers[k] for k in IDENTITY if k in ledger.headers}
    headers.update(texts)
    data: dict[str, list[object]] = {}
    raw: dict[str, list[object]] = {}
    findings: list[Finding] = []
    for key in RETURN_VISITS.keys:
        if key in IDENTITY and key in ledger.columns:
            data[key] = ledger.data.loc[rows, key].tolist()
            raw[key] = ledger.raw.loc[rows, key].tolist()
        elif key in texts:
            findings += _parse(
                key, ledger.extra.loc[rows, texts[key]].tolist(), rows, letters, data, raw, ledger
            )
    derived: tuple[str, ...] = ()
    if "attempt" not in texts:
        data["attempt"], raw["attempt"], derived = [1] * len(rows), ["1"] * len(rows), ("attempt",)
    keys = [k for k in RETURN_VISITS.keys if k in data]
    index = pd.Index(np.asarray(rows, dtype=np.int64))
    table = SheetTable(
        path=ledger.path,
        sheet=ledger.sheet,
        form=RETURN_VISITS,
        header_row=ledger.header_row,
        columns=letters,
        headers=headers,
        data=_frame(data, keys, index),
        raw=_frame(raw, keys, index),
        hidden=ledger.hidden,
        derived=derived,
    )
    result.tables.append(table)
    read = {ledger.extra_columns[t] for t in texts.values()}
    result.findings = [f for f in result.findings if not _is_read_extra(f, ledger, read)]
    result.findings += findings
    result.findings += [
        make_finding(
            "visits-in-ledger",
            file=ledger.path,
            sheet=ledger.sheet,
            column=letters[key],
            field=RETURN_VISITS.column(key).header,
            header=texts[key],
        )
        for key in RETURN_VISITS.keys
        if key in texts
    ]


def _parse(
    key: str,
    cells: list[object],
    rows: pd.Index,
    letters: dict[str, str],
    data: dict[str, list[object]],
    raw: dict[str, list[object]],
    ledger: SheetTable,
) -> list[Finding]:
    spec = RETURN_VISITS.column(key)
    parse = parser_for(spec)
    parsed = [parse("" if v is None else v) for v in cells]
    data[key] = [d for d, _, _ in parsed]
    raw[key] = [t for _, t, _ in parsed]
    errors = [e for _, _, e in parsed]
    if not any(errors):
        return []
    return cell_findings(
        spec, errors, raw[key], list(rows), letters[key], path=ledger.path, sheet=ledger.sheet
    )


def _frame(values: dict[str, list[object]], keys: list[str], index: pd.Index) -> pd.DataFrame:
    frame = pd.DataFrame({k: pd.Series(values[k], index=index, dtype=object) for k in keys})
    return frame.reindex(columns=pd.Index(keys, dtype=object)).astype(object)


def _is_read_extra(f: Finding, ledger: SheetTable, letters: set[str]) -> bool:
    return (
        f.code == "extra-column"
        and f.file == ledger.path
        and f.sheet == ledger.sheet
        and f.column in letters
    )
