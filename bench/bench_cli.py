"""Benchmark: the command line's folder paths (``reviewer list``, ``publish --query``) against
the lean floor.

Run from the repository root::

    .venv/bin/python bench/bench_cli.py [--sizes 20000,100000] [--keep DIR] [--corpus PATH]
        [--repeat R] [--only NAME,...] [--source DIR] [--json OUT]

The folders are written as ``bench_open.py`` writes them (``--keep DIR`` keeps and reuses
them: ``DIR/files-N``). Each command runs as ``python -m reviewer ...`` in a process of its
own, its output thrown away; its time is the whole process's (start-up and imports
included: what the editor waits for) and its peak RSS the largest ``ru_maxrss`` of the
process and the pool workers it waited for (``os.wait4``). Right before each run, the **lean
floor** runs in a fresh process: an ``os.scandir`` walk with string paths, then every
file's bytes read (timed inside that process). Each ratio is a run to the floor just
before it; the table gives the median of ``--repeat`` runs. Warm runs use an index cache
(in a folder of the benchmark's own) that an untimed run filled; ``--no-cache`` runs use
none. ``--source DIR`` runs the command line of another copy of the sources (a ``git
archive`` of an older commit) to compare before and after.

A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
bench_open = importlib.import_module("bench_open")  # the folders
leanfloor = importlib.import_module("leanfloor")  # the one lean floor of the benchmarks
REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Command:
    """One measured command line: ``args`` with ``{folder}`` for the folder."""

    name: str
    args: tuple[str, ...]
    warm: bool  # True: with the index cache an untimed run filled
    target: str  # as the issue gives it: a ratio, and a peak RSS when there is one
    max_ratio: float
    max_mb: float | None = None


COMMANDS = (
    Command("list warm csv", ("list", "{folder}", "--format", "csv"), True, "<= 1.5x", 1.5),
    Command("list warm json", ("list", "{folder}", "--format", "json"), True, "<= 2x", 2.0),
    Command("list warm table", ("list", "{folder}"), True, "<= 2x", 2.0),
    Command(
        "list --no-cache csv",
        ("list", "{folder}", "--no-cache", "--format", "csv"),
        False,
        "<= 10x",
        10.0,
    ),
    Command(
        "list --no-cache json",
        ("list", "{folder}", "--no-cache", "--format", "json"),
        False,
        "<= 10x",
        10.0,
    ),
    Command("list --no-cache table", ("list", "{folder}", "--no-cache"), False, "<= 10x", 10.0),
    Command(
        "list --query secured:abc",
        ("list", "{folder}", "--query", "secured:abc"),
        True,
        "<= 12x, < 300 MB",
        12.0,
        300.0,
    ),
    Command(
        "publish --query --dry-run",
        ("publish", "--dry-run", "--query", "is:unpublished quality:>50", "{folder}"),
        True,
        "<= 6x, < 400 MB",
        6.0,
        400.0,
    ),
)


run_floor = leanfloor.in_fresh_process


def run_command(
    args: Sequence[str], env: dict[str, str], source: Path | None = None
) -> tuple[float, float, int]:
    """Seconds, peak RSS (MB, the process or a worker it waited for) and exit status.

    Run in ``source`` (or the repository): ``python -m`` puts the working folder first on
    the import path, before PYTHONPATH.
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "reviewer", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=source or REPO,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return seconds, peak, process.returncode


def environment(cache: Path, source: Path | None) -> dict[str, str]:
    env = dict(os.environ, REVIEWER_CACHE_DIR=str(cache))
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    return env


def measure(
    command: Command,
    folder: Path,
    size: int,
    env: dict[str, str],
    repeat: int,
    source: Path | None = None,
) -> dict[str, Any]:
    """``repeat`` runs of ``command``, each right after a floor run; the medians."""
    args = [arg.replace("{folder}", str(folder)) for arg in command.args]
    if command.warm:
        run_command(args, env, source)  # fills (or refreshes) the index cache; untimed
    runs = []
    for _ in range(repeat):
        floor_seconds = run_floor(folder)
        seconds, peak, status = run_command(args, env, source)
        if status not in (0, 1):
            raise SystemExit(f"{command.name}: exit status {status}")
        runs.append((seconds, floor_seconds, peak))
    ratios = sorted(s / f for s, f, _ in runs)
    return {
        "path": command.name,
        "size": size,
        "seconds": statistics.median(s for s, _, _ in runs),
        "floor": statistics.median(f for _, f, _ in runs),
        "ratio": statistics.median(ratios),
        "ratios": ratios,
        "peak_mb": max(p for _, _, p in runs),
        "target": command.target,
        "met": statistics.median(ratios) <= command.max_ratio
        and (command.max_mb is None or max(p for _, _, p in runs) < command.max_mb),
    }


def table(rows: Sequence[dict[str, Any]]) -> list[str]:
    lines = [
        "| path | files | floor | command | ratio: median (range) | peak RSS | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['path']} | {r['size']:,} | {r['floor']:.2f} s | {r['seconds']:.2f} s "
            f"| **{r['ratio']:.1f}x** ({r['ratios'][0]:.1f}–{r['ratios'][-1]:.1f}) "
            f"| {r['peak_mb']:.0f} MB | {r['target']} | {'yes' if r['met'] else 'no'} |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--keep", type=Path, help="write and reuse the folders here")
    parser.add_argument("--corpus", type=Path, default=bench_open.DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", help="comma-separated command names (default: all)")
    parser.add_argument("--source", type=Path, help="run the CLI of these sources instead")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the rows here")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else None
    commands = [c for c in COMMANDS if wanted is None or c.name in wanted]
    root = (args.keep or Path(tempfile.mkdtemp(prefix="bench-cli-"))).resolve()
    source = args.source.resolve() if args.source is not None else None
    root.mkdir(parents=True, exist_ok=True)
    cache = Path(tempfile.mkdtemp(prefix="bench-cli-cache-"))
    rows: list[dict[str, Any]] = []
    try:
        env = environment(cache, source)
        for size in (int(s) for s in args.sizes.split(",")):
            folder = root / f"files-{size}"
            bench_open.generate(args.corpus, folder, size)
            run_floor(folder)  # untimed: the page cache warm for what follows
            for command in commands:
                print(f"{size:,} files: {command.name} ...", file=sys.stderr)
                rows.append(measure(command, folder, size, env, args.repeat, source))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(f"median of {args.repeat} runs, each to a floor run just before it\n")
    print("\n".join(table(rows)))
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
