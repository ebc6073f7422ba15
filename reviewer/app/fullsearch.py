"""Searches on fields the index does not hold: the files are read in full first, as the CLI does.

A summary keeps what the table, search and facets usually need; a search naming another
field (``secured:``, ``related.title:``, a value longer than summaries keep) could miss
matches on light documents (``summaries_answer``). When such a search is settled (typing
paused, or it was set by a click), the light documents are read in full in a worker of
the ``Workers`` owner (``Workspace.load``), with progress in the status bar saying so and
its Cancel button; then the search runs again over every row. Meanwhile the table shows
what the summaries answer.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QObject

from reviewer.app.context import AppContext
from reviewer.app.workers import Job
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.query import QueryError, parse
from reviewer.core.query.light import summaries_answer

#: The name of the job (its thread is ``reviewer-full-read``).
JOB = "full-read"
#: Progress is reported after this many files.
STEP = 50


class FullSearch(QObject):
    """Reads the files in full for searches that summaries cannot answer."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        self._job: Job | None = None
        self._documents: list[Document] = []
        context.list_pane.filter_edit.settled.connect(self.check)
        context.loader.started.connect(self._on_loader_started)
        context.loader.finished.connect(self._on_loader_finished)
        context.status.cancel_requested.connect(self.cancel)

    def running(self) -> bool:
        """True while files are being read for a search."""
        return self._job is not None

    def check(self, *_args: object) -> bool:
        """Read the light documents in full when the search in the bar needs them; True
        when a read started (or one is under way)."""
        if self._job is not None:
            return True
        try:
            query = parse(self.context.list_pane.filter_edit.settled_search())
        except QueryError:
            return False
        if summaries_answer(query) or self.context.loader.loading:
            return False  # a load still under way: checked again when it ends
        light = [d for d in self.context.model.documents() if not d.loaded]
        if not light:
            return False
        self._documents = light
        workspace = self.context.workspace

        def work(job: Job) -> list[tuple[Document, Article]]:
            # Reads only: the documents are changed on the GUI thread (_on_finished).
            def counted() -> Iterator[Document]:
                for done, document in enumerate(light):
                    if done % STEP == 0:
                        job.progress(done)
                    yield document

            return workspace.read_full(counted(), cancelled=job.cancelled)

        status = self.context.status
        status.start_progress(len(light), "Full files %v of %m")
        status.progress.setToolTip(
            "Reading the full files: the search names a field the index does not keep"
        )
        status.cancel.setToolTip(
            "Stop reading the full files (the search then answers from "
            "the summaries of the files not read)"
        )
        status.showMessage("Reading the full files for this search…")
        self._job = self.context.workers.start(
            JOB,
            work,
            progressed=self._on_progressed,
            finished=self._on_finished,
            failed=self._on_failed,
        )
        return True

    def cancel(self) -> None:
        """Stop reading (the search then answers from the summaries of the files not read)."""
        if self._job is not None:
            self._job.cancel()

    def _on_progressed(self, job: Job, done: object) -> None:
        if job is self._job and isinstance(done, int):
            self.context.status.set_progress(done)

    def _on_finished(self, job: Job, result: object) -> None:
        if job is not self._job:
            return
        self._job = None
        status = self.context.status
        status.stop_progress()
        for document, article in result if isinstance(result, list) else []:
            if not document.loaded:  # the editor may have opened it meanwhile
                document.load(article)
        read = [d for d in self._documents if d.loaded]
        self._documents = []
        self.context.model.refresh(read)
        self.context.proxy.refilter()
        if job.cancelled():
            status.showMessage(
                "Reading the full files was cancelled: the search may miss articles "
                "whose files were not read",
                6000,
            )
        else:
            status.showMessage(f"Read {len(read)} files in full for this search", 4000)

    def _on_failed(self, job: Job, problem: str) -> None:
        if job is self._job:
            self._job = None
            self._documents = []
            self.context.status.stop_progress()
            self.context.status.showMessage(f"Reading the full files stopped: {problem}", 6000)

    def _on_loader_started(self, *_args: object) -> None:
        if self._job is not None:  # another folder: the documents read are not its own
            self._job.cancel()
            self._job.finished.disconnect()
            self._job = None
            self._documents = []
            self.context.status.stop_progress()

    def _on_loader_finished(self, *_args: object) -> None:
        self.check()
