"""The one way reviewer shows a change to a file: a unified diff of its text lines.

Every view of a change (the Changes tab, the bulk edit's preview, the conflict dialog's
"theirs and mine", ``--dry-run``) goes through ``unified``, so each shows a file the same
way: decoded as UTF-8 (undecodable bytes replaced), a byte order mark dropped, and lines
split at CRLF, LF or a lone CR with the ending left out, so a CRLF file reads like any other
and a one-line change is a one-line diff whatever the line endings.
"""

from __future__ import annotations

import difflib
import re

_LINE_END = re.compile(r"\r\n|\n|\r")


def text_lines(raw: bytes) -> list[str]:
    """The lines of a file's bytes as shown in a diff (no endings, no BOM)."""
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = _LINE_END.split(text)
    if lines[-1] == "":  # the text ends with a line ending, not with an empty line
        lines.pop()
    return lines


def unified(before: bytes, after: bytes, old_name: str, new_name: str | None = None) -> list[str]:
    """The unified diff from ``before`` to ``after``, as lines without endings ([] when the
    texts are equal)."""
    return list(
        difflib.unified_diff(
            text_lines(before),
            text_lines(after),
            old_name,
            old_name if new_name is None else new_name,
            lineterm="",
        )
    )


def counts(lines: list[str]) -> tuple[int, int]:
    """How many lines a diff adds and removes (its two header lines not counted)."""
    added = removed = 0
    for line in lines:
        if line.startswith("+") and not line.startswith("+++ "):
            added += 1
        elif line.startswith("-") and not line.startswith("--- "):
            removed += 1
    return added, removed
