"""``reviewer merge-file`` (git's merge driver) and ``reviewer resolve`` (settle a conflict)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reviewer.cli.console import FILE_PROBLEM, OK, Console, UsageError
from reviewer.core.errors import ArticleError, ReviewerError
from reviewer.core.frontmatter import yamlio
from reviewer.core.merge import Choice
from reviewer.workspace.mergefile import merge_file, resolve_file, stage

MERGE_HELP = """\
git's merge driver for article files: the front matter is merged key by key, so two editors
who change different keys (even on neighbouring lines) do not conflict; the body is merged by
git merge-file. The result is written over CURRENT. A key both sides changed differently is
left between git's markers (<<<<<<< ours, ||||||| base, =======, >>>>>>> theirs) around its
whole entry; settle it with reviewer resolve. A file that cannot be merged by key (no front
matter, YAML that does not load) is merged line by line, as git would.

In .git/config (or ~/.gitconfig):
    [merge "reviewer"]
        name = reviewer: merge article files by key
        driver = reviewer merge-file %A %O %B --name %P
and in .gitattributes (or .git/info/attributes):
    *.md merge=reviewer

Exit status: 0 merged cleanly, 1 conflicts remain (or a file could not be merged: CURRENT is
then as it was), 2 usage error."""

RESOLVE_HELP = """\
KEY is dotted (provider.name); the conflict block around its top-level key is settled.
--value is YAML, written into our side of the block: --value 5, --value '[AI, Lamps]'.
When no conflict remains and FILE is in a git work tree, it is added to git's index."""


def add_parser(commands: Any) -> None:
    """The ``merge-file`` and ``resolve`` commands, on the subcommands of the main parser."""
    merging = commands.add_parser(
        "merge-file",
        help="merge two versions of an article file by key (git's merge driver)",
        usage="reviewer merge-file CURRENT BASE OTHER [--name NAME]",
        epilog=MERGE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    merging.add_argument("current", metavar="CURRENT", help="ours (git: %%A); gets the result")
    merging.add_argument("base", metavar="BASE", help="the common ancestor (git: %%O)")
    merging.add_argument("other", metavar="OTHER", help="theirs (git: %%B)")
    merging.add_argument("--name", metavar="NAME", help="the file's name in messages (git: %%P)")
    merging.set_defaults(run=run_merge_file)

    resolver = commands.add_parser(
        "resolve",
        help="settle a conflict on a key left by reviewer merge-file",
        usage="reviewer resolve FILE KEY (--ours | --theirs | --base | --value YAML)",
        epilog=RESOLVE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    resolver.add_argument("file", metavar="FILE", help="an article file with conflicts")
    resolver.add_argument("key", metavar="KEY", help="the key in conflict (dotted)")
    side = resolver.add_mutually_exclusive_group(required=True)
    for choice in ("ours", "theirs", "base"):
        side.add_argument(
            f"--{choice}",
            dest="choice",
            action="store_const",
            const=choice,
            help=f"take the {choice} side of the key's conflict block",
        )
    side.add_argument("--value", metavar="YAML", help="write this value into our side")
    resolver.set_defaults(run=run_resolve)


def run_merge_file(args: argparse.Namespace, console: Console) -> int:
    """Merge OTHER's changes since BASE into CURRENT, in place."""
    current = Path(args.current)
    name = args.name or args.current
    for given in (args.current, args.base, args.other):
        if not Path(given).exists():
            raise UsageError(f"{given}: no such file")
    try:
        result = merge_file(current, Path(args.base), Path(args.other))
    except ReviewerError as exc:
        console.problem(name, f"not merged: {exc}")
        return FILE_PROBLEM
    if result.by_lines:
        console.warn("merge-file", f"{name}: merged line by line ({result.by_lines})")
    for path in result.conflicts:
        console.problem(name, f"conflict on {'.'.join(path)}")
    if result.line_conflicts:
        where = "" if result.by_lines else " in the body"
        console.problem(name, f"conflict{where} (git's line merge)")
    return OK if result.clean else FILE_PROBLEM


def run_resolve(args: argparse.Namespace, console: Console) -> int:
    """Settle the conflict on KEY in FILE; stage FILE when none remains."""
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{args.file}: no such file")
    key_path = tuple(args.key.split("."))
    if not all(key_path):
        raise UsageError(f"not a key: {args.key!r}")
    choice: Choice | None = args.choice
    value: Any = None
    if choice is None:
        try:
            value = yamlio.load_value(args.value)
        except ArticleError as exc:
            raise UsageError(f"--value {args.value}: {exc}") from None
    try:
        resolved = resolve_file(path, key_path, choice, value)
    except ReviewerError as exc:
        console.problem(args.file, str(exc))
        return FILE_PROBLEM
    console.say(f"{args.file}: {args.key} settled ({choice or 'value written'})")
    if resolved.remaining:
        keys = ", ".join(".".join(c.key_path) for c in resolved.remaining)
        console.say(f"{args.file}: conflicts remain on {keys}")
        return OK
    if resolved.markers:
        console.say(f"{args.file}: git's conflict markers remain (in the body); edit them out")
        return OK
    console.say(f"{args.file}: no conflict remains")
    try:
        if stage(path):
            console.say(f"{args.file}: added to git's index (git add)")
    except ReviewerError as exc:
        console.warn("resolve", f"{args.file}: not added to git's index: {exc}")
    return OK
