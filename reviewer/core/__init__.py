"""The core: reading, editing and writing article files. No Qt below this package."""

from reviewer.core.article import Article, Fingerprint
from reviewer.core.errors import ArticleError, ConflictError, EditError, ReviewerError, SaveError
from reviewer.core.folder.scan import article_paths, scan
from reviewer.core.frontmatter.edit import MISSING, KeyPath, apply_changes
from reviewer.core.store import atomic_write, read_article, render, save

__all__ = [
    "MISSING",
    "Article",
    "ArticleError",
    "ConflictError",
    "EditError",
    "Fingerprint",
    "KeyPath",
    "ReviewerError",
    "SaveError",
    "apply_changes",
    "article_paths",
    "atomic_write",
    "read_article",
    "render",
    "save",
    "scan",
]
