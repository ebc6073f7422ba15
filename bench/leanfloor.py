"""The lean floor every benchmark compares with: the least any loader of a folder must do.

An ``os.scandir`` walk with string paths (hidden entries skipped, links not followed), then
every file's bytes read. The project's earlier floor (``scan.article_paths``, a ``Path`` per
file) costs about 1.4x this one. Each benchmark measures it in the same run as what it
compares, right before it, so that other work on the machine weighs on both.

Run as a script (``python bench/leanfloor.py FOLDER``) it measures once in a fresh process and
prints ``{"seconds", "bytes", "files"}`` as JSON: what ``in_fresh_process`` reads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def files(folder: str | Path, suffixes: tuple[str, ...] | None = None) -> list[str]:
    """The files below ``folder`` (those ending in one of ``suffixes``, when given)."""
    paths: list[str] = []
    stack = [os.fspath(folder)]
    while stack:
        with os.scandir(stack.pop()) as listing:
            for entry in listing:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif suffixes is None or entry.name.endswith(suffixes):
                    paths.append(entry.path)
    return paths


def read_all(folder: str | Path, suffixes: tuple[str, ...] | None = None) -> tuple[int, int]:
    """Walk ``folder`` and read every file's bytes: (bytes read, files)."""
    size = 0
    paths = files(folder, suffixes)
    for path in paths:
        with open(path, "rb") as handle:
            size += len(handle.read())
    return size, len(paths)


def measure(folder: str | Path) -> dict[str, Any]:
    """The lean floor of ``folder`` in this process: seconds, bytes and files."""
    start = time.perf_counter()
    size, count = read_all(folder)
    return {"seconds": time.perf_counter() - start, "bytes": size, "files": count}


def in_fresh_process(folder: Path) -> float:
    """The lean floor of ``folder`` measured in a fresh Python process, in seconds."""
    done = subprocess.run(
        [sys.executable, __file__, os.fspath(folder)], capture_output=True, text=True, check=True
    )
    seconds: float = json.loads(done.stdout)["seconds"]
    return seconds


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))
