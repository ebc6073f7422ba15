"""Benchmark: the window's table, search, sort, save and memory at 1,000 to 100,000 articles.

Run from the repository root (no display needed)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py [--sizes 1000,20000,100000]
        [--corpus PATH] [--repeat R]

Each size runs in a fresh process (so its peak memory is its own). The corpus's news items
(``../shared/corpus/news`` beside the repository, or ``--corpus``) are read once and copied in
memory into the wanted number of articles, each with its own title, text, publication day and
published flag. The copies are *light* articles (the summary fields the table and the search
need, no raw bytes), made by the core's ``summarize`` when it exists, else by a local
stand-in. A real MainWindow (offscreen, 1400x900) then gets them as a folder load does, in
batches, sorted by date, newest first, and this is timed:

- **fill**: every batch into the model and proxy until all rows are listed and sorted, and
  **first rows**: the first batch listed and painted;
- **records**: the search records the proxy builds while idle, after the load;
- **keystrokes**: ``power apps`` (a quick filter) and ``quality:>40 date:2021`` (a search)
  typed one character at a time into ``proxy.set_text`` (with the table, the status bar and
  the sidebar reacting, as in the app), best of ``--repeat`` per keystroke; and the same typed
  into the search bar with the window repainted (``window keystroke``);
- **facets**: the sidebar's counts over every row (counted in slices while idle);
- **sort**: by date and by title, all rows shown, the first time (keys worked out) and again;
- **toggle + save**: flip ``published`` on a real temporary copy of a news file listed among
  the others, and save it, 40 times;
- **peak RSS** (``ru_maxrss``) of the process at the end.

The *floors* are a plain loop doing ``"p" in record.title_folded`` over every record, and
``sorted(range(n))`` by a list of float keys: the least a filter and a sort can cost.

This is a benchmark, not a test: it asserts nothing and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
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

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
TYPED = {"quick filter": "power apps", "search": "quality:>40 date:2021"}
FIRST_BATCH = 500
BATCH = 5000
SUMMARY_KEYS = [
    "title",
    "excerpt",
    "category",
    "type",
    "publishedDateTime",
    "quality",
    "heat",
    "published",
    "provider",
    "topics",
    "originalUrl",
    "webUrl",
    "images",
]


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
    """``article`` as a folder load lists it: through the index cache's record when the core
    has one (``packing``: interned keys and short texts), else ``article.light``, else a
    stand-in keeping the same summary fields."""
    try:
        from reviewer.core import packing

        record = packing.record_of(article)
        if record is not None:
            return packing.article_of(packing.unpack(record), article.path)
    except ImportError:
        pass
    from reviewer.core import article as core_article

    light = getattr(core_article, "light", None)
    if light is not None:
        return light(article)
    data = {
        k: v
        for k, v in article.data.items()
        if k in SUMMARY_KEYS or (isinstance(v, (str, int, float, bool)) and len(str(v)) <= 200)
    }
    return dataclasses.replace(article, raw=b"", parts=None, data=data)


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


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_size(size: int, corpus: Path, repeat: int) -> dict[str, Any]:
    """Everything for one size, in this process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from reviewer.app.columns import Column
    from reviewer.app.context import AppContext
    from reviewer.app.mainwindow import MainWindow
    from reviewer.app.settings import Settings
    from reviewer.core.document import Document
    from reviewer.core.scan import scan
    from reviewer.core.store import read_article

    app = QApplication.instance() or QApplication([])
    folder = corpus / "news" if (corpus / "news").is_dir() else corpus
    news = [a for a in scan(folder) if a.error is None and a.data]
    articles = make_articles(news, size)
    result: dict[str, Any] = {"size": size, "rss_before": rss_mb()}
    work = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    try:
        store = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(Settings(store)))
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        window.table.horizontalHeader().setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)
        proxy, model = window.proxy, window.model
        window.loading = True
        window.list_pane.show_table(True)

        start = time.perf_counter()
        first = 0.0
        for offset, end in batches(size):
            window._on_loader_articles_read(articles[offset:end])
            if not first:
                app.processEvents()
                window.table.viewport().repaint()
                first = time.perf_counter() - start
        window.loader.finished.emit(False)
        result["fill"] = time.perf_counter() - start
        result["first_rows"] = first
        result["rss_listed"] = rss_mb()
        start = time.perf_counter()
        while not proxy.records_ready():
            app.processEvents()
        result["records"] = time.perf_counter() - start
        start = time.perf_counter()
        while window.duplicates._index is None and time.perf_counter() - start < 300:
            app.processEvents()
            time.sleep(0.01)
        result["duplicates"] = time.perf_counter() - start
        app.processEvents()

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
            result[f"{name} rows"] = proxy.rowCount()
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
        result["facets"] = timed(window.browse.sidebar.flush)
        window.browse.sidebar.set_documents(proxy.documents())
        window.browse.sidebar.flush()
        bar.clear()
        app.processEvents()

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
        window._on_loader_articles_read([read_article(copy)])
        document: Document = model.document(model.rowCount() - 1)
        window.select_row(proxy.mapFromSource(model.index(model.rowCount() - 1, 0)).row())
        app.processEvents()
        saves = []
        for _ in range(40):
            value = not document.view.published

            def toggle_and_save(value: bool = value) -> None:
                window.editor.set_value(document, ("published",), value)
                window.save_selected()

            saves.append(timed(toggle_and_save))
            app.processEvents()
        result["toggle+save"] = saves
        result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        window.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def floors(records: list[Any]) -> tuple[float, float]:
    """The least a filter and a sort of ``len(records)`` rows can cost in Python."""
    keys = [random.random() for _ in records]
    rows = range(len(records))
    return (
        min(timed(lambda: [r for r in records if "p" in r.title_folded]) for _ in range(3)),
        min(timed(lambda: sorted(rows, key=keys.__getitem__)) for _ in range(3)),
    )


def median_p95(values: Sequence[float]) -> str:
    return f"{ms(statistics.median(values))} / {ms(percentile(values, 0.95))}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def table(results: list[dict[str, Any]]) -> str:
    def keystrokes(name: str) -> Callable[[dict[str, Any]], str]:
        return lambda r: (
            f"{ms(statistics.median(r[name]))} / {ms(percentile(r[name], 0.95))}"
            f" / {ms(max(r[name]))}"
        )

    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("Fill: all rows listed, sorted by date", lambda r: ms(r["fill"])),
        ("First rows listed and painted", lambda r: ms(r["first_rows"])),
        ("Search records built while idle", lambda r: ms(r["records"])),
        ("Duplicates found (thread) after the load", lambda r: ms(r["duplicates"])),
        ("Quick filter `power apps`: p50 / p95 / max", keystrokes("quick filter")),
        ("Search `quality:>40 date:2021`: p50 / p95 / max", keystrokes("search")),
        (
            "Window keystroke (search bar + repaint): p50 / p95 / max",
            keystrokes("window keystroke"),
        ),
        ('Floor: `"p" in title_folded` loop', lambda r: ms(r["floor_filter"])),
        (
            "Facet counts: total / longest slice",
            lambda r: f"{ms(r['facet total'])} / {ms(r['facet slice max'])}",
        ),
        (
            "Sort by date (first / again)",
            lambda r: f"{ms(r['sort date first'])} / {ms(r['sort date'])}",
        ),
        (
            "Sort by title (first / again)",
            lambda r: f"{ms(r['sort title first'])} / {ms(r['sort title'])}",
        ),
        ("Floor: sorted(range(n)) by float keys", lambda r: ms(r["floor_sort"])),
        (
            "Toggle + save: median / p95",
            lambda r: median_p95(r["toggle+save"]),
        ),
        (
            "RSS: before / listed / after searches",
            lambda r: f"{r['rss_before']:.0f} / {r['rss_listed']:.0f} / {r['rss_searched']:.0f} MB",
        ),
        ("Peak RSS (ru_maxrss)", lambda r: f"{r['peak_rss']:.0f} MB"),
    ]
    lines = [
        "| Measure | " + " | ".join(f"{r['size']:,} articles" for r in results) + " |",
        "|---" * (len(results) + 1) + "|",
    ]
    lines += [f"| {label} | " + " | ".join(f(r) for r in results) + " |" for label, f in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,20000,100000", help="comma-separated counts")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes, best kept")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one size, JSON
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    if args.one:
        print(json.dumps(run_size(args.one, args.corpus, args.repeat)))
        return 0
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.platform()}")
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--one", str(size), "--corpus", str(args.corpus)]
        command += ["--repeat", str(args.repeat)]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{size:,} done", file=sys.stderr)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
