"""Edits as undoable commands: the workspace's ``SetValues`` on the window's undo stack.

Every change to a document goes through the ``Editor``. An edit is planned by the
workspace (``edits.plan``: which documents it changes, to what, which it skips), and its
``SetValues`` goes on the undo stack inside an ``EditCommand``, a thin ``QUndoCommand``
whose redo and undo are the command's ``do`` and ``undo``.

A big edit (more than CHUNK documents: Select All and Toggle Published on a folder of
100,000) is planned and made a slice at a time, one slice per pass of the event loop, so
the window never stops answering for long; so are the undo and redo of a big command.
Meanwhile, and while a save runs in the background, the editor is *busy*: new edits, undo
and redo are refused (the window says so) until it is done.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from reviewer.app.plaintext import short_title
from reviewer.core import fields
from reviewer.core.document import Document
from reviewer.core.frontmatter.edit import KeyPath, same
from reviewer.workspace import Edit, Plan, SetValue, SetValues, Step, plan

#: Documents planned and changed per slice of a big edit (20 to 30 ms of work, with the
#: table's refresh: a few slices of the window's idle work may run back to back).
CHUNK = 500
#: How long the slices of big edits may run in one pass of the event loop (one slice at
#: least).
SLICE_SECONDS = 0.01


def field_name(path: tuple[str, ...]) -> str:
    """A readable name for a key path (in Edit > Undo): a known field's label, else the
    dotted key."""
    known = fields.find(path)
    return known.label if known is not None else ".".join(path)


class EditCommand(QUndoCommand):
    """A ``SetValues`` as one step of the undo stack.

    ``merge``: successive commands that each set the same single value fold into one (typing
    in a field). ``done``: the steps were made already (a big edit, slice by slice), so the
    first redo, which QUndoStack.push calls, has nothing to do.
    """

    MERGE_ID = 1

    def __init__(
        self, editor: Editor, command: SetValues, merge: bool = False, done: bool = False
    ) -> None:
        super().__init__(command.text)
        self.command = command
        self.mergeable = merge and len(command.steps) == 1
        self._editor = editor
        self._done = done

    def id(self) -> int:
        return self.MERGE_ID if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing in one field makes one undo step, not one per key press."""
        if not isinstance(other, EditCommand) or not (self.mergeable and other.mergeable):
            return False
        return self.command.merge(other.command)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._editor.run(self.command)

    def undo(self) -> None:
        self._editor.run(self.command, undo=True)


class StackAction(QAction):
    """Undo or Redo: named after the step, enabled when there is one and the editor is free."""

    def __init__(
        self,
        parent: QObject,
        editor: Editor,
        prefix: str,
        slot: Callable[[], None],
        can: Callable[[], bool],
        text: Callable[[], str],
        signals: tuple[Any, ...],
    ) -> None:
        super().__init__(prefix, parent)
        self._editor = editor
        self._prefix = prefix
        self._can = can
        self._text = text
        self.triggered.connect(slot)
        for signal in (*signals, editor.busy_changed):
            signal.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        """Follow the undo stack and the editor."""
        if not shiboken6.isValid(self._editor.undo_stack):  # the window is going away
            return
        self.setEnabled(self._can() and not self._editor.busy())
        self.setText(f"{self._prefix} {self._text()}".rstrip())


class Editor(QObject):
    """Owns the undo stack; every change to a document goes through here.

    Signals:
        documents_changed(list): these documents' values or modified state changed (an
            edit, an undo or redo, a save, a reload from disk; a big edit reports each
            slice as it is made).
        busy_changed(bool): the editor became busy (a big edit or a save under way: edits,
            undo and redo wait) or free again.
        refused(str): an edit, undo or redo was refused while busy; the sentence says why.
    """

    documents_changed = Signal(list)
    busy_changed = Signal(bool)
    refused = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        #: True while documents_changed reports documents just saved (not new values).
        self.saving = False
        self._busy: set[str] = set()  # why: "editing" (slices to make), "saving"
        self._tasks: deque[Iterator[None]] = deque()
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._run_slices)

    # -- edits

    def set_value(self, document: Document, path: KeyPath, value: Any, merge: bool = False) -> None:
        """Change one value, undoably; ``merge`` folds successive edits of a field into one step."""
        self.set_values([document], path, value, f"Change {field_name(path)}", merge)

    def set_values(
        self,
        documents: Iterable[Document],
        path: KeyPath,
        value: Any,
        text: str | None = None,
        merge: bool = False,
    ) -> None:
        """Set one value on several documents, as one undo step (``text``: its name; by
        default the plan's, "Set quality to “40” on 3 articles")."""
        self.edit(SetValue(path, value), documents, text, merge)

    def edit(
        self,
        edit: Edit,
        documents: Iterable[Document],
        text: str | None = None,
        merge: bool = False,
    ) -> None:
        """Make ``edit`` on each of ``documents`` that can take it, as one undo step.

        Up to CHUNK documents at once; more a slice per pass of the event loop (busy
        until the last one is made).
        """
        if not self.can_edit():
            return
        documents = list(documents)
        if len(documents) <= CHUNK:
            self.apply_plan(plan(edit, documents), text, merge)
        else:
            self._queue(self._edit_in_slices(edit, documents, text))

    def apply_plan(self, made: Plan, text: str | None = None, merge: bool = False) -> None:
        """Make a plan's changes as one undo step (``text``: its name, default the plan's)."""
        if not self.can_edit():
            return
        command = made.command()
        if text:
            command.text = text
        self._push(command, merge)

    def apply(self, changes: Iterable[tuple[Document, KeyPath, Any]], text: str) -> None:
        """Set a value per (document, key path), as one undo step (unchanged ones are left out)."""
        if self.can_edit():
            steps = [
                Step(d, path, d.get(path), value)
                for d, path, value in changes
                if d.editable and not same(d.get(path), value)
            ]
            self._push(SetValues(steps, text))

    def revert_field(self, document: Document, path: KeyPath) -> None:
        """Put a field back to what the disk holds, undoably."""
        keys = [key for key in document.changes if key[: len(path)] == path]
        steps = [Step(document, key, document.get(key), document.disk_value(key)) for key in keys]
        if self.can_edit():
            self._push(SetValues(steps, f"Revert {field_name(path)}"))

    def revert_document(self, document: Document) -> None:
        """Drop every change of a document, undoably."""
        steps = [Step(document, k, v, document.disk_value(k)) for k, v in document.changes.items()]
        if self.can_edit():
            name = short_title(document.view.title, document.path.name)
            self._push(SetValues(steps, f"Revert {name}"))

    def _push(self, command: SetValues, merge: bool = False, done: bool = False) -> None:
        if command.steps:
            self.undo_stack.push(EditCommand(self, command, merge, done))

    # -- undo and redo

    def undo(self) -> None:
        """Undo the last step (refused while busy)."""
        if self.can_edit():
            self.undo_stack.undo()

    def redo(self) -> None:
        """Redo the step last undone (refused while busy)."""
        if self.can_edit():
            self.undo_stack.redo()

    def undo_action(self, parent: QObject) -> QAction:
        """An Undo action: named after the step it undoes, off while busy or with none."""
        stack = self.undo_stack
        signals = (stack.canUndoChanged, stack.undoTextChanged)
        return StackAction(parent, self, "&Undo", self.undo, stack.canUndo, stack.undoText, signals)

    def redo_action(self, parent: QObject) -> QAction:
        """A Redo action: named after the step it redoes, off while busy or with none."""
        stack = self.undo_stack
        signals = (stack.canRedoChanged, stack.redoTextChanged)
        return StackAction(parent, self, "&Redo", self.redo, stack.canRedo, stack.redoText, signals)

    # -- making the steps

    def run(self, command: SetValues, undo: bool = False) -> None:
        """Make ``command``'s steps (or, with ``undo``, put every value back): at once when
        they are few, else a slice per pass of the event loop."""
        if len(command.steps) <= CHUNK and not self._tasks:
            self.notify(command.undo() if undo else command.do())
        else:
            self._queue(self._run_in_slices(command, undo))

    def _run_in_slices(self, command: SetValues, undo: bool) -> Iterator[None]:
        steps = command.steps
        starts = range(0, len(steps), CHUNK)
        for start in reversed(starts) if undo else starts:
            part = SetValues(steps[start : start + CHUNK], command.text)
            self.notify(part.undo() if undo else part.do())
            yield

    def _edit_in_slices(
        self, edit: Edit, documents: list[Document], text: str | None
    ) -> Iterator[None]:
        whole = Plan(edit)
        for start in range(0, len(documents), CHUNK):
            part = plan(edit, documents[start : start + CHUNK])
            whole.outcomes.extend(part.outcomes)
            self.notify(SetValues(part.steps, "").do())  # pushed whole at the end
            yield
        command = whole.command()
        if text:
            command.text = text
        self._push(command, done=True)

    def _queue(self, task: Iterator[None]) -> None:
        self._tasks.append(task)
        self.set_busy("editing", True)
        self._timer.start()

    def _run_slices(self) -> None:
        deadline = time.perf_counter() + SLICE_SECONDS
        while self._tasks and time.perf_counter() < deadline:
            try:
                next(self._tasks[0])
            except StopIteration:
                self._tasks.popleft()
        if self._tasks:
            self._timer.start()
        else:
            self.set_busy("editing", False)

    def finish(self) -> None:
        """Make the slices still to be made now (before a save, a close, another folder)."""
        self._timer.stop()
        while self._tasks:
            for _slice in self._tasks.popleft():
                pass
        self.set_busy("editing", False)

    # -- busy

    def busy(self) -> bool:
        """True while a big edit is being made or a save runs: edits wait."""
        return bool(self._busy)

    def set_busy(self, reason: str, on: bool) -> None:
        """Mark the editor busy for ``reason`` ("saving"), or no longer."""
        was = self.busy()
        if on:
            self._busy.add(reason)
        else:
            self._busy.discard(reason)
        if self.busy() != was:
            self.busy_changed.emit(self.busy())

    def can_edit(self) -> bool:
        """True when an edit may be made now; else says why (``refused``) and False."""
        if not self._busy:
            return True
        doing = "saving" if "saving" in self._busy else "making the last change"
        self.refused.emit(f"Wait a moment: reviewer is {doing}")
        return False

    def notify(self, documents: Iterable[Document]) -> None:
        """Tell listeners these documents changed."""
        self.documents_changed.emit(list(dict.fromkeys(documents)))
