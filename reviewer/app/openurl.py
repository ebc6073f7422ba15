"""Handing an address from a file to the web browser: the one place that does it.

The address fields' Open buttons and the Preview tab's links both come here, so one rule
decides what a browser is given: the core's ``url_problem`` (http or https with a host, no
user name or password, at most 2,048 characters, no control or direction characters), and
Qt must read the address the same way before it is handed on.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from reviewer.core.links import OPENABLE_SCHEMES, url_problem

NO_BROWSER = (
    "No web browser could be started to open the address "
    "(is a default browser set in your desktop's settings?)."
)


def browser_problem(text: str) -> str | None:
    """Why ``text`` is not handed to a browser (a sentence without the final stop), or None."""
    text = text.strip()
    problem = url_problem(text)
    if problem is not None:
        return problem
    url = QUrl(text, QUrl.ParsingMode.StrictMode)
    if (  # Qt reads the address as the core did
        not url.isValid()
        or url.scheme().lower() not in OPENABLE_SCHEMES
        or url.userInfo()
        or not url.host()
    ):
        return "The address is not valid"
    return None


def open_in_browser(text: str) -> str | None:
    """Open ``text`` in the desktop's browser; None when the desktop says it did, else the
    message to show: why it was refused ("Not opened: ..."), or that no browser started."""
    problem = browser_problem(text)
    if problem is not None:
        return f"Not opened: {problem}."
    if not QDesktopServices.openUrl(QUrl(text.strip(), QUrl.ParsingMode.StrictMode)):
        return NO_BROWSER
    return None
