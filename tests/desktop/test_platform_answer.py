"""The platform's pushed list answered (平台推送核实), platform-unanswered: demo --months 3."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from core.catalogue import codelists as cl
from core.catalogue import county as cf
from core.reader.workbook import read_workbook
from desktop.cli import main

ANSWER = cf.PLATFORM_ANSWER
LETTER = {c.key: openpyxl.utils.get_column_letter(i + 1) for i, c in enumerate(ANSWER.columns)}


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def _consolidate(month: Path, register: Path) -> dict:
    code, text = _run(
        "consolidate", str(month / "收件箱"), "--period", month.name,
        "--out", str(month / "县区汇总.xlsx"), "--schools", str(month / "学校名录.xlsx"),
        "--household", str(month / "户籍适龄儿童名单.xlsx"),
        "--poverty", str(month / "脱贫户家庭成员名单.xlsx"),
        "--platform", str(month / "平台推送疑似辍学名单.xlsx"),
        "--platform-answer", str(month / "平台推送核实.xlsx"),
        "--register", str(register), "--json",
    )  # fmt: skip
    assert code in (0, 1)
    return json.loads(text)


@pytest.fixture(scope="module", params=[11, 4])
def county(request, tmp_path_factory):
    """demo --months 3, each month consolidated with the platform's list: (months, JSONs)."""
    out = tmp_path_factory.mktemp(f"pushed{request.param}")
    seed = str(request.param)
    assert main(["demo", "--out", str(out), "--period", "2026-09", "--months", "3",
                 "--schools", "3", "--students", "40", "--seed", seed]) == 0  # fmt: skip
    months = sorted(m for m in out.iterdir() if m.is_dir())
    docs = {m.name: _consolidate(m, out / "登记册.sqlite") for m in months}
    return months, docs


def _key(month: Path) -> dict:
    return json.loads((month / "answer_key.json").read_text("utf-8"))["platform"]


def _answers(path: Path) -> list[tuple]:
    """The 平台推送核实 rows as SchoolRoll's reader reads them back."""
    read = read_workbook(path)
    (table,) = [t for t in read.tables if t.form is ANSWER]
    assert table.columns == {c.key: LETTER[c.key] for c in ANSWER.columns}
    return [
        (
            int(n),
            r["period"],
            r["name"],
            r["id_number"],
            r["school_code"],
            r["push_date"].isoformat(),
            cl.VERIFY_RESULT.label(r["verify_result"]) if r["verify_result"] else None,
            r["verifier"],
            r["verify_date"].isoformat() if r["verify_date"] else None,
            r["verify_note"] is None,
            bool(r["basis"]),
        )
        for n, r in table.data.to_dict("index").items()
    ]


def test_every_pushed_pupil_is_answered_from_the_ledgers_or_left_blank(county):
    months, docs = county
    for month in months:
        key = _key(month)
        expected = [
            (e["row"] + 1, month.name, e["name"], e["id_number"], e["school_code"], e["push_date"],
             e["result"], e["verifier"], e["date"], e["result"] is None, True)
            for e in key["pushed"]
        ]  # fmt: skip
        # the separate workbook (a family of its own) and the county workbook's sheet alike
        alone = read_workbook(month / "平台推送核实.xlsx")
        assert alone.family is cf.PLATFORM_ANSWER_FAMILY
        assert _answers(month / "平台推送核实.xlsx") == expected
        assert _answers(month / "县区汇总.xlsx") == expected
        answered = sum(e["result"] is not None for e in key["pushed"])
        assert docs[month.name]["platform_answer"] == {
            "pushed": len(key["pushed"]),
            "answered": answered,
            "blank": len(key["pushed"]) - answered,
            "out": str(month / "平台推送核实.xlsx"),
        }
    # the months tell every kind of answer apart: each is somewhere
    seen = {e["result"] for m in months for e in _key(m)["pushed"]}
    assert {"在校就读", "辍学", "已返校", "转学", None} <= seen


def _fill(month: Path, out: Path, results: list[str], *, drop_month: bool = False) -> Path:
    """The month's 平台推送核实 as the clerk sends it back: the rows SchoolRoll left blank given
    `results` (the stranger's row first), optionally with the 月份 column deleted."""
    wb = openpyxl.load_workbook(month / "平台推送核实.xlsx")
    ws = wb[ANSWER.title]
    blank = sorted(
        (e for e in _key(month)["pushed"] if e["result"] is None),
        key=lambda e: e["role"] != "stranger",
    )
    for e, result in zip(blank, results, strict=False):
        n = e["row"] + 1
        ws[f"{LETTER['verify_result']}{n}"] = result
        ws[f"{LETTER['verify_note']}{n}"] = "入户核实"
        ws[f"{LETTER['verifier']}{n}"] = "县教育局核实员"
        ws[f"{LETTER['verify_date']}{n}"] = dt.date(2026, 9, 29)
    if drop_month:
        ws.delete_cols(openpyxl.utils.column_index_from_string(LETTER["period"]))
    wb.save(out)
    return out


def _county_answers(register: Path, period: str) -> list[tuple]:
    """The county's own answers in `register export --period`'s 平台核实 sheet: (月份, 姓名)."""
    out = register.with_name(f"导出{period}.xlsx")
    assert _run("register", "export", "--register", str(register), "--out", str(out),
                "--period", period)[0] == 0  # fmt: skip
    ws = openpyxl.load_workbook(out, read_only=True)["平台核实"]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    at = {h: head.index(h) for h in ("月份", "姓名", "核实人")}
    return sorted(
        (r[at["月份"]], r[at["姓名"]]) for r in rows[1:] if r[at["核实人"]] == "县教育局核实员"
    )


@pytest.mark.parametrize("drop_month", [False, True], ids=["月份列", "无月份列"])
def test_last_months_answers_imported_after_this_month_belong_to_last_month(
    county, tmp_path, drop_month
):
    months, _ = county
    register = tmp_path / "登记册.sqlite"
    first, second = (tmp_path / m.name for m in months[:2])
    shutil.copytree(months[0], first)
    shutil.copytree(months[1], second)
    _consolidate(first, register)
    _consolidate(second, register)
    blank = [e for e in _key(first)["pushed"] if e["result"] is None]
    filled = _fill(first, tmp_path / "九月已填.xlsx", ["辍学"] * len(blank), drop_month=drop_month)
    for _ in range(2):  # sent twice: the second import supersedes the first
        code, text = _run("register", "import", str(filled), "--register", str(register),
                          "--json")  # fmt: skip
        assert code == 0
        (doc,) = json.loads(text)["platform_answers"]
        answered = (doc["period"], doc["answers"], doc["blank"], doc["findings"])
        assert answered == (first.name, len(_key(first)["pushed"]), 0, [])
    expected = sorted((first.name, e["name"]) for e in blank)
    assert _county_answers(register, first.name) == expected
    assert _county_answers(register, second.name) == expected


def test_a_list_with_no_month_and_no_pushed_pupil_is_refused(county, tmp_path, capsys):
    months, _ = county
    register = tmp_path / "登记册.sqlite"
    first = tmp_path / months[0].name
    shutil.copytree(months[0], first)
    _consolidate(first, register)
    wb = openpyxl.load_workbook(first / "平台推送核实.xlsx")
    ws = wb[ANSWER.title]
    for row in range(2, ws.max_row + 1):  # pupils the platform never pushed to this county
        ws[f"{LETTER['name']}{row}"] = f"外县学生{row}"
        ws[f"{LETTER['id_number']}{row}"] = None
        ws[f"{LETTER['student_no']}{row}"] = None
    ws.delete_cols(openpyxl.utils.column_index_from_string(LETTER["period"]))
    filled = tmp_path / "别县的.xlsx"
    wb.save(filled)
    before = _run("register", "status", "--register", str(register), "--json")[1]
    assert main(["register", "import", str(filled), "--register", str(register)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"schoolroll：{ANSWER.title}“{filled}”没有月份列，其中的学生也不在登记册记录的平台推送名单中，"
        "无法确定是哪个月的核实结果；请填写月份列后再导入，未导入任何内容"
    )
    assert _run("register", "status", "--register", str(register), "--json")[1] == before


def _unanswered(doc: dict) -> list[dict]:
    keep = ("code", "severity", "sheet", "row", "message")
    return [{k: f[k] for k in keep} | {"file": f["path"]} for f in doc["findings"]
            if f["code"] == "platform-unanswered"]  # fmt: skip


def _expected_unanswered(month: Path) -> list[dict]:
    key = _key(month)
    by_id = {e["id_number"]: e for e in key["pushed"]}
    out = []
    for u in key["unanswered"]:
        e = by_id[u["id_number"]]
        due = dt.date.fromisoformat(e["push_date"]) + dt.timedelta(days=30)
        out.append(
            {
                "code": "platform-unanswered",
                "severity": "warning",
                "sheet": u["sheet"],
                "row": u["row"],
                "message": f"平台 {e['push_date']} 推送的“{e['name']}”超过 30 天仍没有核实结果"
                f"（应在 {due.isoformat()} 前反馈）",
                "file": str(month / u["file"]),
            }
        )
    return out


def test_a_pupil_left_unanswered_is_raised_the_month_after(county):
    months, docs = county
    assert _unanswered(docs[months[0].name]) == []  # never in the month of the push
    for month in months:
        assert _unanswered(docs[month.name]) == _expected_unanswered(month)
    assert any(_key(m)["unanswered"] for m in months[1:])


def test_the_countys_own_answers_imported_settle_the_pushed_pupils(county, tmp_path):
    months, _ = county
    register = tmp_path / "登记册.sqlite"
    first = tmp_path / months[0].name
    second = tmp_path / months[1].name
    shutil.copytree(months[0], first)
    shutil.copytree(months[1], second)
    _consolidate(first, register)
    # the clerk fills the rows SchoolRoll left blank, one of them with a value not in the list:
    # the stranger (known to no list here) first, its value the one not in the code list
    blank = sorted(
        (e for e in _key(first)["pushed"] if e["result"] is None),
        key=lambda e: e["role"] != "stranger",
    )
    assert len(blank) >= 2
    assert blank[0]["role"] == "stranger"
    filled = _fill(first, tmp_path / "已填平台推送核实.xlsx", ["去外地了"] + ["辍学"] * len(blank))
    code, text = _run("register", "import", str(filled), "--register", str(register), "--json")
    assert code == 1  # the value outside the code list is an error, at its cell
    (doc,) = json.loads(text)["platform_answers"]
    allowed = "、".join(cl.VERIFY_RESULT.labels)
    n = blank[0]["row"] + 1
    assert doc["findings"] == [
        {
            "code": "enum-invalid",
            "severity": "error",
            "sheet": ANSWER.title,
            "row": n,
            "column": LETTER["verify_result"],
            "cell": f"{LETTER['verify_result']}{n}",
            "field": "核实结果",
            "value": "去外地了",
            "message": f"核实结果“去外地了”不在可选值中（可选：{allowed}）",
            "hint": "请从下拉列表中选择，或填写代码表中的代码。",
            "explanation": None,
        }
    ]
    pushed = len(_key(first)["pushed"])
    assert (doc["period"], doc["answers"], doc["blank"]) == (
        first.name,
        pushed - len(blank) + len(blank) - 1,
        1,
    )
    # status counts the pushed pupils answered, and the one whose answer could not be read
    status = json.loads(_run("register", "status", "--register", str(register), "--json")[1])
    assert status["platform"] == {"pushed": pushed, "answered": pushed - 1, "unanswered": 1}
    # next month: the pupils the county answered are not raised; the one left unreadable is
    after = _consolidate(second, register)
    late = blank[0]
    due = dt.date.fromisoformat(late["push_date"]) + dt.timedelta(days=30)
    row = next(e["row"] for e in _key(second)["pushed"] if e["id_number"] == late["id_number"])
    assert _unanswered(after) == [
        {
            "code": "platform-unanswered",
            "severity": "warning",
            "sheet": cf.PLATFORM.title,
            "row": row,
            "message": f"平台 {late['push_date']} 推送的“{late['name']}”超过 30 天仍没有核实结果"
            f"（应在 {due.isoformat()} 前反馈）",
            "file": str(second / "平台推送疑似辍学名单.xlsx"),
        }
    ]


def test_platform_answer_needs_the_pushed_list(tmp_path, capsys):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    out, answer = str(tmp_path / "c.xlsx"), str(tmp_path / "a.xlsx")
    assert main(["consolidate", str(inbox), "--period", "2026-10", "--out", out,
                 "--platform-answer", answer]) == 2  # fmt: skip
    assert "--platform-answer 需要同时给出 --platform" in capsys.readouterr().err
    assert not (tmp_path / "c.xlsx").exists()
