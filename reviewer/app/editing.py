"""Edits as undoable commands, and the controller that applies them to documents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reviewer.core import fields
from reviewer.core.document import Document
from reviewer.core.errors import ReadOnlyError, ReviewerError
from reviewer.core.frontmatter.edit import same


def field_name(path: tuple[str, ...]) -> str:
    """A readable name for a key path (in Edit > Undo): a known field's label, else the
    dotted key."""
    known = fields.find(path)
    return known.label if known is not None else ".".join(path)


class SaveFailure(NamedTuple):
    """A document that could not be saved, why, and whether a forced save would write it
    (the file is only write-protected)."""

    document: Document
    reason: str
    read_only: bool = False


@dataclass(frozen=True)
class _Step:
    document: Document
    path: tuple[str, ...]
    before: Any  # the value before (MISSING when the key was absent)
    after: Any


class EditCommand(QUndoCommand):
    """Set one or more values on one or more documents, as one undo step."""

    MERGE_ID = 1

    def __init__(
        self, editor: Editor, steps: Sequence[_Step], text: str, merge: bool = False
    ) -> None:
        super().__init__(text)
        self._editor = editor
        self._steps = list(steps)
        self._merge = merge and len(self._steps) == 1

    def id(self) -> int:
        return self.MERGE_ID if self._merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing in one field makes one undo step, not one per key press."""
        if not isinstance(other, EditCommand) or not (self._merge and other._merge):
            return False
        mine, theirs = self._steps[0], other._steps[0]
        if mine.document is not theirs.document or mine.path != theirs.path:
            return False
        self._steps[0] = _Step(mine.document, mine.path, mine.before, theirs.after)
        return True

    def redo(self) -> None:
        for step in self._steps:
            step.document.set(step.path, step.after)
        self._editor.notify(step.document for step in self._steps)

    def undo(self) -> None:
        for step in reversed(self._steps):
            step.document.set(step.path, step.before)
        self._editor.notify(step.document for step in self._steps)


class Editor(QObject):
    """Owns the undo stack; every change to a document goes through here.

    Signals:
        documents_changed(list): these documents' values or modified state changed.
        save_failed(list): the SaveFailures of a save.
    """

    documents_changed = Signal(list)
    save_failed = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        #: True while documents_changed reports documents just saved (not new values).
        self.saving = False

    def set_value(
        self, document: Document, path: tuple[str, ...], value: Any, merge: bool = False
    ) -> None:
        """Change one value, undoably; ``merge`` folds successive edits of a field into one step."""
        self.set_values([document], path, value, f"Change {field_name(path)}", merge)

    def set_values(
        self,
        documents: Iterable[Document],
        path: tuple[str, ...],
        value: Any,
        text: str,
        merge: bool = False,
    ) -> None:
        """Change one value on several documents, as one undo step."""
        steps = [
            _Step(d, path, d.get(path), value)
            for d in documents
            if d.editable and not same(d.get(path), value)
        ]
        if steps:
            self.undo_stack.push(EditCommand(self, steps, text, merge))

    def apply(self, steps: list[tuple[Document, tuple[str, ...], Any]], text: str) -> None:
        """Set a value per (document, key path), as one undo step (unchanged ones are left out)."""
        changes = [
            _Step(d, path, d.get(path), value)
            for d, path, value in steps
            if d.editable and not same(d.get(path), value)
        ]
        if changes:
            self.undo_stack.push(EditCommand(self, changes, text))

    def revert_field(self, document: Document, path: tuple[str, ...]) -> None:
        """Put a field back to what the disk holds, undoably."""
        keys = [key for key in document.changes if key[: len(path)] == path]
        steps = [_Step(document, key, document.get(key), document.disk_value(key)) for key in keys]
        if steps:
            self.undo_stack.push(EditCommand(self, steps, f"Revert {field_name(path)}"))

    def revert_document(self, document: Document) -> None:
        """Drop every change of a document, undoably."""
        steps = [_Step(document, k, v, document.disk_value(k)) for k, v in document.changes.items()]
        if steps:
            self.undo_stack.push(EditCommand(self, steps, f"Revert {document.path.name}"))

    def notify(self, documents: Iterable[Document]) -> None:
        """Tell listeners these documents changed."""
        self.documents_changed.emit(list(dict.fromkeys(documents)))

    def save(self, documents: Iterable[Document], force: bool = False) -> list[SaveFailure]:
        """Save each modified document; return the ones that failed, with the reason.

        ``force`` writes write-protected files anyway (the editor asked for it by name).
        """
        failed: list[SaveFailure] = []
        saved: list[Document] = []
        for document in documents:
            if not document.modified:
                continue
            try:
                document.save(force=force)
            except ReviewerError as exc:
                failed.append(SaveFailure(document, str(exc), isinstance(exc, ReadOnlyError)))
            except OSError as exc:  # anything the store did not already translate
                failed.append(SaveFailure(document, exc.strerror or str(exc)))
            else:
                saved.append(document)
        if saved:
            self.saving = True  # listeners may redraw later: values are as they were
            try:
                self.notify(saved)
            finally:
                self.saving = False
        if failed:
            self.save_failed.emit(failed)
        return failed
