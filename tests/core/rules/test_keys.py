"""Pupil keys computed column-wise agree with identity.pupil_key (the shared contract)."""

from __future__ import annotations

import datetime as dt

from core.catalogue.school_monthly import ROSTER
from core.model.identity import pupil_key
from tests.core.rules.rule_tables import context, make_table

ROWS = [
    ("411525201703050112", "G411525201703050112", "张伟", dt.date(2017, 3, 5)),
    ("41152520170305011x", None, "李娜", None),
    (None, "g411525201606110144", "王芳", None),
    (None, "L411525201301201234", None, None),
    ("12345", "G123", " 刘洋 ", dt.date(2018, 9, 2)),
    (None, None, "赵六", None),
    (None, None, None, None),
]


def test_primary_and_every_key_follow_pupil_key() -> None:
    keys = ("id_number", "student_no", "name", "birth_date")
    t = make_table(ROSTER, [dict(zip(keys, r, strict=True)) for r in ROWS], keys=list(keys))
    ctx = context_for(t)
    assert ctx.keys(t).tolist() == [pupil_key(*r) for r in ROWS]
    assert ctx.all_keys(t).tolist() == [
        {
            ("id", "411525201703050112"),
            ("student_no", "G411525201703050112"),
            ("name_birth", "张伟|2017-03-05"),
        },
        {("id", "41152520170305011X")},
        {("id", "411525201606110144"), ("student_no", "G411525201606110144")},
        {("student_no", "L411525201301201234")},
        {("name_birth", "刘洋|2018-09-02")},
        set(),
        set(),
    ]


def context_for(t):
    """A context whose workbook holds just this table."""
    from core.reader.model import WorkbookRead

    return context(WorkbookRead(path="x.xlsx", tables=[t]))
