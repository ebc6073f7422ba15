"""Benchmark: loading and saving article files, measured against a raw-read floor.

Run from the repository root::

    .venv/bin/python bench/bench_store.py [--files N] [--corpus PATH] [--repeat R] [--profile]

Phase A uses the real corpus (``../shared/corpus`` beside the repository, or ``--corpus``).
Phase B generates ``--files`` articles (default 20,000) from the corpus's news items, each
with its own title and name, in a temporary folder. Every time is compared with a *floor*
measured in the same run on the same files: walking the folder and reading every byte of
every file, with nothing parsed. The page cache is warmed by one untimed read pass first, so
the floor and the load see the same cache. Timed passes are repeated and the best kept (the
least disturbed by other programs). Temporary folders are removed at the end.

This is a benchmark, not a test: it asserts nothing and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import os
import platform
import pstats
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reviewer.core.article import Article, digest
from reviewer.core.folder.scan import article_paths, scan
from reviewer.core.frontmatter import split, yamlio
from reviewer.core.store import render, save

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SAVE_SAMPLE = 200


@dataclass
class Row:
    """One line of the figures table."""

    label: str
    value: str
    note: str = ""


# -- measuring ---------------------------------------------------------------------------


def read_all(paths: Sequence[Path]) -> int:
    """Read every byte of ``paths``; return the byte count."""
    total = 0
    for path in paths:
        with open(path, "rb") as handle:
            total += len(handle.read())
    return total


def floor_pass(folder: Path) -> int:
    """What any loader must do at least: find the files and read all their bytes."""
    return read_all(list(article_paths(folder)))


def best_time(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The shortest wall time of ``repeat`` runs of ``action``, and its last result."""
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        result = None  # let the previous result go before the next run
        gc.collect()
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def toggled(article: Article) -> dict[tuple[str, ...], Any]:
    """The change that flips ``published`` (a missing value becomes True)."""
    return {("published",): not article.published}


def time_saves(articles: Sequence[Article]) -> tuple[list[float], list[float]]:
    """Per-article milliseconds to render (no write) and to save a published toggle."""
    renders, saves = [], []
    for article in articles:
        change = toggled(article)
        start = time.perf_counter()
        render(article, change)
        renders.append((time.perf_counter() - start) * 1000)
    for article in articles:
        change = toggled(article)
        start = time.perf_counter()
        save(article, change)
        saves.append((time.perf_counter() - start) * 1000)
    return renders, saves


def editable(articles: Sequence[Article]) -> list[Article]:
    """The articles a save can change (loaded without error and with a front matter)."""
    return [a for a in articles if a.error is None and a.parts is not None]


def rss_now_mb() -> float:
    """The current resident set size in MB (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_rss_mb() -> float:
    """The peak resident set size of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# -- the machine -------------------------------------------------------------------------


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, else what platform knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cpu_count() -> int:
    """The CPUs this process may use (what nproc prints)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def load_average() -> str:
    """The one-minute load average, or "?" where the system has none."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "?"


def filesystem_of(path: Path) -> str:
    """The file system type holding ``path`` (from /proc/mounts), or "?"."""
    try:
        with open("/proc/mounts", encoding="utf-8") as handle:
            mounts = [line.split() for line in handle]
    except OSError:
        return "?"
    best, kind = "", "?"
    resolved = str(path.resolve())
    for fields in mounts:
        point = fields[1]
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def machine_rows(temp_root: Path) -> list[Row]:
    """Where the figures come from."""
    return [
        Row("CPUs (nproc)", str(cpu_count())),
        Row("CPU model", cpu_model()),
        Row("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        Row("PyYAML", yaml.__version__, f"libyaml in PyYAML: {yaml.__with_libyaml__}"),
        Row("reviewer's loader", "CSafeLoader" if yamlio.WITH_LIBYAML else "SafeLoader (pure)"),
        Row("temp folder", str(temp_root), f"file system: {filesystem_of(temp_root)}"),
        Row("load average at start", load_average(), "other work on the machine adds noise"),
    ]


# -- the phases --------------------------------------------------------------------------


def load_rows(folder: Path, repeat: int, prefix: str) -> tuple[list[Row], list[Article]]:
    """Warm the cache, then time the floor and scan() on ``folder``."""
    paths = list(article_paths(folder))
    size = read_all(paths)  # warm-up pass, untimed
    floor, _ = best_time(lambda: floor_pass(folder), repeat)
    loaded, articles = best_time(lambda: scan(folder), repeat)
    count = len(articles)
    errors = sum(a.error is not None for a in articles)
    rows = [
        Row(f"{prefix}files", f"{count:,}", f"{size / 1e6:.1f} MB, {errors} with errors"),
        Row(
            f"{prefix}raw-read floor",
            f"{floor * 1000:,.0f} ms",
            f"{count / floor:,.0f} files/s, {size / 1e6 / floor:,.0f} MB/s",
        ),
        Row(f"{prefix}scan()", f"{loaded * 1000:,.0f} ms", f"{count / loaded:,.0f} files/s"),
        Row(f"{prefix}scan() / floor", f"{loaded / floor:.1f}x", f"best of {repeat}"),
    ]
    return rows, articles


def save_rows(articles: Sequence[Article], prefix: str) -> list[Row]:
    """Time render and save of a published toggle on ``articles``."""
    renders, saves = time_saves(articles)
    return [
        Row(f"{prefix}render (no write)", ms_pair(renders), f"{len(renders)} files"),
        Row(f"{prefix}save", ms_pair(saves), "check, temp file, fsync, rename, fsync folder"),
    ]


def ms_pair(values: Sequence[float]) -> str:
    """Median / p95 milliseconds."""
    return f"{statistics.median(values):.2f} / {percentile(values, 0.95):.2f} ms"


def phase_a(corpus: Path, temp_root: Path, repeat: int) -> list[Row]:
    """The corpus itself: load it, then save each file once in a copy."""
    rows, _ = load_rows(corpus, repeat, "A ")
    copy = temp_root / "corpus-copy"
    shutil.copytree(corpus, copy, copy_function=shutil.copyfile)  # writable copies
    rows += save_rows(editable(scan(copy)), "A ")
    return rows


def generate(corpus: Path, folder: Path, count: int) -> None:
    """Write ``count`` articles into ``folder``: news items round-robin, titles numbered.

    The new title goes through render(), the product's own editing path, so every file is
    valid and differs from its source only in the title.
    """
    sources = editable(scan(corpus / "news")) or editable(scan(corpus))
    if not sources:
        raise SystemExit(f"no loadable articles in {corpus} to generate from")
    for index in range(count):
        source = sources[index % len(sources)]
        data = render(source, {("title",): f"{source.title} #{index}"})
        (folder / f"{index:06d}-{source.path.name}").write_bytes(data)


def phase_b(corpus: Path, folder: Path, count: int, repeat: int) -> list[Row]:
    """A generated folder of ``count`` articles: load, memory, saves."""
    start = time.perf_counter()
    generate(corpus, folder, count)
    made = time.perf_counter() - start
    rows = [Row("B generate (untimed setup)", f"{made:,.1f} s", "render() + write per file")]

    gc.collect()
    before = rss_now_mb()
    articles = scan(folder)  # the first load, for memory: nothing else is alive at its peak
    after = rss_now_mb()
    peak = peak_rss_mb()
    del articles
    gc.collect()

    load, articles = load_rows(folder, repeat, "B ")
    rows += load
    rows += [
        Row(
            "B RSS before / after load",
            f"{before:,.0f} / {after:,.0f} MB",
            f"{(after - before) * 1024 / count:,.1f} KB per article held",
        ),
        Row("B peak RSS (ru_maxrss)", f"{peak:,.0f} MB", "whole process, after loading"),
    ]
    sample = random.Random(2).sample(editable(articles), min(SAVE_SAMPLE, count))
    rows += save_rows(sample, "B ")
    return rows


def stage_rows(folder: Path) -> list[Row]:
    """Time each step of reading an article separately, summed over ``folder``'s files.

    The steps mirror store.read_article and yamlio.load: read, hash, split + decode, compose
    (libyaml parse + resolve into nodes), alias-expansion check, construct (nodes to Python,
    with the duplicate-key check).
    """
    make_loader: Any = yamlio._StrictLoader  # private on purpose: the steps of yamlio.load
    steps = ["read", "hash", "split + decode", "compose", "alias check", "construct"]
    totals = dict.fromkeys(steps, 0.0)
    clock = time.perf_counter
    for path in article_paths(folder):
        t0 = clock()
        with open(path, "rb") as handle:
            raw = handle.read()
            os.fstat(handle.fileno())
        t1 = clock()
        digest(raw)
        t2 = clock()
        parts = split.split(raw)
        if parts is None:
            continue
        text = split.decode_front(parts.front)
        t3 = clock()
        loader = make_loader(text)
        node = loader.get_single_node()
        t4 = clock()
        yamlio.expanded_size(node)
        t5 = clock()
        loader.construct_document(node)
        loader.dispose()
        t6 = clock()
        for step, (a, b) in zip(
            steps, itertools.pairwise((t0, t1, t2, t3, t4, t5, t6)), strict=True
        ):
            totals[step] += b - a
    whole = sum(totals.values())
    return [
        Row(step, f"{seconds * 1000:,.0f} ms", f"{100 * seconds / whole:.0f}%")
        for step, seconds in totals.items()
    ]


def print_profile(folder: Path) -> None:
    """cProfile one scan() of ``folder`` and print where the time goes."""
    profiler = cProfile.Profile()
    profiler.enable()
    scan(folder)
    profiler.disable()
    print("\nProfile of one scan() (cProfile adds overhead; compare shares, not times):")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(15)
    stats.sort_stats("cumulative").print_stats(25)


# -- output ------------------------------------------------------------------------------


def print_table(title: str, rows: Sequence[Row]) -> None:
    """Print ``rows`` as a Markdown table (readable in a terminal, pasteable in docs)."""
    print(f"\n### {title}\n")
    print("| Measure | Value | Note |")
    print("|---|---|---|")
    for row in rows:
        print(f"| {row.label} | {row.value} | {row.note} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--files", type=int, default=20_000, help="articles to generate (default 20,000)"
    )
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help=f"default {DEFAULT_CORPUS}"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed passes, best kept")
    parser.add_argument("--profile", action="store_true", help="also cProfile one scan")
    args = parser.parse_args(argv)

    corpus: Path = args.corpus.resolve()
    if not corpus.is_dir() or not any(article_paths(corpus)):
        print(
            f"bench_store: no corpus at {corpus}.\n"
            "Put the sample article files there or pass --corpus PATH.",
            file=sys.stderr,
        )
        return 2
    if args.files < 1 or args.repeat < 1:
        parser.error("--files and --repeat must be at least 1")

    temp_root = Path(tempfile.mkdtemp(prefix="reviewer-bench-"))
    try:
        print_table("Machine", machine_rows(temp_root))
        print(f"\nPhase A: the corpus ({corpus}) ...", flush=True)
        rows_a = phase_a(corpus, temp_root, args.repeat)
        print_table("Phase A: the corpus", rows_a)
        print(f"\nPhase B: {args.files:,} generated files ...", flush=True)
        generated = temp_root / "generated"
        generated.mkdir()
        rows_b = phase_b(corpus, generated, args.files, args.repeat)
        print_table(f"Phase B: {args.files:,} generated files", rows_b)
        if args.profile:
            print_table(
                "Where scan() time goes (no profiler; sums over all files)", stage_rows(generated)
            )
            print_profile(generated)
    finally:
        shutil.rmtree(temp_root, ignore_errors=True)
    print(
        f"\nLoad average at end: {load_average()}. "
        f"Times are best of {args.repeat}; ms are median / p95."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
