"""Finding and reading the article files of a folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from reviewer.core.article import ARTICLE_SUFFIXES, Article
from reviewer.core.store import read_article

#: Folders that never hold articles: Jekyll's output and dependency folders.
SKIPPED_FOLDERS = frozenset({"_site", "node_modules", "vendor", "__pycache__"})


def article_paths(folder: Path) -> Iterator[Path]:
    """Every article file below ``folder``, sorted, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES:
                yield Path(root, name)


def scan(
    folder: Path,
    progress: Callable[[int, Article], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Article]:
    """Read every article below ``folder``; a bad file gives an Article with an error."""
    articles = []
    for path in article_paths(folder):
        if cancelled is not None and cancelled():
            break
        article = read_article(path)
        articles.append(article)
        if progress is not None:
            progress(len(articles), article)
    return articles
