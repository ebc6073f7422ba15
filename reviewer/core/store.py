"""Reading article files and writing changes back: atomic, checked, minimal."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from reviewer.core import files
from reviewer.core.article import Article, Fingerprint, digest
from reviewer.core.errors import ArticleError, ConflictError, EditError, SaveError
from reviewer.core.files import TEMP_PREFIX, os_reason
from reviewer.core.frontmatter import edit, split, yamlio

__all__ = [
    "TEMP_PREFIX",
    "atomic_write",
    "edit_file",
    "os_reason",
    "parse_article",
    "read_article",
    "render",
    "save",
]


def read_article(path: Path) -> Article:
    """Read ``path``; problems become ``Article.error``, never exceptions.

    Only a regular file of at most ``files.MAX_FILE_BYTES`` is read; anything else (a FIFO,
    a device, a huge file) is an article with an error saying what it is.
    """
    try:
        raw, stat = files.read_regular(path)
    except OSError as exc:
        return Article(path, b"", None, error=os_reason(exc))
    except ArticleError as exc:
        return Article(path, b"", None, error=str(exc))
    return parse_article(path, raw, Fingerprint.of(raw, stat))


def parse_article(path: Path, raw: bytes, fingerprint: Fingerprint | None) -> Article:
    """Build an Article from bytes already read."""
    try:
        parts = split.split(raw)
        if parts is None:
            return Article(path, raw, fingerprint)
        data = yamlio.load(split.decode_front(parts.front))
    except ArticleError as exc:
        return Article(path, raw, fingerprint, error=str(exc))
    return Article(path, raw, fingerprint, data, parts)


def render(article: Article, changes: Mapping[edit.KeyPath, Any]) -> bytes:
    """The bytes ``article``'s file would hold with ``changes`` made (nothing is written).

    A file without a front matter (an empty one too) is not an article: it is never given
    one (a search-wide ``set`` must not turn a README into a page).
    """
    if article.error is not None:
        raise EditError(article.error)
    parts = article.parts
    if parts is None:
        raise EditError("the file has no front matter")
    if not changes:
        return article.raw
    front = edit.apply_changes(  # the article's data is its front matter loaded: not again
        split.decode_front(parts.front), changes, parts.newline, data=article.data
    )
    return parts.join(front.encode("utf-8"))


def save(article: Article, changes: Mapping[edit.KeyPath, Any], *, force: bool = False) -> Article:
    """Write ``changes`` to ``article``'s file and return the article as now on disk.

    Raises EditError (nothing written), ConflictError (the file changed since it was read;
    nothing written), LockedError (another process is saving it), ReadOnlyError (the file
    is write-protected and ``force`` is False) or SaveError (the system refused, or the
    file's metadata could not be kept; the file is as it was).
    """
    new = render(article, changes)
    if new == article.raw:
        return article
    fingerprint = atomic_write(article.path, new, expected=article.fingerprint, force=force)
    return parse_article(article.path, new, fingerprint)


def edit_file(
    path: Path,
    changes: Mapping[edit.KeyPath, Any],
    *,
    force: bool = False,
    check: Callable[[Article], None] | None = None,
) -> tuple[Article, Article]:
    """Read ``path``, make ``changes`` and write it, all under its lock: (before, after).

    For a change that is not based on an earlier read (the command line's ``set``): a save
    by another process that lands first is read, not overwritten. ``check`` may raise to
    refuse the article as read. ``after`` is ``before`` when nothing changed. Raises as
    ``save`` does.
    """
    with files.locked(path, read_before=False) as handle:
        try:
            raw = handle.read()
        except OSError as exc:
            raise SaveError(f"{path.name}: {os_reason(exc)}") from None
        before = parse_article(path, raw, Fingerprint.of(raw, os.fstat(handle.fd)))
        if check is not None:
            check(before)
        new = render(before, changes)
        if new == raw:
            return before, before
        stat = handle.replace(new, force=force)
    return before, parse_article(path, new, Fingerprint.of(new, stat))


def atomic_write(
    path: Path, data: bytes, expected: Fingerprint | None, *, force: bool = False
) -> Fingerprint:
    """Replace ``path`` with ``data`` atomically if it still holds what ``expected`` says.

    The file is locked for the check and the replacement (``files.locked``); the new bytes
    go to a new file beside it that gets the old one's owner, group, mode and extended
    attributes and is renamed over it. A crash at any point leaves the old file or the new
    one, whole. Raises ConflictError when the file changed since ``expected`` was taken.
    """
    with files.locked(path) as handle:
        try:
            current = handle.read()
        except OSError as exc:
            raise SaveError(f"{path.name}: {os_reason(exc)}") from None
        except ArticleError as exc:
            raise SaveError(f"{path.name}: {exc}") from None
        if expected is None or len(current) != expected.size or digest(current) != expected.digest:
            raise ConflictError(f"{path.name} was changed by another program since it was read")
        stat = handle.replace(data, force=force)
    return Fingerprint.of(data, stat)
