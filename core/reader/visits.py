"""劝返 attempts written as columns of the 辍学 ledger, when a school keeps no 劝返记录 sheet.

Some schools record the 劝返 of each dropout beside the pupil in the ledger instead of one row
per attempt in a sheet of their own: the latest attempt (劝返日期, 劝返方式, 劝返结果, 劝返人员 …),
or every attempt numbered (第一次劝返日期 | 第一次劝返措施 | 第二次劝返日期 …, also 首次/二次,
劝返1/劝返2, 劝返日期1, 劝返日期（第二次）; core.catalogue.vocab.ordinal). Those columns are no
part of the ledger's form, so the reader kept them as extra columns; here the ones that name a
劝返记录 field are read as that sheet's records, at the ledger's own cells (same sheet, same row,
the column of the value), with the pupil's identity from the ledger's columns.

- Unnumbered: one attempt per ledger row that fills any of them; without a 次序 column the
  attempt is the first (a ledger row holds one), noted as derived so the column is not demanded.
- Numbered: one attempt per number that a ledger row fills (a blank attempt is none), the
  attempt its number; an unnumbered 劝返 column beside them (one 劝返人员 for all) is shared by
  every attempt of the row, at its one cell. One ledger row then holds several records, so the
  table's rows are labelled 0, 1, … and SheetTable.places gives each its Excel row and cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.catalogue import FORMS_BY_KEY, fold
from core.catalogue.school_monthly import RETURN_VISITS
from core.catalogue.vocab import ordinal
from core.model.findings import Finding, make_finding
from core.reader.headers import cell_keys
from core.reader.model import SheetTable, WorkbookRead
from core.reader.tables import cell_findings
from core.reader.values import parser_for

LEDGER = "dropout"
VISIT_KEYS = ("attempt", "visit_date", "visitor", "method", "result", "next_step")
"""The 劝返记录 fields a ledger column may hold (identity comes from the ledger itself)."""
IDENTITY = ("student_no", "name", "id_number")
LEDGER_WORDS = {"responsible": "visitor", "measure": "method"}
"""Ledger fields that are a 劝返 field too: who goes (the 劝返责任人), what is done (the
帮扶措施). Numbered as an attempt (第二次劝返责任人, 第一次帮扶措施) their words name that
attempt's field; without a 劝返 column of that field, the ledger's own column gives it to every
attempt of its row, at its cell."""
_LEDGER_KEY = {v: k for k, v in LEDGER_WORDS.items()}
_RECORDING = ("visit_date", "result")
"""A 劝返 needs its date or its result: a lone 方式 column is no record of one."""


def visit_columns(table: SheetTable) -> dict[int | None, dict[str, str]]:
    """Attempt number (None: unnumbered) -> visit key -> header text, of the ledger's extra
    columns that name one 劝返 field each, once for that attempt."""
    found: dict[int | None, dict[str, list[str]]] = {}
    for text in table.extra_columns:
        numbered = ordinal(fold(text))
        attempt, words = numbered if numbered is not None else (None, text)
        for key in _visit_keys(words, attempt is not None):
            found.setdefault(attempt, {}).setdefault(key, []).append(text)
    return {
        attempt: {key: texts[0] for key, texts in keys.items() if len(texts) == 1}
        for attempt, keys in found.items()
    }


def _visit_keys(words: str, numbered: bool) -> set[str]:
    keys: set[str] = set()
    for form_key, found, _ in cell_keys(words):
        if len(found) != 1:
            continue
        form = FORMS_BY_KEY[form_key]
        if form is RETURN_VISITS and found[0] in VISIT_KEYS:
            keys.add(found[0])
        elif numbered and form.kind == LEDGER and found[0] in LEDGER_WORDS:
            keys.add(LEDGER_WORDS[found[0]])
    return keys if len(keys) == 1 else set()


@dataclass
class _Group:
    """The columns of one attempt: its own (visit key -> header) and those it shares."""

    attempt: int | None
    own: dict[str, str]
    shared: dict[str, str]

    @property
    def texts(self) -> dict[str, str]:
        return {**self.shared, **self.own}


def _groups(columns: dict[int | None, dict[str, str]]) -> list[_Group]:
    unnumbered = columns.get(None, {})
    numbered = sorted(
        (n, {k: t for k, t in texts.items() if k != "attempt"})  # the number is the attempt
        for n, texts in columns.items()
        if n is not None
    )
    numbered = [(n, own) for n, own in numbered if any(k in own for k in _RECORDING)]
    if not numbered:
        has_record = any(k in unnumbered for k in _RECORDING)
        return [_Group(None, unnumbered, {})] if has_record else []
    shared = {k: t for k, t in unnumbered.items() if k != "attempt"}  # 劝返次数 is a total here
    return [_Group(n, own, shared) for n, own in numbered]


def visits_from_ledger(result: WorkbookRead) -> None:
    """Add the 劝返记录 table a dropout ledger's 劝返 columns make, when there is no such sheet."""
    ledger = result.table(LEDGER)
    if ledger is None or result.table(RETURN_VISITS.kind) is not None or ledger.extra is None:
        return
    groups = _groups(visit_columns(ledger))
    if not groups:
        return
    identity = {k: ledger.columns[k] for k in IDENTITY if k in ledger.columns}
    named = {k for g in groups for k in g.texts}
    own = {
        v: ledger.columns[k]
        for k, v in LEDGER_WORDS.items()
        if v not in named and k in ledger.columns
    }
    records: list[tuple[int, int | None, _Group]] = []  # (Excel row, attempt, its columns)
    for group in groups:
        filled = ledger.extra[list(group.own.values())].notna().any(axis=1).to_numpy()
        records += [(int(r), group.attempt, group) for r in ledger.data.index[filled]]
    records.sort(key=lambda item: (item[0], item[1] or 0))
    numbered = groups[0].attempt is not None
    table, findings = _table(ledger, groups, records, identity | own, numbered)
    result.tables.append(table)
    read = {ledger.extra_columns[t] for g in groups for t in g.texts.values()}
    result.findings = [f for f in result.findings if not _is_read_extra(f, ledger, read)]
    result.findings += findings
    result.findings += _notes(ledger, groups, own)


def _table(
    ledger: SheetTable,
    groups: list[_Group],
    records: list[tuple[int, int | None, _Group]],
    from_ledger: dict[str, str],
    numbered: bool,
) -> tuple[SheetTable, list[Finding]]:
    data: dict[str, list[object]] = {}
    raw: dict[str, list[object]] = {}
    findings: list[Finding] = []
    rows = [row for row, _, _ in records]
    keys_read = {k for g in groups for k in g.texts} | set(from_ledger)
    for key in from_ledger:  # the ledger's own columns: the pupil, and who went, what was done
        source = _LEDGER_KEY.get(key, key)
        data[key] = ledger.data.loc[rows, source].tolist()
        raw[key] = ledger.raw.loc[rows, source].tolist()
    for key in RETURN_VISITS.keys:
        if key in keys_read and key not in from_ledger:
            findings += _parse(key, records, ledger, data, raw)
    derived: tuple[str, ...] = ()
    if numbered:
        data["attempt"] = [n for _, n, _ in records]
        raw["attempt"] = [str(n) for _, n, _ in records]
        derived = ("attempt",)
    elif "attempt" not in keys_read:
        data["attempt"], raw["attempt"], derived = [1] * len(rows), ["1"] * len(rows), ("attempt",)
    keys = [k for k in RETURN_VISITS.keys if k in data]
    first: dict[str, str] = {}  # each key's header in the first attempt that has it
    for group in groups:
        for key, text in group.texts.items():
            first.setdefault(key, text)
    letters = dict(from_ledger) | {k: ledger.extra_columns[t] for k, t in first.items()}
    headers = {k: ledger.headers[_LEDGER_KEY.get(k, k)] for k in from_ledger} | first
    places = None
    index = pd.Index(np.asarray(rows, dtype=np.int64))
    if numbered:
        places = {
            label: (
                row,
                dict(from_ledger) | {k: ledger.extra_columns[t] for k, t in g.texts.items()},
            )
            for label, (row, _, g) in enumerate(records)
        }
        index = pd.Index(np.arange(len(records), dtype=np.int64))
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
        host=LEDGER,
        places=places,
    )
    return table, findings


def _notes(ledger: SheetTable, groups: list[_Group], own: dict[str, str]) -> list[Finding]:
    """One visits-in-ledger note per ledger column read as a 劝返 field."""
    read = {t: (k, ledger.extra_columns[t]) for g in groups for k, t in g.texts.items()}
    read |= {ledger.headers[_LEDGER_KEY[k]]: (k, letter) for k, letter in own.items()}
    return [
        make_finding(
            "visits-in-ledger",
            file=ledger.path,
            sheet=ledger.sheet,
            column=letter,
            field=RETURN_VISITS.column(key).header,
            header=text,
        )
        for text, (key, letter) in read.items()
    ]


def _parse(
    key: str,
    records: list[tuple[int, int | None, _Group]],
    ledger: SheetTable,
    data: dict[str, list[object]],
    raw: dict[str, list[object]],
) -> list[Finding]:
    """Parse one field of every record, each from its own attempt's cell (blank without one);
    value findings at those cells."""
    spec = RETURN_VISITS.column(key)
    parse = parser_for(spec)
    parsed = []
    bad: dict[str, tuple[list[object], list[object], list[int]]] = {}
    for row, _, group in records:
        text = group.texts.get(key)
        cell = ledger.extra.at[row, text] if text is not None else None
        data_value, shown, error = parse("" if cell is None or pd.isna(cell) else cell)
        parsed.append((data_value, shown))
        if error:
            letter = ledger.extra_columns[text]
            errors, texts, rows = bad.setdefault(letter, ([], [], []))
            errors.append(error)
            texts.append(shown)
            rows.append(row)
    data[key] = [d for d, _ in parsed]
    raw[key] = [t for _, t in parsed]
    out: list[Finding] = []
    for letter, (errors, texts, rows) in bad.items():
        out += cell_findings(
            spec, errors, texts, rows, letter, path=ledger.path, sheet=ledger.sheet
        )
    return out


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
