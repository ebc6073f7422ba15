"""A review of the save: every pending change in one list before many files are written.

File ▸ Review Changes… shows the list at any time; Save (Ctrl+S) shows it first when it
would write more than one file. Each file is a row (its name and title) with a child row
per changed field (old → new); the exact diff a save would write shows for the row
selected (worked out on demand: a light file is read for it). Drop Changes drops one
file's changes through the editor (one undo step, as Revert), and Save writes the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.app.context import AppContext
from reviewer.app.detail.sourceview import unified_diff
from reviewer.app.editing import Editor, field_name
from reviewer.app.plaintext import plain_tip, shown_name
from reviewer.core.document import MISSING, Document
from reviewer.core.errors import ReviewerError
from reviewer.core.safetext import escape

#: How much of a value a change row shows.
VALUE_LIMIT = 60


def shown_value(value: Any) -> str:
    """A front-matter value on one line, for a change row: "(none)" for a key not written."""
    if value is MISSING:
        return "(none)"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    elif isinstance(value, list):
        text = "[" + ", ".join(escape(str(item)) for item in value) + "]"
    else:
        text = escape(str(value))
    text = " ".join(text.split())
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 1] + "…"


def change_lines(document: Document) -> list[tuple[str, str]]:
    """Each changed field of ``document``: (its name, "old → new")."""
    return [
        (field_name(path), f"{shown_value(document.disk_value(path))} → {shown_value(new)}")
        for path, new in document.changes.items()
    ]


class SaveReviewDialog(QDialog):
    """The pending changes of ``documents``; accepted: save the ones still modified."""

    def __init__(self, editor: Editor, documents: list[Document], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review Changes")
        self.editor = editor
        self.summary = QLabel(self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Article", "Change"])
        self.tree.setColumnWidth(0, 260)
        self.tree.currentItemChanged.connect(self._show_diff)
        self.diff = QPlainTextEdit(self)
        self.diff.setReadOnly(True)
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.diff.setPlaceholderText("Select an article to see the exact diff saving writes.")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.diff)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.drop_button = QPushButton("&Drop Changes", self)
        self.drop_button.setToolTip(
            "Drop the selected article's unsaved changes (Edit ▸ Undo brings them back)"
        )
        self.buttons.addButton(self.drop_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.drop_button.clicked.connect(self.drop_current)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 560)
        self._items: list[tuple[QTreeWidgetItem, Document]] = []
        for document in documents:
            self._add(document)
        self.tree.expandAll()
        self._update()
        if self._items:
            self.tree.setCurrentItem(self._items[0][0])

    def documents(self) -> list[Document]:
        """The documents listed that still have changes to save, in order."""
        return [document for _item, document in self._items if document.modified]

    def _add(self, document: Document) -> None:
        title = document.view.title or "(untitled)"
        item = QTreeWidgetItem([shown_name(document.path.name), " ".join(title.split())])
        item.setToolTip(0, plain_tip(shown_name(document.path)))
        item.setToolTip(1, plain_tip(title))
        for name, change in change_lines(document):
            child = QTreeWidgetItem([name, change])
            child.setToolTip(1, plain_tip(change))
            item.addChild(child)
        self.tree.addTopLevelItem(item)
        self._items.append((item, document))

    def _document_of(self, item: QTreeWidgetItem | None) -> Document | None:
        while item is not None and item.parent() is not None:
            item = item.parent()
        return next((d for i, d in self._items if i is item), None)

    def _show_diff(self, item: QTreeWidgetItem | None, *_args: object) -> None:
        document = self._document_of(item)
        self.drop_button.setEnabled(document is not None)
        if document is None:
            self.diff.clear()
            return
        try:
            after = document.render()
        except ReviewerError as exc:
            self.diff.setPlainText(f"These changes cannot be saved: {exc}")
            return
        shown = unified_diff(document.article.raw, after, document.path.name)
        self.diff.setPlainText(shown or "The changes leave the file's bytes as they are.")

    def drop_current(self) -> None:
        """Drop the selected article's changes (undoably, through the editor) and its row."""
        document = self._document_of(self.tree.currentItem())
        if document is None:
            return
        self.editor.revert_document(document)
        if document.modified:  # the editor refused (busy): it said why
            return
        index = next(i for i, (_item, d) in enumerate(self._items) if d is document)
        item, _document = self._items.pop(index)
        self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        self._update()

    def _update(self) -> None:
        count = len(self.documents())
        self.summary.setText(
            f"Saving writes {count} article{'s' if count != 1 else ''}:"
            if count
            else "Nothing left to save."
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setEnabled(count > 0)
        self.drop_button.setEnabled(count > 0)


class SaveReview(QObject):
    """File ▸ Review Changes…, and the review Save shows before writing several files."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        self.dialog: SaveReviewDialog | None = None
        self.action = QAction("Re&view Changes…", context.view)
        self.action.setToolTip("List every unsaved change, drop some, and save the rest")
        self.action.triggered.connect(self.review)
        context.actions.register("review_changes", self.action, "File ▸ Review Changes")
        menu = context.actions.menu("menu.file")
        save = context.actions.action("save")
        actions = menu.actions()
        after = actions.index(save) + 1 if save in actions else len(actions)
        if after < len(actions):
            menu.insertAction(actions[after], self.action)  # right after Save
        else:
            menu.addAction(self.action)

    def save(self) -> None:
        """Save every modified article; with more than one, after the review (Ctrl+S)."""
        modified = self.context.model.modified_documents()
        if len(modified) > 1:
            self.review()
        elif modified:
            self.context.saver.save(modified)

    def review(self) -> SaveReviewDialog | None:
        """Show the review of every unsaved change (window-modal; Save writes the rest)."""
        self.context.editor.finish()
        modified = self.context.model.modified_documents()
        if not modified:
            self.context.status.showMessage("No unsaved changes", 3000)
            return None
        dialog = self.dialog = SaveReviewDialog(self.context.editor, modified, self.context.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save(dialog))
        dialog.finished.connect(self._forget)
        dialog.open()
        return dialog

    def _save(self, dialog: SaveReviewDialog) -> None:
        documents = dialog.documents()
        if documents:
            self.context.saver.save(documents)

    def _forget(self, *_args: object) -> None:
        self.dialog = None
