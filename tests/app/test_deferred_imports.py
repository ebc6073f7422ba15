"""The first window does not import what it does not show: the modules behind features that
are hidden at the start (the Preview tab, the report's checks and fixes, the merge behind
git's conflicts, the remote image fetcher, the triage card) are imported when first used.

Each check runs a fresh interpreter (``sys.modules`` of this one holds every module the other
tests imported): a MainWindow opens a small folder, and the modules imported when its load has
finished, and once every structure derived from the rows is complete, are compared with the
lists below.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Imported by no plain start, even once the window is idle: each only when its feature is used.
NEVER_AT_START = (
    "reviewer.app.detail.preview",  # the Preview tab, when first shown
    "reviewer.app.report.fix",  # the report's Fix…
    "reviewer.core.merge",  # git's conflicts, when a shown file has markers
    "reviewer.workspace.mergefile",
    "reviewer.core.images.fetch",  # the first remote image (urllib, http)
    "urllib.request",
)
#: Imported only once the rows are in (or later): the report's checks (its worker, after the
#: load), the Fields tab's form (the first document shown, or the folder's fields inferred),
#: dateutil's parser, the parse pool's multiprocessing.
NOT_BEFORE_ROWS = (
    "reviewer.core.report",
    "reviewer.core.report.checks",
    "reviewer.app.detail.fieldform",
    "reviewer.app.detail.fields",
    "reviewer.app.detail.tagedit",
    "dateutil.parser",  # the first date written as text (these files' dates are timestamps)
    "multiprocessing",  # the parse pool, for many new files (a few are parsed in-process)
)

SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QDeadlineTimer, QEventLoop, QSettings
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.settings import Settings

folder, ini = Path(sys.argv[1]), sys.argv[2]
window = MainWindow(AppContext(Settings(QSettings(ini, QSettings.Format.IniFormat))))
window.show()
at_rows = []  # the modules when the load has finished (after the window's own slots)
window.loader.finished.connect(lambda *_: at_rows.append(sorted(sys.modules)))
window.open_folder(folder)


def wait(done):
    deadline = QDeadlineTimer(60_000)
    while not done():
        assert not deadline.hasExpired(), "timed out"
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


wait(lambda: bool(at_rows) and not window.loading)
ready = at_rows[0]
wait(window.is_idle)
idle = sorted(sys.modules)
index = window.detail.tabs.indexOf(window.detail.preview)  # the tab, asked for: made now
window.detail.tabs.setCurrentIndex(index)
preview = "reviewer.app.detail.preview" in sys.modules
preview = preview and window.detail.tabs.currentWidget() is window.detail.preview
rows = window.model.rowCount()
print(json.dumps({"ready": ready, "idle": idle, "preview": preview, "rows": rows}))
window.close()
"""


@pytest.fixture
def started(tmp_path: Path, make_article: Callable[..., Path]) -> dict[str, object]:
    """What a MainWindow that opened a folder of three articles had imported."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for slug in ("alpha-story", "bravo-story", "charlie-story"):
        make_article(folder, slug)
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "REVIEWER_CACHE_DIR": str(tmp_path / "index-cache"),
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "home" / ".config"),
        "XDG_CACHE_HOME": str(tmp_path / "home" / ".cache"),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), str(tmp_path / "settings.ini")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    assert found["rows"] == 3
    return found


def test_a_plain_start_imports_no_hidden_feature(started: dict[str, object]) -> None:
    ready, idle = set(started["ready"]), set(started["idle"])  # type: ignore[call-overload]
    assert "reviewer.app.mainwindow" in ready
    assert not [name for name in NEVER_AT_START if name in idle]
    assert not [name for name in NOT_BEFORE_ROWS if name in ready]
    assert "reviewer.core.report" in idle  # the report came once the rows were in


def test_the_preview_tab_comes_when_shown(started: dict[str, object]) -> None:
    assert started["preview"] is True
