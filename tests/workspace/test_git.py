"""Git status, commit, sync and setup against real git: a bare remote and two editors' clones.

Each test gets its own HOME (no user or system git config is read), with user.name/email and
init.defaultBranch set there. Skipped when git is not installed.
"""

from __future__ import annotations

import http.server
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.workspace.git import (
    CommitPlan,
    GitCancelled,
    GitError,
    GitMissing,
    NotARepository,
    commit,
    commit_plan,
    folder_status,
    merge_setup,
    remove_merge_driver,
    run_git,
    runner,
    setup_merge_driver,
    sync,
)
from reviewer.workspace.git import status as git_status
from reviewer.workspace.git.runner import GitTimeout, find_repository
from reviewer.workspace.git.setup import ATTRIBUTE_LINES, COMMENT
from reviewer.workspace.git.sync import AUTH
from tests.gitrepos import bare_remote, commit_all, git, head, needs_git, write

pytestmark = [needs_git, pytest.mark.usefixtures("git_home")]

X = """\
---
title: Bike share goes electric
published: false
heat: 3
provider:
  name: City news
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

W = """\
---
title: Weekly notes
topics: [a]
---
"""

V = """\
---
title: Old piece
---
"""


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare remote holding news/x.md, y.md, w.md, v.md and a README (no front matter)."""
    return bare_remote(
        tmp_path,
        {
            "news/x.md": X,
            "news/y.md": Y,
            "news/w.md": W,
            "news/v.md": V,
            "README.md": "# The site\n",
        },
    )


def states(folder: Path) -> dict[str, str]:
    return {f.relative: f.state for f in folder_status(folder).files}


# -- status


def test_status_gives_each_article_its_state_and_the_branch(a: Path) -> None:
    news = a / "news"
    write(news / "x.md", X.replace("heat: 3", "heat: 4"))  # modified
    write(news / "y.md", Y.replace("heat: 1", "heat: 2"))
    git(a, "add", "news/y.md")  # staged
    (news / "v.md").unlink()  # deleted
    write(news / "new one.md", X)  # untracked, a space in its name
    write(news / "line\nbreak.md", V)  # a newline in its name
    (news / os.fsdecode(b"caf\xe9.md")).write_bytes(V.encode())  # not UTF-8
    write(news / "notes.md", "no front matter\n")  # not an article
    write(news / ".hidden.md", X)  # the lister skips it
    found = folder_status(news)
    assert {f.relative: f.state for f in found.files} == {
        "x.md": "modified",
        "y.md": "staged",
        "w.md": "unchanged",
        "v.md": "deleted",
        "new one.md": "untracked",
        "line\nbreak.md": "untracked",
        os.fsdecode(b"caf\xe9.md"): "untracked",
    }
    titles = {f.relative: f.title for f in found.files}
    assert titles["x.md"] == "Bike share goes electric"
    assert titles["v.md"] is None
    row = found.row()
    assert (row["branch"], row["upstream"], row["ahead"], row["behind"]) == (
        "main",
        "origin/main",
        0,
        0,
    )
    assert {"path": "w.md", "title": "Weekly notes", "state": "unchanged"} in row["files"]


def test_status_counts_ahead_and_behind(a: Path, b: Path) -> None:
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 9"))
    commit_all(a)
    git(a, "push", "-q")
    write(b / "news" / "y.md", Y.replace("heat: 1", "heat: 5"))
    commit_all(b)
    git(b, "fetch", "-q")
    branch = folder_status(b).branch
    assert (branch.ahead, branch.behind) == (1, 1)


def test_status_of_a_detached_head_and_a_branch_without_upstream(a: Path) -> None:
    git(a, "checkout", "-q", "--detach")
    branch = folder_status(a).branch
    assert branch.detached and branch.name is None and branch.upstream is None
    assert branch.ahead is None and branch.behind is None
    git(a, "checkout", "-q", "-b", "local")
    branch = folder_status(a).branch
    assert (branch.name, branch.upstream, branch.ahead) == ("local", None, None)


def test_status_after_a_conflicting_merge(a: Path, b: Path) -> None:
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 7"))
    commit_all(a)
    git(a, "push", "-q")
    write(b / "news" / "x.md", X.replace("heat: 3", "heat: 8"))
    commit_all(b)
    git(b, "fetch", "-q")
    git(b, "merge", "-q", "origin/main", check=False)
    found = folder_status(b / "news")
    assert {f.relative: f.state for f in found.files}["x.md"] == "conflicted"


def test_status_leaves_out_ignored_files(a: Path) -> None:
    write(a / ".gitignore", "news/drafts/\n")
    commit_all(a)
    write(a / "news" / "drafts" / "d.md", X)
    assert "drafts/d.md" not in states(a / "news")


def test_parse_status_reads_renames_conflicts_and_odd_bytes() -> None:
    output = b"\0".join(
        [
            b"# branch.oid 0123",
            b"# branch.head main",
            b"# branch.upstream origin/main",
            b"# branch.ab +2 -3",
            b"1 .M N... 100644 100644 100644 aa bb a b.md",
            b"2 R. N... 100644 100644 100644 aa bb R100 new\nname.md",
            b"old.md",
            b"u UU N... 100644 100644 100644 100644 aa bb cc both.md",
            b"? caf\xe9 .md",
            b"! ignored.md",
            b"",
        ]
    )
    branch, entries = git_status.parse_status(output)
    assert (branch.name, branch.upstream, branch.ahead, branch.behind) == (
        "main",
        "origin/main",
        2,
        3,
    )
    assert [(e.path, e.state) for e in entries] == [
        ("a b.md", "modified"),
        ("new\nname.md", "staged"),
        ("old.md", "deleted"),
        ("both.md", "conflicted"),
        (os.fsdecode(b"caf\xe9 .md"), "untracked"),
    ]
    detached, _ = git_status.parse_status(b"# branch.oid (initial)\0# branch.head (detached)\0")
    assert detached.detached and detached.commit is None


def test_not_a_repository_and_git_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(NotARepository, match="not in a git work tree"):
        folder_status(plain)
    monkeypatch.setattr(runner, "GIT", str(tmp_path / "no-such-git"))
    with pytest.raises(GitMissing, match="git is not installed"):
        folder_status(plain)


# -- the runner


@pytest.fixture
def slow_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A 'git' that sleeps for a minute."""
    script = tmp_path / "slow-git"
    script.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(runner, "GIT", str(script))
    return script


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as git")
def test_a_cancelled_command_is_stopped(tmp_path: Path, slow_git: Path) -> None:
    start = time.monotonic()
    with pytest.raises(GitCancelled):
        run_git(tmp_path, "fetch", cancelled=lambda: time.monotonic() - start > 0.3)
    assert time.monotonic() - start < 10


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as git")
def test_a_command_past_its_timeout_is_stopped(tmp_path: Path, slow_git: Path) -> None:
    start = time.monotonic()
    with pytest.raises(GitTimeout, match="took more than"):
        run_git(tmp_path, "fetch", timeout=0.5)
    assert time.monotonic() - start < 10


def test_failures_carry_git_s_message(a: Path) -> None:
    with pytest.raises(GitError, match=r"unknown revision|bad revision|ambiguous argument"):
        run_git(a, "log", "no-such-branch")


# -- commit


def test_the_generated_message_counts_decisions_and_lists_changed_fields(a: Path) -> None:
    news = a / "news"
    write(news / "x.md", X.replace("published: false", "published: true").replace("3", "5"))
    write(news / "y.md", Y.replace("published: true", "published: no"))
    write(news / "w.md", W.replace("[a]", "[a, b]") + "A new body.\n")
    (news / "v.md").unlink()
    write(news / "z.md", "---\ntitle: Brand new\n---\n")
    plan = commit_plan(news)
    assert plan.subject == "Publish 1, unpublish 1, edit 1, add 1, delete 1 articles"
    assert plan.body.splitlines() == [
        "- Old piece (deleted)",
        "- Weekly notes: topics, body",
        "- Bike share goes electric: published, heat",
        "- Other story: published",
        "- Brand new (new)",
    ]
    assert plan.message == f"{plan.subject}\n\n{plan.body}\n"
    assert [c.relative for c in plan.files] == ["v.md", "w.md", "x.md", "y.md", "z.md"]
    assert [c.decision for c in plan.files] == ["delete", "edit", "publish", "unpublish", "add"]


def test_nested_fields_are_named_by_key_path(a: Path) -> None:
    write(a / "news" / "x.md", X.replace("City news", "Town news"))
    plan = commit_plan(a / "news")
    assert plan.subject == "Edit 1 article"
    assert plan.body == "- Bike share goes electric: provider.name"


def test_commit_records_the_folder_s_articles_and_nothing_else(a: Path) -> None:
    news = a / "news"
    write(a / "README.md", "# The site, changed\n")  # unstaged, outside
    write(a / "notes" / "todo.txt", "staged, outside\n")
    git(a, "add", "notes/todo.txt")
    write(news / "y.md", Y.replace("heat: 1", "heat: 2"))
    git(a, "add", "news/y.md")  # staged, inside: committed
    write(news / "x.md", X.replace("heat: 3", "heat: 4"))  # unstaged, inside: committed
    write(news / "plain.txt", "not an article\n")  # untracked, inside, no front matter
    write(news / "z.md", "---\ntitle: Brand new\n---\n")  # untracked article: committed
    before = git(a, "status", "--porcelain")
    plan = commit_plan(news)
    commit_id = commit(plan, "Review of the news")
    assert commit_id == head(a)
    committed = git(a, "show", "--name-only", "--format=%s", "HEAD").split()
    assert committed[0:4] == ["Review", "of", "the", "news"]
    assert sorted(committed[4:]) == ["news/x.md", "news/y.md", "news/z.md"]
    after = git(a, "status", "--porcelain")
    assert after.splitlines() == [
        line for line in before.splitlines() if line[3:] not in plan_keys(plan)
    ]
    assert " M README.md" in after.splitlines()
    assert "A  notes/todo.txt" in after.splitlines()
    assert "?? news/plain.txt" in after.splitlines()
    assert folder_status(news).changed() == []


def plan_keys(plan: CommitPlan) -> set[str]:
    return {c.key for c in plan.files}


def test_commit_takes_the_generated_message_by_default(a: Path) -> None:
    write(a / "news" / "x.md", X.replace("published: false", "published: true"))
    (a / "news" / "v.md").unlink()
    commit(commit_plan(a / "news"))
    assert git(a, "log", "-1", "--format=%B").strip() == (
        "Publish 1, delete 1 articles\n\n- Old piece (deleted)\n"
        "- Bike share goes electric: published"
    )
    assert git(a, "status", "--porcelain") == ""


def test_commit_of_a_subfolder_leaves_the_rest(a: Path) -> None:
    write(a / "news" / "sub" / "s.md", "---\ntitle: Sub\n---\n")
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 4"))
    commit(commit_plan(a / "news" / "sub"))
    assert git(a, "status", "--porcelain").splitlines() == [" M news/x.md"]


def test_nothing_to_commit_and_conflicts_are_refused(a: Path, b: Path) -> None:
    plan = commit_plan(a / "news")
    assert plan.files == () and plan.subject == "No article changes"
    with pytest.raises(GitError, match="nothing to commit"):
        commit(plan)
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 7"))
    commit_all(a)
    git(a, "push", "-q")
    write(b / "news" / "x.md", X.replace("heat: 3", "heat: 8"))
    commit_all(b)
    git(b, "fetch", "-q")
    git(b, "merge", "-q", "origin/main", check=False)
    with pytest.raises(GitError, match=r"resolve the conflicts first: x\.md"):
        commit_plan(b / "news")


def test_a_plan_without_some_files_commits_the_rest_with_a_message_made_again(a: Path) -> None:
    write(a / "news" / "x.md", X.replace("published: false", "published: true"))
    write(a / "news" / "y.md", Y.replace("heat: 1", "heat: 2"))
    plan = commit_plan(a / "news")
    assert plan.branch == "main"
    assert [c.relative for c in plan.files] == ["x.md", "y.md"]
    fewer = plan.without([a / "news" / "y.md"])
    assert [c.relative for c in fewer.files] == ["x.md"]
    assert fewer.message == "Publish 1 article\n\n- Bike share goes electric: published\n"
    assert (fewer.subject, fewer.branch) == ("Publish 1 article", "main")
    assert plan.without([]) == plan
    commit(fewer)
    assert git(a, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "Publish",
        "1",
        "article",
        "news/x.md",
    ]
    assert git(a, "status", "--porcelain").splitlines() == [" M news/y.md"]


def test_the_first_commit_of_a_new_repository(tmp_path: Path) -> None:
    repo = tmp_path / "fresh"
    git(tmp_path, "init", "-q", "-b", "main", str(repo))
    write(repo / "x.md", X)
    plan = commit_plan(repo)
    assert plan.subject == "Add 1 article"
    commit(plan)
    assert git(repo, "ls-files").split() == ["x.md"]


# -- sync


def test_sync_fast_forwards(a: Path, b: Path) -> None:
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 4"))
    commit_all(a)
    git(a, "push", "-q")
    steps: list[str] = []
    report = sync(b / "news", progress=steps.append)
    assert report.ok and report.problem is None
    assert steps == ["fetch", "merge"] and report.steps == ["fetch", "merge"]
    assert (report.pulled, report.pushed) == (1, 0)
    assert "heat: 4" in (b / "news" / "x.md").read_text()


def test_sync_merges_a_change_next_to_ours_and_pushes(a: Path, b: Path) -> None:
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 4"))
    commit_all(a)
    git(a, "push", "-q")
    write(b / "news" / "y.md", Y.replace("heat: 1", "heat: 2"))
    commit_all(b)
    report = sync(b)
    assert report.ok, report.problem
    assert report.steps == ["fetch", "merge", "push"]
    assert report.pulled == 1 and report.pushed == 2  # B's commit and the merge
    assert sync(a).pulled == 2
    assert "heat: 2" in (a / "news" / "y.md").read_text()


def test_sync_rebases_when_the_repository_says_so(a: Path, b: Path) -> None:
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 4"))
    commit_all(a)
    git(a, "push", "-q")
    git(b, "config", "pull.rebase", "true")
    write(b / "news" / "y.md", Y.replace("heat: 1", "heat: 2"))
    commit_all(b)
    write(b / "news" / "w.md", W + "dirty, untouched by the rebase\n")
    report = sync(b)
    assert report.ok, report.problem
    assert report.steps == ["fetch", "rebase", "push"] and report.pushed == 1
    assert git(b, "rev-list", "--merges", "--count", "HEAD").strip() == "0"
    assert "dirty, untouched" in (b / "news" / "w.md").read_text()


def test_a_rejected_push_keeps_the_local_commits(a: Path, b: Path) -> None:
    write(b / "news" / "y.md", Y.replace("heat: 1", "heat: 2"))
    commit_all(b)
    ours = head(b)

    def meanwhile(step: str) -> None:  # A pushes between B's fetch and B's push
        if step == "push":
            write(a / "news" / "x.md", X.replace("heat: 3", "heat: 4"))
            commit_all(a)
            git(a, "push", "-q")

    report = sync(b, progress=meanwhile)
    assert report.problem is not None and report.problem.kind == "rejected"
    assert "local commits are kept" in report.problem.message
    assert report.steps == ["fetch"] and report.pushed == 0
    assert head(b) == ours
    again = sync(b)
    assert again.ok and again.pulled == 1 and again.pushed == 2


def test_sync_refuses_a_dirty_file_it_would_change(a: Path, b: Path) -> None:
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 4"))
    commit_all(a)
    git(a, "push", "-q")
    dirty = X.replace("title: Bike", "title: My bike")
    write(b / "news" / "x.md", dirty)
    write(b / "news" / "y.md", Y.replace("heat: 1", "heat: 6"))  # unrelated: may stay
    before = head(b)
    report = sync(b)
    assert report.problem is not None and report.problem.kind == "dirty"
    assert report.problem.files == ("news/x.md",)
    assert head(b) == before and (b / "news" / "x.md").read_text() == dirty
    (b / "news" / "x.md").write_text(X, encoding="utf-8")
    report = sync(b)
    assert report.ok, report.problem
    assert "heat: 6" in (b / "news" / "y.md").read_text()
    assert "heat: 4" in (b / "news" / "x.md").read_text()


def test_sync_stops_on_a_conflict_in_git_s_conflicted_state(a: Path, b: Path) -> None:
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 7"))
    commit_all(a)
    git(a, "push", "-q")
    write(b / "news" / "x.md", X.replace("heat: 3", "heat: 8"))
    commit_all(b)
    report = sync(b)
    assert report.problem is not None and report.problem.kind == "conflict"
    assert report.conflicts == ("news/x.md",) and not report.rebasing
    assert report.steps == ["fetch"] and report.pulled == 0
    assert "git merge --abort" in report.problem.message
    assert git(b, "rev-parse", "-q", "--verify", "MERGE_HEAD").strip()
    assert states(b / "news")["x.md"] == "conflicted"
    again = sync(b)
    assert again.problem is not None and again.problem.kind == "in-progress"


def test_a_rebase_conflict_says_how_to_continue(a: Path, b: Path) -> None:
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 7"))
    commit_all(a)
    git(a, "push", "-q")
    git(b, "config", "branch.main.rebase", "true")
    write(b / "news" / "x.md", X.replace("heat: 3", "heat: 8"))
    commit_all(b)
    report = sync(b)
    assert report.problem is not None and report.problem.kind == "conflict"
    assert report.rebasing and "git rebase --continue" in report.problem.message
    git(b, "rebase", "--abort")


def test_sync_without_upstream_or_branch(a: Path) -> None:
    git(a, "checkout", "-q", "-b", "local")
    report = sync(a)
    assert report.problem is not None and report.problem.kind == "no-upstream"
    assert "local has no upstream" in report.problem.message
    git(a, "checkout", "-q", "--detach")
    report = sync(a)
    assert report.problem is not None and report.problem.kind == "detached"
    assert report.steps == []


def test_sync_with_nothing_to_do(a: Path) -> None:
    report = sync(a)
    assert report.ok and report.steps == ["fetch"] and (report.pulled, report.pushed) == (0, 0)


def test_an_unreachable_remote_fails_fast(a: Path) -> None:
    git(a, "remote", "set-url", "origin", "https://127.0.0.1:1/x.git")
    start = time.monotonic()
    report = sync(a)
    assert report.problem is not None and report.problem.kind == "unreachable"
    assert "could not be reached" in report.problem.message
    assert time.monotonic() - start < 30


def test_an_ssh_remote_that_refuses_fails_fast(a: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(a, "remote", "set-url", "origin", "ssh://git@example.invalid/x.git")
    monkeypatch.setenv("GIT_SSH_COMMAND", "false")
    report = sync(a)
    assert report.problem is not None and report.problem.kind == "auth"
    assert "authentication failed" in report.problem.message


class _Unauthorized(http.server.BaseHTTPRequestHandler):
    """Every request wants a password."""

    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="test"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def password_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Unauthorized)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/x.git"
    finally:
        server.shutdown()
        server.server_close()


def test_a_remote_asking_for_a_password_fails_without_a_prompt(
    a: Path, password_server: str
) -> None:
    git(a, "remote", "set-url", "origin", password_server)
    start = time.monotonic()
    report = sync(a)
    assert report.problem is not None and report.problem.kind == "auth", report.problem
    assert time.monotonic() - start < 30


# -- setup


def test_git_setup_is_idempotent_keeps_other_lines_and_is_removable(a: Path) -> None:
    attributes = a / ".git" / "info" / "attributes"
    attributes.parent.mkdir(exist_ok=True)
    attributes.write_text("*.png binary\n", encoding="utf-8")
    setup, changed = setup_merge_driver(a / "news")
    assert changed and setup.configured
    assert setup.attributes == attributes
    lines = attributes.read_text().splitlines()
    assert lines == ["*.png binary", COMMENT, *ATTRIBUTE_LINES]
    assert "*.md merge=reviewer" in lines and "*.html merge=reviewer" in lines
    driver = git(a, "config", "--local", "merge.reviewer.driver").strip()
    assert driver.endswith(" merge-file %A %O %B --name %P") and setup.driver == driver
    assert git(a, "check-attr", "merge", "--", "news/x.md").strip().endswith("merge: reviewer")
    again, changed = setup_merge_driver(a)
    assert not changed and again == setup
    assert attributes.read_text().splitlines() == lines
    assert git(a, "status", "--porcelain") == ""  # nothing to commit
    removed, changed = remove_merge_driver(a)
    assert changed and not removed.configured and removed.driver is None
    assert attributes.read_text() == "*.png binary\n"
    assert not merge_setup(find_repository(a)).configured
    assert not remove_merge_driver(a)[1]


def test_git_setup_in_a_linked_worktree_uses_the_shared_attributes(a: Path) -> None:
    linked = a.parent / "linked"
    git(a, "worktree", "add", "-q", "-b", "other", str(linked))
    setup, _ = setup_merge_driver(linked)
    assert setup.attributes.resolve() == (a / ".git" / "info" / "attributes").resolve()


def test_sync_defines_the_driver_when_only_the_attributes_are_there(a: Path, b: Path) -> None:
    setup_merge_driver(b)
    git(b, "config", "--local", "--remove-section", "merge.reviewer")
    write(a / "news" / "y.md", Y.replace("heat: 1", "heat: 2"))
    commit_all(a)
    git(a, "push", "-q")
    report = sync(b)
    assert report.ok and report.merge_driver


def test_problem_kinds_of_git_messages() -> None:
    kind = runner.failure_kind
    assert kind("fatal: Authentication failed for 'https://x/'") == "auth"
    assert kind("fatal: could not read Username for 'https://x': terminal prompts disabled") == (
        "auth"
    )
    assert kind("git@github.com: Permission denied (publickey).") == "auth"
    assert kind("fatal: unable to access 'https://x/': Could not resolve host: x") == (
        "unreachable"
    )
    assert kind("fatal: refusing to merge unrelated histories") == ""
    assert AUTH == "auth"


def test_sync_fast_forwards_past_unrelated_staged_and_untracked_changes(a: Path, b: Path) -> None:
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 4"))
    commit_all(a)
    git(a, "push", "-q")
    git(b, "config", "pull.rebase", "true")  # a fast-forward all the same
    write(b / "news" / "w.md", W + "staged\n")
    git(b, "add", "news/w.md")
    write(b / "news" / "y.md", Y + "unstaged\n")
    write(b / "news" / "u.md", "---\ntitle: untracked\n---\n")
    before = git(b, "status", "--porcelain")
    report = sync(b)
    assert report.ok, report.problem
    assert report.steps == ["fetch", "merge"] and report.pulled == 1
    assert git(b, "status", "--porcelain") == before
    assert "heat: 4" in (b / "news" / "x.md").read_text()


def test_staged_changes_stop_a_merge_with_local_commits(a: Path, b: Path) -> None:
    write(a / "news" / "x.md", X.replace("heat: 3", "heat: 4"))
    commit_all(a)
    git(a, "push", "-q")
    write(b / "news" / "y.md", Y.replace("heat: 1", "heat: 2"))
    commit_all(b)
    write(b / "news" / "w.md", W + "staged\n")
    git(b, "add", "news/w.md")
    before = (head(b), git(b, "status", "--porcelain"))
    report = sync(b)
    assert report.problem is not None and report.problem.kind == "dirty"
    assert report.problem.files == ("news/w.md",)
    assert "staged changes" in report.problem.message
    assert (head(b), git(b, "status", "--porcelain")) == before
