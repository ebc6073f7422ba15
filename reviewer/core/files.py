"""How reviewer touches article files on disk: bounded reads, and locked, atomic replacement.

Reading: only regular files are read (a FIFO, a device or a socket named ``x.md`` is refused
before it is opened, and opened without blocking in case it was swapped in meanwhile), and
never more than MAX_FILE_BYTES of one.

Writing (``locked`` then ``LockedFile.replace``), in this order:

1. The file is opened and locked (``flock``, exclusive) for the whole check-and-replace, so
   two reviewer processes saving one file take turns. A lock that is not free within
   LOCK_TIMEOUT seconds is a LockedError. Once locked, the path must still name the locked
   file (a save that finished meanwhile replaced it): if not, the new file is locked instead.
2. The caller reads the file through the lock and compares it with what it read before.
3. ``replace`` refuses what it cannot do without changing more than the bytes: a
   write-protected file (ReadOnlyError, unless forced), a file of another owner or of a group
   the user is not in (a new file would be the user's), a file with several hard links (the
   other names would keep the old text).
4. The bytes go to a new file in the same folder: an anonymous one (``O_TMPFILE``, Linux)
   where the system has it, so a crash leaves nothing behind; else a hidden
   ``.reviewer-NAME.XXXX.tmp``. It is fsynced, given the old file's owner, group, every mode
   bit and every extended attribute (POSIX ACLs are extended attributes), and checked to have
   them all.
5. It is renamed over the file (``os.replace``, atomic), and the folder is fsynced.

What remains: a program that takes no lock and writes the file between step 2 and step 5
(microseconds apart) is not seen, and its write is replaced. Every reviewer process takes
the lock. Where ``fcntl`` is missing (Windows) there is no lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat as statmod
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from reviewer.core.errors import ArticleError, ConflictError, LockedError, ReadOnlyError, SaveError

try:
    import fcntl
    import grp
    import pwd
except ImportError:  # Windows: no locks (see above), no owner names
    fcntl = None  # type: ignore[assignment]  # checked before each use
    grp = None  # type: ignore[assignment]
    pwd = None  # type: ignore[assignment]

#: Largest file read as an article: 16 MiB. The biggest real article seen is 43 KB (an HTML
#: newsletter); a page with inline images may be a few MB. Past this it is not an article
#: but a mistake or an attack (a link to /dev/zero, a log file named .md), and reading it
#: whole in every worker of the loading pool would cost gigabytes.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Seconds a save waits for another process's save of the same file to finish.
LOCK_TIMEOUT = 5.0
#: Names of reviewer's own temporary files: hidden, never an article.
TEMP_PREFIX = ".reviewer-"
TEMP_SUFFIX = ".tmp"
#: A temporary file older than this, that no process holds locked, was left by a crash.
STALE_SECONDS = 60.0

_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_O_TMPFILE = getattr(os, "O_TMPFILE", 0)
#: An anonymous file is given a name through /proc (linkat with AT_SYMLINK_FOLLOW).
_PROC_FD = "/proc/self/fd"
_KINDS = (
    (statmod.S_ISFIFO, "a named pipe (FIFO)"),
    (statmod.S_ISCHR, "a character device"),
    (statmod.S_ISBLK, "a block device"),
    (statmod.S_ISSOCK, "a socket"),
)


class NotAnArticleFile(ArticleError):
    """The path names something that is not read as an article (a FIFO, a device, ...)."""


# -- reading -------------------------------------------------------------------------------


def read_regular(path: str | os.PathLike[str]) -> tuple[bytes, os.stat_result]:
    """The bytes and stat of the regular file at ``path`` (links followed).

    Raises NotAnArticleFile for anything else or for a file over MAX_FILE_BYTES, and
    OSError when it cannot be opened or read.
    """
    check_regular(os.stat(path))
    fd = os.open(path, _READ_FLAGS)
    try:
        stat = os.fstat(fd)
        check_regular(stat)  # swapped for something else between the check and the open
        return read_fd(fd, stat), stat
    finally:
        os.close(fd)


def check_regular(stat: os.stat_result) -> None:
    """NotAnArticleFile unless ``stat`` is a regular file of at most MAX_FILE_BYTES."""
    mode = stat.st_mode
    if not statmod.S_ISREG(mode):
        if statmod.S_ISDIR(mode):
            raise NotAnArticleFile("it is a folder, not a file")
        kind = next((name for test, name in _KINDS if test(mode)), "something else")
        raise NotAnArticleFile(f"it is {kind}, not a regular file; only regular files are read")
    if stat.st_size > MAX_FILE_BYTES:
        raise NotAnArticleFile(_too_big(stat.st_size))


def read_fd(fd: int, stat: os.stat_result) -> bytes:
    """Everything in the open file ``fd`` from its start, at most MAX_FILE_BYTES."""
    limit = MAX_FILE_BYTES + 1
    chunks = []
    total = 0
    want = min(stat.st_size + 1, limit)  # one read, and one more to see the end
    offset = 0
    while total < limit:
        chunk = os.pread(fd, want, offset) if hasattr(os, "pread") else _read_at(fd, want, offset)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        offset += len(chunk)
        want = min(1 << 20, limit - total)
    if total > MAX_FILE_BYTES:
        raise NotAnArticleFile(_too_big(total, grew=True))
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _read_at(fd: int, size: int, offset: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)


def _too_big(size: int, grew: bool = False) -> str:
    what = "grew past" if grew else f"is {_size(size)}, over"
    return f"the file {what} the {_size(MAX_FILE_BYTES)} an article file may have; not read"


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):,.1f} MB".replace(".0 MB", " MB")
    if count >= 1024:
        return f"{count / 1024:,.0f} KB"
    return f"{count:,} bytes"


# -- locking and replacing -----------------------------------------------------------------


class LockedFile:
    """An article file opened and locked for a save (see ``locked``)."""

    def __init__(self, path: Path, target: Path, fd: int) -> None:
        self.path = path  # as the caller named it, for messages
        self.target = target  # the file itself (links resolved): what is replaced
        self.fd = fd
        self.stat = os.fstat(fd)  # as last read

    def read(self) -> bytes:
        """The file's bytes, read through the lock (ConflictError while another program is
        writing it)."""
        before = os.fstat(self.fd)
        data = read_fd(self.fd, before)
        self.stat = os.fstat(self.fd)
        if _version(self.stat) != _version(before):
            raise ConflictError(f"{self.path.name} is being changed by another program")
        return data

    def replace(self, data: bytes, *, force: bool = False) -> os.stat_result:
        """Replace the file with ``data`` atomically, keeping its metadata; its new stat.

        ``force`` writes a write-protected file anyway (its protection stays). Raises
        ReadOnlyError or SaveError with the file as it was.
        """
        name = self.path.name
        old = os.fstat(self.fd)
        check_replaceable(name, self.target, old, force)
        folder = self.target.parent
        anonymous = _anonymous_files(old.st_dev)
        while True:
            temp = _Temporary(folder, self.target.name, name, anonymous)
            try:
                _write_all(temp.fd, data)
                os.fsync(temp.fd)
                _copy_metadata(name, self.fd, old, temp.fd)
                named = temp.named()
                # Last look before the rename: a program that takes no lock may have
                # written the file (or put another in its place) since it was read.
                if _version(os.stat(self.target)) != _version(self.stat):
                    raise ConflictError(
                        f"{name} was changed by another program while it was being saved"
                    )
                os.replace(named, self.target)
                temp.renamed()
                new = os.fstat(temp.fd)
            except _Unnamable:
                # This system gives anonymous files no name: write a named one instead.
                _NO_ANONYMOUS.add(old.st_dev)
                anonymous = False
                continue
            except OSError as exc:
                raise SaveError(f"{name}: {write_reason(exc, folder)}") from None
            finally:
                temp.close()
            break
        fsync_folder(folder)
        return new


def _version(stat: os.stat_result) -> tuple[int, int, int, int, int]:
    """What changes whenever a file is written or replaced."""
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


@contextlib.contextmanager
def locked(
    path: Path, timeout: float | None = None, *, read_before: bool = True
) -> Iterator[LockedFile]:
    """The file at ``path``, opened and exclusively locked until the block ends.

    Raises LockedError when another process keeps it locked past ``timeout`` (default
    LOCK_TIMEOUT). A file that
    does not exist is a ConflictError (deleted or renamed since it was read) when
    ``read_before``, else an ArticleError; so is one that cannot be opened or is not a
    regular file (a SaveError when ``read_before``).
    """
    name = path.name
    target = Path(os.path.realpath(path))
    deadline = time.monotonic() + (LOCK_TIMEOUT if timeout is None else timeout)
    while True:
        try:
            check_regular(os.stat(target))
            fd = os.open(target, _READ_FLAGS)
        except FileNotFoundError:
            if not read_before:
                raise ArticleError("the file does not exist") from None
            raise ConflictError(f"{name} was deleted or renamed since it was read") from None
        except OSError as exc:
            if not read_before:
                raise ArticleError(os_reason(exc)) from None
            raise SaveError(f"{name}: {os_reason(exc)}") from None
        except ArticleError as exc:
            if not read_before:
                raise
            raise SaveError(f"{name}: {exc}") from None
        try:
            if not _lock(fd, deadline):
                raise LockedError(
                    f"{name} is being saved by another process; nothing was written "
                    "(try again in a moment)"
                )
            now = os.stat(target)
            mine = os.fstat(fd)
        except FileNotFoundError:
            os.close(fd)
            raise ConflictError(f"{name} was deleted or renamed since it was read") from None
        except BaseException:
            os.close(fd)
            raise
        if (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
            break
        os.close(fd)  # replaced by the save we waited for: lock the new file
    try:
        yield LockedFile(path, target, fd)
    finally:
        os.close(fd)  # releases the lock


def _lock(fd: int, deadline: float) -> bool:
    """Take an exclusive flock on ``fd``, waiting until ``deadline``; False if not taken."""
    if fcntl is None:
        return True
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            pass
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                return True  # a file system without locks: save as before, unlocked
            raise
        if time.monotonic() >= deadline:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def check_replaceable(name: str, target: Path, old: os.stat_result, force: bool) -> None:
    """Raise when replacing the file would change more than its bytes, or it is protected.

    A file its owner may not write (``chmod a-w``) is a ReadOnlyError, which ``force``
    overrides (as vim's ``:w!``); a file the user may not write, another user's file, a file
    of a group the user is not in and a file with several hard links are SaveErrors.
    """
    if not _may_write(target):
        owner = _owner_name(old.st_uid)
        if hasattr(os, "geteuid") and os.geteuid() not in (0, old.st_uid):
            raise SaveError(
                f"{name} is write-protected: it belongs to {owner}, and you may not write it"
            )
        if not force:
            raise ReadOnlyError(f"{name} is read-only: its permissions do not allow writing it")
    elif not old.st_mode & statmod.S_IWUSR and not force:
        # Root may write anything; the file's own bits still say "do not change me".
        raise ReadOnlyError(f"{name} is read-only: its permissions do not allow writing it")
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if old.st_uid != os.geteuid():
            raise SaveError(
                f"{name} belongs to {_owner_name(old.st_uid)}; saving would make it yours "
                "(a saved file is a new file), so it was not saved"
            )
        if old.st_gid != os.getegid() and old.st_gid not in os.getgroups():
            raise SaveError(
                f"{name} belongs to the group {_group_name(old.st_gid)}, which you are not in; "
                "saving would take it out of that group, so it was not saved"
            )
    if old.st_nlink > 1:
        raise SaveError(
            f"{name} has {old.st_nlink} names (hard links); saving would give only this one "
            "the change, so it was not saved"
        )


def _may_write(target: Path) -> bool:
    if os.access in os.supports_effective_ids:
        return os.access(target, os.W_OK, effective_ids=True)
    return os.access(target, os.W_OK)


def _owner_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name if pwd is not None else f"user {uid}"
    except KeyError:
        return f"user {uid}"


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name if grp is not None else f"group {gid}"
    except KeyError:
        return f"group {gid}"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _copy_metadata(name: str, source: int, old: os.stat_result, fd: int) -> None:
    """Give the new file ``fd`` the owner, group, mode and extended attributes of the old
    one (open as ``source``), and check that it has them."""
    if hasattr(os, "fchown"):
        new = os.fstat(fd)
        if (new.st_uid, new.st_gid) != (old.st_uid, old.st_gid):
            uid = old.st_uid if os.geteuid() == 0 else -1
            os.fchown(fd, uid, old.st_gid)  # before the mode: chown clears set-id bits
    if hasattr(os, "fchmod"):
        os.fchmod(fd, statmod.S_IMODE(old.st_mode))
    else:
        os.chmod(fd, statmod.S_IMODE(old.st_mode))
    _copy_xattrs(name, source, fd)
    new = os.fstat(fd)
    lost = [
        what
        for what, before, after in (
            ("owner", old.st_uid, new.st_uid),
            ("group", old.st_gid, new.st_gid),
            ("permissions", statmod.S_IMODE(old.st_mode), statmod.S_IMODE(new.st_mode)),
        )
        if before != after
    ]
    if lost and hasattr(os, "fchown"):
        raise SaveError(f"{name}: saving would change its {' and '.join(lost)}; not saved")


def _copy_xattrs(name: str, source: int, fd: int) -> None:
    """Copy every extended attribute (ACLs too) and drop ones the new file got by itself
    (a folder's default ACL)."""
    if not hasattr(os, "listxattr"):
        return
    try:
        wanted = {key: os.getxattr(source, key) for key in os.listxattr(source)}
        present = set(os.listxattr(fd))
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return  # the file system has none
        raise
    for key in present - wanted.keys():
        try:
            os.removexattr(fd, key)
        except OSError:
            if not key.startswith("security."):  # a label the system gives every file
                raise SaveError(
                    f"{name}: the new file has an extended attribute {key} the old one "
                    "lacks, and it cannot be removed; not saved"
                ) from None
    for key, value in wanted.items():
        try:
            os.setxattr(fd, key, value)
        except OSError as exc:
            with contextlib.suppress(OSError):
                if os.getxattr(fd, key) == value:
                    continue
            raise SaveError(
                f"{name}: its extended attribute {key} cannot be kept ({os_reason(exc)}); not saved"
            ) from None


#: Devices (st_dev) where an anonymous file could not be given a name.
_NO_ANONYMOUS: set[int] = set()


def _anonymous_files(device: int) -> bool:
    """True when new files on ``device`` are tried as anonymous ones first."""
    return bool(_O_TMPFILE) and device not in _NO_ANONYMOUS


class _Unnamable(Exception):
    """An anonymous file could not be linked into its folder (no /proc, no privilege)."""


class _Temporary:
    """The new file, before it replaces the old one: anonymous (``O_TMPFILE``) when asked
    and the folder's file system has them, else a hidden named file. Locked while open, so
    ``remove_stale_temporaries`` leaves it alone."""

    def __init__(self, folder: Path, stem: str, name: str, anonymous: bool) -> None:
        self.folder = folder
        self.stem = stem
        self.path: Path | None = None  # its name once it has one
        self.fd = -1
        try:
            if anonymous:
                with contextlib.suppress(OSError):  # not supported here: a named one
                    self.fd = os.open(folder, _O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600)
            if self.fd < 0:
                fd, temp = tempfile.mkstemp(
                    prefix=f"{TEMP_PREFIX}{stem}.", suffix=TEMP_SUFFIX, dir=folder
                )
                self.fd, self.path = fd, Path(temp)
        except OSError as exc:
            raise SaveError(f"{name}: {write_reason(exc, folder)}") from None
        if fcntl is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def named(self) -> Path:
        """A name for the file in its folder: an anonymous file is linked to a hidden one
        (it exists only until the rename that follows)."""
        while self.path is None:
            token = secrets.token_hex(4)
            candidate = self.folder / f"{TEMP_PREFIX}{self.stem}.{token}{TEMP_SUFFIX}"
            try:
                _link_anonymous(self.fd, candidate)
            except FileExistsError:
                continue
            self.path = candidate
        return self.path

    def renamed(self) -> None:
        """The file now has the article's name: nothing to remove."""
        self.path = None

    def close(self) -> None:
        """Close it, removing its name unless it replaced the article."""
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            self.path = None
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _link_anonymous(fd: int, path: Path) -> None:
    """Give the anonymous file ``fd`` the name ``path``; _Unnamable when this system cannot.

    Through /proc (``linkat`` following the magic link, allowed to every user), else
    ``linkat(fd, "", AT_EMPTY_PATH)`` (allowed to privileged processes). Python's os.link
    has no way to ask for the second, so it goes through the C library.
    """
    try:
        os.link(f"{_PROC_FD}/{fd}", path, follow_symlinks=True)
        return
    except FileExistsError:
        raise
    except OSError:
        pass
    if _linkat_empty_path(fd, path):
        return
    raise _Unnamable(path)


def _linkat_empty_path(fd: int, path: Path) -> bool:
    """``linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH)``; False when refused or missing."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        linkat = libc.linkat
    except (ImportError, OSError, AttributeError):
        return False
    at_fdcwd, at_empty_path = -100, 0x1000
    if linkat(fd, b"", at_fdcwd, os.fsencode(path), at_empty_path) == 0:
        return True
    if ctypes.get_errno() == errno.EEXIST:
        raise FileExistsError(errno.EEXIST, "exists", str(path))
    return False


def is_temporary(name: str) -> bool:
    """True for the name of one of reviewer's temporary files."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def remove_stale_temporaries(paths: Iterable[str | os.PathLike[str]]) -> int:
    """Delete the temporary files among ``paths`` that a crashed save left; their count.

    A temporary is stale when it is older than STALE_SECONDS and no process holds it locked
    (a save in progress does). Anything else is left alone.
    """
    removed = 0
    now = time.time()
    for path in paths:
        if not is_temporary(os.path.basename(path)):
            continue
        try:
            stat = os.lstat(path)
            if not statmod.S_ISREG(stat.st_mode) or now - stat.st_mtime < STALE_SECONDS:
                continue
            fd = os.open(path, _READ_FLAGS | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            same = os.fstat(fd)
            if (same.st_dev, same.st_ino) == (stat.st_dev, stat.st_ino):
                os.unlink(path)
                removed += 1
        except OSError:
            pass  # locked by a save in progress, or gone
        finally:
            os.close(fd)
    return removed


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_reason(exc: OSError, folder: Path) -> str:
    """Why a new file could not be made in ``folder`` or renamed over the old one."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"the folder {folder} does not allow replacing the file "
            "(a save writes a new file beside it and renames it over the old one)"
        )
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full (or over quota); the file is as it was"
    return os_reason(exc)


def os_reason(exc: OSError) -> str:
    """A short sentence for an OS error."""
    reasons = {
        FileNotFoundError: "the file does not exist",
        PermissionError: "permission denied",
        IsADirectoryError: "it is a folder, not a file",
    }
    for kind, reason in reasons.items():
        if isinstance(exc, kind):
            return reason
    return exc.strerror or str(exc)
