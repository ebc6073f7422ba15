"""The commands that change files: ``publish``, ``unpublish`` and ``set``."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reviewer.cli.console import FILE_PROBLEM, OK, Console, UsageError, existing_folder
from reviewer.cli.search import matching_in, parse_query
from reviewer.core import (
    Article,
    ArticleError,
    EditError,
    KeyPath,
    ReviewerError,
    diff,
    read_article,
    render,
    save,
    store,
    yamlio,
)
from reviewer.core.errors import ReadOnlyError


def run_publish(args: argparse.Namespace, console: Console) -> int:
    """Set ``published: true`` in each file (or each article ``--query`` matches)."""
    return run_edit(args, args.files, {("published",): True}, "published", console)


def run_unpublish(args: argparse.Namespace, console: Console) -> int:
    """Set ``published: false`` in each file (or each article ``--query`` matches)."""
    return run_edit(args, args.files, {("published",): False}, "unpublished", console)


def run_set(args: argparse.Namespace, console: Console) -> int:
    """Set ``KEY=VALUE`` pairs (VALUE is YAML, dotted keys reach nested mappings)."""
    changes = parse_assignments(args.assignments)
    return run_edit(args, [args.file], changes, "updated", console)


def run_edit(
    args: argparse.Namespace,
    names: Sequence[str],
    changes: Mapping[KeyPath, Any],
    verb: str,
    console: Console,
) -> int:
    """Edit the named files; with ``--query``, ``names`` is one folder whose matches to edit.

    With ``--dry-run`` nothing is written: each change is shown as a diff instead.
    """
    if args.query is not None:
        query = parse_query(args.query)
        if len(names) != 1:
            raise UsageError(f"with --query, give one FOLDER to search, not {len(names)} paths")
        folder = existing_folder(names[0])
        found = [(str(a.path), a) for a in matching_in(folder, query)]
        return edit_all(
            found, changes, verb, console, args.dry_run, matched=len(found), force=args.force
        )
    if args.dry_run:
        found = [(name, read_article(Path(name))) for name in names]
        return edit_all(found, changes, verb, console, dry_run=True)
    return edit_files(names, changes, verb, console, args.force)


def edit_all(
    found: Sequence[tuple[str, Article]],
    changes: Mapping[KeyPath, Any],
    verb: str,
    console: Console,
    dry_run: bool,
    matched: int | None = None,
    force: bool = False,
) -> int:
    """Make ``changes`` in each (name, article read) pair, or show them with ``dry_run``.

    Prints one line per file (and the diff of each change in a dry run), then a summary;
    ``matched`` is how many articles a search matched, when there was one. A file changed on
    disk since it was read, or unreadable, is reported and left alone: status 1.
    """
    changed = failed = 0
    for name, article in found:
        try:
            if dry_run:
                check_editable(article, changes)
                after = render(article, changes)
                did_change = after != article.raw
            else:
                did_change = edit_article(article, changes, force)
        except ReviewerError as exc:
            console.problem(name, reason(exc, article.path) + _force_hint(exc))
            failed += 1
            continue
        changed += did_change
        if not did_change:
            console.say(f"unchanged: {name}")
        elif dry_run:
            console.say(f"would change: {name}")
            for line in diff.unified(article.raw, after, name):
                console.say(line)
        else:
            console.say(f"{verb}: {name}")
    notes = [] if matched is None else [f"{matched} matched"]
    if failed:
        notes.append(f"{failed} with problems")
    summary = f"{_files(changed)} {'would change' if dry_run else verb}"
    console.say(summary + (f" ({', '.join(notes)})" if notes else ""))
    return FILE_PROBLEM if failed else OK


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def edit_files(
    names: Sequence[str],
    changes: Mapping[KeyPath, Any],
    verb: str,
    console: Console,
    force: bool = False,
) -> int:
    """Make ``changes`` in each file; report each failure; status 1 if any failed.

    A file that cannot be changed exactly as asked is left byte for byte as it was.
    """
    failed = False
    for name in names:
        try:
            changed = edit_file(Path(name), changes, force)
        except ReviewerError as exc:
            console.problem(name, reason(exc, Path(name)) + _force_hint(exc))
            failed = True
            continue
        console.say(f"{verb if changed else 'unchanged'}: {name}")
    return FILE_PROBLEM if failed else OK


def edit_file(path: Path, changes: Mapping[KeyPath, Any], force: bool = False) -> bool:
    """Make ``changes`` in the file at ``path``; True when its bytes changed.

    The file is read and written under its lock, so a save by another process that lands
    first is kept and changed, not overwritten. Raises a ReviewerError saying why when the
    file is unreadable or the change cannot be made exactly; the file is then as it was.
    """
    before, after = store.edit_file(
        path, changes, force=force, check=lambda article: check_editable(article, changes)
    )
    return after is not before


def edit_article(article: Article, changes: Mapping[KeyPath, Any], force: bool = False) -> bool:
    """Make ``changes`` in ``article``'s file as read; True when its bytes changed.

    A file changed on disk since ``article`` was read is not overwritten (ConflictError).
    """
    check_editable(article, changes)
    return save(article, changes, force=force) is not article


def _force_hint(exc: ReviewerError) -> str:
    """How to write a write-protected file anyway."""
    return " (--force writes it anyway)" if isinstance(exc, ReadOnlyError) else ""


def check_editable(article: Article, changes: Mapping[KeyPath, Any]) -> None:
    """A ReviewerError saying why ``changes`` cannot be made in ``article``, if they cannot."""
    if article.error is not None:
        raise ArticleError(article.error)
    problem = _not_a_mapping(article.data, changes)
    if problem is not None:
        raise EditError(problem)


def _not_a_mapping(data: Mapping[str, Any], changes: Mapping[KeyPath, Any]) -> str | None:
    """Why a dotted key cannot be followed, or None; a value is never replaced in passing."""
    for path in changes:
        current: Any = data
        for depth, part in enumerate(path[:-1], start=1):
            current = current.get(part)
            if current is None:
                break  # missing (or null): the mapping is created
            if not isinstance(current, dict):
                key = ".".join(path[:depth])
                return f"{key} is not a mapping, so {'.'.join(path)} cannot be set in it"
    return None


def reason(exc: ReviewerError, path: Path) -> str:
    """The error's sentence without the file name the core may have put in front."""
    text = str(exc)
    prefix = f"{path.name}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


def parse_assignments(assignments: Sequence[str]) -> dict[KeyPath, Any]:
    """Turn ``KEY=VALUE`` arguments into changes; UsageError names a bad argument."""
    changes: dict[KeyPath, Any] = {}
    for assignment in assignments:
        key, sep, text = assignment.partition("=")
        if not sep:
            raise UsageError(f"{assignment!r} is not KEY=VALUE")
        parts = tuple(key.split("."))
        if not all(part.strip() for part in parts):
            raise UsageError(f"{assignment!r}: {key!r} is not a key (empty part)")
        try:
            changes[parts] = parse_value(text)
        except ValueError as exc:
            raise UsageError(f"{assignment!r}: {exc}") from None
    return changes


def parse_value(text: str) -> Any:
    """A value written in YAML ("" is null), loaded by the strict loader files are read with
    (``yamlio.load_value``: duplicate keys, tags and oversized values refused); ValueError
    says what is wrong."""
    if not text.strip():
        return None
    try:
        value = yamlio.load_value(text)
    except ArticleError as exc:
        problem = str(exc)
        if problem.startswith("invalid YAML"):
            problem = problem.removeprefix("invalid YAML")
            if "\n" not in text.rstrip("\n"):  # one line: a position would say little
                problem = re.sub(r"^ at line \d+, column \d+", "", problem)
        else:
            problem = f": {problem}"
        raise ValueError(f"the value is not valid YAML{problem}") from None
    _check_writable(value)
    return value


#: The kinds of value the save layer writes (sets, binary and times it does not).
_WRITABLE = (str, bool, int, float, dt.date, type(None))


_KINDS = {"bytes": "binary (!!binary)", "set": "set (!!set)", "time": "time of day"}


def _check_writable(value: Any) -> None:
    """ValueError unless ``value`` is made of text, numbers, dates, lists and mappings."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if not all(isinstance(key, str) for key in item):
                raise ValueError("mapping keys in the value must be text")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif not isinstance(item, _WRITABLE):
            kind = type(item).__name__
            raise ValueError(f"a {_KINDS.get(kind, kind)} value cannot be written")
