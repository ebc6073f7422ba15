"""``reviewer report FOLDER|SITE``: what is wrong across a collection, and its fixes."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reviewer.cli.console import FILE_PROBLEM, OK, Console, UsageError
from reviewer.cli.editing import edit_all
from reviewer.cli.output import relative, to_jsonable, write_json
from reviewer.core.errors import SiteError
from reviewer.core.folder.index import IndexCache
from reviewer.core.frontmatter.values import MISSING, same
from reviewer.core.report import (
    KIND_NAMES,
    KINDS,
    STALE_DAYS,
    CollectionReport,
    Finding,
    report_folder,
)
from reviewer.core.safetext import escape
from reviewer.workspace import Workspace
from reviewer.workspace.fixes import Fix, fix_edits

#: The keys of a finding in the JSON output, in order.
KEYS = ("path", "field", "kind", "value", "expected", "fix")
FIXABLE = tuple(kind.name for kind in KINDS if kind.fixable)

HELP = """\
Findings are learnt from each collection itself: a field nearly every file has (missing), a
rare key like a common one (misspelt), a value of another type or a date of another form
than the others' (type, format); and, file by file: mojibake (text garbled by a wrong
encoding), bad URLs, images without a size, items sharing a URL, unpublished items older
than --stale-days (stale), files that cannot be read (unreadable). On a site, each
collection is reported with the defaults of _config.yml applied. Only the index cache is
read (no article file when it is warm).

--fix KIND writes the fixes of that kind ({fixable}): each file is read again and
only the fixed values change; --dry-run prints each file's diff and writes nothing.
Exit status: 0 ok, 1 a file could not be changed (or the site cannot be read), 2 usage."""


def add_parser(commands: Any) -> None:
    """The ``report`` command, on the subcommands of the main parser."""
    parser = commands.add_parser(
        "report",
        help="report what is inconsistent across a folder or each collection of a site",
        epilog=HELP.format(fixable=", ".join(FIXABLE)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "folder", metavar="FOLDER|SITE", help="a folder of articles, or a site's root folder"
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--stale-days",
        type=_days,
        default=STALE_DAYS,
        metavar="N",
        help=f"unpublished items older than N days are stale (default: {STALE_DAYS})",
    )
    parser.add_argument(
        "--kind",
        action="extend",
        nargs="+",
        choices=KIND_NAMES,
        metavar="KIND",
        help=f"only these kinds of finding ({', '.join(KIND_NAMES)})",
    )
    parser.add_argument("--fix", choices=FIXABLE, metavar="KIND", help="apply the fixes of KIND")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="with --fix: write nothing; print the diff each fix would make",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file, neither using nor updating the folders' index caches",
    )
    parser.set_defaults(run=run_report)


def _days(text: str) -> float:
    try:
        days = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from None
    if not days >= 0:
        raise argparse.ArgumentTypeError("the number of days cannot be negative")
    return days


def run_report(args: argparse.Namespace, console: Console) -> int:
    """Print the report of a folder or a site (or apply one kind's fixes)."""
    start = Path(os.path.abspath(args.folder))
    if not start.is_dir():
        raise UsageError(f"{args.folder}: no such folder")
    if args.dry_run and args.fix is None:
        raise UsageError("--dry-run goes with --fix KIND")
    try:
        reports = report_folder(
            start, None if args.no_cache else IndexCache(), stale_days=args.stale_days
        )
    except SiteError as exc:
        console.err.write(escape(f"reviewer report: {exc}") + "\n")
        return FILE_PROBLEM
    kinds = set(args.kind or KIND_NAMES)
    if args.fix is not None:
        findings = [f for r in reports for f in r.report.findings]
        return apply_fixes(fix_edits(findings, args.fix), start, args.dry_run, console)
    if args.format == "json":
        rows = [
            finding_row(f, start) for r in reports for f in r.report.findings if f.kind in kinds
        ]
        write_json(rows, console.out)
    else:
        write_table(reports, kinds, start, console)
    return OK


def finding_row(finding: Finding, folder: Path) -> dict[str, Any]:
    """A finding as plain values: path (relative to ``folder``), field, kind, value,
    expected and fix (null when there is none, or when the value is not known)."""
    return {
        "path": relative(finding.path, folder),
        "field": finding.field,
        "kind": finding.kind,
        "value": None if finding.value is MISSING else to_jsonable(finding.value),
        "expected": finding.expected,
        "fix": None if finding.fix is MISSING else to_jsonable(finding.fix),
    }


def write_table(
    reports: Sequence[CollectionReport], kinds: set[str], folder: Path, console: Console
) -> None:
    """Each collection, then each kind with its count and its findings, one a line."""
    total = 0
    for made in reports:
        counts = made.report.counts_by_kind
        shown = sum(n for kind, n in counts.items() if kind in kinds)
        total += shown
        files = made.report.schema.files
        console.say(f"{made.name}: {_count(files, 'file')}, {_count(shown, 'finding')}")
        for kind in KINDS:
            if kind.name not in kinds or not counts[kind.name]:
                continue
            fix = f" (reviewer report --fix {kind.name})" if kind.fixable else ""
            console.say(f"  {kind.name}: {counts[kind.name]} — {kind.description}{fix}")
            for finding in made.report.findings:
                if finding.kind == kind.name:
                    name = relative(finding.path, folder)
                    console.say(f"    {name}: {finding.message}")
    if len(reports) != 1:
        console.say(f"{_count(len(reports), 'collection')}, {_count(total, 'finding')}")


def apply_fixes(fixes: Sequence[Fix], folder: Path, dry_run: bool, console: Console) -> int:
    """Make each file's fixes through the workspace's edits and save them (each file read
    again under its lock), or print each file's diff with ``dry_run``; a file whose values
    are no longer what the report saw (or which it inherits) is left alone: status 1."""
    workspace = Workspace()
    changed = failed = 0
    for fix in fixes:
        name = relative(fix.path, folder)
        (document,) = workspace.open_files([fix.path])
        problems: dict[int, str] = {}
        if document.editable and any(
            not same(document.get(_key_path(f.field)), f.value) for f in fix.findings
        ):
            problems[id(document)] = (
                "its value is no longer what the report saw, or it is inherited from the "
                "site's defaults: run the report again"
            )
        done = edit_all(
            [(name, document)],
            fix.edits,
            "fixed",
            console,
            dry_run,
            summary=False,
            rebase=True,
            problems=problems,
        )
        if done == OK:
            changed += 1
        else:
            failed += 1
    line = f"{_count(changed, 'file')} {'would change' if dry_run else 'fixed'}"
    console.say(line + (f" ({failed} with problems)" if failed else ""))
    return FILE_PROBLEM if failed else OK


def _key_path(field: str | None) -> tuple[str, ...]:
    assert field is not None
    return tuple(field.split("."))


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"
