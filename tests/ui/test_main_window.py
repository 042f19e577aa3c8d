"""The real window, driven as a user would: drop the sample county, filter, select, annotate."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.model.findings import Severity
from tests.ui.conftest import drop
from ui.main_window import MainWindow
from ui.models.reports_table_model import COL_STATUS

pytestmark = pytest.mark.slow
OPEN = (Severity.ERROR, Severity.WARNING, Severity.QUERY)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from core.demo import generate_county

    return generate_county(tmp_path_factory.mktemp("county"), students=60)


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


def rel(file: str | None) -> str | None:
    """A finding's file as the answer key writes it: "收件箱/..." with "/" separators."""
    if file is None:
        return None
    path = file.replace("\\", "/")
    return path[path.index("收件箱/") :]


def key(county: Any) -> dict:
    return json.loads(county.answer_key.read_text("utf-8"))


def planted(county: Any, severity: str | None = None) -> set[tuple]:
    """(code, file, sheet, row) of every planted finding (of one severity, if given)."""
    return {
        (p["code"], p["file"], p["sheet"], p["row"])
        for p in key(county)["planted"]
        if severity in (None, p["severity"])
    }


def shown(window: MainWindow, severity: Severity | None = None) -> set[tuple]:
    """(code, file, sheet, row) of the findings the table shows (of one severity, if given)."""
    return {
        (f.code, rel(f.file), f.sheet, f.row)
        for f in window.validate_view.findings.shown()
        if severity in (None, f.severity)
    }


def validate_inbox(qtbot, window: MainWindow, county: Any) -> None:
    with qtbot.waitSignal(window.validate_view.job.finished, timeout=120_000):
        drop(window, county.inbox)


def use_passwords(window: MainWindow, county: Any) -> None:
    """Type the county's passwords into 设置 and save, as the clerk would."""
    window.settings_view.editors["passwords"].setPlainText("\n".join(county.passwords))
    window.settings_view.save_button.click()


def test_dropping_the_inbox_shows_every_planted_finding(qtbot, window, county) -> None:
    use_passwords(window, county)
    window.tabs.setCurrentWidget(window.templates_view)
    validate_inbox(qtbot, window, county)
    assert window.tabs.currentWidget() is window.validate_view
    assert planted(county) <= shown(window)
    assert shown(window, Severity.ERROR) == planted(county, "error")
    files = window.validate_view.files_model
    statuses = {
        rel(r.path): files.data(files.index(row, COL_STATUS))
        for row, r in enumerate(files.reports())
    }
    by_case = {s["case"]: {statuses[f] for f in s["files"]} for s in key(county)["schools"]}
    assert {c: by_case[c] for c in ("clean", "planted", "messy", "encrypted", "unreadable")} == {
        "clean": {"通过"},
        "planted": {"未通过"},
        "messy": {"通过"},
        "encrypted": {"无法读取"},
        "unreadable": {"无法读取"},
    }


def test_filter_then_select_shows_the_row_with_the_cell_marked(qtbot, window, county) -> None:
    validate_inbox(qtbot, window, county)
    panel = window.validate_view.findings
    panel.choose(panel.severity, Severity.ERROR)
    panel.choose(panel.code, "id-invalid")
    assert shown(window) == planted(county, "error") & {
        p for p in planted(county) if p[0] == "id-invalid"
    }
    panel.choose(panel.code, "")
    panel.search.setText("校验位")
    only = panel.shown()
    assert {(f.code, "校验位" in f.message) for f in only} == {("id-invalid", True)}
    panel.select_row(0)
    finding = panel.shown()[0]
    detail = window.validate_view.detail
    marked = [r for r in detail.rows() if r[3]]
    assert marked == [(finding.column, "身份证件号", finding.value, True)]
    assert detail.message.text() == finding.message
    assert detail.hint.text() == f"怎么改：{finding.hint}"


def test_annotated_copy_is_written_and_opened(qtbot, window, county, ctx, opened, tmp_path):
    validate_inbox(qtbot, window, county)
    view = window.validate_view
    view.findings.choose(view.findings.code, "id-invalid")
    view.findings.select_row(0)
    ctx.choosers.answers = [str(tmp_path / "标注")]
    with qtbot.waitSignal(view.annotate_job.finished, timeout=60_000):
        view.annotate_button.click()
    copy = view.annotated
    assert copy is not None
    assert copy.parent == tmp_path / "标注"
    assert copy.name.endswith("_校验结果.xlsx")
    assert copy.exists()
    view.open_copy_button.click()
    view.open_copy_folder_button.click()
    assert opened == [copy, copy.parent]


def test_passwords_in_settings_open_a_protected_file(qtbot, window, county) -> None:
    protected = ("encrypted-file", "收件箱/胡族铺一中10月报（密码见短信）.xlsx", None, None)
    validate_inbox(qtbot, window, county)
    assert protected in shown(window)
    with qtbot.waitSignal(window.validate_view.job.finished, timeout=120_000):
        use_passwords(window, county)  # saving re-checks the files already loaded
    assert window.ctx.settings.passwords == list(county.passwords)
    assert protected not in shown(window)


def test_the_absence_threshold_in_settings_decides_the_finding(qtbot, window, county) -> None:
    absence = [p for p in planted(county) if p[0] == "absence-not-reported"]
    validate_inbox(qtbot, window, county)
    assert set(absence) <= shown(window)
    window.settings_view.editors["suspected_days"].setValue(15)
    with qtbot.waitSignal(window.validate_view.job.finished, timeout=120_000):
        window.settings_view.save_button.click()
    assert window.ctx.policy().suspected_days == 15
    assert not set(absence) & shown(window)


def test_f1_shows_the_rule_catalogue_inside_the_app_and_searches_it(qtbot, window, opened):
    from core.model.finding_types import FINDING_TYPES

    assert window.rules_action.shortcut().toString() == "F1"
    window.rules_action.trigger()
    help_page = window.help_dialog
    assert help_page.isVisible()
    assert opened == []  # no external launcher
    text = help_page.browser.toPlainText()
    assert all(t.title in text for t in FINDING_TYPES.values())
    help_page.search.setText("身份证件号无效")
    assert help_page.browser.textCursor().selectedText() == "身份证件号无效"
    assert help_page.result.text() == ""
    help_page.search.setText("没有这种问题")
    assert help_page.result.text() == "找不到“没有这种问题”"


def test_open_files_asks_the_chooser_and_checks_the_answer(qtbot, window, county, ctx) -> None:
    clean = next(s["files"][0] for s in key(county)["schools"] if s["case"] == "clean")
    ctx.choosers.answers = [[str(county.out_dir / clean)]]
    with qtbot.waitSignal(window.validate_view.job.finished, timeout=120_000):
        window.validate_view.open_files_button.click()
    reports = window.validate_view.files_model.reports()
    assert [(rel(r.path), r.status) for r in reports] == [(clean, "passed")]
    assert ctx.choosers.asked == ["选择学校月报"]
