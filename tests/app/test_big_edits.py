"""Big edits and saves keep the window answering: a toggle of every row reads no file and is
made a slice at a time; a save of many files runs in a worker, with progress and cancel;
closing the window leaves no thread running."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window  # tests/app is on sys.path

from reviewer.app import dialogs, dupes, editing
from reviewer.app.context import AppContext
from reviewer.app.folder import loader
from reviewer.app.folder import saver as saver_module
from reviewer.app.mainwindow import MainWindow
from reviewer.app.workers import Job
from reviewer.core import files, store
from reviewer.core.duplicates import DupInput, DuplicateIndex
from reviewer.workspace import SaveReport

COUNT = 2000


@pytest.fixture(autouse=True)
def no_unanswered_questions(
    no_modal_prompts: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fail loudly on a question nobody answered, an error dialog included."""
    monkeypatch.setattr(dialogs, "error_dialog", no_modal_prompts)


@pytest.fixture
def many(tmp_path: Path, make_article: Callable[..., Path]) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(COUNT):
        make_article(folder, f"story-{number:04d}")
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The files read (the thread's name, the path), by the store or by anything that reads
    a file's bytes."""
    read: list[tuple[str, str]] = []
    real_article, real_regular = store.read_article, files.read_regular

    def read_article(path: Any) -> Any:
        read.append((threading.current_thread().name, str(path)))
        return real_article(path)

    def read_regular(path: Any, *args: Any, **kwargs: Any) -> Any:
        read.append((threading.current_thread().name, str(path)))
        return real_regular(path, *args, **kwargs)

    monkeypatch.setattr(store, "read_article", read_article)
    monkeypatch.setattr(files, "read_regular", read_regular)
    return read


class Heartbeat:
    """A timer on the GUI thread: how many times it ticked, and the longest gap."""

    def __init__(self, interval: int = 5) -> None:
        self.ticks = 0
        self.longest = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer(interval=interval)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.ticks += 1

    def stop(self) -> None:
        self.timer.stop()


def toggle_all(qtbot: QtBot, window: MainWindow) -> None:
    window.table.selectAll()
    window.menus.toggle.trigger()
    qtbot.waitUntil(lambda: not window.editor.busy(), timeout=30_000)


def test_toggling_every_row_reads_no_file_and_is_made_in_slices(
    qtbot: QtBot,
    context: AppContext,
    many: Path,
    reads: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(editing, "CHUNK", 300)  # so that 2,000 rows take a few slices
    window = open_window(qtbot, context, many)
    qtbot.waitUntil(window.duplicates.ready, timeout=30_000)
    window.table.selectAll()  # the current row, now selected, is read to be shown in full
    reads.clear()
    window.menus.toggle.trigger()
    assert window.editor.busy()  # the slices are under way; the event loop runs between
    assert not window.menus.undo.isEnabled()
    window.menus.toggle.trigger()  # refused while busy: no second step
    qtbot.waitUntil(lambda: not window.editor.busy(), timeout=30_000)
    qtbot.waitUntil(window.duplicates.ready, timeout=30_000)
    assert reads == []
    assert len(window.modified_documents()) == COUNT
    assert window.status.counts.text() == f"{COUNT:,} shown · 0 unpublished · {COUNT:,} modified"
    stack = window.editor.undo_stack
    assert stack.count() == 1 and stack.undoText() == f"Publish {COUNT} articles"
    assert window.menus.undo.isEnabled()
    window.menus.undo.trigger()  # a big undo is made in slices too
    qtbot.waitUntil(lambda: not window.editor.busy(), timeout=30_000)
    assert window.modified_documents() == []
    assert reads == []


def test_a_big_save_runs_in_a_worker_while_the_window_answers(
    qtbot: QtBot,
    context: AppContext,
    many: Path,
    reads: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[str] = []
    real_save = saver_module.save

    def save(documents: Any, **kwargs: Any) -> SaveReport:
        threads.append(threading.current_thread().name)
        return real_save(documents, **kwargs)

    monkeypatch.setattr(saver_module, "save", save)
    window = open_window(qtbot, context, many)
    window.select_row(0)  # the current row, read in full to be shown in the detail pane
    reads.clear()
    toggle_all(qtbot, window)
    assert reads == []
    beat = Heartbeat()
    with qtbot.waitSignal(window.saver.finished, timeout=120_000) as blocker:
        window.menus.save.trigger()
        accept_review(window)  # Ctrl+S on several files: the review of the save first
        assert window.saver.running() and window.editor.busy()
        assert window.status.progress.isVisible()
        assert window.status.progress.format() == "Saving %v of %m"
        window.editor.set_value(window.modified_documents()[0], ("quality",), 1)  # refused
    beat.stop()
    assert blocker.args is not None
    report: SaveReport = blocker.args[0]
    assert len(report.saved) == COUNT and not report.failed
    assert threads and all(name == "reviewer-save" for name in threads)
    assert {name for name, _path in reads} == {"reviewer-save"}  # none on the GUI thread
    shown = window.detail.document()  # read in full to be shown; the others stay light
    assert [d for d in window.model.documents() if d.loaded] == ([shown] if shown else [])
    assert beat.ticks >= 5  # the GUI thread went on with its events during the save
    assert window.modified_documents() == [] and not window.isWindowModified()
    assert not window.editor.busy() and window.editor.undo_stack.count() == 1
    assert not window.status.progress.isVisible()
    texts = [path.read_bytes() for path in sorted(many.iterdir())]
    assert all(b"published: true" in text and b"quality: 50" in text for text in texts)


def accept_review(window: MainWindow) -> None:
    """Click Save in the review of the save that Ctrl+S shows for several files."""
    dialog = window.save_review.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.accept()


def test_cancelling_a_big_save_leaves_the_rest_modified(
    qtbot: QtBot, context: AppContext, many: Path
) -> None:
    window = open_window(qtbot, context, many)
    toggle_all(qtbot, window)
    window.saver.progressed.connect(lambda _done: window.status.cancel.click())
    with qtbot.waitSignal(window.saver.finished, timeout=120_000) as blocker:
        window.menus.save.trigger()
        accept_review(window)  # Ctrl+S on several files: the review of the save first
    assert blocker.args is not None
    report: SaveReport = blocker.args[0]
    saved = {d.path for d in report.saved}
    assert 0 < len(saved) < COUNT
    left = window.modified_documents()
    assert len(left) == COUNT - len(saved) and not any(d.path in saved for d in left)
    for document in left:
        assert b"published: false" in document.path.read_bytes()
    for path in saved:
        assert b"published: true" in path.read_bytes()
    assert window.isWindowModified() and not window.editor.busy()
    assert window.status.counts.text().endswith(f"{len(left):,} modified")


def _endless_read(_batches: object, job: Job) -> None:
    while not job.cancelled():
        time.sleep(0.01)


#: Released once the test has seen the duplicates job running (however loaded the machine).
_RELEASE = threading.Event()


class _SlowIndex(DuplicateIndex):
    def __init__(self, items: Iterable[DupInput] = (), **settings: float) -> None:
        _RELEASE.wait(10)
        super().__init__(items, **settings)


def test_closing_the_window_cancels_and_joins_every_worker(
    qtbot: QtBot,
    context: AppContext,
    articles: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dupes, "DuplicateIndex", _SlowIndex)
    _RELEASE.clear()
    window = open_window(qtbot, context, articles)  # its duplicates are being found
    monkeypatch.setattr(loader, "read_folder", _endless_read)
    other = tmp_path / "other"
    other.mkdir()
    window.open_folder(other)  # a load that runs until it is cancelled
    running = {job.name for job in window.workers.running()}
    _RELEASE.set()
    assert {"loader", "duplicates"} <= running
    assert window.close()
    assert window.workers.running() == []
    assert [t.name for t in threading.enumerate() if t.name.startswith("reviewer-")] == []


def test_closing_during_a_big_save_stops_it_and_asks_about_the_rest(
    qtbot: QtBot, context: AppContext, many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, many)
    toggle_all(qtbot, window)
    asked: list[int] = []

    def ask_unsaved(_parent: object, count: int) -> dialogs.Unsaved:
        asked.append(count)
        return dialogs.Unsaved.DISCARD

    monkeypatch.setattr(dialogs, "ask_unsaved", ask_unsaved)
    window.menus.save.trigger()
    accept_review(window)
    assert window.saver.running()
    assert window.close()
    assert not window.saver.running() and window.workers.running() == []
    written = sum(b"published: true" in path.read_bytes() for path in many.iterdir())
    assert asked == [COUNT - written]  # what the save had not reached when it was stopped


def test_select_all_asks_the_model_about_the_rows_in_view_only(
    qtbot: QtBot, context: AppContext, many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, many)
    asked: list[int] = []
    real = window.model.row_flags

    def row_flags(row: int, column: int) -> Any:
        asked.append(row)
        return real(row, column)

    monkeypatch.setattr(window.model, "row_flags", row_flags)
    window.table.selectAll()
    window.table.horizontalHeader().viewport().repaint()  # it asked every row of each column
    window.table.viewport().repaint()
    qtbot.wait(20)
    assert window.selection.rows() == list(range(COUNT))
    assert len(set(asked)) < 200  # the rows painted, not the 2,000 selected
