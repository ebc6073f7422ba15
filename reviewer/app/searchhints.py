"""Why a search finds nothing: a misspelt field's nearest names, and an empty state.

A search naming a field no article of the folder has (and the field registry does not
know) is pointed out in the search bar's red frame, with the nearest known field names
(``Workspace.unknown_fields``, as the command line's warning). That takes a pass over the
documents for each unknown name, so it runs only when a search finds nothing or when
typing pauses, never on every keystroke. A search that finds nothing shows a message over
the table saying what was searched and a link that clears it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from reviewer.app.context import AppContext
from reviewer.app.plaintext import shown_name
from reviewer.app.table.proxy import Status


def hint_text(unknown: list[tuple[str, list[str]]]) -> str:
    """The sentence for fields no article has: each with the nearest known names."""
    lines = []
    for name, nearest in unknown:
        line = f"No article has a field “{name}”"
        if nearest:
            line += ": did you mean " + " or ".join(nearest) + "?"
        lines.append(line + ("" if nearest else "."))
    return "\n".join(lines)


class SearchHints:
    """The misspelt-field hint of the search bar and the empty result's message."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.bar = context.list_pane.filter_edit
        self.bar.settled.connect(self._on_settled)
        table = context.list_pane.table
        viewport = table.viewport()
        #: The message over the table when the search (or status filter) hides every row.
        self.empty = QLabel(viewport)
        self.empty.setObjectName("emptyResult")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.empty.linkActivated.connect(self._on_link)
        self.empty.hide()
        layout = QVBoxLayout(viewport)
        layout.addStretch(1)
        layout.addWidget(self.empty)
        layout.addStretch(2)
        proxy = context.proxy
        for signal in (proxy.layoutChanged, proxy.modelReset, proxy.rowsInserted):
            signal.connect(self._on_rows_changed)
        context.model.modelReset.connect(self._on_rows_changed)
        context.list_pane.status_changed.connect(self._on_rows_changed)

    def _unknown(self) -> list[tuple[str, list[str]]]:
        if self.bar.error():
            return []  # the search in force is not the text: the error is what to say
        query = self.context.proxy.query()
        if not query.fields:
            return []
        return self.context.workspace.unknown_fields(query)

    def _on_settled(self, _text: str) -> None:
        self.bar.set_hint(hint_text(self._unknown()))

    def _on_rows_changed(self, *_args: object) -> None:
        proxy, model = self.context.proxy, self.context.model
        searched = not proxy.query().is_empty or proxy.status() != Status.ALL
        if proxy.rowCount() or not model.rowCount() or not searched:
            self.empty.hide()
            return
        unknown = self._unknown()
        self.bar.set_hint(hint_text(unknown))
        self.empty.setText(self._message(unknown))
        self.empty.show()

    def _message(self, unknown: list[tuple[str, list[str]]]) -> str:
        proxy = self.context.proxy
        text = proxy.query().text if not proxy.query().is_empty else ""
        status = proxy.status()
        among = {Status.UNPUBLISHED: " unpublished", Status.PUBLISHED: " published"}.get(status, "")
        # A rich-text label: what was typed (and the field names of files) escaped.
        if text:
            parts = [f"<h3>No{among} article matches “{html.escape(shown_name(text))}”</h3>"]
        else:
            parts = [f"<h3>No{among} articles</h3>"]
        if unknown:
            parts.append("<p>" + html.escape(hint_text(unknown)).replace("\n", "<br>") + "</p>")
        links = []
        if text:
            links.append('<a href="clear">Clear the search</a>')
        if status != Status.ALL:
            links.append('<a href="all">show all articles</a>')
        parts.append("<p>" + " or ".join(links) + ".</p>")
        return "".join(parts)

    def _on_link(self, link: str) -> None:
        if link == "clear":
            self.bar.clear()
        if link == "all" or (link == "clear" and self.context.proxy.rowCount() == 0):
            self.context.list_pane.set_status(Status.ALL)
