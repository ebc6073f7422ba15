"""Sharing work through git, without a terminal: status, commit, sync and setup (no Qt).

Every git call goes through ``runner.run_git`` (or ``Repository.run``): the ``git`` program
itself, without prompts, with a timeout and a cancel.
"""

from reviewer.workspace.git.commit import Change, CommitPlan, commit, commit_plan
from reviewer.workspace.git.runner import (
    GitCancelled,
    GitError,
    GitMissing,
    GitResult,
    GitTimeout,
    NotARepository,
    Repository,
    find_repository,
    run_git,
)
from reviewer.workspace.git.setup import (
    MergeSetup,
    merge_setup,
    remove_merge_driver,
    setup_merge_driver,
)
from reviewer.workspace.git.status import Branch, FileStatus, FolderStatus, folder_status
from reviewer.workspace.git.sync import SyncProblem, SyncReport, sync

__all__ = [
    "Branch",
    "Change",
    "CommitPlan",
    "FileStatus",
    "FolderStatus",
    "GitCancelled",
    "GitError",
    "GitMissing",
    "GitResult",
    "GitTimeout",
    "MergeSetup",
    "NotARepository",
    "Repository",
    "SyncProblem",
    "SyncReport",
    "commit",
    "commit_plan",
    "find_repository",
    "folder_status",
    "merge_setup",
    "remove_merge_driver",
    "run_git",
    "setup_merge_driver",
    "sync",
]
