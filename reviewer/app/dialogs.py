"""The app's dialogs: one error dialog, the unsaved-changes question, the conflict choice."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from enum import Enum
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.app.plaintext import plain_tip, shown_name
from reviewer.core import diff
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.errors import ReviewerError

log = logging.getLogger(__name__)


def error_dialog(
    parent: QWidget | None,
    message: str,
    details: str = "",
    action: tuple[str, str, Callable[[], object]] | None = None,
) -> QMessageBox:
    """Show ``message`` with expandable ``details`` and a Copy button; return the box.

    ``action`` adds a button (label, tooltip, what it does) that closes the box and acts.
    The message is shown as text, never as HTML: it quotes files' names and errors.
    """
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "reviewer",
        plain_tip(message),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    if details:
        box.setDetailedText(details)
    if action is not None:
        label, tip, act = action
        button = box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
        button.setToolTip(tip)
        button.clicked.connect(act)
    copy = box.addButton("Copy", QMessageBox.ButtonRole.ActionRole)
    copy.setToolTip("Copy the message and details to the clipboard")
    copy.clicked.disconnect()  # keep the box open after copying
    copy.clicked.connect(
        lambda: QGuiApplication.clipboard().setText(f"{message}\n\n{details}".strip())
    )
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class Unsaved(Enum):
    """The answer to "save your changes?"."""

    SAVE = "save"
    DISCARD = "discard"  # go on without saving them (the window forgets them)
    CANCEL = "cancel"


def ask_unsaved(
    parent: QWidget,
    count: int,
    *,
    title: str = "Unsaved changes",
    why: str = "Do you want to save them before going on?",
    save: str = "",
    without: str | None = "",
) -> Unsaved:
    """Ask whether to save ``count`` modified articles before going on: the one question
    every step that needs the files on disk asks (opening another folder, closing, a
    commit, a sync).

    ``title`` and ``why`` say what is about to happen; ``save`` relabels the Save button
    ("Save and Sync"); ``without`` is the label of going on without saving ("" for the
    standard Discard, None for no such button: then the answer is SAVE or CANCEL).
    """
    items = "1 article has" if count == 1 else f"{count} articles have"
    buttons = QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel
    if without == "":
        buttons |= QMessageBox.StandardButton.Discard
    box = QMessageBox(
        QMessageBox.Icon.Question, title, f"{items} unsaved changes.", buttons, parent
    )
    box.setInformativeText(why)
    if save:
        box.button(QMessageBox.StandardButton.Save).setText(save)
    other = box.addButton(without, QMessageBox.ButtonRole.DestructiveRole) if without else None
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if other is not None and box.clickedButton() is other:
        return Unsaved.DISCARD
    return {
        QMessageBox.StandardButton.Save: Unsaved.SAVE,
        QMessageBox.StandardButton.Discard: Unsaved.DISCARD,
    }.get(QMessageBox.StandardButton(answer), Unsaved.CANCEL)


class Conflict(Enum):
    """The answer when an article with unsaved edits changed on disk."""

    RELOAD = "reload"
    KEEP_MINE = "keep"
    SHOW_BOTH = "show"


def ask_conflict(parent: QWidget, name: str) -> Conflict:
    """Ask what to do about ``name``, edited here and changed on disk by someone else."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "File changed on disk",
        "",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setText(
        plain_tip(
            f"“{shown_name(name)}” was changed by another program,"
            " and you have unsaved edits to it."
        )
    )
    box.setInformativeText(
        "Reload theirs: discard your edits and show the file as it is now.\n"
        "Keep mine: keep your edited fields; saving writes them over the new version.\n"
        "Show both: compare the two before deciding."
    )
    reload = box.addButton("Reload Theirs", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep Mine", QMessageBox.ButtonRole.AcceptRole)
    show: QPushButton = box.addButton("Show Both…", QMessageBox.ButtonRole.HelpRole)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is reload:
        return Conflict.RELOAD
    if clicked is show:
        return Conflict.SHOW_BOTH
    return Conflict.KEEP_MINE


def install_excepthook() -> None:
    """Show unexpected exceptions in the error dialog and log them; the app keeps running."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error\n%s", details)
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        window = QApplication.activeWindow()
        error_dialog(
            window,
            f"Something went wrong: {value}. Your edits are still here; please save them.",
            details,
        )

    sys.excepthook = hook


def show_both(parent: QWidget, document: Document, theirs: Article) -> None:
    """Show the file as it is on disk now next to what saving my edits over it would write."""
    mine = Document(theirs)
    for path, value in document.changes.items():
        mine.set(path, value)
    try:
        shown = "\n".join(
            diff.unified(
                theirs.raw, mine.render(), "on disk now (theirs)", "with your edits (mine)"
            )
        )
    except ReviewerError as exc:
        shown = f"(your edits cannot be applied to their version: {exc})"
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"{shown_name(document.path.name)}: theirs and mine")
    view = QPlainTextEdit(dialog)
    view.setReadOnly(True)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    view.setPlainText(shown or "Your edits make no difference to their version.")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    layout.addWidget(buttons)
    dialog.resize(900, 560)
    dialog.exec()
