"""``reviewer collections SITE``: each collection of a Jekyll site with its numbers."""

from __future__ import annotations

import argparse
import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reviewer.cli.console import FILE_PROBLEM, OK, Console, UsageError
from reviewer.cli.output import pad, text_width, write_json
from reviewer.core.errors import SiteError
from reviewer.core.folder.index import IndexCache
from reviewer.core.safetext import escape
from reviewer.core.site import find_site
from reviewer.workspace.collections import count_collections

#: The fields of a row, in output order.
COLUMNS = ("name", "path", "count", "unpublished", "errors")

HELP = """\
Collections: those _config.yml names (collections:), then every other _name folder holding
an article file (_posts and _drafts too), by name. count: the article files (files that
cannot be read included); unpublished: those Jekyll hides (published false or null, the
defaults of _config.yml applied); errors: the files that cannot be read."""


def add_parser(commands: Any) -> None:
    """The ``collections`` command, on the subcommands of the main parser."""
    parser = commands.add_parser(
        "collections",
        help="list the collections of a Jekyll site with their article counts",
        epilog=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "site", metavar="SITE", help="the site's folder (with _config.yml) or any folder in it"
    )
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file, neither using nor updating the folders' index caches",
    )
    parser.set_defaults(run=run_collections)


def run_collections(args: argparse.Namespace, console: Console) -> int:
    """Print each collection's name, path, count, unpublished and errors."""
    start = Path(args.site)
    if not start.exists():
        raise UsageError(f"{args.site}: no such folder")
    try:
        site = find_site(start)
    except SiteError as exc:
        console.err.write(escape(f"reviewer collections: {exc}") + "\n")
        return FILE_PROBLEM
    if site is None:
        console.err.write(
            escape(
                f"reviewer collections: {args.site} is not in a Jekyll site "
                "(no _config.yml there or in a folder above it)"
            )
            + "\n"
        )
        return FILE_PROBLEM
    for warning in site.warnings:
        console.warn("collections", warning)
    counts = count_collections(site, None if args.no_cache else IndexCache())
    rows = [c.row() for c in counts]
    if args.format == "json":
        write_json(rows, console.out)
    elif args.format == "csv":
        write_rows_csv(rows, console)
    else:
        missing = {c.name for c in counts if not c.collection.exists}
        write_rows(rows, missing, console)
    return OK


def write_rows(rows: Sequence[dict[str, Any]], missing: set[str], console: Console) -> None:
    """The rows as aligned columns; a collection whose folder is missing says so."""
    header = ("COLLECTION", "FILES", "UNPUBLISHED", "ERRORS", "PATH")
    lines = [
        (
            escape(str(r["name"])),
            str(r["count"]),
            str(r["unpublished"]),
            str(r["errors"]),
            escape(str(r["path"])) + (" (no folder)" if r["name"] in missing else ""),
        )
        for r in rows
    ]
    widths = [max(text_width(line[i]) for line in (header, *lines)) for i in range(4)]
    for line in (header, *lines):
        name = pad(line[0], widths[0])
        numbers = [line[i].rjust(widths[i]) for i in (1, 2, 3)]
        console.out.write("  ".join([name, *numbers, line[4]]).rstrip() + "\n")
    total = sum(r["count"] for r in rows)
    hidden = sum(r["unpublished"] for r in rows)
    errors = sum(r["errors"] for r in rows)
    console.out.write(
        f"{len(rows)} collections, {total} files, {hidden} unpublished, {errors} with errors\n"
    )


def write_rows_csv(rows: Sequence[dict[str, Any]], console: Console) -> None:
    """The rows as CSV with a header (names and paths escaped, as ``list``'s CSV does)."""
    writer = csv.writer(console.out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(escape(str(row[name])) for name in COLUMNS)
