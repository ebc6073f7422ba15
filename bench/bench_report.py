"""Benchmark: the consistency report of big folders, cold and warm, against a raw-read floor.

Run from the repository root::

    .venv/bin/python bench/bench_report.py [--sizes 20000,100000] [--keep DIR]
        [--corpus PATH] [--repeat R]

The folders are written as ``bench_open.py`` writes them (the corpus's news items round-robin,
each with its own title; ``--keep DIR`` keeps and reuses them). Measured for each size, in
the same process, after one untimed pass that reads every file (warm page cache):

- **floor**: walk the folder and read every byte of every file (``bench_open``'s floor);
- **cold**: ``open_folder`` with an empty index cache (every file parsed), then ``report``;
- **warm**: ``open_folder`` with the cache the cold open left (no file read), then
  ``report``; the report split into the schema's inference (``infer_articles``) and the
  report's own checks given that schema (``report(..., schema=...)``), which is what the
  app pays when it has inferred the schema already; and the checks again with each item
  given addresses of its own in memory (the generated items repeat the corpus's 674, so
  the duplicate finder sees them all; a real collection's items mostly have their own).

Times are the best of ``--repeat`` runs. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The folders, the floor and the machine's description are bench_open's.
bench_open = importlib.import_module("bench_open")
DEFAULT_CORPUS: Path = bench_open.DEFAULT_CORPUS
generate = bench_open.generate
machine = bench_open.machine


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """The least time of ``repeat`` runs of ``run``, and the last run's result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def own_urls(article: Any, n: int) -> Any:
    """``article`` with addresses of its own (its number added to them)."""
    data = dict(article.data)
    for key in ("originalUrl", "webUrl"):
        if isinstance(data.get(key), str):
            data[key] = f"{data[key].rstrip('/')}-{n}"
    return dataclasses.replace(article, data=data)


def measure(folder: Path, cache_dir: Path, repeat: int) -> dict[str, Any]:
    from reviewer.core.article import Article
    from reviewer.core.folder.index import IndexCache
    from reviewer.core.folder.loading import open_folder
    from reviewer.core.folder.scan import article_paths
    from reviewer.core.report import report
    from reviewer.core.schema import infer_articles

    def floor() -> int:
        size = 0
        for path in article_paths(folder):
            with open(path, "rb") as handle:
                size += len(handle.read())
        return size

    cache = IndexCache(cache_dir)

    def opened() -> list[Article]:
        return [a for batch in open_folder(folder, cache=cache) for a in batch.articles]

    def cold_open() -> list[Article]:
        cache.clear(folder)
        return opened()

    floor()  # untimed: the page cache warm for what follows
    figures: dict[str, Any] = {}
    figures["floor"], _ = best(repeat, floor)
    figures["cold_open"], articles = best(repeat, cold_open)
    figures["report"], made = best(repeat, lambda: report(articles))
    figures["warm_open"], articles = best(repeat, opened)
    figures["warm_report"], made = best(repeat, lambda: report(articles))
    figures["schema"], schema = best(repeat, lambda: infer_articles(articles))
    figures["checks"], _ = best(repeat, lambda: report(articles, schema=schema))
    # The generated items repeat the corpus's 674 addresses; a real collection's items have
    # their own, which the duplicate finder's pre-filter lets through without normalising.
    unique = [own_urls(article, n) for n, article in enumerate(articles)]
    figures["checks_unique"], _ = best(repeat, lambda: report(unique, schema=schema))
    figures["articles"] = len(articles)
    figures["findings"] = made.counts_by_kind
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the folders in this folder")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    temp = args.keep or Path(tempfile.mkdtemp(prefix="bench-report-"))
    print("\n".join(machine(temp)))
    print(f"command: {' '.join(sys.argv)}")
    try:
        for size in sizes:
            folder = temp / f"report-{size}"
            generate(args.corpus, folder, size)
            cache_dir = Path(tempfile.mkdtemp(prefix="bench-report-cache-"))
            try:
                got = measure(folder, cache_dir, args.repeat)
            finally:
                shutil.rmtree(cache_dir, ignore_errors=True)
            floor = got["floor"]
            print(f"\n{size:,} files ({got['articles']:,} articles)")
            rows = [
                ("floor (walk + read every byte)", floor),
                ("cold open (no index)", got["cold_open"]),
                ("  report after it", got["report"]),
                ("  cold open + report", got["cold_open"] + got["report"]),
                ("warm open (index cache)", got["warm_open"]),
                ("  report after it", got["warm_report"]),
                ("    of which the schema (infer_articles)", got["schema"]),
                ("    the checks given the schema", got["checks"]),
                ("    the same, each item with its own URLs", got["checks_unique"]),
                ("  warm open + report", got["warm_open"] + got["warm_report"]),
            ]
            for label, seconds in rows:
                print(f"  {label:<42} {seconds * 1000:9.0f} ms  {seconds / floor:5.2f}x floor")
            per = got["warm_report"] / max(got["articles"], 1) * 1e6
            print(f"  report per article: {per:.1f} us; findings: {got['findings']}")
    finally:
        if args.keep is None:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
