"""Exceptions raised by the core; each carries a sentence an editor can read."""

from __future__ import annotations


class ReviewerError(Exception):
    """Base class of every error the core raises on purpose."""


class ArticleError(ReviewerError):
    """A file could not be read as an article (bad encoding, bad YAML, ...)."""


class EditError(ReviewerError):
    """A change could not be applied without touching more than asked; nothing was written."""


class ConflictError(ReviewerError):
    """The file changed on disk since it was read; it was not overwritten."""


class SaveError(ReviewerError):
    """The operating system refused the write (permission, disk full, ...)."""
