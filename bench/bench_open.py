"""Benchmark: opening big folders with ``open_folder``, cold and warm, against a raw-read floor.

Run from the repository root::

    .venv/bin/python bench/bench_open.py [--sizes 1000,20000,100000] [--keep DIR]
        [--corpus PATH] [--repeat R] [--workers N] [--json OUT] [--profile]

For each size a folder of generated articles is written once: the corpus's news items
(``../shared/corpus/news`` beside the repository, or ``--corpus``) round-robin, each with its
own title (a word from another title and a number), written through ``store.render``. With
``--keep DIR`` the folders are kept in DIR and reused by later runs (100,000 files take a few
minutes to write); without it they go to a temporary folder removed at the end.

Measured for each size, in the same run, after one untimed pass that reads every file (so
the page cache is warm for everything that follows):

- **lean floor**: walk the folder with ``os.scandir`` (string paths, no ``Path`` per file),
  then read every byte of every file (``lean_floor``): the least any loader must do;
- **old floor** (for reference, not a ratio's base): ``scan.article_paths`` (a ``Path`` per
  file) and a read of every file, as the project measured it before;
- **cold open**: ``open_folder`` with an empty index cache, to all rows, and the time to its
  first batch (what a first open of the folder costs, writing the cache included);
- **warm reopen**: ``open_folder`` again on the unchanged folder, with the cache the cold
  open left;
- **peak RSS**: ``ru_maxrss`` of the process holding every light article at the end of the
  open (and of its largest pool worker), and the RSS before the open.

Each open runs in a fresh Python process (imports done before timing), so that peak RSS is
the open's own, and right after a floor run: each ratio is an open to the floor just before
it, so that other work on the machine weighs on both (the table gives their median and
range); times are the best of ``--repeat`` runs. ``--json OUT`` writes the rows (path, size,
seconds, floor, ratio, peak_mb, target) for ``bench/run_all.py``; ``--profile`` prints a
cProfile listing of one cold and one warm open (of this process: the pool's workers are
not in it). This is a benchmark, not a test: it asserts nothing and its figures depend on
the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import importlib
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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
leanfloor = importlib.import_module("leanfloor")  # the one lean floor of the benchmarks

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DONE_MARK = ".complete"  # hidden: never listed as an article


# -- the folders -------------------------------------------------------------------------


def generate(corpus: Path, folder: Path, count: int) -> None:
    """Write ``count`` articles into ``folder`` unless a previous run finished doing so."""
    from reviewer.core.folder.scan import scan
    from reviewer.core.store import render

    if (folder / DONE_MARK).exists():
        return
    sources = [a for a in scan(corpus / "news") if a.error is None and a.parts is not None]
    if not sources:
        raise SystemExit(f"no loadable news items in {corpus / 'news'} to generate from")
    words = [w for a in sources for w in a.title.split() if w.isalpha() and len(w) > 3]
    rng = random.Random(count)
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for index in range(count):
        source = sources[index % len(sources)]
        title = f"{source.title} {rng.choice(words)} #{index}"
        data = render(source, {("title",): title})
        (folder / f"{index:06d}-{source.path.name}").write_bytes(data)
        if index and index % 20000 == 0:
            print(f"  ... {index:,} files written", file=sys.stderr)
    (folder / DONE_MARK).write_text("ok\n")
    print(f"  wrote {count:,} files in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    # Files modified in the last two seconds are checked by digest on reopen ("racy"):
    # wait, so that the warm reopen measures the usual case.
    time.sleep(2.1)


# -- one measurement, in a fresh process ---------------------------------------------------


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def rss_now_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


#: Article file endings the floors read (the generated folders hold only ``.md`` files).
SUFFIXES = (".md", ".markdown", ".html")


def lean_floor(folder: Path) -> int:
    """The lean floor (``leanfloor``) of the article files below ``folder``: bytes read."""
    return leanfloor.read_all(folder, SUFFIXES)[0]


def old_floor(folder: Path) -> int:
    """The project's earlier floor: ``scan.article_paths`` (a ``Path`` per file), read all."""
    from reviewer.core.folder.scan import article_paths

    size = 0
    for path in article_paths(folder):
        with open(path, "rb") as handle:
            size += len(handle.read())
    return size


def child(
    mode: str, folder: Path, cache_dir: Path, workers: int | None, profile: bool = False
) -> dict[str, Any]:
    """Run one measure in this (fresh) process and return its figures."""
    from reviewer.core.folder.index import IndexCache
    from reviewer.core.folder.loading import open_folder

    before = rss_now_mb()
    if mode in ("floor", "old-floor"):
        start = time.perf_counter()
        size = (lean_floor if mode == "floor" else old_floor)(folder)
        return {"seconds": time.perf_counter() - start, "bytes": size}
    cache = IndexCache(cache_dir)
    if mode == "cold":
        cache.clear(folder)
    kept = []
    first = None
    parsed = 0
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    for batch in open_folder(folder, cache=cache, workers=workers):
        if first is None:
            first = time.perf_counter() - start
        kept.extend(batch.articles)
        parsed = batch.parsed
    seconds = time.perf_counter() - start
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    return {
        "seconds": seconds,
        "first": first,
        "articles": len(kept),
        "parsed": parsed,
        "rss_before": before,
        "peak_rss": peak_rss_mb(),
        "worker_peak_rss": peak_rss_mb(resource.RUSAGE_CHILDREN),
    }


def measure(
    mode: str, folder: Path, cache_dir: Path, workers: int | None, profile: bool = False
) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", mode, str(folder), str(cache_dir)]
    if workers is not None:
        command += ["--workers", str(workers)]
    if profile:
        command.append("--profile")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{done.stderr}")
    if profile:
        print(f"-- cProfile of a {mode} open of {folder} --\n{done.stderr}", file=sys.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def paired(
    mode: str, folder: Path, cache_dir: Path, workers: int | None, repeat: int
) -> tuple[dict[str, Any], float, list[float]]:
    """``repeat`` runs of ``mode``, each right after a floor run: the best run, the best
    floor among them, and each run's ratio to the floor measured just before it (so that
    other work on the machine weighs on both sides of each ratio)."""
    runs, floors = [], []
    for _ in range(repeat):
        floors.append(measure("floor", folder, cache_dir, workers)["seconds"])
        runs.append(measure(mode, folder, cache_dir, workers))
    ratios = [run["seconds"] / floor for run, floor in zip(runs, floors, strict=True)]
    return min(runs, key=lambda run: run["seconds"]), min(floors), ratios


# -- the report --------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine(temp: Path) -> list[str]:
    import sqlite3

    import yaml

    from reviewer.core.folder.loading import default_workers, start_method

    try:
        load = f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        load = "?"
    return [
        f"CPUs usable: {default_workers()} ({cpu_model()})",
        f"Python {platform.python_version()}, PyYAML {yaml.__version__} "
        f"(libyaml {yaml.__with_libyaml__}), SQLite {sqlite3.sqlite_version}",
        f"pool start method: {start_method()}; folders in {temp}",
        f"load average at start: {load} (other work on the machine adds noise)",
    ]


def run_size(
    corpus: Path, root: Path, count: int, workers: int | None, repeat: int, profile: bool = False
) -> dict[str, Any]:
    folder = root / f"files-{count}"
    print(f"{count:,} files: generating (once) ...", file=sys.stderr)
    generate(corpus, folder, count)
    cache_dir = root / f"cache-{count}"
    print(f"{count:,} files: warming the page cache ...", file=sys.stderr)
    floor = measure("floor", folder, cache_dir, workers)  # untimed warm-up
    old = min(measure("old-floor", folder, cache_dir, workers)["seconds"] for _ in range(repeat))
    print(f"{count:,} files: cold opens ...", file=sys.stderr)
    cold, floor_cold, cold_ratios = paired("cold", folder, cache_dir, workers, repeat)
    print(f"{count:,} files: warm reopens ...", file=sys.stderr)
    warm, floor_warm, warm_ratios = paired("warm", folder, cache_dir, workers, repeat)
    floor["seconds"] = min(floor_cold, floor_warm)
    if profile:
        measure("cold", folder, cache_dir, workers, profile=True)
        measure("warm", folder, cache_dir, workers, profile=True)
    return {
        "files": count,
        "floor": floor,
        "old_floor": old,
        "cold": cold,
        "warm": warm,
        "ratios": {"cold": cold_ratios, "warm": warm_ratios},
    }


def table(results: Sequence[dict[str, Any]]) -> list[str]:
    header = (
        "| Measure | " + " | ".join(f"{r['files']:,} files" for r in results) + " |",
        "|---|" + "---|" * len(results),
    )

    def row(label: str, cell: Any) -> str:
        return f"| {label} | " + " | ".join(cell(r) for r in results) + " |"

    def ratio(run: str) -> Any:
        def cell(r: dict[str, Any]) -> str:
            ratios = sorted(r["ratios"][run])
            return f"**{statistics.median(ratios):.2f}x** ({ratios[0]:.2f}–{ratios[-1]:.2f})"

        return cell

    return [
        *header,
        row(
            "lean floor (scandir + read)",
            lambda r: f"{seconds(r['floor']['seconds'])} ({r['floor']['bytes'] / 1e6:.0f} MB)",
        ),
        row(
            "  old floor (Path per file + read), for reference",
            lambda r: f"{seconds(r['old_floor'])} ({r['old_floor'] / r['floor']['seconds']:.2f}x)",
        ),
        row("cold open, all rows", lambda r: seconds(r["cold"]["seconds"])),
        row("cold / lean floor: median (range), target <= 8x", ratio("cold")),
        row("cold: first batch", lambda r: seconds(r["cold"]["first"])),
        row("warm reopen, all rows", lambda r: seconds(r["warm"]["seconds"])),
        row("warm / lean floor: median (range), target <= 1x", ratio("warm")),
        row("warm: first batch", lambda r: seconds(r["warm"]["first"])),
        row(
            "files parsed cold / warm",
            lambda r: f"{r['cold']['parsed']:,} / {r['warm']['parsed']:,}",
        ),
        row("peak RSS holding all rows (warm)", lambda r: f"{r['warm']['peak_rss']:.0f} MB"),
        row("  RSS before the open", lambda r: f"{r['warm']['rss_before']:.0f} MB"),
        row("  per article", lambda r: per_article(r["warm"])),
        row(
            "peak RSS cold: process / worker",
            lambda r: f"{r['cold']['peak_rss']:.0f} / {r['cold']['worker_peak_rss']:.0f} MB",
        ),
    ]


def per_article(run: dict[str, Any]) -> str:
    held = run["peak_rss"] - run["rss_before"]
    return f"{held * 1024 / max(1, run['articles']):.1f} KB"


def seconds(value: float) -> str:
    return f"{value * 1000:,.0f} ms" if value < 1 else f"{value:,.2f} s"


#: What each open should cost at most, as a ratio to the lean floor (issue 15).
TARGETS = {"cold": "<= 8x", "warm": "<= 1x"}


def rows(results: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figures as rows for ``--json`` (and ``bench/run_all.py``): one per open and size;
    ``seconds`` the best run, ``floor`` the best lean floor, ``ratio`` the median ratio."""
    found = []
    for result in results:
        for mode in ("cold", "warm"):
            run = result[mode]
            found.append(
                {
                    "path": f"open_folder {mode}",
                    "size": result["files"],
                    "seconds": round(run["seconds"], 4),
                    "floor": round(result["floor"]["seconds"], 4),
                    "ratio": round(statistics.median(result["ratios"][mode]), 3),
                    "peak_mb": round(run["peak_rss"], 1),
                    "target": TARGETS[mode],
                }
            )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,20000,100000")
    parser.add_argument("--keep", type=Path, help="write and reuse the folders here")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, help="pool size (default: the CPUs)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the rows as JSON here")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of one cold and one warm open"
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("MODE", "FOLDER", "CACHE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        mode, folder, cache_dir = args.child
        got = child(mode, Path(folder), Path(cache_dir), args.workers, args.profile)
        print(json.dumps(got))
        return 0
    sizes = [int(size) for size in args.sizes.split(",")]
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-open-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        lines = machine(root)
        results = [
            run_size(args.corpus, root, n, args.workers, args.repeat, args.profile) for n in sizes
        ]
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print("\n".join(lines))
    print(
        f"times: best of {args.repeat} runs (floor: of {2 * args.repeat}); ratios: each run "
        "to a floor run just before it\n"
    )
    print("\n".join(table(results)))
    if args.json is not None:
        args.json.write_text(json.dumps(rows(results), indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
