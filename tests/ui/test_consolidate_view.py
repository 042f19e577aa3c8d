"""汇总 page with the real engine: progress naming the files, a summary, cancel, close."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import drop
from ui.main_window import MainWindow

pytestmark = pytest.mark.slow
CANCELLED = "已取消汇总，没有写出县区汇总工作簿。"


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from core.demo import generate_county

    return generate_county(tmp_path_factory.mktemp("county"), students=60)


@pytest.fixture(scope="module")
def big_inbox(county: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The inbox ten times over (as if every school sent ten times): long enough to cancel."""
    inbox = tmp_path_factory.mktemp("big") / "收件箱"
    for i in range(10):
        shutil.copytree(county.inbox, inbox / f"第{i}批")
    return inbox


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


class Labels:
    """Keeps what the progress strip said, as a user watching it would."""

    def __init__(self, window: MainWindow) -> None:
        self.seen: list[str] = []
        self.window = window
        window.consolidate_view.job.progressed.connect(self.on_progress)

    def on_progress(self, _done: int, _total: int, _label: str) -> None:
        self.seen.append(self.window.consolidate_view.progress.label.text())


def fill(window: MainWindow, county: Any, out: Path) -> None:
    view = window.consolidate_view
    view.inbox.set_text(str(county.inbox))  # the reference lists next to it fill themselves
    view.period.setText(county.period)
    view.out.set_text(str(out))


def test_reference_lists_next_to_the_inbox_are_found(window, county) -> None:
    fill(window, county, county.out_dir / "x.xlsx")
    refs = {k: Path(f.text()) for k, f in window.consolidate_view.refs.items()}
    assert refs == {
        "schools": county.school_list,
        "household": county.household,
        "poverty": county.poverty,
        "platform": county.platform,
    }


def test_consolidate_with_progress_then_cancel_a_second_run(
    qtbot, window, county, big_inbox, opened, tmp_path
) -> None:
    view = window.consolidate_view
    labels = Labels(window)
    fill(window, county, tmp_path / "县区汇总.xlsx")
    view.feedback.set_text(str(tmp_path / "反馈"))
    with qtbot.waitSignal(view.job.finished, timeout=300_000):
        view.run_button.click()
    assert any(".xlsx" in text and text.startswith("正在读取：") for text in labels.seen)
    assert (tmp_path / "县区汇总.xlsx").exists()
    assert view.form_box.collapsed  # the results get the room
    assert view.form_box.summary.text() == (
        f"收件箱：{county.inbox}　月份：{county.period}　县区汇总工作簿：县区汇总.xlsx"
    )
    assert view.status.text().startswith(f"收到 {len(view.result.submissions)} 份，")
    assert view.submissions.rowCount() == len(view.result.submissions) + len(view.result.missing)
    view.open_workbook_button.click()
    view.open_feedback_button.click()
    assert opened == [tmp_path / "县区汇总.xlsx", tmp_path / "反馈"]
    check_overview_and_chase_list(qtbot, view, county, tmp_path, opened)

    fill(window, county, tmp_path / "第二次.xlsx")
    view.inbox.set_text(str(big_inbox))
    # Waiting on a signal the worker emits many times is unsafe with pytest-qt (a queued
    # emission can reach a finished blocker), so poll what the user sees instead.
    labels.seen.clear()
    view.run_button.click()
    qtbot.waitUntil(lambda: bool(labels.seen), timeout=60_000)
    view.progress.cancel_button.click()
    qtbot.waitUntil(view.run_button.isEnabled, timeout=60_000)
    assert view.status.text() == CANCELLED
    assert view.progress.label.text() == CANCELLED
    assert view.progress.bar.value() == 0  # not a full bar for a run that did not finish
    assert view.submissions.rowCount() == 0  # the first run's results are gone
    assert not view.open_workbook_button.isEnabled()
    assert not (tmp_path / "第二次.xlsx").exists()


def check_overview_and_chase_list(qtbot, view, county, tmp_path, opened) -> None:
    """The missing schools are on the 催报名单 with their contacts; the export reads back."""
    from openpyxl import load_workbook

    answer = json.loads(county.answer_key.read_text("utf-8"))
    never_sent = {s["school_code"] for s in answer["schools"] if s["case"] == "missing"}
    listed = load_workbook(county.school_list).active
    header, *body = listed.iter_rows(values_only=True)  # by the headers: the list's own order
    at = {h: i for i, h in enumerate(header)}
    at["乡镇"] = next(i for i, h in enumerate(header) if h.startswith("乡镇"))
    contact = {
        r[at["学校标识码"]]: {
            "town": r[at["乡镇"]],
            "contact": r[at["联系人"]],
            "contact_phone": r[at["联系人电话"]],
        }
        for r in body
    }
    missing = [
        {"school_code": m["school_code"], "school": m["school"], "situation": "未报送"}
        | contact[m["school_code"]]
        for m in view.result.missing
    ]
    assert never_sent <= {m["school_code"] for m in missing}
    rows = view.overview.rows
    assert [r for r in rows if r["situation"] == "未报送"] == missing
    bars = {key: (label, count, unit) for key, label, count, unit in view.overview.chart.bars}
    assert bars["missing"] == ("未报送", len(missing), "所学校")
    assert view.overview.chart.grab().width() > 0  # paints without error

    view.ctx.choosers.answers = [str(tmp_path / "催报名单.xlsx")]
    with qtbot.waitSignal(view.chase_job.finished, timeout=30_000):
        view.overview.export_button.click()
    assert opened[-1] == tmp_path / "催报名单.xlsx"
    sheet = load_workbook(opened[-1]).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == f"{county.period} 控辍保学月报催报名单"
    assert values[1] == ("学校标识码", "学校名称", "情况", "乡镇(街道)", "联系人", "联系人电话")
    keys = ("school_code", "school", "situation", "town", "contact", "contact_phone")
    assert [tuple(v or "" for v in row) for row in values[2:]] == [
        tuple(r[k] for k in keys) for r in rows
    ]
    del opened[-1]


def test_closing_the_window_during_a_run_cancels_it(
    qtbot, ctx, county, big_inbox, tmp_path
) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    labels = Labels(window)
    fill(window, county, tmp_path / "关闭.xlsx")
    window.consolidate_view.inbox.set_text(str(big_inbox))
    view = window.consolidate_view
    view.start()
    qtbot.waitUntil(lambda: bool(labels.seen), timeout=60_000)
    window.close()
    assert not view.job.running  # close waited for the worker to stop
    qtbot.waitUntil(lambda: view.status.text() == CANCELLED, timeout=10_000)
    assert not (tmp_path / "关闭.xlsx").exists()


def test_a_folder_dropped_on_the_inbox_field_becomes_its_path(window, county) -> None:
    drop(window.consolidate_view.inbox.edit, county.inbox)
    assert Path(window.consolidate_view.inbox.text()) == county.inbox
    assert Path(window.consolidate_view.refs["schools"].text()) == county.school_list
    assert window.validate_view.files_model.rowCount() == 0  # not also dropped on the window


def test_an_incomplete_form_says_what_is_missing(window, tmp_path) -> None:
    view = window.consolidate_view
    view.inbox.set_text(str(tmp_path / "没有这个文件夹"))
    view.run_button.click()
    assert view.status.text() == "请选择存在的收件箱文件夹。"
    view.inbox.set_text(str(tmp_path))
    view.period.setText("2026年10月")
    view.run_button.click()
    assert view.status.text() == "汇总月份应写成 YYYY-MM，如 2026-10。"
    assert not view.job.running
