"""Starting the app: the application object, the settings, the first folder."""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication

from reviewer import __version__
from reviewer.app import dialogs, icons
from reviewer.app import settings as options
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.resources import samples_dir
from reviewer.app.settings import Settings


def initial_folder(settings: Settings, folder: Path | None) -> Path | None:
    """The folder to open: the one given, else the last one, else the samples on a first run."""
    if folder is not None:
        return folder
    last = settings.get(options.LAST_FOLDER)
    if last and Path(last).is_dir():
        return Path(last)
    if not settings.get(options.FIRST_RUN_DONE) and samples_dir().is_dir():
        return writable_samples()
    return None


def writable_samples() -> Path:
    """A copy of the bundled samples the user may edit (the bundle itself stays pristine)."""
    data = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    target = data / "samples"
    if not target.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(samples_dir(), target)
    return target


def create_window(context: AppContext, folder: Path | None) -> MainWindow:
    """Build the main window and start opening the initial folder."""
    window = MainWindow(context)
    window.setWindowIcon(icons.app_icon())
    start = initial_folder(context.settings, folder)
    context.settings.set(options.FIRST_RUN_DONE, True)
    if start is not None:
        QTimer.singleShot(0, lambda: window.open_folder(start))
    return window


def run(folder: Path | None = None, argv: list[str] | None = None) -> int:
    """Run the app until its window closes; return the exit code."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("reviewer")
    app.setApplicationName("reviewer")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("reviewer")
    app.setWindowIcon(icons.app_icon())
    dialogs.install_excepthook()
    context = AppContext(Settings(QSettings()))
    window = create_window(context, folder)
    window.show()
    return app.exec()
