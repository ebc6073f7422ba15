"""Edit ▸ Bulk Edit…: one change to many articles, previewed, confirmed, and one undo step."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reviewer.app.keymap import find_menu
from reviewer.app.plaintext import plain_tip
from reviewer.core import diff
from reviewer.core.document import MISSING, Document
from reviewer.core.errors import ReviewerError
from reviewer.core.frontmatter.edit import same

if TYPE_CHECKING:
    from reviewer.app.editing import Editor
    from reviewer.app.mainwindow import MainWindow

#: Above this many files, applying asks first.
CONFIRM_ABOVE = 50

Step = tuple[Document, tuple[str, ...], Any]


class Operation(Enum):
    """What a bulk edit does; the value is the text in the dialog."""

    PUBLISH = "Publish"
    UNPUBLISH = "Unpublish"
    CATEGORY = "Set category"
    TYPE = "Set type"
    ADD_TOPIC = "Add a topic"
    REMOVE_TOPIC = "Remove a topic"
    QUALITY = "Set quality"


_TEXT_OPERATIONS = (Operation.CATEGORY, Operation.TYPE, Operation.ADD_TOPIC, Operation.REMOVE_TOPIC)


class _Skip(Exception):
    """This file cannot take the change (the message says why)."""


def new_value(document: Document, operation: Operation, value: Any) -> Step | None:
    """The (document, key path, value) this operation sets, or None when nothing changes.

    Raises _Skip for a file that cannot be changed (unreadable, topics that are not a list).
    """
    wanted: Any
    if not document.editable:
        raise _Skip(f"{document.path.name}: {document.article.error}")
    if operation in (Operation.PUBLISH, Operation.UNPUBLISH):
        path, wanted = ("published",), operation is Operation.PUBLISH
    elif operation is Operation.CATEGORY:
        path, wanted = ("category",), value
    elif operation is Operation.TYPE:
        path, wanted = ("type",), value
    elif operation is Operation.QUALITY:
        path, wanted = ("quality",), value
    else:
        path = ("topics",)
        topics = document.get(path)
        if topics is MISSING or topics is None:
            topics = []
        if not isinstance(topics, list):
            raise _Skip(f"{document.path.name}: topics is not a list")
        key = str(value).casefold()
        matches = [t for t in topics if isinstance(t, str) and t.casefold() == key]
        if operation is Operation.ADD_TOPIC:
            wanted = topics if matches else [*topics, value]
        else:
            wanted = [t for t in topics if not (isinstance(t, str) and t.casefold() == key)]
    if same(document.get(path), wanted):
        return None
    return (document, path, wanted)


@dataclass
class Plan:
    """What applying would do: the steps, out of how many articles, and the files skipped."""

    operation: Operation
    value: Any
    total: int
    steps: list[Step] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """The undo step's text: "Publish 12 articles", "Add topic “x” to 3 articles"."""
        items = _articles(len(self.steps))
        op, value = self.operation, self.value
        if op in (Operation.PUBLISH, Operation.UNPUBLISH):
            return f"{op.value} {items}"
        if op is Operation.ADD_TOPIC:
            return f"Add topic “{value}” to {items}"
        if op is Operation.REMOVE_TOPIC:
            return f"Remove topic “{value}” from {items}"
        return f"{op.value} to “{value}” on {items}"


def make_plan(documents: list[Document], operation: Operation, value: Any) -> Plan:
    """Work out the change on each document (nothing is written)."""
    plan = Plan(operation, value, len(documents))
    for document in documents:
        try:
            step = new_value(document, operation, value)
        except _Skip as exc:
            plan.skipped.append(str(exc))
            continue
        if step is not None:
            plan.steps.append(step)
    return plan


def sample_diff(step: Step) -> str:
    """The unified diff one step makes to its file (on a copy of the document; never written).

    The document is read in full first when it is light: the diff is of the file itself.
    """
    document, path, value = step
    document.load()
    copy = Document(document.article)
    for key, pending in document.changes.items():
        copy.set(key, pending)
    try:
        before = copy.render() if copy.modified else document.article.raw
        copy.set(path, value)
        after = copy.render()
    except ReviewerError as exc:
        return f"{document.path.name}: this change cannot be written exactly: {exc}"
    name = document.path.name
    return "\n".join(diff.unified(before, after, f"{name} (now)", f"{name} (after the change)"))


def confirm_many(parent: QWidget, count: int, description: str) -> bool:
    """Ask before changing more than CONFIRM_ABOVE files; True to go on."""
    answer = QMessageBox.question(
        parent,
        "Change many articles?",
        plain_tip(
            f"This will change {count} articles: {description}.\n\n"
            "It is one step in Edit ▸ Undo, and nothing is written until you save."
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def _articles(count: int) -> str:
    return "1 article" if count == 1 else f"{count} articles"


class BulkEditDialog(QDialog):
    """Choose the articles and the change; see how many files change and a sample diff."""

    def __init__(
        self,
        editor: Editor,
        selected: list[Document],
        matching: list[Document],
        suggestions: dict[Operation, list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.selected = selected
        self.matching = matching
        self.suggestions = suggestions
        self.plan: Plan | None = None
        self.setWindowTitle("Bulk Edit")
        self.only_selected = QRadioButton(f"The {_articles(len(selected))} selected", self)
        self.all_matching = QRadioButton(
            f"All {_articles(len(matching))} matching the current search", self
        )
        scope = QButtonGroup(self)
        scope.addButton(self.only_selected)
        scope.addButton(self.all_matching)
        self.only_selected.setEnabled(bool(selected))
        (self.only_selected if selected else self.all_matching).setChecked(True)
        self.operation = QComboBox(self)
        for op in Operation:
            self.operation.addItem(op.value, op)
        self.text_value = QComboBox(self)
        self.text_value.setEditable(True)
        self.text_value.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.number_value = QSpinBox(self)
        self.number_value.setRange(-1_000_000, 1_000_000)
        self.number_value.setValue(50)
        self.value_label = QLabel("Value:", self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.diff = QPlainTextEdit(self)
        self.diff.setReadOnly(True)
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.diff.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.diff.setPlaceholderText("A sample of the change shows here.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button: QPushButton = buttons.addButton(
            "Apply", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setToolTip("Make the change (one undo step; saved with File ▸ Save)")
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Apply to:", self.only_selected)
        form.addRow("", self.all_matching)
        form.addRow("Change:", self.operation)
        form.addRow(self.value_label, self.text_value)
        form.addRow("", self.number_value)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.diff, 1)
        layout.addWidget(buttons)
        self.resize(720, 520)

        scope.buttonToggled.connect(self.update_preview)
        self.operation.currentIndexChanged.connect(self._on_operation_changed)
        self.text_value.currentTextChanged.connect(self.update_preview)
        self.number_value.valueChanged.connect(self.update_preview)
        self._on_operation_changed()

    # -- choosing

    def documents(self) -> list[Document]:
        """The articles the change is for."""
        return self.selected if self.only_selected.isChecked() else self.matching

    def current_operation(self) -> Operation:
        """The chosen operation."""
        op = self.operation.currentData()
        assert isinstance(op, Operation)
        return op

    def set_operation(self, operation: Operation, value: Any = None) -> None:
        """Choose an operation and its value (used by tests and scripts)."""
        self.operation.setCurrentIndex(self.operation.findData(operation))
        if isinstance(value, int) and not isinstance(value, bool):
            self.number_value.setValue(value)
        elif value is not None:
            self.text_value.setCurrentText(str(value))
        self.update_preview()

    def value(self) -> Any:
        """The value for the operation (None when it needs one and has none)."""
        op = self.current_operation()
        if op is Operation.QUALITY:
            return self.number_value.value()
        if op in _TEXT_OPERATIONS:
            return self.text_value.currentText().strip() or None
        return True

    def _on_operation_changed(self, *_args: object) -> None:
        op = self.current_operation()
        self.text_value.setVisible(op in _TEXT_OPERATIONS)
        self.number_value.setVisible(op is Operation.QUALITY)
        self.value_label.setVisible(op in _TEXT_OPERATIONS or op is Operation.QUALITY)
        if op in _TEXT_OPERATIONS:
            text = self.text_value.currentText()
            self.text_value.blockSignals(True)
            self.text_value.clear()
            self.text_value.addItems(self.suggestions.get(op, []))
            self.text_value.setCurrentText(text)
            self.text_value.blockSignals(False)
        self.update_preview()

    # -- preview and apply

    def update_preview(self, *_args: object) -> None:
        """Count the files that would change and show the first one's diff."""
        value = self.value()
        documents = self.documents()
        if value is None:
            self.plan = None
            self.summary.setText("Type a value to see what would change.")
            self.diff.clear()
            self.apply_button.setEnabled(False)
            return
        op = self.current_operation()
        if op is Operation.REMOVE_TOPIC or op is Operation.ADD_TOPIC:
            value = str(value)
        self.plan = plan = make_plan(documents, op, value)
        selected = self.only_selected.isChecked()
        where = "selected articles" if selected else "articles matching the search"
        text = f"{len(plan.steps)} of {plan.total} {where} will change."
        if plan.skipped:
            count = len(plan.skipped)
            text += (
                f" {_articles(count)} skipped: {'it has' if count == 1 else 'they have'} errors."
            )
            self.summary.setToolTip(plain_tip("\n".join(plan.skipped)))
        else:
            self.summary.setToolTip("")
        self.summary.setText(text)
        self.diff.setPlainText(sample_diff(plan.steps[0]) if plan.steps else "")
        self.apply_button.setEnabled(bool(plan.steps))

    def apply(self) -> bool:
        """Make the change as one undo step (asking first above CONFIRM_ABOVE files)."""
        self.update_preview()
        plan = self.plan
        if plan is None or not plan.steps:
            return False
        count = len(plan.steps)
        if count > CONFIRM_ABOVE and not confirm_many(self, count, plan.describe()):
            return False
        self.editor.apply(plan.steps, plan.describe())
        self.accept()
        return True


class BulkEdit(QObject):
    """Edit ▸ Bulk Edit… (Ctrl+E) for ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: BulkEditDialog | None = None
        self.action = QAction("&Bulk Edit…", window)
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.setStatusTip("Change many articles at once: publish, category, topics…")
        self.action.triggered.connect(self.open_dialog)
        menu = find_menu(window.menuBar(), "&Edit")
        if menu is not None:
            menu.addAction(self.action)
        window.keymap.register("bulk_edit", self.action, "Edit ▸ Bulk Edit")

    def open_dialog(self) -> BulkEditDialog:
        """Open the dialog on the selection and on every row in view."""
        w = self.window
        matching = w.proxy.documents()
        dialog = BulkEditDialog(w.editor, w.selected_documents(), matching, self._suggestions(), w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: w.status.showMessage(self._applied_text(dialog), 5000))
        self.dialog = dialog
        dialog.destroyed.connect(self._forget)
        dialog.open()
        return dialog

    def _forget(self) -> None:
        self.dialog = None

    @staticmethod
    def _applied_text(dialog: BulkEditDialog) -> str:
        plan = dialog.plan
        return f"{plan.describe()} — not saved yet" if plan is not None else ""

    def _suggestions(self) -> dict[Operation, list[str]]:
        categories: set[str] = set()
        types: set[str] = set()
        topics: set[str] = set()
        for document in self.window.model.documents():
            article = document.view
            if article.category:
                categories.add(article.category)
            if article.type:
                types.add(article.type)
            topics.update(article.topics)
        key = str.casefold
        return {
            Operation.CATEGORY: sorted(categories, key=key),
            Operation.TYPE: sorted(types, key=key),
            Operation.ADD_TOPIC: sorted(topics, key=key),
            Operation.REMOVE_TOPIC: sorted(topics, key=key),
        }
