"""schoolroll checklist on demo --months 3: the list filled as a clerk would, then read back."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from core.catalogue import review as rv
from core.reader.workbook import read_workbook
from core.register.cases import OPEN_STATES, STATE_LABELS
from desktop.cli import main
from tests.desktop.register_months import check_list_columns, consolidated_demo, fill_check_list
from tests.desktop.register_months import run as _run


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    out = tmp_path_factory.mktemp("term")
    return out, consolidated_demo(out, "2026-09")


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
    letters = check_list_columns()
    visits = {
        n: {
            "check_date": dt.date(2026, 9, 1 + n),
            "checker": f"核查员{n}",
            "check_result": "已返校" if n % 2 else "仍未返校",
        }
        for n in range(3, 3 + len(rows))
    }
    # the reader gives the code list's code (仍未返校 is a spelling of 辍学)
    filled = {n: (v["check_date"], v["checker"], "12" if n % 2 else "14")
              for n, v in visits.items()}  # fmt: skip
    back = fill_check_list(book, visits, tmp_path / "已填.xlsx")
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


# What a visit's 核查结果 does to each open state (docs/register.md, "The field check-list").
SETTLED = {
    "在校就读": {"pending": "excluded", "suspected": "returned", "dropout": "resumed"},
    "已返校": {"pending": "excluded", "suspected": "returned", "dropout": "resumed"},
    "转学": dict.fromkeys(("pending", "suspected", "dropout"), "transferred"),
    "休学": dict.fromkeys(("pending", "suspected", "dropout"), "lawful"),
    "送教上门": dict.fromkeys(("pending", "suspected", "dropout"), "lawful"),
    "辍学": {"pending": "suspected", "suspected": "dropout"},
    "死亡": dict.fromkeys(("pending", "suspected", "dropout"), "closed"),
    "出国出境": dict.fromkeys(("pending", "suspected", "dropout"), "closed"),
    "联系不上": {},
    "其他": {},
}
SPELLINGS = {
    c.label: (c.label, *c.aliases, f"{c.code}-{c.label}", f"{c.code} {c.label}",
              *(f"{c.label}（{a}）" for a in c.aliases))
    for c in rv.cl.CHECK_RESULT.codes
}  # fmt: skip
"""How a clerk writes each 核查结果: its label, an alias, the code before it, a gloss."""
HEADERS = {
    "check_date": ("核查日期", "核查时间"),
    "checker": ("核查人", "核查人员"),
    "check_result": ("核查结果", "核查情况"),
    "check_note": ("说明", "备注", "核查说明"),
}
"""The filled columns' headers as the list has them, or in the clerk's own words."""
LABEL_STATE = {v: k for k, v in STATE_LABELS.items()}


@pytest.mark.parametrize("seed", [3, 8, 21])
def test_a_filled_check_list_is_imported_into_the_register_at_its_cells(county, tmp_path, seed):
    import random
    import shutil

    out, register = county
    last = sorted(m for m in out.iterdir() if m.is_dir())[-1]
    mine = tmp_path / "登记册.sqlite"
    shutil.copy(register, mine)
    book = tmp_path / "入户核查清单.xlsx"
    code, _ = _run("checklist", "--period", last.name, "--county", str(last / "县区汇总.xlsx"),
                   "--register", str(mine), "--out", str(book))  # fmt: skip
    assert code == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["入户核查清单"]
    col = check_list_columns()
    rows = list(range(3, ws.max_row + 1))
    rng = random.Random(seed)
    blank = set(rng.sample(rows, 2))
    invalid = rng.choice([n for n in rows if n not in blank])
    results = list(SETTLED)
    notes = []
    for key, words in HEADERS.items():
        written = rng.choice(words)
        ws[f"{col[key]}2"] = written
        spec = rv.FIELD_CHECK.column(key)
        if written != spec.header and written not in spec.synonyms:
            notes.append(
                {
                    "code": "header-assumed",
                    "severity": "info",
                    "sheet": "入户核查清单",
                    "row": None,
                    "column": col[key],
                    "cell": None,
                    "field": spec.header,
                    "value": None,
                    "message": f"“{written}”按“{spec.header}”读取",
                    "hint": "如理解有误，请把表头改成模板中的文字，或在映射文件中指定这一列。",
                    "explanation": None,
                }
            )
    filled = {}
    for n in rows:
        if n in blank:
            continue
        result = rng.choice(results)
        written = "回老家了" if n == invalid else rng.choice(SPELLINGS.get(result, (result,)))
        day = dt.date(2026, 12, 1) + dt.timedelta(days=rng.randrange(10))
        note = rng.choice([None, f"见到本人，{rng.randrange(100)}"])
        if result in ("死亡", "出国出境"):
            note = f"证明材料编号 {rng.randrange(1000)}"
        ws[f"{col['check_date']}{n}"] = day
        ws[f"{col['checker']}{n}"] = f"核查员{rng.randrange(9)}"
        ws[f"{col['check_result']}{n}"] = written
        if note:
            ws[f"{col['check_note']}{n}"] = note
        # the reader keeps text as NFKC (见到本人，3 is read 见到本人,3)
        filled[n] = (result, day, unicodedata.normalize("NFKC", note) if note else None)
    listed = {
        n: (ws[f"{col['id_number']}{n}"].value, LABEL_STATE[ws[f"{col['case_state']}{n}"].value])
        for n in rows
    }
    back = tmp_path / "已填入户核查清单.xlsx"
    wb.save(back)
    code, text = _run("register", "import", str(back), "--register", str(mine), "--json")
    assert code == 1  # the invalid 核查结果 is an error
    doc = json.loads(text)
    (imported,) = doc["checklists"]
    allowed = "、".join(c.label for c in rv.cl.CHECK_RESULT.codes)
    assert imported["findings"] == [
        {
            "code": "enum-invalid",
            "severity": "error",
            "sheet": "入户核查清单",
            "row": invalid,
            "column": col["check_result"],
            "cell": f"{col['check_result']}{invalid}",
            "field": "核查结果",
            "value": "回老家了",
            "message": f"核查结果“回老家了”不在可选值中（可选：{allowed}）",
            "hint": "请从下拉列表中选择，或填写代码表中的代码。",
            "explanation": None,
        },
        *notes,  # the headers written in the clerk's words, each read as the list's
    ]
    assert imported["states"]  # the seeds settle some cases
    assert imported["blank"] == len(blank)
    assert imported["checks"] == len(filled) - 1
    _, text = _run("register", "status", "--register", str(mine), "--json")
    latest = {}
    for c in json.loads(text)["cases"]:
        latest[c["id_number"]] = c  # the last episode of each pupil
    for n, (id_number, state) in listed.items():
        case = latest[id_number]
        if n not in filled or n == invalid:
            assert case["state"] == state  # nothing recorded for a blank or unreadable row
            continue
        result, day, note = filled[n]
        new = SETTLED[result].get(state)
        if new is None or new == state:
            assert case["state"] == state
            assert case["history"][-1]["source"].get("file") != str(back)
            continue
        reason = f"入户核查：{result}" + (f"（{note}）" if note else "")
        assert case["state"] == new
        assert case["history"][-1] == {
            "period": last.name,
            "event": new,
            "date": day.isoformat(),
            "source": {"file": str(back), "sheet": "入户核查清单", "row": n,
                       "column": col["check_result"]},
            "reason": result if new == "closed" else reason,
        }  # fmt: skip
    # every visit is kept with the cells it was read from, the blank columns left out
    from core.register.field_check import checks
    from core.register.schema import open_register

    conn = open_register(mine)
    try:
        visits = checks(conn)
    finally:
        conn.close()
    expected = []
    for n, (result, day, note) in sorted(filled.items()):
        if n == invalid:
            continue
        cells = {k: f"{col[k]}{n}" for k in ("check_date", "checker", "check_result", "check_note")}
        expected.append((listed[n][0], day.isoformat(), result, note, n, cells))
    got = sorted(
        (v["id"], v["date"], v["result"], v.get("note"), v["source"]["row"], v["cells"])
        for v in visits
    )
    assert got == sorted(expected, key=lambda e: e)
    # status counts the visits by 核查结果, and the export lists each with its source row
    from collections import Counter

    kept = {n: f for n, f in filled.items() if n != invalid}
    by_result = Counter(result for result, _, _ in kept.values())
    assert json.loads(text)["field_checks"] == {
        "visits": len(kept),
        "by_result": dict(sorted(by_result.items())),
    }
    archive = tmp_path / "登记册导出.xlsx"
    assert _run("register", "export", "--register", str(mine), "--out", str(archive))[0] == 0
    sheet = openpyxl.load_workbook(archive, read_only=True)["入户核查"]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    head = table.index(["身份证件号", "姓名", "学校标识码", "月份", "核查日期", "核查人",
                        "核查结果", "说明", "来源文件", "工作表", "行号"])  # fmt: skip
    exported = sorted((r[0], r[4], r[6], r[7], r[8], r[9], r[10]) for r in table[head + 1 :])
    assert exported == sorted(
        (listed[n][0], day.isoformat(), result, note, str(back), "入户核查清单", n)
        for n, (result, day, note) in kept.items()
    )
    # importing the same list again replaces its visits: the cases and the counts come out the same
    _run("register", "import", str(back), "--register", str(mine), "--json")
    _, again = _run("register", "status", "--register", str(mine), "--json")
    assert json.loads(again)["cases"] == json.loads(text)["cases"]
    assert json.loads(again)["field_checks"] == json.loads(text)["field_checks"]


def test_a_row_without_result_or_of_no_open_case_is_not_imported(county, tmp_path):
    import shutil

    out, register = county
    last = sorted(m for m in out.iterdir() if m.is_dir())[-1]
    mine = tmp_path / "登记册.sqlite"
    shutil.copy(register, mine)
    book = tmp_path / "入户核查清单.xlsx"
    _run("checklist", "--period", last.name, "--county", str(last / "县区汇总.xlsx"),
         "--register", str(mine), "--out", str(book))  # fmt: skip
    wb = openpyxl.load_workbook(book)
    ws = wb["入户核查清单"]
    col = check_list_columns()
    assert ws.max_row >= 4
    name3, name4 = ws[f"{col['name']}3"].value, ws[f"{col['name']}4"].value
    visits = {
        # visited, but 核查结果 left empty
        3: {"checker": "核查员甲", "check_date": dt.date(2026, 12, 2)},
        # a pupil the register does not hold open
        4: {"id_number": None, "student_no": None, "name": name4 + "某", "check_result": "已返校"},
    }
    back = fill_check_list(book, visits, tmp_path / "已填.xlsx")
    code, text = _run("register", "import", str(back), "--register", str(mine), "--json")
    assert code == 0  # warnings only
    (doc,) = json.loads(text)["checklists"]
    assert [(f["code"], f["severity"], f["sheet"], f["row"], f["column"], f["message"])
            for f in doc["findings"]] == [
        ("check-result-missing", "warning", "入户核查清单", 3, col["check_result"],
         f"“{name3}”一行填了核查日期、核查人或说明，但核查结果为空，该行未导入"),
        ("field-check-unmatched", "warning", "入户核查清单", 4, None,
         f"入户核查清单中的“{name4}某”在个案登记册中找不到该月仍在跟踪的个案，该行未导入"),
    ]  # fmt: skip
    assert (doc["checks"], doc["states"]) == (0, {})
    _, before = _run("register", "status", "--register", str(register), "--json")
    _, after = _run("register", "status", "--register", str(mine), "--json")
    assert json.loads(after)["cases"] == json.loads(before)["cases"]
