"""Registering reviewer's field-level merge driver in a repository (``reviewer git-setup``).

Two things, both local to the repository and never committed:

- the driver, in the repository's own config: ``merge.reviewer.name`` and
  ``merge.reviewer.driver = <command> merge-file %A %O %B --name %P``, where <command> runs this
  reviewer (the ``reviewer`` script found on PATH, else this Python with ``-m reviewer``),
  quoted for the shell git runs it with;
- which files use it, in ``info/attributes`` of the git folder (``git rev-parse
  --git-path``, so a linked worktree finds the shared one): ``*.md merge=reviewer`` for each
  article suffix (``core/article.ARTICLE_SUFFIXES``) under a comment line of ours.

Setting up twice changes nothing; the file's other lines are kept as they are.
``remove_merge_driver`` takes out exactly these lines and the config section.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from reviewer.core.article import ARTICLE_SUFFIXES
from reviewer.workspace.git.runner import Repository, find_repository

#: The merge driver's name in the config and the attributes.
DRIVER = "reviewer"
#: Its human name (``merge.reviewer.name``).
DRIVER_NAME = "reviewer: article front matters merged field by field"
#: The comment line above our attribute lines.
COMMENT = "# reviewer git-setup: article front matters merge field by field"
#: The attribute lines, one per article suffix.
ATTRIBUTE_LINES = tuple(f"*{suffix} merge={DRIVER}" for suffix in sorted(ARTICLE_SUFFIXES))


@dataclass(frozen=True)
class MergeSetup:
    """Where a repository stands: the attributes file, the driver command configured (None:
    none), and how many of our attribute lines the file holds."""

    attributes: Path
    driver: str | None
    lines: int

    @property
    def configured(self) -> bool:
        """True when the driver is configured and every attribute line is there."""
        return self.driver is not None and self.lines == len(ATTRIBUTE_LINES)

    @property
    def attributes_only(self) -> bool:
        """True when files are marked for the driver but the config lacks it (git would
        then merge them as text)."""
        return self.driver is None and self.lines > 0


def reviewer_command() -> str:
    """The shell command that runs this reviewer: the ``reviewer`` script on PATH, else
    ``<python> -m reviewer``; quoted."""
    script = shutil.which("reviewer")
    if script:
        return shlex.quote(script)
    return f"{shlex.quote(sys.executable)} -m reviewer"


def driver_command() -> str:
    """The ``merge.reviewer.driver`` value: ``<command> merge-file %A %O %B --name %P``
    (git puts the file's path, shell-quoted, for ``%P``: ``merge-file`` names it in its
    messages)."""
    return f"{reviewer_command()} merge-file %A %O %B --name %P"


def driver_options() -> list[str]:
    """``git -c`` options that define the driver for one command."""
    return [
        "-c",
        f"merge.{DRIVER}.name={DRIVER_NAME}",
        "-c",
        f"merge.{DRIVER}.driver={driver_command()}",
    ]


def attributes_file(repository: Repository) -> Path:
    """The repository's ``info/attributes`` (shared by its worktrees)."""
    text = repository.run("rev-parse", "--git-path", "info/attributes").text.strip("\n")
    path = Path(text)
    return path if path.is_absolute() else repository.root / path


def merge_setup(repository: Repository) -> MergeSetup:
    """Whether and how the driver is set up in ``repository``."""
    path = attributes_file(repository)
    lines = _lines(path)
    driver = repository.run(
        "config", "--local", "--get", f"merge.{DRIVER}.driver", check=False
    ).text.strip()
    return MergeSetup(
        path, driver or None, sum(1 for line in ATTRIBUTE_LINES if _holds(lines, line))
    )


def setup_merge_driver(folder: Path) -> tuple[MergeSetup, bool]:
    """Register the driver in the repository of ``folder``; (the setup, whether anything
    changed). NotARepository, GitMissing, GitError as ``find_repository``."""
    repository = find_repository(folder)
    before = merge_setup(repository)
    command = driver_command()
    if before.driver != command:
        repository.run("config", "--local", f"merge.{DRIVER}.name", DRIVER_NAME)
        repository.run("config", "--local", f"merge.{DRIVER}.driver", command)
    lines = _lines(before.attributes)
    if any(not _holds(lines, line) for line in ATTRIBUTE_LINES):
        kept = [line for line in lines if not _ours(line)]
        _write(before.attributes, [*kept, COMMENT, *ATTRIBUTE_LINES])
    after = merge_setup(repository)
    return after, after != before


def remove_merge_driver(folder: Path) -> tuple[MergeSetup, bool]:
    """Undo ``setup_merge_driver``: (the setup now, whether anything changed)."""
    repository = find_repository(folder)
    before = merge_setup(repository)
    repository.run("config", "--local", "--remove-section", f"merge.{DRIVER}", check=False)
    lines = _lines(before.attributes)
    kept = [line for line in lines if not _ours(line)]
    if kept != lines:
        _write(before.attributes, kept)
    after = merge_setup(repository)
    return after, after != before


def _lines(path: Path) -> list[str]:
    """The file's lines as written (a missing file has none)."""
    try:
        text = os.fsdecode(path.read_bytes())
    except FileNotFoundError:
        return []
    lines = text.split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def _ours(line: str) -> bool:
    return line.rstrip("\r") in (COMMENT, *ATTRIBUTE_LINES)


def _holds(lines: list[str], wanted: str) -> bool:
    return any(line.rstrip("\r") == wanted for line in lines)


def _write(path: Path, lines: list[str]) -> None:
    """Replace ``path`` with ``lines`` (atomically; its folder made when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.reviewer.tmp")
    temporary.write_bytes(b"".join(os.fsencode(line) + b"\n" for line in lines))
    os.replace(temporary, path)
