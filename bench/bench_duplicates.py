"""Benchmark: duplicate detection on 20,000 and 100,000 items, against a normalization floor.

Run from the repository root::

    .venv/bin/python bench/bench_duplicates.py [--sizes 20000 100000] [--dense 20000]
                                               [--repeat 3] [--corpus PATH] [--seed 1]

Items are generated in memory (no files) from the titles, providers and URLs of the corpus's
news items (``../shared/corpus/news`` beside the repository, or ``--corpus``). Each generated
title is a corpus title with two of its words replaced by other corpus words, so generated
titles are distinct stories; every URL is made unique. Then duplicates are planted on purpose:
5 % of items get a near-identical twin from another provider within two days (changed case and
punctuation, a " - Provider" suffix, a typo, or a word dropped) and 2 % a twin with the same
URL plus tracking parameters. The script reports how many planted pairs were found.

Three layouts:

- **spread**: dates uniform over two years (27 items a day at 20,000, 137 at 100,000), about
  what an aggregated feed gathers;
- **dense** (``--dense`` sizes): every item within one ``days`` window, the worst case for the
  date blocking: each title meets every other title of compatible length;
- **undated**: no dates at all, so every pair is compared with the strict threshold.

The floor is what any approach must do at least: normalize every title and URL once
(printed as titles + URLs). ``update`` is
the live index replacing one item with a new title (median and p95 over 200 items).

This is a benchmark, not a test: it asserts nothing and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import rapidfuzz

from reviewer.core.duplicates import MIN_TITLE_WORDS, DupInput, DuplicateIndex, find_duplicates
from reviewer.core.duplicates.similarity import normalize_title, normalize_url
from reviewer.core.folder.scan import scan

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
START = dt.datetime(2022, 1, 1, tzinfo=dt.timezone.utc)
SPAN_DAYS = 730
UPDATES = 200


def best_time(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The shortest wall time of ``repeat`` runs of ``action``, and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def corpus_items(corpus: Path) -> list[DupInput]:
    """The news items of the corpus that have a title."""
    articles = scan(corpus / "news")
    items = [DupInput.from_article(i, a) for i, a in enumerate(articles) if a.title]
    if not items:
        raise SystemExit(f"no news items with titles under {corpus / 'news'}")
    return items


def variant(title: str, provider: str, rnd: random.Random) -> str:
    """A near-identical version of ``title``, as another feed might write it."""
    words = title.split()
    kind = rnd.randrange(5)
    if kind == 0:
        return title.upper() if rnd.random() < 0.5 else title.lower() + "!"
    if kind == 1:
        return f"{title} - {provider}"
    if kind == 2 and len(words) > 6:
        del words[rnd.randrange(len(words))]
        return " ".join(words)
    pos = rnd.randrange(len(title))
    return title[:pos] + rnd.choice("aeiou") + title[pos + 1 :]


def generate(
    base: Sequence[DupInput], n: int, rnd: random.Random, days: Callable[[], float | None]
) -> tuple[list[DupInput], list[tuple[int, int]]]:
    """``n`` items from ``base``, and the planted duplicate pairs (keys)."""
    vocabulary = sorted({w for item in base for w in item.title.split() if w.isalpha()})
    providers = sorted({item.provider for item in base if item.provider})
    items: list[DupInput] = []
    planted: list[tuple[int, int]] = []
    while len(items) < n:
        source = base[len(items) % len(base)]
        words = source.title.split()
        for _ in range(2):
            words[rnd.randrange(len(words))] = rnd.choice(vocabulary)
        offset = days()
        when = None if offset is None else START + dt.timedelta(days=offset)
        key = len(items)
        url = f"{source.original_url.rstrip('/')}/{key}" if source.original_url else ""
        provider = rnd.choice(providers)
        items.append(DupInput(key, " ".join(words), url, "", provider, when))
        roll = rnd.random()
        if roll < 0.07 and len(items) < n:
            other = rnd.choice([p for p in providers if p != provider])
            twin_when = when and when + dt.timedelta(hours=rnd.uniform(-48, 48))
            if roll < 0.05:  # a near-identical title from another provider
                title, twin_url = variant(items[-1].title, other, rnd), ""
            else:  # the same story under its URL with tracking parameters
                title, twin_url = "Another headline entirely", url + "?utm_source=x"
            items.append(DupInput(len(items), title, twin_url, "", other, twin_when))
            planted.append((key, len(items) - 1))
    return items, planted


def normalize_titles(items: Sequence[DupInput]) -> int:
    """Floor, part 1: every title normalized once, words sorted, short ones set aside."""
    kept = 0
    for item in items:
        words = normalize_title(item.title, item.provider).split()
        kept += len(" ".join(sorted(words))) if len(words) >= MIN_TITLE_WORDS else 0
    return kept


def normalize_urls(items: Sequence[DupInput]) -> int:
    """Floor, part 2: every URL normalized once."""
    return sum(
        (normalize_url(item.original_url) is not None) + (normalize_url(item.web_url) is not None)
        for item in items
    )


def time_updates(items: Sequence[DupInput], rnd: random.Random) -> tuple[float, float, float]:
    """Build a live index; then milliseconds per ``update`` (median, p95) and build seconds."""
    start = time.perf_counter()
    index = DuplicateIndex(items)
    built = time.perf_counter() - start
    times = []
    for item in rnd.sample(list(items), min(UPDATES, len(items))):
        changed = DupInput(
            item.key,
            item.title + " update",
            item.original_url,
            "",
            item.provider,
            item.published_at,
        )
        start = time.perf_counter()
        index.update(changed)
        index.group_of(item.key)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], built


def run(label: str, items: list[DupInput], planted: list[tuple[int, int]], repeat: int) -> None:
    """Time one layout and print a line of figures."""
    rnd = random.Random(7)
    titles, _ = best_time(lambda: normalize_titles(items), repeat)
    urls, _ = best_time(lambda: normalize_urls(items), repeat)
    floor = titles + urls
    took, groups = best_time(lambda: find_duplicates(items), repeat)
    found = sum(
        1
        for a, b in planted
        if a in groups.group_of and groups.group_of[a] == groups.group_of.get(b)
    )
    median, p95, built = time_updates(items, rnd)
    grouped = sum(len(m) for m in groups.members.values())
    print(
        f"{label:<7} {len(items):>7,} | floor {titles * 1000:4.0f} + {urls * 1000:4.0f} ms"
        f" | find {took * 1000:6.0f} ms"
        f" ({took / floor:5.1f}x) | groups {len(groups):>6,} with {grouped:>7,} items"
        f" | planted found {found:,}/{len(planted):,} | index {built * 1000:6.0f} ms,"
        f" update {median:6.2f} / {p95:6.2f} ms"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments, generate the layouts, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--dense", type=int, nargs="*", default=[20_000])
    parser.add_argument("--undated", type=int, nargs="*", default=[20_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    base = corpus_items(args.corpus)
    print(
        f"Python {platform.python_version()}, rapidfuzz {rapidfuzz.__version__},"
        f" {len(base)} corpus titles; best of {args.repeat}; update: median / p95"
    )
    rnd = random.Random(args.seed)
    layouts: list[tuple[str, list[int], Callable[[], float | None]]] = [
        ("spread", args.sizes, lambda: rnd.uniform(0, SPAN_DAYS)),
        ("dense", args.dense, lambda: rnd.uniform(0, 3)),
        ("undated", args.undated, lambda: None),
    ]
    for label, sizes, days in layouts:
        for n in sizes:
            items, planted = generate(base, n, rnd, days)
            run(label, items, planted, args.repeat)


if __name__ == "__main__":
    main()
