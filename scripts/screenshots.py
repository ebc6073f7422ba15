"""Take the README's screenshots: the real app on a real X server (Xvfb), captured with
ImageMagick's `import` (or, where it is missing, Qt's own QScreen.grabWindow).

Run (from the checkout):
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots.py docs/screenshots
It works on a copy of the bundled samples with settings in a temporary folder, so nothing of
the user's is touched; the window has a first run's size (85 % of the screen, centred), and
each shot is the window's area of the screen (dialogs over it included).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reviewer.app import dialogs, icons
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.resources import samples_dir
from reviewer.app.settings import Settings


def shoot(window: QWidget, target: Path) -> None:
    """Capture the window's area of the X screen into ``target``, once everything is painted."""
    for _ in range(5):
        QApplication.processEvents()
    area = window.frameGeometry()
    if shutil.which("import"):
        crop = f"{area.width()}x{area.height()}+{area.x()}+{area.y()}"
        subprocess.run(["import", "-window", "root", "-crop", crop, str(target)], check=True)
    else:
        screen = window.screen()
        for _attempt in range(20):  # Xvfb sometimes gives black while the window repaints
            shot = screen.grabWindow(0, area.x(), area.y(), area.width(), area.height())
            if not _blank(shot.toImage()):
                break
            time.sleep(0.1)
            QApplication.processEvents()
        if not shot.save(str(target)):
            raise SystemExit(f"could not write {target}")
    print(target)


SITE_CONFIG = """\
title: Example site
baseurl: /example
collections:
  news: {output: true}
  people: {output: true}
  communities: {output: true}
_people_defaults: &people
  category: people
  type: profile
defaults:
  - scope: {path: "_people", type: people}
    values:
      <<: *people
      layout: profile
"""

#: Made-up people for the site screenshot: name, bio, location, affiliation, handle, colour.
PEOPLE = (
    (
        "Ada Byron",
        "Writes about automation and the maths behind it.",
        "London",
        "Analytical Engines",
        "adab",
        "#7e57c2",
    ),
    (
        "Grace Murray",
        "Compilers, COBOL, and teaching teams to ship.",
        "Arlington",
        "Navy Labs",
        "gmurray",
        "#26a69a",
    ),
    (
        "Alan Mathison",
        "Asks whether machines can think; builds them anyway.",
        "Manchester",
        "Computing Lab",
        "amathison",
        "#ef6c00",
    ),
    (
        "Katherine Coleman",
        "Trajectories, checks and double checks.",
        "Hampton",
        "Flight Research",
        "kcoleman",
        "#3949ab",
    ),
    (
        "Edsger Wybe",
        "Structured programs, short notes, long walks.",
        "Austin",
        "Mathematics Dept.",
        "ewybe",
        "#c62828",
    ),
    (
        "Frances Allen",
        "Optimising compilers and parallel code.",
        "New York",
        "Research Centre",
        "fallen",
        "#2e7d32",
    ),
)

PROFILE = """\
---
name: {name}
bio: {bio}
location: {location}
affiliation: {affiliation}
twitter:
  username: {handle}
  url: https://twitter.example/{handle}
  followers: {followers}
images:
  - url: /example/assets/people/{handle}.png
    width: 96
    height: 96
---
"""


def make_site(root: Path, news: Path) -> Path:
    """A small Jekyll site: the samples as its news, made-up profiles (with their pictures in
    the site) and a community, defaults through an anchor and a merge key."""
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    (root / "assets" / "people").mkdir(parents=True)
    shutil.copytree(news, root / "_news")
    (root / "_config.yml").write_text(SITE_CONFIG, encoding="utf-8")
    (root / "_people").mkdir()
    for number, (name, bio, location, affiliation, handle, colour) in enumerate(PEOPLE):
        text = PROFILE.format(
            name=name,
            bio=bio,
            location=location,
            affiliation=affiliation,
            handle=handle,
            followers=1200 - 170 * number,
        )
        (root / "_people" / f"{handle}.md").write_text(text, encoding="utf-8")
        picture = QImage(96, 96, QImage.Format.Format_RGB32)
        picture.fill(QColor(colour))
        painter = QPainter(picture)
        painter.setPen(QColor("white"))
        painter.setFont(QFont("Sans", 34, QFont.Weight.Bold))
        initials = "".join(word[0] for word in name.split()[:2])
        painter.drawText(picture.rect(), 0x84, initials)  # AlignCenter
        painter.end()
        picture.save(str(root / "assets" / "people" / f"{handle}.png"))
    (root / "_communities").mkdir()
    (root / "_communities" / "pioneers.md").write_text(
        "---\nname: Pioneers\nmembers:\n  - Ada Byron\n  - Grace Murray\n---\n", encoding="utf-8"
    )
    return root


def _blank(image: QImage) -> bool:
    """True when a grab came back all one colour (checked on a grid of points)."""
    width, height = image.width(), image.height()
    points = {
        image.pixel(width * x // 8, height * y // 8) for x in range(1, 8) for y in range(1, 8)
    }
    return len(points) <= 1


def main() -> int:  # noqa: C901  # one closure per step of the tour
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="reviewer-shots-"))
    folder = work / "articles"
    shutil.copytree(samples_dir(), folder)
    app = QApplication(sys.argv[:1])
    app.setWindowIcon(icons.app_icon())
    settings = Settings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(AppContext(settings))  # no saved geometry: a first run's size
    window.show()

    def empty() -> None:
        shoot(window, out / "empty.png")
        window.open_folder(folder)

    def select_first() -> None:
        window.select_row(0)

    def loaded() -> None:
        shoot(window, out / "loaded.png")
        window.select_row(2)
        window.toggle_published()
        document = window.current_document()
        assert document is not None
        window.editor.set_value(document, ("title",), document.view.title + " (edited)")
        window.editor.set_value(document, ("topics",), [*document.view.topics, "Accessibility"])

    def editing() -> None:
        shoot(window, out / "editing.png")
        window.detail.tabs.setCurrentWidget(window.detail.changes)

    def changes() -> None:
        shoot(window, out / "changes.png")
        window.detail.tabs.setCurrentIndex(0)
        document = window.current_document()
        assert document is not None
        path = document.path
        path.write_bytes(path.read_bytes().replace(b"quality:", b"quality: 1 #", 1))
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
        QTimer.singleShot(600, conflict_shot)
        window.watcher.check_all()

    def conflict_shot() -> None:
        shoot(window, out / "conflict.png")
        for widget in app.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                widget.reject()

    def search() -> None:
        window.list_pane.filter_edit.setText('topics:="City news" quality:>40')
        window.browse.sidebar.flush()

    def search_shot() -> None:
        shoot(window, out / "search.png")
        window.list_pane.filter_edit.clear()
        window.triage.mode.setChecked(True)

    def triage_shot() -> None:
        shoot(window, out / "triage.png")
        window.triage.mode.setChecked(False)

    def newsletter() -> None:
        for row in range(window.proxy.rowCount()):
            window.select_row(row)
            document = window.current_document()
            if document is not None and document.path.suffix == ".html":
                break
        window.detail.tabs.setCurrentWidget(window.detail.preview)

    def preview_shot() -> None:
        shoot(window, out / "preview.png")
        window.detail.tabs.setCurrentIndex(0)
        for document in window.model.documents():
            document.revert()
        window.editor.undo_stack.clear()
        window.open_folder(make_site(work / "site", folder))

    def profiles() -> None:
        window.site.collection_requested.emit(work / "site" / "_people")

    def select_profile() -> None:
        window.select_row(1)

    def profiles_shot() -> None:
        shoot(window, out / "site-profiles.png")

    def done() -> None:
        for document in window.model.documents():
            document.revert()
        window.close()
        shutil.rmtree(work, ignore_errors=True)
        app.quit()

    steps: list[tuple[int, Callable[[], None]]] = [
        (800, empty),
        (1200, select_first),
        (500, loaded),
        (900, editing),
        (900, changes),
        (2500, search),
        (600, search_shot),
        (800, triage_shot),
        (600, newsletter),
        (800, preview_shot),
        (1500, profiles),
        (1500, select_profile),
        (900, profiles_shot),
        (600, done),
    ]
    delay = 0
    for wait, step in steps:
        delay += wait
        QTimer.singleShot(delay, step)
    dialogs.install_excepthook()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
