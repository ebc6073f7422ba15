"""Reading article files and writing changes back: atomic, checked, minimal."""

from __future__ import annotations

import contextlib
import os
import stat as statmod
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reviewer.core import edit, split, yamlio
from reviewer.core.article import Article, Fingerprint, digest
from reviewer.core.errors import ArticleError, ConflictError, EditError, SaveError

#: Temp files written beside an article start with this (hidden, never an article).
TEMP_PREFIX = ".reviewer-"


def read_article(path: Path) -> Article:
    """Read ``path``; problems become ``Article.error``, never exceptions."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
            stat = os.fstat(handle.fileno())
    except OSError as exc:
        return Article(path, b"", None, error=os_reason(exc))
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
    """The bytes ``article``'s file would hold with ``changes`` made (nothing is written)."""
    if article.error is not None:
        raise EditError(article.error)
    parts = article.parts
    if parts is None:
        if not article.raw.strip():
            # An empty file: give it a front matter.
            parts = split.Parts(b"", b"---\n", b"", b"---\n", article.raw)
        else:
            raise EditError("the file has no front matter")
    if not changes:
        return article.raw
    front = edit.apply_changes(split.decode_front(parts.front), changes, parts.newline)
    return parts.join(front.encode("utf-8"))


def save(article: Article, changes: Mapping[edit.KeyPath, Any]) -> Article:
    """Write ``changes`` to ``article``'s file and return the article as now on disk.

    Raises EditError (nothing written), ConflictError (the file changed since it was read;
    nothing written) or SaveError (the system refused; the file is as it was).
    """
    new = render(article, changes)
    if new == article.raw:
        return article
    fingerprint = atomic_write(article.path, new, expected=article.fingerprint)
    return parse_article(article.path, new, fingerprint)


def check_unchanged(path: Path, expected: Fingerprint | None) -> os.stat_result:
    """Raise ConflictError unless ``path`` still holds what ``expected`` describes."""
    try:
        with open(path, "rb") as handle:
            current = handle.read()
            stat = os.fstat(handle.fileno())
    except FileNotFoundError:
        raise ConflictError(f"{path.name} was deleted or renamed since it was read") from None
    except OSError as exc:
        raise SaveError(f"{path.name}: {os_reason(exc)}") from None
    if expected is None or len(current) != expected.size or digest(current) != expected.digest:
        raise ConflictError(f"{path.name} was changed by another program since it was read")
    return stat


def atomic_write(path: Path, data: bytes, expected: Fingerprint | None) -> Fingerprint:
    """Replace ``path`` with ``data`` atomically, keeping its permission bits.

    The bytes go to a hidden temp file in the same folder, are flushed to disk, and only then
    replace the file; a crash at any point leaves either the old file or the new one whole.
    """
    old = check_unchanged(path, expected)
    # Through a symbolic link, replace the file it points to: replacing the link itself would
    # turn it into a plain file and leave the real one unchanged.
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{target.name}.", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise SaveError(f"{path.name}: {os_reason(exc)}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, statmod.S_IMODE(old.st_mode))
        with contextlib.suppress(PermissionError):  # only root may give a file away
            os.chown(temp, old.st_uid, old.st_gid)
        check_unchanged(path, expected)  # narrow the window for a racing writer
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise SaveError(f"{path.name}: {os_reason(exc)}") from None
        raise
    _fsync_folder(folder)
    return Fingerprint.of(data, os.stat(path))


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def os_reason(exc: OSError) -> str:
    """A short sentence for an OS error."""
    reasons = {
        FileNotFoundError: "the file does not exist",
        PermissionError: "permission denied",
        IsADirectoryError: "it is a folder, not a file",
    }
    for kind, reason in reasons.items():
        if isinstance(exc, kind):
            return reason
    return exc.strerror or str(exc)
