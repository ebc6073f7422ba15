"""Git ▸ Sync in the window: bring in the others' commits and push ours, off the GUI thread.

The action (Git menu, toolbar, Ctrl+Shift+Y) first has the unsaved edits saved (a sync
changes files on disk), then runs ``workspace.git.sync`` in a worker, with its steps in
the status bar and its Cancel button. Done, the status bar says what came and went; a
problem (no upstream, a refused push, conflicts...) is a dialog with git's files. Files the
sync changed are read again (the watcher's check), and the git states follow.

Without git, or outside a work tree, the action is hidden and the Git menu says why.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from reviewer.app import dialogs
from reviewer.app.actions import TOOLBAR
from reviewer.app.context import AppContext
from reviewer.app.git.menu import git_menu
from reviewer.app.git.status import GitStatus
from reviewer.app.workers import Job
from reviewer.workspace.git import GitCancelled, GitError, SyncReport, sync
from reviewer.workspace.git.sync import FETCH, MERGE, PUSH, REBASE

#: Sync's action id and default shortcut.
SYNC_ID = "git_sync"
SYNC_KEYS = "Ctrl+Shift+Y"
#: Each step of a sync as the status bar says it, and its place among the steps.
STEPS = {
    FETCH: ("Fetching", 1),
    MERGE: ("Merging", 2),
    REBASE: ("Rebasing", 2),
    PUSH: ("Pushing", 3),
}
_SYNC_TIP = "Bring in the commits others pushed, then push yours (git fetch, merge, push)"


def report_text(report: SyncReport) -> str:
    """What a sync that went through did, in a sentence."""
    if not report.pulled and not report.pushed:
        return f"Synced with {report.upstream}: already up to date"
    done = []
    if report.pulled:
        done.append(f"pulled {report.pulled} commit{'s' if report.pulled != 1 else ''}")
    if report.pushed:
        done.append(f"pushed {report.pushed} commit{'s' if report.pushed != 1 else ''}")
    return f"Synced with {report.upstream}: {' and '.join(done)}"


class GitSync(QObject):
    """The Sync action and the sync it runs.

    Signals:
        finished(object): a sync ended: its SyncReport, or None (cancelled, or git failed:
            said in a dialog).
    """

    finished = Signal(object)

    def __init__(self, context: AppContext, status: GitStatus) -> None:
        super().__init__(context.view)
        self.context = context
        self.git_status = status
        self._job: Job | None = None
        view = context.view
        self.action = QAction("S&ync", view)
        self.action.setShortcut(QKeySequence(SYNC_KEYS))
        self.action.triggered.connect(self.start)
        context.actions.register(SYNC_ID, self.action, "Git ▸ Sync")
        self.why = QAction("", view)  # says why there is no git, in the Git menu
        self.why.setEnabled(False)
        menu = git_menu(context)
        menu.addAction(self.action)
        menu.addAction(self.why)
        toolbar = view.findChild(QToolBar, TOOLBAR)
        if isinstance(toolbar, QToolBar):
            toolbar.addAction(self.action)
        status.changed.connect(self.update_enabled)
        context.loader.started.connect(self.update_enabled)
        context.loader.finished.connect(self.update_enabled)
        context.status.cancel_requested.connect(self.cancel)
        self.update_enabled()

    def running(self) -> bool:
        """True while a sync runs."""
        return self._job is not None

    def update_enabled(self, *_args: object) -> None:
        """Show Sync only in a git work tree; enable it when no load or sync runs."""
        reason = self.git_status.reason
        available = not reason
        self.action.setVisible(available)
        self.action.setEnabled(available and not self.running() and not self.context.loader.loading)
        tip = f"{_SYNC_TIP} ({SYNC_KEYS})" if available else f"No sync: {reason}"
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.why.setText(f"No sync: {reason}")
        self.why.setVisible(not available)

    # -- running

    def start(self) -> bool:
        """Save what is unsaved (asking first), then sync in a worker; False when it did not
        start (no git, a sync running, the save refused or cancelled)."""
        c = self.context
        folder = c.workspace.folder
        if folder is None or self.running() or not self.git_status.available:
            return False
        c.saver.finish_now()
        c.editor.finish()
        modified = c.model.modified_documents()
        if modified:
            answer = dialogs.ask_unsaved(
                c.view,
                len(modified),
                title="Sync",
                why="A sync changes files on disk: save your changes first (they stay"
                " uncommitted)?",
                save="Save and Sync",
                without=None,
            )
            if answer is not dialogs.Unsaved.SAVE:
                c.status.showMessage("Sync cancelled: your changes are not saved", 5000)
                return False
            if not c.saver.save_and_wait(modified):
                c.status.showMessage("Sync cancelled: not every change could be saved", 5000)
                return False
        self._run(folder)
        return True

    def _run(self, folder: Path) -> None:
        c = self.context

        def work(job: Job) -> SyncReport | str | None:
            try:
                return sync(folder, progress=job.progress, cancelled=job.cancelled)
            except GitCancelled:
                return None
            except GitError as exc:
                return str(exc)

        c.status.start_progress(3, "Sync: fetching")
        c.status.progress.setToolTip("Syncing with the remote: fetch, merge, push")
        c.status.cancel.setToolTip("Stop the sync (git stops where it is; nothing is forced)")
        self._job = c.workers.start(
            "git-sync", work, finished=self._on_finished, progressed=self._on_progressed
        )
        self.update_enabled()

    def cancel(self) -> None:
        """Stop the sync that runs (git's process is ended)."""
        if self._job is not None:
            self._job.cancel()

    def _on_progressed(self, job: Job, step: object) -> None:
        if job is not self._job:
            return
        words, place = STEPS.get(str(step), (str(step), 1))
        self.context.status.progress.setFormat(f"Sync: {words.lower()}")
        self.context.status.set_progress(place - 1)

    def _on_finished(self, job: Job, result: SyncReport | str | None) -> None:
        if job is not self._job:
            return
        self._job = None
        c = self.context
        c.status.stop_progress()
        self.update_enabled()
        if result is None:
            c.status.showMessage("Sync cancelled", 5000)
        elif isinstance(result, str):
            dialogs.error_dialog(c.view, "Sync failed: git could not run.", result)
        else:
            self._report(result)
        if isinstance(result, SyncReport) and (result.pulled or result.conflicts):
            c.watcher.check_all()  # read the files the sync changed (the states follow)
        self.git_status.refresh()
        self.finished.emit(result if isinstance(result, SyncReport) else None)

    def _report(self, report: SyncReport) -> None:
        c = self.context
        problem = report.problem
        if problem is None:
            c.status.showMessage(report_text(report), 8000)
            return
        message = f"Sync stopped: {problem.message}."
        if report.conflicts:
            message += " The conflicted files show C in the Git column (search is:conflicted)."
        files = problem.files or report.conflicts
        dialogs.error_dialog(c.view, message, "\n".join(files))
