"""Finding your way around a folder: the sidebar of saved views and facets, wired to the search."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence

from reviewer.app.browse import views
from reviewer.app.browse.sidebar import FacetCounter, Sidebar, facet_key
from reviewer.app.context import AppContext
from reviewer.core.document import Document
from reviewer.core.fields import Field, Kind


class Browse:
    """The sidebar (the window puts it left of the list); keeps its counts and every
    completion list fresh."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        window = context.view
        self.sidebar = Sidebar(window)
        self.sidebar.setMinimumWidth(160)
        self.store = views.ViewStore(context.settings, window)
        view_menu = context.actions.menu("menu.view")
        self.views_menu = views.ViewsMenu(context, self.store, view_menu.addMenu("Saved &Views"))
        self.toggle = QAction("Show &Sidebar", window)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setShortcut(QKeySequence("Ctrl+B"))
        self.toggle.setToolTip("Show or hide the saved views and facets (Ctrl+B)")
        self.toggle.toggled.connect(self.sidebar.setVisible)
        view_menu.addAction(self.toggle)
        context.actions.register("show_sidebar", self.toggle, "View ▸ Show Sidebar")

        self.sidebar.term_requested.connect(context.list_pane.filter_edit.add_term)
        self.sidebar.view_requested.connect(self._on_sidebar_view_requested)
        self.store.changed.connect(self._on_store_changed)
        proxy = context.proxy
        for signal in (
            proxy.rowsInserted,
            proxy.rowsRemoved,
            proxy.modelReset,
            proxy.layoutChanged,
        ):
            signal.connect(self._on_rows_changed)
        context.editor.documents_changed.connect(self._on_values_changed)
        self._completion_timer = QTimer(window, singleShot=True, interval=300)
        self._completion_timer.timeout.connect(self._update_completion)
        context.model.rowsInserted.connect(self._on_model_rows_inserted)
        self.completion_counter = FacetCounter(window, self._when)
        self.completion_counter.counted.connect(self._on_completion_counted)
        self.sidebar.counter.counted.connect(self._on_sidebar_counted)
        self._completions_stale = False  # rows came and the completions have not followed
        self.sidebar.counter.when = self._when
        self._on_store_changed()

    def set_facets(self, shown: Sequence[Field]) -> None:
        """Make the sidebar's groups, and the values offered in the search's and the
        detail pane's completion, those of ``shown``'s facets (a collection's fields; the
        registry's by default); both are counted again, a slice at a time."""
        self.sidebar.set_facets(shown)
        self.completion_counter.facets = self.sidebar.facets()
        self._completion_timer.start()

    def shown_documents(self) -> list[Document]:
        """The documents of the rows the search and status filter show."""
        return self.context.proxy.documents()

    def _when(self, document: Document) -> dt.datetime | None:
        """A document's publication date as the model parsed it (once per version)."""
        model = self.context.model
        row = model.row_of(document)
        return model.when(row) if row >= 0 else document.view.published_at

    def _on_rows_changed(self, *_args: object) -> None:
        """Rows were added, removed, hidden, shown or sorted: a load's new rows are counted
        into the running counts (never from the start again on each batch)."""
        self.sidebar.set_documents(self.shown_documents, same_values=True)

    def _on_values_changed(self, *_args: object) -> None:
        self.sidebar.set_documents(self.shown_documents)  # listed when the count starts

    def _on_store_changed(self) -> None:
        self.sidebar.set_views(self.store.views())

    def _on_sidebar_view_requested(self, name: str) -> None:
        view = self.store.get(name)
        if view is not None:
            views.apply(self.context, view)

    def _on_model_rows_inserted(self, *_args: object) -> None:
        self._completions_stale = True
        self._completion_timer.start()

    def _update_completion(self) -> None:
        """Gather field names and values for completion, a slice at a time: unless every
        document is shown, when the sidebar's count (the same documents, the same facets)
        gives them (``_on_sidebar_counted``): 100,000 documents are not counted twice."""
        if self._sidebar_counts_all():
            return
        self.completion_counter.start(list(self.context.workspace.documents), same_values=True)

    def _sidebar_counts_all(self) -> bool:
        """True when the sidebar counts every document, by the completions' facets."""
        proxy, model = self.context.proxy, self.context.model
        return (
            proxy.rowCount() == model.rowCount()
            and self.sidebar.counter.facets == self.completion_counter.facets
        )

    def _on_sidebar_counted(self, counts: dict[str, Counter[str]]) -> None:
        counted = self.sidebar.counter.documents()
        if (
            len(counted) == len(self.context.workspace.documents)
            and self.sidebar.counter.facets == self.completion_counter.facets
        ):
            self._completion_timer.stop()
            self._on_completion_counted(counts)
        elif self._completions_stale and not self.completion_counter.busy():
            # A search came before the sidebar counted every document: count them here.
            self.completion_counter.start(list(self.context.workspace.documents))

    def busy(self) -> bool:
        """True while the sidebar's counts or the completions are counted or wait to be."""
        return (
            self.sidebar.busy()
            or self._completion_timer.isActive()
            or self.completion_counter.busy()
        )

    def flush(self) -> None:
        """Finish pending counts now (tests)."""
        if self._completion_timer.isActive():
            self._completion_timer.stop()
            self._update_completion()
        self.completion_counter.finish()
        self.sidebar.flush()

    def _on_completion_counted(self, counts: dict[str, Counter[str]]) -> None:
        self._completions_stale = False
        keys: dict[str, None] = {}
        for document in self.context.workspace.documents[:2000]:  # key names repeat
            keys.update(dict.fromkeys(document.article.data))
        facets = self.completion_counter.facets
        years = {facet_key(f) for f in facets if f.kind is Kind.DATE}
        values = {field: list(counter) for field, counter in counts.items() if field not in years}
        self.context.list_pane.filter_edit.set_completions(keys, values)
        self.context.detail.set_suggestions(
            {
                f.name: sorted(values[facet_key(f)], key=str.casefold)
                for f in facets
                if facet_key(f) in values
            }
        )
