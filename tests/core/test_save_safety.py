"""Saves that keep everything and reads that cannot hang: issue 9's hostile folders.

Each test makes the real thing (a FIFO, a link to /dev/zero, extended attributes, an ACL, a
hard link, two processes racing, a second user) rather than a stand-in. Tests that need to
be root (to act as another user, or to give files away) skip cleanly elsewhere.
"""

from __future__ import annotations

import ctypes  # noqa: F401  # imported before forking as another user, who cannot import it
import errno
import multiprocessing
import os
import pickle
import stat
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from core_support import copy_fixture, fixture_bytes

from reviewer.core import files, store
from reviewer.core.errors import (
    ConflictError,
    EditError,
    LockedError,
    ReadOnlyError,
    SaveError,
)
from reviewer.core.folder.scan import scan

CHANGE: dict[tuple[str, ...], Any] = {("published",): True}
ARTICLE = "no-published.md"

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics")
root_only = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to act as another user"
)
#: A user and a group that own nothing here (no passwd entry is needed to run as them).
OTHER_UID, OTHER_GID, THIRD_GID = 54321, 54321, 54322


@pytest.fixture
def article_path(tmp_path: Path) -> Path:
    return copy_fixture(ARTICLE, tmp_path)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(files.TEMP_PREFIX))


def as_user(uid: int, gid: int, groups: list[int], work: Callable[[], Any]) -> Any:
    """Run ``work`` in a forked child with these ids; its result, or the exception it raised."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read)
        try:
            os.setgroups(groups)
            os.setgid(gid)
            os.setuid(uid)
            result: Any = ("ok", work())
        except BaseException as exc:  # sent back to the parent to check
            result = ("raised", exc)
        with os.fdopen(write, "wb") as out:
            pickle.dump(result, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as data:
        kind, value = pickle.load(data)
    os.waitpid(pid, 0)
    if kind == "raised":
        return value
    return value


@pytest.fixture
def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder another user can reach (pytest's own are private to root)."""
    base = Path(tmp_path_factory.mktemp("shared"))
    for folder in (base, *base.parents):
        if folder == Path("/"):
            break
        if folder.stat().st_mode & 0o011 != 0o011:
            os.chmod(folder, stat.S_IMODE(folder.stat().st_mode) | 0o011)
    os.chmod(base, 0o777)
    return base


# -- 4, 5: only regular files are read, and only so much ----------------------------------------


@posix_only
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "x.md"
    os.mkfifo(fifo)
    copy_fixture(ARTICLE, tmp_path)
    started = time.monotonic()
    article = store.read_article(fifo)
    assert article.error is not None and "named pipe" in article.error
    # A folder holding one lists the rest (and the FIFO as a problem).
    listed = {a.path.name: a.error for a in scan(tmp_path)}
    assert listed[ARTICLE] is None and "named pipe" in (listed["x.md"] or "")
    with pytest.raises(SaveError, match="named pipe"):
        store.atomic_write(fifo, b"x", expected=None)
    assert time.monotonic() - started < 5  # it would block for good before


@posix_only
def test_a_fifo_swapped_in_after_the_check_does_not_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "x.md"
    os.mkfifo(fifo)
    regular = os.stat(copy_fixture(ARTICLE, tmp_path))
    # The check sees a regular file; the open then finds the FIFO (a swap in between).
    monkeypatch.setattr(os, "stat", lambda *a, **k: regular)
    article = store.read_article(fifo)
    assert article.error is not None and "named pipe" in article.error


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_link_to_dev_zero_is_refused_and_the_rest_is_listed(tmp_path: Path) -> None:
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    copy_fixture(ARTICLE, tmp_path)
    listed = {a.path.name: a.error for a in scan(tmp_path)}
    assert listed[ARTICLE] is None
    assert "character device" in (listed["zero.md"] or "")


def test_a_huge_file_is_refused_by_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.md"
    big.write_bytes(b"---\ntitle: big\n---\n" + b"x" * 2000)
    article = store.read_article(big)
    assert article.error == (
        "the file is 2 KB, over the 1,000 bytes an article file may have; not read"
    )
    with pytest.raises(SaveError, match="may have"):
        store.atomic_write(big, b"", expected=None)


def test_a_file_that_grows_while_read_is_cut_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    small = tmp_path / "small.md"
    small.write_bytes(b"---\ntitle: small\n---\n")
    size = small.stat().st_size
    real_pread = os.pread
    calls = []

    def growing(fd: int, count: int, offset: int) -> bytes:
        calls.append(count)
        return real_pread(fd, count, offset) if offset < size else b"y" * count

    monkeypatch.setattr(os, "pread", growing)
    article = store.read_article(small)
    assert article.error is not None and "grew past" in article.error
    assert sum(calls) <= 2 * 101  # never more than the bound (plus one read)


# -- 16: a file without a front matter is never given one -----------------------------------


def test_an_empty_file_is_not_written(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    with pytest.raises(EditError, match="no front matter"):
        store.save(store.read_article(empty), CHANGE)
    with pytest.raises(EditError, match="no front matter"):
        store.edit_file(empty, CHANGE)
    assert empty.read_bytes() == b""
    assert not store.read_article(empty).has_front_matter


# -- 1: reviewer's writers take turns --------------------------------------------------------


def _edit_at(path: str, key: str, value: int, start: Any, results: Any) -> None:
    start.wait()
    try:
        store.edit_file(Path(path), {(key,): value})
    except Exception as exc:  # reported to the parent
        results.put(f"{type(exc).__name__}: {exc}")
    else:
        results.put("ok")


def _save_at(path: str, key: str, value: int, start: Any, results: Any) -> None:
    article = store.read_article(Path(path))
    start.wait()
    try:
        store.save(article, {(key,): value})
    except ConflictError:
        results.put("conflict")
    else:
        results.put("ok")


def _race(target: Callable[..., None], path: Path, run: int) -> list[str]:
    """Two processes released together: one sets heat, the other quality."""
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(2), context.Queue()
    racers = [
        context.Process(target=target, args=(str(path), key, value, start, results))
        for key, value in (("heat", 100 + run), ("quality", 200 + run))
    ]
    for racer in racers:
        racer.start()
    outcome = sorted(results.get(timeout=20) for _ in racers)
    for racer in racers:
        racer.join(20)
    return outcome


@posix_only
def test_two_processes_editing_one_file_both_land(tmp_path: Path) -> None:
    """The command line's read-change-write runs under the lock: no change is lost."""
    path = copy_fixture(ARTICLE, tmp_path)
    for run in range(40):
        assert _race(_edit_at, path, run) == ["ok", "ok"]
        article = store.read_article(path)
        assert (article.heat, article.quality) == (100 + run, 200 + run), run
    assert _leftovers(tmp_path) == []


@posix_only
def test_two_saves_of_what_was_read_never_both_succeed(tmp_path: Path) -> None:
    """The app's save (of a version read earlier): one wins, the other is a conflict."""
    path = copy_fixture(ARTICLE, tmp_path)
    for run in range(40):
        path.write_bytes(fixture_bytes(ARTICLE))
        assert _race(_save_at, path, run) == ["conflict", "ok"], run
        article = store.read_article(path)
        assert (article.heat == 100 + run) != (article.quality == 200 + run)
    assert _leftovers(tmp_path) == []


def test_a_lock_held_too_long_is_a_clear_error(
    article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if files.fcntl is None:
        pytest.skip("no file locks on this platform")
    import fcntl

    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.2)
    article = store.read_article(article_path)
    before = article_path.read_bytes()
    fd = os.open(article_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another process, mid-save
        with pytest.raises(LockedError, match="being saved by another process"):
            store.save(article, CHANGE)
        with pytest.raises(LockedError):
            store.edit_file(article_path, CHANGE)
        assert article_path.read_bytes() == before
    finally:
        os.close(fd)
    assert store.save(article, CHANGE).published is True


def test_a_waiting_save_locks_the_file_that_replaced_the_one_it_waited_on(
    article_path: Path,
) -> None:
    """A save that waited while another replaced the file sees the new file, not the old."""
    first = store.read_article(article_path)
    saved = store.save(first, {("heat",): 1})
    with pytest.raises(ConflictError):
        store.save(first, {("quality",): 2})  # read before the other save: a conflict
    assert store.save(saved, {("quality",): 2}).quality == 2


# -- 2: metadata is kept ---------------------------------------------------------------------


def _xattrs_supported(path: Path) -> bool:
    try:
        os.setxattr(path, "user.reviewer-probe", b"1")
        os.removexattr(path, "user.reviewer-probe")
    except (OSError, AttributeError):
        return False
    return True


def _acl(entries: list[tuple[int, int, int]]) -> bytes:
    """A POSIX ACL as the kernel's xattr (version 2; tag, permissions, id)."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)


ACL_USER_OBJ, ACL_USER, ACL_GROUP_OBJ, ACL_MASK, ACL_OTHER = 0x01, 0x02, 0x04, 0x10, 0x20
NO_ID = 0xFFFFFFFF


def test_extended_attributes_and_acls_are_kept(article_path: Path) -> None:
    if not _xattrs_supported(article_path):
        pytest.skip("no extended attributes on this file system")
    os.setxattr(article_path, "user.origin", b"feed robot")
    os.setxattr(article_path, "user.checksum", b"\x00\x01binary")
    acl = _acl(
        [
            (ACL_USER_OBJ, 6, NO_ID),
            (ACL_USER, 6, OTHER_UID),  # another editor may write it too
            (ACL_GROUP_OBJ, 4, NO_ID),
            (ACL_MASK, 6, NO_ID),
            (ACL_OTHER, 0, NO_ID),
        ]
    )
    try:
        os.setxattr(article_path, "system.posix_acl_access", acl)
        with_acl = True
    except OSError:
        with_acl = False
    mode = stat.S_IMODE(article_path.stat().st_mode)
    store.save(store.read_article(article_path), CHANGE)
    assert os.getxattr(article_path, "user.origin") == b"feed robot"
    assert os.getxattr(article_path, "user.checksum") == b"\x00\x01binary"
    if with_acl:
        assert os.getxattr(article_path, "system.posix_acl_access") == acl
    assert stat.S_IMODE(article_path.stat().st_mode) == mode
    assert b"published: true" in article_path.read_bytes()


def test_a_default_acl_of_the_folder_is_not_added_to_a_file_without_one(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "acl"
    folder.mkdir()
    path = copy_fixture(ARTICLE, folder)
    if not _xattrs_supported(path):
        pytest.skip("no extended attributes on this file system")
    default = _acl(
        [
            (ACL_USER_OBJ, 7, NO_ID),
            (ACL_USER, 7, OTHER_UID),
            (ACL_GROUP_OBJ, 5, NO_ID),
            (ACL_MASK, 7, NO_ID),
            (ACL_OTHER, 5, NO_ID),
        ]
    )
    try:
        os.setxattr(folder, "system.posix_acl_default", default)
    except OSError:
        pytest.skip("no POSIX ACLs on this file system")
    store.save(store.read_article(path), CHANGE)
    assert "system.posix_acl_access" not in os.listxattr(path)


@posix_only
def test_a_hard_linked_file_is_refused_whole(article_path: Path) -> None:
    twin = article_path.with_name("twin.md")
    os.link(article_path, twin)
    before = article_path.read_bytes()
    with pytest.raises(SaveError, match="2 names \\(hard links\\)"):
        store.save(store.read_article(article_path), CHANGE)
    assert article_path.read_bytes() == before == twin.read_bytes()
    assert os.stat(article_path).st_ino == os.stat(twin).st_ino
    assert _leftovers(article_path.parent) == []


@root_only
def test_root_keeps_the_owner_the_group_and_set_id_bits(article_path: Path) -> None:
    os.chown(article_path, OTHER_UID, OTHER_GID)
    os.chmod(article_path, 0o6640)
    store.save(store.read_article(article_path), CHANGE)
    after = article_path.stat()
    assert (after.st_uid, after.st_gid) == (OTHER_UID, OTHER_GID)
    assert stat.S_IMODE(after.st_mode) == 0o6640


@root_only
def test_the_owner_keeps_a_group_they_are_in(shared_folder: Path) -> None:
    path = copy_fixture(ARTICLE, shared_folder)
    os.chown(shared_folder, OTHER_UID, OTHER_GID)
    os.chown(path, OTHER_UID, THIRD_GID)  # rw-r----- owner:editors, the owner in editors
    os.chmod(path, 0o640)
    result = as_user(
        OTHER_UID,
        OTHER_GID,
        [OTHER_GID, THIRD_GID],
        lambda: store.save(store.read_article(path), CHANGE).published,
    )
    assert result is True
    after = path.stat()
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (
        OTHER_UID,
        THIRD_GID,
        0o640,
    )


@root_only
def test_a_group_the_owner_is_not_in_is_never_dropped(shared_folder: Path) -> None:
    path = copy_fixture(ARTICLE, shared_folder)
    os.chown(shared_folder, OTHER_UID, OTHER_GID)
    os.chown(path, OTHER_UID, THIRD_GID)  # the owner is not in the file's group
    os.chmod(path, 0o640)
    before = path.read_bytes()
    result = as_user(
        OTHER_UID, OTHER_GID, [OTHER_GID], lambda: store.save(store.read_article(path), CHANGE)
    )
    assert isinstance(result, SaveError), result
    assert "group" in str(result) and "not in" in str(result)
    after = path.stat()
    assert (after.st_uid, after.st_gid, path.read_bytes()) == (OTHER_UID, THIRD_GID, before)
    assert _leftovers(shared_folder) == []


@root_only
def test_another_users_file_is_never_given_away(shared_folder: Path) -> None:
    """A file of user A that user B may write (group) is not replaced by one of B's."""
    path = copy_fixture(ARTICLE, shared_folder)
    os.chown(path, 0, THIRD_GID)
    os.chmod(path, 0o664)
    before = path.read_bytes()
    result = as_user(
        OTHER_UID,
        OTHER_GID,
        [OTHER_GID, THIRD_GID],
        lambda: store.save(store.read_article(path), CHANGE),
    )
    assert isinstance(result, SaveError) and "belongs to root" in str(result), result
    assert (path.stat().st_uid, path.read_bytes()) == (0, before)


# -- 3: write protection ------------------------------------------------------------------------


def test_a_read_only_file_is_refused_unless_forced(article_path: Path) -> None:
    os.chmod(article_path, 0o444)
    before = article_path.read_bytes()
    article = store.read_article(article_path)
    with pytest.raises(ReadOnlyError, match="read-only"):
        store.save(article, CHANGE)
    with pytest.raises(ReadOnlyError):
        store.edit_file(article_path, CHANGE)
    assert article_path.read_bytes() == before
    saved = store.save(article, CHANGE, force=True)
    assert saved.published is True
    assert stat.S_IMODE(article_path.stat().st_mode) == 0o444  # still protected


@root_only
def test_a_read_only_file_is_refused_for_its_owner_too(shared_folder: Path) -> None:
    path = copy_fixture(ARTICLE, shared_folder)
    os.chown(shared_folder, OTHER_UID, OTHER_GID)
    os.chown(path, OTHER_UID, OTHER_GID)
    os.chmod(path, 0o444)
    result = as_user(
        OTHER_UID, OTHER_GID, [OTHER_GID], lambda: store.save(store.read_article(path), CHANGE)
    )
    assert isinstance(result, ReadOnlyError), result
    forced = as_user(
        OTHER_UID,
        OTHER_GID,
        [OTHER_GID],
        lambda: store.save(store.read_article(path), CHANGE, force=True).published,
    )
    assert forced is True
    assert stat.S_IMODE(path.stat().st_mode) == 0o444 and path.stat().st_uid == OTHER_UID


@root_only
def test_a_root_file_in_a_users_folder_is_not_taken_over(shared_folder: Path) -> None:
    path = copy_fixture(ARTICLE, shared_folder)
    os.chown(shared_folder, OTHER_UID, OTHER_GID)  # the user's folder ...
    os.chmod(path, 0o644)  # ... holding a file of root's
    before = path.read_bytes()
    for force in (False, True):

        def work(force: bool = force) -> object:
            return store.save(store.read_article(path), CHANGE, force=force)

        result = as_user(OTHER_UID, OTHER_GID, [OTHER_GID], work)
        assert isinstance(result, SaveError) and "write-protected" in str(result), result
        assert "belongs to root" in str(result)
    assert (path.stat().st_uid, path.read_bytes()) == (0, before)


# -- 14: a folder that does not allow replacing --------------------------------------------------


@root_only
def test_a_read_only_folder_says_so(shared_folder: Path) -> None:
    folder = shared_folder / "locked"
    folder.mkdir()
    path = copy_fixture(ARTICLE, folder)
    os.chown(path, OTHER_UID, OTHER_GID)
    os.chown(folder, OTHER_UID, OTHER_GID)
    os.chmod(folder, 0o555)
    result = as_user(
        OTHER_UID, OTHER_GID, [OTHER_GID], lambda: store.save(store.read_article(path), CHANGE)
    )
    assert isinstance(result, SaveError)
    assert f"the folder {folder} does not allow replacing the file" in str(result), result
    assert "permission denied" not in str(result)


# -- 15: nothing left behind -----------------------------------------------------------------------


def test_an_interrupted_save_leaves_no_named_file_where_the_system_allows(
    article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not files._O_TMPFILE:
        pytest.skip("no O_TMPFILE on this system")
    names: list[list[str]] = []
    real_fsync = os.fsync

    def look(fd: int) -> None:
        real_fsync(fd)
        names.append(_leftovers(article_path.parent))  # while the new bytes are written

    monkeypatch.setattr(os, "fsync", look)
    store.save(store.read_article(article_path), CHANGE)
    monkeypatch.undo()
    assert names and names[0] == []  # the new file had no name while being written
    assert _leftovers(article_path.parent) == []


def test_stale_temporaries_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    copy_fixture(ARTICLE, tmp_path)
    stale = tmp_path / f"{files.TEMP_PREFIX}{ARTICLE}.dead1234.tmp"
    fresh = tmp_path / f"{files.TEMP_PREFIX}{ARTICLE}.new01234.tmp"
    live = tmp_path / f"{files.TEMP_PREFIX}{ARTICLE}.live1234.tmp"
    mine = tmp_path / ".reviewer-notes.md"  # not a temporary: no .tmp ending
    for path in (stale, fresh, live, mine):
        path.write_bytes(b"half a save")
    old = time.time() - 2 * files.STALE_SECONDS
    for path in (stale, live, mine):
        os.utime(path, (old, old))
    holder = os.open(live, os.O_RDONLY)
    try:
        if files.fcntl is not None:
            import fcntl

            fcntl.flock(holder, fcntl.LOCK_EX)
        scan(tmp_path)  # opening a folder cleans up
        assert not stale.exists()
        assert fresh.exists() and mine.exists()
        assert live.exists() or files.fcntl is None
    finally:
        os.close(holder)


def test_a_failed_replace_leaves_nothing(
    article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SaveError, match="Input/output error"):
        store.save(store.read_article(article_path), CHANGE)
    monkeypatch.undo()
    assert _leftovers(article_path.parent) == []
