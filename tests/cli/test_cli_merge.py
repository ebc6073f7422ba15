"""``reviewer merge-file`` as git's merge driver, and ``reviewer resolve``."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import Run

from reviewer.core.frontmatter import split, yamlio
from reviewer.workspace.git import runner
from tests.gitrepos import needs_git

BASE = """\
---
title: Lamps
heat: 3
published: false
---
The body.
"""
PUBLISHED = BASE.replace("published: false", "published: true")
HOTTER = BASE.replace("heat: 3", "heat: 7")
MERGED = BASE.replace("published: false", "published: true").replace("heat: 3", "heat: 7")


def three(tmp_path: Path, current: str, other: str, base: str = BASE) -> tuple[Path, Path, Path]:
    paths = []
    for name, text in (("current.md", current), ("base.md", base), ("other.md", other)):
        path = tmp_path / name
        path.write_bytes(text.encode())
        paths.append(path)
    return paths[0], paths[1], paths[2]


def front(path: Path) -> dict[str, object]:
    parts = split.split(path.read_bytes())
    assert parts is not None
    return yamlio.load(parts.front.decode())


def test_a_clean_merge_is_written_over_current(cli: Run, tmp_path: Path) -> None:
    current, base, other = three(tmp_path, PUBLISHED, HOTTER)
    assert cli("merge-file", current, base, other) == (0, "", "")
    assert current.read_text() == MERGED
    assert base.read_text() == BASE and other.read_text() == HOTTER


def test_a_conflict_is_left_in_current_with_exit_status_1(cli: Run, tmp_path: Path) -> None:
    current, base, other = three(
        tmp_path, PUBLISHED.replace("title: Lamps", "title: Ours"), BASE.replace("Lamps", "Theirs")
    )
    status, out, err = cli("merge-file", current, base, other, "--name", "news/x.md")
    assert (status, out, err) == (1, "", "news/x.md: conflict on title\n")
    assert current.read_text() == (
        "---\n<<<<<<< ours\ntitle: Ours\n||||||| base\ntitle: Lamps\n=======\n"
        "title: Theirs\n>>>>>>> theirs\nheat: 3\npublished: true\n---\nThe body.\n"
    )


def test_usage_errors(cli: Run, tmp_path: Path) -> None:
    current, base, _ = three(tmp_path, PUBLISHED, HOTTER)
    status, _, err = cli("merge-file", current, base)
    assert status == 2 and "OTHER" in err
    status, _, err = cli("merge-file", current, base, tmp_path / "gone.md")
    assert status == 2 and "gone.md: no such file" in err
    assert current.read_text() == PUBLISHED
    status, _, err = cli("resolve", current, "title")
    assert status == 2 and "--ours" in err
    status, _, err = cli("resolve", current, "title", "--ours", "--theirs")
    assert status == 2
    status, _, err = cli("resolve", current, "title", "--value", "[a")
    assert status == 2 and "--value [a" in err


def test_without_git_a_body_merge_fails_and_current_is_kept(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "GIT", str(tmp_path / "no-git-here"))
    current, base, other = three(
        tmp_path, PUBLISHED.replace("The body.", "Ours."), HOTTER.replace("The body.", "Theirs.")
    )
    status, out, err = cli("merge-file", current, base, other)
    assert status == 1 and out == ""
    assert err.startswith(f"{current}: not merged: git is not installed")
    assert current.read_text() == PUBLISHED.replace("The body.", "Ours.")


def conflicted(tmp_path: Path) -> Path:
    current, base, other = three(
        tmp_path,
        BASE.replace("title: Lamps", "title: Ours").replace("heat: 3", "heat: 5"),
        BASE.replace("title: Lamps", "title: Theirs").replace("heat: 3", "heat: 7"),
    )
    from reviewer.workspace.mergefile import merge_file

    assert merge_file(current, base, other).conflicts == (("title",), ("heat",))
    return current


def test_resolve_settles_one_key_and_says_what_remains(cli: Run, tmp_path: Path) -> None:
    path = conflicted(tmp_path)
    status, out, err = cli("resolve", path, "title", "--theirs")
    assert (status, err) == (0, "")
    assert out == f"{path}: title settled (theirs)\n{path}: conflicts remain on heat\n"
    status, out, err = cli("resolve", path, "title", "--ours")
    assert status == 1 and err == f"{path}: no conflict on 'title' in the front matter\n"
    status, out, err = cli("resolve", path, "heat", "--value", "6")
    assert (status, err) == (0, "")
    assert out == f"{path}: heat settled (value written)\n{path}: no conflict remains\n"
    assert path.read_text() == "---\ntitle: Theirs\nheat: 6\npublished: false\n---\nThe body.\n"
    assert front(path) == {"title": "Theirs", "heat": 6, "published": False}


# -- with git itself ----------------------------------------------------------------------------


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    identity = ["-c", "user.name=Editor", "-c", "user.email=editor@example.com"]
    return subprocess.run(
        ["git", *identity, *args], cwd=repo, env=env, check=check, capture_output=True, text=True
    )


def repository(tmp_path: Path, ours: str, theirs: str) -> Path:
    """A repository whose main branch has ``ours`` and branch other ``theirs`` of x.md."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "x.md").write_text(BASE)
    git(repo, "add", "x.md")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "other")
    (repo / "x.md").write_text(theirs)
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    (repo / "x.md").write_text(ours)
    git(repo, "commit", "-q", "-am", "ours")
    return repo


def configure_driver(repo: Path) -> None:
    """The merge driver set up by hand, run by this checkout's interpreter."""
    driver = f"{shlex.quote(sys.executable)} -m reviewer merge-file %A %O %B --name %P"
    with (repo / ".git" / "config").open("a") as config:
        config.write(f'[merge "reviewer"]\n\tname = reviewer\n\tdriver = {driver}\n')
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "attributes").write_text("*.md merge=reviewer\n")


@needs_git
def test_git_merge_uses_the_driver_and_merges_neighbouring_lines(tmp_path: Path) -> None:
    repo = repository(tmp_path, PUBLISHED, HOTTER)
    plain = git(repo, "merge", "--no-edit", "other", check=False)
    assert plain.returncode == 1 and "CONFLICT (content): Merge conflict in x.md" in plain.stdout
    git(repo, "merge", "--abort")
    configure_driver(repo)
    merged = git(repo, "merge", "--no-edit", "other", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert (repo / "x.md").read_text() == MERGED
    assert git(repo, "show", "HEAD:x.md").stdout == MERGED
    parents = git(repo, "rev-list", "--parents", "-n", "1", "HEAD").stdout.split()[1:]
    assert len(parents) == 2  # a merge commit


@needs_git
def test_a_conflict_left_by_the_driver_is_resolved_and_staged(cli: Run, tmp_path: Path) -> None:
    repo = repository(
        tmp_path,
        PUBLISHED.replace("title: Lamps", "title: Ours"),
        HOTTER.replace("Lamps", "Theirs"),
    )
    configure_driver(repo)
    merged = git(repo, "merge", "--no-edit", "other", check=False)
    assert merged.returncode == 1
    assert "x.md: conflict on title" in merged.stderr
    assert git(repo, "diff", "--name-only", "--diff-filter=U").stdout == "x.md\n"
    path = repo / "x.md"
    status, out, err = cli("resolve", path, "title", "--theirs")
    assert (status, err) == (0, "")
    assert out.endswith(f"{path}: no conflict remains\n{path}: added to git's index (git add)\n")
    assert git(repo, "diff", "--name-only", "--diff-filter=U").stdout == ""
    git(repo, "commit", "-q", "--no-edit")
    expected = MERGED.replace("title: Lamps", "title: Theirs")
    assert git(repo, "show", "HEAD:x.md").stdout == expected
