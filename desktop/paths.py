"""Where the app keeps its files: user folders via platformdirs, and bundled resources."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "SchoolRoll"
APP_AUTHOR = "SchoolRoll"
ROOT = Path(__file__).resolve().parents[1]
"""The repository (source runs) or the unpacked bundle's parent of desktop/ (frozen runs)."""


@dataclass(frozen=True)
class AppPaths:
    """The user folders the app writes to."""

    config_dir: Path
    """Holds settings.json."""
    log_dir: Path
    """Holds schoolroll.log."""
    data_dir: Path
    """Default place for outputs the user did not choose."""

    @property
    def settings_file(self) -> Path:
        """The settings JSON."""
        return self.config_dir / "settings.json"

    @property
    def mapping_file(self) -> Path:
        """The user's taught headers and sheets (TOML), applied by every command."""
        return self.config_dir / "mapping.toml"

    @property
    def log_file(self) -> Path:
        """The log file."""
        return self.log_dir / "schoolroll.log"

    def create(self) -> AppPaths:
        """Make the folders exist; returns self."""
        for d in (self.config_dir, self.log_dir, self.data_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self


def user_paths(dev: bool = False, dev_root: Path | None = None) -> AppPaths:
    """platformdirs folders, or ./.dev/{config,logs,data} with --dev (never the real profile)."""
    if dev:
        base = (dev_root or Path.cwd()) / ".dev"
        return AppPaths(base / "config", base / "logs", base / "data")
    import platformdirs

    dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
    return AppPaths(Path(dirs.user_config_dir), Path(dirs.user_log_dir), Path(dirs.user_data_dir))


def resource_path(relative: str) -> Path:
    """A bundled file, e.g. "desktop/resources/app.png", for source and frozen runs alike."""
    # PyInstaller unpacks datas under sys._MEIPASS, keeping the relative layout of the repo.
    base = Path(getattr(sys, "_MEIPASS", ROOT))
    return base / relative
