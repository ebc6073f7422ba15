"""The README's screenshot of git status: the window on a small git repository of the samples
with modified, staged and untracked rows (the Git column, the sidebar's Git group, the branch).

Run (from the checkout):
    xvfb-run -a -s "-screen 0 1400x900x24" \
        .venv/bin/python scripts/screenshots_git_status.py docs/screenshots
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.resources import samples_dir
from reviewer.app.settings import Settings
from reviewer.app.table.columns import Column

work = Path(tempfile.mkdtemp(prefix="gitshot-"))
os.environ["HOME"] = str(work)
os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
os.environ["REVIEWER_CACHE_DIR"] = str(work / "cache")
(work / ".gitconfig").write_text(
    "[user]\n\tname = Ed\n\temail = ed@example.com\n[init]\n\tdefaultBranch = main\n"
)


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


bare = work / "remote.git"
git(work, "init", "-q", "--bare", "-b", "main", str(bare))
repo = work / "site"
git(work, "clone", "-q", str(bare), str(repo))
news = repo / "news"
shutil.copytree(samples_dir(), news, ignore=shutil.ignore_patterns("broken*"))
git(repo, "add", "-A")
git(repo, "commit", "-qm", "initial")
git(repo, "push", "-q", "origin", "main")
files = sorted(p for p in news.glob("*.md"))


def bump(path, old, new):
    t = path.read_text()
    path.write_text(t.replace(old, new, 1) if old in t else t.replace("---\n", f"---\n{new}\n", 1))


for f in files[:2]:
    bump(f, "heat:", "heat: 9\nheat_old:")  # modified
bump(files[2], "title:", "title:")
git(repo, "commit", "--allow-empty", "-qm", "local work")
f3 = files[3]
f3.write_text(f3.read_text().replace("---\n", "---\nreviewed: true\n", 1))
git(repo, "add", str(f3))
new = news / "fresh-story.md"
new.write_text(files[4].read_text().replace("title:", "title: A fresh story #", 1))

app = QApplication([])
settings = Settings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
window = MainWindow(AppContext(settings))
window.show()
window.open_folder(news)
deadline = time.time() + 20
while (
    window.loader.loading or window.git_status.busy() or not window.git_status.available
) and time.time() < deadline:
    app.processEvents()
    time.sleep(0.02)
window.table.sortByColumn(Column.GIT, Qt.SortOrder.DescendingOrder)
window.browse.flush()
window.git_status.flush()
for _ in range(20):
    app.processEvents()
    time.sleep(0.02)
print("reason", repr(window.git_status.reason), "label", window.git_status.label.text())
out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
out.mkdir(parents=True, exist_ok=True)
window.grab().save(str(out / "git-status.png"))
print("saved")
