"""The command line: list, show, check and edit article files without the desktop app.

Nothing here imports Qt.
"""

from reviewer.cli.main import COMMANDS, build_parser, run

__all__ = ["COMMANDS", "build_parser", "run"]
