"""Thumbnails: the loader, the detail pane's strip, the table's Image column, the setting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QColor, QIcon, QImage
from pytestqt.qtbot import QtBot

from reviewer.app import settings
from reviewer.app.context import AppContext
from reviewer.app.detail.detail import DetailPane
from reviewer.app.editing import Editor
from reviewer.app.images import (
    REMOTE_OFF,
    STRIP_SIZE,
    TABLE_SIZE,
    TableThumbnails,
    Thumbnail,
    ThumbnailLoader,
)
from reviewer.app.keymap import Keymap
from reviewer.app.preferences import PreferencesDialog
from reviewer.app.registry import ActionRegistry
from reviewer.app.settings import Settings
from reviewer.app.table.columns import Column
from reviewer.app.table.model import ArticleModel
from reviewer.app.workers import Workers
from reviewer.core.document import Document
from reviewer.core.images.fetch import ImageCache
from reviewer.core.store import read_article
from tests.localhttp import CountingHandler, CountingServer, serving

ARTICLE = """---
title: With pictures
published: false
provider:
  name: Example
  images:
    - url: "{logo}"
      width: 50
      height: 50
images:
  - url: "{image}"
    width: 64
    height: 32
---
Body
"""


def png_bytes(width: int, height: int, color: str = "#3a7bd5") -> bytes:
    """A real PNG, made by Qt."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes, Qt a str
    return bytes(data.data())


def make_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "assets" / "images").mkdir(parents=True)
    (root / "assets" / "images" / "logo.png").write_bytes(png_bytes(64, 64, "#d53a3a"))
    (root / "assets" / "images" / "wide.png").write_bytes(png_bytes(64, 32))
    (root / "_posts").mkdir()
    return root


def article(folder: Path, logo: str, image: str, name: str = "a.md") -> Document:
    path = folder / name
    path.write_text(ARTICLE.format(logo=logo, image=image), encoding="utf-8")
    return Document(read_article(path))


class _Handler(CountingHandler):
    def do_GET(self) -> None:
        body = png_bytes(40, 20)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[CountingServer]:
    with serving(_Handler) as httpd:
        yield httpd


@pytest.fixture
def workers() -> Iterator[Workers]:
    owner = Workers()
    yield owner
    owner.shutdown()


def loader_for(workers: Workers, tmp_path: Path, remote: bool = True) -> ThumbnailLoader:
    return ThumbnailLoader(workers, lambda: remote, ImageCache(tmp_path / "image-cache"))


def wait_for(qtbot: QtBot, loader: ThumbnailLoader, url: str, size: int) -> Thumbnail:
    qtbot.waitUntil(lambda: loader.thumbnail(url, size) is not None, timeout=10_000)
    found = loader.thumbnail(url, size)
    assert found is not None
    return found


# -- the detail pane


def test_a_site_image_shows_as_a_thumbnail_with_the_size_check(
    qtbot: QtBot, tmp_path: Path, workers: Workers
) -> None:
    root = make_site(tmp_path)
    document = article(root / "_posts", "/blog/assets/images/logo.png", "assets/images/wide.png")
    pane = DetailPane(Editor())
    qtbot.addWidget(pane)
    pane.thumbnails.set_loader(loader_for(workers, tmp_path))
    pane.set_site(root, "/blog")
    pane.set_document(document)
    tiles = pane.thumbnails.tiles
    assert [t.ref.label for t in tiles] == ["images[0]", "provider.images[0]"]
    qtbot.waitUntil(lambda: all(not t.pixmap().isNull() for t in tiles), timeout=10_000)
    wide, logo = tiles
    assert wide.pixmap().width() == STRIP_SIZE and wide.pixmap().height() == STRIP_SIZE // 2
    assert "The image is 64x32" in wide.toolTip()
    assert "matches" in wide.toolTip() and wide.problem() is None
    assert logo.problem() == "provider.images[0]: the file says 50x50, the image is 64x64"
    assert "the file says 50x50, the image is 64x64" in logo.toolTip()
    assert not document.modified  # showing changes nothing


def test_a_plain_folder_shows_no_site_root_and_an_unreachable_image_its_reason(
    qtbot: QtBot, tmp_path: Path, workers: Workers
) -> None:
    document = article(tmp_path, "/assets/logo.png", "http://127.0.0.1:9/photo.png")
    pane = DetailPane(Editor())
    qtbot.addWidget(pane)
    pane.thumbnails.set_loader(loader_for(workers, tmp_path))
    pane.set_document(document)
    remote, local = pane.thumbnails.tiles
    qtbot.waitUntil(lambda: remote.thumbnail is not None and local.thumbnail is not None)
    assert local.text() == "no site root" and local.pixmap().isNull()
    assert "Not shown: no site root" in local.toolTip()
    assert remote.pixmap().isNull() and remote.text()
    assert "Not shown:" in remote.toolTip() and "refused" in remote.toolTip()
    assert "http://127.0.0.1:9/photo.png" in remote.toolTip()


def test_the_strip_is_hidden_without_images_or_without_a_loader(
    qtbot: QtBot, tmp_path: Path, workers: Workers
) -> None:
    pane = DetailPane(Editor())
    qtbot.addWidget(pane)
    pane.show()
    pane.set_document(article(tmp_path, "/a.png", "/b.png"))
    assert pane.thumbnails.isHidden()  # no loader: nothing is loaded
    pane.thumbnails.set_loader(loader_for(workers, tmp_path))
    assert not pane.thumbnails.isHidden()
    path = tmp_path / "plain.md"
    path.write_text("---\ntitle: No pictures\n---\n", encoding="utf-8")
    pane.set_document(Document(read_article(path)))
    assert pane.thumbnails.isHidden() and pane.thumbnails.tiles == []


# -- remote images and the setting


def test_fetching_off_makes_no_request(
    qtbot: QtBot, tmp_path: Path, workers: Workers, server: CountingServer
) -> None:
    url = server.url("/photo.png")
    loader = loader_for(workers, tmp_path, remote=False)
    assert loader.request(url, STRIP_SIZE) is None
    found = wait_for(qtbot, loader, url, STRIP_SIZE)
    assert found.pixmap is None and found.reason == REMOTE_OFF
    assert sum(server.hits.values()) == 0


def test_a_remote_image_is_fetched_once_then_shown_from_the_cache_even_when_fetching_is_off(
    qtbot: QtBot, tmp_path: Path, workers: Workers, server: CountingServer
) -> None:
    url = server.url("/photo.png")
    loader = loader_for(workers, tmp_path)
    loader.request(url, STRIP_SIZE)
    found = wait_for(qtbot, loader, url, STRIP_SIZE)
    assert found.pixmap is not None and found.real == (40, 20)
    offline = loader_for(workers, tmp_path, remote=False)  # same disk cache
    offline.request(url, STRIP_SIZE)
    assert wait_for(qtbot, offline, url, STRIP_SIZE).pixmap is not None
    assert server.hits["/photo.png"] == 1


def test_the_setting_is_read_at_each_request_and_defaults_to_on(
    qtbot: QtBot, tmp_path: Path, workers: Workers
) -> None:
    store = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert store.get(settings.FETCH_REMOTE_IMAGES) is True
    loader = ThumbnailLoader.from_settings(workers, store)
    loader.cache = ImageCache(tmp_path / "image-cache")
    store.set(settings.FETCH_REMOTE_IMAGES, False)
    loader.request("http://127.0.0.1:9/x.png", TABLE_SIZE)
    assert wait_for(qtbot, loader, "http://127.0.0.1:9/x.png", TABLE_SIZE).reason == REMOTE_OFF
    store.set(settings.FETCH_REMOTE_IMAGES, True)  # the reason is forgotten, asked again
    assert loader.thumbnail("http://127.0.0.1:9/x.png", TABLE_SIZE) is None


def test_preferences_has_the_fetch_remote_images_box(qtbot: QtBot, context: AppContext) -> None:
    keymap = Keymap(context.settings, ActionRegistry())
    dialog = PreferencesDialog(keymap, None, context.settings)
    qtbot.addWidget(dialog)
    box = dialog.fetch_images
    assert box is not None and box.isChecked()
    box.setChecked(False)
    assert context.settings.get(settings.FETCH_REMOTE_IMAGES) is False


# -- the table


def test_the_image_column_is_hidden_by_default_and_asks_only_for_rows_painted(
    qtbot: QtBot, tmp_path: Path, workers: Workers
) -> None:
    root = make_site(tmp_path)
    documents = [
        article(root / "_posts", "/assets/images/logo.png", "/assets/images/wide.png", f"{i}.md")
        for i in range(50)
    ]
    model = ArticleModel()
    model.set_documents(documents)
    loader = loader_for(workers, tmp_path)
    loader.set_site(root)
    table = TableThumbnails(loader, model, Column.IMAGE)
    model.thumbnail = table.icon
    asked: list[str] = []
    request = loader.request

    def counted(url: str, size: int, enlarge: bool = True) -> Thumbnail | None:
        asked.append(url)
        return request(url, size, enlarge)

    loader.request = counted  # type: ignore[method-assign]
    index = model.index(3, Column.IMAGE)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) is None
    with qtbot.waitSignal(model.dataChanged, timeout=10_000) as changed:
        assert model.data(index, Qt.ItemDataRole.DecorationRole) is None  # loading
    first, last = changed.args[0], changed.args[1]
    assert isinstance(first, QModelIndex) and (first.row(), first.column()) == (3, Column.IMAGE)
    assert (last.row(), last.column()) == (3, Column.IMAGE)
    assert isinstance(model.data(index, Qt.ItemDataRole.DecorationRole), QIcon)
    assert asked == ["/assets/images/wide.png"] * 2  # one row asked, twice; no other row
    assert model.data(model.index(4, Column.TITLE), Qt.ItemDataRole.DecorationRole) is None


def test_the_table_s_image_column_is_hidden_by_default() -> None:
    from reviewer.app.table.columns import IMAGE

    assert IMAGE.position == Column.IMAGE == 11 and IMAGE.hidden


def test_bad_site_files_give_their_reason_and_the_others_still_show(
    qtbot: QtBot, tmp_path: Path, workers: Workers
) -> None:
    import os
    import struct
    import zlib

    root = make_site(tmp_path)
    images = root / "assets" / "images"
    (images / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    os.mkfifo(images / "pipe.png")
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    (images / "huge.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + crc
    )
    loader = loader_for(workers, tmp_path)
    loader.set_site(root)
    urls = {
        "/assets/images/broken.png": "not an image that can be shown",
        "/assets/images/pipe.png": "FIFO",
        "/assets/images/huge.png": "too many pixels to show (100000x100000)",
        "/assets/images/missing.png": "does not exist",
    }
    for url in [*urls, "/assets/images/logo.png"]:
        loader.request(url, STRIP_SIZE)
    for url, words in urls.items():
        found = wait_for(qtbot, loader, url, STRIP_SIZE)
        assert found.pixmap is None and words in found.reason, (url, found.reason)
    assert wait_for(qtbot, loader, "/assets/images/logo.png", STRIP_SIZE).pixmap is not None
