"""The duplicate index built in another process: rapidfuzz and the normalization of every
title and URL (seconds at 100,000 items) then never hold this process's interpreter lock.

``build_elsewhere(rows)`` runs ``python -m reviewer.core.duplicates.worker`` (a fresh
interpreter: nothing of the caller's program is imported there, no Qt), sends it the rows
(:data:`~reviewer.core.duplicates.InputRow`, pickled on its stdin) and reads back the
index's :class:`~reviewer.core.duplicates.IndexState`; the caller restores it with
``DuplicateIndex.from_state`` (no comparison made again). When no other interpreter can be
started (a frozen app) or it fails, the index is built here, as before.

With a ``cache`` file (the app puts it beside the folder's index cache), the index is kept
there once built, as plain values (``marshal``: no code is ever loaded from it) with a
digest of every row's values and the settings; a later build of the same rows in the same
order (a warm reopen of an unchanged folder) restores it from there instead: nothing is
compared again. Keys are kept as positions, since a key (``id()`` of a document) holds only
while the process runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reviewer.core.duplicates import DupInput, DuplicateIndex, IndexState, InputRow

#: How often (seconds) a build in another process checks whether it was cancelled.
POLL_SECONDS = 0.1
#: Fewer rows than this are compared here: starting another interpreter (0.3-0.5 s) would
#: cost more than the comparisons (about 0.1 s for 5,000 news items).
ELSEWHERE_MIN_ROWS = 5000
#: The cache file's format (a file of another format is ignored, then replaced).
CACHE_FORMAT = 1
#: The suffix of the cache file the app keeps beside a folder's index file.
CACHE_SUFFIX = ".duplicates"


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
    """A digest of the rows' values in order (not their keys) and of the settings."""
    values = [row[1:] for row in rows]
    data = pickle.dumps((sorted(settings.items()), values), protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha256(data).hexdigest()


def cached_build(
    rows: Sequence[InputRow],
    settings: dict[str, float] | None = None,
    *,
    cache: Path | None,
    cancelled: Callable[[], bool] = lambda: False,
    min_rows: int = ELSEWHERE_MIN_ROWS,
) -> IndexState | None:
    """``build_elsewhere``, through the ``cache`` file when there is one: restored from it
    when it was made from the same rows, else built and written there."""
    settings = settings or {}
    if cache is None:
        return build_elsewhere(rows, settings, cancelled=cancelled, min_rows=min_rows)
    digest = digest_of(rows, settings)
    state = read_cache(cache, digest, [row[0] for row in rows])
    if state is not None:
        return state
    state = build_elsewhere(rows, settings, cancelled=cancelled, min_rows=min_rows)
    if state is not None and not cancelled():
        write_cache(cache, digest, state, [row[0] for row in rows])
    return state


def write_cache(path: Path, digest: str, state: IndexState, keys: Sequence[Any]) -> None:
    """Keep ``state`` in ``path`` (atomically, 0600; quietly not when it cannot be)."""
    position = {key: i for i, key in enumerate(keys)}
    try:
        entries = [(position[e[0]], *e[1:]) for e in state.entries]
        links = [(position[a], position[b], urls, score) for a, b, urls, score in state.links]
        data = marshal.dumps(
            (
                CACHE_FORMAT,
                digest,
                (state.cutoff, state.strict, state.window, state.next),
                entries,
                links,
            )
        )
    except (KeyError, ValueError):
        return  # a key not among the rows, or a value marshal cannot keep: not kept
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)


def read_cache(path: Path, digest: str, keys: Sequence[Any]) -> IndexState | None:
    """The state kept in ``path`` for rows of this ``digest``, with these ``keys`` (None:
    none kept, another folder's or rows', or unreadable)."""
    try:
        data = path.read_bytes()
        kept = marshal.loads(data)
        form, kept_digest, (cutoff, strict, window, next_), entries, links = kept
        if form != CACHE_FORMAT or kept_digest != digest:
            return None
        return IndexState(
            cutoff,
            strict,
            window,
            next_,
            [(keys[e[0]], *e[1:]) for e in entries],
            [(keys[a], keys[b], urls, score) for a, b, urls, score in links],
        )
    except (OSError, EOFError, ValueError, TypeError, IndexError):
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
