"""Qt-free functions the child-process tests run (a spawned child imports them by name)."""

from __future__ import annotations

import time

from core.progress import Progress


def count_files(n: int, progress: Progress) -> list[str]:
    """Reports a step per file and returns the names."""
    names = [f"学校{i}.xlsx" for i in range(n)]
    for i, name in enumerate(names):
        progress.step(i, n, name)
    return names


def run_until_cancelled(progress: Progress) -> str:
    """Steps every 20 ms for up to a minute."""
    for i in range(3000):
        progress.step(i, 3000, "慢")
        time.sleep(0.02)
    return "不该完成"


def fail(_progress: Progress) -> None:
    """A bug in the engine."""
    raise KeyError("no-such-code")
