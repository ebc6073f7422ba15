"""Benchmark: the search language's time per keystroke on 20,000 and 100,000 articles.

Run from the repository root::

    .venv/bin/python bench/bench_search.py [--sizes 20000,100000] [--corpus PATH] [--repeat R]

The corpus's news items (``../shared/corpus/news`` beside the repository, or ``--corpus``)
are read once; each size is made of in-memory copies of them, each with its own title (a
number and a word from another item), its own publication day within four years and a
random published flag, so no file is written. For each search in SEARCHES, typed one
character at a time, every prefix is parsed and matched against all records, as a search
bar does on each keystroke; a prefix that does not parse yet (``quality:``) costs only its
parse. Each keystroke is timed ``--repeat`` times and the best kept.

Two more figures frame the result: the *floor*, a plain loop over the records doing
``"x" in record.title_folded`` (the least a search can cost in Python), and *narrowing*:
when a keystroke only adds to the search (``Query.narrows``), a search bar need only
filter the previous results; that column shows what it then costs.

This is a benchmark, not a test: it asserts nothing and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reviewer.core.article import Article
from reviewer.core.folder.scan import scan
from reviewer.core.query import Query, QueryError, Record, parse

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"

#: What an editor types, one character at a time.
SEARCHES = (
    "power apps",
    "quality:>40 date:2021",
    "provider.name:microsoft -is:published",
    '"power platform" or copilot',
    "title:~^micro topics:=ai",
)
#: "now" for relative dates, fixed so that runs compare.
NOW = dt.date(2024, 1, 1)


def load_news(corpus: Path) -> list[Article]:
    """The readable news items of the corpus (read once)."""
    folder = corpus / "news" if (corpus / "news").is_dir() else corpus
    return [a for a in scan(folder) if a.error is None and a.data]


def make_records(news: Sequence[Article], count: int, seed: int = 1) -> list[Record]:
    """``count`` records copied from ``news`` in memory, each with its own title and day."""
    rng = random.Random(seed)
    words = [w for a in news for w in a.title.split() if w.isalpha() and len(w) > 3]
    records = []
    for i in range(count):
        base = news[i % len(news)]
        data: dict[str, Any] = dict(base.data)
        data["title"] = f"{base.title} {rng.choice(words)} #{i}"
        when = base.published_at or dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc)
        data["publishedDateTime"] = when.replace(year=2020) + dt.timedelta(
            days=rng.randrange(0, 4 * 365)
        )
        data["published"] = rng.random() < 0.5
        records.append(Record.from_article(dataclasses.replace(base, data=data)))
    return records


def prefixes(text: str) -> list[str]:
    """What the search bar holds after each keystroke."""
    return [text[:i] for i in range(1, len(text) + 1)]


def time_once(action: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    """The wall time of ``action(*args)`` and its result."""
    start = time.perf_counter()
    result = action(*args)
    return time.perf_counter() - start, result


def parse_or_none(text: str) -> Query | None:
    try:
        return parse(text, now=NOW)
    except QueryError:
        return None


@dataclasses.dataclass
class Keystrokes:
    """Per-keystroke times (seconds) of one size, and what the keystrokes were."""

    full: list[float] = dataclasses.field(default_factory=list)
    narrowed: list[float] = dataclasses.field(default_factory=list)
    errors: int = 0
    matched: list[int] = dataclasses.field(default_factory=list)


def type_searches(records: list[Record], repeat: int) -> Keystrokes:
    """Time every keystroke of every search: parse + match all (and with narrowing)."""
    result = Keystrokes()
    for search in SEARCHES:
        previous: Query | None = None
        previous_hits: list[Record] = records
        for text in prefixes(search):
            best_full = best_narrowed = float("inf")
            hits: list[Record] = records
            query: Query | None = None
            for _ in range(repeat):
                elapsed, query = time_once(parse_or_none, text)
                if query is None:
                    best_full = best_narrowed = min(best_full, elapsed)
                    continue
                matched_time, hits = time_once(query.filter, records)
                best_full = min(best_full, elapsed + matched_time)
                if previous is not None and query.narrows(previous):
                    narrow_time, _ = time_once(query.filter, previous_hits)
                else:
                    narrow_time = matched_time
                best_narrowed = min(best_narrowed, elapsed + narrow_time)
            result.full.append(best_full)
            result.narrowed.append(best_narrowed)
            if query is None:
                result.errors += 1  # the bar keeps showing the previous results
            else:
                result.matched.append(len(hits))
                previous, previous_hits = query, hits
    return result


def floor(records: list[Record], repeat: int) -> float:
    """The least a search can cost: one substring test per record, in a plain loop."""

    def loop() -> int:
        count = 0
        for record in records:
            if "x" in record.title_folded:
                count += 1
        return count

    return min(time_once(loop)[0] for _ in range(repeat))


def rss_mb() -> float:
    """The resident set size of this process (Linux; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def measure(news: Sequence[Article], size: int, repeat: int) -> list[tuple[str, str]]:
    """The figures of one size, as (label, value) rows."""
    gc.collect()
    before = rss_mb()
    build, records = time_once(make_records, news, size)
    gc.collect()
    built = rss_mb()
    # The first keystrokes fill each record's caches; time typing once untimed, as a
    # search bar would have done by the time a second search is typed.
    type_searches(records, 1)
    keys = type_searches(records, repeat)
    gc.collect()
    searched = rss_mb()
    base = floor(records, repeat)
    median, p95 = statistics.median(keys.full), percentile(keys.full, 0.95)
    narrow_median = statistics.median(keys.narrowed)
    narrow_p95 = percentile(keys.narrowed, 0.95)
    worst = max(keys.full)
    return [
        ("Records built (from_article)", f"{build:,.2f} s ({size / build:,.0f} records/s)"),
        (
            "Memory: records (+ caches after searching)",
            f"{built - before:,.0f} MB (+{searched - built:,.0f} MB), "
            f"{(searched - before) * 2**20 / size / 1024:,.1f} KB per record",
        ),
        (
            "Keystrokes timed",
            f"{len(keys.full)} ({keys.errors} did not parse yet: parse time only)",
        ),
        ("Per keystroke, median", ms(median)),
        ("Per keystroke, p95", ms(p95)),
        ("Per keystroke, worst", ms(worst)),
        ("Records matched per second (median keystroke)", f"{size / median:,.0f}"),
        ("With narrowing, median / p95", f"{ms(narrow_median)} / {ms(narrow_p95)}"),
        ("Floor: `'x' in title_folded` loop", f"{ms(base)} ({size / base:,.0f} records/s)"),
        ("Median keystroke / floor", f"{median / base:.1f}x"),
    ]


def per_search(news: Sequence[Article], size: int, repeat: int) -> list[tuple[str, str]]:
    """The time of each complete search (parse + match all), for the table."""
    records = make_records(news, size)
    rows = []
    for search in SEARCHES:
        query = parse(search, now=NOW)
        query.filter(records)  # fill the caches
        best = min(time_once(query.filter, records)[0] for _ in range(repeat))
        hits = len(query.filter(records))
        rows.append((f"`{search}`", f"{ms(best)} ({hits:,} matches)"))
    return rows


def print_table(title: str, rows: Sequence[tuple[str, str]]) -> None:
    print(f"\n{title}")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="20000,100000", help="record counts, comma-separated")
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help=f"default {DEFAULT_CORPUS}"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed passes, best kept")
    args = parser.parse_args(argv)
    try:
        sizes = [int(size) for size in args.sizes.split(",")]
    except ValueError:
        parser.error("--sizes takes numbers separated by commas")
    if args.repeat < 1 or any(size < 1 for size in sizes):
        parser.error("--sizes and --repeat must be at least 1")
    corpus: Path = args.corpus.resolve()
    news = load_news(corpus) if corpus.is_dir() else []
    if not news:
        print(
            f"bench_search: no news items at {corpus}.\n"
            "Put the sample article files there or pass --corpus PATH.",
            file=sys.stderr,
        )
        return 2
    print(f"Python {platform.python_version()}, {len(news)} news items from {corpus}")
    print(f"Searches typed: {', '.join(repr(s) for s in SEARCHES)}")
    for size in sizes:
        print(f"\n{size:,} records ...", flush=True)
        print_table(f"{size:,} records: time per keystroke", measure(news, size, args.repeat))
        print_table(f"{size:,} records: each whole search", per_search(news, size, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
