"""User folders, bundled resources, the log file and the crash hook."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from desktop.app import ICON, make_excepthook
from desktop.logging_setup import setup_logging
from desktop.paths import ROOT, resource_path, user_paths


def test_dev_mode_keeps_everything_under_dot_dev(tmp_path: Path) -> None:
    paths = user_paths(dev=True, dev_root=tmp_path).create()
    assert (paths.settings_file, paths.log_file) == (
        tmp_path / ".dev" / "config" / "settings.json",
        tmp_path / ".dev" / "logs" / "schoolroll.log",
    )
    assert paths.data_dir.is_dir()


def test_user_paths_are_the_platform_folders() -> None:
    import platformdirs

    paths = user_paths()
    assert paths.config_dir == Path(platformdirs.user_config_dir("SchoolRoll", "SchoolRoll"))
    assert paths.log_dir == Path(platformdirs.user_log_dir("SchoolRoll", "SchoolRoll"))


def test_resource_path_finds_the_icon_in_source_and_frozen_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert resource_path(ICON) == ROOT / ICON
    assert resource_path(ICON).stat().st_size > 1000
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path(ICON) == tmp_path / ICON


@pytest.fixture
def log_file(tmp_path: Path):
    path = setup_logging(tmp_path / "logs" / "schoolroll.log")
    yield path
    for h in [h for h in logging.getLogger().handlers if getattr(h, "_schoolroll", False)]:
        logging.getLogger().removeHandler(h)
        h.close()


def test_logs_never_keep_an_id_number(log_file: Path) -> None:
    logging.getLogger("t").warning("pupil %s has a problem", "41152520190304123X")
    try:
        raise ValueError("bad id 411525201903041235")
    except ValueError:
        logging.getLogger("t").exception("failed")
    text = log_file.read_text("utf-8")
    assert "4115252019030412" not in text
    assert text.count("<证件号已隐藏>") == 3  # message, exception text, traceback line


def test_the_crash_hook_logs_the_traceback_and_shows_the_log_location(log_file: Path) -> None:
    shown: list[str] = []
    hook = make_excepthook(log_file, shown.append)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        hook(*sys.exc_info())
    assert "RuntimeError: boom" in shown[0]
    assert "RuntimeError: boom" in log_file.read_text("utf-8")


def test_the_error_dialog_names_the_log_file(qtbot, tmp_path: Path) -> None:
    from ui.dialogs.error_dialog import ErrorDialog

    dialog = ErrorDialog("Traceback ...\nRuntimeError: boom", tmp_path / "schoolroll.log")
    qtbot.addWidget(dialog)
    assert str(tmp_path / "schoolroll.log") in dialog.message.text()
    assert dialog.details.toPlainText().endswith("RuntimeError: boom")
