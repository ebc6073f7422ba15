"""Merging article files as git's merge driver, and settling the conflicts left.

``line_merge`` is git's own line merge (``git merge-file -p --diff3``), run on temporary
files through the one git runner (``workspace/git/runner.py``); the core's merge by key
(``reviewer.core.merge``) uses it for bodies and for files it cannot merge by key.
``merge_file`` is what ``reviewer merge-file`` does for git: merge three files and write
the result over the first, atomically. ``resolve_file`` settles one conflict in a file and
``stage`` adds a settled file to git's index.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.core import files, store
from reviewer.core.article import Fingerprint
from reviewer.core.errors import ReviewerError
from reviewer.core.frontmatter.values import KeyPath
from reviewer.core.merge import (
    Choice,
    Conflict,
    MergeResult,
    conflicts,
    merge,
    resolve,
    resolve_with,
)
from reviewer.workspace.git.runner import GitError, NotARepository, find_repository, run_git

__all__ = [
    "MergeFileError",
    "Resolved",
    "has_markers",
    "line_merge",
    "merge_bytes",
    "merge_file",
    "resolve_file",
    "stage",
]

#: The labels of the three versions in conflict blocks (git's order: ours, base, theirs).
LABELS = ("ours", "base", "theirs")

_MARKER = re.compile(rb"^(?:<<<<<<<|>>>>>>>)(?: |\r?$)", re.MULTILINE)


class MergeFileError(ReviewerError):
    """A file could not be merged or settled; the message names it and says why."""


def line_merge(base: bytes, current: bytes, other: bytes) -> tuple[bytes, bool]:
    """git's line merge of three texts: (merged bytes with diff3 markers, clean).

    Raises GitMissing when git is not installed, GitError when it refuses (a binary file).
    """
    with tempfile.TemporaryDirectory(prefix="reviewer-merge-") as folder:
        names = []
        for label, data in zip(LABELS, (current, base, other), strict=True):
            path = Path(folder) / label
            path.write_bytes(data)
            names.append(str(path))
        labels = [arg for label in LABELS for arg in ("-L", label)]
        result = run_git(folder, "merge-file", "-p", "--diff3", *labels, *names, check=False)
    if result.status < 0 or result.status > 127:
        raise GitError(f"git merge-file failed: {result.error_text.strip()}", status=result.status)
    return result.stdout, result.status == 0


def merge_bytes(base: bytes, current: bytes, other: bytes) -> MergeResult:
    """The merge by key of three versions, with git's line merge for bodies."""
    return merge(base, current, other, line_merge)


def merge_file(current: Path, base: Path, other: Path) -> MergeResult:
    """Merge ``other``'s changes since ``base`` into the file ``current`` and write the
    result there atomically (git's merge driver contract: ``%A %O %B``).

    Raises MergeFileError naming the file that could not be read or written, and GitError
    (GitMissing) when the line merge needs git and cannot run it; ``current`` is then as
    it was.
    """
    raws: list[bytes] = []
    fingerprint: Fingerprint | None = None
    for path in (current, base, other):
        try:
            raw, stat = files.read_regular(path)
        except OSError as exc:
            raise MergeFileError(f"{path}: {files.os_reason(exc)}") from None
        except ReviewerError as exc:
            raise MergeFileError(f"{path}: {exc}") from None
        if fingerprint is None:
            fingerprint = Fingerprint.of(raw, stat)
        raws.append(raw)
    result = merge_bytes(raws[1], raws[0], raws[2])
    if result.data != raws[0]:
        _write(current, result.data, fingerprint)
    return result


@dataclass(frozen=True)
class Resolved:
    """A settled conflict: what is left in the file (front-matter blocks, and whether git's
    markers remain anywhere: in the body too)."""

    remaining: list[Conflict]
    markers: bool


def resolve_file(
    path: Path, key_path: KeyPath, choice: Choice | None, value: Any = None
) -> Resolved:
    """Settle the conflict on ``key_path`` in ``path``: take the ``choice`` side, or (with
    ``choice`` None) write ``value`` into our side. Raises MergeFileError (nothing written)
    when the file cannot be read or written, EditError when there is no such conflict or
    the value cannot be written exactly."""
    try:
        raw, stat = files.read_regular(path)
    except OSError as exc:
        raise MergeFileError(f"{path}: {files.os_reason(exc)}") from None
    except ReviewerError as exc:
        raise MergeFileError(f"{path}: {exc}") from None
    new = (
        resolve(raw, key_path, choice) if choice is not None else resolve_with(raw, key_path, value)
    )
    _write(path, new, Fingerprint.of(raw, stat))
    return Resolved(conflicts(new), has_markers(new))


def has_markers(data: bytes) -> bool:
    """True when a line of ``data`` starts a or ends a conflict block."""
    return _MARKER.search(data) is not None


def stage(path: Path) -> bool:
    """``git add`` the file when it is in a git work tree: True when added, False when the
    file is in none. Raises GitError when git fails (GitMissing without git)."""
    try:
        repository = find_repository(path.parent)
    except NotARepository:
        return False
    repository.run("add", "--", repository.relative(path))
    return True


def _write(path: Path, data: bytes, fingerprint: Fingerprint | None) -> None:
    try:
        store.atomic_write(path, data, fingerprint)
    except ReviewerError as exc:
        message = str(exc)
        raise MergeFileError(
            message if str(path.name) in message else f"{path}: {message}"
        ) from None
