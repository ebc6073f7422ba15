"""The git commands: ``status``, ``commit``, ``sync`` and ``git-setup``.

Each runs a workspace operation of ``reviewer.workspace.git`` and prints what it did. A
folder outside any git work tree, git missing, or a git failure: a message on standard
error and exit status 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from reviewer.cli.console import FILE_PROBLEM, OK, Console, existing_folder
from reviewer.cli.output import clip, pad, text_width, write_json
from reviewer.core.folder.index import IndexCache
from reviewer.core.safetext import escape, escape_lines
from reviewer.workspace.git import (
    CommitPlan,
    FolderStatus,
    GitError,
    SyncReport,
    commit,
    commit_plan,
    folder_status,
    remove_merge_driver,
    setup_merge_driver,
    sync,
)
from reviewer.workspace.git.status import CHANGED_STATES

_STATUS_HELP = """\
States: unchanged, modified (changed in the working tree), staged (changes added to the
index), untracked (new), deleted, conflicted (a merge or rebase stopped on it). Only
article files are listed (a front matter; hidden files and _site skipped; ignored files
left out). JSON: {branch, upstream, ahead, behind, files: [{path, title, state}]}; branch is
null on a detached HEAD, upstream, ahead and behind are null without an upstream."""

_COMMIT_HELP = """\
Commits the changed article files under FOLDER, as they are in the working tree, and
nothing else: other staged and unstaged changes of the repository stay as they were.
Without -m, the message counts the decisions ("Publish 3, unpublish 1, edit 2 articles")
and lists each article's title and changed fields."""

_SYNC_HELP = """\
Fetches, merges the upstream branch (or rebases onto it when pull.rebase or
branch.NAME.rebase says so), then pushes. Never forces. Stops, changing nothing more, when
there is no upstream, HEAD is detached, the remote refuses the credentials or cannot be
reached, uncommitted changes touch files the merge would change, or the remote refuses
the push (the local commits stay). A merge conflict is left in git's conflicted state
(the conflicted files are listed). No password is ever asked for: git's credential
helpers and ssh agents are used. Article files merge field by field once the repository
is set up for it (reviewer git-setup)."""

_SETUP_HELP = """\
Registers reviewer's field-level merge driver in the repository's own config
(merge.reviewer.driver = "<reviewer> merge-file %A %O %B --name %P") and marks the
article files for it in .git/info/attributes (*.md merge=reviewer, ...). Nothing is
committed; each clone is set up on its own. --remove undoes both. reviewer sync uses the
driver only in a repository set up so."""


def add_git_parsers(commands: Any) -> None:
    """The git commands, on the subcommands of the main parser."""
    raw = argparse.RawDescriptionHelpFormatter
    status = commands.add_parser(
        "status",
        help="the git state of a folder's article files",
        epilog=_STATUS_HELP,
        formatter_class=raw,
    )
    status.add_argument("folder", metavar="FOLDER", help="a folder inside a git work tree")
    status.add_argument("--format", choices=("table", "json"), default="table")
    status.add_argument(
        "--no-cache", action="store_true", help="read every file (not the index cache)"
    )
    status.set_defaults(run=run_status)

    committing = commands.add_parser(
        "commit",
        help="commit the changed article files of a folder",
        epilog=_COMMIT_HELP,
        formatter_class=raw,
    )
    committing.add_argument("folder", metavar="FOLDER", help="a folder inside a git work tree")
    committing.add_argument("-m", "--message", metavar="MESSAGE", help="the commit message")
    committing.add_argument(
        "--dry-run", action="store_true", help="print the files and the message; commit nothing"
    )
    committing.set_defaults(run=run_commit)

    syncing = commands.add_parser(
        "sync",
        help="fetch, merge the upstream branch, push",
        epilog=_SYNC_HELP,
        formatter_class=raw,
    )
    syncing.add_argument("folder", metavar="FOLDER", help="a folder inside a git work tree")
    syncing.set_defaults(run=run_sync)

    setup = commands.add_parser(
        "git-setup",
        help="set up the field-level merge of article files in a repository",
        epilog=_SETUP_HELP,
        formatter_class=raw,
    )
    setup.add_argument("folder", metavar="FOLDER", help="a folder inside a git work tree")
    setup.add_argument("--remove", action="store_true", help="undo the setup")
    setup.set_defaults(run=run_git_setup)


def _guarded(name: str, console: Console, work: Callable[[], int]) -> int:
    """Run ``work``; a GitError (not a repository, git missing...) is said, exit status 1."""
    try:
        return work()
    except GitError as exc:
        console.err.write(escape_lines(f"reviewer {name}: {exc}") + "\n")
        return FILE_PROBLEM


def run_status(args: argparse.Namespace, console: Console) -> int:
    """Print each article file's git state, and the branch's."""
    folder = existing_folder(args.folder)

    def work() -> int:
        found = folder_status(folder, cache=None if args.no_cache else IndexCache())
        if args.format == "json":
            write_json(found.row(), console.out)
        else:
            write_status(found, console)
        return OK

    return _guarded("status", console, work)


def branch_line(found: FolderStatus) -> str:
    """ "On branch main, following origin/main: 1 ahead, 2 behind" (and the other cases)."""
    branch = found.branch
    if branch.detached:
        return "HEAD detached (no branch checked out)"
    if branch.upstream is None:
        return f"On branch {branch.name} (no upstream branch)"
    counts = (
        f"{branch.ahead} ahead, {branch.behind} behind"
        if branch.ahead is not None
        else "the upstream branch is gone"
    )
    return f"On branch {branch.name}, following {branch.upstream}: {counts}"


def write_status(found: FolderStatus, console: Console) -> None:
    """The branch line, then STATE PATH TITLE rows, then the counts."""
    console.say(branch_line(found))
    rows = [(f.state, escape(f.relative), f.title or "") for f in found.files]
    widths = [
        max([text_width(r[i]) for r in rows] + [len(h)]) for i, h in enumerate(("STATE", "PATH"))
    ]
    console.out.write(f"{pad('STATE', widths[0])}  {pad('PATH', widths[1])}  TITLE\n")
    title_width = max(10, console.width - widths[0] - widths[1] - 4)
    for state, path, title in rows:
        line = f"{pad(state, widths[0])}  {pad(path, widths[1])}  {clip(title, title_width)}"
        console.out.write(line.rstrip() + "\n")
    changed = sum(1 for f in found.files if f.state in CHANGED_STATES)
    conflicted = len(found.conflicted())
    noun = "article" if len(found.files) == 1 else "articles"
    text = f"{len(found.files)} {noun}, {changed} changed"
    console.say(text + (f", {conflicted} conflicted" if conflicted else ""))


def run_commit(args: argparse.Namespace, console: Console) -> int:
    """Commit the changed article files (or, with --dry-run, say what would be)."""
    folder = existing_folder(args.folder)

    def work() -> int:
        plan = commit_plan(folder)
        if not plan.files:
            console.err.write(
                escape(
                    f"reviewer commit: nothing to commit: no article file under "
                    f"{args.folder} has changed"
                )
                + "\n"
            )
            return FILE_PROBLEM
        message = args.message if args.message else plan.message
        if args.dry_run:
            console.say(f"Would commit {_files(len(plan.files))}:")
            write_plan(plan, console)
            console.out.write("\n" + escape_lines(message.rstrip("\n")) + "\n")
            return OK
        commit_id = commit(plan, message)
        subject = message.strip().splitlines()[0] if message.strip() else plan.subject
        console.say(f"Committed {commit_id[:12]}: {subject}")
        write_plan(plan, console)
        return OK

    return _guarded("commit", console, work)


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def write_plan(plan: CommitPlan, console: Console) -> None:
    """One line per file: its decision and its path."""
    width = max(len(c.decision) for c in plan.files)
    for change in plan.files:
        console.say(f"  {pad(change.decision, width)}  {change.relative}")


def run_sync(args: argparse.Namespace, console: Console) -> int:
    """Fetch, merge, push; what happened, or what stopped it."""
    folder = existing_folder(args.folder)
    names = {"fetch": "Fetching", "merge": "Merging", "rebase": "Rebasing", "push": "Pushing"}

    def progress(step: str) -> None:
        console.err.write(f"{names.get(step, step)}...\n")

    def work() -> int:
        report = sync(folder, progress=progress)
        write_sync(report, console)
        return OK if report.ok else FILE_PROBLEM

    return _guarded("sync", console, work)


def write_sync(report: SyncReport, console: Console) -> None:
    """The commits pulled and pushed; a problem and its files on standard error."""
    if report.steps:
        console.say(
            f"Pulled {_commits(report.pulled)}, pushed {_commits(report.pushed)}"
            f" ({report.branch} with {report.upstream})"
        )
    problem = report.problem
    if problem is None:
        return
    console.err.write(escape_lines(f"reviewer sync: {problem.message}") + "\n")
    for name in problem.files:
        console.err.write(f"  {escape(name)}\n")
    if problem.kind == "conflict" and not report.merge_driver:
        console.err.write(
            "Hint: reviewer git-setup FOLDER makes git merge article files field by field, "
            "so that changes to different fields of one article no longer conflict.\n"
        )


def _commits(count: int) -> str:
    return f"{count} commit" if count == 1 else f"{count} commits"


def run_git_setup(args: argparse.Namespace, console: Console) -> int:
    """Set up (or with --remove, undo) the field-level merge driver."""
    folder = existing_folder(args.folder)

    def work() -> int:
        if args.remove:
            setup, changed = remove_merge_driver(folder)
            console.say(
                "Removed reviewer's merge driver (config and attributes)"
                if changed
                else "reviewer's merge driver was not set up: nothing to remove"
            )
            return OK
        setup, changed = setup_merge_driver(folder)
        console.say("Set up" if changed else "Already set up: nothing changed")
        console.say(f"  merge.reviewer.driver = {setup.driver}")
        console.say(f"  attributes: {setup.attributes}")
        return OK

    return _guarded("git-setup", console, work)
