"""Benchmark: the window's table, search, sort, save and memory at 1,000 to 100,000 articles.

Run from the repository root (no display needed)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py [--sizes 1000,20000,100000]
        [--corpus PATH] [--repeat R] [--folder DIR] [--bulk DIR] [--files N]

Each size runs in a fresh process (its peak memory is its own). The corpus's news items
(``../shared/corpus/news`` beside the repository, or ``--corpus``) are copied in memory into
that many *light* articles, as the index cache gives them (each with its own title, text,
URLs, day and published flag). A real MainWindow (offscreen, 1400x900) gets them as a load
does, in batches, sorted by date, newest first, and this is timed:

- **fill** (all rows listed and sorted) and **first rows** (first batch listed, painted);
- **records**: the search records the proxy builds while idle, after the load;
- **keystrokes**: ``power apps`` (quick filter) and ``quality:>40 date:2021`` (search) typed
  a character at a time into ``proxy.set_text`` (the table, status bar and sidebar react as
  in the app), best of ``--repeat`` per keystroke; and ``power apps`` typed into the search
  bar with the window repainted each time (**window keystroke**);
- **facets**: the sidebar's counts over every row (counted in slices while idle);
- **sort** by date and by title, all rows shown: the first time (keys made) and again;
- **toggle + save**: flip ``published`` on a temporary copy of a news file listed among the
  others and save it, 40 times; **peak RSS** (``ru_maxrss``) at the end.

``--folder DIR`` also opens a real folder in the window through the loader, in a fresh
process with an empty index cache, then again with the cache it filled: first rows, all
rows, ready (search records and duplicates) and **idle** (``MainWindow.derived_idle``: every
structure derived from the rows complete), each against the **lean floor** measured right
before in the same run (an ``os.scandir`` walk with string paths, then every file's bytes
read); ``--repeat`` runs each, medians. ``--typing`` also types ``power apps`` into the
search bar (the table repainted) a key every TYPING_MS from the first rows on: each
keystroke timed, while loading and after.

``--keep DIR`` (what ``run_all.py`` gives) or ``--json OUT`` open, for each of ``--sizes``,
``DIR/files-N`` (written once, as ``bench_open.py`` writes it), or ``--folder``, cold and
warm, and print those tables only; ``--json`` writes their rows (path, size, seconds, floor,
ratio, peak_mb, target).

``--bulk DIR`` measures a bulk toggle instead (writing ``--files`` files, each saying
``published: false``, into DIR when it does not exist): in a fresh process with an empty
index cache, the window opens the folder (its rows are light articles) and is left idle for
SETTLE_SECONDS, then **Select All**, **Toggle Published** and **Save** (``save_all``, what
File ▸ Save does once its review is accepted: in the background, with its progress) run as
a user would start them, each until the window is idle again, while a timer on the GUI
thread ticks every 10 ms: the longest gap between two ticks is the longest time the window
stopped answering. Each phase's calls of ``store.read_article`` and ``files.read_regular``
are counted, and the memory after it::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py --bulk /tmp/bench-bulk-100k

Floors: a loop doing ``"p" in record.title_folded`` over every record, and
``sorted(range(n))`` by float keys (the least a filter and a sort can cost).

This is a benchmark, not a test: it asserts nothing and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib
import itertools
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
leanfloor = importlib.import_module("leanfloor")  # the one lean floor of the benchmarks

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
TYPED = {"quick filter": "power apps", "search": "quality:>40 date:2021"}
FIRST_BATCH = 500
#: How long ``--bulk`` lets the window finish its idle work after a load, before Select All.
SETTLE_SECONDS = 5
#: The file readers ``--bulk`` counts the calls of: ``store.read_article`` (an article read
#: in full) and ``files.read_regular`` (any read of a file's bytes, that one's included).
READERS = ("read_article", "read_regular")
BATCH = 5000
#: ``--typing``: a keystroke every this many ms while a folder opens and after.
TYPING_MS = 300
#: The targets of issue 15 (ratios to the lean floor, memory, keystrokes).
TARGETS = {
    ("cold", "all rows"): "<= 10x",
    ("cold", "idle"): "<= 12x",
    ("warm", "all rows"): "<= 1.5x",
    ("warm", "idle"): "<= 3x",
}


def fresh(value: Any) -> Any:
    """A copy of ``value`` with its own string objects (as parsing each file would give)."""
    if isinstance(value, str):
        return (value + " ")[:-1]
    if isinstance(value, dict):
        return {fresh(k): fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [fresh(v) for v in value]
    return value


def light_of(article: Any) -> Any:
    """``article`` as a folder load lists it: a light article made from its index-cache
    packed summary (``packing``: interned keys and short texts, as a warm reopen gives them)."""
    from reviewer.core.folder import packing

    packed = packing.pack(article)
    if packed is None:
        return article
    return packing.article_of(packing.unpack(packed), article.path)


def make_articles(news: Sequence[Any], count: int, seed: int = 1) -> list[Any]:
    """``count`` light articles copied from ``news``, each with its own title, excerpt, URLs,
    day and published flag (made one at a time, so no full copy is held)."""
    rng = random.Random(seed)
    words = [w for a in news for w in a.title.split() if w.isalpha() and len(w) > 3]
    articles = []
    for i in range(count):
        base = news[i % len(news)]
        data: dict[str, Any] = fresh(base.data)
        data["title"] = f"{base.title} {rng.choice(words)} #{i}"
        data["excerpt"] = f"{data.get('excerpt', '')} {rng.choice(words)}"
        when = base.published_at or dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc)
        data["publishedDateTime"] = when.replace(year=2020) + dt.timedelta(
            days=rng.randrange(0, 4 * 365)
        )
        data["published"] = rng.random() < 0.5
        for key in ("originalUrl", "webUrl"):  # each copy its own story
            if isinstance(data.get(key), str):
                data[key] = f"{data[key].rstrip('/')}/copy-{i}"
        path = Path(f"/nonexistent/bench/{i:06d}-{base.path.name}")
        articles.append(light_of(dataclasses.replace(base, path=path, data=data)))
    return articles


def batches(size: int) -> list[tuple[int, int]]:
    """A load's batches: a first small one (as the loader sends at once), then big ones."""
    bounds = [0, min(FIRST_BATCH, size)]
    while bounds[-1] < size:
        bounds.append(min(bounds[-1] + BATCH, size))
    return list(itertools.pairwise(bounds))


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed(action: Callable[..., Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def new_window(work: Path) -> Any:
    """A MainWindow (offscreen, 1400x900) with its settings in ``work``, sorted by date."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from reviewer.app.context import AppContext
    from reviewer.app.mainwindow import MainWindow
    from reviewer.app.settings import Settings
    from reviewer.app.table.columns import Column

    app = QApplication.instance() or QApplication([])
    store = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(Settings(store)))
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    window.table.horizontalHeader().setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)
    return window


def run_folder(folder: Path, typing: bool = False) -> dict[str, Any]:
    """Open a real ``folder`` in the window, through the loader (and the index cache in
    $REVIEWER_CACHE_DIR): first rows, all rows, then ready (search records and duplicates)
    and idle (``MainWindow.derived_idle``: every derived structure complete). With
    ``typing``, ``power apps`` is typed into the search bar (window repainted) a key every
    TYPING_MS from the first rows on, and each keystroke timed (while loading and after)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    work = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    window = new_window(work)
    app: Any = QApplication.instance()
    wait = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    result: dict[str, Any] = {"rss_before": rss_mb()}
    idle: list[float] = []
    window.derived_idle.connect(lambda: idle.append(time.perf_counter()))
    typed: list[tuple[float, bool]] = []  # (seconds, while loading)
    bar = window.list_pane.filter_edit

    def key() -> None:
        text = TYPED["quick filter"]
        done = len(bar.text()) % len(text) if bar.text() else 0
        prefix = text[: done + 1]
        loading = window.loading
        typed.append(
            (timed(lambda: (bar.setText(prefix), window.table.viewport().repaint())), loading)
        )

    typist = QTimer(interval=TYPING_MS)
    typist.timeout.connect(key)
    start = time.perf_counter()
    window.open_folder(folder)
    while window.loading:
        app.processEvents(wait)
        if "first_rows" not in result and window.proxy.rowCount():
            window.table.viewport().repaint()
            result["first_rows"] = time.perf_counter() - start
            if typing:
                typist.start()
    result["all_rows"] = time.perf_counter() - start
    result["rows"], result["rss_listed"] = window.model.rowCount(), rss_mb()
    while not window.proxy.records_ready() or not window.duplicates.ready():
        app.processEvents(wait)
    result["ready"] = time.perf_counter() - start
    while not idle:
        app.processEvents(wait)
    result["idle"] = idle[0] - start
    typist.stop()
    result["typed_loading"] = [t for t, loading in typed if loading]
    result["typed_after"] = [t for t, loading in typed if not loading]
    bar.clear()
    app.processEvents()
    result["keystrokes"] = [
        timed(lambda p="power apps"[:i]: window.proxy.set_text(p)) for i in range(1, 11)
    ]
    result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["children_peak_rss"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    window.close()
    shutil.rmtree(work, ignore_errors=True)
    return result


def run_size(size: int, corpus: Path, repeat: int) -> dict[str, Any]:
    """Everything for one size, in this process."""
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QApplication

    from reviewer.app.table.columns import Column
    from reviewer.core.document import Document
    from reviewer.core.folder.scan import scan
    from reviewer.core.store import read_article

    news = [a for a in scan(corpus / "news" if (corpus / "news").is_dir() else corpus)]
    articles = make_articles([a for a in news if a.error is None and a.data], size)
    result: dict[str, Any] = {"size": size, "rss_before": rss_mb()}
    work = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    try:
        window = new_window(work)
        app: Any = QApplication.instance()
        folder = corpus / "news" if (corpus / "news").is_dir() else corpus
        proxy, model = window.proxy, window.model
        window.loader.loading = True  # as during a load: no folder change is looked at
        window.list_pane.show_table(True)

        start = time.perf_counter()
        first = 0.0
        for offset, end in batches(size):
            window.add_articles(articles[offset:end])
            if not first:
                app.processEvents()
                window.table.viewport().repaint()
                first = time.perf_counter() - start
        window.loader.loading = False
        window.loader.finished.emit(False)
        result["fill"] = time.perf_counter() - start
        result["first_rows"] = first
        result["rss_listed"] = rss_mb()
        start = time.perf_counter()
        while not proxy.records_ready():
            app.processEvents()
        result["records"] = time.perf_counter() - start
        start = time.perf_counter()
        while not window.duplicates.ready():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        result["duplicates"] = time.perf_counter() - start

        result["floor_filter"], result["floor_sort"] = floors(
            [proxy.record(d) for d in model.documents()]
        )

        for name, text in TYPED.items():
            best: list[float] = []
            for _ in range(repeat):
                proxy.set_text("")
                times = [timed(lambda p=text[: i + 1]: proxy.set_text(p)) for i in range(len(text))]
                best = times if not best else [min(a, b) for a, b in zip(best, times, strict=True)]
            result[name] = best
            proxy.set_text("")
        bar = window.list_pane.filter_edit
        typed: list[float] = []
        for _ in range(repeat):
            bar.clear()
            app.processEvents()
            for i in range(len(TYPED["quick filter"])):
                prefix = TYPED["quick filter"][: i + 1]
                typed.append(timed(lambda p=prefix: (bar.setText(p), app.processEvents())))
        result["window keystroke"] = typed
        bar.clear()
        window.browse.flush()
        steps: list[float] = []
        counter = window.browse.sidebar.counter
        counter.start(proxy.documents())
        while counter.busy():
            steps.append(timed(lambda: counter._step()))
        result["facet slice max"] = max(steps) if steps else 0.0
        result["facet total"] = sum(steps)

        for label, column, order in (
            ("sort title", Column.TITLE, Qt.SortOrder.AscendingOrder),
            ("sort date", Column.DATE, Qt.SortOrder.DescendingOrder),
        ):
            result[f"{label} first"] = timed(lambda c=column, o=order: proxy.sort(c, o))
            proxy.sort(Column.QUALITY, Qt.SortOrder.AscendingOrder)
            result[label] = min(
                timed(lambda c=column, o=order: proxy.sort(c, o)) for _ in range(repeat)
            )
        result["rss_searched"] = rss_mb()

        source = next(p for p in sorted(folder.iterdir()) if p.suffix == ".md")
        copy = work / "items" / source.name
        copy.parent.mkdir()
        shutil.copyfile(source, copy)
        window.add_articles([read_article(copy)])
        document: Document = model.document(model.rowCount() - 1)
        window.select_row(proxy.mapFromSource(model.index(model.rowCount() - 1, 0)).row())
        app.processEvents()
        saves = []
        for _ in range(40):
            value = not document.view.published
            saves.append(
                timed(lambda v=value: window.editor.set_value(document, ("published",), v))
                + timed(window.save_selected)
            )
            app.processEvents()
        result["toggle+save"] = saves
        result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        window.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


class Heartbeat:
    """A timer on the GUI thread ticking every ``interval`` ms: the longest gap between two
    ticks, per phase (the longest time the window did not answer)."""

    def __init__(self, interval: int = 10) -> None:
        from PySide6.QtCore import QTimer

        self.longest: dict[str, float] = {}
        self.phase = ""
        self.ticks = 0
        self._last = time.perf_counter()
        self.timer = QTimer(interval=interval)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def start(self, phase: str) -> None:
        """Count the gaps from now on as ``phase``'s (a gap that began before counts too)."""
        self.phase = phase
        self.longest.setdefault(phase, 0.0)

    def _tick(self) -> None:
        now = time.perf_counter()
        gap, self._last = now - self._last, now
        self.ticks += 1
        if self.phase:
            self.longest[self.phase] = max(self.longest[self.phase], gap)


def run_bulk(folder: Path) -> dict[str, Any]:
    """Open ``folder`` in the window, then Select All, Toggle Published and Save, each until
    the window is idle again, with a heartbeat; the longest stall of each phase, its time,
    the files it read and the memory after it."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from reviewer.core import files, store

    reads: dict[str, int] = {}  # calls by "phase function"
    phase_now = ["start"]
    for module, name in zip((store, files), READERS, strict=True):
        real = getattr(module, name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            key = f"{phase_now[0]} {_name}"
            reads[key] = reads.get(key, 0) + 1
            return _real(*args, **kwargs)

        setattr(module, name, counted)
    work = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    window = new_window(work)
    app: Any = QApplication.instance()
    wait = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    beat = Heartbeat()
    result: dict[str, Any] = {}

    def run(phase: str, action: Callable[[], object], done: Callable[[], bool]) -> None:
        """Start ``action`` from the event loop (as a click does) and run the loop until
        ``done``, then for two more ticks (so a stall at the end counts in this phase)."""
        started: list[float] = []

        def start() -> None:
            started.append(time.perf_counter())
            action()

        beat.start(phase)
        phase_now[0] = phase
        QTimer.singleShot(0, start)
        while not (started and done()):
            app.processEvents(wait)
        result[f"{phase} time"] = time.perf_counter() - started[0]
        ticks = beat.ticks
        while beat.ticks < ticks + 2:
            app.processEvents(wait)
        result[f"{phase} rss"] = rss_mb()

    def idle() -> bool:
        return (
            not window.loading
            and not window.editor.busy()
            and not window.saver.running()
            and window.proxy.records_ready()
            and window.duplicates.ready()
        )

    run("open", lambda: window.open_folder(folder), idle)
    beat.start("after the load")  # the idle work a load leaves (sidebar, watcher, layout)
    phase_now[0] = "after the load"
    settle = time.perf_counter()
    while time.perf_counter() - settle < SETTLE_SECONDS:
        app.processEvents(wait)
    result["rows"] = window.model.rowCount()
    result["light"] = sum(1 for d in window.model.documents() if not d.loaded)
    run("select all", window.menus.select_all.trigger, idle)
    result["selected"] = len(window.selected_documents())
    run("toggle", window.menus.toggle.trigger, idle)
    result["modified"] = len(window.modified_documents())
    reports: list[Any] = []
    window.saver.finished.connect(reports.append)
    run("save", window.save_all, lambda: bool(reports) and idle())  # Save, once reviewed
    report = reports[-1]
    result["saved"], result["failed"] = len(report.saved), len(report.failed)
    result["left modified"] = len(window.modified_documents())
    result["stalls"] = beat.longest
    result["reads"] = reads
    result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.close()
    shutil.rmtree(work, ignore_errors=True)
    return result


def bulk_table(folder: Path) -> str:
    """Run ``run_bulk`` on ``folder`` in a fresh process with an empty index cache."""
    cache = Path(tempfile.mkdtemp(prefix="bench-gui-cache-"))
    try:
        r = child("--bulk-one", str(folder), cache=cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    stalls = r["stalls"]
    lines = [
        f"Select All, Toggle Published, Save: {folder} ({r['rows']:,} rows, {r['light']:,} light)",
        "| Phase | time | longest stall of the GUI thread | read_article / read_regular calls"
        " | RSS after |",
        "|---|---|---|---|---|",
    ]
    reads = r["reads"]
    for phase in ("open", "after the load", "select all", "toggle", "save"):
        took = ms(r[f"{phase} time"]) if f"{phase} time" in r else f"{SETTLE_SECONDS} s"
        article, regular = (reads.get(f"{phase} {name}", 0) for name in READERS)
        calls = f"{article:,} / {regular:,}"
        rss = f"{r[f'{phase} rss']:.0f} MB" if f"{phase} rss" in r else ""
        lines.append(f"| {phase} | {took} | {ms(stalls[phase])} | {calls} | {rss} |")
    lines.append(
        f"Selected {r['selected']:,}, modified {r['modified']:,}; saved {r['saved']:,}, failed "
        f"{r['failed']}, left modified {r['left modified']}; peak RSS {r['peak_rss']:.0f} MB"
    )
    return "\n".join(lines)


def floors(records: list[Any]) -> tuple[float, float]:
    """The least a filter and a sort of ``len(records)`` rows can cost in Python."""
    keys = [random.random() for _ in records]
    rows = range(len(records))
    return (
        min(timed(lambda: [r for r in records if "p" in r.title_folded]) for _ in range(3)),
        min(timed(lambda: sorted(rows, key=keys.__getitem__)) for _ in range(3)),
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def spread(values: Sequence[float], worst: bool = True) -> str:
    """p50 / p95 (/ max) of ``values``."""
    text = f"{ms(statistics.median(values))} / {ms(percentile(values, 0.95))}"
    return f"{text} / {ms(max(values))}" if worst else text


def cells(r: dict[str, Any]) -> dict[str, str]:
    """One size's figures, by row label."""
    return {
        "Fill: all rows listed, sorted by date": ms(r["fill"]),
        "First rows listed and painted": ms(r["first_rows"]),
        "Search records built while idle": ms(r["records"]),
        "Duplicates found (thread) after the load": ms(r["duplicates"]),
        "Quick filter `power apps`: p50 / p95 / max": spread(r["quick filter"]),
        "Search `quality:>40 date:2021`: p50 / p95 / max": spread(r["search"]),
        "Window keystroke (search bar + repaint): p50 / p95 / max": spread(r["window keystroke"]),
        'Floor: `"p" in title_folded` loop': ms(r["floor_filter"]),
        "Facet counts: total / longest slice": f"{ms(r['facet total'])} / "
        f"{ms(r['facet slice max'])}",
        "Sort by date (first / again)": f"{ms(r['sort date first'])} / {ms(r['sort date'])}",
        "Sort by title (first / again)": f"{ms(r['sort title first'])} / {ms(r['sort title'])}",
        "Floor: sorted(range(n)) by float keys": ms(r["floor_sort"]),
        "Toggle + save: median / p95": spread(r["toggle+save"], worst=False),
        "RSS: before / listed / after searches": f"{r['rss_before']:.0f} / "
        f"{r['rss_listed']:.0f} / {r['rss_searched']:.0f} MB",
        "Peak RSS (ru_maxrss)": f"{r['peak_rss']:.0f} MB",
    }


def table(results: list[dict[str, Any]]) -> str:
    columns = [cells(r) for r in results]
    lines = [
        "| Measure | " + " | ".join(f"{r['size']:,} articles" for r in results) + " |",
        "|---" * (len(results) + 1) + "|",
    ]
    lines += [
        f"| {label} | " + " | ".join(c[label] for c in columns) + " |" for label in columns[0]
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,20000,100000", help="comma-separated counts")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes, best kept")
    parser.add_argument("--folder", type=Path, help="also open this real folder, cold and warm")
    parser.add_argument("--files", type=int, default=100_000, help="files --folder gets if new")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one size, JSON
    parser.add_argument("--bulk", type=Path, help="select all, toggle, save in this folder")
    parser.add_argument("--open", type=Path, help=argparse.SUPPRESS)  # internal: one open
    parser.add_argument("--bulk-one", type=Path, help=argparse.SUPPRESS)  # internal: one bulk
    parser.add_argument("--typing", action="store_true", help="--folder: type while loading")
    parser.add_argument(
        "--keep", type=Path, help="open DIR/files-N (written once) for each size, cold and warm"
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the opens' rows here")
    args = parser.parse_args(argv)
    if args.open:
        print(json.dumps(run_folder(args.open, args.typing)))
        return 0
    if args.bulk_one:
        print(json.dumps(run_bulk(args.bulk_one)))
        return 0
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    if args.one:
        print(json.dumps(run_size(args.one, args.corpus, args.repeat)))
        return 0
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.platform()}")
    if args.bulk:
        if not args.bulk.exists():
            write_folder(args.corpus, args.bulk, args.files, unpublished=True)
        print(bulk_table(args.bulk))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.keep is not None or args.json is not None:  # the opens of issue 15, per size
        return open_sizes(args, sizes)
    results = []
    for size in sizes:
        results.append(
            child("--one", str(size), "--corpus", str(args.corpus), "--repeat", str(args.repeat))
        )
        print(f"{size:,} done", file=sys.stderr)
    print(table(results))
    if args.folder:
        if not args.folder.exists():
            write_folder(args.corpus, args.folder, args.files)
        print(open_table(args.folder, args.repeat, args.typing)[0])
    return 0


def open_sizes(args: argparse.Namespace, sizes: Sequence[int]) -> int:
    """Open a folder of each size cold and warm (``--keep DIR``: ``DIR/files-N``, written
    once; else ``--folder``, or a temporary folder per size); print the tables, and write
    every row to ``--json``."""
    rows: list[Any] = []
    for size in sizes:
        if args.keep is not None:
            folder = args.keep / f"files-{size}"
        elif args.folder is not None:
            folder = args.folder
        else:
            folder = Path(tempfile.gettempdir()) / f"bench-gui-files-{size}"
        if not folder.exists() and args.keep is not None:  # as run_all.py's other rows
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            importlib.import_module("bench_open").generate(args.corpus, folder, size)
        elif not folder.exists():
            write_folder(args.corpus, folder, size)
        text, got = open_table(folder, args.repeat, args.typing)
        print(text, flush=True)
        rows += got
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


def write_folder(corpus: Path, folder: Path, count: int, unpublished: bool = False) -> None:
    """``count`` files copied from the corpus's news items, each with its own title (a word
    and a number put before it) and its own originalUrl and webUrl (so that copies are not
    all duplicates of each other); with ``unpublished``, each says ``published: false``."""
    sources = sorted((corpus / "news").glob("*.md"))
    texts = [p.read_bytes() for p in sources]
    titles = [t.split(b'title: "', 1)[-1].split(b"\n", 1)[0] for t in texts]
    words = [w for title in titles for w in title.split() if w.isalpha()]
    rng = random.Random(1)
    folder.mkdir(parents=True)
    for i in range(count):
        text = texts[i % len(texts)].replace(
            b'title: "', b'title: "%s %d ' % (rng.choice(words), i), 1
        )
        for key in (b"originalUrl", b"webUrl"):
            text = text.replace(
                b'%s: "' % key, b'%s: "https://copy%d.example.org/?u=' % (key, i), 1
            )
        if unpublished:
            text = text.replace(b"\npublished: true", b"\npublished: false", 1)
        (folder / f"{i:06d}-{sources[i % len(sources)].name}").write_bytes(text)


def child(*args: str, cache: Path | None = None) -> dict[str, Any]:
    """Run this script with ``args`` in a fresh process; its JSON result."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if cache is not None:
        env["REVIEWER_CACHE_DIR"] = str(cache)
    command = [sys.executable, __file__, *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def lean_floor(folder: Path) -> float:
    """The lean floor (``leanfloor``), in this process: seconds."""
    seconds: float = leanfloor.measure(folder)["seconds"]
    return seconds


def open_runs(folder: Path, repeat: int, typing: bool) -> dict[str, list[dict[str, Any]]]:
    """Open ``folder`` ``repeat`` times cold (an empty index cache) and warm, each in a fresh
    process right after a lean floor run (its ``floor``)."""
    cache = Path(tempfile.mkdtemp(prefix="bench-gui-cache-"))
    runs: dict[str, list[dict[str, Any]]] = {"cold": [], "warm": []}
    extra = ["--typing"] if typing else []
    try:
        lean_floor(folder)  # untimed: the page cache warm
        for mode in ("cold", "warm"):
            for _ in range(repeat):
                if mode == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                    cache.mkdir()
                floor = min(lean_floor(folder) for _ in range(2))
                print(f"{folder}: window {mode} ...", file=sys.stderr, flush=True)
                r = child("--open", str(folder), *extra, cache=cache)
                runs[mode].append({**r, "floor": floor})
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return runs


def open_rows(size: int, runs: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The rows run_all.py gathers: all rows and idle, cold and warm (medians, ratios to the
    lean floor of the same run), peak RSS, keystrokes."""
    rows: list[dict[str, Any]] = []
    for mode, got in runs.items():
        if not got:
            continue
        for label, key in (("all rows", "all_rows"), ("idle", "idle")):
            ratios = sorted(r[key] / r["floor"] for r in got)
            rows.append(
                {
                    "path": f"window {mode}: {label}",
                    "size": size,
                    "seconds": statistics.median(r[key] for r in got),
                    "floor": statistics.median(r["floor"] for r in got),
                    "ratio": statistics.median(ratios),
                    "ratios": ratios,
                    "peak_mb": max(r["peak_rss"] for r in got),
                    "target": TARGETS[(mode, label)],
                    "note": f"RSS listed {max(r['rss_listed'] for r in got):.0f} MB; duplicates"
                    f" process peak {max(r['children_peak_rss'] for r in got):.0f} MB",
                    "source": "bench_gui.py",
                }
            )
        rows.append(
            {
                "path": f"window {mode}: peak RSS (listed / peak)",
                "size": size,
                "seconds": None,
                "peak_mb": max(r["peak_rss"] for r in got),
                "listed_mb": max(r["rss_listed"] for r in got),
                "target": "< 300 / < 400 MB" if size >= 100_000 else "< 150 MB",
                "source": "bench_gui.py",
            }
        )
        for label, key in (
            ("proxy.set_text, idle", "keystrokes"),
            ("search bar + repaint, while loading", "typed_loading"),
            ("search bar + repaint, after the load", "typed_after"),
        ):
            keys = [k for r in got for k in r.get(key, [])]
            if keys:
                rows.append(
                    {
                        "path": f"window {mode}: `power apps` keystroke p95 ({label})",
                        "size": size,
                        "seconds": percentile(keys, 0.95),
                        "target": "< 30 ms",
                        "source": "bench_gui.py",
                    }
                )
    return rows


def open_table(folder: Path, repeat: int = 1, typing: bool = False) -> tuple[str, list[Any]]:
    """Open ``folder`` cold and warm (``open_runs``): the table, and the rows for --json."""
    runs = open_runs(folder, repeat, typing)
    size = next((r["rows"] for got in runs.values() for r in got), 0)
    lines = [
        f"Opening {folder} in the window ({repeat} run(s) each, medians; lean floor per run)",
        "| Open | rows | first rows | all rows (/ floor) | records + duplicates | idle (/ floor)"
        " | power apps p50 / max | RSS listed | peak RSS | duplicates process peak |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for mode, got in runs.items():
        med = {
            k: statistics.median(r[k] for r in got)
            for k in ("first_rows", "all_rows", "ready", "idle", "floor")
        }
        keys = [k for r in got for k in r["keystrokes"]]
        lines.append(
            f"| {mode} | {size:,} | {ms(med['first_rows'])} | {ms(med['all_rows'])}"
            f" ({med['all_rows'] / med['floor']:.1f}x) | {ms(med['ready'])} | {ms(med['idle'])}"
            f" ({med['idle'] / med['floor']:.1f}x) | {ms(statistics.median(keys))} /"
            f" {ms(max(keys))} | {max(r['rss_listed'] for r in got):.0f} MB |"
            f" {max(r['peak_rss'] for r in got):.0f} MB |"
            f" {max(r['children_peak_rss'] for r in got):.0f} MB |"
        )
        typed = [k for r in got for k in r.get("typed_loading", [])]
        after = [k for r in got for k in r.get("typed_after", [])]
        if typed or after:
            lines.append(
                f"  {mode}: search bar + repaint p50 / p95 / max: while loading "
                f"{spread(typed) if typed else '-'}; after {spread(after) if after else '-'}"
            )
    lines.append(
        f"Lean floor: {ms(statistics.median(r['floor'] for g in runs.values() for r in g))}"
    )
    return "\n".join(lines), open_rows(size, runs)


if __name__ == "__main__":
    sys.exit(main())
