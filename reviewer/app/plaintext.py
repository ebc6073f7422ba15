"""Text from files shown as text, never as HTML.

Qt guesses whether a label's, a tooltip's or a message box's text is HTML (``mightBeRichText``:
a tag such as ``<img`` or ``<b>`` on its first line, or ``&lt;``). A title, a duplicate key or
a file name is text: shown as HTML, ``<img src='/dev/zero'>`` would make Qt read that file
(a FIFO freezes the window, ``/dev/zero`` exhausts memory) and ``<img src='x.png'>`` would show
a local image. So:

* labels that show text from a file are given ``Qt.TextFormat.PlainText``, so Qt never
  guesses;
* tooltips and message-box texts, whose format cannot be set, go through ``plain_tip``:
  what Qt would take for HTML is escaped inside rich text, which shows exactly the text;
* file names and paths, shown on one line, also go through ``reviewer.core.safetext``.
"""

from __future__ import annotations

import html

from PySide6.QtGui import Qt  # QtGui's Qt namespace has mightBeRichText

from reviewer.core.safetext import escape


def plain_tip(text: str) -> str:
    """``text`` for a tooltip or a message box, which guess the format: shown as the text it is.

    Text Qt would take for HTML is escaped inside rich text that shows exactly it (spaces
    and line breaks too); other text is returned as it is, since Qt shows it as plain text.
    """
    if not Qt.mightBeRichText(text):
        return text
    return f'<p style="white-space:pre-wrap">{html.escape(text)}</p>'


def shown_name(name: object) -> str:
    """A file name or path for a label, a tooltip or a title: on one line, in order."""
    return escape(str(name))


#: How many characters of a title a short label (an undo step's name) keeps.
TITLE_LIMIT = 40


def short_title(title: object, name: object, limit: int = TITLE_LIMIT) -> str:
    """An article's title for a short label, such as the toolbar's Undo: in quotes, on one
    line, at most ``limit`` characters of it (an ellipsis ends a longer one); its file name
    when it has no title."""
    text = " ".join(escape(str(title)).split()) if isinstance(title, str) else ""
    if not text:
        text = shown_name(name)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"
