"""The screenshot of View ▸ Report: the window on a copy of the news corpus with a few problems
planted (a title garbled by a wrong encoding, a quality written as text, a missing webUrl),
the Report panel open on the mojibake kind, the table searching ``is:mojibake``.

Run (from the checkout; ../shared/corpus/news must exist):
    xvfb-run -a -s "-screen 0 1400x900x24" \\
        .venv/bin/python scripts/screenshots_report.py /tmp/shots
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

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news"

work = Path(tempfile.mkdtemp(prefix="reportshot-"))
os.environ["REVIEWER_CACHE_DIR"] = str(work / "cache")
news = work / "news"
news.mkdir()
for source in sorted(CORPUS.glob("*.md")):
    shutil.copyfile(source, news / source.name)
files = sorted(news.glob("*.md"))


def plant(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, key: str) -> str:
    return next(
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(key)
    )


# Mojibake: two titles as a wrong encoding shows them (’ read as â€™, é as Ã©).
for path in files[10:12]:
    title = line_of(path, "title:")
    garbled = title.replace("Power", "PowerÂ®", 1).replace(" - ", " â€“ ", 1)
    if garbled == title:
        garbled = title[:-1] + " â€“ cafÃ©" + title[-1]
    plant(path, title, garbled)
# A quality written as text.
quality = line_of(files[20], "quality:")
plant(files[20], quality, f'quality: "{quality.split(":", 1)[1].strip()}"')
# A missing webUrl.
plant(files[30], line_of(files[30], "webUrl:") + "\n", "")

app = QApplication([])
settings = Settings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
window = MainWindow(AppContext(settings))
window.resize(1400, 900)
window.show()
window.open_folder(news)
deadline = time.time() + 30
while (window.loader.loading or window.report.busy() or window.report.report is None) and (
    time.time() < deadline
):
    app.processEvents()
    time.sleep(0.02)
window.report.action.trigger()  # View ▸ Report
window.resizeDocks([window.report.dock], [330], Qt.Orientation.Vertical)
window.report.show_kind("mojibake")
findings = window.report.view.findings
if findings.topLevelItemCount():
    findings.setCurrentItem(findings.topLevelItem(0))
    findings.itemActivated.emit(findings.topLevelItem(0), 0)
for _ in range(30):
    app.processEvents()
    time.sleep(0.02)
print("counts", window.report.counts(), "summary", window.report.view.summary.text())
out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
out.mkdir(parents=True, exist_ok=True)
for _attempt in range(5):  # Xvfb may give black at first
    image = window.grab()
    if not image.toImage().isNull() and image.toImage().pixelColor(5, 5).value() > 0:
        break
    app.processEvents()
    time.sleep(0.2)
image.save(str(out / "report.png"))
print("saved", out / "report.png")

dialog = window.report.fix("mojibake")  # Fix Mojibake…: every file's diff before applying
if dialog is not None:
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)
    dialog.grab().save(str(out / "report-fix.png"))
    print("saved", out / "report-fix.png")
    dialog.reject()
for document in window.model.documents():
    document.revert()
