"""Reading every article file of a folder, in full (``loading.open_folder`` is the fast way)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from reviewer.core.article import Article
from reviewer.core.files import remove_stale_temporaries
from reviewer.core.folder.walk import SKIPPED_FOLDERS, list_files
from reviewer.core.store import read_article

__all__ = ["SKIPPED_FOLDERS", "article_paths", "scan"]


def article_paths(folder: Path) -> Iterator[Path]:
    """Every article file below ``folder`` (``walk.list_files``' files and order).

    Temporary files that a crashed save left in the folder are removed on the way.
    """
    temporaries: list[str] = []
    rels = list_files(folder, temporaries)
    remove_stale_temporaries(temporaries)
    for rel in rels:
        yield folder / rel


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
