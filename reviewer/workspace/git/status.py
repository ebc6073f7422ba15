"""The git state of a folder's article files, and of the branch they are on.

``folder_status`` runs ``git status --porcelain=v2 -z --branch --untracked-files=all``
limited to the folder, parses it (``parse_status``: renames, conflicts, and any byte in a
path, since ``-z`` quotes nothing), and gives each article file of the folder its state.
Which files are articles is the workspace's reading: the files the one lister
(``core/folder/walk.py``) lists that have a front matter (``workspace.listed``). A deleted
file counts when the lister's rules take its name and its committed version is an article;
a conflicted file counts whatever its text (conflict markers may hide its front matter).
Files git ignores are left out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from reviewer.core.article import ARTICLE_SUFFIXES, heading
from reviewer.core.folder.index import IndexCache
from reviewer.core.folder.walk import SKIPPED_FOLDERS
from reviewer.core.store import parse_article, read_article
from reviewer.workspace.git.runner import Repository, find_repository
from reviewer.workspace.workspace import Workspace, listed

#: The states of an article file, in the order the CLI explains them.
UNCHANGED = "unchanged"
MODIFIED = "modified"  # changed in the working tree (maybe staged too)
STAGED = "staged"  # every change staged
UNTRACKED = "untracked"  # new, never added
DELETED = "deleted"  # gone from the working tree or the index
CONFLICTED = "conflicted"  # unmerged: a merge or rebase stopped on it
STATES = (UNCHANGED, MODIFIED, STAGED, UNTRACKED, DELETED, CONFLICTED)

#: States of a file a commit would record.
CHANGED_STATES = frozenset({MODIFIED, STAGED, UNTRACKED, DELETED})


@dataclass(frozen=True)
class Branch:
    """The branch the work tree is on.

    ``name`` None: detached HEAD. ``upstream`` None: no upstream configured. ``ahead`` and
    ``behind`` (commits only here, only upstream) are None without an upstream, or when the
    upstream branch is gone. ``commit`` is None before the first commit.
    """

    name: str | None = None
    commit: str | None = None
    upstream: str | None = None
    ahead: int | None = None
    behind: int | None = None

    @property
    def detached(self) -> bool:
        """True when HEAD is no branch."""
        return self.name is None


@dataclass(frozen=True)
class Entry:
    """One line of ``git status``: a path relative to the work tree's top, its state, and
    for a rename or copy the path it came from."""

    path: str
    state: str
    xy: str = ""
    source: str | None = None


@dataclass(frozen=True)
class FileStatus:
    """One article file's state. ``path`` is the file; ``relative`` is it relative to the
    folder asked about, with "/"; ``title`` its heading (None for a deleted file)."""

    path: Path
    relative: str
    state: str
    title: str | None

    def row(self) -> dict[str, Any]:
        """The file as ``reviewer status --format json`` writes it."""
        return {"path": self.relative, "title": self.title, "state": self.state}


@dataclass(frozen=True)
class FolderStatus:
    """The git state of a folder: its repository, branch and article files."""

    repository: Repository
    folder: Path
    branch: Branch
    files: tuple[FileStatus, ...] = field(default_factory=tuple)

    def changed(self) -> list[FileStatus]:
        """The files a commit would record (modified, staged, untracked, deleted)."""
        return [f for f in self.files if f.state in CHANGED_STATES]

    def conflicted(self) -> list[FileStatus]:
        """The files a merge or rebase left unmerged."""
        return [f for f in self.files if f.state == CONFLICTED]

    def row(self) -> dict[str, Any]:
        """``{branch, upstream, ahead, behind, files: [{path, title, state}]}``."""
        return {
            "branch": self.branch.name,
            "upstream": self.branch.upstream,
            "ahead": self.branch.ahead,
            "behind": self.branch.behind,
            "files": [f.row() for f in self.files],
        }


def parse_status(output: bytes) -> tuple[Branch, list[Entry]]:
    """Parse ``git status --porcelain=v2 -z --branch``: the branch and each path's entry.

    Paths are decoded with ``os.fsdecode`` (a non-UTF-8 byte survives as a surrogate and
    encodes back to itself). Ignored entries (``!``) are left out.
    """
    records = iter(output.split(b"\0"))
    headers: dict[str, str] = {}
    entries: list[Entry] = []
    for record in records:
        if not record:
            continue
        kind = record[:1]
        if kind == b"#":
            key, _, value = os.fsdecode(record[2:]).partition(" ")
            headers[key] = value
        elif kind == b"1":
            parts = record.split(b" ", 8)
            xy = parts[1].decode("ascii", "replace")
            entries.append(Entry(os.fsdecode(parts[8]), _state(xy), xy))
        elif kind == b"2":
            parts = record.split(b" ", 9)
            xy = parts[1].decode("ascii", "replace")
            source = os.fsdecode(next(records, b""))
            entries.append(Entry(os.fsdecode(parts[9]), _state(xy), xy, source))
            if xy[0] == "R":
                entries.append(Entry(source, DELETED, "D."))
        elif kind == b"u":
            parts = record.split(b" ", 10)
            entries.append(Entry(os.fsdecode(parts[10]), CONFLICTED, parts[1].decode("ascii")))
        elif kind == b"?":
            entries.append(Entry(os.fsdecode(record[2:]), UNTRACKED, "??"))
    return _branch(headers), entries


def _branch(headers: dict[str, str]) -> Branch:
    head = headers.get("branch.head")
    oid = headers.get("branch.oid")
    ahead = behind = None
    counts = headers.get("branch.ab", "").split()
    if len(counts) == 2:
        ahead, behind = abs(int(counts[0])), abs(int(counts[1]))
    return Branch(
        name=None if head in (None, "(detached)") else head,
        commit=None if oid in (None, "(initial)") else oid,
        upstream=headers.get("branch.upstream"),
        ahead=ahead,
        behind=behind,
    )


def _state(xy: str) -> str:
    """The state of a changed tracked entry from its two status letters (index, tree)."""
    padded = xy + ".."
    index, tree = padded[0], padded[1]
    if "U" in xy or xy in ("AA", "DD"):
        return CONFLICTED
    if "D" in (index, tree):
        return DELETED
    if tree != ".":
        return MODIFIED
    return STAGED


def article_name(relative: str) -> bool:
    """True when the one lister would list a file at ``relative`` (to the folder listed):
    an article suffix, no hidden part, no part a skipped folder."""
    parts = PurePosixPath(relative).parts
    if not parts or any(p.startswith(".") for p in parts):
        return False
    if any(p in SKIPPED_FOLDERS for p in parts[:-1]):
        return False
    return PurePosixPath(parts[-1]).suffix.lower() in ARTICLE_SUFFIXES


def pathspec(repository: Repository, folder: Path) -> str:
    """``folder`` as a literal pathspec from the work tree's top ("." for the top)."""
    relative = repository.relative(folder)
    return "." if relative in (".", "") else relative


def folder_status(
    folder: Path,
    *,
    cache: IndexCache | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> FolderStatus:
    """The git state of ``folder``'s article files and of the branch.

    Raises NotARepository (not in a git work tree), GitMissing, or GitError.
    """
    folder = Path(os.path.realpath(folder))  # as git writes the work tree's top
    repository = find_repository(folder)
    spec = pathspec(repository, folder)
    output = repository.run(
        "--literal-pathspecs",
        "status",
        "--porcelain=v2",
        "-z",
        "--branch",
        "--untracked-files=all",
        "--no-renames",
        "--",
        spec,
        cancelled=cancelled,
    ).stdout
    branch, entries = parse_status(output)
    tracked = set(_tracked(repository, spec))
    states = {e.path: e.state for e in entries}
    workspace = Workspace(cache)
    workspace.open(folder)
    files: list[FileStatus] = []
    seen: set[str] = set()
    for document in workspace.read(cancelled=cancelled):
        article = document.article
        key = repository.relative(article.path)
        state = states.get(key, UNCHANGED if key in tracked else None)
        if state is None or not listed(article):
            continue
        seen.add(key)
        title = None if state == DELETED else heading(article.data, article.path)
        files.append(FileStatus(article.path, _under(folder, article.path), state, title))
    extra = sorted(e for e in states if e not in seen)
    files.extend(_others(repository, folder, extra, states))
    return FolderStatus(repository, folder, branch, tuple(files))


def _tracked(repository: Repository, spec: str) -> list[str]:
    output = repository.run("--literal-pathspecs", "ls-files", "-z", "--", spec).stdout
    return [os.fsdecode(p) for p in output.split(b"\0") if p]


def _under(folder: Path, path: Path) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()


def _others(
    repository: Repository, folder: Path, keys: Iterable[str], states: dict[str, str]
) -> list[FileStatus]:
    """The changed files the listing did not give: deleted and conflicted articles."""
    found = []
    for key in keys:
        path = repository.root / key
        relative = _under(folder, path)
        state = states[key]
        if relative.startswith("../") or not article_name(relative):
            continue
        if state == DELETED or not os.path.lexists(path):
            if _committed_article(repository, key):
                found.append(FileStatus(path, relative, DELETED, None))
        elif state == CONFLICTED:
            article = read_article(path)
            found.append(FileStatus(path, relative, state, heading(article.data, path)))
    return found


def _committed_article(repository: Repository, key: str) -> bool:
    """True when HEAD's (else the index's) version of ``key`` is an article."""
    for spec in (f"HEAD:{key}", f":{key}"):
        result = repository.run("cat-file", "blob", spec, check=False)
        if result.status == 0:
            return listed(parse_article(repository.root / key, result.stdout, None))
    return False
