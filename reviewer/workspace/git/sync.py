"""Sync: fetch, bring the upstream branch in, push. Never forces; stops and says why.

``sync`` runs, in the folder's repository:

1. checks: no merge or rebase in progress, HEAD on a branch, an upstream configured;
2. ``git fetch`` of the upstream's remote (no prompt: see ``runner``);
3. when the upstream has new commits: a fast-forward when there are no local commits,
   else ``git merge`` of it, or ``git rebase`` onto it when the repository says so
   (``branch.<name>.rebase``, else ``pull.rebase``). Uncommitted changes are checked
   first: a dirty file the merge would change (``git diff --name-only HEAD...@{u}``; for
   a rebase, the local commits' files too) stops the sync before anything is touched, and
   so do staged changes when there are local commits (git's merge refuses them, and a
   rebase would unstage them); other dirty files stay as they are (a rebase takes them
   aside with ``--autostash`` and puts them back). A conflict leaves the merge or rebase
   stopped in git's conflicted state, for the app or the CLI to resolve;
4. ``git push`` of HEAD to the upstream branch when there are local commits. A rejected
   push (the remote moved on since the fetch) keeps the local commits as they are.

Merge driver: article files merge field by field when the repository was set up for it
(``reviewer git-setup``: the driver in the local config and ``info/attributes``). Sync does
not set it up by itself; ``SyncReport.merge_driver`` says whether it applied. When the
attributes are there but the config lost the driver, sync defines it for its merge
(``git -c merge.reviewer.driver=...``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.workspace.git.runner import (
    NETWORK_TIMEOUT,
    GitError,
    Repository,
    find_repository,
)
from reviewer.workspace.git.setup import driver_options, merge_setup
from reviewer.workspace.git.status import parse_status

#: Problem kinds of a sync.
IN_PROGRESS = "in-progress"  # a merge or rebase waits to be finished
DETACHED = "detached"  # HEAD is no branch
NO_UPSTREAM = "no-upstream"  # the branch follows no remote branch (or it is gone)
AUTH = "auth"  # the remote refused the credentials, or none could be given
UNREACHABLE = "unreachable"  # no connection to the remote
DIRTY = "dirty"  # uncommitted changes to files the merge would change
CONFLICT = "conflict"  # the merge or rebase stopped on conflicts
REJECTED = "rejected"  # the remote refused the push (it moved on, or a hook said no)
FAILED = "failed"  # git failed otherwise (its message says)

#: Steps, as ``progress`` names them.
FETCH = "fetch"
MERGE = "merge"
REBASE = "rebase"
PUSH = "push"


@dataclass(frozen=True)
class SyncProblem:
    """Why a sync stopped: a kind (see the constants), a sentence, and the files concerned
    (relative to the work tree's top)."""

    kind: str
    message: str
    files: tuple[str, ...] = ()


@dataclass
class SyncReport:
    """What a sync did: the steps done, commits pulled (merged or rebased onto) and pushed,
    the conflicted files (relative to the work tree's top; a merge or rebase that stopped
    on them has pulled nothing yet), and the problem that stopped it (None: all done)."""

    repository: Repository
    branch: str | None = None
    upstream: str | None = None
    steps: list[str] = field(default_factory=list)
    pulled: int = 0
    pushed: int = 0
    conflicts: tuple[str, ...] = ()
    rebasing: bool = False
    merge_driver: bool = False
    problem: SyncProblem | None = None

    @property
    def ok(self) -> bool:
        """True when the sync did everything."""
        return self.problem is None


def sync(
    folder: Path,
    *,
    progress: Callable[[str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SyncReport:
    """Fetch, merge (or rebase) the upstream, push; see the module's docstring.

    Problems a sync meets are in the report; NotARepository, GitMissing and GitCancelled
    are raised.
    """
    repository = find_repository(folder)
    report = SyncReport(repository)
    step = progress if progress is not None else _quiet
    report.problem = _check(repository, report)
    if report.problem is not None or report.branch is None:
        return report
    remote = repository.run("config", f"branch.{report.branch}.remote", check=False).text.strip()
    target = repository.run("config", f"branch.{report.branch}.merge", check=False).text.strip()
    step(FETCH)
    failed = _network(repository, "fetch", "--quiet", remote or "origin", cancelled=cancelled)
    if failed is not None:
        report.problem = failed
        return report
    report.steps.append(FETCH)
    counts = repository.run("rev-list", "--left-right", "--count", "HEAD...@{u}", check=False)
    if counts.status != 0:
        report.problem = SyncProblem(
            NO_UPSTREAM, f"the upstream branch {report.upstream} no longer exists"
        )
        return report
    ahead, behind = (int(n) for n in counts.text.split())
    if behind:
        report.problem = _bring_in(repository, report, (ahead, behind), step, cancelled)
        if report.problem is not None:
            return report
    ahead = int(repository.run("rev-list", "--count", "@{u}..HEAD").text.strip() or 0)
    if ahead:
        step(PUSH)
        failed = _network(
            repository,
            "push",
            "--porcelain",
            remote or "origin",
            f"HEAD:{target}",
            cancelled=cancelled,
        )
        if failed is not None:
            report.problem = failed
            return report
        report.steps.append(PUSH)
        report.pushed = ahead
    return report


def _quiet(_step: str) -> None:
    pass


def _check(repository: Repository, report: SyncReport) -> SyncProblem | None:
    """The problems that stop a sync before it starts; fills in the branch and upstream."""
    if _in_progress(repository):
        return SyncProblem(
            IN_PROGRESS,
            "a merge or rebase is in progress: resolve its conflicts and finish it, "
            "or abort it, then sync",
        )
    output = repository.run("status", "--porcelain=v2", "-z", "--branch", "--untracked-files=no")
    branch, _ = parse_status(output.stdout)
    report.branch = branch.name
    report.upstream = branch.upstream
    if branch.detached:
        return SyncProblem(
            DETACHED, "HEAD is detached (no branch is checked out): check out a branch to sync"
        )
    if branch.upstream is None:
        return SyncProblem(
            NO_UPSTREAM,
            f"the branch {branch.name} has no upstream branch to sync with "
            f"(set one with: git push -u origin {branch.name})",
        )
    return None


def _in_progress(repository: Repository) -> bool:
    merging = repository.run("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False)
    return merging.status == 0 or any(
        (repository.git_dir / name).exists() for name in ("rebase-merge", "rebase-apply")
    )


def _network(
    repository: Repository, *args: str, cancelled: Callable[[], bool] | None
) -> SyncProblem | None:
    """Run a fetch or push; its problem, or None when it went through."""
    result = repository.run(*args, timeout=NETWORK_TIMEOUT, cancelled=cancelled, check=False)
    if result.status == 0:
        return None
    error = GitError(
        _last_lines(result.error_text) or f"git {args[0]} failed", stderr=result.error_text
    )
    if error.kind == "auth":
        return SyncProblem(AUTH, f"the remote refused access (authentication failed): {error}")
    if error.kind == "unreachable":
        return SyncProblem(UNREACHABLE, f"the remote could not be reached: {error}")
    if args[0] == "push":
        rejected = [line for line in result.text.splitlines() if line.startswith("!")]
        if rejected or "rejected" in result.error_text:
            detail = "; ".join(line.split("\t")[-1] for line in rejected) or str(error)
            return SyncProblem(
                REJECTED,
                "the remote refused the push: it has commits this sync has not merged "
                f"(sync again), or a hook refused ({detail}); the local commits are kept",
            )
    return SyncProblem(FAILED, f"git {args[0]} failed: {error}")


def _last_lines(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[-4:])


def _rebase_mode(repository: Repository, branch: str) -> str | None:
    """The ``--rebase`` the repository asks ``pull`` for: None (merge), "" or "merges"."""
    for key in (f"branch.{branch}.rebase", "pull.rebase"):
        value = repository.run("config", "--get", key, check=False).text.strip().lower()
        if value in ("true", "yes", "on", "1", "interactive", "i"):
            return ""
        if value in ("merges", "m", "preserve", "p"):
            return "merges"
        if value in ("false", "no", "off", "0"):
            return None
    return None


def _names(repository: Repository, *args: str) -> set[str]:
    output = repository.run(*args).stdout
    return {os.fsdecode(name) for name in output.split(b"\0") if name}


def _dirty(repository: Repository) -> tuple[set[str], set[str]]:
    """The paths with uncommitted changes (untracked ones too), and those with staged ones."""
    output = repository.run("status", "--porcelain=v2", "-z", "--untracked-files=all").stdout
    _, entries = parse_status(output)
    staged = {e.path for e in entries if e.xy[:1] not in ("", ".", "?")}
    return {e.path for e in entries}, staged


def _bring_in(
    repository: Repository,
    report: SyncReport,
    counts: tuple[int, int],
    step: Callable[[str], None],
    cancelled: Callable[[], bool] | None,
) -> SyncProblem | None:
    """Merge or rebase onto the upstream; the problem, or None when it went through.

    Without local commits this is a fast-forward (a merge, whatever the rebase setting:
    the result is the same, and staged changes to other files are kept). Otherwise staged
    changes stop it: git's merge needs the index to match HEAD, and a rebase's autostash
    would give them back unstaged.
    """
    assert report.branch is not None
    ahead, behind = counts
    mode = _rebase_mode(repository, report.branch) if ahead else None
    touched = _names(repository, "diff", "--name-only", "-z", "HEAD...@{u}")
    if mode is not None:
        touched |= _names(repository, "diff", "--name-only", "-z", "@{u}...HEAD")
    dirty, staged = _dirty(repository)
    overlap = sorted(dirty & touched)
    if overlap:
        return SyncProblem(
            DIRTY,
            "uncommitted changes to files the sync would change: commit them (or undo them) first",
            tuple(overlap),
        )
    if ahead and staged:
        return SyncProblem(
            DIRTY,
            "staged changes (added to the index but not committed) stop a merge with local "
            "commits: commit them or unstage them first",
            tuple(sorted(staged)),
        )
    setup = merge_setup(repository)
    report.merge_driver = setup.configured or setup.attributes_only
    options = driver_options() if setup.attributes_only else []
    if not ahead:
        name = MERGE
        args = ["merge", "--ff-only", "--quiet", "@{u}"]
    elif mode is None:
        name = MERGE
        args = [*options, "merge", "--no-edit", "--quiet", "@{u}"]
    else:
        name = REBASE
        args = [*options, "rebase", "--quiet"]
        if dirty:
            args.append("--autostash")
        if mode == "merges":
            args.append("--rebase-merges")
        args.append("@{u}")
    step(name)
    result = repository.run(*args, cancelled=cancelled, check=False)
    if result.status == 0:
        report.steps.append(name)
        report.pulled = behind
        return None
    conflicts = sorted(_names(repository, "diff", "--name-only", "-z", "--diff-filter=U"))
    if conflicts:
        report.conflicts = tuple(conflicts)
        report.rebasing = mode is not None
        how = (
            "resolve them, then continue the rebase (git rebase --continue), or abort it "
            "(git rebase --abort)"
            if report.rebasing
            else "resolve them and commit the merge, or abort it (git merge --abort)"
        )
        return SyncProblem(
            CONFLICT,
            f"the {name} stopped on conflicts in {len(conflicts)} files: {how}",
            tuple(conflicts),
        )
    return SyncProblem(FAILED, f"git {name} failed: {_last_lines(result.error_text)}")
