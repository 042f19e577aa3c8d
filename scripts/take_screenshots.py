"""Screenshots of every page with the sample county loaded -> docs/screenshots/*.png.

    QT_QPA_PLATFORM=offscreen python scripts/take_screenshots.py

Needs a CJK font (Debian: fonts-wqy-microhei), or every Han character renders as a box.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    """Drive the real window through each page and grab it."""
    from core.demo import generate_county
    from desktop.app import create_application
    from desktop.settings import SettingsStore
    from desktop.smoke import wait_for
    from ui.context import UiContext
    from ui.main_window import MainWindow

    app = create_application()
    base = Path(tempfile.gettempdir()) / "schoolroll-screenshots"
    shutil.rmtree(base, ignore_errors=True)
    county = generate_county(base / "示例县")
    os.chdir(county.out_dir)  # paths in the window read relative to the county folder
    store = SettingsStore(base / "settings.json")
    store.settings.passwords = list(county.passwords)
    store.settings.output_dir = str(county.out_dir / "输出")
    window = MainWindow(UiContext(store=store, open_path=lambda _p: True))
    window.resize(1360, 860)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        app.processEvents()
        window.grab().save(str(OUT / f"{name}.png"))
        print(OUT / f"{name}.png")

    validate = window.validate_view
    validate.add_paths([Path("收件箱")])
    wait_for(validate.job)
    panel = validate.findings
    panel.choose(panel.code, "id-invalid")
    panel.select_row(0)
    shoot("validate")

    view = window.consolidate_view
    window.tabs.setCurrentWidget(view)
    view.inbox.set_text(str(county.inbox))
    view.period.setText(county.period)
    view.out.set_text(str(county.out_dir / "输出" / f"县区汇总_{county.period}.xlsx"))
    view.feedback.set_text(str(county.out_dir / "各校标注副本"))
    view.start()
    wait_for(view.job)
    shoot("consolidate")

    rollup = window.rollup_view
    window.tabs.setCurrentWidget(rollup)
    rollup.inbox.set_text(str(county.out_dir / "输出"))
    rollup.period.setText(county.period)
    rollup.out.set_text(str(county.out_dir / "地市汇总.xlsx"))
    rollup.start()
    wait_for(rollup.job)
    shoot("rollup")

    templates = window.templates_view
    window.tabs.setCurrentWidget(templates)
    templates.folder.set_text(str(county.out_dir / "模板"))
    templates.start()
    wait_for(templates.job)
    shoot("templates")

    window.tabs.setCurrentWidget(window.settings_view)
    shoot("settings")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
