"""The duplicate index built in another process: rapidfuzz and the normalization of every
title and URL (seconds at 100,000 items) then never hold this process's interpreter lock.

``build_elsewhere(rows)`` runs ``python -m reviewer.core.duplicates.worker`` (a fresh
interpreter: nothing of the caller's program is imported there, no Qt), sends it the rows
(:data:`~reviewer.core.duplicates.InputRow`, pickled on its stdin) and reads back the
index's :class:`~reviewer.core.duplicates.IndexState`; the caller restores it with
``DuplicateIndex.from_state`` (no comparison made again). When no other interpreter can be
started (a frozen app) or it fails, the index is built here, as before.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable, Sequence

from reviewer.core.duplicates import DupInput, DuplicateIndex, IndexState, InputRow

#: How often (seconds) a build in another process checks whether it was cancelled.
POLL_SECONDS = 0.1
#: Fewer rows than this are compared here: starting another interpreter (0.3-0.5 s) would
#: cost more than the comparisons (about 0.1 s for 5,000 news items).
ELSEWHERE_MIN_ROWS = 5000


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
    state: IndexState = pickle.loads(out)
    return state


def main() -> int:
    """The child's side: rows and settings pickled on stdin, the state pickled on stdout."""
    rows, settings = pickle.load(sys.stdin.buffer)
    state = build_here(rows, settings)
    sys.stdout.buffer.write(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
