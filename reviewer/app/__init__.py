"""The desktop app (PySide6). Start it with ``main()``; nothing here runs at import time."""

from __future__ import annotations

from pathlib import Path


def main(folder: Path | None = None, argv: list[str] | None = None) -> int:
    """Run the app until its window closes; return the exit code."""
    from reviewer.app.launch import run

    return run(folder, argv)
