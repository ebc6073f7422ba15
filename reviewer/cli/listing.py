"""The read-only commands: ``list``, ``show`` and ``check``."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from reviewer.cli.console import FILE_PROBLEM, OK, Console, existing_folder
from reviewer.cli.output import (
    TABLE_FIELDS,
    NotJsonableError,
    article_row,
    relative,
    row_maker,
    to_jsonable,
    write_csv,
    write_json,
    write_json_rows,
    write_table,
)
from reviewer.cli.search import find, parse_query, warn_unknown
from reviewer.core import Article, fields, read_article
from reviewer.core.document import Document
from reviewer.core.errors import SiteError
from reviewer.core.folder.index import IndexCache
from reviewer.core.frontmatter.split import decode_front
from reviewer.core.safetext import escape_lines
from reviewer.core.site import Site, find_site
from reviewer.workspace import Workspace

#: ``--status`` choices and which rows each keeps.
STATUSES = ("all", "published", "unpublished")


def run_list(args: argparse.Namespace, console: Console) -> int:
    """List the articles of a folder (those ``--query`` matches); no front matter, no row.

    The folder's index cache is used (and brought up to date) unless ``--no-cache``; a
    search on values the cache does not hold reads the files in full (those the cache
    cannot rule out, in a pool of processes). Rows are written as the folder's batches
    come, without keeping its documents (a table keeps its rows' cells, for the widths).
    """
    query = parse_query(args.query) if args.query is not None else None
    folder = existing_folder(args.folder)
    workspace = Workspace(None if args.no_cache else IndexCache())
    workspace.open(folder, site_of(folder, "list", console))
    rows: Iterable[dict[str, Any]]
    if query is None:
        make = row_maker(folder, TABLE_FIELDS if args.format == "table" else None)
        if workspace.site is None:  # nothing inherited: the rows are the articles'
            batches = workspace.listing()
            rows = (make(article) for batch in batches for article in batch.articles)
        else:
            rows = (list_row(d, folder, make) for batch in workspace.stream() for d in batch)
    else:
        rows, unknown = find(workspace, query, functools.partial(list_row, folder=folder))
        warn_unknown("list", unknown, console)
    if args.status == "published":
        rows = (r for r in rows if r["published"] is True)
    elif args.status == "unpublished":
        # What Jekyll hides (published: false or null), and files that cannot be read.
        rows = (r for r in rows if r["published"] is not True)
    if args.format == "json":
        write_json_rows(rows, console.out)
    elif args.format == "csv":
        write_csv(rows, console.out)
    else:
        write_table(rows, console.out, console.width)
    return OK


def site_of(folder: Path, command: str, console: Console) -> Site | None:
    """The Jekyll site ``folder`` is in, or None; a configuration that cannot be loaded is
    a warning (the files are listed without their inherited values)."""
    try:
        return find_site(folder)
    except SiteError as exc:
        console.warn(command, f"{exc}; the defaults of the site are not applied")
        return None


def list_row(
    document: Document, folder: Path, make: Callable[[Article], dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The ``list`` row of ``document``: its file's values, but ``published`` as Jekyll
    reads it, with what the file inherits from its site's defaults (``published_written``
    and ``published_value`` stay what the file writes). ``make``: ``output.row_maker``'s."""
    row = article_row(document.article, folder) if make is None else make(document.article)
    if document.inherited and row["error"] is None:
        row["published"] = document.effective.published
    return row


def run_show(args: argparse.Namespace, console: Console) -> int:
    """Print one file's front matter, as written (yaml) or as parsed (json).

    As written but for control and direction characters other than tab and newline, which
    are escaped (``\\x1b``, ``\\r``, ``\\u202e``): the terminal shows them, it does not obey.
    """
    article = read_article(Path(args.file))
    if article.error is not None:
        console.problem(args.file, article.error)
        return FILE_PROBLEM
    if article.parts is None:
        console.problem(args.file, "the file has no front matter")
        return FILE_PROBLEM
    if args.format == "json":
        try:
            data = to_jsonable(article.data)
        except NotJsonableError as exc:
            console.problem(args.file, f"the front matter cannot be shown as JSON: {exc}")
            return FILE_PROBLEM
        write_json(data, console.out)
    else:
        # Text-mode output adds the platform's own line ending to each "\n".
        text = escape_lines(decode_front(article.parts.front).replace("\r\n", "\n"))
        console.out.write(text if not text or text.endswith("\n") else text + "\n")
    return OK


def run_check(args: argparse.Namespace, console: Console) -> int:
    """Print ``path: reason`` for each problem file; exit status 1 if there is any."""
    folder = existing_folder(args.folder)
    workspace = Workspace(IndexCache())
    workspace.open(folder)
    found = False
    for document in workspace.read():
        reason = problem(document.article)
        if reason is not None:
            found = True
            console.say(f"{relative(document.path, folder)}: {reason}")
    return FILE_PROBLEM if found else OK


def problem(article: Article) -> str | None:
    """Why ``article`` is a problem for the site, or None when it is fine."""
    if article.error is not None:
        return article.error
    trap = fields.published_problem(article.data)  # e.g. 'false' quoted: published
    if trap is not None:
        return trap
    found = fields.problems(article.data)  # values of the wrong kind (is:invalid)
    return " ".join(found) if found else None
