"""指定为… for a column: an unrecognised or ambiguous header taught from the 校验 page's detail
pane is kept in the settings folder's mapping.toml, the files are checked again with it, and a
new window (a restart) still reads it. A damaged mapping.toml is set aside at the start."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from core.catalogue import fold
from core.mapping import load_mapping
from core.reader import read_workbook
from core.reader.headers import SIGNATURES
from tests.core.reader.reader_corpus import id_number
from tests.ui.conftest import drop
from ui.main_window import MainWindow
from ui.taught import teach_column

pytestmark = pytest.mark.slow
STRANGE = ["栏目甲", "自填项乙", "附列丙", "备用栏丁", "本校自设项"]
"""Headers no form knows: a school's own name for a standard column."""


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clean school workbook of the sample county (no planted problem)."""
    from core.demo import generate_county

    county = generate_county(tmp_path_factory.mktemp("county"), schools=10, students=40, clean=True)
    return sorted(county.inbox.rglob("*.xlsx"))[0]


def renamed(school: Path, out: Path, seed: int) -> tuple[str, str, str, str, str]:
    """A copy of the school's workbook with one standard column's header replaced by a word no
    form knows -> (sheet, column letter, header as written, field key, field's header)."""
    rng = random.Random(seed)
    read = read_workbook(school)
    table = rng.choice([t for t in read.tables if set(t.columns) - SIGNATURES[t.form.key]])
    key = rng.choice(sorted(set(table.columns) - SIGNATURES[table.form.key] - {"seq"}))
    letter, header = table.columns[key], f"{rng.choice(STRANGE)}{rng.randint(1, 99)}"
    book = openpyxl.load_workbook(school)
    cell = book[table.sheet][f"{letter}{table.header_row}"]
    assert cell.value == table.headers[key]  # the header row as the reader found it
    cell.value = header
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return table.sheet, letter, header, key, table.form.column(key).header


def literal(finding: Any) -> tuple:
    return (finding.code, finding.severity, finding.sheet, finding.row, finding.column,
            finding.message)  # fmt: skip


def checked(qtbot, ctx, path: Path) -> tuple[MainWindow, set[tuple]]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.validate_view.job.finished, timeout=180_000):
        drop(window, path)
    return window, {literal(f) for f in window.validate_view.findings.shown()}


@pytest.mark.parametrize("seed", [1, 2])
def test_an_unrecognised_column_taught_is_read_as_its_field_also_after_a_restart(
    qtbot, ctx, tmp_path, school, seed
):
    ctx.mapping_file = tmp_path / "config" / "mapping.toml"
    _, original = checked(qtbot, ctx, school)
    copy = tmp_path / "改过表头" / school.name
    sheet, letter, header, key, field = renamed(school, copy, seed)
    window, before = checked(qtbot, ctx, copy)
    extra = ("extra-column", "info", sheet, None, letter,
             f"“{header}”列不在标准报表中，已保留但不参与校验")  # fmt: skip
    assert extra in before
    view = window.validate_view
    row = next(r for r, f in enumerate(view.findings.shown()) if literal(f) == extra)
    view.findings.select_row(row)
    assert view.detail.assign_button.isVisibleTo(view.detail)
    ctx.choosers.answers = [field]
    with qtbot.waitSignal(view.job.finished, timeout=180_000):
        view.detail.assign_button.click()
    assert ctx.choosers.asked == ["指定为…"]
    after = {literal(f) for f in view.findings.shown()}
    # read as that field again: the file's findings are the unchanged workbook's
    assert after == original
    assert view.summary.text().startswith("共 1 个文件")
    assert load_mapping(ctx.mapping_file).column(fold(header)) == key
    # the CLI reads the same file, and a new window (a restart) still applies it
    assert checked(qtbot, ctx, copy)[1] == original


def _roster(path: Path, rows: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "学籍名册"
    sheet.append(["姓名", "身份证件号", "年级", "现居住地址", "户籍居住地址"])
    for i in range(1, rows + 1):
        sheet.append([f"学生{i}", id_number(i), "三年级", f"城关镇{i}号", f"陈集乡{i}组"])
    book.save(path)
    return path


@pytest.mark.parametrize("rows", [1, 4])
def test_an_ambiguous_column_taught_is_read_as_the_field_chosen(qtbot, ctx, tmp_path, rows):
    ctx.mapping_file = tmp_path / "config" / "mapping.toml"
    window, before = checked(qtbot, ctx, _roster(tmp_path / "名册.xlsx", rows))
    ambiguous = ("header-ambiguous", "query", "学籍名册", None, "D",
                 "“现居住地址”和“户籍居住地址”两列都像“家庭住址”，都未按它读取")  # fmt: skip
    assert ambiguous in before
    view = window.validate_view
    row = next(r for r, f in enumerate(view.findings.shown()) if literal(f) == ambiguous)
    view.findings.select_row(row)
    ctx.choosers.answers = ["家庭住址"]
    with qtbot.waitSignal(view.job.finished, timeout=180_000):
        view.detail.assign_button.click()
    after = {literal(f) for f in view.findings.shown()}
    # D is the address now; E is a column of the school's own, kept but not checked
    assert after == (before - {ambiguous}) | {
        ("extra-column", "info", "学籍名册", None, "E",
         "“户籍居住地址”列不在标准报表中，已保留但不参与校验"),
    }  # fmt: skip
    assert (
        view.report_for(view.findings.shown()[0]).workbook.table("roster").raw.loc[2]["address"]
        == "城关镇1号"
    )
    assert load_mapping(ctx.mapping_file).column(fold("现居住地址")) == "address"


def test_a_finding_that_no_answer_can_fix_offers_no_assign_button(qtbot, ctx, tmp_path):
    ctx.mapping_file = tmp_path / "config" / "mapping.toml"
    window, _ = checked(qtbot, ctx, _roster(tmp_path / "名册.xlsx", 2))
    view = window.validate_view
    shown = view.findings.shown()
    visible = {}
    for row, finding in enumerate(shown):
        view.findings.select_row(row)
        visible[finding.code] = view.detail.assign_button.isVisibleTo(view.detail)
    assert visible == {code: code == "header-ambiguous" for code in visible}
    assert set(visible) > {"header-ambiguous"}


DAMAGE = {
    # how the file was damaged -> what the window says about it
    "truncated": (
        lambda text: text[: text.index("=") + 1].encode("utf-8"),
        "不是有效的 TOML（文件末尾格式有误，可能被手工改坏或只写了一半）",
    ),
    "quote lost": (
        lambda text: text.replace('"', "", 1).encode("utf-8"),
        "不是有效的 TOML（第 4 行格式有误，可能被手工改坏或只写了一半）",
    ),
    "saved as UTF-16": (lambda text: text.encode("utf-16"), "不是 UTF-8 编码的文本"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_mapping_file_is_set_aside_and_the_window_says_so(qtbot, ctx, tmp_path, damage):
    config = tmp_path / "config"
    mapping_file = ctx.mapping_file = config / "mapping.toml"
    teach_column(mapping_file, "本月实到(天)", "days_present")
    spoil, why = DAMAGE[damage]
    damaged = spoil(mapping_file.read_text("utf-8"))
    mapping_file.write_bytes(damaged)
    (config / "mapping.toml.bak").write_bytes(b"an earlier copy")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    notice = window.validate_view.notice
    assert notice.isVisibleTo(window.validate_view)
    assert notice.text() == (
        f"设置文件夹中的映射文件“mapping.toml”{why}，"
        f"本次未使用；原文件已改名为“mapping.toml.2.bak”保留在“{config}”中。"
        "可以用“指定为…”重新指定，或参照 schoolroll fields 修正原文件后改回原名。"
    )
    assert (config / "mapping.toml.2.bak").read_bytes() == damaged
    assert (config / "mapping.toml.bak").read_bytes() == b"an earlier copy"
    assert not mapping_file.exists()
    # the window works without it, and 指定为… writes a good file anew
    with qtbot.waitSignal(window.validate_view.job.finished, timeout=180_000):
        drop(window, _roster(tmp_path / "名册.xlsx", 1))
    teach_column(mapping_file, "现居住地址", "address")
    assert load_mapping(mapping_file).columns == frozenset({("现居住地址", "address")})


def test_a_mapping_file_naming_no_field_is_set_aside_with_the_reason(qtbot, ctx, tmp_path):
    mapping_file = ctx.mapping_file = tmp_path / "config" / "mapping.toml"
    mapping_file.parent.mkdir()
    mapping_file.write_text('[columns]\n"本月实到" = "days_here"\n', encoding="utf-8")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.mapping_notice == (
        "设置文件夹中的映射文件“mapping.toml”中有无效的内容（映射文件 "
        f"{mapping_file}：“本月实到”指定的“days_here”不是任何报表的字段"
        "（schoolroll fields 列出全部字段和报表类型）），本次未使用；"
        f"原文件已改名为“mapping.toml.bak”保留在“{mapping_file.parent}”中。"
        "可以用“指定为…”重新指定，或参照 schoolroll fields 修正原文件后改回原名。"
    )
    assert [p.name for p in mapping_file.parent.iterdir()] == ["mapping.toml.bak"]


def test_a_good_mapping_file_is_left_alone(qtbot, ctx, tmp_path):
    mapping_file = ctx.mapping_file = tmp_path / "config" / "mapping.toml"
    teach_column(mapping_file, "本月实到(天)", "days_present")
    text = mapping_file.read_text("utf-8")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert (window.mapping_notice, window.validate_view.notice.isVisibleTo(window)) == (None, False)
    assert [p.name for p in mapping_file.parent.iterdir()] == ["mapping.toml"]
    assert mapping_file.read_text("utf-8") == text
