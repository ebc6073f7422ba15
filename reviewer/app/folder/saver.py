"""Saving from the window: through the workspace's ``saving.save``, in a worker when many.

A save of a few documents is made at once, on the GUI thread. More than SAVE_HERE run as a
job of the window's ``Workers``: the window shows the progress in its status bar (with a
Cancel button), the editor is busy (edits, undo and redo wait) and the folder watcher is
held, until it is done. The worker saves *copies* of the documents (their article and
changes as they were when the save began), SLICE at a time; each slice's outcome comes back
to the GUI thread, where the documents take their saved articles as their new baseline
(``Workspace.reload``). So no document is changed outside the GUI thread, and a cancelled
save leaves the documents it did not reach modified. A document that was listed (light)
stays light once saved in a worker: its new summary is made there (100,000 saved files
would otherwise keep 400 MB of bytes that nothing shows).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal

from reviewer.app.editing import Editor
from reviewer.app.folder.watcher import FolderWatcher
from reviewer.app.workers import Job, Workers
from reviewer.core.article import Article, light
from reviewer.core.document import Document
from reviewer.workspace import SaveFailure, SaveReport, Workspace, save

#: Documents saved on the GUI thread at most; more are saved by a worker.
SAVE_HERE = 10
#: Documents a worker saves before it passes their outcome on.
SLICE = 200


@dataclass
class _Slice:
    """What a save did with some documents' copies, by document: the article now on disk
    of those saved or unchanged, and the failures (with the article the save read, if it
    read the file in full)."""

    saved: list[tuple[Document, Article]] = field(default_factory=list)
    unchanged: list[tuple[Document, Article]] = field(default_factory=list)
    failed: list[tuple[Document, Article | None, SaveFailure]] = field(default_factory=list)

    def count(self) -> int:
        return len(self.saved) + len(self.unchanged) + len(self.failed)


def _copy(document: Document) -> Document:
    """A document with the same baseline and changes, to save without touching ``document``."""
    copy = Document(document.article)
    copy.changes = dict(document.changes)
    return copy


def save_copies(documents: list[Document], force: bool, job: Job | None = None) -> Iterable[_Slice]:
    """Save copies of ``documents``, SLICE at a time (stopping between slices once ``job``
    is cancelled): each slice's outcome, by original document. In a worker (``job``), a
    document listed light gets a light article back."""
    for start in range(0, len(documents), SLICE):
        if job is not None and job.cancelled():
            return
        copies = {}
        for original in documents[start : start + SLICE]:
            copy = _copy(original)
            copies[id(copy)] = (original, copy, job is not None and not copy.article.complete)
        report = save([copy for _original, copy, _light in copies.values()], force=force)
        done = _Slice()
        for found, into in ((report.saved, done.saved), (report.unchanged, done.unchanged)):
            for copy in found:
                original, _same, was_light = copies[id(copy)]
                into.append((original, light(copy.article) if was_light else copy.article))
        for failure in report.failed:
            original, copy, _light = copies[id(failure.document)]
            read = copy.article if copy.article.complete else None
            done.failed.append((original, read, failure))
        yield done


class Saver(QObject):
    """Saves documents for the window, at once or in a worker, one save at a time.

    Signals:
        started(int): a save in a worker began, of this many documents.
        progressed(int): how many documents it has handled so far.
        finished(SaveReport): a save ended (cancelled or not); the report names the
            documents written, unchanged and failed (with their reason).
        failed(list): the SaveFailures of a save that had any (sent before finished).
    """

    started = Signal(int)
    progressed = Signal(int)
    finished = Signal(object)
    failed = Signal(list)

    def __init__(
        self,
        workspace: Workspace,
        editor: Editor,
        workers: Workers,
        watcher: FolderWatcher | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._editor = editor
        self._workers = workers
        self._watcher = watcher
        self._job: Job | None = None
        self._report = SaveReport()
        self._handled = 0

    def running(self) -> bool:
        """True while a save runs in a worker (its outcome not all taken in yet)."""
        return self._job is not None

    def save(self, documents: Iterable[Document], force: bool = False) -> SaveReport | None:
        """Save the modified ones of ``documents`` (``force``: write-protected files too).

        A few are saved now: their report. More start a save in a worker: None (see
        ``finished``). Refused (None) while another save or a big edit is under way.
        """
        modified = [d for d in documents if d.modified]
        if not modified:
            return SaveReport()
        self._editor.finish()  # a big edit's last slices first: they are part of it
        if self.running():
            self._editor.can_edit()  # says why nothing happens
            return None
        self._report, self._handled = SaveReport(), 0
        if len(modified) <= SAVE_HERE:
            for part in save_copies(modified, force):
                self._take(part)
            return self._end()
        self._editor.set_busy("saving", True)
        if self._watcher is not None:
            self._watcher.hold()
        self.started.emit(len(modified))
        self._job = self._workers.start(
            "save",
            lambda job: _save_in_worker(modified, force, job),
            progressed=self._on_job_progressed,
            finished=self._on_job_finished,
            failed=self._on_job_failed,
        )
        return None

    def save_and_wait(self, documents: Iterable[Document], force: bool = False) -> bool:
        """Save, and wait until it is done (the event loop runs meanwhile: the window
        answers, shows the progress and can cancel); True when every one was saved."""
        documents = list(documents)
        report = self.save(documents, force)
        if report is None and self.running():
            loop = QEventLoop()
            reports: list[SaveReport] = []
            self.finished.connect(reports.append)
            self.finished.connect(loop.quit)
            try:
                while self.running():
                    loop.exec()
            finally:
                self.finished.disconnect(reports.append)
                self.finished.disconnect(loop.quit)
            report = reports[-1] if reports else None
        return report is not None and not report.failed and not any(d.modified for d in documents)

    def cancel(self) -> None:
        """Stop the save in a worker after the file it is writing (the rest stay modified)."""
        if self._job is not None:
            self._job.cancel()

    def finish_now(self) -> None:
        """Cancel a save in a worker, wait for it, and take in what it did (before the
        window closes or opens another folder)."""
        job = self._job
        if job is None:
            return
        job.cancel()
        job.join()
        QCoreApplication.sendPostedEvents(self)  # its outcome, queued to this object

    # -- taking the outcome in, on the GUI thread

    def _on_job_progressed(self, job: Job, part: _Slice) -> None:
        if job is self._job:
            self._take(part)
            self.progressed.emit(self._handled)

    def _on_job_finished(self, job: Job, _result: Any) -> None:
        if job is self._job:
            self._job = None
            self._editor.set_busy("saving", False)
            if self._watcher is not None:
                self._watcher.release()
            self._end()

    def _on_job_failed(self, job: Job, problem: str) -> None:
        if job is self._job:  # a bug, not a file's problem: the documents left keep their edits
            self._on_job_finished(job, None)
            raise RuntimeError(f"the save stopped on an unexpected error: {problem}")

    def _take(self, part: _Slice) -> None:
        """The saved documents take their new articles; failed ones keep their changes (on
        the file as it is now, when the save read it in full and found it changed)."""
        report, reload = self._report, self._workspace.reload
        for original, article in part.saved + part.unchanged:
            original.revert()  # its changes are in the file now (no edit is made meanwhile)
            reload(original, article)  # so a light article stays light: nothing is read
        report.saved.extend(original for original, _article in part.saved)
        report.unchanged.extend(original for original, _article in part.unchanged)
        for original, read, failure in part.failed:
            if read is not None and read is not original.article:
                reload(original, read)  # read in full by the save: the file as it is now
            report.failed.append(SaveFailure(original, failure.reason, failure.read_only))
        self._handled += part.count()
        done = [original for original, _article in part.saved + part.unchanged]
        if done:
            self._editor.saving = True  # listeners may redraw later: values are as they were
            try:
                self._editor.notify(done)
            finally:
                self._editor.saving = False

    def _end(self) -> SaveReport:
        report = self._report
        if not self._workspace_modified():
            self._editor.undo_stack.setClean()
        if report.failed:
            self.failed.emit(report.failed)
        self.finished.emit(report)
        return report

    def _workspace_modified(self) -> bool:
        return any(d.modified for d in self._workspace.documents)


def _save_in_worker(documents: list[Document], force: bool, job: Job) -> None:
    for part in save_copies(documents, force, job):
        job.progress(part)
