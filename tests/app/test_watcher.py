"""Noticing changes made on disk by other programs."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from reviewer.app.folder.watcher import FolderWatcher, changed_on_disk
from reviewer.core.document import Document
from reviewer.core.store import read_article


def test_same_stat_different_content_needs_the_hash(articles: Path) -> None:
    path = articles / "alpha-story.md"
    document = Document(read_article(path))
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b"quality: 10", b"quality: 11"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    assert changed_on_disk(document) is False
    assert changed_on_disk(document, compare_content=True) is True
    path.unlink()
    assert changed_on_disk(document) is None


def test_real_watcher_reports_a_replaced_file(qtbot: QtBot, articles: Path) -> None:
    path = articles / "bravo-story.md"
    document = Document(read_article(path))
    watcher = FolderWatcher()
    watcher.watch([document])
    with qtbot.waitSignal(watcher.documents_changed, timeout=5000) as blocker:
        temp = articles / ".other-editor.tmp"
        temp.write_bytes(path.read_bytes().replace(b"quality: 70", b"quality: 71"))
        os.replace(temp, path)  # how most editors save
    assert blocker.args == [[document]]
