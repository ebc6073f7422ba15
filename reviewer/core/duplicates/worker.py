"""The duplicate index built in another process: rapidfuzz and the normalization of every
title and URL (seconds at 100,000 items) then never hold this process's interpreter lock.

``build_elsewhere(rows)`` runs ``python -m reviewer.core.duplicates.worker`` (a fresh
interpreter: nothing of the caller's program is imported there, no Qt), sends it the rows
(:data:`~reviewer.core.duplicates.InputRow`, pickled on its stdin) and reads back the
index's :class:`~reviewer.core.duplicates.IndexState`; the caller restores it with
``DuplicateIndex.from_state`` (no comparison made again). When no other interpreter can be
started (a frozen app) or it fails, the index is built here, as before.

With a ``store`` (the folder's ``core.folder.derived.DerivedStore``, in its index file), the
index is kept there once built, as plain values, under a digest of what the rows come from
(the app's: ``folder_digest``, of the files' paths and bytes) or of every row's values and
the settings; a later build of the same rows in the same order (a warm reopen of an
unchanged folder) restores it from there instead: nothing is compared again. Keys are kept
as positions, since a key (``id()`` of a document) holds only while the process runs.

It is kept as two values: the groups and their links (``GROUPS_NAME``: a few values per
group, ``restore_groups``, what a window shows) and the entries (``STORE_NAME``: every item
normalized, 32 MB at 100,000 items, read only when an item must be compared again), so a
warm reopen reads and makes only the small one.
"""

from __future__ import annotations

import hashlib
import pickle
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any

from reviewer.core.duplicates import (
    DupInput,
    DuplicateGroups,
    DuplicateIndex,
    IndexState,
    InputRow,
    Key,
    LinkRow,
)
from reviewer.core.folder import derived
from reviewer.core.folder.derived import DerivedStore

#: How often (seconds) a build in another process checks whether it was cancelled.
POLL_SECONDS = 0.1
#: Fewer rows than this are compared here: starting another interpreter (0.3-0.5 s) would
#: cost more than the comparisons (about 0.1 s for 5,000 news items).
ELSEWHERE_MIN_ROWS = 5000
#: The name the index's entries are kept under in a folder's ``DerivedStore``, and their
#: format (3: the entries alone, the links are the groups'; 2 held both; 1 was a file of its
#: own beside the index, ``<index>.duplicates``).
STORE_NAME = "duplicates"
STORE_FORM = 3
#: The name and format of the index's groups and links, kept beside its entries.
GROUPS_NAME = "duplicate-groups"
GROUPS_FORM = 1


def build_here(rows: Sequence[InputRow], settings: dict[str, float]) -> IndexState:
    """The index of ``rows`` built in this process, as plain values."""
    return DuplicateIndex([DupInput(*row) for row in rows], **settings).state()


def build_elsewhere(
    rows: Sequence[InputRow],
    settings: dict[str, float] | None = None,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    min_rows: int = ELSEWHERE_MIN_ROWS,
) -> IndexState | None:
    """The index of ``rows`` built in another Python process (``settings``: the index's
    thresholds); None once ``cancelled()`` says so (the process is killed). Fewer than
    ``min_rows`` rows, in a frozen app, or when the process fails, the index is built in
    this process instead."""
    settings = settings or {}
    if cancelled():
        return None
    if len(rows) < min_rows or getattr(sys, "frozen", False):
        return build_here(rows, settings)
    payload = pickle.dumps((list(rows), settings), protocol=pickle.HIGHEST_PROTOCOL)
    command = [sys.executable, "-m", "reviewer.core.duplicates.worker"]
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError:
        return build_here(rows, settings)
    stdin, process.stdin = process.stdin, None  # communicate() below only reads
    try:
        with stdin:  # type: ignore[union-attr]
            stdin.write(payload)  # type: ignore[union-attr]  # it reads all before it writes
    except BrokenPipeError:
        pass  # it ended: its return code says so
    while True:
        try:
            out, _ = process.communicate(timeout=POLL_SECONDS)
            break
        except subprocess.TimeoutExpired:
            if cancelled():
                process.kill()
                process.communicate()
                return None
    if process.returncode != 0:
        return None if cancelled() else build_here(rows, settings)
    if cancelled():  # while it ran, though it finished between two looks
        return None
    state: IndexState = pickle.loads(out)
    return state


def digest_of(rows: Sequence[InputRow], settings: dict[str, float]) -> str:
    """A digest of the rows' values in order (not their keys) and of the settings (for a
    caller without a cheaper digest of what the rows come from: ``folder_digest``)."""
    values = [row[1:] for row in rows]
    data = pickle.dumps((sorted(settings.items()), values), protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha256(data).hexdigest()


def folder_digest(rows_digest: str, settings: dict[str, float] | None = None) -> str:
    """The digest the groups of a folder's unedited rows are kept under: the rows' own
    (``derived.rows_digest``: their paths and bytes) and the settings."""
    return derived.digest(rows_digest, sorted((settings or {}).items()))


def cached_build(
    rows: Sequence[InputRow],
    settings: dict[str, float] | None = None,
    *,
    store: DerivedStore | None,
    digest: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    min_rows: int = ELSEWHERE_MIN_ROWS,
) -> IndexState | None:
    """``build_elsewhere``, through the ``store`` when there is one: restored from it when it
    was made from the same rows (``digest``, default ``digest_of`` the rows), else built and
    kept there."""
    settings = settings or {}
    if store is None:
        return build_elsewhere(rows, settings, cancelled=cancelled, min_rows=min_rows)
    digest = digest or digest_of(rows, settings)
    keys = [row[0] for row in rows]
    state = restore(store, digest, keys)
    if state is not None:
        return state
    state = build_elsewhere(rows, settings, cancelled=cancelled, min_rows=min_rows)
    if state is not None and not cancelled():
        keep(store, digest, state, keys)
    return state


def keep(store: DerivedStore, digest: str, state: IndexState, keys: Sequence[Any]) -> bool:
    """Keep ``state`` in ``store`` for rows of this ``digest`` whose keys are ``keys`` (kept
    by position: a key, ``id()`` of a document, holds only while the process runs): its
    entries, then its groups (whose digest says the entries beside them are theirs); True
    when both are kept."""
    position = {key: i for i, key in enumerate(keys)}
    try:
        entries = [(position[e[0]], *e[1:]) for e in state.entries]
        links = [(position[a], position[b], urls, score) for a, b, urls, score in state.links]
        groups = [tuple(position[key] for key in members) for members in state.groups]
    except KeyError:
        return False  # a key not among the rows
    value = ((state.cutoff, state.strict, state.window, state.next), entries)
    return store.put(STORE_NAME, digest, value, form=STORE_FORM) and store.put(
        GROUPS_NAME, digest, (groups, links), form=GROUPS_FORM
    )


def restore(store: DerivedStore, digest: str, keys: Sequence[Any]) -> IndexState | None:
    """The state kept in ``store`` for rows of this ``digest``, with these ``keys`` (None:
    none kept, another folder's or rows', or damaged)."""
    kept = _kept_groups(store, digest, keys)
    entries = store.get(STORE_NAME, digest, form=STORE_FORM)
    if kept is None or entries is None:
        return None
    try:
        (cutoff, strict, window, next_), rows = entries
        return IndexState(
            cutoff, strict, window, next_, [(keys[e[0]], *e[1:]) for e in rows], *kept
        )
    except (ValueError, TypeError, IndexError):
        return None


def restore_groups(store: DerivedStore, digest: str, keys: Sequence[Any]) -> DuplicateGroups | None:
    """The groups kept in ``store`` for rows of this ``digest``, with these ``keys``, without
    reading the entries (None: none kept, another folder's or rows', or damaged)."""
    kept = _kept_groups(store, digest, keys)
    if kept is None:
        return None
    links, groups = kept
    try:
        return DuplicateGroups(groups, links)
    except (KeyError, ValueError):
        return None  # a link outside the groups: damaged


def _kept_groups(
    store: DerivedStore, digest: str, keys: Sequence[Any]
) -> tuple[list[LinkRow], list[tuple[Key, ...]]] | None:
    """The links and groups kept for ``digest``, with ``keys`` for positions."""
    kept = store.get(GROUPS_NAME, digest, form=GROUPS_FORM)
    if kept is None:
        return None
    try:
        groups, links = kept
        return (
            [(keys[a], keys[b], urls, score) for a, b, urls, score in links],
            [tuple(keys[i] for i in members) for members in groups],
        )
    except (ValueError, TypeError, IndexError):
        return None


def main() -> int:
    """The child's side: rows and settings pickled on stdin, the state pickled on stdout."""
    rows, settings = pickle.load(sys.stdin.buffer)
    state = build_here(rows, settings)
    sys.stdout.buffer.write(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
