"""Entry points: ``reviewer`` (console) and ``reviewer-gui`` (desktop app).

``reviewer COMMAND ...`` or ``reviewer --option`` runs the command line, which never imports
Qt; ``reviewer [FOLDER]`` starts the desktop app, imported only then.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from reviewer.cli import COMMANDS, run
from reviewer.cli.console import USAGE


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


def start_gui(folder: Path | None) -> int:
    """Import the desktop app (and so Qt) now, and run it."""
    try:
        # Looked up by name: Qt is imported only here, and only when the app is asked for.
        app_main = importlib.import_module("reviewer.app").main
    except ImportError as exc:
        return _gui_missing(f"{exc.name or 'reviewer.app'} could not be imported ({exc})")
    except AttributeError:
        return _gui_missing("reviewer.app has no main()")
    return int(app_main(folder))


def run_cli(args: list[str]) -> int:
    """Run a command; survive consoles that cannot show every character and closed pipes."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            # A title with an emoji must not crash a listing on a legacy console encoding.
            stream.reconfigure(errors="backslashreplace")
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
        sys.stderr.write(message + "\n")


if __name__ == "__main__":
    sys.exit(main())
