"""The search records' texts kept with the folder's index: a warm reopen of an unchanged
folder makes its records without folding a word again.

A search record's text (``Record.text``: the folded title, excerpt, provider and topics) is
most of what making a record costs: at 100,000 news items, about 1.5 s of the GUI thread
after the rows are listed, the last of the structures a window waits for. Once every row
has its record and nothing is edited, the texts are kept in the folder's ``DerivedStore``
under a digest of the rows (their paths and bytes, in order), of what they inherit from
the site, and of the form of the text (``records.WORDS_FORM``). When a folder opens with
texts kept, its records are not made while it loads (a search still makes those it needs);
once it is listed, a worker works out the rows' digest and, when the texts kept are for
these rows, the proxy makes the records from them. A row edited or changed on disk since
is made the usual way (its text is forgotten with the row).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject

from reviewer.app.context import AppContext
from reviewer.app.table.proxy import ArticleFilterProxy
from reviewer.app.workers import Job
from reviewer.core.article import Article
from reviewer.core.folder.derived import DerivedStore, digest, rows_digest
from reviewer.core.kept import site_digest
from reviewer.core.query.records import WORDS_FORM
from reviewer.core.site import Site

#: The name the texts are kept under in the derived store, and the form of the value.
NAME = "search-texts"
FORM = 1


class KeptRecords(QObject):
    """Keeps the open folder's record texts, and gives them back on a warm reopen."""

    def __init__(self, context: AppContext, proxy: ArticleFilterProxy) -> None:
        super().__init__(proxy)
        self.context = context
        self.proxy = proxy
        self._generation = 0  # one per load: a result for a load before is dropped
        self._restored = False  # this load's records came from kept texts
        self._job: Job | None = None
        context.loader.started.connect(self._on_loader_started)
        context.loader.finished.connect(self._on_loader_finished)
        proxy.records_built.connect(self._on_records_built)

    def store(self) -> DerivedStore:
        """The open folder's derived store."""
        workspace = self.context.workspace
        return DerivedStore.of(workspace.cache, workspace.folder)

    @staticmethod
    def _key(articles: Sequence[Article], site: Site | None) -> str:
        """The digest the texts of rows ``articles`` in ``site`` are kept under."""
        return digest(rows_digest(articles), site_digest(site), WORDS_FORM)

    def _on_loader_started(self, _folder: object) -> None:
        self._generation += 1
        self._restored = False
        if self._job is not None:
            self._job.cancel()
            self._job = None
        held = self.store().kept_digest(NAME, form=FORM) is not None
        self.proxy.hold_records(held)

    def _on_loader_finished(self, cancelled: bool) -> None:
        documents = list(self.context.workspace.documents)
        if cancelled or not documents or any(d.modified for d in documents):
            self.proxy.hold_records(False)
            return
        store = self.store()
        if store.kept_digest(NAME, form=FORM) is None:
            self.proxy.hold_records(False)
            return
        articles = [d.article for d in documents]
        generation, site = self._generation, self.context.workspace.site

        def restore(job: Job) -> list[str | None] | None:
            key = self._key(articles, site)
            if job.cancelled():
                return None
            texts = store.get(NAME, key, form=FORM)
            if not isinstance(texts, list) or len(texts) != len(articles):
                return None
            return texts

        def finished(_job: Job, texts: list[str | None] | None) -> None:
            if generation != self._generation:
                return  # another folder since
            self._job = None
            if texts is not None:
                # A row that changed since the digest was worked out makes its own text.
                now = self.context.workspace.documents
                if len(now) == len(texts):
                    texts = [
                        text if d.article is a and not d.modified else None
                        for d, a, text in zip(now, articles, texts, strict=True)
                    ]
                    self.proxy.take_texts(texts)
                    self._restored = True
            self.proxy.hold_records(False)

        def failed(_job: Job, _problem: str) -> None:
            if generation == self._generation:
                self._job = None
                self.proxy.hold_records(False)

        self._job = self.context.workers.start(
            "search-texts", restore, finished=finished, failed=failed
        )

    def _on_records_built(self) -> None:
        """Every row has its record: keep their texts for the next opening (unless they
        came from there, or something is edited or still loading)."""
        if self._restored or self.context.loader.loading:
            return
        documents = list(self.context.workspace.documents)
        texts = self.proxy.record_texts()
        if texts is None or len(texts) != len(documents) or any(d.modified for d in documents):
            return
        articles = [d.article for d in documents]
        store, site = self.store(), self.context.workspace.site
        if store.index_file is None:
            return
        self._restored = True  # kept once per load

        def keep(_job: Job) -> None:
            store.put(NAME, self._key(articles, site), texts, form=FORM)

        self.context.workers.start("search-texts", keep)

    def busy(self) -> bool:
        """True while kept texts are being looked up."""
        return self._job is not None
