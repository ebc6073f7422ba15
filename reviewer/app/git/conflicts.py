"""Settling a merge's field conflicts in the window.

After a merge through reviewer's merge driver (``reviewer git-setup``), a key both sides
changed differently is left in the file as a conflict block around its entry (``<<<<<<<
ours``, ``||||||| base``, ``=======``, ``>>>>>>> theirs``): the file no longer loads, and
is listed with its error. When the detail pane shows such a file, a banner says so, with
Resolve Conflicts… (also Git ▸ Resolve Conflicts…): a dialog with each conflicting field's
three versions as written (ours, base, theirs, plain text) and Use Ours / Use Base / Use
Theirs / Edit… (a value in YAML, as ``reviewer set`` takes it, written into our side). Each
choice rewrites the file atomically (``workspace.mergefile.resolve_file``); the row is read
again, and once no conflict remains the file is added to git's index (``stage``) and the
status bar says so. Conflicts in the body (git's own line markers) are for a text editor:
the banner and the dialog say so, with Open in Editor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from reviewer.app.context import AppContext
from reviewer.app.detail.detail import banner
from reviewer.app.git.menu import git_menu
from reviewer.app.plaintext import plain_tip, shown_name
from reviewer.core import files
from reviewer.core.document import Document, lookup
from reviewer.core.errors import ArticleError, ReviewerError
from reviewer.core.frontmatter import emit, split, yamlio
from reviewer.core.frontmatter.values import MISSING, KeyPath
from reviewer.core.store import read_article

if TYPE_CHECKING:  # the merge is imported when a file is first looked at (see file_conflicts)
    from reviewer.core.merge import Choice, Conflict
    from reviewer.workspace.mergefile import Resolved

    Settle = Callable[[Path, KeyPath, Choice | None, Any], Resolved | str]

#: The action's id in the registry.
ACTION_ID = "resolve_conflicts"

#: The three sides, as the dialog names and explains them.
SIDES: tuple[tuple[Choice, str, str], ...] = (
    ("ours", "Ours", "Your version: the one on the branch you merged into"),
    ("base", "Base", "The version both sides started from"),
    ("theirs", "Theirs", "The version merged in"),
)

BODY_MESSAGE = "The body has conflicts: resolve them in a text editor."
OTHER_MESSAGE = (
    "The front matter has conflict markers reviewer cannot read as a field's: resolve them "
    "in a text editor."
)


@dataclass(frozen=True)
class FileConflicts:
    """What a merge left in a file: its field conflict blocks, and whether git's markers are
    in the body (``body``) or anywhere else reviewer cannot settle (``other``)."""

    path: Path
    fields: list[Conflict] = field(default_factory=list)
    body: bool = False
    other: bool = False

    @property
    def any(self) -> bool:
        """True when something is left to settle."""
        return bool(self.fields) or self.body or self.other

    def editor_message(self) -> str:
        """What is left for a text editor ("" when nothing)."""
        if self.body:
            return BODY_MESSAGE
        return OTHER_MESSAGE if self.other else ""


def file_conflicts(path: Path, raw: bytes) -> FileConflicts:
    """The conflicts in ``raw``, the bytes of ``path``."""
    if b"<<<<<<<" not in raw and b">>>>>>>" not in raw:  # no marker can be there (the usual)
        return FileConflicts(path)
    from reviewer.core.merge import conflicts  # the merge's modules: for a file that may have
    from reviewer.workspace.mergefile import has_markers  # markers, not at the app's start

    if not has_markers(raw):
        return FileConflicts(path)
    found = conflicts(raw)
    parts = split.split(raw)
    body = parts is not None and has_markers(parts.body)
    other = parts is None or (not found and not body)
    return FileConflicts(path, found, body, other)


def read_conflicts(document: Document) -> FileConflicts:
    """The conflicts in ``document``'s file (read again unless its article holds the bytes
    of a file that loaded)."""
    article = document.article
    raw = article.raw
    if not article.complete or article.error is not None or not raw:
        try:
            raw, _stat = files.read_regular(document.path)
        except (OSError, ReviewerError):
            return FileConflicts(document.path)
    return file_conflicts(document.path, raw)


def side_text(text: str | None) -> str:
    """A side of a block as the dialog shows it."""
    if text is None:
        return "(no base section: git wrote this block without one)"
    return text.rstrip("\r\n") if text.strip() else "(removed on this side)"


def value_text(side: str | None, key_path: KeyPath) -> str:
    """The value at ``key_path`` in a side of a block, as YAML on one line ("" when it
    cannot be read)."""
    if not side:
        return ""
    try:
        value = lookup(yamlio.load(side), key_path)
    except ArticleError:
        return ""
    return "" if value is MISSING else emit.flow(value)


def open_in_editor(path: Path) -> bool:
    """Open ``path`` in the desktop's editor for its kind of file; True when started."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class SideView(QTextEdit):
    """One side of a block, as written (plain text, wrapped), as tall as its text up to
    MAX_LINES lines (then it scrolls)."""

    MAX_LINES = 8

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setPlainText(text)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_args: object) -> None:
        spacing = self.fontMetrics().lineSpacing()
        height = min(self.document().size().height(), spacing * self.MAX_LINES + 8)
        self.setFixedHeight(int(max(height, spacing + 8)) + 2 * self.frameWidth())


class ConflictRow(QGroupBox):
    """One field's conflict: the three sides and the buttons that settle it.

    Signals:
        chosen(KeyPath, object, object): settle ``key_path`` with a side ("ours", "base",
            "theirs"), or with None and a value to write into our side.
    """

    chosen = Signal(object, object, object)

    def __init__(self, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(".".join(conflict.key_path), parent)
        self.conflict = conflict
        self.views: dict[str, SideView] = {}
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        texts = {"ours": conflict.ours, "base": conflict.base, "theirs": conflict.theirs}
        for column, (choice, label, tip) in enumerate(SIDES):
            heading = QLabel(label, self)
            heading.setToolTip(tip)
            heading.setStyleSheet("color: gray;")
            grid.addWidget(heading, 0, column)
            view = self.views[choice] = SideView(side_text(texts[choice]), self)
            view.setToolTip(tip)
            grid.addWidget(view, 1, column, Qt.AlignmentFlag.AlignTop)
            button = self.buttons[choice] = QPushButton(f"Use {label}", self)
            button.setToolTip(f"Write this version ({tip[0].lower()}{tip[1:]}) into the file")
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            button.setEnabled(texts[choice] is not None)
            grid.addWidget(button, 2, column)
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setToolTip("Type the value to write (YAML: 5, [AI, Lamps], 'a: b')")
        self.edit_button.clicked.connect(self.show_editor)
        self.edit_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.value_edit = QLineEdit(value_text(conflict.ours, conflict.key_path), self)
        self.value_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.value_edit.setToolTip("The value, in YAML, as `reviewer set` takes it")
        self.value_edit.returnPressed.connect(self.write_value)
        self.write_button = QPushButton("Write Value", self)
        self.write_button.clicked.connect(self.write_value)
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setWordWrap(True)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.edit_button)
        edit_row.addWidget(self.value_edit, 1)
        edit_row.addWidget(self.write_button)
        edit_row.addStretch(0)
        grid.addLayout(edit_row, 3, 0, 1, 3)
        grid.addWidget(self.problem, 4, 0, 1, 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        self.value_edit.hide()
        self.write_button.hide()
        self.problem.hide()

    def _choose(self, choice: Choice) -> None:
        self.chosen.emit(self.conflict.key_path, choice, None)

    def show_editor(self) -> None:
        """Show the value box (prefilled with our side's value) and focus it."""
        self.value_edit.show()
        self.write_button.show()
        self.edit_button.setEnabled(False)
        self.value_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.value_edit.selectAll()

    def write_value(self) -> None:
        """Write the value typed (YAML) into our side."""
        try:
            value = yamlio.load_value(self.value_edit.text())
        except ArticleError as exc:
            self.show_problem(f"Not a value: {exc}")
            return
        self.chosen.emit(self.conflict.key_path, None, value)

    def show_problem(self, text: str) -> None:
        """Say why the last choice was not written."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))


class ConflictsDialog(QDialog):
    """A file's field conflicts, each with its three sides and the buttons that settle it;
    what is left for a text editor below. ``settle`` writes a choice (the feature's)."""

    def __init__(self, path: Path, settle: Settle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._settle = settle
        self.setWindowTitle(f"Resolve Conflicts: {shown_name(path.name)}")
        self.rows: dict[str, ConflictRow] = {}
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.content = QWidget(self)
        self.list = QVBoxLayout(self.content)
        self.list.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)
        self.editor_note = banner("warning", self)
        self.open_button = QPushButton("Open in &Editor", self)
        self.open_button.setToolTip(plain_tip(f"Open {shown_name(path)} in your text editor"))
        self.open_button.clicked.connect(lambda: open_in_editor(self.path))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.editor_note)
        layout.addWidget(self.buttons)
        self.resize(820, 480)
        self.reload()

    def reload(self) -> FileConflicts:
        """List the file's conflicts as they are now."""
        try:
            raw, _stat = files.read_regular(self.path)
        except (OSError, ReviewerError):
            raw = b""
        found = file_conflicts(self.path, raw)
        for row in self.rows.values():
            row.setParent(None)
            row.deleteLater()
        self.rows = {}
        while self.list.count():
            self.list.takeAt(0)
        for conflict in found.fields:
            row = ConflictRow(conflict, self.content)
            row.chosen.connect(self._on_chosen)
            self.rows[".".join(conflict.key_path)] = row
            self.list.addWidget(row)
        self.list.addStretch(1)
        count = len(found.fields)
        if count:
            names = ", ".join(self.rows)
            self.summary.setText(
                f"The merge left {count} field conflict{'s' if count != 1 else ''} in "
                f"{shown_name(self.path.name)} ({names}). Choose a version of each:"
            )
        elif found.any:
            self.summary.setText(f"No field conflict is left in {shown_name(self.path.name)}.")
        else:
            self.summary.setText(
                f"No conflict is left in {shown_name(self.path.name)}: it is settled."
            )
        note = found.editor_message()
        self.editor_note.setText(note)
        self.editor_note.setVisible(bool(note))
        self.open_button.setVisible(bool(note))
        return found

    def _on_chosen(self, key_path: KeyPath, choice: Choice | None, value: Any) -> None:
        outcome = self._settle(self.path, key_path, choice, value)
        if isinstance(outcome, str):
            row = self.rows.get(".".join(key_path))
            if row is not None:
                row.show_problem(outcome)
            return
        found = self.reload()
        if not found.any:
            self.accept()


class ConflictBanner(QFrame):
    """The detail pane's strip about a file's conflicts, with its buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict-banner")
        self.setStyleSheet(
            "#conflict-banner { background: #fdf3e1; border: 1px solid #b26a00;"
            " border-radius: 4px; } QLabel { color: #6b4000; }"
        )
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.resolve_button = QPushButton("Resolve Conflicts…", self)
        self.open_button = QPushButton("Open in Editor", self)
        self.open_button.setToolTip("Open the file in your text editor")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.resolve_button)
        layout.addWidget(self.open_button)
        self.hide()

    def show_conflicts(self, found: FileConflicts | None) -> None:
        """Say what is left in the file (hidden for None or nothing)."""
        if found is None or not found.any:
            self.hide()
            return
        lines = []
        if found.fields:
            names = ", ".join(".".join(c.key_path) for c in found.fields)
            count = len(found.fields)
            lines.append(
                f"A merge left {count} field conflict{'s' if count != 1 else ''} "
                f"in this file: {names}."
            )
        note = found.editor_message()
        if note:
            lines.append(note)
        self.label.setText("\n".join(lines))
        self.resolve_button.setVisible(bool(found.fields))
        self.open_button.setVisible(bool(note))
        self.show()


class Conflicts(QObject):
    """The conflicts of the file the detail pane shows: the banner, the action, the dialog,
    and settling a choice (write, read again, stage when none is left).

    Signals:
        staged(Path): a file with no conflict left was added to git's index.
    """

    staged = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        self.dialog: ConflictsDialog | None = None
        self.found: FileConflicts | None = None
        self.banner = ConflictBanner(context.detail.page)
        layout = context.detail.page.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(layout.indexOf(context.detail.error_banner) + 1, self.banner)
        self.banner.resolve_button.clicked.connect(self.resolve)
        self.banner.open_button.clicked.connect(self._open_current)
        self.action = QAction("Resolve &Conflicts…", context.view)
        self.action.setStatusTip("Choose a version of each field a merge left in conflict")
        self.action.triggered.connect(self.resolve)
        context.actions.register(ACTION_ID, self.action, "Git ▸ Resolve Conflicts")
        git_menu(context).addAction(self.action)
        self._timer = QTimer(self, singleShot=True, interval=0)  # after the pane shows it
        self._timer.timeout.connect(self.check)
        context.selection.current_changed.connect(self._timer.start)
        context.editor.documents_changed.connect(self._on_documents_changed)
        self.check()

    def _on_documents_changed(self, documents: list[Document]) -> None:
        shown = self.context.detail.document()
        if shown is not None and any(d is shown for d in documents):
            self._timer.start()

    def check(self) -> FileConflicts | None:
        """Look at the file the detail pane shows: the banner and the action follow."""
        document = self.context.detail.document()
        found = self.found = read_conflicts(document) if document is not None else None
        self.banner.show_conflicts(found)
        fields = found is not None and bool(found.fields)
        self.action.setEnabled(fields)
        self.action.setToolTip(
            "Choose a version of each field a merge left in conflict"
            if fields
            else "The article shown has no field conflicts from a merge"
        )
        return found

    def resolve(self) -> ConflictsDialog | None:
        """Show the conflicts of the file the detail pane shows (window-modal)."""
        document = self.context.detail.document()
        if document is None:
            return None
        dialog = self.dialog = ConflictsDialog(document.path, self.settle, self.context.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._forget)
        dialog.open()
        return dialog

    def _forget(self, *_args: object) -> None:
        self.dialog = None

    def _open_current(self) -> None:
        document = self.context.detail.document()
        if document is not None and not open_in_editor(document.path):
            self.context.status.showMessage("No editor could be started for the file", 5000)

    def settle(
        self, path: Path, key_path: KeyPath, choice: Choice | None, value: Any = None
    ) -> Resolved | str:
        """Settle ``key_path``'s conflict in ``path`` (a side, or ``value`` into ours), read
        the file again, and stage it when nothing is left; the outcome, or why not."""
        c = self.context
        document = c.workspace.document(path)
        if document is not None and document.modified:
            return "The article has unsaved changes: save or revert them first."
        from reviewer.workspace.mergefile import resolve_file

        try:
            resolved = resolve_file(path, key_path, choice, value)
        except ReviewerError as exc:
            return str(exc)
        if document is not None:
            c.workspace.reload(document, read_article(path))
            c.watcher.watch([document])
            c.editor.notify([document])
        name = shown_name(path.name)
        key = ".".join(key_path)
        if resolved.remaining:
            left = ", ".join(".".join(r.key_path) for r in resolved.remaining)
            c.status.showMessage(f"{name}: {key} settled; conflicts remain on {left}", 8000)
        elif resolved.markers:
            c.status.showMessage(f"{name}: {key} settled; {BODY_MESSAGE}", 8000)
        else:
            c.status.showMessage(self._stage(path, f"{name}: {key} settled"), 8000)
        return resolved

    def _stage(self, path: Path, said: str) -> str:
        from reviewer.workspace.mergefile import stage

        try:
            staged = stage(path)
        except ReviewerError as exc:
            return f"{said}; no conflict remains, but it was not added to git's index: {exc}"
        if staged:
            self.staged.emit(path)
            return f"{said}; no conflict remains, and the file is added to git's index"
        return f"{said}; no conflict remains"
