"""Habits together, as one messy school sends them, and batches where one file is bad."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from reader_corpus import ATTENDANCE_HEADER, id_number, pupil, wide

from core.progress import Cancelled, Progress
from core.reader import Source, read_workbook, read_workbooks, workbook
from tests.conftest import summarize

ROSTER_TWO_ROWS = [
    [
        "序号",
        "基本信息",
        None,
        None,
        None,
        "身份证号码",
        "出生年月日",
        "所在年级",
        "班级",
        "家长联系电话",
        "民族",
    ],
    [None, "全国学籍号", "学生姓名", "性别", "证件类型", None, None, None, None, None, None],
]


def _messy_school(xlsx):
    roster = [
        ["城关镇第一小学 2026年10月 控辍保学学籍名册"],
        ["学校标识码：" + wide("4115250001"), None, None, None, None, "填报月份：2026.10"],
        *ROSTER_TWO_ROWS,
        [
            1,
            f"G{id_number(1)}",
            "张　三",
            "男",
            "居民身份证",
            id_number(1).lower(),
            "2015.9.1",
            "三年级",
            "1班",
            13800000001,
            "汉",
        ],
        [
            2,
            f"G{id_number(2)}",
            "李四",
            "女",
            "",
            4.11525201509010e17,
            "2015年9月",
            "3年级",
            None,
            "13800000002",
            "回",
        ],
        [],
        [3, f"g{id_number(3)}", "王五", "2", "", id_number(3), 42248, "小三", None, "", ""],
        ["合计", None, "3人"],
        ["填表人：赵老师", None, None, None, None, "校长签字："],
    ]
    attendance = [
        ["考勤汇总"],
        ATTENDANCE_HEADER,
        *[[i, f"学生{i}", id_number(i), 21, 21 - i, i] for i in (1, 2, 3)],
    ]
    info = [["学校名称", "城关一小"], ["学校标识码", "4115250001"], ["填报月份", "2026-10"]]
    return xlsx(
        {"Sheet1": roster, "出勤": attendance, "封面": info, "Sheet3": []},
        name="城关一小10月.xlsx",
        merges={
            "Sheet1": [
                "A1:K1",
                "B3:E3",
                "A3:A4",
                "F3:F4",
                "G3:G4",
                "H3:H4",
                "I3:I4",
                "J3:J4",
                "K3:K4",
                "I5:I9",
            ]
        },
        hidden_rows={"Sheet1": [6, 7]},
        hidden_sheets=["出勤"],
    )


def test_a_messy_school_workbook_reads_to_the_right_rows_values_and_cells(xlsx):
    read = read_workbook(_messy_school(xlsx))
    roster = read.table("roster")
    assert [(s["sheet"], s["kind"], s["rows"]) for s in read.sheets_summary()] == [
        ("封面", "info", 1),
        ("Sheet1", "roster", 3),
        ("出勤", "attendance", 3),
    ]
    assert roster.header_row == 4
    assert list(roster.data.index) == [5, 6, 8]
    assert roster.columns == {
        "seq": "A",
        "student_no": "B",
        "name": "C",
        "gender": "D",
        "id_type": "E",
        "id_number": "F",
        "birth_date": "G",
        "grade": "H",
        "class_name": "I",
        "guardian_phone": "J",
    }
    data = roster.data
    assert data["name"].tolist() == ["张 三", "李四", "王五"]
    assert data["id_number"].tolist() == [id_number(1), None, id_number(3)]
    assert data["student_no"].tolist() == [f"G{id_number(i)}" for i in (1, 2, 3)]
    assert data["birth_date"].tolist() == [dt.date(2015, 9, 1)] * 3
    assert data["grade"].tolist() == ["3", "3", "3"]
    assert data["class_name"].tolist() == ["1班", "1班", "1班"]
    assert data["guardian_phone"].tolist() == ["13800000001", "13800000002", None]
    assert read.title_fields == {
        "school_code": "4115250001",
        "period": "2026.10",
        "filled_by": "赵老师",
    }
    assert read.record("info").values["period"] == "2026-10"
    assert read.family.key == "school-monthly"
    assert summarize(read.findings) == [
        ("extra-column", "Sheet1", None, "K"),
        ("hidden-content", "Sheet1", None, None),
        ("hidden-content", "出勤", None, None),
        ("id-stored-as-number", "Sheet1", 6, "F"),
    ]
    assert [f.message for f in read.findings if f.code == "hidden-content"] == [
        "有 1 行被隐藏（第 6 行），已照常读取",
        "工作表“出勤”是隐藏的，已照常读取",
    ]


def test_a_batch_reads_in_order_with_progress_and_one_bad_file_does_not_stop_it(xlsx, tmp_path):
    good = _messy_school(xlsx)
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    other = xlsx(
        {"考勤": [ATTENDANCE_HEADER, [1, "学生1", id_number(1), 20, 20, 0]]}, name="考勤.xlsx"
    )
    steps = []
    progress = Progress(on_progress=lambda done, total, label: steps.append((done, total, label)))
    sources = [Source.from_path(good, "一小.xlsx"), empty, str(other)]
    interval = sys.getswitchinterval()
    reads = list(read_workbooks(sources, progress=progress))
    assert sys.getswitchinterval() == interval
    assert [(r.path, r.status) for r in reads] == [
        ("一小.xlsx", "ok"),
        (str(empty), "unreadable"),
        (str(other), "ok"),
    ]
    assert steps == [(1, 3, "一小.xlsx"), (2, 3, str(empty)), (3, 3, str(other))]
    assert reads[0].modified == Source.from_path(good).modified
    alone = list(read_workbooks(sources, ahead=0))
    assert [(r.path, r.status, r.findings) for r in alone] == [
        (r.path, r.status, r.findings) for r in reads
    ]


def test_sheet_and_cell_provenance_survive_on_every_value(xlsx):
    rows = [
        ["名单"],
        [],
        ["姓名", "身份证件号", "年级"],
        ["甲", id_number(1), "二年级"],
        ["乙", id_number(2), "九年级"],
    ]
    read = read_workbook(xlsx({"名单": rows}, name="a.xlsx"))
    roster = read.table("roster")
    assert [roster.cell("grade", row) for row in roster.data.index] == ["C4", "C5"]
    assert roster.field("grade") == "年级"
    assert (roster.path, roster.sheet) == (read.path, "名单")
    assert pupil(1)[4] == id_number(1)


def test_cancelling_stops_the_batch_at_the_next_file(xlsx):
    paths = [xlsx({"考勤": [ATTENDANCE_HEADER]}, name=f"{i}.xlsx") for i in range(6)]
    progress = Progress()
    reads = read_workbooks(paths, progress=progress)
    assert next(reads).path == str(paths[0])
    progress.cancel.set()
    with pytest.raises(Cancelled):
        next(reads)


def test_files_parsed_while_the_loading_thread_is_busy_still_come_in_order(xlsx, monkeypatch):
    """While the loading thread is stuck on a big file, the reading thread parses the files
    queued behind it; the results keep the inbox's order, and a file that fails is reported
    at its turn, after the files before it."""
    rows = [[ATTENDANCE_HEADER, [1, f"学生{i}", id_number(i), 20, 20, 0]] for i in range(6)]
    paths = [xlsx({"考勤": r}, name=f"{i}.xlsx") for i, r in enumerate(rows)]
    big, failing = str(paths[0]), str(paths[3])
    started, released = threading.Event(), threading.Event()
    parsed_here = []
    load = workbook._load

    class Pool(ThreadPoolExecutor):
        def submit(self, fn, *args):
            future = super().submit(fn, *args)
            if args[0].display == big:  # the loading thread has it before anything else happens
                assert started.wait(10)
            return future

    def slow_load(source, passwords):
        if threading.current_thread() is threading.main_thread():
            parsed_here.append(source.display)
            if source.display == str(paths[1]):  # the last queued file: let the big one finish
                released.set()
            if source.display == failing:
                raise RuntimeError("calamine crashed")
        elif source.display == big:
            started.set()
            assert released.wait(10)
        return load(source, passwords)

    monkeypatch.setattr(workbook, "_load", slow_load)
    monkeypatch.setattr(workbook, "ThreadPoolExecutor", Pool)
    reads = read_workbooks(paths)
    assert [next(reads).path for _ in range(3)] == [big, str(paths[1]), str(paths[2])]
    with pytest.raises(RuntimeError, match="calamine crashed"):
        next(reads)
    assert parsed_here == [str(p) for p in reversed(paths[1:])]


@pytest.mark.parametrize(("budget", "queued"), [(1, [1, 2, 3, 4]), (16 << 20, [4, 4, 4, 4])])
def test_files_are_queued_for_parsing_only_within_the_byte_budget(
    xlsx, monkeypatch, budget, queued
):
    """However big the files, the reader holds only a few parsed ones ahead of its output
    (a budget of one byte: one file at a time; the real budget: the small files all at once)."""
    paths = [xlsx({"考勤": [ATTENDANCE_HEADER]}, name=f"{i}.xlsx") for i in range(4)]
    submitted = []

    class Pool(ThreadPoolExecutor):
        def submit(self, fn, *args):
            submitted.append(args[0].display)
            return super().submit(fn, *args)

    monkeypatch.setattr(workbook, "ThreadPoolExecutor", Pool)
    monkeypatch.setattr(workbook, "AHEAD_BYTES", budget)
    seen = [len(submitted) for _ in read_workbooks(paths)]
    assert seen == queued
    assert submitted == [str(p) for p in paths]
