"""The collection switcher: a site's collections with their counts, one click to open one.

When the window opens a folder inside a Jekyll site, the switcher lists the site's
collections (``core.site``) above the sidebar, each with how many items it holds and how many
Jekyll would not publish; the counts come from a worker (``count_collections``: the index
cache makes a warm count cheap) and the open collection's follow its edits and saves. A
plain folder hides the switcher. Ctrl+Alt+1 … 9 open the first nine collections.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from reviewer.app.context import AppContext
from reviewer.app.folder.loader import index_cache
from reviewer.app.plaintext import plain_tip, shown_name
from reviewer.app.settings import Option
from reviewer.app.workers import Job
from reviewer.core.site import Collection, Site
from reviewer.workspace.collections import CollectionCount, count_collections

_PATH = Qt.ItemDataRole.UserRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
#: Shortcuts for the first collections: Ctrl+Alt+1 … Ctrl+Alt+9.
SHORTCUT_KEYS = 9
#: The list is at most this many rows tall at first; more scroll.
MAX_ROWS_SHOWN = 12


def _last_option(site: Site) -> Option[str]:
    key = hashlib.blake2b(os.fsencode(site.root), digest_size=8).hexdigest()
    return Option(f"sites/{key}/last_collection", str, "")


class CollectionList(QTreeWidget):
    """The collections of a site: name, items, unpublished; a click asks to open one.

    Signals:
        collection_requested(Path): the editor chose the collection with this folder.
    """

    collection_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels(["Collection", "Items", "Unpubl."])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(False)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.headerItem().setToolTip(1, "Article files in the collection")
        self.headerItem().setToolTip(2, "Items Jekyll does not publish (published: false)")
        self.setToolTip("The site's collections; click one to open it")
        self.itemActivated.connect(self._on_item_chosen)
        self.itemClicked.connect(self._on_item_chosen)
        self._items: dict[Path, QTreeWidgetItem] = {}

    def sizeHint(self) -> QSize:
        """As tall as its rows (at most MAX_ROWS_SHOWN; more scroll), so the sidebar below
        keeps the room."""
        hint = super().sizeHint()
        rows = min(max(self.topLevelItemCount(), 1), MAX_ROWS_SHOWN)
        row = self.sizeHintForRow(0) if self.topLevelItemCount() else self.fontMetrics().height()
        height = self.header().sizeHint().height() + rows * row + 2 * self.frameWidth() + 4
        return QSize(hint.width(), height)

    def set_collections(self, site: Site, collections: list[Collection]) -> None:
        """List these collections of ``site``, their counts not known yet."""
        self.clear()
        self._items = {}
        for number, collection in enumerate(collections, 1):
            item = QTreeWidgetItem([collection.name, "…", ""])
            item.setData(0, _PATH, collection.folder)
            item.setTextAlignment(1, _RIGHT)
            item.setTextAlignment(2, _RIGHT)
            where = shown_name(collection.folder.relative_to(site.root))
            tip = f"{where}" + ("" if collection.configured else " (not in _config.yml)")
            if number <= SHORTCUT_KEYS:
                tip += f"\nCtrl+Alt+{number}"
            if not collection.exists:
                tip += "\nThe folder does not exist yet"
                item.setDisabled(True)
            item.setToolTip(0, plain_tip(tip))
            self.addTopLevelItem(item)
            self._items[collection.folder] = item
        self.updateGeometry()

    def set_count(self, count: CollectionCount) -> None:
        """Show one collection's numbers."""
        self.set_numbers(count.collection.folder, count.count, count.unpublished, count.errors)

    def set_numbers(self, folder: Path, items: int, unpublished: int, errors: int) -> None:
        """Show the numbers of the collection in ``folder``."""
        item = self._items.get(folder)
        if item is None:
            return
        item.setText(1, f"{items:,}")
        item.setText(2, f"{unpublished:,}" if unpublished else "")
        tip = f"{items:,} items, {unpublished:,} not published"
        if errors:
            tip += f", {errors:,} that cannot be read"
        item.setToolTip(1, tip)
        item.setToolTip(2, tip)

    def set_current(self, folder: Path | None) -> None:
        """Mark the open collection (no signal)."""
        blocked = self.blockSignals(True)
        item = self._items.get(folder) if folder is not None else None
        self.setCurrentItem(item)  # type: ignore[arg-type]  # None clears it
        for each in self._items.values():
            font = each.font(0)
            font.setBold(each is item)
            each.setFont(0, font)
        self.blockSignals(blocked)

    def folders(self) -> list[Path]:
        """The collections' folders, in the list's order."""
        return list(self._items)

    def _on_item_chosen(self, item: QTreeWidgetItem, _column: int) -> None:
        folder = item.data(0, _PATH)
        if isinstance(folder, Path) and not item.isDisabled():
            self.collection_requested.emit(folder)


class SiteSwitcher(QObject):
    """Shows the open site's collections (``show``) and asks the window to open one.

    Signals:
        collection_requested(Path): open the collection with this folder.
    """

    collection_requested = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        self.site: Site | None = None
        self.list = CollectionList(context.view)
        self.list.setVisible(False)
        self.list.collection_requested.connect(self.collection_requested)
        self._job: Job | None = None
        self._actions: list[QAction] = []
        for number in range(1, SHORTCUT_KEYS + 1):
            action = QAction(f"Collection {number}", context.view)
            action.setShortcut(QKeySequence(f"Ctrl+Alt+{number}"))
            action.triggered.connect(lambda _checked=False, n=number: self._open_number(n))
            context.view.addAction(action)
            self._actions.append(action)

    def collection_to_open(self, site: Site) -> Path | None:
        """The collection to open when the site itself is opened: the one open last time,
        else the first that exists (None: the site has none)."""
        last = self.context.settings.get(_last_option(site))
        existing = [c.folder for c in site.collections if c.exists]
        for folder in existing:
            if os.fspath(folder) == last:
                return folder
        return existing[0] if existing else None

    def show(self, site: Site | None, folder: Path | None) -> None:
        """The window opened ``folder`` in ``site`` (None: a plain folder: no switcher)."""
        if site is None:
            self.site = None
            self.list.setVisible(False)
            self.list.clear()
            return
        if self.site is None or self.site.root != site.root:
            self.site = site
            self.list.set_collections(site, site.collections)
            self.recount()
        self.list.setVisible(True)
        self.list.set_current(folder)
        if folder is not None and folder in self.list.folders():
            self.context.settings.set(_last_option(site), os.fspath(folder))

    def recount(self) -> None:
        """Count every collection again, in a worker."""
        site = self.site
        if site is None:
            return
        if self._job is not None:
            self._job.cancel()
        cache = index_cache() if self.context.loader.use_cache() else None

        def count(job: Job) -> list[CollectionCount]:
            return count_collections(site, cache, job.cancelled)

        self._job = self.context.workers.start("collections", count, finished=self._on_counted)

    def update_open(self, folder: Path, items: int, unpublished: int, errors: int) -> None:
        """The open collection's numbers as the window counts them (they follow its edits)."""
        if self.site is not None:
            self.list.set_numbers(folder, items, unpublished, errors)

    def _on_counted(self, job: Job, counts: list[CollectionCount]) -> None:
        if job is not self._job or self.site is None:
            return
        self._job = None
        open_folder = self.context.workspace.folder
        for count in counts:
            if count.collection.folder != open_folder:  # the open one follows the window
                self.list.set_count(count)

    def _open_number(self, number: int) -> None:
        folders = self.list.folders()
        if self.site is not None and number <= len(folders):
            self.collection_requested.emit(folders[number - 1])
