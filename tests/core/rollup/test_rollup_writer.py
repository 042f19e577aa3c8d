"""The roll-up workbook: standard sheets and headers, charts, links, masking, atomic write."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook

from core.catalogue import rollup as rf
from core.model.findings import make_finding
from core.rollup import metrics
from core.rollup.definitions import metric_rows
from core.rollup.model import RollupResult
from core.rollup.run import combined_ledgers
from core.writers.rollup_writer import write_rollup
from tests.core.rollup.helpers import pupil, unit


def _result() -> tuple[RollupResult, dict]:
    rows = [
        metrics.add_rates(
            {
                "unit_code": "411521",
                "unit_name": "罗山县",
                "submitted": True,
                "roster_count": 200,
                "dropout_count": 2,
                "suspected_count": 1,
                "roll_dropout_count": 2,
                "roll_suspected_count": 1,
            }
        ),
        {"unit_code": "411522", "unit_name": "光山县", "submitted": False},
    ]
    rows.append(metrics.total_row([rows[0]]))
    result = RollupResult("prefecture", "2026-10", "411500", "信阳市", rows=rows)
    result.metrics = metric_rows(rows[-1], {"orphan": "孤儿"})
    ident = pupil(1)["id_number"]
    result.findings = [
        make_finding("missing-unit", school_code="411522", unit="光山县", unit_code="411522"),
        make_finding(
            "duplicate-across-units",
            file="收件箱/罗山县.xlsx",
            sheet="辍学台账",
            row=2,
            school_code="411521",
            id_number=ident,
            value=ident,
            other_unit="新县",
        ),
    ]
    u = unit("411521", "罗山县", dropout=[pupil(1, status="1", name="张三")])
    return result, combined_ledgers([u], unmask=False)


def test_workbook_has_the_standard_sheets_and_headers(tmp_path: Path) -> None:
    result, ledgers = _result()
    out = write_rollup(result.book(ledgers), tmp_path / "信阳市.xlsx").path
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "汇总信息",
        "单位汇总",
        "疑似辍学台账",
        "辍学台账",
        "指标说明",
        "问题清单",
    ]
    units = wb["单位汇总"]
    assert units["A1"].value == "信阳市单位汇总（2026-10）"
    assert [c.value for c in units[2]] == [c.header for c in rf.UNITS.columns]
    col = {c.header: i for i, c in enumerate(rf.UNITS.columns)}
    body = [
        [r[col["单位代码"]], r[col["是否报送"]], r[col["辍学率(%)"]]]
        for r in units.iter_rows(min_row=3, values_only=True)
    ]
    assert body == [["411521", "是", 1.0], ["411522", "否", None], [None, None, 1.0]]
    info = {r[0]: r[1] for r in wb["汇总信息"].iter_rows(values_only=True)}
    assert (info["汇总级别"], info["单位代码"], info["填报月份"], info["身份证件号已脱敏"]) == (
        "地市",
        "411500",
        "2026-10",
        "是",
    )
    assert list(Path(tmp_path).iterdir()) == [out]


def test_one_native_chart_per_metric(tmp_path: Path) -> None:
    result, ledgers = _result()
    out = write_rollup(result.book(ledgers), tmp_path / "x.xlsx").path
    charts = [n for n in zipfile.ZipFile(out).namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 8


def test_findings_link_to_the_unit_row_and_are_masked(tmp_path: Path) -> None:
    result, ledgers = _result()
    ws = load_workbook(write_rollup(result.book(ledgers), tmp_path / "x.xlsx").path)["问题清单"]
    col = {c.key: i + 1 for i, c in enumerate(rf.UNIT_FINDINGS.columns)}
    codes = [ws.cell(r, col["code"]).value for r in (3, 4)]
    assert codes == ["missing-unit", "duplicate-across-units"]
    assert ws.cell(3, col["unit_code"]).hyperlink.location == "'单位汇总'!A4"
    assert ws.cell(4, col["value"]).value == "4115**********001X"


def test_ledgers_mask_names_and_ids(tmp_path: Path) -> None:
    result, ledgers = _result()
    ws = load_workbook(write_rollup(result.book(ledgers), tmp_path / "x.xlsx").path)["辍学台账"]
    col = {c.key: i + 1 for i, c in enumerate(rf.ROLLUP.sheets[3].columns)}
    assert ws.cell(3, col["name"]).value == "张*"
    assert ws.cell(3, col["id_number"]).value == "4115**********001X"
    assert ws.cell(3, col["status"]).value == "未返校"
    assert ws.cell(3, col["source_file"]).value == "收件箱/罗山县.xlsx"


def test_target_open_in_excel_keeps_the_result_beside_it(tmp_path: Path, monkeypatch) -> None:
    import core.outputs as writer  # where the one move into place happens

    result, ledgers = _result()
    out = tmp_path / "信阳市.xlsx"
    real_replace = writer.os.replace

    def locked(src, dst):
        if Path(dst) == out:
            raise PermissionError("locked")
        real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", locked)
    written = write_rollup(result.book(ledgers), out)
    kept = written.path
    assert kept != out
    assert [p.name for p in tmp_path.iterdir()] == [kept.name]
    assert written.note == (
        "“信阳市.xlsx”正被其他程序（如 Excel 或 WPS）打开，无法覆盖。"
        f"汇总结果已保存为“{kept.name}”；请关闭原文件后用它替换。"
    )


def test_every_sheet_prints_on_a4_with_the_unit_period_and_page_numbers(
    tmp_path: Path,
) -> None:
    result, ledgers = _result()
    wb = load_workbook(write_rollup(result.book(ledgers), tmp_path / "信阳市.xlsx").path)
    setups = {
        ws.title: (
            ws.page_setup.paperSize,
            ws.page_setup.orientation,
            ws.sheet_properties.pageSetUpPr.fitToPage,
            ws.page_setup.fitToHeight,
            ws.print_title_rows,
            ws.oddHeader.left.text,
            ws.oddHeader.right.text,
            ws.oddFooter.center.text,
        )
        for ws in wb.worksheets
    }
    page = ("信阳市", "2026-10", "第 &P 页 共 &N 页")
    wide = (9, "landscape", True, 0, "$2:$2", *page)
    # Too wide for one page at 70%: printed at 70%, the columns up to the name on every page.
    split = (9, "landscape", None, None, "$2:$2", *page)
    assert setups == {
        "汇总信息": (9, "landscape", True, 0, None, *page),
        "单位汇总": split,
        "疑似辍学台账": split,
        "辍学台账": split,
        "指标说明": (9, "portrait", True, 0, "$2:$2", *page),
        "问题清单": wide,
    }
    split_at = {
        ws.title: (ws.page_setup.scale, ws.print_title_cols)
        for ws in wb.worksheets
        if ws.page_setup.scale not in (None, 100)
    }
    assert split_at == {
        "单位汇总": (70, "$A:$C"),
        "疑似辍学台账": (70, "$A:$F"),
        "辍学台账": (70, "$A:$F"),
    }
