"""Split an article file into BOM, fences, front matter and body, byte for byte."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.core.errors import ArticleError

BOM = b"\xef\xbb\xbf"
# Jekyll: the file starts with a line of three dashes; the front matter ends at the next
# line that is `---` or `...` (trailing blanks allowed).
_OPENING = re.compile(rb"---[ \t]*(\r\n|\n|\r)")
_CLOSING = re.compile(rb"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Parts:
    """The pieces of a file; ``bom + opening + front + closing + body`` is the file."""

    bom: bytes
    opening: bytes
    front: bytes
    closing: bytes
    body: bytes

    @property
    def newline(self) -> str:
        """The line ending of the opening fence, used for lines the save layer inserts."""
        return self.opening[3:].lstrip(b" \t").decode("ascii") or "\n"

    def join(self, front: bytes | None = None) -> bytes:
        """Reassemble the file, optionally with a new front matter."""
        return b"".join(
            (
                self.bom,
                self.opening,
                self.front if front is None else front,
                self.closing,
                self.body,
            )
        )


def split(data: bytes) -> Parts | None:
    """Return the parts of ``data``, or None when it has no front matter at all.

    Raises ArticleError when a front matter is opened but never closed.
    """
    bom = BOM if data.startswith(BOM) else b""
    start = len(bom)
    opening = _OPENING.match(data, start)
    if opening is None:
        return None
    front_start = opening.end()
    closing = _CLOSING.search(data, front_start)
    if closing is None:
        raise ArticleError("the front matter is never closed: no line `---` after the first one")
    return Parts(
        bom=bom,
        opening=data[start:front_start],
        front=data[front_start : closing.start()],
        closing=data[closing.start() : closing.end()],
        body=data[closing.end() :],
    )


def decode_front(front: bytes) -> str:
    """Decode front matter bytes as strict UTF-8, naming the first bad byte."""
    try:
        return front.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = front.count(b"\n", 0, exc.start) + 2  # +1 for 1-based, +1 for the fence line
        raise ArticleError(
            f"the front matter is not valid UTF-8: byte 0x{front[exc.start]:02x} on line {line}"
        ) from None
