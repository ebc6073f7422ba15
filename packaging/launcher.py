"""The bundle's entry point (PyInstaller runs this file as the program's main script).

An executable whose name ends in ``-gui`` (Windows' reviewer-gui.exe) or that runs inside a
macOS .app starts the desktop app like ``reviewer-gui``; any other is the ``reviewer``
command, command line and app in one, as installed by pip.

``freeze_support()`` first: where worker processes are spawned (Windows, macOS), each one is
this executable started again, and must run the worker, not the app.
"""

import multiprocessing
import sys
from pathlib import Path

from reviewer.__main__ import gui_main, main


def windowed() -> bool:
    """Whether this executable is the windowed one, which has no console to print on."""
    executable = Path(sys.executable)
    return executable.stem.lower().endswith("-gui") or ".app/Contents/MacOS" in str(executable)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(gui_main() if windowed() else main())
