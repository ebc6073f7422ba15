"""The search bar: the core's search language, with errors shown where they are and completion."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from reviewer.app.plaintext import plain_tip
from reviewer.core.fields import search_names
from reviewer.core.query import IS_VALUES, REPORT_STATES, QueryError, parse

#: The report's kinds in the help, a few a line.
_REPORT_LINES = "\n  ".join(
    " · ".join(f"is:{kind}" for kind in REPORT_STATES[start : start + 5])
    for start in range(0, len(REPORT_STATES), 5)
)
_HELP = (
    "Search: words match title, excerpt, provider and topics (any case, any accents).\n"
    'field:value contains · field:=value exact · field:~regex · "a phrase"\n'
    "is:published · is:unpublished · is:modified · is:error · is:duplicate · is:invalid\n"
    "in git: is:changed · is:conflicted · is:staged · is:untracked\n"
    f"in the report (View ▸ Report): {_REPORT_LINES}\n"
    "has:images · missing:webUrl · quality:>40 · quality:30..50\n"
    "date:2021-09 · date:>=2021-09-01 · date:<7daysago · date:today\n"
    "or · not / -term · ( ) for groups"
)
#: Typing has paused when no key came for this long: the search then counts as the editor's.
PAUSE_MS = 400
_RED_FRAME = "QLineEdit { border: 2px solid #c62828; border-radius: 3px; }"


def quote(value: str) -> str:
    """``value`` as a search term value: quoted when it holds spaces or special characters."""
    if (
        value
        and not any(ch in value for ch in ' "():')
        and value.lower() not in ("or", "and", "not")
    ):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class SearchBar(QLineEdit):
    """A line edit for searches; a search that cannot be understood is marked, with the reason.

    Signals:
        error_changed(str): the error message, or "" when the search is fine.
        search_changed(str): the search to apply: the text when it can be read, else the
            last settled search (a search that cannot be read keeps the editor's previous
            search, not the results of the last keystroke that could be read).
        settled(str): typing paused on a search that can be read (or the text was set by
            the program, a facet or a saved view): it is the editor's search now.
    """

    error_changed = Signal(str)
    search_changed = Signal(str)
    settled = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Search: words, or field:value, is:unpublished, date:2024-03 …")
        self.setToolTip(_HELP)
        self.setClearButtonEnabled(True)
        self._error = ""
        self._hint = ""  # why a search that can be read may find nothing (a misspelt field)
        self._settled = ""  # the last search that was in force when typing paused
        self._typed = False  # the text change under way comes from a key
        self._pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._pause.timeout.connect(self._settle)
        #: Fields offered whatever the folder holds: the registry's search names (any
        #: front-matter key works, and those of the folder are added).
        self.base_fields = search_names()
        self._fields: list[str] = sorted(self.base_fields, key=str.casefold)
        self._values: dict[str, list[str]] = {}
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._on_completer_activated)
        self.textChanged.connect(self._on_text_changed)
        self.textEdited.connect(self._on_text_edited)

    def error(self) -> str:
        """The current error message ("" when the search parses)."""
        return self._error

    def settled_search(self) -> str:
        """The editor's search: the last one that could be read when typing paused."""
        return self._settled

    def hint(self) -> str:
        """Why the search may find nothing ("" for none): see ``set_hint``."""
        return self._hint

    def set_hint(self, hint: str) -> None:
        """Point out a search that can be read but finds nothing for a likely slip (a field
        no article has): the red frame, with ``hint`` in its tooltip; "" takes it away. An
        error, when there is one, is shown instead."""
        if hint != self._hint:
            self._hint = hint
            self._restyle(None)

    def set_completions(self, fields: Iterable[str], values: Mapping[str, Iterable[str]]) -> None:
        """Field names and, per field, values seen in the folder, for completion."""
        self._fields = sorted(dict.fromkeys([*self.base_fields, *fields]), key=str.casefold)
        self._values = {
            field: sorted(set(items), key=str.casefold) for field, items in values.items()
        }

    def add_term(self, term: str) -> None:
        """Append ``term`` to the search (as clicking a facet does)."""
        text = self.text().rstrip()
        self.setText(f"{text} {term}" if text else term)

    # -- errors

    def _on_text_changed(self, text: str) -> None:
        typed, self._typed = self._typed, False
        self._hint = ""  # worked out again for the new search
        try:
            parse(text)
        except QueryError as exc:
            self._show_error(exc)
            self.search_changed.emit(self._settled)
        else:
            self._show_error(None)
            self.search_changed.emit(text)
        if typed:
            self._pause.start()
        else:  # set by the program (a facet, a saved view, the clear button): in force now
            self._pause.stop()
            self._settle()

    def _settle(self) -> None:
        if not self._error:
            self._settled = self.text()
            self.settled.emit(self._settled)

    def _show_error(self, error: QueryError | None) -> None:
        message = "" if error is None else error.message
        if message == self._error:
            if error is None:
                self._restyle(None)  # the hint went with the old text
            return
        self._error = message
        self._restyle(error)
        self.error_changed.emit(message)

    def _restyle(self, error: QueryError | None) -> None:
        """The red frame and its tooltip: the error, else the hint, else none and the help."""
        if error is not None:
            pointer = " " * error.position + "^" * error.length
            # The search may hold values clicked in the sidebar: text, never HTML.
            tip = f"{error.message}\n{self.text()}\n{pointer}\n\n{_HELP}"
        elif self._error:
            return  # the error stays shown
        elif self._hint:
            tip = f"{self._hint}\n\n{_HELP}"
        else:
            self.setStyleSheet("")
            self.setToolTip(_HELP)
            return
        self.setStyleSheet(_RED_FRAME)
        self.setToolTip(plain_tip(tip))

    # -- completion

    def _current_token(self) -> tuple[int, str]:
        cursor = self.cursorPosition()
        text = self.text()[:cursor]
        start = (
            max(text.rfind(" "), text.rfind("("), text.rfind("-") if text.endswith("-") else -1) + 1
        )
        return start, text[start:]

    def _candidates(self, token: str) -> list[str]:
        if ":" in token:
            field = token.split(":", 1)[0].lstrip("-")
            prefix = token[: token.index(":") + 1]
            if field == "is":
                return [f"{prefix}{value}" for value in IS_VALUES]
            if field in ("has", "missing"):
                return [f"{prefix}{name}" for name in self._fields]
            return [f"{prefix}{quote(value)}" for value in self._values.get(field, [])]
        return [f"{name}:" for name in self._fields] + [f"is:{value}" for value in IS_VALUES]

    def _on_text_edited(self, _text: str) -> None:
        self._typed = True  # textEdited comes just before textChanged
        _start, token = self._current_token()
        if len(token) < 2:
            self._hide_popup()
            return
        self._model.setStringList(self._candidates(token))
        self._completer.setCompletionPrefix(token)
        if self._completer.completionCount() > 0:
            rect = self.cursorRect()
            rect.setWidth(320)
            self._completer.complete(rect)
        else:
            self._hide_popup()

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def _on_completer_activated(self, completion: str) -> None:
        start, _token = self._current_token()
        cursor = self.cursorPosition()
        text = self.text()
        new = text[:start] + completion + text[cursor:]
        self.setText(new)
        self.setCursorPosition(start + len(completion))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self._completer.popup()
        if (
            popup is not None
            and popup.isVisible()
            and event.key()
            in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
                Qt.Key.Key_Escape,
                Qt.Key.Key_Tab,
            )
        ):
            event.ignore()  # the completer handles these
            return
        super().keyPressEvent(event)
