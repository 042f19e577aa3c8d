"""`schoolroll gui --smoke-test`: the real window validates and consolidates the sample county."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("platform", "shown"), [(None, "offscreen"), ("minimal", "minimal")])
def test_smoke_test_prints_one_line_and_exits_0(
    tmp_path: Path, platform: str | None, shown: str
) -> None:
    schoolroll = Path(sys.executable).with_name("schoolroll")
    # Unset it goes offscreen; a platform the caller names is the one used (CI: xcb, windows).
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    if platform:
        env["QT_QPA_PLATFORM"] = platform
    out = subprocess.run(
        [str(schoolroll), "gui", "--smoke-test", "--dev"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1
    assert re.fullmatch(
        r"自检通过：校验 \d+ 个文件（\d+ 条问题），汇总 \d+ 所学校，县区汇总工作簿已写出，"
        rf"用时 [\d.]+ 秒（Qt 平台 {shown}，(UTF-8 模式|编码 \S+)）",
        lines[0],
    ), lines[0]
    assert out.stderr == ""
    log = (tmp_path / ".dev" / "logs" / "schoolroll.log").read_text("utf-8")
    assert "job consolidate done" in log
