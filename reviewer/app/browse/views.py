"""Saved views: a named search, status filter, sort order and set of visible columns."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QMenu

from reviewer.app import settings as options
from reviewer.app.context import AppContext
from reviewer.app.plaintext import plain_tip
from reviewer.app.settings import Settings
from reviewer.app.table.columns import Column
from reviewer.app.table.proxy import Status


@dataclass
class SavedView:
    """What a view restores."""

    name: str
    search: str = ""
    status: int = int(Status.ALL)
    sort_column: int = int(Column.DATE)
    descending: bool = True
    hidden: list[int] = field(default_factory=list)


class ViewStore(QObject):
    """The user's saved views, kept in the settings as JSON.

    Signals:
        changed(): a view was saved or deleted.
    """

    changed = Signal()

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings

    def views(self) -> list[SavedView]:
        """Every saved view, sorted by name; unreadable entries are skipped."""
        try:
            raw = json.loads(self._settings.get(options.SAVED_VIEWS) or "[]")
        except ValueError:
            return []
        views = []
        for item in raw if isinstance(raw, list) else []:
            try:
                views.append(SavedView(**item))
            except TypeError:
                continue
        return sorted(views, key=lambda v: v.name.casefold())

    def get(self, name: str) -> SavedView | None:
        """The view called ``name``."""
        return next((v for v in self.views() if v.name == name), None)

    def save(self, view: SavedView) -> None:
        """Add ``view``, replacing one of the same name."""
        views = [v for v in self.views() if v.name != view.name] + [view]
        self._write(views)

    def delete(self, name: str) -> None:
        """Forget the view called ``name``."""
        self._write([v for v in self.views() if v.name != name])

    def _write(self, views: list[SavedView]) -> None:
        self._settings.set(options.SAVED_VIEWS, json.dumps([asdict(v) for v in views]))
        self.changed.emit()


def capture(context: AppContext, name: str) -> SavedView:
    """The window's current search, status, sort and columns as a view called ``name``."""
    header = context.list_pane.table.horizontalHeader()
    return SavedView(
        name=name,
        search=context.list_pane.filter_edit.text(),
        status=int(context.proxy.status()),
        sort_column=header.sortIndicatorSection(),
        descending=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
        hidden=[c for c in Column if header.isSectionHidden(c)],
    )


def apply(context: AppContext, view: SavedView) -> None:
    """Show ``view`` in the window."""
    table = context.list_pane.table
    header = table.horizontalHeader()
    for column in Column:
        header.setSectionHidden(column, column in view.hidden and column != Column.TITLE)
    context.list_pane.set_status(Status(view.status % len(Status)))
    context.list_pane.filter_edit.setText(view.search)
    order = Qt.SortOrder.DescendingOrder if view.descending else Qt.SortOrder.AscendingOrder
    if 0 <= view.sort_column < len(Column):
        table.sortByColumn(view.sort_column, order)


class ViewsMenu:
    """View ▸ Saved Views: apply, save the current view, delete."""

    def __init__(self, context: AppContext, store: ViewStore, menu: QMenu) -> None:
        self.context = context
        self.store = store
        self.menu = menu
        store.changed.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        """Refill the menu from the store."""
        self.menu.clear()
        views = self.store.views()
        for view in views:
            action = self.menu.addAction(view.name)
            action.setToolTip(plain_tip(view.search or "(no search)"))
            action.triggered.connect(partial(apply, self.context, view))
        if views:
            self.menu.addSeparator()
        save = self.menu.addAction("Save Current View…")
        save.setToolTip("Remember the search, status filter, sort order and columns under a name")
        save.triggered.connect(self.save_current)
        delete = self.menu.addMenu("Delete View")
        delete.setEnabled(bool(views))
        for view in views:
            action = delete.addAction(view.name)
            action.triggered.connect(partial(self.store.delete, view.name))

    def save_current(self) -> None:
        """Ask for a name and save the current view under it."""
        name, ok = QInputDialog.getText(self.context.view, "Save View", "Name of this view:")
        if ok and name.strip():
            self.store.save(capture(self.context, name.strip()))
