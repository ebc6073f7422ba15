"""Writing: conflicts are never overwritten, writes are atomic, OS refusals become SaveError."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from core_support import copy_fixture, fixture_bytes

from reviewer.core import store
from reviewer.core.errors import ConflictError, SaveError
from reviewer.core.folder.scan import article_paths

CHANGE: dict[tuple[str, ...], Any] = {("published",): True}


@pytest.fixture
def article_path(tmp_path: Path) -> Path:
    return copy_fixture("no-published.md", tmp_path)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(store.TEMP_PREFIX))


def test_save_writes_and_returns_the_new_article(article_path: Path) -> None:
    article = store.read_article(article_path)
    saved = store.save(article, CHANGE)
    assert article_path.read_bytes() == fixture_bytes("no-published.md").replace(
        b"  - Harbour\n", b"  - Harbour\npublished: true\n"
    )
    assert saved.published is True
    assert saved.fingerprint == store.read_article(article_path).fingerprint
    # The returned article is the new baseline: a second save works without a conflict.
    again = store.save(saved, {("published",): False})
    assert again.published is False
    assert _leftovers(article_path.parent) == []


def test_changed_on_disk_is_a_conflict_and_keeps_the_other_bytes(article_path: Path) -> None:
    article = store.read_article(article_path)
    other = b"---\ntitle: Written by someone else\n---\n"
    article_path.write_bytes(other)
    with pytest.raises(ConflictError, match="changed by another program"):
        store.save(article, CHANGE)
    assert article_path.read_bytes() == other
    assert _leftovers(article_path.parent) == []


def test_same_size_change_on_disk_is_a_conflict(article_path: Path) -> None:
    article = store.read_article(article_path)
    raw = article_path.read_bytes()
    other = raw.replace(b"No published flag", b"No Published Flag")
    assert len(other) == len(raw)
    stat_before = article_path.stat()
    article_path.write_bytes(other)
    os.utime(article_path, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
    with pytest.raises(ConflictError):
        store.save(article, CHANGE)
    assert article_path.read_bytes() == other


def test_deleted_file_is_a_conflict(article_path: Path) -> None:
    article = store.read_article(article_path)
    article_path.unlink()
    with pytest.raises(ConflictError, match="deleted or renamed"):
        store.save(article, CHANGE)
    assert not article_path.exists()
    assert _leftovers(article_path.parent) == []


def test_change_between_check_and_replace_is_a_conflict(
    article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another writer strikes while the temp file is being written.
    article = store.read_article(article_path)
    other = b"---\ntitle: racing writer\n---\n"
    real_fsync = os.fsync

    def fsync_and_race(fd: int) -> None:
        real_fsync(fd)
        if article_path.read_bytes() != other:
            article_path.write_bytes(other)

    monkeypatch.setattr(os, "fsync", fsync_and_race)
    with pytest.raises(ConflictError):
        store.save(article, CHANGE)
    monkeypatch.undo()
    assert article_path.read_bytes() == other
    assert _leftovers(article_path.parent) == []


def test_crash_before_replace_leaves_the_original_and_no_temp(
    article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = article_path.read_bytes()
    article = store.read_article(article_path)

    def crash(src: object, dst: object) -> None:
        raise KeyboardInterrupt  # the process is stopped between temp write and rename

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        store.save(article, CHANGE)
    assert article_path.read_bytes() == before
    assert _leftovers(article_path.parent) == []


def test_replace_refused_is_a_save_error(
    article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = article_path.read_bytes()
    article = store.read_article(article_path)

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SaveError, match=r"folder .* does not allow replacing the file") as info:
        store.save(article, CHANGE)
    assert article_path.name in str(info.value)
    assert article_path.read_bytes() == before
    assert _leftovers(article_path.parent) == []


def test_a_folder_that_refuses_new_files_is_a_save_error(
    article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, where chmod does not stop a write: make the new file fail instead
    # (tests/core/test_save_safety.py has the real read-only folder, as another user).
    before = article_path.read_bytes()
    article = store.read_article(article_path)
    real_open = os.open

    def refuse_in_folder(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_in_folder)
    with pytest.raises(SaveError, match="does not allow replacing the file"):
        store.save(article, CHANGE)
    monkeypatch.undo()
    assert article_path.read_bytes() == before
    assert _leftovers(article_path.parent) == []


def test_disk_full_is_a_save_error(article_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = article_path.read_bytes()
    article = store.read_article(article_path)

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SaveError, match="the disk is full"):
        store.save(article, CHANGE)
    monkeypatch.undo()
    assert article_path.read_bytes() == before
    assert _leftovers(article_path.parent) == []


def test_unreadable_file_at_save_is_a_save_error(
    article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = store.read_article(article_path)
    real_open = os.open

    def guarded_open(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == article_path:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded_open)
    with pytest.raises(SaveError, match="permission denied"):
        store.save(article, CHANGE)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o4755, 0o2750, 0o1644])
def test_permissions_are_kept(article_path: Path, mode: int) -> None:
    os.chmod(article_path, mode)
    article = store.read_article(article_path)
    store.save(article, CHANGE)
    assert stat.S_IMODE(article_path.stat().st_mode) == mode


def test_stray_temp_file_is_not_an_article(tmp_path: Path) -> None:
    copy_fixture("news-plain.md", tmp_path)
    stray = tmp_path / f"{store.TEMP_PREFIX}news-plain.md.abc123.tmp"
    stray.write_bytes(fixture_bytes("news-plain.md")[:40])
    # Even one named like an article is hidden by its prefix.
    (tmp_path / f"{store.TEMP_PREFIX}news-plain.md").write_bytes(b"---\n")
    assert [p.name for p in article_paths(tmp_path)] == ["news-plain.md"]


def test_temp_file_name_is_hidden_and_in_the_same_folder(
    article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(Path(src))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    store.save(store.read_article(article_path), CHANGE)
    assert len(seen) == 1
    assert seen[0].parent == article_path.parent
    assert seen[0].name.startswith(f"{store.TEMP_PREFIX}{article_path.name}.")
    assert seen[0].name.endswith(".tmp")


def test_os_reason_sentences() -> None:
    assert store.os_reason(FileNotFoundError(2, "x")) == "the file does not exist"
    assert store.os_reason(PermissionError(13, "x")) == "permission denied"
    assert store.os_reason(IsADirectoryError(21, "x")) == "it is a folder, not a file"
    assert store.os_reason(OSError(28, "No space left on device")) == "No space left on device"


def test_save_through_a_symbolic_link_writes_the_real_file(tmp_path: Path) -> None:
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    real = copy_fixture("no-published.md", real_folder)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    saved = store.save(store.read_article(link), CHANGE)
    assert link.is_symlink()
    assert b"published: true\n" in real.read_bytes()
    assert saved.published is True
    assert _leftovers(real_folder) == [] and _leftovers(tmp_path) == []
