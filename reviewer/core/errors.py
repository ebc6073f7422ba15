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
    """The file could not be written (permission, disk full, metadata it would lose, ...)."""


class LockedError(SaveError):
    """Another process is saving the same file, and did not finish in time."""


class ReadOnlyError(SaveError):
    """The file is write-protected (its owner may not write it); a forced save may override."""


class SiteError(ReviewerError):
    """A Jekyll site's configuration (``_config.yml``) could not be read or loaded.

    The message names the file and the problem (with the line and column for YAML).
    """
