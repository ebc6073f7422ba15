"""The search records' texts kept with the folder's index: a reopened folder makes the
records of its unchanged files without folding a word again.

A search record's text (``Record.text``: the folded title, excerpt, provider and topics) is
most of what making a record costs: at 100,000 news items, a second or two of the GUI
thread while the rows come and after. Once every row has its record and nothing is edited,
each file's text is kept in the folder's ``DerivedStore`` with the file's path and the
digest of its bytes, under a digest of what the texts also depend on (what the rows inherit
from the site, and the form of the text: ``records.WORDS_FORM``). When the folder opens
again, a worker reads them back while the first rows come; from then on a record made for
a file whose bytes are the same, and that is not edited, takes its text (a file changed
since folds its own). Records are still made as rows come, so a search typed while the
folder loads never waits for a whole folder of them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from reviewer.app.context import AppContext
from reviewer.app.table.proxy import ArticleFilterProxy
from reviewer.app.workers import Job
from reviewer.core.folder.derived import DerivedStore, digest
from reviewer.core.kept import site_digest
from reviewer.core.query.records import WORDS_FORM
from reviewer.core.site import Site

#: The name the texts are kept under in the derived store, and the form of the value:
#: (paths, digests of the files' bytes, texts), three lists in the rows' order.
NAME = "search-texts"
FORM = 2

_Texts = dict[str, tuple[str, str]]


def key(site: Site | None) -> str:
    """What kept texts depend on besides each file's bytes."""
    return digest(site_digest(site), WORDS_FORM)


class KeptRecords(QObject):
    """Keeps the open folder's record texts, and gives them back when it opens again."""

    def __init__(self, context: AppContext, proxy: ArticleFilterProxy) -> None:
        super().__init__(proxy)
        self.context = context
        self.proxy = proxy
        self._generation = 0  # one per load: a result for a load before is dropped
        self._taken = 0  # how many texts the last load found kept
        self._kept = False  # this load's texts were kept (once a load)
        self._job: Job | None = None
        context.loader.started.connect(self._on_loader_started)
        context.loader.finished.connect(self._on_records_built)  # if they were all made
        proxy.records_built.connect(self._on_records_built)

    def store(self) -> DerivedStore:
        """The open folder's derived store."""
        workspace = self.context.workspace
        return DerivedStore.of(workspace.cache, workspace.folder)

    def busy(self) -> bool:
        """True while kept texts are being read."""
        return self._job is not None

    def _on_loader_started(self, _folder: object) -> None:
        self._generation += 1
        self._taken, self._kept = 0, False
        self.proxy.take_texts({})
        if self._job is not None:
            self._job.cancel()
            self._job = None
        store, wanted = self.store(), key(self.context.workspace.site)
        if store.kept_digest(NAME, form=FORM) != wanted:
            return
        generation = self._generation

        def read(job: Job) -> _Texts | None:
            value = store.get(NAME, wanted, form=FORM)
            if job.cancelled() or not isinstance(value, (list, tuple)) or len(value) != 3:
                return None
            paths, digests, texts = value
            if not len(paths) == len(digests) == len(texts):
                return None
            return {p: (d, t) for p, d, t in zip(paths, digests, texts, strict=True)}

        def finished(_job: Job, texts: _Texts | None) -> None:
            if generation != self._generation:
                return  # another folder since
            self._job = None
            if texts:
                self._taken = len(texts)
                self.proxy.take_texts(texts)
            self._on_records_built()  # if they were all made meanwhile

        def failed(_job: Job, _problem: str) -> None:
            if generation == self._generation:
                self._job = None

        self._job = self.context.workers.start(
            "search-texts", read, finished=finished, failed=failed
        )

    def _on_records_built(self, *_args: object) -> None:
        """Every row has its record: keep their texts for the next opening (once a load;
        not while loading or with edits; not when they all came from there)."""
        if self._kept or self._job is not None or self.context.loader.loading:
            return
        documents = list(self.context.workspace.documents)
        texts = self.proxy.record_texts()
        if texts is None or len(texts) != len(documents) or any(d.modified for d in documents):
            return
        store = self.store()
        if store.index_file is None:
            return
        self._kept = True
        paths, digests, kept = [], [], []
        for document, text in zip(documents, texts, strict=True):
            digest = document.article.content_digest  # no Fingerprint made per row
            if digest is not None:
                paths.append(document.path_text)  # nor Path
                digests.append(digest)
                kept.append(text)
        if self._taken == len(kept) and self._unchanged(paths, digests):
            return  # every text came from the store: it holds them already
        wanted = key(self.context.workspace.site)
        self.context.workers.start(
            "search-texts", lambda _job: store.put(NAME, wanted, (paths, digests, kept), form=FORM)
        )

    def _unchanged(self, paths: list[str], digests: list[str]) -> bool:
        """True when the texts taken at the start were for exactly these files."""
        taken = self.proxy.kept_texts()
        return len(taken) == len(paths) and all(
            taken.get(p, ("",))[0] == d for p, d in zip(paths, digests, strict=True)
        )
