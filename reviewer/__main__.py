"""Entry points: ``reviewer`` (console) and ``reviewer-gui`` (desktop app).

``reviewer COMMAND ...`` or ``reviewer --option`` runs the command line, which never imports
Qt; ``reviewer [FOLDER]`` starts the desktop app, imported only then.

``REVIEWER_SMOKE_MS=N`` in the environment turns the app into a self-check for the packaging
tests and the benchmarks: once the main window is shown and its folder loaded, one ``smoke:
ready ms=...`` line goes to stdout; once every structure the window derives from the rows
(search records, facet counts, likely duplicates...: ``MainWindow.derived_idle``) is
complete, one ``smoke: idle ms=...`` line (both counted from when the app was armed); and
N ms after that, the window is closed as a user would close it, so a healthy app exits with
status 0 (3 when no main window is ready within a minute, 5 when it is not idle within a
minute after that, 4 when it will not close). With ``REVIEWER_SMOKE_DOCKS=1`` too, the
Charts and Report docks are shown once the window is ready, and idle waits for them.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.cli.commands import COMMANDS
from reviewer.cli.console import USAGE
from reviewer.core.safetext import escape

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMainWindow


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line, or start the desktop app when no command is given."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in COMMANDS or args[0].startswith("-")):
        return run_cli(args)
    if len(args) > 1:
        _error(f"reviewer: error: expected one folder, got {len(args)} arguments (see --help)")
        return USAGE
    folder = Path(args[0]) if args else None
    if folder is not None and not folder.is_dir():
        reason = "not a folder" if folder.exists() else "no such folder"
        _error(f"reviewer: error: {folder}: {reason}")
        return USAGE
    return start_gui(folder)


def gui_main() -> int:
    """Start the desktop app on the folder given as the first argument, if any.

    The folder is not checked here: without a console an error would go unseen, so the
    app reports it in its window.
    """
    return start_gui(Path(sys.argv[1]) if len(sys.argv) > 1 else None)


SMOKE_ENV = "REVIEWER_SMOKE_MS"
#: Set (to anything but "") with SMOKE_ENV: the smoke check also shows these docks once the
#: window is ready, so that idle waits for them (a packaged app proves it can draw charts).
SMOKE_DOCKS_ENV = "REVIEWER_SMOKE_DOCKS"
SMOKE_DOCKS = ("report", "view_charts")
SMOKE_TIMEOUT_MS = 60_000


def start_gui(folder: Path | None) -> int:
    """Import the desktop app (and so Qt) now, and run it."""
    smoke = os.environ.get(SMOKE_ENV)
    if smoke is not None and not smoke.isdigit():
        _error(f"reviewer: error: {SMOKE_ENV} must be a number of milliseconds, not {smoke!r}")
        return USAGE
    problem = missing_display()
    if problem is not None:
        for line in problem.splitlines():
            _error(line)
        return USAGE
    try:
        # Looked up by name: Qt is imported only here, and only when the app is asked for.
        app_main = importlib.import_module("reviewer.app").main
    except ImportError as exc:
        return _gui_missing(f"{exc.name or 'reviewer.app'} could not be imported ({exc})")
    except AttributeError:
        return _gui_missing("reviewer.app has no main()")
    if smoke is not None:
        _arm_smoke(int(smoke), folder)
    return int(app_main(folder))


def missing_display(environ: dict[str, str] | None = None) -> str | None:
    """Why the desktop app cannot start here, or None: on Linux and the BSDs with no X or
    Wayland display and no Qt platform chosen, Qt would abort with a message about its xcb
    plugin (and libxcb-cursor0) that does not say what is really missing."""
    env = os.environ if environ is None else environ
    if sys.platform in ("win32", "darwin") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "reviewer: error: no display to open the window on (DISPLAY and WAYLAND_DISPLAY are "
        "not set).\nRun it in a desktop session, set DISPLAY, or use a virtual screen: "
        "xvfb-run -a reviewer [FOLDER]\nThe command line needs no display: reviewer --help"
    )


def _arm_smoke(delay_ms: int, folder: Path | None) -> None:
    """Watch for the main window (see the module docstring); the app itself is unchanged."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # the app's run() reuses it
    timer = QTimer(app)
    timer.setInterval(20)
    check = _SmokeCheck(delay_ms, folder, timer)
    timer.timeout.connect(lambda: check.tick())  # the lambda keeps the check alive
    timer.start()


def _raise_dock(window: QMainWindow, name: str) -> None:
    from PySide6.QtWidgets import QDockWidget

    dock = window.findChild(QDockWidget, name)
    if dock is not None:
        dock.raise_()


def _docks(window: QMainWindow) -> str:
    """ " docks=Charts,Report": the docks the smoke check showed and that built their
    contents, when it shows them (REVIEWER_SMOKE_DOCKS); "" otherwise."""
    if not os.environ.get(SMOKE_DOCKS_ENV):
        return ""
    from PySide6.QtWidgets import QDockWidget

    shown = [
        d.windowTitle()
        for d in window.findChildren(QDockWidget)
        if d.toggleViewAction().isChecked()
    ]
    charts = "drawn" if "pyqtgraph" in sys.modules else "not drawn"  # imported on first show
    return f" docks={','.join(sorted(shown))} charts={charts}"


class _SmokeCheck:
    """The smoke mode's watch: ready, then idle, then closed ``delay_ms`` after idle."""

    def __init__(self, delay_ms: int, folder: Path | None, timer: QTimer) -> None:
        from PySide6.QtCore import QElapsedTimer

        self.delay_ms = delay_ms
        self.folder = folder
        self.timer = timer
        self.clock = QElapsedTimer()
        self.clock.start()
        self.ready_at: int | None = None
        self.idle_at: int | None = None

    def tick(self) -> None:
        from PySide6.QtWidgets import QApplication, QMainWindow

        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMainWindow) and w.isVisible()
        ]
        window = windows[0] if windows else None
        if self.ready_at is None:
            self.ready(window)
        elif self.idle_at is None:
            self.idle(window)
        elif self.clock.elapsed() - self.idle_at >= self.delay_ms:
            self.timer.stop()
            if not all([w.close() for w in windows]):
                self.fail(4, "smoke: the main window refused to close")

    def ready(self, window: QMainWindow | None) -> None:
        """Say so once ``window`` has opened its folder (if given) and finished loading."""
        opened = self.folder is None or getattr(window, "folder", self.folder) is not None
        if window is not None and opened and not getattr(window, "loading", False):
            self.ready_at = self.clock.elapsed()
            print(f"smoke: ready ms={self.ready_at} {_described(window)}", flush=True)
            from reviewer.app.mainwindow import MainWindow

            if isinstance(window, MainWindow):  # the moment it happens, not at the next tick
                window.derived_idle.connect(lambda: self.idle(window))
                if os.environ.get(SMOKE_DOCKS_ENV):  # the docks too: the charts, the report
                    for action_id in SMOKE_DOCKS:
                        action = window.context.actions.action(action_id)
                        if not action.isChecked():
                            action.trigger()  # as the menu does (a dock follows its trigger)
                    _raise_dock(window, "charts-dock")  # in front of the report's tab
        elif self.clock.elapsed() > SMOKE_TIMEOUT_MS:
            self.fail(3, f"smoke: no main window ready after {SMOKE_TIMEOUT_MS} ms")

    def idle(self, window: QMainWindow | None) -> None:
        """Say so once ``window``'s derived structures are all complete."""
        if self.ready_at is None or self.idle_at is not None:
            return
        if window is not None and window_idle(window):
            self.idle_at = self.clock.elapsed()
            print(f"smoke: idle ms={self.idle_at}{_docks(window)}", flush=True)
        elif self.clock.elapsed() - self.ready_at > SMOKE_TIMEOUT_MS:
            self.fail(5, f"smoke: the main window is not idle {SMOKE_TIMEOUT_MS} ms after ready")

    def fail(self, status: int, message: str) -> None:
        from PySide6.QtWidgets import QApplication

        self.timer.stop()
        _error(message)
        QApplication.exit(status)


def _described(window: QMainWindow) -> str:
    """The ready line's account of ``window``: platform, size, rows listed, title."""
    from PySide6.QtWidgets import QApplication, QTableView

    tables = window.findChildren(QTableView)
    rows = tables[0].model().rowCount() if tables else 0
    return (
        f"platform={QApplication.platformName()} size={window.width()}x{window.height()}"
        f" rows={rows} title={window.windowTitle()!r}"
    )


def window_idle(window: QMainWindow) -> bool:
    """True when ``window`` has every structure it derives from its rows complete
    (``MainWindow.is_idle``; another kind of main window has none)."""
    from reviewer.app.mainwindow import MainWindow

    return not isinstance(window, MainWindow) or window.is_idle()


def run_cli(args: list[str]) -> int:
    """Run a command; survive consoles that cannot show every character and closed pipes."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            # A title with an emoji must not crash a listing on a legacy console encoding.
            stream.reconfigure(errors="backslashreplace")
    from reviewer.cli.main import run  # only now: the desktop app's start does without it

    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`reviewer list . | head`): silence the final flush.
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1


def _gui_missing(reason: str) -> int:
    _error(
        f"reviewer: cannot start the desktop app: {reason}. "
        "The command line works without it: reviewer --help"
    )
    return USAGE


def _error(message: str) -> None:
    if sys.stderr is not None:  # None under pythonw (no console)
        sys.stderr.write(escape(message) + "\n")  # it may quote a folder name


if __name__ == "__main__":
    sys.exit(main())
