"""The layers hold: core never loads Qt, ui or desktop; ui never imports desktop; inside core
the writers read only the catalogue and the model, and no two packages import each other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import importlib, pkgutil, sys, core
for m in pkgutil.walk_packages(core.__path__, "core."):
    importlib.import_module(m.name)
bad = sorted(n for n in sys.modules if n.split(".")[0] in ("PySide6", "ui", "desktop"))
assert not bad, bad
print("ok", len([m for m in sys.modules if m.startswith("core")]))
"""


def test_importing_every_core_module_leaves_qt_unloaded() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert out.stdout.startswith("ok")


def test_import_linter_contracts_pass() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    kept = [line for line in out.stdout.splitlines() if " KEPT" in line]
    assert kept == [
        "Layers: desktop -> ui -> core KEPT",
        "core is Qt-free KEPT",
        "Layers inside core: the writers read only the catalogue and the model KEPT",
        "No cycle between core's packages KEPT",
    ]
    assert "4 kept, 0 broken" in out.stdout
