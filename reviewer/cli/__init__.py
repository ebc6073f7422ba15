"""The command line: list, show, check and edit article files without the desktop app.

Nothing here imports Qt. ``build_parser`` and ``run`` come from ``cli/main.py``, imported
when first asked for: the desktop app's start imports only ``cli/commands.py`` (the
``COMMANDS`` names) to tell a command from a folder.
"""

from __future__ import annotations

from typing import Any

__all__ = ["COMMANDS", "build_parser", "run"]


def __getattr__(name: str) -> Any:
    if name == "COMMANDS":
        from reviewer.cli.commands import COMMANDS

        return COMMANDS
    if name in __all__:
        from reviewer.cli import main

        return getattr(main, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
