"""``--query``: reading a search from the command line and finding the articles it matches."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from reviewer.cli.console import Console, UsageError
from reviewer.cli.output import text_width
from reviewer.core.document import Document
from reviewer.core.folder.pool import default_workers, start_method
from reviewer.core.query import GIT_STATES, REPORT_STATES, Query, QueryError, Record, parse
from reviewer.core.query.light import summaries_answer
from reviewer.core.query.nodes import And, Node, conjuncts
from reviewer.core.safetext import escape
from reviewer.core.site import Site
from reviewer.core.store import read_article
from reviewer.workspace import Workspace
from reviewer.workspace.workspace import FieldCheck

#: The search language in brief, for the commands' help.
SEARCH_HELP = """\
Search (--query): words match the title, excerpt, provider and topics, ignoring case and
accents; "quoted phrases"; field:text (contains), field:=text (equals), field:~regex;
any front-matter key is a field, dotted keys reach nested ones (provider.domain:arn);
is:published, is:unpublished, is:error, is:duplicate, is:invalid; has:images, missing:webUrl;
(published as Jekyll reads it: unless false or null, so a file without it is published);
quality:>40, heat:<=10, quality:30..50; date:2021-09, date:>=2021-09-01, date:<7daysago,
date:today, date:2021-09-01..2021-09-30 (days of publishedDateTime as written);
and (implicit), or, not or a leading -, parentheses.
Example: 'power apps -is:published date:2021'."""


def parse_query(text: str) -> Query:
    """The search ``text``; a UsageError that shows the search and marks the problem (and
    for the app's git states and report kinds, which the command line does not give its
    records)."""
    try:
        query = parse(text)
    except QueryError as exc:
        raise UsageError(f"invalid search: {exc}", detail=caret(text, exc)) from None
    git_states = sorted(query.states & set(GIT_STATES))
    if git_states:
        named = ", ".join(f"is:{state}" for state in git_states)
        raise UsageError(
            f"{named}: the git states are searched in the app; here, see: reviewer status"
        )
    kinds = [kind for kind in REPORT_STATES if kind in query.states]
    if kinds:
        named = ", ".join(f"is:{kind}" for kind in kinds)
        raise UsageError(
            f"{named}: the consistency report's kinds are searched in the app;"
            " here, see: reviewer report"
        )
    return query


def caret(text: str, exc: QueryError) -> str:
    """Two lines: the search, and carets under the characters ``exc`` points at.

    Control characters in the search are shown escaped (``\\x1b``) and the carets follow.
    """
    end = exc.position + exc.length
    before = text_width(escape(text[: exc.position]))
    marked = max(1, text_width(escape(text[exc.position : end])))
    return f"  {escape(text)}\n  {' ' * before}{'^' * marked}"


def warn_unknown_fields(command: str, workspace: Workspace, query: Query, console: Console) -> None:
    """Warn on standard error about each field the search names that no article of the
    folder has, with the nearest known names (a misspelt ``qualty:>50`` finds nothing)."""
    warn_unknown(command, workspace.unknown_fields(query), console)


def warn_unknown(command: str, unknown: list[tuple[str, list[str]]], console: Console) -> None:
    """``warn_unknown_fields`` for the fields ``find`` gave."""
    for name, nearest in unknown:
        hint = f"; did you mean {' or '.join(nearest)}?" if nearest else ""
        console.warn(command, f"no article in the folder has the field {name!r}{hint}")


# -- finding the matches of a folder, reading in full only what the index cannot answer

#: Files per task of the pool that reads candidates in full.
CHUNK = 256
#: Fewer candidates than this: read in this process (no pool to start).
POOL_MIN = 2 * CHUNK

T = TypeVar("T")
#: What is kept of each matching document (run in worker processes: a top-level function,
#: or a ``functools.partial`` of one, so that it can be pickled).
Keep = Callable[[Document], T]


def answered_part(query: Query) -> Query | None:
    """The terms of ``query`` that the index's summaries answer (all must hold), as a
    search; None when none does. A file it does not match is not a match of ``query``."""
    tree = query.tree
    terms = conjuncts(tree)
    answered = tuple(t for t in terms if summaries_answer(Query(query.text, t)))
    if not answered:
        return None
    return Query(query.text, answered[0] if len(answered) == 1 else And(answered))


def find(
    workspace: Workspace, query: Query, keep: Keep[T], workers: int | None = None
) -> tuple[list[T], list[tuple[str, list[str]]]]:
    """What ``keep`` gives of each document of the open folder that ``query`` matches, in
    folder order, and the fields the search names that no document has (with the nearest
    names: ``Workspace.unknown_fields``).

    Documents are streamed from the listing and not kept. A search the summaries answer
    runs on them; another is first narrowed by its terms the summaries answer, then the
    candidates are read in full and matched in a pool of processes (``keep`` runs there,
    on the full documents); a search naming a field the registry does not know reads every
    file in full (as ``Workspace.search`` would). ``is:duplicate`` needs every document at
    once: ``Workspace.search``.
    """
    if "duplicate" in query.states:
        workspace.read()
        found = workspace.search(query)
        return [keep(d) for d in found], workspace.unknown_fields(query)
    check = FieldCheck(query)
    if summaries_answer(query):
        kept: list[T] = []
        match = query.match
        for documents in workspace.stream():
            check.see(documents)
            kept.extend(keep(d) for d in documents if match(Record.from_document(d)))
        return kept, check.result()
    narrow = None if check.suspects else answered_part(query)
    reader = _FullReader(query, workspace.site, keep, check, workers)
    try:
        for documents in workspace.stream():
            if narrow is not None:
                narrowed = narrow.match
                documents = [d for d in documents if narrowed(Record.from_document(d))]
            reader.add([os.fspath(d.path) for d in documents])
        return reader.finish(), check.result()
    finally:
        reader.close()


class _FullReader:
    """Candidates read in full and matched, in a pool when there are many; results in order."""

    def __init__(
        self,
        query: Query,
        site: Site | None,
        keep: Keep[T],
        check: FieldCheck,
        workers: int | None,
    ) -> None:
        self.setup = (query.text, query.tree, site, keep)
        self.check = check
        self.workers = default_workers() if workers is None else max(1, workers)
        self.pending: list[str] = []
        self.futures: list[Future[_Found]] = []
        self.done: list[_Found] = []
        self.executor: ProcessPoolExecutor | None = None

    def add(self, paths: list[str]) -> None:
        self.pending.extend(paths)
        while len(self.pending) >= POOL_MIN or (self.executor and len(self.pending) >= CHUNK):
            chunk, self.pending = self.pending[:CHUNK], self.pending[CHUNK:]
            self._send(chunk)

    def _send(self, chunk: list[str]) -> None:
        if self.executor is None and self.workers > 1:
            context = multiprocessing.get_context(start_method())
            self.executor = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_start, initargs=self.setup
            )
        if self.executor is None:
            _start(*self.setup)
            self.done.append(_match_files(chunk))
        else:
            self.futures.append(self.executor.submit(_match_files, chunk))
            # A few tasks ahead of each worker, no more: what waits stays small.
            while len(self.futures) > 4 * self.workers:
                self.done.append(self.futures.pop(0).result())

    def finish(self) -> list[Any]:
        if self.pending:
            if self.executor is None:
                _start(*self.setup)
                self.done.append(_match_files(self.pending))
            else:
                self._send(self.pending)
            self.pending = []
        kept: list[Any] = []
        for found, check in [*self.done, *(f.result() for f in self.futures)]:
            kept.extend(found)
            self.check.merge(check)
        return kept

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)


_Found = tuple[list[Any], FieldCheck]
#: In each process that reads candidates: the search, the site, what to keep.
_setup: tuple[Query, Site | None, Keep[Any]] | None = None


def _start(text: str, tree: Node, site: Site | None, keep: Keep[Any]) -> None:
    global _setup
    _setup = (Query(text, tree), site, keep)


def _match_files(paths: list[str]) -> _Found:
    """What to keep of each of these files that the search matches, read in full, and the
    field check of those files."""
    assert _setup is not None
    query, site, keep = _setup
    check = FieldCheck(query)
    match = query.match
    kept = []
    for name in paths:
        document = Document(read_article(Path(name)))
        if site is not None:
            document.inherited = site.defaults_for(document.path)
        if match(Record.from_document(document)):
            kept.append(keep(document))
        if check.suspects:
            check.see([document])
    return kept, check
