"""Fixtures for the GUI tests: articles in a temp folder, an isolated settings file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from reviewer.app import dialogs
from reviewer.app.context import AppContext
from reviewer.app.settings import Settings

ARTICLE = """---
category: news
title: "{title}"
excerpt: "About {title}"
publishedDateTime: {date}
originalUrl: "https://example.org/{slug}"
webUrl: "https://example.org/{slug}"
type: article
quality: {quality}
heat: 3
published: {published}

provider:
  name: {provider}
  domain: example.org

topics:
  - {topic}

secured: "c2lnbmF0dXJlLW9mLXtzbHVnfQ=="
---
"""


def write_article(folder: Path, slug: str, **fields: object) -> Path:
    """Write a small article file of our own and return its path."""
    values: dict[str, object] = {
        "title": slug.replace("-", " ").title(),
        "date": "2024-03-04T10:00:00Z",
        "quality": 50,
        "published": "false",
        "provider": "Example News",
        "topic": "Cities",
        "slug": slug,
    }
    values.update(fields)
    path = folder / f"{slug}.md"
    path.write_text(ARTICLE.format(**values), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _application(qapp: QApplication) -> QApplication:
    """Every GUI test runs with the QApplication made first: a model or proxy made before it
    has timers without an event loop (a warning, so a failure, in whichever test runs first)."""
    return qapp


@pytest.fixture(autouse=True)
def index_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own index cache folder (never the user's)."""
    folder = tmp_path / "index-cache"
    monkeypatch.setenv("REVIEWER_CACHE_DIR", str(folder))
    monkeypatch.delenv("REVIEWER_NO_INDEX_CACHE", raising=False)
    return folder


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder of five articles and one broken file."""
    folder = tmp_path / "articles"
    folder.mkdir()
    write_article(folder, "alpha-story", date="2024-03-01T08:00:00Z", quality=10)
    write_article(
        folder, "bravo-story", date="2024-03-03 09:30:00 +02:00", published="true", quality=70
    )
    write_article(folder, "charlie-story", date="2024-02-28", provider="Café Times", topic="Food")
    write_article(folder, "delta-story", date='"Sep 20, 2021 4:44 PM"', published="true")
    write_article(folder, "echo-story", date="2024-03-05T12:00:00Z", quality=90)
    (folder / "broken.md").write_text("---\ntitle: a\ntitle: b\n---\n", encoding="utf-8")
    (folder / "notes.md").write_text("no front matter here\n", encoding="utf-8")
    return folder


@pytest.fixture
def make_article() -> Callable[..., Path]:
    """The write_article helper, for tests that add files."""
    return write_article


@pytest.fixture
def context(tmp_path: Path) -> AppContext:
    """An AppContext whose settings live in a temp INI file."""
    return AppContext(
        Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    )


def _unexpected_prompt(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("unexpected modal prompt")


@pytest.fixture
def no_modal_prompts(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Fail loudly if a test reaches a modal question it did not answer (ask_unsaved,
    ask_conflict); a module asks for it with ``pytest.mark.usefixtures``. What stands in for
    them, for a module that puts it in place of its own questions too."""
    monkeypatch.setattr(dialogs, "ask_unsaved", _unexpected_prompt)
    monkeypatch.setattr(dialogs, "ask_conflict", _unexpected_prompt)
    return _unexpected_prompt


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """The addresses handed to the desktop (none is opened for real)."""
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return urls


@pytest.fixture
def samples_copy(tmp_path: Path, samples_dir: Path) -> Path:
    """A writable copy of the bundled samples."""
    target = tmp_path / "samples"
    shutil.copytree(samples_dir, target)
    return target
