"""Git ▸ Commit…: the dialog lists the changed articles and the generated message; the
commit records only the files ticked, with the editor's message; git's failures are shown."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window

from reviewer.app import dialogs
from reviewer.app.context import AppContext
from reviewer.app.git.commit import NOTHING_TO_COMMIT, CommitDialog
from reviewer.app.mainwindow import MainWindow
from reviewer.workspace.git import runner
from tests.gitrepos import commit_all, git, head, needs_git, write

pytestmark = [needs_git, pytest.mark.usefixtures("git_home")]

X = """\
---
title: Bike share goes electric
published: false
heat: 3
---
Body of x.
"""

Y = """\
---
title: Other story
published: true
heat: 1
---
Body of y.
"""

ELSEWHERE = """\
---
title: Elsewhere
---
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with news/x.md, news/y.md, other/o.md and a README, committed."""
    repo = tmp_path / "site"
    git(tmp_path, "init", "-q", "-b", "main", str(repo))
    write(repo / "news" / "x.md", X)
    write(repo / "news" / "y.md", Y)
    write(repo / "other" / "o.md", ELSEWHERE)
    write(repo / "README.md", "# The site\n")
    commit_all(repo, "initial")
    return repo


def changed(repo: Path) -> None:
    """x published, y hotter; unrelated: a staged article outside the folder, a README."""
    write(repo / "news" / "x.md", X.replace("published: false", "published: true"))
    write(repo / "news" / "y.md", Y.replace("heat: 1", "heat: 2"))
    write(repo / "other" / "o.md", ELSEWHERE + "staged\n")
    git(repo, "add", "other/o.md")
    write(repo / "README.md", "# The site, edited\n")


def ready(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the folder's repository was checked (in a worker)."""
    qtbot.waitUntil(lambda: window.git_commit.action.isEnabled(), timeout=10_000)


def open_dialog(qtbot: QtBot, window: MainWindow) -> CommitDialog:
    ready(qtbot, window)
    window.git_commit.action.trigger()
    qtbot.waitUntil(lambda: window.git_commit.dialog is not None, timeout=10_000)
    dialog = window.git_commit.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def rows(dialog: CommitDialog) -> list[tuple[str, str, str]]:
    found = []
    for i in range(dialog.tree.topLevelItemCount()):
        item = dialog.tree.topLevelItem(i)
        assert item is not None
        found.append((item.text(0), item.text(1), item.text(2)))
    return found


def committed(qtbot: QtBot, window: MainWindow) -> str:
    """Wait for the commit's message in the status bar; the message."""
    qtbot.waitUntil(lambda: window.status.currentMessage().startswith("Committed"), timeout=20_000)
    return window.status.currentMessage()


def test_the_dialog_lists_the_changes_and_commits_them_with_the_edited_message(
    qtbot: QtBot, context: AppContext, repo: Path
) -> None:
    changed(repo)
    before = git(repo, "status", "--porcelain")
    window = open_window(qtbot, context, repo / "news")
    assert window.git_commit.action.shortcut().toString() == "Ctrl+K"
    dialog = open_dialog(qtbot, window)
    assert dialog.branch.text() == "On branch main"
    assert rows(dialog) == [
        ("Bike share goes electric", "Publish", "published"),
        ("Other story", "Edit", "heat"),
    ]
    assert dialog.message() == (
        "Publish 1, edit 1 articles\n\n- Bike share goes electric: published\n- Other story: heat\n"
    )
    dialog.message_edit.setPlainText("Reviewed the news\n\nTwo stories checked.")
    dialog.commit_button.click()
    said = committed(qtbot, window)
    assert said == f"Committed 2 articles: {head(repo)[:7]}"
    assert git(repo, "log", "-1", "--format=%B") == "Reviewed the news\n\nTwo stories checked.\n\n"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [
        "news/x.md",
        "news/y.md",
    ]
    after = git(repo, "status", "--porcelain").splitlines()
    assert after == [" M README.md", "M  other/o.md"]  # the unrelated changes, as they were
    assert [line for line in before.splitlines() if "news/" not in line] == after
    assert window.git_commit.dialog is None
    x = window.workspace.document(repo / "news" / "x.md")
    assert x is not None
    qtbot.waitUntil(lambda: window.git_status.state(x) == "unchanged")  # the Git column


def test_a_file_left_out_stays_as_it_was(qtbot: QtBot, context: AppContext, repo: Path) -> None:
    changed(repo)
    window = open_window(qtbot, context, repo / "news")
    dialog = open_dialog(qtbot, window)
    dialog.set_checked("y.md", False)
    assert dialog.summary.text().startswith("1 of 2 articles ticked")
    only_x = "Publish 1 article\n\n- Bike share goes electric: published\n"
    assert dialog.message() == only_x  # not edited yet: it follows the files ticked
    dialog.message_edit.setPlainText("Mine")
    dialog.set_checked("y.md", True)
    assert dialog.message() == "Mine"  # edited: kept until asked
    dialog.set_checked("y.md", False)
    dialog.regenerate()
    assert dialog.message() == only_x
    dialog.set_checked("x.md", False)
    assert not dialog.commit_button.isEnabled()  # nothing ticked
    dialog.set_checked("x.md", True)
    dialog.commit_button.click()
    assert committed(qtbot, window).startswith("Committed 1 article: ")
    assert git(repo, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "Publish",
        "1",
        "article",
        "news/x.md",
    ]
    assert " M news/y.md" in git(repo, "status", "--porcelain").splitlines()


def test_a_failing_hook_shows_git_s_message_and_commits_nothing(
    qtbot: QtBot, context: AppContext, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    write(hook, "#!/bin/sh\necho 'pre-commit: no commits on Fridays' >&2\nexit 1\n")
    os.chmod(hook, os.stat(hook).st_mode | stat.S_IXUSR)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs,
        "error_dialog",
        lambda _parent, message, details="", **_: shown.append((message, details)),
    )
    changed(repo)
    before = (head(repo), git(repo, "status", "--porcelain"))
    window = open_window(qtbot, context, repo / "news")
    dialog = open_dialog(qtbot, window)
    dialog.commit_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    message, _details = shown[0]
    assert message.startswith("The commit failed; nothing was committed.")
    assert "pre-commit: no commits on Fridays" in message
    assert (head(repo), git(repo, "status", "--porcelain")) == before
    assert window.git_commit.action.isEnabled()  # it can be tried again


def test_nothing_to_commit_is_said(qtbot: QtBot, context: AppContext, repo: Path) -> None:
    window = open_window(qtbot, context, repo / "news")
    ready(qtbot, window)
    window.git_commit.action.trigger()
    qtbot.waitUntil(lambda: window.git_commit.notice is not None, timeout=10_000)
    notice = window.git_commit.notice
    assert notice is not None and notice.text() == NOTHING_TO_COMMIT
    assert window.git_commit.dialog is None
    notice.accept()


def test_unsaved_changes_are_saved_first_when_asked(
    qtbot: QtBot, context: AppContext, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []

    def save_them(_parent: object, count: int, **labels: object) -> dialogs.Unsaved:
        asked.append(count)
        assert labels["title"] == "Commit" and labels["without"] == "Commit Without Them"
        return dialogs.Unsaved.SAVE

    monkeypatch.setattr(dialogs, "ask_unsaved", save_them)
    window = open_window(qtbot, context, repo / "news")
    x = window.workspace.document(repo / "news" / "x.md")
    assert x is not None
    window.editor.set_value(x, ("heat",), 9)
    dialog = open_dialog(qtbot, window)
    assert asked == [1] and not x.modified
    assert rows(dialog) == [("Bike share goes electric", "Edit", "heat")]
    dialog.reject()


def test_committing_without_the_unsaved_changes_keeps_them_unsaved(
    qtbot: QtBot, context: AppContext, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_a, **_k: dialogs.Unsaved.DISCARD)
    (repo / "news" / "y.md").write_text(
        (repo / "news" / "y.md").read_text(encoding="utf-8").replace("heat: 1", "heat: 2"),
        encoding="utf-8",
    )
    window = open_window(qtbot, context, repo / "news")
    x = window.workspace.document(repo / "news" / "x.md")
    assert x is not None
    window.editor.set_value(x, ("heat",), 9)
    dialog = open_dialog(qtbot, window)
    assert x.modified  # not saved, not committed: the plan is what is on disk
    assert rows(dialog) == [("Other story", "Edit", "heat")]
    dialog.reject()


def test_cancelling_the_question_starts_nothing(
    qtbot: QtBot, context: AppContext, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_a, **_k: dialogs.Unsaved.CANCEL)
    window = open_window(qtbot, context, repo / "news")
    x = window.workspace.document(repo / "news" / "x.md")
    assert x is not None
    window.editor.set_value(x, ("heat",), 9)
    ready(qtbot, window)
    window.git_commit.action.trigger()
    assert window.workers.running("git-commit-plan") == []
    assert x.modified and window.git_commit.dialog is None


def test_the_action_says_why_it_is_disabled(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain"
    write(plain / "x.md", X)
    window = open_window(qtbot, context, None)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Git") == titles.index("&View") + 1
    git_menu = window.context.actions.menu("menu.git")
    assert window.git_commit.action in git_menu.actions()
    assert window.git_conflicts.action in git_menu.actions()
    assert not window.git_commit.action.isEnabled()
    assert window.git_commit.problem().startswith("No folder is open")
    with qtbot.waitSignal(window.loader.finished, timeout=30_000):
        window.open_folder(plain)
    qtbot.waitUntil(lambda: "not in a git work tree" in window.git_commit.problem())
    assert not window.git_commit.action.isEnabled()
    monkeypatch.setattr(runner, "GIT", str(tmp_path / "no-such-git"))
    with qtbot.waitSignal(window.loader.finished, timeout=30_000):
        window.open_folder(plain)
    qtbot.waitUntil(lambda: "git is not installed" in window.git_commit.problem())
