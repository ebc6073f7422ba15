"""A screenshot of View ▸ Charts: the window on a copy of the corpus's news items with a search
on (the search's rows strong over the whole folder faint), and the dock alone.

Run (from the checkout):
    xvfb-run -a -s "-screen 0 1400x900x24" \
        .venv/bin/python scripts/screenshots_charts.py /tmp/shots

Writes charts.png (the dock) and charts-window.png (the whole window) to the folder given.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "news"
SEARCH = "portals OR dataverse OR copilot"


def wait(app: QApplication, done: object, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while not done() and time.time() < deadline:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.02)
    for _ in range(20):
        app.processEvents()


def main(out: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="chartshot-"))
    os.environ["REVIEWER_CACHE_DIR"] = str(work / "cache")
    news = work / "news"
    news.mkdir()
    for path in sorted(CORPUS.iterdir()):
        if path.is_file():
            shutil.copyfile(path, news / path.name)
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication([])
    settings = Settings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(AppContext(settings))
    window.resize(1400, 900)
    window.show()
    window.open_folder(news)
    wait(app, lambda: not window.loader.loading)
    window.charts.action.trigger()  # View ▸ Charts
    window.resizeDocks([window.charts.dock], [520], Qt.Orientation.Vertical)
    wait(app, lambda: window.charts.data() is not None and not window.charts.pending())
    window.list_pane.filter_edit.setText(SEARCH)
    wait(app, lambda: not window.charts.pending() and bool(window.charts.data().narrowed))
    window.charts.view.grab().save(str(out / "charts.png"))
    window.grab().save(str(out / "charts-window.png"))
    window.close()
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {out / 'charts.png'} and {out / 'charts-window.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots"))
