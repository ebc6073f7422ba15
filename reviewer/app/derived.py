"""When a folder's derived structures are all complete: the window's "idle" signal.

After a load, the window derives several structures from the rows, in slices on the GUI
thread, in workers or in another process: the search records (proxy), the sidebar's facet
counts and the search completions (browse), the likely duplicates (dupes), the folder's
schema (site/fieldset), the git status (git/status, in a repository), the consistency
report (report/panel: its ``is:`` searches need it, so it is made whether or not its dock
is shown) and the charts (charts/dock, when shown). The duplicate groups, the schema and
the report of an unchanged folder are restored from its index (``core/folder/derived.py``)
instead of being made again. ``DerivedWork`` looks at each after every signal that may end
one (and, as a safety net, every ``POLL_MS``) and emits ``idle`` once per opened folder,
the first time all are done; ``working`` names the parts still at work meanwhile (the
status bar shows them).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

#: How often (ms) the parts are looked at while some work is under way (a safety net: the
#: signals that end a part's work also make it look at once).
POLL_MS = 50


class DerivedWork(QObject):
    """Whether every derived structure of the open folder is complete.

    ``parts`` maps a name to a function saying whether that part is still working;
    ``watch`` adds signals after which the parts are looked at again.

    Signals:
        idle(): every part is done, for the first time since the folder opened.
        working(list): the names of the parts still working once the rows are listed,
            whenever they change until idle (then an empty list): what the status bar says.
    """

    idle = Signal()
    working = Signal(list)

    def __init__(self, loading: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loading = loading
        self.parts: dict[str, Callable[[], bool]] = {}
        self._opened = False  # a folder opened and its idle not emitted yet
        self._working: list[str] = []  # as last emitted by ``working``
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.check)

    def watch(self, *signals: SignalInstance) -> None:
        """Look at the parts again (soon, once the slots before have run) after each of
        these signals."""
        for signal in signals:
            signal.connect(self._check_soon)

    def busy(self) -> list[str]:
        """The names of the parts still working ("loading" while rows are listed)."""
        names = ["loading"] if self._loading() else []
        return names + [name for name, working in self.parts.items() if working()]

    def is_idle(self) -> bool:
        """True when no part is working (and no folder is loading)."""
        return not self.busy()

    def folder_opened(self, *_args: object) -> None:
        """A folder starts loading: ``idle`` is emitted again once all is done."""
        self._opened = True
        self._timer.start()

    def _check_soon(self, *_args: object) -> None:
        if self._opened:
            QTimer.singleShot(0, self, self.check)  # not once this object is gone

    def check(self) -> None:
        """Emit ``idle`` when the folder's work is all done (once per folder), and
        ``working`` when the parts still working changed."""
        if not self._opened:
            return
        busy = self.busy()
        working = [] if "loading" in busy else busy
        if working != self._working:
            self._working = working
            self.working.emit(working)
        if busy:
            return
        self._opened = False
        self._timer.stop()
        self.idle.emit()
