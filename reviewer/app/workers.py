"""Worker threads with one owner: every thread the window runs is started, cancelled and
joined by its ``Workers``.

A ``Job`` runs one function in a thread of its own. The function gets the job: it asks
``job.cancelled()`` between steps and passes what it has so far to ``job.progress``. What it
reports, returns or raises comes back as the job's signals, which ``Workers.start`` connects
to the given slots as queued connections: the slots run on the GUI thread, never in the
worker. Closing the window calls ``shutdown``: every job is cancelled, then joined.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

_QUEUED = Qt.ConnectionType.QueuedConnection


class Job(QObject):
    """One function run in a thread of its own (see ``Workers.start``).

    Signals (sent from the worker thread; connected as queued connections):
        progressed(Job, object): the function passed this value to ``progress``.
        finished(Job, object): the function returned this value (cancelled or not).
        failed(Job, str): the function raised; the text says what.
    """

    progressed = Signal(object, object)
    finished = Signal(object, object)
    failed = Signal(object, str)

    def __init__(self, name: str, work: Callable[[Job], Any]) -> None:
        super().__init__()  # no parent: the Workers keep it (and the thread keeps it) alive
        self.name = name
        self._work = work
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"reviewer-{name}", daemon=True)

    def cancel(self) -> None:
        """Ask the function to stop at its next check (it may finish its current step)."""
        self._cancel.set()

    def cancelled(self) -> bool:
        """True once ``cancel`` was called (the function's check; any thread)."""
        return self._cancel.is_set()

    def progress(self, value: Any) -> None:
        """Pass ``value`` to the GUI thread (called by the function, in the worker)."""
        self.progressed.emit(self, value)

    def running(self) -> bool:
        """True while the thread runs."""
        return self._thread.is_alive()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True when it has."""
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (``Workers.start`` does, once the slots are connected)."""
        self._thread.start()

    def _run(self) -> None:
        try:
            result = self._work(self)
        except Exception as exc:  # reported, never lost in a thread
            self.failed.emit(self, f"{type(exc).__name__}: {exc}")
            return
        self.finished.emit(self, result)


class Workers(QObject):
    """Starts, cancels and joins the window's worker threads."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[Job] = []

    def start(
        self,
        name: str,
        work: Callable[[Job], Any],
        *,
        finished: Callable[[Job, Any], None] | None = None,
        progressed: Callable[[Job, Any], None] | None = None,
        failed: Callable[[Job, str], None] | None = None,
    ) -> Job:
        """Run ``work(job)`` in a new thread called ``reviewer-<name>``; the slots given are
        connected (queued: they run on the GUI thread) before it starts."""
        job = Job(name, work)
        for signal, slot in (
            (job.finished, finished),
            (job.progressed, progressed),
            (job.failed, failed),
        ):
            if slot is not None:
                signal.connect(slot, _QUEUED)
        self._jobs = [j for j in self._jobs if j.running()] + [job]
        job.start()
        return job

    def running(self, name: str | None = None) -> list[Job]:
        """The jobs still running (those called ``name``)."""
        return [j for j in self._jobs if j.running() and name in (None, j.name)]

    def cancel(self, name: str | None = None) -> None:
        """Ask every job (called ``name``) to stop."""
        for job in self._jobs:
            if name in (None, job.name):
                job.cancel()

    def join(self, name: str | None = None, timeout: float | None = None) -> bool:
        """Wait for every job (called ``name``) to end; True when they all have."""
        done = True
        for job in list(self._jobs):
            if name in (None, job.name):
                done = job.join(timeout) and done
        self._jobs = [j for j in self._jobs if j.running()]
        return done

    def shutdown(self) -> None:
        """Cancel every job, then wait for each to end (the window is closing)."""
        self.cancel()
        self.join()


class Reruns(QObject):
    """Work that follows changes: one run at a time in a worker, soon after it is asked for.

    ``request`` starts a run ``delay_ms`` from now (requests close together make one run); a
    request while a run works makes one more run after it. ``run`` starts the work and
    returns its job (None: nothing to do now). The job's slot calls ``finish(job)`` first:
    False means the result is stale (``stop`` was called since: another folder opened).
    """

    def __init__(self, run: Callable[[], Job | None], delay_ms: int, parent: QObject) -> None:
        super().__init__(parent)
        self._run = run
        self._job: Job | None = None
        self._again = False  # asked again while a run worked
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self._start)

    def request(self) -> None:
        """Run again soon."""
        self._timer.start()

    def busy(self) -> bool:
        """True while a run works or waits to start."""
        return self._job is not None or self._timer.isActive()

    def stop(self) -> None:
        """Cancel the run working and forget the runs asked for."""
        if self._job is not None:
            self._job.cancel()
        self._job = None
        self._again = False
        self._timer.stop()

    def finish(self, job: Job, *, again: bool = True) -> bool:
        """``job`` ended: True when it is the current run (its result is wanted). A run asked
        for meanwhile starts soon (unless ``again`` is False: the run failed)."""
        if job is not self._job:
            return False
        self._job = None
        if self._again and again:
            self._again = False
            self._timer.start()
        return True

    def _start(self) -> None:
        if self._job is not None:
            self._again = True
            return
        self._job = self._run()
