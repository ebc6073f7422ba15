"""What every command is handed: where to write, how wide the terminal is, and usage errors.

Every line written through a Console, and every usage error, has the control and direction
characters of the text it quotes (a file's name, title or error) escaped (``\\x1b``, ``\\n``,
``\\u202e``: see ``reviewer.core.safetext``), so a file cannot reach the terminal's escape
sequences or print a line of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from reviewer.core.safetext import escape, escape_lines

#: Exit statuses.
OK = 0
FILE_PROBLEM = 1
USAGE = 2


class UsageError(Exception):
    """The command line asks for something impossible (exit status 2).

    ``detail`` is printed on the lines after the message (a search with its problem marked).
    Both are kept with their control characters escaped: they may quote a path or a search.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(escape(message))
        self.detail = escape_lines(detail)


@dataclass(frozen=True)
class Console:
    """The output streams of one run and the width tables should fit."""

    out: IO[str]
    err: IO[str]
    width: int = 100

    def say(self, line: str) -> None:
        """Write one line to standard output (control characters escaped: one line it is)."""
        self.out.write(escape(line) + "\n")

    def problem(self, path: object, reason: str) -> None:
        """Report a problem with one file on standard error as ``path: reason`` (escaped)."""
        self.err.write(escape(f"{path}: {reason}") + "\n")

    def warn(self, command: str, message: str) -> None:
        """A warning on standard error: ``reviewer COMMAND: warning: message`` (escaped)."""
        self.err.write(escape(f"reviewer {command}: warning: {message}") + "\n")


def existing_folder(text: str) -> Path:
    """``text`` as a folder path; UsageError when it is missing or not a folder."""
    folder = Path(text)
    if not folder.exists():
        raise UsageError(f"{text}: no such folder")
    if not folder.is_dir():
        raise UsageError(f"{text}: not a folder")
    return folder
