"""The frozen folder itself, listed: what slimming leaves out stays out, what the app loads stays
in. scripts/build_frozen.sh (and the Windows workflow) run this after the build with
SCHOOLROLL_FROZEN_DIR set; the rest of the suite has no frozen folder to list."""

from __future__ import annotations

import os
import sys
from fnmatch import fnmatch
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import freeze_config as fc

FROZEN = os.environ.get("SCHOOLROLL_FROZEN_DIR")
pytestmark = pytest.mark.skipif(not FROZEN, reason="run by scripts/build_frozen.sh after a build")

UNNEEDED = (
    "libgtk-3*", "libgdk-3*", "libgdk_pixbuf*", "libcairo*", "libpango*", "libatk*",
    "libQt6Network*", "Qt6Network.dll", "libQt6Wayland*", "libQt6WlShell*", "libQt6EglFS*",
    "libQt6OpenGL*", "Qt6OpenGL*.dll", "libkrb5*", "libgssapi*", "opengl32sw.dll",
)  # fmt: skip
"""Libraries the hooks used to bundle and nothing kept links to or loads."""
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


@pytest.fixture(scope="module")
def listing() -> list[Path]:
    """Every file of the frozen folder, relative to it."""
    root = Path(FROZEN or ".")
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file() or p.is_symlink())


def test_unneeded_libraries_are_left_out(listing):
    found = [p.as_posix() for p in listing if any(fnmatch(p.name, pat) for pat in UNNEEDED)]
    assert found == []


def test_the_platform_plugins_and_translations_the_app_loads_are_in(listing):
    plugins = {fc._plugin_name(p.name) for p in listing if p.parent.name == "platforms"}
    wanted = {"qwindows"} if sys.platform == "win32" else {"qxcb"}
    assert plugins == wanted | {"qoffscreen", "qminimal"}
    translations = {p.name for p in listing if p.parent.name == "translations"}
    assert translations == fc.QT_TRANSLATIONS


def test_python_modules_are_collected_once_beside_the_two_executables(listing):
    names = {p.as_posix() for p in listing}
    for module in ("multiprocessing/__init__.pyc", "concurrent/futures/process.pyc"):
        assert f"_internal/{module}" in names
    assert "_internal/desktop/app.pyc" in names
    root = Path(FROZEN or ".")
    sizes = {n: (root / f"{n}{EXE_SUFFIX}").stat().st_size for n in (fc.GUI_NAME, fc.CLI_NAME)}
    # Bootloader, icon and version resource only: an embedded module archive is ~10 MB.
    assert max(sizes.values()) < 3_000_000, sizes
