"""The workspace: an open folder, its documents, and the operations both faces run on them.

A ``Workspace`` holds the documents of one folder in folder order. Its operations are the
ones the command line and the desktop app share: list and read the folder (``listing``,
``add``, ``read``), open named files (``open_files``), read listed files in full (``load``),
search (``search``), find likely duplicates (``duplicates``), take a disk change in
(``reload``), and know what is unsaved (``modified``). Editing goes through ``edits`` and
saving through ``saving``. Nothing here imports Qt: the app runs ``listing`` in a thread and
``add``s its batches on the GUI thread; the command line runs ``read``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from difflib import get_close_matches
from pathlib import Path

from reviewer.core import fields
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.duplicates import DupInput, Groups, find_duplicates
from reviewer.core.folder.index import IndexCache
from reviewer.core.folder.loading import Batch, open_folder
from reviewer.core.query import Query, Record
from reviewer.core.query.light import summaries_answer
from reviewer.core.query.records import found, lookup
from reviewer.core.site import Site
from reviewer.core.store import read_article


class Workspace:
    """One folder's documents, in folder order, and the operations on them."""

    def __init__(self, cache: IndexCache | None = None) -> None:
        #: Where summaries of read files are kept between runs (None: read every file).
        self.cache = cache
        #: The open folder (None before ``open``, or for named files).
        self.folder: Path | None = None
        #: The documents, in folder order (new files at the end).
        self.documents: list[Document] = []
        self._by_path: dict[str, Document] = {}
        #: The Jekyll site the folder is in (None: no inherited values).
        self.site: Site | None = None

    def open(self, folder: Path | None, site: Site | None = None) -> None:
        """Start over with ``folder`` (nothing is read yet: see ``listing`` and ``read``).

        ``site``: the Jekyll site it is in (``core.site.find_site``); each document then
        gets what it inherits from the site's defaults (``Document.inherited``), which
        searches see.
        """
        self.folder = folder
        self.site = site
        self.documents = []
        self._by_path = {}

    def _inherit(self, document: Document) -> None:
        if self.site is not None:
            document.inherited = self.site.defaults_for(document.path_text)  # no Path kept

    # -- reading

    def listing(
        self, *, workers: int | None = None, cancelled: Callable[[], bool] | None = None
    ) -> Iterator[Batch]:
        """List and read the open folder: batches of light articles, the first at once.

        The load step of opening a folder; it touches no state of the workspace, so it may
        run in another thread. Hand each batch's articles to ``add``.
        """
        if self.folder is None:
            return iter(())
        return open_folder(self.folder, cache=self.cache, workers=workers, cancelled=cancelled)

    def add(self, articles: Iterable[Article]) -> list[Document]:
        """A new document for each article, at the end; those of files already held are
        left out (a folder change reported during a load lists them twice)."""
        added = []
        for article in articles:
            key = article.path_text
            if key in self._by_path:
                continue
            document = Document(article)
            self._inherit(document)
            self._by_path[key] = document
            added.append(document)
        self.documents.extend(added)
        return added

    def adopt(self, documents: Iterable[Document]) -> list[Document]:
        """These documents (made elsewhere), at the end, as given."""
        added = list(documents)
        for document in added:
            self._inherit(document)
            self._by_path.setdefault(document.path_text, document)
        self.documents.extend(added)
        return added

    def read(self, *, cancelled: Callable[[], bool] | None = None) -> list[Document]:
        """Open the folder's files (light), all of them: ``listing`` and ``add`` in one."""
        for batch in self.listing(cancelled=cancelled):
            self.add(batch.articles)
        return self.documents

    def stream(self, *, cancelled: Callable[[], bool] | None = None) -> Iterator[list[Document]]:
        """The open folder's documents (light), a batch at a time, with what they inherit,
        but not kept: for one pass over a big folder without holding every document (the
        command line's ``list``). ``read`` keeps them."""
        for batch in self.listing(cancelled=cancelled):
            documents = [Document(article) for article in batch.articles]
            if self.site is not None:
                for document in documents:
                    self._inherit(document)
            yield documents

    def open_files(self, paths: Iterable[Path]) -> list[Document]:
        """Documents of the named files, read in full, in the order given (a file named twice
        is one document; one that cannot be read is a document with an error)."""
        found = []
        for path in paths:
            existing = self._by_path.get(os.fspath(path))
            found.append(existing if existing is not None else self.add([read_article(path)])[0])
        return list(dict.fromkeys(found))

    def load(
        self, documents: Iterable[Document], cancelled: Callable[[], bool] | None = None
    ) -> list[Document]:
        """Read these documents' files in full (the light ones); those whose file is no
        longer what it was listed from (the caller may want to show them again)."""
        changed = []
        for document in documents:
            if cancelled is not None and cancelled():
                break
            if document.load():
                changed.append(document)
        return changed

    @staticmethod
    def read_full(
        documents: Iterable[Document], cancelled: Callable[[], bool] | None = None
    ) -> list[tuple[Document, Article]]:
        """Read the files of the light ones among ``documents`` in full, changing nothing:
        (document, article) pairs for ``Document.load(article)`` on the thread that owns
        the documents. Safe in a worker thread."""
        found = []
        for document in documents:
            if cancelled is not None and cancelled():
                break
            if not document.loaded:
                found.append((document, read_article(document.path)))
        return found

    def document(self, path: Path) -> Document | None:
        """The document of the file at ``path``, if the workspace holds it."""
        return self._by_path.get(os.fspath(path))

    def modified(self) -> list[Document]:
        """The documents with unsaved changes, in order."""
        return [d for d in self.documents if d.modified]

    def reload(self, document: Document, article: Article) -> None:
        """The file changed on disk: take its new version (pending changes now apply to it)."""
        document.reload(article)

    # -- finding

    def search(self, query: Query, documents: Iterable[Document] | None = None) -> list[Document]:
        """The documents ``query`` matches (among ``documents``, default all), as edited.

        Files are read in full first when the search names a field their summaries may
        lack (``secured:``, ``related.title:``): a load step. Likely duplicates are looked
        for only when the search asks about them (``is:duplicate``).
        """
        candidates = [d for d in (self.documents if documents is None else documents) if _listed(d)]
        if not summaries_answer(query):
            self.load(candidates)
        twins = self.duplicates(candidates) if "duplicate" in query.states else None
        return [
            document
            for document in candidates
            if query.match(
                Record.from_document(
                    document, twins is not None and twins.is_duplicate(id(document))
                )
            )
        ]

    def unknown_fields(
        self, query: Query, documents: Iterable[Document] | None = None
    ) -> list[tuple[str, list[str]]]:
        """The fields ``query`` names that no document (of ``documents``, default all) has
        and the field registry does not know, each with the nearest known field names (a
        misspelt ``qualty:>50`` finds nothing, silently otherwise). Names are matched as
        the search matches them. ``FieldCheck`` does the same a batch at a time."""
        check = FieldCheck(query)
        if check.suspects:
            check.see(self.documents if documents is None else documents)
        return check.result()

    def duplicates(self, documents: Iterable[Document] | None = None) -> Groups:
        """Groups of likely duplicates among ``documents`` (default all), keyed by id()."""
        pool = self.documents if documents is None else documents
        return find_duplicates([duplicate_input(d) for d in pool])


class FieldCheck:
    """``Workspace.unknown_fields`` over documents seen a batch at a time (``see``), in
    worker processes too (``merge`` their checks in folder order): picklable."""

    def __init__(self, query: Query) -> None:
        names = [*fields.search_names(), *(f.name for f in fields.FIELDS)]
        self._known = {name.casefold(): name for name in names}
        #: The fields the search names that the registry does not know (a known field is
        #: not misspelt, only absent): those to look for in the documents.
        self.suspects = [
            name for name in dict.fromkeys(query.fields) if name.casefold() not in self._known
        ]
        self._seen: set[str] = set()
        self._keys: dict[str, str] = {}  # of the documents seen, first spelling first

    def see(self, documents: Iterable[Document]) -> None:
        """Look at these documents (those listed: with a front matter, or an error)."""
        if not self.suspects:
            return
        keys, suspects, seen = self._keys, self.suspects, self._seen
        for document in documents:
            if not _listed(document):
                continue
            data = document.effective.data
            for name in suspects:
                if name not in seen and found(lookup(data, name)):
                    seen.add(name)
            for key in data:
                if isinstance(key, str):
                    keys.setdefault(key.casefold(), key)

    def merge(self, other: FieldCheck) -> None:
        """Take what ``other`` saw (of documents after these ones)."""
        self._seen |= other._seen
        for folded, key in other._keys.items():
            self._keys.setdefault(folded, key)

    def result(self) -> list[tuple[str, list[str]]]:
        """Each suspect field no document seen has, with the nearest known field names."""
        missing = [name for name in self.suspects if name not in self._seen]
        if not missing:
            return []
        known = dict(self._known)
        for folded, key in self._keys.items():
            known.setdefault(folded, key)
        return [
            (name, [known[k] for k in get_close_matches(name.casefold(), list(known), 3, 0.6)])
            for name in missing
        ]


def duplicate_input(document: Document) -> DupInput:
    """What duplicate detection looks at in a document, as edited (keyed by its id())."""
    return DupInput.from_article(id(document), document.view)


def listed(article: Article) -> bool:
    """True for a file the list shows: one with a front matter, or that cannot be read."""
    return article.has_front_matter or article.error is not None


def _listed(document: Document) -> bool:
    return listed(document.article)
