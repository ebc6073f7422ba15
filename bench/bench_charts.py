"""Benchmark: the chart data of View ▸ Charts at 20,000 and 100,000 items, against a lean floor.

Run from the repository root::

    .venv/bin/python bench/bench_charts.py [--sizes 20000 100000] [--repeat 5] [--corpus PATH]

Items are light articles generated in memory (no files) from the corpus's news items
(``../shared/corpus/news`` beside the repository, or ``--corpus``), round-robin as
bench/bench_open.py does, each with its own title, a date spread over two years (a tenth of
them written as text, as some feeds do, a hundredth with none), a provider among 200, and
its quality and heat. Measured in the same run, best of ``--repeat``:

- **lean floor**: a plain loop reading each article's date, published, provider, quality
  and heat from its data once (what any approach must do at least);
- **snapshot**: ``[d.effective for d in documents]``, what the GUI thread hands the worker;
- **columns**: ``core.charts.columns``, every article's values into numpy arrays (cold: the
  text dates parsed for the first time; warm: their parse cached);
- **charts**: ``core.charts.charts`` from the columns, per day and per week, with a subset
  of a third of the rows (what a new search costs: the columns are kept).

This is a benchmark, not a test: it asserts nothing and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import platform
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reviewer.core import charts
from reviewer.core.article import Article, light
from reviewer.core.document import Document
from reviewer.core.folder.scan import scan

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
START = dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)
SPAN_DAYS = 730


def best_time(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The shortest wall time of ``repeat`` runs of ``action``, and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def generate(corpus: Path, count: int, seed: int = 1) -> list[Article]:
    """``count`` light articles made from the corpus's news items."""
    sources = [light(a) for a in scan(corpus / "news") if a.error is None]
    if not sources:
        raise SystemExit(f"no loadable news items in {corpus / 'news'}")
    rng = random.Random(seed)
    providers = [f"Provider {n}" for n in range(200)]
    items = []
    for index in range(count):
        source = sources[index % len(sources)]
        data = dict(source.data)
        when = START + dt.timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60))
        roll = rng.random()
        if roll < 0.01:
            data.pop("publishedDateTime", None)
        elif roll < 0.11:
            data["publishedDateTime"] = when.strftime("%b %d, %Y %I:%M %p")
        else:
            data["publishedDateTime"] = when
        data["title"] = f"{source.title} #{index}"
        data["provider"] = {"name": rng.choice(providers), "domain": "example.org"}
        data["quality"] = data["heat"] = rng.randrange(0, 200)
        data["published"] = rng.random() < 0.6
        path = source.path.with_name(f"{index:06d}-{source.path.name}")
        items.append(dataclasses.replace(source, path=path, data=data))
    return items


def floor(articles: list[Article]) -> int:
    """Read the five values of every article once, doing nothing with them."""
    seen = 0
    for article in articles:
        data = article.data
        if data.get("publishedDateTime") is not None:
            seen += 1
        data.get("published")
        provider = data.get("provider")
        if isinstance(provider, dict):
            provider.get("name")
        data.get("quality")
        data.get("heat")
    return seen


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def run(corpus: Path, size: int, repeat: int) -> None:
    articles = generate(corpus, size)
    documents = [Document(a) for a in articles]
    rows = list(range(0, size, 3))
    base, _ = best_time(lambda: floor(articles), repeat)
    snapshot, _ = best_time(lambda: [d.effective for d in documents], repeat)
    charts.text_day.cache_clear()
    cold, values = best_time(lambda: charts.columns(articles), 1)
    warm, values = best_time(lambda: charts.columns(articles), repeat)
    per_day, data = best_time(lambda: charts.charts(values, rows, charts.Unit.DAY), repeat)
    per_week, _ = best_time(lambda: charts.charts(values, rows, charts.Unit.WEEK), repeat)
    print(f"\n{size:,} items ({len(data.backlog)} days, {len(values.providers)} providers)")
    print(f"  lean floor (read 5 values each)    {ms(base)}")
    print(f"  snapshot [d.effective ...]         {ms(snapshot)}  ({snapshot / base:4.1f}x floor)")
    print(f"  columns, cold (text dates parsed)  {ms(cold)}  ({cold / base:4.1f}x floor)")
    print(f"  columns, warm                      {ms(warm)}  ({warm / base:4.1f}x floor)")
    print(f"  charts per day, subset of a third  {ms(per_day)}  ({per_day / base:4.1f}x floor)")
    print(f"  charts per week, subset of a third {ms(per_week)}  ({per_week / base:4.1f}x floor)")
    total = snapshot + warm + per_day
    print(f"  a change of documents (snapshot + columns + charts): {ms(total)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}; best of {args.repeat}")
    for size in args.sizes:
        run(args.corpus, size, args.repeat)


if __name__ == "__main__":
    main()
