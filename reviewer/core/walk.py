"""Listing a folder's article files fast: relative paths in ``scan.article_paths`` order."""

from __future__ import annotations

import os
from pathlib import Path

from reviewer.core.article import ARTICLE_SUFFIXES
from reviewer.core.scan import SKIPPED_FOLDERS


def list_files(folder: Path) -> list[str]:
    """The article files below ``folder``, relative, with "/" between parts.

    The same files in the same order as ``scan.article_paths``: hidden files and folders and
    SKIPPED_FOLDERS are left out, a folder's own files (sorted) come before its subfolders
    (sorted), folders that cannot be read are skipped, links to folders are not followed.
    Nothing is stat'ed: the type of each entry comes with the listing on most systems.
    """
    found: list[str] = []
    stack: list[tuple[str, str]] = [(os.fspath(folder), "")]
    while stack:
        directory, prefix = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = {entry.name: entry for entry in listing}
        except OSError:
            continue
        subfolders = []
        for name in sorted(entries):
            if name[0] == ".":
                continue
            entry = entries[name]
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if name not in SKIPPED_FOLDERS and not entry.is_symlink():
                    subfolders.append((entry.path, f"{prefix}{name}/"))
                continue
            dot = name.rfind(".")
            if dot > 0 and name[dot:].lower() in ARTICLE_SUFFIXES:
                found.append(prefix + name if prefix else name)
        stack.extend(reversed(subfolders))
    return found
