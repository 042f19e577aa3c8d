"""What every page needs from the shell: settings, file choosers, a way to open files."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from core.policy import Policy

if TYPE_CHECKING:
    from core.mapping import Mapping

log = logging.getLogger(__name__)


class SettingsStore(Protocol):
    """The shell's settings store (desktop/settings.py); ui never imports desktop."""

    settings: Any
    """An AppSettings dataclass: to_policy(), passwords, inbox_dir, reference_dir, output_dir."""
    notice: str | None
    state_path: Path | None
    """Where the window keeps its size, splitters and last inputs (None: nowhere)."""

    def save(self, settings: Any) -> None:
        """Persist new settings."""


class FileChoosers:
    """Native file dialogs (and a list to pick from); tests pass a fake with the same methods."""

    def open_files(self, parent: QWidget, title: str, start: str, filters: str) -> list[str]:
        """Several existing files ([] when cancelled)."""
        return QFileDialog.getOpenFileNames(parent, title, start, filters)[0]

    def open_file(self, parent: QWidget, title: str, start: str, filters: str) -> str:
        """One existing file ("" when cancelled)."""
        return QFileDialog.getOpenFileName(parent, title, start, filters)[0]

    def save_file(self, parent: QWidget, title: str, start: str, filters: str) -> str:
        """A file to write ("" when cancelled)."""
        return QFileDialog.getSaveFileName(parent, title, start, filters)[0]

    def record_file(self, parent: QWidget, title: str, start: str, filters: str) -> str:
        """A file to keep adding to, existing or new ("" when cancelled; choosing an existing
        one is not asked about as an overwrite: it is added to, never replaced)."""
        no_prompt = QFileDialog.Option.DontConfirmOverwrite
        return QFileDialog.getSaveFileName(parent, title, start, filters, "", no_prompt)[0]

    def folder(self, parent: QWidget, title: str, start: str) -> str:
        """A folder ("" when cancelled)."""
        return QFileDialog.getExistingDirectory(parent, title, start)

    def item(self, parent: QWidget, title: str, label: str, items: list[str]) -> str:
        """One of items ("" when cancelled)."""
        chosen, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
        return chosen if ok else ""


def open_with_system(path: Path) -> bool:
    """Open a file or folder in the program the system associates with it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


@dataclass
class UiContext:
    """Shared by the pages; built by the shell (or a test) and handed to the main window."""

    store: SettingsStore
    choosers: Any = field(default_factory=FileChoosers)
    open_path: Callable[[Path], object] = open_with_system
    log_file: Path | None = None
    mapping_file: Path | None = None
    """The user's taught headers and sheets (TOML), applied to every read the window starts."""
    copies_dir: Path | None = None
    """Where 在 Excel 中打开 writes the annotated copies it opens (the user's data folder)."""
    register_file: Path | None = None
    """The case register the CLI keeps by default (the 复核 page starts with it when it exists)."""

    _folders: dict[str, str] = field(default_factory=dict)
    """Last folders asked for in this session (kept in the state file when there is one)."""

    def last_folder(self, key: str) -> str:
        """The folder the picker for input key last went to ("" when never, or gone)."""
        state = self._state()
        folder = self._folders.get(key) or (
            str(state.value(f"folders/{key}") or "") if state is not None else ""
        )
        return folder if folder and Path(folder).is_dir() else ""

    def remember_folder(self, key: str, folder: str) -> None:
        """Start the picker for input key in folder next time, also after a restart."""
        self._folders[key] = folder
        state = self._state()
        if state is not None:
            state.setValue(f"folders/{key}", folder)
            state.sync()
            if state.status() != QSettings.Status.NoError:
                log.warning("last folder not saved (%s)", state.status().name)

    def _state(self) -> QSettings | None:
        path = getattr(self.store, "state_path", None)
        return QSettings(str(path), QSettings.Format.IniFormat) if path else None

    @property
    def settings(self) -> Any:
        """The current AppSettings."""
        return self.store.settings

    def policy(self) -> Policy:
        """The policy the settings describe."""
        return self.settings.to_policy()

    def passwords(self) -> list[str]:
        """Passwords to try on protected workbooks."""
        return list(self.settings.passwords)

    def mapping(self) -> Mapping:
        """The mapping file as it is now (read again for every run), or none."""
        from core.mapping import NO_MAPPING, MappingError, load_mapping

        if self.mapping_file is None or not self.mapping_file.is_file():
            return NO_MAPPING
        try:
            return load_mapping(self.mapping_file)
        except MappingError:
            log.warning("mapping file not applied: it cannot be read or is not valid")
            return NO_MAPPING
