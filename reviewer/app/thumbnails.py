"""The window's thumbnails: one loader for the detail pane's strip and the table's Image
column (``app/images.py`` has the loader and the widgets; this is the feature that wires
them to the window's workers, settings, detail pane and model)."""

from __future__ import annotations

from reviewer.app.context import AppContext
from reviewer.app.images import TableThumbnails, ThumbnailLoader
from reviewer.app.table.columns import Column


def install_thumbnails(context: AppContext) -> ThumbnailLoader:
    """Give the window one loader (its workers, the "Fetch remote images" setting): the
    detail pane's strip and the table's Image column use it; returned for other features
    (the triage card) to share."""
    loader = ThumbnailLoader.from_settings(context.workers, context.settings, context.view)
    context.detail.thumbnails.set_loader(loader)
    table = TableThumbnails(loader, context.model, Column.IMAGE, context.view)
    context.model.thumbnail = table.icon
    return loader
