"""Text from files, shown safely: characters that change how the rest is shown, as escapes.

A title, a file name or a URL may hold characters that are not text to read but orders to
whatever shows them: ESC and BEL start terminal escape sequences (a window title, a cleared
screen), a newline or carriage return starts a new line that looks like another file's, and
the bidirectional controls show the characters after them in another order (U+202E makes
``txt.md`` look like ``dm.txt``). ``escape`` writes each of these as a visible escape in the
style of Python's ``repr``: ``\\x1b``, ``\\x07``, ``\\n``, ``\\r``, ``\\t``, ``\\u202e``.

Escaped (``UNSAFE``):

* the C0 controls U+0000-001F (tab and newline too: a value must not break a row), DEL and
  the C1 controls U+0080-009F (NEL, CSI, OSC, ...): Unicode category Cc;
* U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR, which break lines in many viewers;
* the bidirectional embeddings, overrides and isolates U+202A-202E and U+2066-2069, which
  reorder what follows them (the "Trojan Source" characters), and the invisible direction
  marks U+200E, U+200F and U+061C: they cannot override, but they move neutral characters
  (``:``, spaces, punctuation) to the other side of a word and are invisible, so a name
  holding one looks like a name without; no file name or URL needs them;
* lone surrogates U+D800-DFFF, which is how Python hands over file-name bytes that are not
  UTF-8: they cannot be written to a UTF-8 terminal at all.

Other invisible format characters (zero-width joiners, variation selectors, ...) are left:
emoji and several scripts are written with them, and they reorder nothing.

Backslashes are left as they are, so Windows paths (``C:\\temp\\x.md``) and messages that
already quote a value with ``repr`` read as before, and escaping twice changes nothing. The
one ambiguity left: a name that itself holds the four characters ``\\x1b`` is shown like a
name holding ESC; either way no control character reaches the screen.

Qt-free: the command line and the app use the same rules.
"""

from __future__ import annotations

import re

#: The characters ``escape`` writes as escapes (see the module docstring).
UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
#: The same but for tab and newline, for text shown as the several lines it is.
_UNSAFE_IN_LINES = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` on one line with every UNSAFE character written as an escape (``\\x1b``).

    Text without any comes back as it is, so this is cheap on ordinary titles and names.
    """
    return UNSAFE.sub(_escaped, text)


def escape_lines(text: str) -> str:
    """Like ``escape``, but newlines and tabs are kept: for text shown as several lines.

    A carriage return is escaped: on its own it takes the cursor back over the line.
    """
    return _UNSAFE_IN_LINES.sub(_escaped, text)


def has_unsafe(text: str) -> bool:
    """True when ``text`` holds a character ``escape`` would write as an escape."""
    return UNSAFE.search(text) is not None
