"""A warm reopen in the window makes no Path nor Fingerprint per row: light articles hold
their path as text (``Article.path_text``) and their fingerprint as its values
(``Article.content_digest``), and the window's per-row work (the search texts kept, the
report's documents, the watcher) takes those; a Path is made for the rows shown and the
files a feature acts on."""

from __future__ import annotations

import collections
import inspect
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from test_kept_records import reopen, settle  # tests/app is on sys.path
from test_mainwindow import open_window

from reviewer.app.context import AppContext
from reviewer.core import article as article_module
from reviewer.core.article import Fingerprint

#: Rows in the folder: many more than the window shows.
ROWS = 400


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    for i in range(ROWS):
        sub = folder / f"part-{i % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"story-{i:04d}.md").write_text(
            f"---\ntitle: Story {i}\npublished: true\nquality: {i % 90}\n"
            f"publishedDateTime: 2024-03-01T08:00:00Z\n---\nBody {i}\n",
            encoding="utf-8",
        )
    return folder


def test_a_warm_reopen_makes_no_path_per_row(
    qtbot: QtBot,
    context: AppContext,
    folder: Path,
    index_cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    made: collections.Counter[str] = collections.Counter()
    real = article_module.Path

    def counted(text: str) -> Path:
        here = inspect.currentframe()
        caller = here.f_back if here is not None else None
        while caller is not None and caller.f_code.co_filename.endswith(
            ("core/article.py", "core/document.py")
        ):
            caller = caller.f_back
        made[f"{caller.f_code.co_filename}:{caller.f_lineno}" if caller else "?"] += 1
        return real(text)

    fingerprints = [0]
    real_fingerprint = article_module.Fingerprint

    def counted_fingerprint(*values: Any) -> Fingerprint:
        fingerprints[0] += 1
        return real_fingerprint(*values)

    monkeypatch.setattr(article_module, "Path", counted)
    monkeypatch.setattr(article_module, "Fingerprint", counted_fingerprint)
    reopen(qtbot, window)
    assert window.model.rowCount() == ROWS
    assert sum(made.values()) < ROWS // 4, made.most_common(5)
    assert fingerprints[0] < ROWS // 4  # the search texts kept compare content_digest
