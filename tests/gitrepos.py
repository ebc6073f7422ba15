"""Real git for the tests, in tmp_path: a HOME of the test's own, small helpers, a bare remote
and two editors' clones of it.

Shared by tests/workspace, tests/cli and tests/app (import it as ``tests.gitrepos``). Its
fixtures are registered once, in tests/conftest.py (``pytest_plugins``): a git test module marks
itself ``pytestmark = [needs_git, pytest.mark.usefixtures("git_home")]`` and defines its own
``remote`` (``bare_remote`` with its own articles); ``a`` and ``b`` clone that ``remote``.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(cwd: Path, *args: str, check: bool = True) -> str:
    """Run git in ``cwd``; its standard output. Set-up: a failure raises, unless ``check`` is
    False, when its standard error follows its standard output."""
    assert GIT is not None
    done = subprocess.run(
        [GIT, *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
    )
    if check:
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout + ("" if check else done.stderr)


def write(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8, as it is (no newline translation), making the folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def commit_all(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def isolate_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME of the test's own with user.name/email and main as the first branch: the user's
    and the system's git configuration are never read, and git never looks for a repository
    above ``tmp_path``. The HOME."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Test Editor\n\temail = editor@example.com\n"
        "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_CONFIG_GLOBAL",
        "GIT_SSH_COMMAND",
        "GIT_SSH",
        "GIT_AUTHOR_NAME",
        "GIT_COMMITTER_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_EMAIL",
    ):
        monkeypatch.delenv(name, raising=False)
    return home


def bare_remote(
    tmp_path: Path,
    files: Mapping[str, str],
    message: str = "initial",
    fill: Callable[[Path], object] | None = None,
) -> Path:
    """A bare remote, tmp_path/remote.git, whose main holds ``files`` (relative path: text)
    and what ``fill`` writes into the seed clone's folder, committed and pushed from that
    clone (tmp_path/seed)."""
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "-q", str(bare), str(seed))
    for relative, text in files.items():
        write(seed / relative, text)
    if fill is not None:
        fill(seed)
    commit_all(seed, message)
    git(seed, "push", "-q", "origin", "main")
    return bare


def clone(remote: Path, name: str) -> Path:
    """A clone of ``remote`` next to it, in the folder ``name``."""
    folder = remote.parent / name
    git(remote.parent, "clone", "-q", str(remote), str(folder))
    return folder


@pytest.fixture
def git_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME of the test's own (``isolate_git``)."""
    return isolate_git(tmp_path, monkeypatch)


@pytest.fixture
def a(remote: Path) -> Path:
    """Editor A's clone of the test module's ``remote``."""
    return clone(remote, "a")


@pytest.fixture
def b(remote: Path) -> Path:
    """Editor B's clone of the test module's ``remote``."""
    return clone(remote, "b")
