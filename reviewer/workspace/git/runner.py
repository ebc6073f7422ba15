"""The one way reviewer runs ``git``: a subprocess with no prompt, a timeout and a cancel.

Every git call of reviewer goes through ``run_git`` (status, commit, sync, setup, and the
merge driver's helpers): git itself does the work, so the user's configuration, credential
helpers and ssh setup apply. What this module makes sure of:

- **No prompt, ever.** git and ssh get no terminal: the process starts in a session of its
  own (no controlling terminal, so ssh cannot open ``/dev/tty``), with standard input
  empty, ``GIT_TERMINAL_PROMPT=0``, an empty ``GIT_ASKPASS`` (which stops git from falling
  back to ``core.askPass`` or ``SSH_ASKPASS``) and ``SSH_ASKPASS_REQUIRE=never``. A
  remote that wants a password it has no helper for fails at once, with git's message
  ("terminal prompts disabled"), which ``GitError.kind`` recognises. Credential helpers
  and ssh agents still answer.
- **No editor:** ``GIT_EDITOR=true`` and ``GIT_MERGE_AUTOEDIT=no``.
- **Messages in English** (``LC_ALL=C``), so that they can be recognised.
- **A timeout** (``timeout``) and a **cancel** (``cancelled``, polled every 0.1 s): the
  process and its children (ssh, the https helper) are terminated, then killed, and
  ``GitCancelled`` or ``GitTimeout`` is raised.
- **git missing** is ``GitMissing``; a folder outside any work tree is ``NotARepository``.

Paths cross as bytes: arguments are ``str`` (``os.fsencode``d by subprocess, so a
non-UTF-8 name read with ``os.fsdecode`` goes back unchanged) and output is ``bytes``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.core.errors import ReviewerError

#: The program run (a test may point it elsewhere).
GIT = "git"

#: Seconds a local git command may take.
LOCAL_TIMEOUT = 60.0
#: Seconds a fetch or push may take.
NETWORK_TIMEOUT = 300.0

#: Environment every git call gets (see the module's docstring).
QUIET_ENV: Mapping[str, str] = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS_REQUIRE": "never",
    "GIT_EDITOR": "true",
    "GIT_SEQUENCE_EDITOR": "true",
    "GIT_MERGE_AUTOEDIT": "no",
    "GIT_PAGER": "cat",
    "LC_ALL": "C",
    "LANGUAGE": "C",
}

#: Removed from the environment: they would bring a prompt or a pager back.
DROPPED_ENV = ("SSH_ASKPASS", "PAGER", "GIT_TRACE")


class GitError(ReviewerError):
    """A git command failed; the message is git's own last lines, ``kind`` what they mean.

    ``kind``: "auth" (the remote refused the credentials, or none could be asked for),
    "unreachable" (no connection to the remote), or "" (anything else).
    """

    def __init__(
        self, message: str, *, args: Sequence[str] = (), status: int = 0, stderr: str = ""
    ) -> None:
        super().__init__(message)
        self.command = tuple(args)
        self.status = status
        self.stderr = stderr
        self.kind = failure_kind(stderr)


class GitMissing(GitError):
    """The ``git`` program is not installed (or not on PATH)."""


class NotARepository(GitError):
    """The folder is not inside a git work tree."""


class GitCancelled(GitError):
    """The caller cancelled the command; its process was terminated."""


class GitTimeout(GitError):
    """The command took longer than its timeout; its process was terminated."""


@dataclass(frozen=True)
class GitResult:
    """A finished git command: its exit status and its output, as bytes."""

    status: int
    stdout: bytes
    stderr: bytes

    @property
    def text(self) -> str:
        """Standard output as text (undecodable bytes kept as surrogates)."""
        return os.fsdecode(self.stdout)

    @property
    def error_text(self) -> str:
        """Standard error as text."""
        return self.stderr.decode("utf-8", "replace")


_AUTH = re.compile(
    r"authentication failed|could not read (username|password)|terminal prompts disabled"
    r"|permission denied \(|host key verification failed|access denied|http basic"
    r"|invalid credentials|requested url returned error: 40[13]|could not read from remote"
    r"|repository not found|the requested url returned error: 403",
    re.IGNORECASE,
)
_UNREACHABLE = re.compile(
    r"could not resolve host|failed to connect|connection refused|connection timed out"
    r"|network is unreachable|no route to host|couldn't connect to server"
    r"|could not resolve hostname|operation timed out|ssl certificate problem",
    re.IGNORECASE,
)


def failure_kind(stderr: str) -> str:
    """What git's error output says went wrong: "unreachable", "auth" or ""."""
    if _UNREACHABLE.search(stderr):
        return "unreachable"
    if _AUTH.search(stderr):
        return "auth"
    return ""


def git_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a git call: this process's, made quiet, with ``extra`` on top."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env.update(QUIET_ENV)
    if extra:
        env.update(extra)
    return env


def run_git(
    cwd: Path | str,
    *args: str,
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = LOCAL_TIMEOUT,
    cancelled: Callable[[], bool] | None = None,
    check: bool = True,
) -> GitResult:
    """Run ``git ARGS`` in ``cwd`` and return what it did.

    ``env`` adds variables (``GIT_INDEX_FILE``...). With ``check`` a non-zero exit raises
    GitError with git's message; without it the result says. GitMissing, GitTimeout and
    GitCancelled are raised in any case.
    """
    command = [GIT, *args]
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=git_environment(env),
            stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except FileNotFoundError as exc:
        if not Path(cwd).is_dir():
            raise GitError(f"{cwd}: no such folder", args=command) from exc
        raise GitMissing(
            "git is not installed (the git program was not found on PATH)", args=command
        ) from exc
    stdout, stderr = _communicate(process, command, input, timeout, cancelled)
    result = GitResult(process.returncode, stdout, stderr)
    if check and result.status != 0:
        raise failure(command, result)
    return result


def failure(command: Sequence[str], result: GitResult) -> GitError:
    """The GitError of a failed command: git's last few lines of error output."""
    text = result.error_text.strip()
    lines = [line for line in text.splitlines() if line.strip()]
    message = "\n".join(lines[-6:]) or f"{' '.join(command[:2])} failed (exit {result.status})"
    if "not a git repository" in text:
        return NotARepository(message, args=command, status=result.status, stderr=text)
    return GitError(message, args=command, status=result.status, stderr=text)


def _communicate(
    process: subprocess.Popen[bytes],
    command: Sequence[str],
    input: bytes | None,
    timeout: float,
    cancelled: Callable[[], bool] | None,
) -> tuple[bytes, bytes]:
    deadline = time.monotonic() + timeout
    pending = input
    while True:
        try:
            stdout, stderr = process.communicate(pending, timeout=0.1)
            return stdout, stderr
        except subprocess.TimeoutExpired:
            pending = None  # communicate keeps what it has not written yet
        if cancelled is not None and cancelled():
            _stop(process)
            raise GitCancelled("cancelled", args=command)
        if time.monotonic() > deadline:
            _stop(process)
            raise GitTimeout(
                f"git {' '.join(command[1:3])} took more than {timeout:g} s and was stopped",
                args=command,
            )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the process's session (git and the helpers it started), then kill it."""
    for sig in (signal.SIGTERM, getattr(signal, "SIGKILL", signal.SIGTERM)):
        try:
            if hasattr(os, "killpg"):
                os.killpg(process.pid, sig)
            else:  # pragma: no cover - Windows has no process groups of this kind
                process.kill()
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.communicate(timeout=2.0)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass(frozen=True)
class Repository:
    """The git work tree a folder is in: its top folder and its git folder."""

    root: Path
    git_dir: Path

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = LOCAL_TIMEOUT,
        cancelled: Callable[[], bool] | None = None,
        check: bool = True,
    ) -> GitResult:
        """``run_git`` in the work tree's top folder."""
        return run_git(
            self.root,
            *args,
            input=input,
            env=env,
            timeout=timeout,
            cancelled=cancelled,
            check=check,
        )

    def relative(self, path: Path) -> str:
        """``path`` relative to the top folder, with "/" (as git writes paths)."""
        return Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()


def find_repository(folder: Path) -> Repository:
    """The work tree ``folder`` is in; NotARepository when none, GitMissing without git."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GitError(f"{folder}: not a folder")
    result = run_git(folder, "rev-parse", "--show-toplevel", "--absolute-git-dir", check=False)
    lines = result.stdout.split(b"\n")
    if result.status != 0 or len(lines) < 2 or not lines[0]:
        raise NotARepository(
            f"{folder} is not in a git work tree (no .git folder there or above it)",
            status=result.status,
            stderr=result.error_text,
        )
    return Repository(Path(os.fsdecode(lines[0])), Path(os.fsdecode(lines[1])))
