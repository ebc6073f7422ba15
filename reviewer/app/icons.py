"""Icons: plain SVG files in resources/icons, loaded through this one module."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from reviewer.app.resources import resource_dir


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (an SVG file name without extension)."""
    path: Path = resource_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path))


def app_icon() -> QIcon:
    """The application's own icon."""
    return icon("reviewer")
