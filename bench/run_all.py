"""Benchmark: every row of issue 15, each with its lean floor, in one run and one table.

Run from the repository root (no display needed; takes long at 100,000 files)::

    .venv/bin/python bench/run_all.py [--sizes 20000,100000] [--keep DIR] [--repeat R]
        [--only open,gui,cli,first] [--corpus PATH] [--out FILE] [--json OUT]

The folders are written once, as ``bench_open.py`` writes them (``DIR/files-N``, default
``/tmp/bench-folders``; 100,000 files take minutes to write) and reused by later runs. Then
each benchmark runs with ``--json`` and its rows are gathered:

- **open**: ``bench_open.py`` (``open_folder`` cold and warm);
- **gui**: ``bench_gui.py`` (the window, cold and warm, each right after a lean floor run:
  all rows, idle, peak RSS, keystrokes);
- **cli**: ``bench_cli.py`` (``reviewer list`` warm and ``--no-cache``, ``--query`` on a field
  the index lacks, ``publish --query --dry-run``);
- **first**: the first window with rows, here: ``python -m reviewer`` in smoke mode
  (``REVIEWER_SMOKE_MS=0``) on a copy of the corpus's news and newsletters, from its start
  to its ``smoke: ready`` line, against a process that shows a bare ``QMainWindow``, both
  with ``QT_QPA_PLATFORM=offscreen``; 5 pairs, each ratio an app run to the bare run just
  before it, the median (after one untimed pair, so the page cache and the app's index
  cache are warm: a usual start).

The **lean floor** is an ``os.scandir`` walk with string paths, then every file's bytes
read, in a fresh process, measured in the same run as what it is the floor of. The table
(path, size, seconds, floor, ratio, peak MB, target, met?) goes to stdout and ``--out``,
with the machine (CPUs, CPU model, Python, load average at start and end) and the command;
``--json`` also writes every row. Every process of the run uses compiled bytecode, as an
installed reviewer does (``PYTHONDONTWRITEBYTECODE`` is dropped from the environment and the
sources compiled first). A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_KEEP = Path("/tmp/bench-folders")
SCRIPTS = ("open", "gui", "cli", "first")
#: The first window: the app's folder (what is copied from the corpus) and its pairs.
FIRST_FOLDERS = ("news", "newsletters")
FIRST_PAIRS = 5
FIRST_TARGET = "<= 2x"
BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(720, 680)
window.show()
def shown():
    print("bare: shown", flush=True)
    window.close()
QTimer.singleShot(0, shown)
sys.exit(app.exec())
"""

Row = dict[str, Any]


# -- the other benchmarks ----------------------------------------------------------------


def bench(name: str) -> Any:
    """``bench/NAME.py`` as a module (imported once)."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    return importlib.import_module(name)


def run_main(script: str, argv: list[str]) -> list[Row]:
    """``bench/SCRIPT.py``'s ``main(argv + ['--json', OUT])`` in this process, its output on
    stderr; the rows it wrote (none when it failed: said on stderr)."""
    out = Path(tempfile.mkstemp(prefix=f"{script}-", suffix=".json")[1])
    argv = [*argv, "--json", str(out)]
    print(f"== {script}.py {shlex.join(argv)}", file=sys.stderr, flush=True)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            status = bench(script).main(argv)
    except SystemExit as exc:
        status = exc.code
    except Exception as exc:  # one benchmark failing must not lose the others
        print(f"{script}.py failed: {exc!r}", file=sys.stderr)
        status = 1
    try:
        rows: list[Row] = json.loads(out.read_text(encoding="utf-8") or "[]")
    except (OSError, ValueError):
        rows = []
    finally:
        out.unlink(missing_ok=True)
    if status not in (0, None) or not rows:
        print(f"{script}.py: status {status}, {len(rows)} rows", file=sys.stderr)
    return [{**row, "source": f"{script}.py"} for row in rows]


def run_open(sizes: Sequence[int], keep: Path, repeat: int, corpus: Path) -> list[Row]:
    argv = ["--sizes", ",".join(map(str, sizes)), "--keep", str(keep), "--repeat", str(repeat)]
    return run_main("bench_open", [*argv, "--corpus", str(corpus)])


def run_cli(sizes: Sequence[int], keep: Path, repeat: int, corpus: Path) -> list[Row]:
    argv = ["--sizes", ",".join(map(str, sizes)), "--keep", str(keep), "--repeat", str(repeat)]
    return run_main("bench_cli", [*argv, "--corpus", str(corpus)])


def run_gui(sizes: Sequence[int], keep: Path, repeat: int, corpus: Path) -> list[Row]:
    """bench_gui.py's rows: its opens (cold and warm), keystrokes typed while loading (a
    run of its own with --typing, so that the opens above are not slowed by them) and its
    in-memory keystrokes at each size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    argv = ["--sizes", ",".join(map(str, sizes)), "--keep", str(keep), "--corpus", str(corpus)]
    rows = run_main("bench_gui", [*argv, "--repeat", str(repeat)])
    typed = run_main("bench_gui", [*argv, "--repeat", "1", "--typing"])
    rows += [row for row in typed if "while loading" in row["path"]]
    for size in sizes:
        rows += in_memory(size, repeat, corpus)
    return rows


#: bench_gui.py's in-memory keystrokes: its result's key, and the row's name.
KEYSTROKES = (
    ("quick filter", "quick filter `power apps` (proxy.set_text)"),
    ("search", "search `quality:>40 date:2021` (proxy.set_text)"),
    ("window keystroke", "`power apps` in the search bar + repaint"),
)


def in_memory(size: int, repeat: int, corpus: Path) -> list[Row]:
    """bench_gui.py --one SIZE (the window given SIZE light articles in memory, in a fresh
    process): the p95 of its keystrokes, best of ``repeat`` passes each."""
    print(f"{size:,} articles in memory: window keystrokes ...", file=sys.stderr, flush=True)
    command = [sys.executable, str(HERE / "bench_gui.py"), "--one", str(size)]
    done = subprocess.run(
        [*command, "--corpus", str(corpus), "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    if done.returncode != 0:
        print(f"bench_gui.py --one {size} failed:\n{done.stderr}", file=sys.stderr)
        return []
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        {
            "path": f"in memory: keystroke p95, {label}",
            "size": size,
            "seconds": bench("bench_gui").percentile(result[key], 0.95),
            "peak_mb": result.get("peak_rss"),
            "target": "< 30 ms",
            "source": "bench_gui.py --one",
        }
        for key, label in KEYSTROKES
        if result.get(key)
    ]


def folder_of(keep: Path, size: int, corpus: Path) -> Path:
    """``keep/files-SIZE``, written (once) as bench_open.py writes it."""
    folder = keep / f"files-{size}"
    bench("bench_open").generate(corpus, folder, size)
    return folder


# -- the first window --------------------------------------------------------------------


def timed_process(command: list[str], env: dict[str, str], line: str) -> tuple[float, float, str]:
    """Run ``command``: seconds from its start to its first stdout line starting with
    ``line``, its peak RSS (MB) and its whole output."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stdout is not None
    seen = None
    lines = []
    for text in process.stdout:
        lines.append(text)
        if seen is None and text.startswith(line):
            seen = time.perf_counter() - start
    _pid, status, usage = os.wait4(process.pid, 0)
    if seen is None or os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command}: no {line!r} line, status {status}: {''.join(lines)}")
    return seen, usage.ru_maxrss / 1024, "".join(lines)


def run_first(corpus: Path, pairs: int = FIRST_PAIRS) -> list[Row]:
    """The first window with rows against a bare PySide6 window (see the docstring)."""
    work = Path(tempfile.mkdtemp(prefix="run-all-first-"))
    try:
        folder = work / "articles"
        for name in FIRST_FOLDERS:
            shutil.copytree(corpus / name, folder / name)
        home = work / "home"
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "REVIEWER_SMOKE_MS": "0",
        }
        env.pop("REVIEWER_CACHE_DIR", None)
        app = [sys.executable, "-m", "reviewer", str(folder)]
        bare = [sys.executable, "-c", BARE_WINDOW]
        apps, bares, peaks, smoke = [], [], [], []
        for index in range(pairs + 1):
            bare_seconds = timed_process(bare, env, "bare: shown")[0]
            seconds, peak, output = timed_process(app, env, "smoke: ready")
            if index == 0:
                continue  # untimed: page cache, settings and index cache warm
            bares.append(bare_seconds)
            apps.append(seconds)
            peaks.append(peak)
            smoke.append(dict(re.findall(r"smoke: (\w+) ms=(\d+)", output)))
        rows_listed = re.search(r" rows=(\d+)", output)
        ratios = sorted(a / b for a, b in zip(apps, bares, strict=True))
        ready = statistics.median(int(s["ready"]) for s in smoke)
        idle = statistics.median(int(s.get("idle", 0)) for s in smoke)
        return [
            {
                "path": "first window with rows (smoke: ready) vs a bare PySide6 window",
                "size": int(rows_listed.group(1)) if rows_listed else 0,
                "seconds": statistics.median(apps),
                "floor": statistics.median(bares),
                "ratio": statistics.median(ratios),
                "ratios": ratios,
                "peak_mb": max(peaks),
                "target": FIRST_TARGET,
                "note": f"in the app, from its smoke clock: ready {ready:.0f} ms, "
                f"idle {idle:.0f} ms",
                "source": "run_all.py",
            }
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- the table ---------------------------------------------------------------------------

TERM = re.compile(r"(<=|<)\s*([\d.,]*\d)\s*(x|MB|ms|s)?\b")


def terms_of(target: str) -> list[tuple[str, float, str]]:
    """The limits in a target: ``"< 300 / < 400 MB"`` is two in MB (a limit without a unit
    takes the next one's)."""
    found = TERM.findall(target)
    terms: list[tuple[str, float, str]] = []
    unit = ""
    for op, number, given in reversed(found):
        unit = given or unit
        terms.insert(0, (op, float(number.replace(",", "")), unit))
    return [term for term in terms if term[2]]


def met(row: Row) -> bool | None:
    """Whether ``row`` meets its target (the row's own ``met`` when it has one); None when
    the target cannot be read. Two limits in MB ("< 300 / < 400 MB") are the RSS when
    listed and the peak."""
    if isinstance(row.get("met"), bool):
        return bool(row["met"])
    terms = terms_of(str(row.get("target", "")))
    if not terms:
        return None
    in_mb = sum(1 for _op, _limit, unit in terms if unit == "MB")
    megabytes = iter([row.get("listed_mb")] * (in_mb - 1) + [row.get("peak_mb")])
    results = []
    for op, limit, unit in terms:
        value = {
            "x": lambda: row.get("ratio"),
            "MB": lambda: next(megabytes),
            "ms": lambda: None if row.get("seconds") is None else row["seconds"] * 1000,
            "s": lambda: row.get("seconds"),
        }[unit]()
        if value is None:
            return None
        results.append(value <= limit if op == "<=" else value < limit)
    return all(results)


def shortfall(row: Row) -> str:
    """By how much ``row`` misses its target: each limit it is over, and by what factor."""
    terms = terms_of(str(row.get("target", "")))
    in_mb = sum(1 for _op, _limit, unit in terms if unit == "MB")
    megabytes = iter(
        [("listed", row.get("listed_mb"))] * (in_mb - 1) + [("peak", row.get("peak_mb"))]
    )
    over = []
    for op, limit, unit in terms:
        name, value = {
            "x": lambda: ("ratio", row.get("ratio")),
            "MB": lambda: next(megabytes),
            "ms": lambda: ("p95", None if row.get("seconds") is None else row["seconds"] * 1000),
            "s": lambda: ("time", row.get("seconds")),
        }[unit]()
        if value is not None and not (value <= limit if op == "<=" else value < limit):
            shown = f"{value:.2f}x" if unit == "x" else f"{value:,.0f} {unit}"
            space = "" if unit == "x" else " "
            over.append(
                f"{name} {shown} for {op} {limit:g}{space}{unit}: {value / limit:.1f}x over"
            )
    return "; ".join(over)


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:,.1f} ms" if value < 1 else f"{value:,.2f} s"


def cell(row: Row) -> list[str]:
    ratio = row.get("ratio")
    ratios = row.get("ratios")
    ratio_text = "–" if ratio is None else f"**{ratio:.2f}x**"
    if ratio is not None and ratios and len(ratios) > 1:
        ratio_text += f" ({min(ratios):.2f}–{max(ratios):.2f})"
    peak = row.get("peak_mb")
    peak_text = "–" if peak is None else f"{peak:.0f}"
    if row.get("listed_mb") is not None:
        peak_text = f"{row['listed_mb']:.0f} / {peak_text}"
    ok = met(row)
    path = str(row["path"]) + (f" ({row['note']})" if row.get("note") else "")
    return [
        path,
        f"{row['size']:,}" if row.get("size") else "–",
        seconds(row.get("seconds")),
        seconds(row.get("floor")),
        ratio_text,
        peak_text,
        str(row.get("target", "")),
        {True: "yes", False: "**no**", None: "?"}[ok],
    ]


#: The issue's order of the rows (by the start of their path); each size after the other.
ORDER = (
    "open_folder cold",
    "open_folder warm",
    "window cold: all rows",
    "window cold: idle",
    "window warm: all rows",
    "window warm: idle",
    "window cold: peak",
    "window warm: peak",
    "in memory",
    "window cold: `power apps`",
    "window warm: `power apps`",
    "list warm",
    "list --no-cache",
    "list --query",
    "publish",
    "first window",
)


def in_order(rows: Sequence[Row]) -> list[Row]:
    """``rows`` in the issue's order, each group's rows at one size before the next."""

    def key(item: tuple[int, Row]) -> tuple[int, int, int]:
        index, row = item
        path = str(row["path"])
        group = next((i for i, start in enumerate(ORDER) if path.startswith(start)), len(ORDER))
        return group, int(row.get("size") or 0), index

    return [row for _index, row in sorted(enumerate(rows), key=key)]


def table(rows: Sequence[Row]) -> list[str]:
    lines = [
        "| path | size | seconds | floor | ratio (range) | peak MB | target | met? |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(cell(row)) + " |" for row in in_order(rows)]
    return lines


def cpu_model() -> str:
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except (AttributeError, OSError):
        return "?"


def head() -> str:
    """The repository's HEAD commit, short ("?" when git cannot say)."""
    done = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "?"


def report(
    rows: Sequence[Row], argv: Sequence[str], load_start: str, started: float, commit: str
) -> str:
    command = shlex.join([".venv/bin/python", "bench/run_all.py", *argv])
    now = head()
    if now != commit:
        commit = f"{commit}; {now} at the end: commits landed during the run"
    met_count = sum(1 for row in rows if met(row))
    lines = [
        f"Command: `{command}` (HEAD {commit}, {time.strftime('%Y-%m-%d %H:%M %Z')})",
        "",
        f"Machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), "
        f"{cpu_model()}; Python {platform.python_version()} on {platform.platform()}; "
        "bytecode compiled",
        f"Load average (1, 5, 15 min): {load_start} at the start, {load_average()} at the "
        f"end; {(time.perf_counter() - started) / 60:.0f} minutes in all",
        "",
        *table(rows),
        "",
        f"{met_count} of {len(rows)} rows meet their target. Missed:",
        "",
        *(
            f"- {row['path']} at {row.get('size') or 0:,}: {shortfall(row)}"
            for row in in_order(rows)
            if met(row) is False
        ),
    ]
    return "\n".join(lines) + "\n"


# -- main --------------------------------------------------------------------------------


def compiled() -> None:
    """Let every process of the run use (and write) bytecode, as an installed reviewer
    does, and compile the sources now: with ``PYTHONDONTWRITEBYTECODE`` set (as in some
    sandboxes and CI images), each ``python -m reviewer`` would compile every module it
    imports again, about 0.2 s of each start."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    for tree in ("reviewer", "bench"):
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(REPO / tree)],
            check=False,
            stdout=subprocess.DEVNULL,
        )


RUNNERS: dict[str, Callable[[Sequence[int], Path, int, Path], list[Row]]] = {
    "open": run_open,
    "gui": run_gui,
    "cli": run_cli,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,100000", help="comma-separated counts")
    parser.add_argument("--keep", type=Path, default=DEFAULT_KEEP, help="the folders, reused")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row, the median")
    parser.add_argument("--only", default=",".join(SCRIPTS), help="of: " + ", ".join(SCRIPTS))
    parser.add_argument("--out", type=Path, help="also write the report (markdown) here")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every row here")
    args = parser.parse_args(argv)
    wanted = [name for name in args.only.split(",") if name]
    unknown = set(wanted) - set(SCRIPTS)
    if unknown:
        parser.error(f"--only: unknown {', '.join(sorted(unknown))} (of {', '.join(SCRIPTS)})")
    if not args.corpus.is_dir():
        parser.error(f"no corpus at {args.corpus}")
    sizes = [int(size) for size in args.sizes.split(",")]
    started = time.perf_counter()
    load_start = load_average()
    commit = head()
    compiled()
    args.keep.mkdir(parents=True, exist_ok=True)
    for size in sizes:  # written once, before anything is timed
        folder_of(args.keep, size, args.corpus)
    rows: list[Row] = []
    for name in wanted:
        if name == "first":
            rows += run_first(args.corpus)
        else:
            rows += RUNNERS[name](sizes, args.keep, args.repeat, args.corpus)
        if args.json is not None:  # as it goes: a later failure keeps what was measured
            args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    given = sys.argv[1:] if argv is None else list(argv)
    text = report(rows, given, load_start, started, commit)
    print(text, end="")
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
