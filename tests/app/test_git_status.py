"""Git in the window against real git: the Git column, is:changed and the other states, the
sidebar's Git group, the branch in the status bar, and Git ▸ Sync with a bare remote.

Each test gets its own HOME (no user or system git configuration is read). Skipped when
git is not installed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window, rewrite, row_of_title  # tests/app is on sys.path

from reviewer.app import dialogs
from reviewer.app.context import AppContext
from reviewer.app.git import status as git_status
from reviewer.app.git import sync as git_sync
from reviewer.app.mainwindow import MainWindow
from reviewer.app.table.columns import Column
from reviewer.workspace.git import Branch, GitCancelled, SyncReport
from tests.gitrepos import bare_remote, clone, commit_all, git, needs_git

pytestmark = [needs_git, pytest.mark.usefixtures("git_home")]


@pytest.fixture
def remote(tmp_path: Path, make_article: Callable[..., Path]) -> Path:
    """A bare remote holding news/ with three articles and a README (no front matter)."""

    def fill(seed: Path) -> None:
        news = seed / "news"
        news.mkdir()
        make_article(news, "alpha", title="Alpha story")
        make_article(news, "bravo", title="Bravo story")
        make_article(news, "charlie", title="Charlie story")

    return bare_remote(tmp_path, {"README.md": "# The site\n"}, fill=fill)


def wait_status(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for the git status the window asked for (and any asked meanwhile)."""
    status = window.git_status
    qtbot.waitUntil(lambda: not status.busy() and status.reason != git_status.NO_FOLDER)


def git_cell(window: MainWindow, title: str, role: Any = None) -> Any:
    index = window.proxy.index(row_of_title(window, title), Column.GIT)
    return index.data() if role is None else index.data(role)


def shown_titles(window: MainWindow) -> set[str]:
    return {window.proxy.index(r, Column.TITLE).data() for r in range(window.proxy.rowCount())}


def group_rows(window: MainWindow) -> dict[str, str]:
    window.git_status.flush()
    group = window.git_status.group
    assert group is not None
    rows = [group.child(i) for i in range(group.childCount())]
    return {row.text(0): row.text(1) for row in rows if row is not None}


def sync_and_wait(qtbot: QtBot, window: MainWindow) -> SyncReport | None:
    with qtbot.waitSignal(window.git_sync.finished, timeout=30_000) as blocker:
        assert window.git_sync.start()
    wait_status(qtbot, window)
    result = blocker.args[0] if blocker.args else None
    assert result is None or isinstance(result, SyncReport)
    return result


# -- status


def test_changed_files_show_in_the_column_the_search_the_sidebar_and_the_status_bar(
    qtbot: QtBot, context: AppContext, remote: Path, make_article: Callable[..., Path]
) -> None:
    a = clone(remote, "a")
    news = a / "news"
    rewrite(news / "alpha.md", b"quality: 50", b"quality: 51")  # modified on disk
    make_article(news, "delta", title="Delta story")  # new, untracked
    window = open_window(qtbot, context, news)
    wait_status(qtbot, window)
    assert window.git_status.available
    assert not window.table.horizontalHeader().isSectionHidden(Column.GIT)
    assert git_cell(window, "Alpha story") == "M"
    assert "Modified" in git_cell(window, "Alpha story", 3)  # the tooltip, in words
    assert git_cell(window, "Delta story") == "?"
    assert "untracked" in git_cell(window, "Delta story", 3)
    assert git_cell(window, "Bravo story") == ""
    assert git_cell(window, "Charlie story") == ""

    # An edit saved in the app makes its file modified too.
    document = next(d for d in window.model.documents() if d.view.title == "Bravo story")
    window.editor.set_value(document, ("quality",), 77)
    assert git_cell(window, "Bravo story") == ""  # not saved yet: git sees nothing
    assert window.save_all()
    qtbot.waitUntil(lambda: git_cell(window, "Bravo story") == "M")

    window.list_pane.filter_edit.setText("is:changed")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 3)
    assert shown_titles(window) == {"Alpha story", "Bravo story", "Delta story"}
    assert group_rows(window) == {"Changed": "3", "Untracked": "1"}
    window.list_pane.filter_edit.setText("is:untracked")
    qtbot.waitUntil(lambda: shown_titles(window) == {"Delta story"})
    window.list_pane.filter_edit.setText("-is:changed")
    qtbot.waitUntil(lambda: shown_titles(window) == {"Charlie story"})
    window.list_pane.filter_edit.setText("")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 4)

    # Staged, then committed: the states follow a check (activating the window asks one).
    git(a, "add", "news/alpha.md")
    window.git_status.refresh()
    wait_status(qtbot, window)
    assert git_cell(window, "Alpha story") == "S"
    window.list_pane.filter_edit.setText("is:staged")
    qtbot.waitUntil(lambda: shown_titles(window) == {"Alpha story"})
    window.list_pane.filter_edit.setText("")
    commit_all(a, "ours")
    window.git_status.refresh()
    wait_status(qtbot, window)
    assert {git_cell(window, t) for t in shown_titles(window)} == {""}
    assert group_rows(window) == {}

    assert window.git_status.label.isVisibleTo(window)
    assert window.git_status.label.text() == "main ↑1"
    assert "origin/main" in window.git_status.label.toolTip()


def test_the_git_column_sorts_by_state(
    qtbot: QtBot, context: AppContext, remote: Path, make_article: Callable[..., Path]
) -> None:
    a = clone(remote, "a")
    rewrite(a / "news" / "charlie.md", b"quality: 50", b"quality: 52")
    make_article(a / "news", "delta", title="Delta story")
    window = open_window(qtbot, context, a / "news")
    wait_status(qtbot, window)
    window.proxy.sort(Column.GIT)
    letters = [window.proxy.index(r, Column.GIT).data() for r in range(window.proxy.rowCount())]
    assert letters == ["", "", "?", "M"]


def test_branch_text_says_ahead_behind_and_why_not() -> None:
    assert git_status.branch_text(Branch("main", "c", "origin/main", 2, 1))[0] == "main ↑2 ↓1"
    assert git_status.branch_text(Branch("main", "c", "origin/main", 0, 0))[0] == "main"
    text, tip = git_status.branch_text(Branch("topic", "c"))
    assert (text, "no remote branch" in tip) == ("topic", True)
    assert git_status.branch_text(Branch(None, "c"))[0] == "detached HEAD"


def test_without_git_nothing_of_git_is_shown(
    qtbot: QtBot,
    context: AppContext,
    remote: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a = clone(remote, "a")
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # git is not found
    window = open_window(qtbot, context, a / "news")
    wait_status(qtbot, window)
    _assert_no_git(window, git_status.NO_GIT)


def test_outside_a_repository_nothing_of_git_is_shown(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    wait_status(qtbot, window)
    _assert_no_git(window, git_status.NOT_IN_GIT)
    window.list_pane.filter_edit.setText("is:changed")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 0)


def test_a_folder_with_no_git_folder_above_it_is_outside_git_without_running_git(
    qtbot: QtBot,
    context: AppContext,
    articles: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert git_status.outside_git(articles)
    inner = tmp_path / "repo" / "news" / "2024"
    inner.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    assert not git_status.outside_git(inner)
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / ".git").write_text("gitdir: /elsewhere/.git/worktrees/linked\n")
    assert not git_status.outside_git(linked)
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "repo" / ".git"))
    assert not git_status.outside_git(articles)
    monkeypatch.delenv("GIT_DIR")

    def no_git(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("git was run")

    monkeypatch.setattr(git_status, "folder_status", no_git)
    window = open_window(qtbot, context, articles)
    wait_status(qtbot, window)
    _assert_no_git(window, git_status.NOT_IN_GIT)


def _assert_no_git(window: MainWindow, reason: str) -> None:
    assert window.git_status.reason == reason
    assert window.table.horizontalHeader().isSectionHidden(Column.GIT)
    assert window.git_status.group is not None and window.git_status.group.isHidden()
    assert not window.git_status.label.isVisibleTo(window)
    sync = window.git_sync
    assert not sync.action.isVisible() and not sync.action.isEnabled()
    assert reason in sync.action.toolTip()
    assert sync.why.isVisible() and reason in sync.why.text()
    assert not sync.start()


# -- sync


def test_sync_saves_first_pulls_the_others_commit_and_pushes_ours(
    qtbot: QtBot, context: AppContext, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = clone(remote, "a"), clone(remote, "b")
    rewrite(b / "news" / "charlie.md", b"Charlie story", b"Charlie story, updated")
    commit_all(b, "theirs")
    git(b, "push", "-q", "origin", "main")
    rewrite(a / "news" / "alpha.md", b"quality: 50", b"quality: 60")
    commit_all(a, "ours")
    window = open_window(qtbot, context, a / "news")
    wait_status(qtbot, window)
    assert window.git_status.label.text() == "main ↑1"  # as of the last fetch

    bravo = next(d for d in window.model.documents() if d.view.title == "Bravo story")
    window.editor.set_value(bravo, ("quality",), 99)
    asked: list[int] = []

    def refuse(_parent: object, count: int, **labels: object) -> dialogs.Unsaved:
        asked.append(count)
        assert labels["title"] == "Sync" and labels["without"] is None  # save or stop
        return dialogs.Unsaved.CANCEL

    monkeypatch.setattr(dialogs, "ask_unsaved", refuse)
    assert not window.git_sync.start()  # not saved: no sync
    assert asked == [1] and bravo.modified
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_a, **_k: dialogs.Unsaved.SAVE)

    report = sync_and_wait(qtbot, window)
    assert report is not None and report.ok, report
    assert report.pulled == 1 and report.pushed >= 1
    assert not bravo.modified  # saved first (and left uncommitted)
    assert "pulled 1 commit" in window.status.currentMessage()
    qtbot.waitUntil(lambda: "Charlie story, updated" in shown_titles(window), timeout=10_000)
    assert git(remote, "rev-parse", "main") == git(a, "rev-parse", "HEAD")  # ours pushed
    assert "ours" in git(remote, "log", "--format=%s", "main")
    assert git_cell(window, "Bravo story") == "M"  # saved, not committed
    assert window.git_status.label.text() == "main"  # nothing ahead or behind now


def test_a_sync_problem_is_a_dialog(
    qtbot: QtBot,
    context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_article: Callable[..., Path],
) -> None:
    repo = tmp_path / "solo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    make_article(repo, "alpha", title="Alpha story")
    commit_all(repo, "initial")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs,
        "error_dialog",
        lambda _parent, message, details="", **_: shown.append((message, details)),
    )
    window = open_window(qtbot, context, repo)
    wait_status(qtbot, window)
    assert window.git_sync.action.isVisible()
    report = sync_and_wait(qtbot, window)
    assert report is not None and report.problem is not None
    assert report.problem.kind == "no-upstream"
    assert len(shown) == 1
    assert "Sync stopped" in shown[0][0] and "no upstream" in shown[0][0]


def test_a_conflict_shows_c_and_is_conflicted_finds_it(
    qtbot: QtBot, context: AppContext, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = clone(remote, "a"), clone(remote, "b")
    rewrite(b / "news" / "alpha.md", b"quality: 50", b"quality: 70")
    commit_all(b, "theirs")
    git(b, "push", "-q", "origin", "main")
    rewrite(a / "news" / "alpha.md", b"quality: 50", b"quality: 30")
    commit_all(a, "ours")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs,
        "error_dialog",
        lambda _parent, message, details="", **_: shown.append((message, details)),
    )
    window = open_window(qtbot, context, a / "news")
    wait_status(qtbot, window)
    report = sync_and_wait(qtbot, window)
    assert report is not None and report.conflicts == ("news/alpha.md",)
    assert len(shown) == 1 and "conflict" in shown[0][0] and "news/alpha.md" in shown[0][1]
    qtbot.waitUntil(lambda: window.git_status.counts(window.model.documents())["conflicted"] == 1)
    window.list_pane.filter_edit.setText("is:conflicted")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)
    assert window.proxy.index(0, Column.GIT).data() == "C"
    assert group_rows(window)["Conflicted"] == "1"


def test_cancel_stops_the_sync(
    qtbot: QtBot, context: AppContext, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()

    def slow_sync(_folder: Path, **kwargs: Any) -> SyncReport:
        started.set()
        progress, cancelled = kwargs["progress"], kwargs["cancelled"]
        progress("fetch")
        while not cancelled():
            threading.Event().wait(0.02)
        raise GitCancelled("cancelled")

    monkeypatch.setattr(git_sync, "sync", slow_sync)
    window = open_window(qtbot, context, clone(remote, "a") / "news")
    wait_status(qtbot, window)
    with qtbot.waitSignal(window.git_sync.finished, timeout=10_000) as blocker:
        assert window.git_sync.start()
        assert window.git_sync.running() and not window.git_sync.action.isEnabled()
        assert not window.git_sync.start()  # one at a time
        qtbot.waitUntil(started.is_set)
        qtbot.waitUntil(lambda: window.status.progress.isVisibleTo(window))
        qtbot.waitUntil(lambda: "fetching" in window.status.progress.format())
        window.status.cancel.click()
    assert blocker.args == [None]
    assert not window.git_sync.running() and window.git_sync.action.isEnabled()
    assert window.status.currentMessage() == "Sync cancelled"
    assert not window.status.progress.isVisibleTo(window)


def test_the_search_finds_the_states_given_to_records() -> None:
    from reviewer.core.query import Record, parse

    changed = Record({"title": "a"}, states=git_status.search_states("untracked"))
    staged = Record({"title": "b"}, states=git_status.search_states("staged"))
    plain = Record({"title": "c"})
    records = [changed, staged, plain]
    assert parse("is:changed").mask(records) == [True, True, False]
    assert parse("is:untracked").mask(records) == [True, False, False]
    assert parse("is:staged").mask(records) == [False, True, False]
    assert parse("is:conflicted or -is:changed").mask(records) == [False, False, True]
    assert git_status.search_states("conflicted") == {"conflicted"}
    assert git_status.search_states("unchanged") == frozenset()


def test_a_commit_in_the_window_updates_the_states(
    qtbot: QtBot, context: AppContext, remote: Path
) -> None:
    a = clone(remote, "a")
    rewrite(a / "news" / "alpha.md", b"quality: 50", b"quality: 53")
    window = open_window(qtbot, context, a / "news")
    wait_status(qtbot, window)
    assert git_cell(window, "Alpha story") == "M"
    commit_all(a, "ours")  # as Git ▸ Commit does, then says so
    window.git_commit.committed.emit("ours")
    qtbot.waitUntil(lambda: git_cell(window, "Alpha story") == "")
    assert window.git_status.label.text() == "main ↑1"
