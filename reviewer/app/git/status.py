"""The git state of the open folder's files in the window: the Git column, the searches
``is:changed``, ``is:conflicted``, ``is:staged``, ``is:untracked``, the sidebar's Git group
and the branch in the status bar.

``workspace.git.folder_status`` runs in a worker (never on the GUI thread) when the folder
has loaded, after each save, when files change on disk, after a sync, and when the window is
activated (at most once per ACTIVATION_GAP_S: git's status and the index cache take about
40 ms on a folder of 700 files). Requests that come while one runs make one more run after
it. Without git, or outside a work tree, nothing of this is shown and ``reason`` says why.

A folder with no ``.git`` at or above it is outside any work tree: that is found by looking
at the folders (``outside_git``), without starting git, whose start and polling in a worker
wait on the interpreter lock while a big folder's structures are derived (measured: up to
3.8 s on a warm reopen of 100,000 files).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QTreeWidgetItem

from reviewer.app.browse.sidebar import Sidebar
from reviewer.app.context import AppContext
from reviewer.app.folder.loader import index_cache
from reviewer.app.plaintext import plain_tip
from reviewer.app.table.columns import Column
from reviewer.app.workers import Job, Reruns
from reviewer.core.document import Document
from reviewer.workspace.git import (
    Branch,
    FolderStatus,
    GitCancelled,
    GitError,
    GitMissing,
    NotARepository,
    folder_status,
)
from reviewer.workspace.git.status import (
    CHANGED_STATES,
    CONFLICTED,
    DELETED,
    MODIFIED,
    STAGED,
    UNCHANGED,
    UNTRACKED,
)

#: The Git column's letter of each state (unchanged: blank).
LETTERS = {MODIFIED: "M", STAGED: "S", UNTRACKED: "?", DELETED: "D", CONFLICTED: "C"}
#: Each state in words (the Git column's tooltip).
WORDS = {
    MODIFIED: "Modified since the last commit (not all staged)",
    STAGED: "Changes staged for the next commit",
    UNTRACKED: "New: not in git yet (untracked)",
    DELETED: "Deleted from the working tree or the index",
    CONFLICTED: "Conflicted: a merge or rebase stopped on it; resolve it, then commit",
}
#: The sidebar's Git group: each row's label, the search it adds and the states it counts.
GROUP = (
    ("Changed", "is:changed", CHANGED_STATES),
    ("Conflicted", "is:conflicted", frozenset({CONFLICTED})),
    ("Staged", "is:staged", frozenset({STAGED})),
    ("Untracked", "is:untracked", frozenset({UNTRACKED})),
)
#: Why nothing of git is shown, when git is missing.
NO_GIT = "git is not installed"
#: Why nothing of git is shown, outside a work tree.
NOT_IN_GIT = "this folder is not in a git repository"
#: Why nothing of git is shown yet.
NO_FOLDER = "no folder is open"
#: Activating the window checks the status again at most this often (seconds).
ACTIVATION_GAP_S = 2.0
#: Requests to check again within this many milliseconds make one check.
DEBOUNCE_MS = 150
#: The sidebar's Git group is counted again this long after the rows shown change (ms).
COUNT_MS = 120


def outside_git(folder: Path) -> bool:
    """True when git would find no repository for ``folder``: no ``.git`` (a folder, or the
    file of a linked work tree or submodule) in it or any folder above it, and no GIT_DIR
    in the environment (which names a repository wherever it is)."""
    if os.environ.get("GIT_DIR"):
        return False
    place = Path(os.path.abspath(folder))
    return not any(os.path.lexists(p / ".git") for p in (place, *place.parents))


def search_states(state: str) -> frozenset[str]:
    """The search's states (``Record.states``) of a file in git ``state``."""
    found = {"changed"} if state in CHANGED_STATES else set()
    if state in (CONFLICTED, STAGED, UNTRACKED):
        found.add(state)
    return frozenset(found)


def branch_text(branch: Branch) -> tuple[str, str]:
    """The status bar's "main ↑2 ↓1" for ``branch``, and its tooltip (the upstream)."""
    name = branch.name if branch.name is not None else "detached HEAD"
    counts = []
    if branch.ahead:
        counts.append(f"↑{branch.ahead}")
    if branch.behind:
        counts.append(f"↓{branch.behind}")
    text = " ".join([name, *counts])
    if branch.name is None:
        tip = "HEAD is on no branch (detached): Sync needs a branch"
    elif branch.upstream is None:
        tip = f"Branch {name} follows no remote branch: Sync needs an upstream"
    elif branch.ahead is None:
        tip = f"Branch {name} follows {branch.upstream}, which no longer exists"
    else:
        tip = (
            f"Branch {name} follows {branch.upstream}: {branch.ahead} commit(s) to push,"
            f" {branch.behind} to pull (as of the last fetch; Sync fetches)"
        )
    return text, tip


@dataclass(frozen=True)
class _Unavailable:
    """A check that found no git status: why (``reason``)."""

    reason: str


class GitStatus(QObject):
    """The open folder's git states, kept current, and where the window shows them.

    Signals:
        changed(): the states, the branch or ``reason`` changed.
    """

    changed = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        #: Why git is not shown ("" while it is).
        self.reason = NO_FOLDER
        #: The last status found (None: none, or git not shown).
        self.status: FolderStatus | None = None
        self._states: dict[int, str] = {}  # id(document) -> its state, when changed
        self._column_shown_for: Path | None = None  # the folder the column was shown for
        self._last_check = 0.0
        self._checks = Reruns(self._check, DEBOUNCE_MS, self)
        self._count_timer = QTimer(self, singleShot=True, interval=COUNT_MS)
        self._count_timer.timeout.connect(self._fill_group)
        self.label = QLabel(context.status)
        self.label.hide()
        context.status.insertPermanentWidget(0, self.label)
        sidebar = context.view.findChild(Sidebar)
        self.sidebar = sidebar if isinstance(sidebar, Sidebar) else None
        self.group: QTreeWidgetItem | None = None
        if self.sidebar is not None:
            self.group = self.sidebar.add_group("Git")
            self.group.setHidden(True)
        context.model.git_state = self.cell
        context.loader.started.connect(self._on_loader_started)
        context.loader.finished.connect(self.refresh)
        context.saver.finished.connect(self.refresh)
        for signal in (
            context.watcher.documents_changed,
            context.watcher.documents_deleted,
            context.watcher.folder_changed,
        ):
            signal.connect(self.refresh)
        proxy = context.proxy
        for signal in (
            proxy.rowsInserted,
            proxy.rowsRemoved,
            proxy.modelReset,
            proxy.layoutChanged,
        ):
            signal.connect(self._count_timer.start)
        context.view.installEventFilter(self)

    # -- answers

    @property
    def available(self) -> bool:
        """True when the open folder is in a git work tree (and git is installed)."""
        return not self.reason

    def state(self, document: Document) -> str:
        """``document``'s state in git ("unchanged" when unchanged or not known)."""
        return self._states.get(id(document), UNCHANGED)

    def cell(self, document: Document) -> tuple[str, str]:
        """The Git column of ``document``: its letter and its state in words."""
        state = self._states.get(id(document))
        if state is None:
            return "", ""
        return LETTERS.get(state, ""), WORDS.get(state, "")

    def counts(self, documents: list[Document] | None = None) -> Counter[str]:
        """How many of ``documents`` (default: the rows shown) are in each state."""
        if documents is None:
            documents = self.context.proxy.documents()
        states = self._states
        return Counter(states[key] for key in map(id, documents) if key in states)

    def busy(self) -> bool:
        """True while a check runs or waits (tests)."""
        return self._checks.busy()

    # -- checking

    def refresh(self, *_args: object) -> None:
        """Check the folder's git status again, soon (requests close together make one)."""
        if self.context.workspace.folder is None or self.context.loader.loading:
            return
        self._checks.request()

    def _check(self) -> Job | None:
        folder = self.context.workspace.folder
        if folder is None:
            return None
        self._last_check = time.monotonic()
        use_cache = self.context.loader.use_cache()

        def work(job: Job) -> FolderStatus | _Unavailable | None:
            if outside_git(folder):
                return _Unavailable(NOT_IN_GIT)
            try:
                cache = index_cache() if use_cache else None
                return folder_status(folder, cache=cache, cancelled=job.cancelled)
            except GitMissing:
                return _Unavailable(NO_GIT)
            except NotARepository:
                return _Unavailable(NOT_IN_GIT)
            except GitCancelled:
                return None
            except GitError as exc:
                return _Unavailable(f"git cannot read this folder's status: {exc}")

        return self.context.workers.start("git-status", work, finished=self._on_checked)

    def _on_checked(self, job: Job, found: FolderStatus | _Unavailable | None) -> None:
        if not self._checks.finish(job):
            return  # for a folder open before
        if found is None:
            return
        if isinstance(found, _Unavailable):
            self._show(None, found.reason)
        else:
            self._show(found, "")

    def _on_loader_started(self, _folder: object) -> None:
        self._checks.stop()
        self._states = {}
        self.context.proxy.set_states({}, source="git")

    # -- showing

    def _show(self, status: FolderStatus | None, reason: str) -> None:
        c = self.context
        self.status, self.reason = status, reason
        folder = c.workspace.folder
        states: dict[int, str] = {}
        if status is not None and folder is not None:
            by_relative = {f.relative: f.state for f in status.files if f.state != UNCHANGED}
            for document in c.workspace.documents:
                relative = Path(os.path.relpath(document.path, folder)).as_posix()
                state = by_relative.get(relative)
                if state is not None:
                    states[id(document)] = state
        self._states = states
        c.proxy.set_states(
            {key: search_states(state) for key, state in states.items()}, source="git"
        )
        c.model.refresh_column(Column.GIT)
        header = c.list_pane.table.horizontalHeader()
        if status is None:
            header.setSectionHidden(Column.GIT, True)
            self._column_shown_for = None
        elif self._column_shown_for != folder:  # once per folder: the editor may hide it
            header.setSectionHidden(Column.GIT, False)
            self._column_shown_for = folder
        if status is None:
            self.label.hide()
        else:
            text, tip = branch_text(status.branch)
            self.label.setText(text)
            self.label.setToolTip(plain_tip(tip))
            self.label.show()
        if self.group is not None:
            self.group.setHidden(status is None)
        self._fill_group()
        self.changed.emit()

    def _fill_group(self) -> None:
        if self.sidebar is None or self.group is None or not self.available:
            return
        counts = self.counts()
        self.sidebar.set_terms(
            self.group,
            [
                (label, sum(counts[s] for s in wanted), term)
                for label, term, wanted in GROUP
                if any(counts[s] for s in wanted)
            ],
        )

    def flush(self) -> None:
        """Count the sidebar's group now (tests, screenshots)."""
        if self._count_timer.isActive():
            self._count_timer.stop()
            self._fill_group()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.context.view
            and event.type() == QEvent.Type.ActivationChange
            and self.context.view.isActiveWindow()
            and self.reason != NO_GIT
            and time.monotonic() - self._last_check >= ACTIVATION_GAP_S
        ):
            self.refresh()  # a commit or a pull made in a terminal meanwhile
        return super().eventFilter(watched, event)
