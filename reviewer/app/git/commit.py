"""Git ▸ Commit… (Ctrl+K): the changed article files and a message that says what was
decided, committed without a terminal.

The action asks to save unsaved changes first (a commit records the files as they are on
disk), then works out the plan in a worker (``workspace.git.commit_plan``: the changed
article files of the open folder, each one's decision and changed fields, and the generated
message) and shows it in ``CommitDialog``: the branch, a row per file (untick one to leave
it out), and the message in an editable box. Commit runs ``workspace.git.commit`` in a
worker: only those files are recorded, the rest of the repository (other staged or unstaged
changes) stays as it was. The status bar says "Committed 3 articles: <short id>"; a failure
(a hook, signing...) shows git's message, and nothing is committed.

The action is disabled, with the reason as its tooltip, when no folder is open, the folder
is in no git work tree, or git is not installed (checked in a worker when a folder opens).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.app import dialogs
from reviewer.app.context import AppContext
from reviewer.app.git.menu import git_menu
from reviewer.app.plaintext import plain_tip, shown_name
from reviewer.app.workers import Job
from reviewer.core.document import Document
from reviewer.core.errors import ReviewerError
from reviewer.workspace.git import Change, CommitPlan, commit, commit_plan, find_repository

#: The action's id in the registry, and its default shortcut (as in most git GUIs).
ACTION_ID = "commit"
SHORTCUT = "Ctrl+K"

#: How the dialog names each decision.
DECISION_LABELS = {
    "publish": "Publish",
    "unpublish": "Unpublish",
    "edit": "Edit",
    "add": "New",
    "delete": "Deleted",
}

NOTHING_TO_COMMIT = (
    "Nothing to commit: no article file in this folder has changed since the last commit."
)


def articles(count: int) -> str:
    """ "1 article", "3 articles"."""
    return f"{count} article{'s' if count != 1 else ''}"


class CommitDialog(QDialog):
    """The plan of a commit: its branch, its files (each can be left out) and its message.

    Accepted: ``plan()`` and ``message()`` say what to commit."""

    def __init__(self, plan: CommitPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Commit")
        self._plan = plan
        self._items: list[tuple[QTreeWidgetItem, Change]] = []
        branch = f"On branch {plan.branch}" if plan.branch else "On a detached HEAD (no branch)"
        self.branch = QLabel(branch, self)
        self.branch.setTextFormat(Qt.TextFormat.PlainText)
        font = self.branch.font()
        font.setBold(True)
        self.branch.setFont(font)
        self.branch.setToolTip(plain_tip(shown_name(plan.repository.root)))
        self.summary = QLabel(self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Article", "Decision", "Changed fields"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 90)
        for change in plan.files:
            self._add(change)
        self.tree.itemChanged.connect(self._on_item_changed)
        self.message_label = QLabel("&Message (the first line is the subject):", self)
        self.message_edit = QPlainTextEdit(self)
        self.message_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.message_edit.setPlainText(plan.message)
        self._generated = plan.message  # the message the box holds until it is edited
        self.message_edit.setTabChangesFocus(True)
        self.message_edit.textChanged.connect(self._update)
        self.message_label.setBuddy(self.message_edit)
        self.regenerate_button = QPushButton("&Regenerate Message", self)
        self.regenerate_button.setToolTip(
            "Write the message again for the articles ticked (your edits to it are replaced;"
            " until you edit it, it follows the articles ticked)"
        )
        self.regenerate_button.clicked.connect(self.regenerate)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message_label, 1)
        message_row.addWidget(self.regenerate_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.commit_button = self.buttons.addButton(
            "&Commit", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.commit_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.branch)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 3)
        layout.addLayout(message_row)
        layout.addWidget(self.message_edit, 2)
        layout.addWidget(self.buttons)
        self.resize(760, 560)
        self._update()

    def _add(self, change: Change) -> None:
        title = " ".join(change.title.split()) or change.relative
        item = QTreeWidgetItem([title, DECISION_LABELS.get(change.decision, change.decision)])
        item.setText(2, ", ".join(change.fields))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked)
        item.setToolTip(0, plain_tip(shown_name(change.relative)))
        item.setToolTip(2, plain_tip(", ".join(change.fields)))
        self.tree.addTopLevelItem(item)
        self._items.append((item, change))

    def left_out(self) -> list[Path]:
        """The files unticked."""
        return [
            change.path
            for item, change in self._items
            if item.checkState(0) != Qt.CheckState.Checked
        ]

    def plan(self) -> CommitPlan:
        """The plan without the files unticked (its message made for the files that stay)."""
        return self._plan.without(self.left_out())

    def message(self) -> str:
        """The message as the editor left it."""
        return self.message_edit.toPlainText()

    def set_checked(self, relative: str, checked: bool) -> None:
        """Tick or untick the file at ``relative`` (to the folder)."""
        for item, change in self._items:
            if change.relative == relative:
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def edited(self) -> bool:
        """True when the message in the box is not the one generated."""
        return self.message() != self._generated

    def regenerate(self) -> None:
        """Put the generated message of the files ticked in the box (the editor's edits to
        it go)."""
        self._generated = self.plan().message
        self.message_edit.setPlainText(self._generated)

    def _on_item_changed(self, *_args: object) -> None:
        if not self.edited():  # a message of the editor's own stays as written
            self.regenerate()
        self._update()

    def _update(self, *_args: object) -> None:
        count = len(self._items) - len(self.left_out())
        total = len(self._items)
        if count == total:
            text = f"{articles(total)} changed; untick one to leave it out of the commit:"
        else:
            text = f"{count} of {articles(total)} ticked; the others are left as they are:"
        self.summary.setText(text)
        self.commit_button.setEnabled(count > 0 and bool(self.message().strip()))


def _plan(folder: Path, job: Job) -> CommitPlan | ReviewerError:
    try:
        return commit_plan(folder, cancelled=job.cancelled)
    except ReviewerError as exc:
        return exc


def _commit(plan: CommitPlan, message: str, job: Job) -> str | ReviewerError:
    try:
        return commit(plan, message, cancelled=job.cancelled)
    except ReviewerError as exc:
        return exc


def _repository_problem(folder: Path, _job: Job) -> str:
    """Why the folder's files cannot be committed ("" when they can)."""
    try:
        find_repository(folder)
    except ReviewerError as exc:
        return str(exc)
    return ""


class GitCommit(QObject):
    """Git ▸ Commit…: the dialog, the plan and the commit, each in a worker.

    Signals:
        committed(str): a commit was made; its id.
    """

    committed = Signal(str)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        self.dialog: CommitDialog | None = None
        #: The last "nothing to commit" box (for tests and screenshots).
        self.notice: QMessageBox | None = None
        self._problem = "No folder is open"
        self._busy: Job | None = None  # the plan or the commit under way
        self._checking: Job | None = None
        self.action = QAction("&Commit…", context.view)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setStatusTip("Commit the changed articles of this folder, with a message")
        self.action.triggered.connect(self.commit)
        context.actions.register(ACTION_ID, self.action, "Git ▸ Commit")
        git_menu(context).addAction(self.action)
        context.loader.started.connect(self._on_loader_started)
        self._update()

    # -- whether the action can run

    def _on_loader_started(self, folder: object) -> None:
        self._problem = "Checking the folder's git repository…"
        self._update()

        def checked(job: Job, problem: str) -> None:
            if job is self._checking:
                self._checking = None
                self._problem = problem
                self._update()

        self._checking = self.context.workers.start(
            "git-repository",
            lambda job: _repository_problem(Path(str(folder)), job),
            finished=checked,
        )

    def _update(self) -> None:
        problem = self._problem
        if not problem and self._busy is not None:
            problem = "A commit is under way"
        keys = self.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = problem or "Commit the changed articles of this folder, with a message"
        self.action.setToolTip(plain_tip(f"{tip} ({keys})" if keys else tip))
        self.action.setEnabled(not problem)

    def problem(self) -> str:
        """Why the action is disabled ("" when it is enabled)."""
        return "" if self.action.isEnabled() else self.action.toolTip()

    # -- committing

    def commit(self) -> None:
        """Save (or not) the unsaved changes, then work out the plan and show the dialog."""
        c = self.context
        folder = c.workspace.folder
        if folder is None or self._busy is not None or self._problem:
            return
        c.editor.finish()
        c.saver.finish_now()
        modified: list[Document] = c.model.modified_documents()
        if modified:
            answer = dialogs.ask_unsaved(
                c.view,
                len(modified),
                title="Commit",
                why="A commit records the files as they are on disk. Save the changes first?",
                without="Commit Without Them",
            )
            if answer is dialogs.Unsaved.CANCEL:
                return
            if answer is dialogs.Unsaved.SAVE and not c.saver.save_and_wait(modified):
                return
        c.status.showMessage("Looking for changed articles…")
        self._busy = c.workers.start(
            "git-commit-plan", lambda job: _plan(folder, job), finished=self._on_planned
        )
        self._update()

    def _on_planned(self, job: Job, result: CommitPlan | ReviewerError) -> None:
        if job is not self._busy:
            return
        self._busy = None
        self._update()
        c = self.context
        c.status.clearMessage()
        if isinstance(result, ReviewerError):
            dialogs.error_dialog(c.view, f"Nothing can be committed now: {result}")
            return
        if not result.files:
            c.status.showMessage("Nothing to commit", 5000)
            box = self.notice = QMessageBox(
                QMessageBox.Icon.Information,
                "Commit",
                NOTHING_TO_COMMIT,
                QMessageBox.StandardButton.Ok,
                c.view,
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(self._forget_notice)
            box.open()
            return
        dialog = self.dialog = CommitDialog(result, c.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._start_commit(dialog.plan(), dialog.message()))
        dialog.finished.connect(self._forget_dialog)
        dialog.open()

    def _forget_notice(self, *_args: object) -> None:
        self.notice = None

    def _forget_dialog(self, *_args: object) -> None:
        self.dialog = None

    def _start_commit(self, plan: CommitPlan, message: str) -> None:
        c = self.context
        c.status.showMessage(f"Committing {articles(len(plan.files))}…")
        self._busy = c.workers.start(
            "git-commit",
            lambda job: _commit(plan, message, job),
            finished=lambda job, result: self._on_committed(job, plan, result),
        )
        self._update()

    def _on_committed(self, job: Job, plan: CommitPlan, result: str | ReviewerError) -> None:
        if job is not self._busy:
            return
        self._busy = None
        self._update()
        c = self.context
        c.status.clearMessage()
        if isinstance(result, ReviewerError):
            stderr = getattr(result, "stderr", "")
            dialogs.error_dialog(
                c.view,
                f"The commit failed; nothing was committed.\n\n{result}",
                stderr if stderr and stderr != str(result) else "",
            )
            return
        c.status.showMessage(f"Committed {articles(len(plan.files))}: {result[:7]}", 10_000)
        self.committed.emit(result)
