"""How many articles each collection of a site holds, and how many Jekyll would hide.

What ``reviewer collections`` prints and what the app's collection switcher shows. Each
collection is loaded as a folder is opened (``folder.loading.open_folder``, with the index
cache: a warm count reads no file), and each file's published state is read as Jekyll reads
it, on its data with what it inherits from the site's defaults.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reviewer.core.folder.index import IndexCache
from reviewer.core.folder.loading import open_folder
from reviewer.core.site import Collection, Site, effective

__all__ = ["CollectionCount", "count_collections"]


@dataclass(frozen=True)
class CollectionCount:
    """One collection's numbers.

    ``count``: its article files (those with a front matter, and those that cannot be
    read: the rows its list shows); ``unpublished``: the readable ones Jekyll hides
    (``published`` false or null once the defaults are applied: ``fields.publishes``);
    ``errors``: the files that cannot be read. All 0 for a folder that does not exist.
    """

    collection: Collection
    path: str
    count: int = 0
    unpublished: int = 0
    errors: int = 0

    @property
    def name(self) -> str:
        """The collection's name (its label, without the underscore)."""
        return self.collection.name

    def row(self) -> dict[str, object]:
        """The numbers as a row of plain values: name, path, count, unpublished, errors."""
        return {
            "name": self.name,
            "path": self.path,
            "count": self.count,
            "unpublished": self.unpublished,
            "errors": self.errors,
        }


def count_collections(
    site: Site,
    cache: IndexCache | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[CollectionCount]:
    """The numbers of each of ``site``'s collections, in ``Site.collections`` order.

    Safe in a worker thread (it changes nothing but the index cache). When ``cancelled()``
    turns true, the collections not yet counted are left out.
    """
    counts = []
    for collection in site.collections:
        if cancelled is not None and cancelled():
            break
        counts.append(_count(site, collection, cache, cancelled))
    return counts


def _count(
    site: Site,
    collection: Collection,
    cache: IndexCache | None,
    cancelled: Callable[[], bool] | None,
) -> CollectionCount:
    path = _relative(collection.folder, site.root)
    if not collection.exists:
        return CollectionCount(collection, path)
    count = unpublished = errors = 0
    for batch in open_folder(collection.folder, cache=cache, cancelled=cancelled):
        for article in batch.articles:
            count += 1
            if article.error is not None:
                errors += 1
                continue
            inherited = site.defaults_for(article.path)
            if inherited.data:
                data = effective(inherited.data, article.data)
                article = dataclasses.replace(article, data=data)
            if not article.published:
                unpublished += 1
    return CollectionCount(collection, path, count, unpublished, errors)


def _relative(folder: Path, root: Path) -> str:
    try:
        return folder.relative_to(root).as_posix()
    except ValueError:
        return folder.as_posix()
