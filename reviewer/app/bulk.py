"""Edit ▸ Bulk Edit…: one change to many articles, previewed, confirmed, and one undo step."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

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

from reviewer.app.context import AppContext
from reviewer.app.editing import Editor
from reviewer.app.plaintext import plain_tip
from reviewer.core import diff
from reviewer.core.document import Document
from reviewer.core.errors import EditError, ReviewerError
from reviewer.workspace import (
    AddTopic,
    Edit,
    Plan,
    RemoveTopic,
    SetValue,
    Step,
    plan,
    preview,
    publish,
)
from reviewer.workspace.edits import changes

#: Above this many files, applying asks first.
CONFIRM_ABOVE = 50


class Operation(Enum):
    """What a bulk edit does; the value is the text in the dialog."""

    PUBLISH = "Publish"
    UNPUBLISH = "Unpublish"
    CATEGORY = "Set category"
    TYPE = "Set type"
    ADD_TOPIC = "Add a topic"
    REMOVE_TOPIC = "Remove a topic"
    QUALITY = "Set quality"

    def edit(self, value: Any) -> Edit:
        """The workspace's edit that does this with ``value``."""
        if self is Operation.PUBLISH or self is Operation.UNPUBLISH:
            return publish(self is Operation.PUBLISH)
        if self is Operation.ADD_TOPIC:
            return AddTopic(str(value))
        if self is Operation.REMOVE_TOPIC:
            return RemoveTopic(str(value))
        return SetValue((_KEYS[self],), value, self.value)


#: The key each "Set …" operation sets.
_KEYS = {Operation.CATEGORY: "category", Operation.TYPE: "type", Operation.QUALITY: "quality"}
_TEXT_OPERATIONS = (Operation.CATEGORY, Operation.TYPE, Operation.ADD_TOPIC, Operation.REMOVE_TOPIC)


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
        self.plan = made = plan(self.current_operation().edit(value), documents)
        steps = made.steps
        selected = self.only_selected.isChecked()
        where = "selected articles" if selected else "articles matching the search"
        text = f"{len(steps)} of {len(made.outcomes)} {where} will change."
        skipped = made.skipped
        if skipped:
            count = len(skipped)
            # Files that cannot be read, or a value refused by the field's check (the
            # workspace's plan says which, in the registry's sentence).
            why_not = {o.problem for o in skipped}
            if all(o.document.article.error is not None for o in skipped):
                why = f"{'it has' if count == 1 else 'they have'} errors."
            elif len(why_not) == 1:
                why = str(next(iter(why_not)))
            else:
                why = "see why on hover."
            text += f" {_articles(count)} skipped: {why}"
            reasons = [f"{o.document.path.name}: {o.problem}" for o in skipped]
            self.summary.setToolTip(plain_tip("\n".join(reasons)))
        else:
            self.summary.setToolTip("")
        self.summary.setText(text)
        if steps:  # the first change's diff (its file is read in full for it)
            name = steps[0].document.path.name
            lines = preview(steps[0], f"{name} (now)", f"{name} (after the change)")
            self.diff.setPlainText("\n".join(lines))
        else:
            self.diff.setPlainText("")
        self.apply_button.setEnabled(bool(steps))

    def apply(self) -> bool:
        """Make the change as one undo step (asking first above CONFIRM_ABOVE files)."""
        self.update_preview()
        made = self.plan
        if made is None or not made.steps:
            return False
        count = len(made.steps)
        if count > CONFIRM_ABOVE and not confirm_many(self, count, made.describe()):
            return False
        self.editor.apply_plan(made)
        self.accept()
        return True


def file_preview(steps: Sequence[Step]) -> list[str]:
    """The unified diff that ``steps``, all of one document, make together to its file (after
    its pending changes); a line that says so when they cannot be written exactly."""
    document = steps[0].document
    name = document.path.name
    old, new = f"{name} (now)", f"{name} (after the change)"
    if len(steps) == 1:
        return preview(steps[0], old, new)
    try:
        _disk, before = changes(document)  # reads a light document's file
        copy = Document(document.article)
        copy.changes = dict(document.changes)
        for step in steps:
            copy.set(step.path, step.after)
        after = copy.render()
    except (EditError, ReviewerError) as exc:
        return [f"{name}: this change cannot be written exactly: {exc}"]
    return diff.unified(before, after, old, new)


class PlansDialog(QDialog):
    """Changes planned elsewhere, each file its own (the consistency report's fixes: a
    workspace ``Plan`` per edit and file): how many files change, every file's exact diff,
    and Apply: one undo step for them all, written when saved like any edit."""

    def __init__(
        self,
        editor: Editor,
        plans: Sequence[Plan],
        text: str,
        title: str = "Bulk Edit",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.plans = list(plans)
        #: The undo step's name ("Fix mojibake in 3 articles").
        self.text = text
        self.setWindowTitle(title)
        self.steps = [step for made in self.plans for step in made.steps]
        skipped = [outcome for made in self.plans for outcome in made.skipped]
        by_document: dict[Document, list[Step]] = {}
        for step in self.steps:
            by_document.setdefault(step.document, []).append(step)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        count = len(by_document)
        said = f"{_articles(count)} will change; each file's change is below."
        if skipped:
            said += f" {_articles(len(skipped))} skipped: see why on hover."
            reasons = [f"{o.document.path.name}: {o.problem}" for o in skipped]
            self.summary.setToolTip(plain_tip("\n".join(reasons)))
        self.summary.setText(said if count else "Nothing to change.")
        self.diff = QPlainTextEdit(self)
        self.diff.setReadOnly(True)
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.diff.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        lines: list[str] = []
        for steps in by_document.values():  # every file's diff (light ones are read for it)
            lines.extend([*file_preview(steps), ""])
        self.diff.setPlainText("\n".join(lines).rstrip("\n"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button: QPushButton = buttons.addButton(
            "Apply", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setToolTip("Make the changes (one undo step; saved with File ▸ Save)")
        self.apply_button.setEnabled(bool(self.steps))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.diff, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def apply(self) -> bool:
        """Make every change as one undo step (asking first above CONFIRM_ABOVE files)."""
        count = len({id(step.document) for step in self.steps})
        if not self.steps:
            return False
        if count > CONFIRM_ABOVE and not confirm_many(self, count, self.text):
            return False
        self.editor.apply(((s.document, s.path, s.after) for s in self.steps), self.text)
        self.accept()
        return True


class BulkEdit(QObject):
    """Edit ▸ Bulk Edit… (Ctrl+E)."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        self.dialog: BulkEditDialog | None = None
        self.action = QAction("&Bulk Edit…", context.view)
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.setStatusTip("Change many articles at once: publish, category, topics…")
        self.action.triggered.connect(self.open_dialog)
        context.actions.menu("menu.edit").addAction(self.action)
        context.actions.register("bulk_edit", self.action, "Edit ▸ Bulk Edit")

    def open_dialog(self) -> BulkEditDialog:
        """Open the dialog on the selection and on every row in view."""
        c = self.context
        matching = c.proxy.documents()
        dialog = BulkEditDialog(
            c.editor, c.selection.documents(), matching, self._suggestions(), c.view
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: c.status.showMessage(self._applied_text(dialog), 5000))
        self.dialog = dialog
        dialog.destroyed.connect(self._forget)
        dialog.open()
        return dialog

    def _forget(self) -> None:
        self.dialog = None

    @staticmethod
    def _applied_text(dialog: BulkEditDialog) -> str:
        made = dialog.plan
        return f"{made.describe()} — not saved yet" if made is not None else ""

    def _suggestions(self) -> dict[Operation, list[str]]:
        categories: set[str] = set()
        types: set[str] = set()
        topics: set[str] = set()
        for document in self.context.workspace.documents:
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
