"""Chinese wherever a user reads: Qt's file dialog, the command line's help and errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import build_parser, main

ALLOWED = {"SchoolRoll", "JSON", "TOML", "zip", "xlsx", "Markdown", "YYYY", "MM", "Excel", "WPS"}
"""Names of formats and of the program, not English text."""


def tokens(parser) -> set[str]:
    """What the user types: option names, choices, subcommand names (not text to translate)."""
    found = {"schoolroll"}
    parsers = [parser]
    while parsers:
        p = parsers.pop()
        for action in p._actions:
            for option in action.option_strings:
                found.add(option.lstrip("-"))
            for choice, sub in (
                (action.choices or {}).items()
                if isinstance(action.choices, dict)
                else ((c, None) for c in action.choices or ())
            ):
                found.add(str(choice))
                if sub is not None:
                    parsers.append(sub)
    return found


def english_words(text: str, typed: set[str]) -> list[str]:
    text = re.sub(r"--?[A-Za-z][\w-]*", " ", text)
    words = re.findall(r"[A-Za-z]{2,}", text)
    return [w for w in words if w not in typed and w not in ALLOWED]


def run(argv: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    out = capsys.readouterr()
    return stop.value.code, out.out + out.err


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        *([name, "--help"] for name in ("templates", "demo", "validate", "consolidate", "rollup")),
        ["rules", "--help"],
        ["gui", "--help"],
    ],
)
def test_help_has_no_english_words(argv, capsys) -> None:
    code, text = run(argv, capsys)
    assert code == 0
    assert text.startswith("用法：schoolroll")
    assert english_words(text, tokens(build_parser())) == []


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["consolidate"], "schoolroll：参数错误：缺少必需的参数：收件箱, --period, --out"),
        (["bogus"], "schoolroll：参数错误：参数 命令 的值 'bogus' 无效，可选 'templates', "),
        (["demo", "--out", "x", "--schools", "abc"], "参数 --schools 的值 'abc' 不是整数"),
        (["rules", "--nonsense"], "schoolroll：参数错误：无法识别的参数：--nonsense"),
    ],
)
def test_a_usage_error_is_said_in_chinese(argv, said, capsys) -> None:
    code, text = run(argv, capsys)
    assert code == 2
    assert said in text
    assert english_words(text, tokens(build_parser()) | set(argv)) == []  # argv: as typed


def test_gui_without_a_display_says_so_in_chinese_and_exits_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")} | {
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "gui", "--dev"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "无法打开图形界面：没有可用的显示（未设置 DISPLAY 或 WAYLAND_DISPLAY）。"
        "请在桌面环境中运行，或改用 schoolroll 的命令行子命令（schoolroll --help）。"
    )


def test_qt_file_dialog_labels_are_chinese(qapp) -> None:
    from PySide6.QtWidgets import QFileDialog, QLabel

    from desktop.app import create_application

    create_application()
    dialog = QFileDialog(None, "选择", str(Path.home()), "Excel 工作簿 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert labels == ["查找范围(&L)：", "文件名称(&N)：", "文件类型(&T)："]


def test_the_window_title_is_not_repeated(qtbot, qapp, tmp_path) -> None:
    from desktop.app import create_application
    from desktop.settings import SettingsStore
    from ui.context import UiContext
    from ui.main_window import MainWindow

    create_application()
    window = MainWindow(UiContext(store=SettingsStore(tmp_path / "settings.json")))
    qtbot.addWidget(window)
    # Qt appends the display name unless the title already ends with it.
    assert window.windowTitle() == qapp.applicationDisplayName() == "控辍保学台账助手（SchoolRoll）"


def test_passwords_are_hidden_until_shown(qtbot, tmp_path) -> None:
    from desktop.settings import SettingsStore
    from ui.context import UiContext
    from ui.views.settings_view import SettingsView

    store = SettingsStore(tmp_path / "settings.json")
    store.save(store.settings.__class__(passwords=["gs2026", "abcd"]))
    view = SettingsView(UiContext(store=store))
    qtbot.addWidget(view)
    view.show()
    secret = view.editors["passwords"]
    assert not secret.edit.isVisible()
    assert secret.mask.text() == "●●●●●●（共 2 个，已隐藏；点“显示”查看或修改）"
    assert "gs2026" not in secret.mask.text()
    secret.toggle.click()
    assert secret.edit.isVisible()
    assert secret.toPlainText() == "gs2026\nabcd"
    assert secret.toggle.text() == "隐藏"
