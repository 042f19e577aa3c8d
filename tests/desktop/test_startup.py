"""The window opens without loading pandas (heavy imports wait until the first run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_desktop_shows_the_window_before_pandas_is_imported(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "--dev", "--quit-when-shown"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    line = out.stdout.strip().splitlines()[-1]
    assert line.startswith("shown ")
    assert line.endswith("pandas=False")
    assert (tmp_path / ".dev" / "logs" / "schoolroll.log").exists()
    assert (tmp_path / ".dev" / "config").is_dir()
