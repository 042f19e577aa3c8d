"""Qt-free functions the child-process tests run (a spawned child imports them by name)."""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path
from typing import Any

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


def note_worker(pid_dir: str, _src: Any, _wb: Any) -> int:
    """A slow per-file job that leaves its worker's pid in pid_dir."""
    Path(pid_dir, f"worker-{os.getpid()}").touch()
    time.sleep(0.2)
    return os.getpid()


def check_in_workers(pid_dir: str, progress: Progress) -> list[int]:
    """Runs 40 files through two worker processes, as a big inbox would."""
    from core.execution import Plan, run_per_file
    from core.reader import Source

    Path(pid_dir, f"child-{os.getpid()}").touch()
    sources = []
    for n in range(40):
        path = Path(pid_dir, f"{n}.txt")
        path.write_text("不是工作簿")
        sources.append(Source.from_path(path))
    job = functools.partial(note_worker, pid_dir)
    return list(run_per_file(job, sources, progress=progress, plan=Plan(workers=2)))
