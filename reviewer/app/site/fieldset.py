"""A folder's own fields: its schema inferred off the GUI thread once its rows are listed.

A collection of profiles has ``name``, ``bio`` and ``twitter.username``, not the news fields
the registry knows. While a folder loads, ``FolderFields`` feeds each batch of listed
articles to a ``core.schema.SchemaBuilder`` in a worker (from the light articles the rows
hold: their shapes, no file is read), so the schema is ready soon after the last batch;
a folder's rows listed otherwise are inferred in one go (``infer_articles``). The window
then gives the table, the detail pane and the sidebar the folder's fields (``apply``).

The schema and the inherited paths are kept in the folder's ``DerivedStore`` (with the index
cache on), under a digest of the rows (their paths and bytes) and the site: a warm reopen of
an unchanged folder restores them. When a schema is kept for the folder, the batches are not
fed while it loads (the rows are most likely unchanged): the schema is restored, or inferred
in one go, once it has loaded.
"""

from __future__ import annotations

import queue
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QObject, Signal

from reviewer.app.context import AppContext
from reviewer.app.workers import Job
from reviewer.core import fields, kept
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.fields import Field, KeyPath, TableColumn
from reviewer.core.folder import derived
from reviewer.core.folder.derived import DerivedStore, rows_digest
from reviewer.core.schema import Schema, SchemaBuilder, infer_articles
from reviewer.core.site import Inherited, Site
from reviewer.workspace import listed

#: How often (seconds) the feeding worker looks whether it was cancelled while it waits.
FEED_POLL_SECONDS = 0.1
#: What the feeding worker is given: a batch of articles, the documents listed at the end
#: (a tuple: the schema is then made), or None (stop).
_Feed = list[Article] | tuple[list[Document]] | None
#: What a worker finds: the schema, the inherited paths and the digest of the rows.
_Found = tuple[Schema, frozenset[KeyPath], str]


def schema_digest(rows: str, site: Site | None) -> str:
    """The digest a folder's schema and inherited paths are kept under: its rows' (``rows``:
    ``rows_digest``, of their paths and bytes, in order) and its site's."""
    return derived.digest(rows, kept.site_digest(site))


def restore(store: DerivedStore, digest: str) -> tuple[Schema, frozenset[KeyPath]] | None:
    """The schema and inherited paths kept for ``digest`` (None: none, or damaged)."""
    value = store.get(kept.SCHEMA, digest, form=kept.SCHEMA_FORM)
    try:
        schema = kept.schema_of(value[0])
        inherited = frozenset(tuple(path) for path in value[1])
    except (TypeError, IndexError, ValueError):
        return None
    return None if schema is None else (schema, inherited)


def keep(store: DerivedStore, digest: str, schema: Schema, inherited: frozenset[KeyPath]) -> None:
    """Keep the folder's schema and inherited paths for ``digest``."""
    value = (kept.schema_value(schema), sorted(inherited))
    store.put(kept.SCHEMA, digest, value, form=kept.SCHEMA_FORM)


def own_fields(schema: Schema) -> tuple[Field, ...]:
    """The schema's fields the registry does not know (the registry's have their columns)."""
    return tuple(f for f in schema.fields() if fields.find(f.path) is None)


def inherited_paths(documents: Iterable[Document]) -> frozenset[KeyPath]:
    """The key paths the documents inherit from their site's defaults (files matched by the
    same rules share one ``Inherited``, so each is walked once)."""
    seen: dict[int, Inherited] = {}
    for document in documents:
        inherited = document.inherited
        if inherited and id(inherited) not in seen:
            seen[id(inherited)] = inherited
    return frozenset(path for inherited in seen.values() for path in inherited)


def form_fields(schema: Schema, inherited: frozenset[KeyPath] = frozenset()) -> tuple[Field, ...]:
    """The Fields tab's fields for a folder: the registry's form fields its files use or
    inherit (and ``published``, which every file has as Jekyll reads it), in the registry's
    order, then the folder's own; the registry's alone for a folder without files."""
    if not schema.files:
        return fields.form()
    used = {info.path for info in schema.paths} | inherited
    known = tuple(f for f in fields.form() if f.path in used or f.path == (fields.PUBLISHED,))
    return known + tuple(f for f in own_fields(schema) if f.form)


def unused_columns(schema: Schema, inherited: frozenset[KeyPath] = frozenset()) -> list[int]:
    """The fixed columns (their positions) of registry fields no file of the folder has or
    inherits: hidden for a folder whose columns were never chosen (profiles have no
    provider)."""
    if not schema.files:
        return []
    used = {info.path for info in schema.paths} | inherited
    return [
        f.column.position
        for f in fields.columns()
        if f.column is not None
        and f.path not in used
        and f.path != ("title",)
        and f.path[0] != fields.PUBLISHED
    ]


def redundant_columns(
    schema: Schema, columns: Sequence[tuple[TableColumn, Field | None]]
) -> list[int]:
    """The folder's own columns that repeat the Title column: ``name`` where no file has a
    title (the title shown is the name: ``article.heading``)."""
    if schema.get(("title",)) is not None:
        return []
    return [
        column.position
        for column, field in columns
        if field is not None and field.path == ("name",) and fields.find(field.path) is None
    ]


class FolderFields(QObject):
    """Infers the open folder's schema in a worker (``infer``), and the key paths its files
    inherit (``inherited``).

    Signals:
        inferred(Schema): the schema of the rows listed when ``infer`` was called.
    """

    inferred = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        self._job: Job | None = None
        #: The schema last inferred (None before one is).
        self.schema: Schema | None = None
        #: The key paths the folder's files inherit from the site's defaults.
        self.inherited: frozenset[KeyPath] = frozenset()
        #: The digest of the rows ``schema`` was inferred from (``rows_digest`` of the
        #: documents' articles as read: no edit), "" before one is.
        self.rows = ""
        self._feed: queue.SimpleQueue[_Feed] | None = None  # the loading folder's batches
        self._feeding: Job | None = None
        context.loader.started.connect(self._on_loader_started)
        context.loader.articles_read.connect(self._on_loader_articles_read)

    def store(self) -> DerivedStore:
        """The open folder's derived store (one that keeps nothing with the cache off)."""
        workspace = self.context.workspace
        return DerivedStore.of(workspace.cache, workspace.folder)

    def _on_loader_started(self, _folder: object) -> None:
        """A load begins: its batches are counted in a worker as they come (unless a schema
        is kept for the folder: it is then most likely restored once loaded)."""
        self._stop_feeding()
        store, site = self.store(), self.context.workspace.site
        if store.kept_digest(kept.SCHEMA, form=kept.SCHEMA_FORM) is not None:
            return
        feed: queue.SimpleQueue[_Feed] = queue.SimpleQueue()

        def work(job: Job) -> _Found | None:
            builder = SchemaBuilder()
            while not job.cancelled():
                try:
                    given = feed.get(timeout=FEED_POLL_SECONDS)
                except queue.Empty:
                    continue
                if given is None:
                    return None
                if isinstance(given, tuple):
                    documents = given[0]
                    found = builder.schema(), inherited_paths(documents)
                    rows = rows_digest(d.article for d in documents)
                    keep(store, schema_digest(rows, site), *found)
                    return (*found, rows)
                for article in given:
                    builder.add_article(article)
            return None

        self._feed = feed
        self._feeding = self.context.workers.start("schema", work, finished=self._on_finished)

    def _on_loader_articles_read(self, articles: list[Article]) -> None:
        if self._feed is not None:
            self._feed.put([a for a in articles if listed(a)])  # the rows the model lists

    def _stop_feeding(self) -> None:
        if self._feed is not None:
            self._feed.put(None)
        if self._feeding is not None:
            self._feeding.cancel()
        self._feed = self._feeding = None

    def infer(self) -> None:
        """Infer the schema of the rows now listed (a job already running is cancelled)."""
        if self._job is not None:
            self._job.cancel()
        documents = list(self.context.model.documents())
        if self._feed is not None and self._feeding is not None:  # a load's batches, fed
            self._feed.put((documents,))
            self._job, self._feed, self._feeding = self._feeding, None, None
            return
        articles: Sequence[Article] = [d.article for d in documents]
        store, site = self.store(), self.context.workspace.site

        def work(job: Job) -> _Found | None:
            if job.cancelled():
                return None
            rows = rows_digest(articles)
            digest = schema_digest(rows, site)
            found = restore(store, digest)
            if found is None:  # changed, or never kept: inferred, then kept
                found = infer_articles(articles), inherited_paths(documents)
                keep(store, digest, *found)
            return (*found, rows)

        self._job = self.context.workers.start("schema", work, finished=self._on_finished)

    def busy(self) -> bool:
        """True while a schema is being inferred."""
        return self._job is not None

    def cancel(self) -> None:
        """Forget a schema being inferred (another folder opens)."""
        self._stop_feeding()
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.schema = None
        self.inherited = frozenset()
        self.rows = ""

    def _on_finished(self, job: Job, found: _Found | None) -> None:
        if job is not self._job or found is None:
            return
        self._job = None
        self.schema, self.inherited, self.rows = found
        self.inferred.emit(self.schema)
