"""schoolroll checklist on demo --months 3: the list filled as a clerk would, then read back."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest

from core.catalogue import review as rv
from core.reader.workbook import read_workbook
from core.register.cases import OPEN_STATES, STATE_LABELS
from desktop.cli import main


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    out = tmp_path_factory.mktemp("term")
    assert main(["demo", "--out", str(out), "--period", "2026-09", "--months", "3",
                 "--schools", "3", "--students", "40", "--seed", "11"]) == 0  # fmt: skip
    register = out / "个案登记册.sqlite"
    for month in sorted(m for m in out.iterdir() if m.is_dir()):
        code, _ = _run(
            "consolidate", str(month / "收件箱"), "--period", month.name,
            "--out", str(month / "县区汇总.xlsx"), "--schools", str(month / "学校名录.xlsx"),
            "--household", str(month / "户籍适龄儿童名单.xlsx"),
            "--poverty", str(month / "脱贫户家庭成员名单.xlsx"), "--register", str(register),
        )  # fmt: skip
        assert code in (0, 1)
    return out, register


def test_every_open_case_is_listed_with_the_ledgers_contacts_and_read_back(county, tmp_path):
    out, register = county
    last = sorted(m for m in out.iterdir() if m.is_dir())[-1]
    book = tmp_path / "入户核查清单.xlsx"
    code, _ = _run("checklist", "--period", last.name, "--county", str(last / "县区汇总.xlsx"),
                   "--register", str(register), "--out", str(book))  # fmt: skip
    assert code == 0
    _, text = _run("register", "status", "--register", str(register), "--json")
    open_cases = {
        (c["id_number"], STATE_LABELS[c["state"]], c["opened"])
        for c in json.loads(text)["cases"]
        if c["state"] in OPEN_STATES
    }
    key = json.loads((last / "answer_key.json").read_text("utf-8"))["register"]["open"]
    assert len(open_cases) == sum(key.values())
    # the contacts as the county workbook's ledgers hold them
    county_book = read_workbook(last / "县区汇总.xlsx")
    contacts = {}
    for kind in ("ledger-suspected", "ledger-dropout", "ledger-children"):
        for t in county_book.tables:
            if t.form.kind != kind:
                continue
            for r in t.data.to_dict("records"):
                mine = contacts.setdefault(r.get("id_number"), {})
                for k in ("guardian", "guardian_phone", "address"):
                    if r.get(k) and k not in mine:
                        mine[k] = r[k]
    wb = openpyxl.load_workbook(book)
    ws = wb["入户核查清单"]
    headers = [c.value for c in ws[2]]
    assert headers == [c.header for c in rv.FIELD_CHECK.columns]
    col = {c.key: i for i, c in enumerate(rv.FIELD_CHECK.columns)}
    rows = [list(r) for r in ws.iter_rows(min_row=3, values_only=True)]
    listed = {(r[col["id_number"]], r[col["case_state"]], r[col["opened"]]) for r in rows}
    assert listed == open_cases
    for r in rows:
        known = contacts.get(r[col["id_number"]], {})
        for k in ("guardian", "guardian_phone", "address"):
            assert r[col[k]] == known.get(k)
        for k in ("check_date", "checker", "check_result", "check_note"):
            assert r[col[k]] is None
    order = [(r[col["school_code"]] or "", r[col["hukou_region"]] or "") for r in rows]
    assert order == sorted(order)
    # a clerk fills the blank columns on site, and the reader reads the list back as its form
    letters = {k: openpyxl.utils.get_column_letter(i + 1) for k, i in col.items()}
    filled = {}
    for n in range(3, 3 + len(rows)):
        ws[f"{letters['check_date']}{n}"] = dt.date(2026, 9, 1 + n)
        ws[f"{letters['checker']}{n}"] = f"核查员{n}"
        ws[f"{letters['check_result']}{n}"] = "已返校" if n % 2 else "仍未返校"
        filled[n] = (dt.date(2026, 9, 1 + n), f"核查员{n}", "已返校" if n % 2 else "仍未返校")
    back = tmp_path / "已填.xlsx"
    wb.save(back)
    read = read_workbook(back)
    table = next(t for t in read.tables if t.form.key == "field-check.list")
    assert table.columns["check_result"] == letters["check_result"]
    got = {
        int(n): (r["check_date"], r["checker"], r["check_result"])
        for n, r in table.data.to_dict("index").items()
    }
    assert got == filled


def test_checklist_usage_errors_exit_2(county, tmp_path, capsys):
    out, register = county
    last = sorted(m for m in out.iterdir() if m.is_dir())[-1]
    target = str(tmp_path / "c.xlsx")
    assert main(["checklist", "--period", "2025-01", "--county", str(last / "县区汇总.xlsx"),
                 "--register", str(register), "--out", target]) == 2  # fmt: skip
    assert "没有 2025-01" in capsys.readouterr().err
    assert main(["checklist", "--period", last.name, "--county", str(tmp_path / "无.xlsx"),
                 "--register", str(register), "--out", target]) == 2  # fmt: skip
    assert "找不到" in capsys.readouterr().err
    assert not Path(target).exists()
