"""The README's screenshots of Git ▸ Commit… and of a field conflict being resolved, on two
clones of a small repository of our own.

Run (from the checkout):
    xvfb-run -a -s "-screen 0 1400x900x24" \
        .venv/bin/python scripts/screenshots_git.py docs/screenshots
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.settings import Settings
from reviewer.workspace.git import setup_merge_driver

TMP = Path(tempfile.mkdtemp(prefix="shots-git-"))
HOME = TMP / "home"
HOME.mkdir()
(HOME / ".gitconfig").write_text(
    "[user]\n\tname = Test Editor\n\temail = editor@example.com\n[init]\n\tdefaultBranch = main\n"
)
os.environ.update(HOME=str(HOME), GIT_CONFIG_NOSYSTEM="1", XDG_CONFIG_HOME=str(HOME / ".config"))
os.environ["REVIEWER_CACHE_DIR"] = str(TMP / "cache")

ARTICLE = """---
title: "{title}"
excerpt: "About {title}"
publishedDateTime: {date}
originalUrl: "https://example.org/{slug}"
type: article
quality: {quality}
heat: 3
published: {published}
provider:
  name: {provider}
  domain: example.org
topics:
  - {topic}
---
{body}
"""

STORIES = [
    (
        "bike-share",
        "Bike share goes electric",
        "2024-03-01T08:00:00Z",
        70,
        "false",
        "City News",
        "Transport",
    ),
    (
        "zebra-crossings",
        "Zebra crossings return",
        "2024-03-02T08:00:00Z",
        60,
        "false",
        "Street Post",
        "Cities",
    ),
    (
        "river-walk",
        "A new river walk opens",
        "2024-03-03T08:00:00Z",
        40,
        "true",
        "Green Times",
        "Parks",
    ),
    (
        "night-buses",
        "Night buses every ten minutes",
        "2024-03-04T08:00:00Z",
        55,
        "true",
        "City News",
        "Transport",
    ),
    (
        "library-hours",
        "Libraries open on Sundays",
        "2024-03-05T08:00:00Z",
        80,
        "false",
        "The Reader",
        "Culture",
    ),
]


def git(cwd: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check and done.returncode:
        raise SystemExit(f"git {args}: {done.stderr}")
    return done.stdout + done.stderr


def text(
    slug: str, title: str, date: str, quality: int, published: str, provider: str, topic: str
) -> str:
    return ARTICLE.format(
        slug=slug,
        title=title,
        date=date,
        quality=quality,
        published=published,
        provider=provider,
        topic=topic,
        body=f"The story of {title.lower()}.",
    )


def seed(repo: Path) -> None:
    (repo / "_news").mkdir(parents=True)
    for story in STORIES:
        (repo / "_news" / f"{story[0]}.md").write_text(text(*story))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")


def window_for(folder: Path) -> MainWindow:
    settings = Settings(
        QSettings(str(TMP / f"settings-{folder.parent.name}.ini"), QSettings.Format.IniFormat)
    )
    window = MainWindow(AppContext(settings))
    window.resize(1300, 800)
    window.show()
    window.open_folder(folder)
    wait(lambda: not window.loading)
    return window


def wait(done, limit: float = 20.0) -> None:
    import time

    end = time.monotonic() + limit
    while not done():
        QApplication.processEvents()
        time.sleep(0.01)
        if time.monotonic() > end:
            raise SystemExit("timed out")
    for _ in range(10):
        QApplication.processEvents()


def composite(window: QWidget, dialog: QWidget, target: Path) -> None:
    for _ in range(10):
        QApplication.processEvents()
    base = window.grab()
    top = dialog.grab()
    painter = QPainter(base)
    x = (base.width() - top.width()) // 2
    y = max((base.height() - top.height()) // 2, 0)
    painter.fillRect(0, 0, base.width(), base.height(), QColor(0, 0, 0, 70))
    painter.drawPixmap(x, y, top)
    painter.end()
    base.save(str(target))
    dialog.grab().save(str(target.with_name(target.stem + "-dialog.png")))
    print(target)


def commit_shot(out: Path) -> None:
    repo = TMP / "site"
    git(TMP, "init", "-q", "-b", "main", str(repo))
    seed(repo)
    news = repo / "_news"
    for slug, old, new in (
        ("bike-share", "published: false", "published: true"),
        ("library-hours", "published: false", "published: true"),
        ("night-buses", "heat: 3", "heat: 5"),
    ):
        path = news / f"{slug}.md"
        path.write_text(path.read_text().replace(old, new))
    path = news / "river-walk.md"
    path.write_text(
        path.read_text()
        .replace("published: true", "published: false")
        .replace("quality: 40", "quality: 20")
    )
    window = window_for(news)
    wait(lambda: window.git_commit.action.isEnabled())
    window.git_commit.action.trigger()
    wait(lambda: window.git_commit.dialog is not None)
    dialog = window.git_commit.dialog
    assert dialog is not None
    dialog.set_checked("river-walk.md", False)
    composite(window, dialog, out / "git-commit.png")
    dialog.reject()
    window.close()


def conflict_shot(out: Path) -> None:
    bare = TMP / "remote.git"
    git(TMP, "init", "-q", "--bare", "-b", "main", str(bare))
    a, b = TMP / "a", TMP / "b"
    git(TMP, "clone", "-q", str(bare), str(a))
    seed(a)
    git(a, "push", "-q", "origin", "main")
    git(TMP, "clone", "-q", str(bare), str(b))
    za, zb = a / "_news" / "zebra-crossings.md", b / "_news" / "zebra-crossings.md"
    za.write_text(
        za.read_text()
        .replace("Zebra crossings return", "The zebra crossings are back")
        .replace("published: false", "published: true")
    )
    git(a, "commit", "-qam", "theirs")
    git(a, "push", "-q")
    zb.write_text(
        zb.read_text()
        .replace("Zebra crossings return", "Zebra crossings return to Main Street")
        .replace("quality: 60", "quality: 75")
        .replace("  - Cities", "  - Cities\n  - Safety")
    )
    zb.write_text(
        zb.read_text().replace("topics:\n  - Cities\n  - Safety", "topics:\n  - Cities\n  - Safety")
    )
    git(b, "commit", "-qam", "ours")
    setup_merge_driver(b)
    git(b, "fetch", "-q")
    print(git(b, "merge", "--no-edit", "origin/main", check=False))
    window = window_for(b / "_news")
    document = window.workspace.document(zb)
    assert document is not None
    window.selection.select_documents([document])
    wait(lambda: window.git_conflicts.banner.isVisible())
    window.grab().save(str(out / "git-conflict-banner.png"))
    dialog = window.git_conflicts.resolve()
    assert dialog is not None
    dialog.rows["title"].show_editor()
    composite(window, dialog, out / "git-conflict.png")
    dialog.rows["title"].buttons["theirs"].click()
    for _ in range(20):
        QApplication.processEvents()
    window.grab().save(str(out / "git-conflict-after.png"))
    print(window.status.currentMessage())
    print(git(b, "status", "--short"))
    window.close()


def main() -> int:
    app = QApplication(sys.argv)
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    commit_shot(out)
    conflict_shot(out)
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
