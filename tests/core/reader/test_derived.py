"""出生日期 and 性别 derived from a valid ID when a sheet has no such column."""

from __future__ import annotations

import datetime as dt

from reader_corpus import id_number

from core.reader import read_workbook


def test_a_roster_without_birth_date_and_gender_gets_them_from_valid_ids(xlsx):
    rows = [
        ["姓名", "身份证件号", "年级"],
        ["学生1", id_number(1, birth="20150302"), "三年级"],
        ["学生2", id_number(2, birth="20160911"), "二年级"],
        ["学生3", "411525201509010000", "三年级"],
    ]
    roster = read_workbook(xlsx({"学籍名册": rows})).table("roster")
    assert roster.data[["birth_date", "gender"]].to_dict("index") == {
        2: {"birth_date": dt.date(2015, 3, 2), "gender": "1"},
        3: {"birth_date": dt.date(2016, 9, 11), "gender": "2"},
        4: {"birth_date": None, "gender": None},
    }
    assert roster.columns == {"name": "A", "id_number": "B", "grade": "C"}
