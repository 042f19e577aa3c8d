"""consolidate() end to end on a small county written as real files, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from unicodedata import normalize

import pytest

from core.catalogue import county
from core.consolidate import consolidate
from core.policy import Policy
from core.reader import read_workbook
from tests.core.consolidate.files import PERIOD, ident, list_file, school_file, school_list

A, B, C, E = "2141000001", "2141000002", "2141000003", "2141000005"


@pytest.fixture(scope="module")
def county_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("county")
    inbox = root / "收件箱"
    school_file(
        inbox / "回复：一小10月报(1).xlsx",
        A,
        "城关一小",
        fill=dt.date(2026, 10, 20),
        roster=[1, 2, 3, 4, 5],
    )
    school_file(
        inbox / "回复：一小10月报（更正）.xlsx",
        A,
        "城关一小",
        fill=dt.date(2026, 10, 25),
        roster=[1, 2, 3, 4, 5, 6],
        absent={3: 20, 4: 8},
        dropout=[3],
    )
    school_file(inbox / "二小9月.xlsx", B, "城关二小", period="2026-09", roster=[21, 22])
    school_file(inbox / "外县.xlsx", "2141999999", "外县小学", roster=[31])
    member = school_file(root / "tmp" / "北关.xlsx", E, "北关小学", roster=[11, 12, 13, 6])
    with zipfile.ZipFile(inbox / "附件.zip", "w") as z:
        z.write(member, "北关小学10月.xlsx")
    (inbox / "说明.docx").write_bytes(b"not a document")
    school_list(
        root / "学校名录.xlsx", {A: "城关一小", B: "城关二小", C: "南关小学", E: "北关小学"}
    )
    list_file(
        root / "户籍.xlsx",
        county.HOUSEHOLD,
        [
            {**ident(1), "hukou_address": "城关镇"},
            {**ident(50), "hukou_address": "城关镇"},
            {**ident(51), "hukou_address": "城关镇", "schooling": "在外地就读"},
        ],
    )
    list_file(
        root / "脱贫户.xlsx",
        county.POVERTY,
        [
            {
                "household_head": "张大",
                "name": "学生3",
                "id_number": ident(3)["id_number"],
                "relation": "子",
            }
        ],
    )
    list_file(
        root / "平台.xlsx",
        county.PLATFORM,
        [{**ident(n), "push_date": "2026-10-10"} for n in (3, 12, 77)],
    )
    return root


def _run(root: Path, **kw):
    return consolidate(
        root / "收件箱",
        PERIOD,
        root / "out" / "县区汇总.xlsx",
        schools=root / "学校名录.xlsx",
        household=root / "户籍.xlsx",
        poverty=root / "脱贫户.xlsx",
        platform=root / "平台.xlsx",
        policy=Policy(school_days="weekdays"),
        **kw,
    )


@pytest.fixture(scope="module")
def result(county_dir: Path):
    return _run(county_dir, feedback_dir=county_dir / "反馈")


def nfkc(text: str) -> str:
    return normalize("NFKC", text)


def _tail(path: str | None) -> str | None:
    """The path inside the inbox, or a reference list's file name."""
    if not path:
        return None
    return path.split("收件箱/")[-1] if "收件箱/" in path else Path(path).name


def test_every_file_gets_a_status_from_its_content(result) -> None:
    assert sorted((_tail(s.path), s.status, s.school_code) for s in result.submissions) == [
        ("二小9月.xlsx", "rejected", B),
        ("回复：一小10月报(1).xlsx", "superseded", A),
        ("回复：一小10月报（更正）.xlsx", "accepted", A),
        ("外县.xlsx", "rejected", "2141999999"),
        ("说明.docx", "unreadable", None),
        ("附件.zip/北关小学10月.xlsx", "accepted", E),
    ]
    assert result.missing == [
        {"school_code": B, "school": "城关二小"},
        {"school_code": C, "school": "南关小学"},
    ]


def test_the_county_findings_name_each_place(result) -> None:
    # The absence the school's own check reported at 考勤汇总 row 6 is not said a second time.
    got = sorted((f.code, _tail(f.file), f.sheet, f.row, f.school_code) for f in result.findings)
    assert got == sorted(
        [
            ("duplicate-across-schools", "回复：一小10月报（更正）.xlsx", "学籍名册", 8, A),
            ("duplicate-across-schools", "附件.zip/北关小学10月.xlsx", "学籍名册", 6, E),
            ("missing-submission", None, None, None, B),
            ("missing-submission", None, None, None, C),
            ("household-unmatched", "户籍.xlsx", "户籍适龄儿童名单", 4, None),
            ("platform-status", "平台.xlsx", "平台推送疑似辍学名单", 3, None),
            ("platform-status", "平台.xlsx", "平台推送疑似辍学名单", 4, None),
            ("platform-status", "平台.xlsx", "平台推送疑似辍学名单", 5, None),
            ("poverty-dropout", "回复：一小10月报（更正）.xlsx", "辍学学生台账", 3, A),
            ("superseded-submission", "回复：一小10月报(1).xlsx", None, None, A),
            ("unknown-school", "外县.xlsx", None, None, "2141999999"),
            ("wrong-period", "二小9月.xlsx", None, None, B),
        ],
        key=str,
    )


def test_totals_are_the_county_ledger_with_the_rows_its_comparisons_added(result) -> None:
    assert result.totals == {
        "roster": 10,
        "attending": 9,
        "suspected": 1,
        "dropout": 1,
        "returned": 0,
        "out_of_school": 0,
        "household_unmatched": 1,
        "poverty_dropout": 1,
        "source_rows": 21,
        "merged_rows": 21,
        "duplicate_rows": 0,
    }


def test_the_county_workbook_read_back_is_the_county_form_with_every_row(result) -> None:
    wb = read_workbook(result.out_path)
    assert wb.family is county.COUNTY_SUMMARY
    got = [(s["sheet"], s["kind"]) for s in wb.sheets_summary()]
    # No register was used: the case register's two sheets are not written.
    written = [s for s in county.COUNTY_SUMMARY.sheets if s not in county.CASE_FORMS]
    assert got == [(s.title, s.kind) for s in written]
    merged = set()
    for kind in ("ledger-children", "ledger-attendance", "ledger-suspected", "ledger-dropout"):
        t = wb.table(kind)
        merged |= set(
            zip(t.data["source_file"], t.data["source_sheet"], t.data["source_row"], strict=True)
        )
    # The reader normalises text (NFKC), so full-width punctuation in names comes back narrow.
    accepted = {
        (nfkc(t.path), t.sheet, int(row))
        for s in result.accepted
        for t in s.report.workbook.tables
        for row in t.data.index
        if t.kind in ("roster", "attendance", "suspected", "dropout")
    }
    assert accepted <= merged
    ids = wb.table("ledger-children").raw["id_number"].tolist()
    assert ids[0] == ident(1)["id_number"]


def test_feedback_copies_are_named_for_the_school(result, county_dir: Path) -> None:
    assert sorted(p.name for p in result.feedback_paths) == [
        "北关小学_2026-10_校验结果.xlsx",
        "城关一小_2026-10_校验结果.xlsx",
        "城关二小_2026-09_校验结果.xlsx",
        "外县小学_2026-10_校验结果.xlsx",
    ]
    assert all(p.parent == county_dir / "反馈" and p.exists() for p in result.feedback_paths)


def test_a_locked_target_keeps_the_finished_workbook_next_to_it(
    county_dir: Path, monkeypatch
) -> None:
    import os

    real = os.replace

    def locked(src, dst):
        if str(dst).endswith("县区汇总.xlsx"):
            raise PermissionError(13, "locked")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    got = _run(county_dir)
    assert got.out_path.parent == county_dir / "out"
    assert got.out_path.name.startswith("县区汇总_")
    assert got.out_path.exists()
    assert got.notes == [
        f"“县区汇总.xlsx”正被其他程序（如 Excel 或 WPS）打开，无法覆盖。"
        f"汇总结果已保存为“{got.out_path.name}”；请关闭原文件后用它替换。"
    ]


def test_cli_json_and_exit_status(county_dir: Path, capsys) -> None:
    from desktop.cli import main

    args = [
        "consolidate",
        str(county_dir / "收件箱"),
        "--period",
        PERIOD,
        "--out",
        str(county_dir / "cli" / "汇总.xlsx"),
        "--schools",
        str(county_dir / "学校名录.xlsx"),
    ]
    assert main([*args, "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert list(doc) == [
        "period",
        "submissions",
        "missing",
        "totals",
        "finding_counts",
        "schools",
        "rate_counts",
        "rates",
        "findings",
    ]
    assert {tuple(f) for f in doc["findings"]} == {
        ("code", "severity", "id_number", "school_code", "path", "sheet", "row", "message")
    }
    assert list(doc["submissions"][0]) == [
        "path",
        "school_code",
        "school",
        "status",
        "findings",
        "finding_counts",
    ]
    assert {s["status"] for s in doc["submissions"]} == {
        "accepted",
        "superseded",
        "rejected",
        "unreadable",
    }
    assert main(args) == 1
    assert "未报送：城关二小（2141000002）、南关小学（2141000003）" in capsys.readouterr().out
    assert main([*args[:2], "--period", "2026-13", *args[4:]]) == 2


def test_cli_says_when_the_output_cannot_be_written(county_dir: Path, capsys) -> None:
    from desktop.cli import main

    blocker = county_dir / "不是文件夹"
    blocker.write_text("x")
    out = blocker / "汇总.xlsx"
    assert (
        main(["consolidate", str(county_dir / "收件箱"), "--period", PERIOD, "--out", str(out)])
        == 2
    )
    assert capsys.readouterr().err == (
        f"schoolroll：输出路径中的“{blocker}”是一个文件而不是文件夹，无法写出“汇总.xlsx”："
        "请把输出放到一个文件夹里\n"
    )


def test_two_worker_processes_give_the_same_result_as_threads(
    county_dir: Path, result, monkeypatch
) -> None:
    from core import execution

    monkeypatch.setenv(execution.IN_PROCESS, "1")  # the fixture's run read in workers
    got = _run(county_dir)
    assert [(s.path, s.status, len(s.findings)) for s in got.submissions] == [
        (s.path, s.status, len(s.findings)) for s in result.submissions
    ]
    assert [f.message for f in got.findings] == [f.message for f in result.findings]
    assert got.totals == result.totals


def test_progress_is_reported_per_file_and_per_phase_and_cancel_stops(county_dir: Path) -> None:
    from core.progress import Cancelled, Progress

    steps: list[tuple[int, int, str]] = []
    _run(
        county_dir, progress=Progress(lambda done, total, label: steps.append((done, total, label)))
    )
    files = [s for s in steps if s[2].startswith("收件箱/")]
    assert [(d, t) for d, t, _ in files] == [(n, 6) for n in range(1, 7)]
    assert [s[2] for s in steps if not s[2].startswith("收件箱/")] == [
        "核对报送情况",
        "跨校核对与三比对",
        "写县区汇总工作簿",
        "完成",
    ]

    progress = Progress()
    progress.cancel.set()
    with pytest.raises(Cancelled):
        _run(county_dir, progress=progress)
