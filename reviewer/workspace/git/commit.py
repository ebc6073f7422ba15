"""Committing a folder's changed article files, and nothing else, with a message that says
what the editor decided.

``commit_plan`` finds the changed article files (``folder_status``), loads each one's HEAD
version (``git cat-file``) and working file with the one loader (``store.parse_article`` /
``read_article``) and compares them key path by key path: a file whose ``published`` turned
true as Jekyll reads it (``fields.publishes``) is a *publish*, the reverse an *unpublish*,
a new file an *add*, a removed one a *delete*, anything else an *edit*. The message's
subject counts the decisions ("Publish 3, unpublish 1, edit 2 articles"), its body lists
each article's title and changed fields ("- Bike share goes electric: published, heat").

``commit`` records exactly those files as they are in the working tree, through a
temporary index (``GIT_INDEX_FILE``: HEAD's tree plus these files), then sets the user's
index entries of those files (and only those) to what was committed. Other staged and
unstaged changes stay exactly as they were; hooks and signing run as for any ``git commit``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reviewer.core.article import Article, heading
from reviewer.core.fields import PUBLISHED, publishes
from reviewer.core.folder.index import IndexCache
from reviewer.core.frontmatter.values import MISSING, same
from reviewer.core.safetext import escape
from reviewer.core.store import parse_article, read_article
from reviewer.workspace.git.runner import GitError, Repository
from reviewer.workspace.git.status import DELETED, FileStatus, folder_status

#: The decisions, in the order the subject counts them.
PUBLISH = "publish"
UNPUBLISH = "unpublish"
EDIT = "edit"
ADD = "add"
DELETE = "delete"
DECISIONS = (PUBLISH, UNPUBLISH, EDIT, ADD, DELETE)

#: What the body says of a change to the text after the front matter.
BODY = "body"


@dataclass(frozen=True)
class Change:
    """One file a commit records: what was decided and which key paths changed.

    ``relative`` is the path from the folder, ``key`` from the work tree's top (as git
    names it); ``fields`` are dotted key paths, and ``body`` when the body changed.
    """

    path: Path
    relative: str
    key: str
    title: str
    decision: str
    fields: tuple[str, ...] = ()

    def line(self) -> str:
        """The file's line in the message body."""
        title = escape(self.title)
        if self.decision == ADD:
            return f"- {title} (new)"
        if self.decision == DELETE:
            return f"- {title} (deleted)"
        return f"- {title}: {', '.join(self.fields)}" if self.fields else f"- {title}"


@dataclass(frozen=True)
class CommitPlan:
    """What ``commit`` would record: the files and the generated message, and the branch
    the commit goes on (None: detached HEAD)."""

    repository: Repository
    folder: Path
    files: tuple[Change, ...]
    message: str
    subject: str
    body: str
    branch: str | None = None

    def without(self, paths: Iterable[Path]) -> CommitPlan:
        """The plan with the files at ``paths`` left out, and the message made again for the
        files that stay (those files are then neither committed nor touched)."""
        left_out = {os.path.abspath(p) for p in paths}
        kept = [c for c in self.files if os.path.abspath(c.path) not in left_out]
        subject, body, message = _message(kept)
        return replace(self, files=tuple(kept), message=message, subject=subject, body=body)


def commit_plan(
    folder: Path,
    *,
    cache: IndexCache | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CommitPlan:
    """The changed article files under ``folder`` and the message that describes them.

    Conflicted files are not committed (a merge in progress is finished with git, or the
    conflicts resolved first): GitError says so. NotARepository and GitMissing as
    ``folder_status``.
    """
    status = folder_status(folder, cache=cache, cancelled=cancelled)
    conflicted = status.conflicted()
    if conflicted:
        names = ", ".join(escape(f.relative) for f in conflicted)
        raise GitError(f"resolve the conflicts first: {names}")
    repository = status.repository
    changes = [_change(repository, f, status.branch.commit is not None) for f in status.changed()]
    changes.sort(key=lambda c: c.relative)
    subject, body, message = _message(changes)
    return CommitPlan(
        repository, status.folder, tuple(changes), message, subject, body, status.branch.name
    )


def _message(changes: list[Change]) -> tuple[str, str, str]:
    """(subject, body, message) of a commit of ``changes``."""
    subject = subject_of(changes)
    body = "\n".join(c.line() for c in changes)
    return subject, body, f"{subject}\n\n{body}\n" if body else f"{subject}\n"


def subject_of(changes: list[Change]) -> str:
    """ "Publish 3, unpublish 1, edit 2 articles" (each decision that occurs, in order)."""
    counts = [(d, sum(1 for c in changes if c.decision == d)) for d in DECISIONS]
    words = [f"{d} {n}" for d, n in counts if n]
    if not words:
        return "No article changes"
    text = ", ".join(words)
    noun = "article" if len(changes) == 1 else "articles"
    return f"{text[0].upper()}{text[1:]} {noun}"


def _change(repository: Repository, file: FileStatus, has_head: bool) -> Change:
    key = repository.relative(file.path)
    old = _committed(repository, key) if has_head else None
    new = None if file.state == DELETED else read_article(file.path)
    if new is not None and not os.path.lexists(file.path):
        new = None
    title = heading((new or old or _EMPTY).data, file.path)
    if new is None:
        return Change(file.path, file.relative, key, title, DELETE)
    if old is None:
        return Change(file.path, file.relative, key, title, ADD)
    decision = EDIT
    if old.error is None and new.error is None:
        before = publishes(old.data.get(PUBLISHED, MISSING))
        after = publishes(new.data.get(PUBLISHED, MISSING))
        if after and not before:
            decision = PUBLISH
        elif before and not after:
            decision = UNPUBLISH
    return Change(file.path, file.relative, key, title, decision, changed_fields(old, new))


_EMPTY = Article(Path(), b"", None)


def _committed(repository: Repository, key: str) -> Article | None:
    """HEAD's version of ``key``, loaded with the one loader (None when HEAD has none)."""
    result = repository.run("cat-file", "blob", f"HEAD:{key}", check=False)
    if result.status != 0:
        return None
    return parse_article(repository.root / key, result.stdout, None)


def changed_fields(old: Article, new: Article) -> tuple[str, ...]:
    """The dotted key paths whose values differ between two versions of a file (nested
    mappings compared key by key), then ``body`` when the text after the front matter
    differs. A version that cannot be read gives "front matter"."""
    if old.error is not None or new.error is not None:
        found = ["front matter"] if old.raw != new.raw else []
    else:
        found = list(_differences(old.data, new.data, ()))
    old_body = old.parts.body if old.parts is not None else None
    new_body = new.parts.body if new.parts is not None else None
    if old_body != new_body and old.error is None and new.error is None:
        found.append(BODY)
    return tuple(found)


def _differences(
    old: Mapping[str, Any], new: Mapping[str, Any], prefix: tuple[str, ...]
) -> Iterator[str]:
    for key in [*new, *(k for k in old if k not in new)]:
        a = old.get(key, MISSING)
        b = new.get(key, MISSING)
        path = (*prefix, str(key))
        if isinstance(a, dict) and isinstance(b, dict):
            yield from _differences(a, b, path)
        elif a is MISSING or b is MISSING or not same(a, b):
            yield ".".join(path)


def commit(
    plan: CommitPlan,
    message: str | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> str:
    """Commit the plan's files as they are now in the working tree; the new commit's id.

    ``message`` None: the plan's. Nothing else in the repository changes: the user's index
    keeps its other entries. Raises GitError when there is nothing to commit, a merge or
    rebase is in progress, or git refuses (a hook, signing...).
    """
    repository = plan.repository
    if not plan.files:
        raise GitError("nothing to commit: no article file under the folder has changed")
    _refuse_in_progress(repository)
    text = message if message is not None and message.strip() else plan.message
    keys = b"".join(os.fsencode(c.key) + b"\0" for c in plan.files)
    head = repository.run("rev-parse", "-q", "--verify", "HEAD^{commit}", check=False)
    with tempfile.TemporaryDirectory(prefix="reviewer-commit-", dir=repository.git_dir) as tmp:
        env = {"GIT_INDEX_FILE": os.path.join(tmp, "index")}
        if head.status == 0:
            repository.run("read-tree", "HEAD", env=env)
        else:
            repository.run("read-tree", "--empty", env=env)
        repository.run("update-index", "--add", "--remove", "-z", "--stdin", input=keys, env=env)
        message_file = os.path.join(tmp, "message")
        with open(message_file, "w", encoding="utf-8") as out:
            out.write(text if text.endswith("\n") else text + "\n")
        repository.run("commit", "-q", "-F", message_file, env=env, cancelled=cancelled)
    # The user's index: the committed files' entries become what was committed.
    repository.run(
        "--literal-pathspecs",
        "reset",
        "-q",
        "--pathspec-from-file=-",
        "--pathspec-file-nul",
        "HEAD",
        input=keys,
    )
    return repository.run("rev-parse", "HEAD").text.strip()


def _refuse_in_progress(repository: Repository) -> None:
    merging = repository.run("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False)
    if merging.status == 0:
        raise GitError(
            "a merge is in progress: resolve its conflicts and finish it (git commit), "
            "or abort it (git merge --abort), first"
        )
    for name in ("rebase-merge", "rebase-apply"):
        if (repository.git_dir / name).exists():
            raise GitError(
                "a rebase is in progress: finish it (git rebase --continue) or abort it "
                "(git rebase --abort) first"
            )
