"""Each folder's own view: its search, status filter, columns and sort, and current file.

A site's collections are folders of different shapes: the columns an editor chose for the
profiles are not the ones of the news, and the search typed in one means nothing in the
other. ``FolderViews`` keeps a folder's view when the window leaves it and gives it back when
the window opens it again, in this session or a later one (the settings hold it, under a
key made from the folder's path). A folder never seen before starts from the window's last
view, with no search.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray

from reviewer.app.context import AppContext
from reviewer.app.settings import Option
from reviewer.app.table.proxy import Status

#: The settings group of the folders' views.
GROUP = "folder_views"


def _key(folder: Path) -> str:
    return hashlib.blake2b(os.fsencode(folder), digest_size=8).hexdigest()


def _options(folder: Path) -> tuple[Option[str], Option[int], Option[QByteArray], Option[str]]:
    base = f"{GROUP}/{_key(folder)}"
    return (
        Option(f"{base}/search", str, ""),
        Option(f"{base}/status", int, -1),
        Option(f"{base}/header", QByteArray, QByteArray()),
        Option(f"{base}/current", str, ""),
    )


def _columns_option(folder: Path) -> Option[int]:
    """How many columns the folder's header state was saved with."""
    return Option(f"{GROUP}/{_key(folder)}/columns", int, -1)


class FolderViews:
    """Remembers each folder's view (``leave``) and restores it (``enter``, ``restore_header``,
    ``restore_current``)."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        #: The file to make current once the folder's rows are listed ("" for none).
        self._wanted_current = ""
        self._header: QByteArray | None = None
        self._header_columns = -1

    def leave(self, folder: Path) -> None:
        """Remember ``folder``'s view (the window is about to open another folder)."""
        c = self.context
        search, status, header, current = _options(folder)
        store = c.settings
        store.set(search, c.list_pane.filter_edit.text())
        store.set(status, int(c.proxy.status()))
        store.set(header, c.list_pane.table.horizontalHeader().saveState())
        store.set(_columns_option(folder), c.list_pane.table.horizontalHeader().count())
        document = c.selection.current()
        name = ""
        if document is not None:
            try:
                name = document.path.relative_to(folder).as_posix()
            except ValueError:
                name = ""
        store.set(current, name)

    def enter(self, folder: Path) -> bool:
        """Give ``folder`` its remembered search and status filter (its columns and current
        file follow once its rows and columns are known); False for a folder never seen."""
        c = self.context
        search, status, header, current = _options(folder)
        store = c.settings
        remembered = store.get(status)
        self._header = None
        self._wanted_current = ""
        if remembered < 0:  # a new folder: no search (another folder's means nothing here)
            c.list_pane.filter_edit.setText("")
            return False
        c.list_pane.filter_edit.setText(store.get(search))
        c.list_pane.set_status(Status(remembered % len(Status)))
        state = store.get(header)
        self._header = None if state.isEmpty() else state
        self._header_columns = store.get(_columns_option(folder))
        self._wanted_current = store.get(current)
        return True

    def restore_header(self) -> bool:
        """Give the table the folder's remembered columns and sort (call once its columns are
        all there: a state for another number of columns is not taken); False when the
        folder has none."""
        state, self._header = self._header, None
        if state is None:
            return False
        header = self.context.list_pane.table.horizontalHeader()
        if header.count() != self._header_columns:
            return False  # saved with other columns: the folder's fields changed
        self.context.list_pane.restore_header(state, header.count())
        return True

    def restore_current(self, folder: Path) -> None:
        """Make the folder's remembered file current, when it is listed and shown."""
        name, self._wanted_current = self._wanted_current, ""
        if not name:
            return
        document = self.context.workspace.document(folder / name)
        if document is not None:
            row = self.context.selection.row_in_view(document)
            if row >= 0:
                self.context.selection.select_row(row)

    @staticmethod
    def option_keys(folder: Path) -> list[str]:
        """The settings keys of ``folder``'s view (tests)."""
        return [option.key for option in _options(folder)]
