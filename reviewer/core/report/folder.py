"""The report of a folder or a whole site: each collection's, from the index cache."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reviewer.core.folder.index import IndexCache
from reviewer.core.folder.loading import open_folder
from reviewer.core.report.checks import STALE_DAYS, Report, report
from reviewer.core.site import Site, find_site


@dataclass(frozen=True)
class CollectionReport:
    """One collection's report: its name (a folder's name when it is no collection), its
    folder and the site it is in (None for a plain folder)."""

    name: str
    folder: Path
    site: Site | None
    report: Report


def report_folder(
    path: Path,
    cache: IndexCache | None = None,
    *,
    now: dt.datetime | None = None,
    stale_days: float = STALE_DAYS,
    cancelled: Callable[[], bool] | None = None,
) -> list[CollectionReport]:
    """The reports of ``path``: the root of a Jekyll site gives one per collection (in
    ``Site.collections`` order, those with a folder); any other folder one, of itself, as
    a collection of the site it is in (if any).

    Light articles come from ``open_folder`` with ``cache`` (warm: no file is read; cold:
    each file is read once, as a listing does). SiteError for a ``_config.yml`` that
    cannot be read.
    """
    folder = Path(os.path.abspath(path))
    site = find_site(folder)
    if site is not None and folder == site.root:
        places = [(c.name, c.folder) for c in site.collections if c.exists]
    else:
        collection = site.collection_of(folder / "x") if site is not None else None
        in_it = collection is not None and collection.folder == folder
        places = [(collection.name if collection and in_it else folder.name, folder)]
    reports = []
    for name, place in places:
        if cancelled is not None and cancelled():
            break
        articles = [
            article
            for batch in open_folder(place, cache=cache, cancelled=cancelled)
            for article in batch.articles
        ]
        found = report(articles, site=site, now=now, stale_days=stale_days, cancelled=cancelled)
        reports.append(CollectionReport(name, place, site, found))
    return reports
