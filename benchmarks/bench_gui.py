"""GUI benchmark: launch-to-window time, and the longest event-loop stall during a big run.

    python benchmarks/bench_gui.py [--schools 300] [--students 330] [--county DIR] [--launches 5]

Start-up: `python -m desktop --dev --quit-when-shown` in a subprocess, wall time from spawn to
the line it prints once the window is shown (includes the interpreter start).
Stall: in this process, the real window consolidates (and validates) a generated county while a
10 ms QTimer records the gaps between its ticks; the longest gap is the longest time the window
could not repaint. Goal: under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def measure_startup(launches: int) -> dict[str, float | bool]:
    """Median and best wall time from spawning the GUI process to its window being shown."""
    times, in_process, pandas = [], [], False
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as cwd:
        for _ in range(launches):
            started = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "desktop", "--dev", "--quit-when-shown"],
                cwd=cwd,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert proc.stdout is not None
            line = proc.stdout.readline()
            times.append(time.perf_counter() - started)
            proc.wait(timeout=60)
            _, seconds, flag = line.split()
            in_process.append(float(seconds))
            pandas = pandas or flag == "pandas=True"
    return {
        "startup_median_s": statistics.median(times),
        "startup_best_s": min(times),
        "startup_after_app_import_median_s": statistics.median(in_process),
        "pandas_loaded_before_shown": pandas,
    }


class GapMeter:
    """Ticks every 10 ms on the UI thread and keeps the gaps between ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.on_tick)

    def start(self) -> None:
        """Begin measuring."""
        self.gaps.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def on_tick(self) -> None:
        """Record the time since the previous tick."""
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def stop(self) -> dict[str, float]:
        """Stop; the longest gap, the 99th percentile and how many exceeded 100 ms."""
        self.timer.stop()
        gaps = sorted(self.gaps) or [0.0]
        return {
            "max_ms": gaps[-1] * 1000,
            "p99_ms": gaps[int(len(gaps) * 0.99)] * 1000,
            "over_100ms": sum(g > 0.1 for g in gaps),
            "ticks": len(gaps),
        }


def measure_stall(county_dir: Path, schools: int, students: int) -> dict[str, object]:
    """Run validation and consolidation in the real window with the gap meter on."""
    from desktop.app import create_application
    from desktop.settings import SettingsStore
    from desktop.smoke import wait_for
    from ui.context import UiContext
    from ui.main_window import MainWindow

    app = create_application()
    county = _county(county_dir, schools, students)
    tmp = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    store = SettingsStore(tmp / "settings.json")
    store.settings.passwords = list(county["passwords"])
    window = MainWindow(UiContext(store=store, open_path=lambda _p: True))
    window.show()
    app.processEvents()
    meter, results = GapMeter(), {}
    view = window.consolidate_view
    view.inbox.set_text(str(county["inbox"]))
    view.period.setText(county["period"])
    view.out.set_text(str(tmp / "县区汇总.xlsx"))
    meter.start()
    started = time.perf_counter()
    view.start()
    wait_for(view.job, 3600)
    results["consolidate"] = {
        **meter.stop(),
        "seconds": time.perf_counter() - started,
        "accepted": len(view.result.accepted) if view.result else None,
    }
    meter.start()
    started = time.perf_counter()
    window.validate_view.add_paths([county["inbox"]])
    wait_for(window.validate_view.job, 3600)
    results["validate"] = {
        **meter.stop(),
        "seconds": time.perf_counter() - started,
        "files": len(window.validate_view.files_model.reports()),
    }
    window.close()
    return results


def _county(county_dir: Path, schools: int, students: int) -> dict[str, object]:
    key = county_dir / "answer_key.json"
    if not key.exists():
        from core.demo import generate_county

        started = time.perf_counter()
        generate_county(county_dir, schools=schools, students=students)
        print(
            f"generated {schools} schools in {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
    data = json.loads(key.read_text("utf-8"))
    return {
        "inbox": county_dir / "收件箱",
        "period": data["period"],
        "passwords": data["passwords"],
    }


def main() -> int:
    """Run both measurements and print them as JSON."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--schools", type=int, default=300)
    p.add_argument("--students", type=int, default=330)
    p.add_argument("--county", type=Path, help="reuse (or create) the county in this folder")
    p.add_argument("--launches", type=int, default=5)
    p.add_argument("--skip-stall", action="store_true")
    args = p.parse_args()
    report: dict[str, object] = {"startup": measure_startup(args.launches)}
    if not args.skip_stall:
        county = args.county or Path(tempfile.mkdtemp(prefix="bench-county-"))
        report["stall"] = measure_stall(county, args.schools, args.students)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
