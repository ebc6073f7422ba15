"""The ``reviewer`` command line: the argument parser and running one command."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence

from reviewer import __version__
from reviewer.cli import collections, merging, report
from reviewer.cli.console import USAGE, Console, UsageError
from reviewer.cli.editing import run_publish, run_set, run_unpublish
from reviewer.cli.gitcommands import add_git_parsers
from reviewer.cli.listing import STATUSES, run_check, run_list, run_show
from reviewer.cli.search import SEARCH_HELP

_USAGE = """\
reviewer [FOLDER]
       reviewer --version
       reviewer COMMAND ARGUMENTS (see reviewer COMMAND --help)"""

_EPILOG = """\
Without a command, reviewer opens the desktop app (on FOLDER when given).
Exit status: 0 ok, 1 a file could not be read or changed, 2 usage error."""

_SET_EPILOG = """\
VALUE is YAML: quality=40, published=false, topics="[AI, Power Apps]", title='"A: B"'.
An empty VALUE (key=) sets null. Dotted keys reach nested mappings: provider.name=ARN.
Only the changed values are rewritten; the rest of the file stays byte for byte."""


def build_parser() -> argparse.ArgumentParser:
    """The parser for every command."""
    parser = argparse.ArgumentParser(
        prog="reviewer",
        usage=_USAGE,
        description="Review and publish the article files of a Jekyll site.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reviewer {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, prog="reviewer"
    )

    listing = commands.add_parser(
        "list",
        help="list the articles of a folder",
        epilog=SEARCH_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    listing.add_argument("folder", metavar="FOLDER", help="searched with its subfolders")
    listing.add_argument(
        "--status",
        choices=STATUSES,
        default="all",
        help="published: what Jekyll renders, every file whose published is not false or "
        "null (no published key counts as published); unpublished: the others, and files "
        "that cannot be read (default: all)",
    )
    listing.add_argument("--format", choices=("table", "json", "csv"), default="table")
    listing.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file, neither using nor updating the folder's index cache",
    )
    _add_query(listing, "list only the articles the search Q matches (with --status: both)")
    listing.set_defaults(run=run_list)

    show = commands.add_parser("show", help="print the front matter of a file")
    show.add_argument("file", metavar="FILE", help="an article file")
    show.add_argument(
        "--format",
        choices=("yaml", "json"),
        default="yaml",
        help="yaml: as written in the file; json: as parsed (default: yaml)",
    )
    show.set_defaults(run=run_show)

    for name, value, run_command in (
        ("publish", "true", run_publish),
        ("unpublish", "false", run_unpublish),
    ):
        command = commands.add_parser(
            name,
            help=f"set published: {value}",
            usage=f"reviewer {name} [--dry-run] [--force] FILE... | --query Q FOLDER",
            epilog=SEARCH_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_argument("files", metavar="FILE", nargs="+", help="(with --query: FOLDER)")
        _add_editing_options(command)
        command.set_defaults(run=run_command)

    setter = commands.add_parser(
        "set",
        help="set values in the front matter of a file",
        usage="reviewer set [--dry-run] [--force] [--query Q] FILE KEY=VALUE...",
        epilog=_SET_EPILOG + "\n\n" + SEARCH_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    setter.add_argument("file", metavar="FILE", help="an article file (with --query: FOLDER)")
    setter.add_argument("assignments", metavar="KEY=VALUE", nargs="+")
    _add_editing_options(setter)
    setter.set_defaults(run=run_set)

    check = commands.add_parser(
        "check", help="print each problem file as 'path: reason' (exit status 1 if any)"
    )
    check.add_argument("folder", metavar="FOLDER", help="searched with its subfolders")
    check.set_defaults(run=run_check)
    collections.add_parser(commands)
    report.add_parser(commands)
    merging.add_parser(commands)
    add_git_parsers(commands)
    return parser


def _add_query(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("--query", metavar="Q", help=text)


def _add_editing_options(parser: argparse.ArgumentParser) -> None:
    _add_query(parser, "change every article of FOLDER (and its subfolders) the search Q matches")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="write nothing; print the diff of each change and how many files would change",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="also write files that are write-protected (read-only; their protection stays) "
        "and set protected fields (secured, images, related)",
    )


def _attach_query(argv: Sequence[str]) -> list[str]:
    """``--query Q`` as ``--query=Q``, so that a search may start with ``-`` (``-is:error``)."""
    args: list[str] = []
    rest = iter(argv)
    for arg in rest:
        if arg == "--":
            args += [arg, *rest]
            break
        if arg == "--query":
            value = next(rest, None)
            args.append(arg if value is None else f"--query={value}")
        else:
            args.append(arg)
    return args


def run(argv: Sequence[str]) -> int:
    """Run one command line (without the program name) and return the exit status."""
    try:
        args = build_parser().parse_args(_attach_query(argv))
    except SystemExit as exc:  # --help, --version and usage errors end parsing this way
        return exc.code if isinstance(exc.code, int) else USAGE
    console = Console(sys.stdout, sys.stderr, shutil.get_terminal_size((100, 24)).columns)
    try:
        status: int = args.run(args, console)
    except UsageError as exc:
        sys.stderr.write(f"reviewer {args.command}: error: {exc}\n")
        if exc.detail:
            sys.stderr.write(exc.detail + "\n")
        return USAGE
    return status
