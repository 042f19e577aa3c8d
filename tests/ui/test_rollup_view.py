"""上报汇总 page: the county workbook the 汇总 page wrote, rolled up to the prefecture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ui.main_window import MainWindow
from ui.views.rollup_view import NO_CASES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from core.demo import generate_county

    return generate_county(tmp_path_factory.mktemp("county"), students=60)


def test_the_county_workbook_rolls_up_to_the_prefecture(
    qtbot, ctx, county, opened, tmp_path: Path
) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    consolidate = window.consolidate_view
    consolidate.inbox.set_text(str(county.inbox))
    consolidate.period.setText(county.period)
    consolidate.out.set_text(str(tmp_path / "县区" / "县区汇总.xlsx"))
    with qtbot.waitSignal(consolidate.job.finished, timeout=300_000):
        consolidate.run_button.click()
    view = window.rollup_view
    view.inbox.set_text(str(tmp_path / "县区"))
    view.period.setText(county.period)
    view.out.set_text(str(tmp_path / "地市汇总.xlsx"))
    with qtbot.waitSignal(view.job.finished, timeout=300_000):
        view.run_button.click()
    assert (tmp_path / "地市汇总.xlsx").exists()
    assert view.progress.label.text() == "上报汇总完成"
    metrics = {
        view.metrics.item(r, 0).text(): view.metrics.item(r, 1).text()
        for r in range(view.metrics.rowCount())
    }
    assert metrics["在籍学生数"] == str(consolidate.result.totals["roster"])
    assert view.status.text().startswith(f"{view.result.unit_name}：收到 1 个单位的汇总")
    assert view.tab_titles() == ["指标", "个案汇总", "问题清单"]
    assert view.cases.shown() == NO_CASES  # consolidated without a case register
    view.open_button.click()
    assert opened == [tmp_path / "地市汇总.xlsx"]
