"""Listing a folder's article files: the one lister, used by every way of opening a folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reviewer.core.article import ARTICLE_SUFFIXES
from reviewer.core.files import is_temporary

#: Folders that never hold articles: Jekyll's output and dependency folders.
SKIPPED_FOLDERS = frozenset({"_site", "node_modules", "vendor", "__pycache__"})


#: Each listed folder (its path as text) -> its article files directly in it: name -> inode.
Listings = dict[str, dict[str, int]]


def list_files(
    folder: Path, temporaries: list[str] | None = None, listings: Listings | None = None
) -> list[str]:
    """The article files below ``folder``, relative, with "/" between parts.

    Hidden files and folders and SKIPPED_FOLDERS are left out, a folder's own files (sorted)
    come before its subfolders (sorted), folders that cannot be read are skipped, links to
    folders are not followed. Nothing is stat'ed: the type of each entry comes with the
    listing on most systems. Entries that are not folders are listed by name (a FIFO or a
    device named ``x.md`` too: reading it says what it is). ``temporaries``, when given,
    collects the paths of reviewer's own temporary files seen on the way. ``listings``, when
    given, gets each folder's ``folder_articles`` as the walk saw it (inode numbers come with
    the listing), its names the very str objects listed: what the app's watcher compares
    later listings with, instead of walking the folder again and holding a copy of every name.
    """
    found: list[str] = []
    stack: list[tuple[str, str]] = [(os.fspath(folder), "")]
    while stack:
        directory, prefix = stack.pop()
        inodes: dict[str, int] | None = {} if listings is not None else None
        try:
            files, subfolders = _scan(directory, temporaries, inodes)
        except OSError:
            continue
        if listings is not None and inodes is not None:
            listings[directory] = inodes
        names = sorted(files)
        found.extend([prefix + name for name in names] if prefix else names)
        subfolders.sort()
        stack.extend((path, f"{prefix}{name}/") for name, path in reversed(subfolders))
    return found


def folder_articles(folder: str) -> dict[str, int]:
    """The article files directly in ``folder`` (the rule of ``list_files``): name -> inode.

    What the app's folder watcher compares to see files come and go ({} when the folder
    cannot be read).
    """
    inodes: dict[str, int] = {}
    try:
        _scan(folder, None, inodes)
    except OSError:
        return {}
    return inodes


def _scan(
    directory: str, temporaries: list[str] | None, inodes: dict[str, int] | None
) -> tuple[list[str], list[tuple[str, str]]]:
    """One folder's article files (names, and in ``inodes`` name -> inode when given) and
    its subfolders to walk (name, path).

    Inode numbers come with the listing on POSIX systems (no stat). Article file names are
    interned: every listing of a folder (the load's, the watcher's later ones) and the
    paths made from them share one str per name, not a copy each.
    """
    files: list[str] = []
    subfolders: list[tuple[str, str]] = []
    with os.scandir(directory) as listing:
        for entry in listing:
            name = entry.name
            if name[0] == ".":
                if temporaries is not None and is_temporary(name):
                    temporaries.append(entry.path)
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if name not in SKIPPED_FOLDERS and not entry.is_symlink():
                    subfolders.append((name, entry.path))
                continue
            dot = name.rfind(".")
            if dot > 0 and name[dot:].lower() in ARTICLE_SUFFIXES:
                name = sys.intern(name)
                files.append(name)
                if inodes is not None:
                    inodes[name] = entry.inode()
    return files, subfolders
