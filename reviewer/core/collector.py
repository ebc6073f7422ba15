"""Pausing Python's cyclic garbage collector while big, cycle-free structures are built."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_pause_lock = threading.Lock()
_pauses = 0
_collector_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off inside (on again when the last pause, in any thread,
    ends, if it was on when the first began).

    Loading builds several objects per value, all alive until the load ends. The collector
    walks every live object each time their number has grown by a quarter, and those walks
    made saving a front matter of 10,000 to 320,000 keys grow as about n ** 1.25 (nearly two
    thirds of the time at 160,000). Loads and the save layer's surgery make no reference
    cycles. Loading a folder pauses it too: building 100,000 summaries made the collector walk
    every object built so far, again and again (measured: nearly twice the time to unpack
    them).
    """
    global _pauses, _collector_was_enabled
    with _pause_lock:
        if _pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_enabled:
                gc.enable()
