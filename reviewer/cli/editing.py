"""The commands that change files: ``publish``, ``unpublish`` and ``set``."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import multiprocessing
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from reviewer.cli.console import FILE_PROBLEM, OK, Console, UsageError, existing_folder
from reviewer.cli.search import find, parse_query, warn_unknown
from reviewer.core import Article, ArticleError, KeyPath, ReviewerError, diff
from reviewer.core.document import Document
from reviewer.core.folder.index import IndexCache
from reviewer.core.folder.pool import default_workers, start_method
from reviewer.core.frontmatter import yamlio
from reviewer.workspace import Edit, SetValue, Workspace, plan, publish, save, without_name
from reviewer.workspace.edits import changes, refusal


def run_publish(args: argparse.Namespace, console: Console) -> int:
    """Set ``published: true`` in each file (or each article ``--query`` matches)."""
    return run_edit(args, args.files, [publish(True)], "published", console)


def run_unpublish(args: argparse.Namespace, console: Console) -> int:
    """Set ``published: false`` in each file (or each article ``--query`` matches)."""
    return run_edit(args, args.files, [publish(False)], "unpublished", console)


def run_set(args: argparse.Namespace, console: Console) -> int:
    """Set ``KEY=VALUE`` pairs (VALUE is YAML, dotted keys reach nested mappings)."""
    changes = parse_assignments(args.assignments)
    for path, value in changes.items():  # the same for every file: a usage error
        problem = refusal(path, value, args.force)
        if problem is not None:
            raise UsageError(problem)
    edits = [SetValue(path, value, force=args.force) for path, value in changes.items()]
    return run_edit(args, [args.file], edits, "updated", console)


def run_edit(
    args: argparse.Namespace,
    names: Sequence[str],
    edits: Sequence[Edit],
    verb: str,
    console: Console,
) -> int:
    """Edit the named files; with ``--query``, ``names`` is one folder whose matches to edit.

    The workspace's operations do the work: open the files (or the folder and search it),
    plan each edit, make the changes in memory, then save each file (read again and changed
    under its lock, so a save by another process that lands first is kept) or, with
    ``--dry-run``, print each file's diff and write nothing.
    """
    if args.query is not None:
        query = parse_query(args.query)
        if len(names) != 1:
            raise UsageError(f"with --query, give one FOLDER to search, not {len(names)} paths")
        workspace = Workspace(IndexCache())
        workspace.open(existing_folder(names[0]))
        found, unknown = find(workspace, query, _article)
        warn_unknown(args.command, unknown, console)
        return edit_found(found, edits, verb, console, args.dry_run, args.force)
    workspace = Workspace(IndexCache())
    named = [(name, workspace.open_files([Path(name)])[0]) for name in names]
    # Named files are read again and changed under their lock.
    return edit_all(
        named, edits, verb, console, args.dry_run, None, args.force, args.dry_run, rebase=True
    )


def _article(document: Document) -> Article:
    """What ``find`` keeps of a match to edit (a light article, or one read in full)."""
    return document.article


#: Matches edited (or shown) per task of the pool.
EDIT_CHUNK = 128


def edit_found(
    found: Sequence[Article],
    edits: Sequence[Edit],
    verb: str,
    console: Console,
    dry_run: bool,
    force: bool,
    workers: int | None = None,
) -> int:
    """``edit_all`` for the articles a search found, in chunks, in a pool of processes when
    there are many; each file's lines are written in order as its chunk comes back.

    A search chose the files by what they held: one changed since is left alone (each is
    read in full, and compared with what was listed, just before its edits are planned).
    """
    chunks = [found[i : i + EDIT_CHUNK] for i in range(0, len(found), EDIT_CHUNK)]
    workers = default_workers() if workers is None else max(1, workers)
    task = functools.partial(_edit_chunk, edits=edits, verb=verb, dry_run=dry_run, force=force)
    executor = None
    if workers > 1 and len(chunks) > 1:
        context = multiprocessing.get_context(start_method())
        executor = ProcessPoolExecutor(min(workers, len(chunks)), mp_context=context)
    changed = failed = 0
    try:
        results = executor.map(task, chunks) if executor is not None else map(task, chunks)
        for events, chunk_changed, chunk_failed in results:
            for to_err, text in events:
                (console.err if to_err else console.out).write(text)
            changed += chunk_changed
            failed += chunk_failed
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
    _summary(console, changed, failed, dry_run, verb, len(found))
    return FILE_PROBLEM if failed else OK


class _Recorder:
    """A stream that keeps what is written, in order with the other recorder's."""

    def __init__(self, events: list[tuple[bool, str]], to_err: bool) -> None:
        self.events = events
        self.to_err = to_err

    def write(self, text: str) -> int:
        self.events.append((self.to_err, text))
        return len(text)


def _edit_chunk(
    articles: Sequence[Article], edits: Sequence[Edit], verb: str, dry_run: bool, force: bool
) -> tuple[list[tuple[bool, str]], int, int]:
    """Edit (or show) some of a search's matches: what would be written to standard output
    and error (in order, each piece marked True for error), and the changed and failed counts."""
    events: list[tuple[bool, str]] = []
    recorder = Console(_Recorder(events, False), _Recorder(events, True))  # type: ignore[arg-type]
    documents = [Document(article) for article in articles]
    stale = {
        id(d): f"{d.path.name} was changed by another program since it was read"
        for d in documents
        if d.load()
    }
    named = [(str(document.path), document) for document in documents]
    changed, failed = _edit_files(
        named, edits, verb, recorder, dry_run, force, rebase=False, problems=stale
    )
    return events, changed, failed


def edit_all(
    named: Sequence[tuple[str, Document]],
    edits: Sequence[Edit],
    verb: str,
    console: Console,
    dry_run: bool,
    matched: int | None = None,
    force: bool = False,
    summary: bool = True,
    rebase: bool = True,
    problems: dict[int, str] | None = None,
) -> int:
    """Make ``edits`` in each (name, document) pair, or show them with ``dry_run``.

    Prints one line per file (and the diff of each change in a dry run), then, with
    ``summary``, a count; ``matched`` is how many articles a search matched, when there was
    one. ``rebase``: see ``saving.save``. A file that cannot take every edit, or changed
    since it was read (without ``rebase``), or with a problem already (``problems``, by
    id() of the document), is left alone and reported: status 1.
    """
    changed, failed = _edit_files(named, edits, verb, console, dry_run, force, rebase, problems)
    if summary:
        _summary(console, changed, failed, dry_run, verb, matched)
    return FILE_PROBLEM if failed else OK


def _edit_files(
    named: Sequence[tuple[str, Document]],
    edits: Sequence[Edit],
    verb: str,
    console: Console,
    dry_run: bool,
    force: bool,
    rebase: bool,
    problems: dict[int, str] | None,
) -> tuple[int, int]:
    """``edit_all`` but its summary: the files changed, and those that failed."""
    known = problems or {}
    documents = [d for _name, d in named if id(d) not in known]
    problems = {**known, **_make_edits(documents, edits)}
    changed = failed = 0
    for name, document in named:
        problem = problems.get(id(document))
        done = None if problem is not None else _finish(name, document, dry_run, force, rebase)
        if isinstance(done, str):
            problem = done
        if problem is not None:
            console.problem(name, problem)
            failed += 1
        elif not done:
            console.say(f"unchanged: {name}")
        else:
            changed += 1
            console.say(f"{'would change' if dry_run else verb}: {name}")
            for line in done if dry_run and isinstance(done, list) else ():
                console.say(line)
    return changed, failed


def _summary(
    console: Console, changed: int, failed: int, dry_run: bool, verb: str, matched: int | None
) -> None:
    notes = [] if matched is None else [f"{matched} matched"]
    if failed:
        notes.append(f"{failed} with problems")
    counted = f"{_files(changed)} {'would change' if dry_run else verb}"
    console.say(counted + (f" ({', '.join(notes)})" if notes else ""))


def _make_edits(documents: list[Document], edits: Sequence[Edit]) -> dict[int, str]:
    """Plan and make each edit in memory; a document that cannot take one of them takes
    none (its changes are dropped). The problems, by id() of the document."""
    problems: dict[int, str] = {}
    for edit in edits:
        made = plan(edit, [d for d in documents if id(d) not in problems])
        for outcome in made.skipped:
            problems[id(outcome.document)] = outcome.problem or "cannot be changed"
        made.command().do()
    for document in documents:
        if id(document) in problems:
            document.revert()
    return problems


def _finish(
    name: str, document: Document, dry_run: bool, force: bool, rebase: bool
) -> list[str] | bool | str:
    """Save ``document`` (True: written, False: nothing to change) or, with ``dry_run``,
    its diff (a list; [] when nothing would change); a str says why it failed."""
    if not document.modified:
        return False
    if dry_run:
        try:
            before, after = changes(document)
        except ReviewerError as exc:
            return without_name(str(exc), document.path.name)
        return diff.unified(before, after, name) if before != after else False
    report = save([document], force=force, rebase=rebase)
    if report.failed:
        failure = report.failed[0]
        hint = " (--force writes it anyway)" if failure.read_only else ""
        return failure.reason + hint
    return bool(report.saved)


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


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
