"""The platform answer where the month's ledgers are silent: the register's last word."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core.catalogue import county as cf
from core.consolidate.comparison import Indexes
from core.consolidate.merge import KEYS
from core.consolidate.platform_answer import answer_rows
from core.consolidate.register import latest_cases
from core.model.identity import frame_keys
from core.reader.model import SheetTable
from core.register import record_month
from tests.core.register.helpers import PUPILS, SCHOOL_A, month, pupil, suspected

STRANGER = "411525201404040012"


def _pushed(rows: list[dict]) -> SheetTable:
    data = pd.DataFrame(rows, index=range(2, 2 + len(rows)), dtype=object)
    return SheetTable("平台推送.xlsx", "平台推送疑似辍学名单", cf.PLATFORM, 1, {}, {}, data, data)


def _silent_month() -> Indexes:
    """A month whose ledgers hold none of the pushed pupils."""
    frames = {}
    for kind in ("roster", "suspected", "dropout"):
        frame = pd.DataFrame({"name": ["赵六"], "id_number": ["411525201305050018"]})
        frame[KEYS] = frame_keys(frame)
        frames[kind] = frame.iloc[0:0] if kind != "roster" else frame
    return Indexes(frames)


def test_the_registers_endings_answer_a_pupil_the_ledgers_no_longer_hold(tmp_path):
    register = tmp_path / "r.sqlite"
    died = pupil("张三", sheet="辍学学生台账", row=4, status="3", closing_reason="03",
                 closing_evidence="死亡证明已存档", status_date=dt.date(2026, 9, 12))  # fmt: skip
    record_month(
        register,
        month(
            "2026-09",
            roster=[pupil("张三"), pupil("王五", row=6)],
            dropout=[died],
            suspected=[suspected("王五")],
        ),
    )
    push = dt.date(2026, 10, 20)
    table = _pushed(
        [
            {"name": n, "id_number": i, "school_code": SCHOOL_A, "push_date": push}
            for n, i in (("张三", PUPILS["张三"]), ("王五", PUPILS["王五"]), ("钱七", STRANGER))
        ]
    )
    rows = answer_rows(table, _silent_month(), {}, latest_cases(register, "2026-10"))
    got = [
        (
            r["name"],
            r["verify_result"],
            r["verify_note"],
            r["verifier"],
            r["verify_date"],
            r["basis"],
        )
        for r in rows
    ]
    assert got == [
        ("张三", "03", "个案登记册：2026-09 已销号（死亡）", None, dt.date(2026, 9, 12),
         "个案登记册：2026-09 已销号（死亡）；本月学籍名册和台账中都没有该生"),
        ("王五", None, None, None, None,
         "个案登记册：2026-09 疑似辍学；本月学籍名册和台账中都没有该生"),
        ("钱七", None, None, None, None, "本县学籍名册和台账中都找不到该生"),
    ]  # fmt: skip
    # without a register the same month leaves all three to the county
    bare = answer_rows(table, _silent_month(), {})
    assert [(r["verify_result"], r["basis"]) for r in bare] == [
        (None, "本县学籍名册和台账中都找不到该生")
    ] * 3
