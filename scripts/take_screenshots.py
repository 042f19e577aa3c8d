"""Screenshots of every page with the sample county loaded, at 1366x768 and 1920x1080.

    python scripts/take_screenshots.py            # each size in its own Xvfb screen
    python scripts/take_screenshots.py --size 1366x768   # inside a display of that size

Writes docs/screenshots/<page>.png (1366x768, the county-office laptop the README shows) and
docs/screenshots/1920x1080/<page>.png. Needs xvfb-run (Debian: xvfb xauth and the libxcb
packages of the packaging notes) and a CJK font (fonts-wqy-microhei), or Han characters render
as boxes. Each PNG is kept under 300 KB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
SIZES = ("1366x768", "1920x1080")
LIMIT = 300_000
"""Bytes a screenshot may take."""


def out_dir(size: str) -> Path:
    """Where one size's screenshots go (the README's size at the top)."""
    return OUT if size == SIZES[0] else OUT / size


def under_xvfb(size: str) -> int:
    """Run this script for one size inside a fresh Xvfb screen of that size."""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    command = [
        "xvfb-run",
        "-a",
        "-s",
        f"-screen 0 {size}x24",
        sys.executable,
        __file__,
        "--size",
        size,
    ]
    return subprocess.run(command, env=env, check=False).returncode


def save(widget: object, path: Path) -> None:
    """Grab a widget into a PNG of at most LIMIT bytes (fewer colours if it must)."""
    image = widget.grab().toImage()  # type: ignore[attr-defined]
    image.save(str(path), "PNG", 0)  # 0: the smallest file
    if path.stat().st_size > LIMIT:
        image.convertToFormat(image.Format.Format_Indexed8).save(str(path), "PNG", 0)
    print(f"{path.relative_to(ROOT)} {path.stat().st_size // 1024} KB")


def quarter_register(base: Path) -> tuple[Path, Path]:
    """A sample county of three months (demo --months 3), each consolidated into one case
    register, for the 复核 page -> (register, the last month's county workbook)."""
    import contextlib
    import io

    from desktop.cli import main as cli

    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet):
        cli(["demo", "--out", str(base), "--period", "2026-10", "--months", "3",
             "--schools", "10", "--students", "60", "--seed", "11"])  # fmt: skip
        register = base / "个案登记册.sqlite"
        for month in sorted(m for m in base.iterdir() if m.is_dir()):
            cli(["consolidate", str(month / "收件箱"), "--period", month.name,
                 "--out", str(month / "县区汇总.xlsx"), "--schools", str(month / "学校名录.xlsx"),
                 "--household", str(month / "户籍适龄儿童名单.xlsx"),
                 "--register", str(register)])  # fmt: skip
    return register, base / "2026-12" / "县区汇总.xlsx"


def range_inbox(months: Path, out: Path) -> tuple[Path, Path]:
    """The county workbooks of quarter_register's months in one folder, as a prefecture
    receives them over a semester, and the prefecture's unit list naming that county, for the
    上报汇总 page's range (rollup --period A..B) -> (inbox, unit list)."""
    from core.rollup.sample import write_unit_list

    inbox = out / "收件箱"
    inbox.mkdir(parents=True, exist_ok=True)
    for month in sorted(m for m in months.iterdir() if m.is_dir()):
        shutil.copy2(month / "县区汇总.xlsx", inbox / f"固始县{month.name}县区汇总.xlsx")
    units = (("411500", "信阳市"), ("411525", "固始县"))  # the demo's county
    return inbox, write_unit_list(out / "应报单位名单.xlsx", units)


def renamed_header(school: Path, out: Path) -> Path:
    """A copy of a school's workbook whose 考勤汇总 calls 缺勤天数 by a name of its own (the
    指定为… shot); the original is not touched."""
    import openpyxl

    from core.reader import read_workbook

    table = read_workbook(school).table("attendance")
    book = openpyxl.load_workbook(school)
    letter = table.columns["days_absent"]
    book[table.sheet][f"{letter}{table.header_row}"] = "校内统计数"
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def import_filled_list(review: Any, base: Path) -> None:
    """The 复核 page after 导入已填写的清单: the check-list it wrote, filled in as a clerk would
    (a visit per row, one 核查结果 outside the code list), imported into its register."""
    import datetime as dt

    import openpyxl

    from core.catalogue import review as rv
    from desktop.smoke import wait_for

    book = openpyxl.load_workbook(review.outcome.checklist_path)
    ws = book["入户核查清单"]
    keys = [c.key for c in rv.FIELD_CHECK.columns]
    letter = {k: openpyxl.utils.get_column_letter(i + 1) for i, k in enumerate(keys)}
    results = ("已返校", "仍未返校", "在校就读", "联系不上")
    for n in range(3, ws.max_row + 1):
        ws[f"{letter['check_date']}{n}"] = dt.date(2026, 12, 2 + n % 5)
        ws[f"{letter['checker']}{n}"] = "李老师" if n % 2 else "王老师"
        ws[f"{letter['check_result']}{n}"] = "回老家了" if n == 4 else results[n % len(results)]
    filled = base / "已填入户核查清单_2026-12.xlsx"
    book.save(filled)
    review.start_import([filled])
    wait_for(review.job)
    wait_for(review.job)  # the review shown, run again
    review.tabs.setCurrentWidget(review.import_tab)
    review.import_findings.panel.select_row(0)


def coverage_month(view: Any, base: Path) -> None:
    """The 汇总 page's 县区概况 with the 户籍 coverage: demo --months 2, the first month recorded
    in a case register, the second consolidated in the window without one school's workbook."""
    import contextlib
    import io

    from core.reader import read_workbook
    from desktop.cli import main as cli
    from desktop.smoke import wait_for
    from ui.views.county_text import REFERENCES

    register = base / "个案登记册.sqlite"
    lists = {key: label for key, (label, _prefix) in REFERENCES.items()}  # the demo's file names
    with contextlib.redirect_stdout(io.StringIO()):
        cli(["demo", "--out", str(base), "--period", "2026-09", "--months", "2",
             "--schools", "10", "--students", "60", "--seed", "5"])  # fmt: skip
        first, second = sorted(m for m in base.iterdir() if m.is_dir())
        given = [a for k, name in lists.items() for a in (f"--{k}", str(first / f"{name}.xlsx"))]
        cli(["consolidate", str(first / "收件箱"), "--period", first.name,
             "--out", str(first / "县区汇总.xlsx"), "--register", str(register),
             *given])  # fmt: skip
    inbox = second / "收件箱"
    max(inbox.iterdir(), key=lambda p: read_workbook(p).identity().school_code).unlink()
    view.record_box.setChecked(True)
    view.register.set_text(str(register))
    view.inbox.set_text(str(inbox))
    view.period.setText(second.name)
    for key, name in lists.items():  # this month's lists, not the sample county's
        view.refs[key].set_text(str(second / f"{name}.xlsx"))
    view.out.set_text(str(second / "县区汇总.xlsx"))
    view.feedback.set_text("")
    view.start()
    wait_for(view.job)
    results = view.findings_pane.parentWidget().parentWidget()
    results.setCurrentIndex(next(i for i in range(results.count())
                                 if results.tabText(i) == "县区概况"))  # fmt: skip


def shoot_all(size: str) -> int:
    """Drive the real window through each page and grab it."""
    from core.demo import generate_county
    from desktop.app import create_application
    from desktop.settings import SettingsStore
    from desktop.smoke import wait_for
    from ui.context import UiContext
    from ui.main_window import MainWindow

    app = create_application()
    base = Path(tempfile.gettempdir()) / f"schoolroll-screenshots-{size}"
    shutil.rmtree(base, ignore_errors=True)
    county = generate_county(base / "示例县")
    store = SettingsStore(base / "settings.json")
    store.settings.passwords = list(county.passwords)
    store.settings.output_dir = str(county.out_dir / "输出")
    register = base / "数据" / "个案登记册.sqlite"  # 汇总 records the month in it (记入个案登记册)
    window = MainWindow(UiContext(store=store, open_path=lambda _p: True, register_file=register))
    window.show()
    target = out_dir(size)
    target.mkdir(parents=True, exist_ok=True)

    def shoot(name: str, widget: object = window) -> None:
        for _ in range(3):
            app.processEvents()
        save(widget, target / f"{name}.png")

    validate = window.validate_view
    validate.add_paths([county.inbox])
    wait_for(validate.job)
    panel = validate.findings
    panel.choose(panel.code, "id-invalid")
    panel.select_row(0)
    shoot("validate")

    passed = [county.inbox.parent / r.path for r in validate.files_model.reports()
              if r.status == "passed"]  # fmt: skip
    school = next(p for p in passed if p.is_file() and p.suffix == ".xlsx")
    validate.clear()
    validate.add_paths([renamed_header(school, base / "表头改过" / school.name)])
    wait_for(validate.job)
    panel.choose(panel.code, "")
    row = next(i for i, f in enumerate(panel.shown()) if f.code == "extra-column")
    panel.select_row(row)
    shoot("validate-assign")

    view = window.consolidate_view
    window.tabs.setCurrentWidget(view)
    view.inbox.set_text(str(county.inbox))
    view.period.setText(county.period)
    view.feedback.set_text(str(county.out_dir / "各校标注副本"))
    view.start()
    wait_for(view.job)
    shoot("consolidate")
    results = view.findings_pane.parentWidget().parentWidget()  # the results' tab widget
    results.setCurrentWidget(view.findings_pane)
    view.findings.select_row(0)
    shoot("consolidate-problems")

    rollup = window.rollup_view
    window.tabs.setCurrentWidget(rollup)
    counties = base / "各县区汇总"  # the county workbook alone, as the prefecture receives it
    counties.mkdir()
    shutil.copy2(view.out.text(), counties)
    rollup.inbox.set_text(str(counties))
    rollup.period.setText(county.period)
    rollup.out.set_text(str(base / "地市汇总" / f"地市汇总_{county.period}.xlsx"))
    rollup.start()
    wait_for(rollup.job)
    shoot("rollup")

    review = window.review_view
    window.tabs.setCurrentWidget(review)
    register, last_county = quarter_register(base / "三个月")
    review.register.set_text(str(register))
    review.quarter.setText("2026Q4")
    review.county.set_text(str(last_county))
    review.period.setText("2026-12")
    review.county_name.setText("固始县")
    review.start()
    wait_for(review.job)
    review.flags.selectRow(0)
    shoot("review")
    import_filled_list(review, base / "三个月")
    shoot("review-import")

    window.tabs.setCurrentWidget(view)
    coverage_month(view, base / "两个月")
    shoot("consolidate-coverage")

    window.tabs.setCurrentWidget(rollup)
    inbox, units = range_inbox(base / "三个月", base / "各月县区汇总")
    rollup.inbox.set_text(str(inbox))
    rollup.units.set_text(str(units))
    rollup.period.setText("2026-10..2026-12")
    rollup.out.set_text(str(base / "地市汇总" / "地市汇总_2026-10至2026-12.xlsx"))
    rollup.start()
    wait_for(rollup.job)
    shoot("rollup-range")

    templates = window.templates_view
    window.tabs.setCurrentWidget(templates)
    templates.folder.set_text(str(county.out_dir / "模板"))
    templates.start()
    wait_for(templates.job)
    shoot("templates")

    window.tabs.setCurrentWidget(window.settings_view)
    shoot("settings")

    window.open_rules()
    window.help_dialog.search.setText("身份证件号")
    shoot("help", window.help_dialog)
    window.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Every size under Xvfb, or one size in the current display."""
    parser = argparse.ArgumentParser(description="为 README 截取各页面的截图")
    parser.add_argument("--size", choices=SIZES, help="只截这一种屏幕尺寸（需已有该尺寸的显示）")
    args = parser.parse_args(argv)
    if args.size:
        return shoot_all(args.size)
    return max(under_xvfb(size) for size in SIZES)


if __name__ == "__main__":
    raise SystemExit(main())
