"""The Preview tab: bodies rendered, nothing run, nothing fetched until the editor asks,
links opened only when safe, and every odd body (empty, huge, unreadable) said clearly."""

from __future__ import annotations

import http.server
import struct
import threading
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextDocument
from pytestqt.qtbot import QtBot

from reviewer.app.detail import preview as preview_module
from reviewer.app.detail import remote
from reviewer.app.detail.detail import DetailPane
from reviewer.app.detail.preview import (
    NO_BODY,
    NO_FRONT_MATTER,
    BodyKind,
    PreviewView,
    body_kind,
)
from reviewer.app.detail.remote import RemoteImages, decode_image
from reviewer.app.editing import Editor
from reviewer.core.document import Document
from reviewer.core.store import read_article

FRONT = '---\ntitle: "A story"\n---\n'
IMAGE = "https://images.example.org/pixel.png"


def write(tmp_path: Path, body: str, name: str = "story.md", front: str = FRONT) -> Document:
    path = tmp_path / name
    path.write_bytes((front + body).encode())
    return Document(read_article(path))


class FakeLoader(RemoteImages):
    """A loader that records what it is asked for and fetches nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[list[str]] = []

    def fetch(self, urls: Iterable[str]) -> int:
        self.asked.append(list(urls))
        return len(self.asked[-1])


@pytest.fixture
def loader() -> FakeLoader:
    return FakeLoader()


@pytest.fixture
def view(qtbot: QtBot, loader: FakeLoader) -> PreviewView:
    widget = PreviewView(loader=loader)
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    return widget


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """The addresses handed to the desktop (none is opened for real)."""
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return urls


def red_png(path: Path, width: int = 40, height: int = 30) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(path))
    return path.read_bytes()


def image_resource(view: PreviewView, url: str) -> QImage:
    view.browser.document().size()  # laid out: every image asked for
    resource = view.browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(url))
    assert isinstance(resource, QImage), type(resource)
    return resource


# -- what is rendered


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.md", BodyKind.MARKDOWN),
        ("a.MARKDOWN", BodyKind.MARKDOWN),
        ("a.html", BodyKind.HTML),
        ("a.htm", BodyKind.HTML),
        ("a.txt", BodyKind.TEXT),
    ],
)
def test_the_kind_of_body_comes_from_the_extension(name: str, kind: BodyKind) -> None:
    assert body_kind(Path(name)) is kind


def test_markdown_is_rendered(view: PreviewView, tmp_path: Path) -> None:
    body = "# Keepers gather\n\nSome *emphasis* and [a link](https://example.org/x).\n"
    view.show_document(write(tmp_path, body))
    text = view.rendered_text()
    assert "Keepers gather" in text
    assert "#" not in text and "*" not in text and "](" not in text
    document = view.browser.document()
    assert document.firstBlock().text() == "Keepers gather"
    assert document.firstBlock().blockFormat().headingLevel() == 1
    formats = {}
    it = document.firstBlock().next().begin()
    while not it.atEnd():
        fragment = it.fragment()
        formats[fragment.text()] = fragment.charFormat()
        it += 1
    assert formats["emphasis"].fontItalic()
    assert formats["a link"].anchorHref() == "https://example.org/x"


def test_html_is_rendered_and_its_script_neither_shown_nor_run(
    view: PreviewView, tmp_path: Path, opened: list[QUrl]
) -> None:
    body = (
        "<html><head><title>T</title><script>window.location='https://evil.example'</script>"
        "</head><body onload=\"alert('onload')\"><h2>Hello <b>reader</b></h2>"
        "<script>alert('inline')</script><p>Bye</p></body></html>"
    )
    view.show_document(write(tmp_path, body, "letter.html"))
    text = view.rendered_text()
    assert "Hello reader" in text and "Bye" in text
    assert "alert" not in text and "window.location" not in text and "evil" not in text
    assert opened == []
    assert not view.loader.requests_made()


def test_liquid_raw_markers_are_dropped_as_jekyll_does(view: PreviewView, tmp_path: Path) -> None:
    body = "<h2>{% raw %}Title {{ kept }}{%- endraw -%}</h2><p>{% include x.html %}</p>"
    view.show_document(write(tmp_path, body, "letter.html"))
    assert view.rendered_text() == "Title {{ kept }}\n{% include x.html %}"


def test_plain_text_bodies_are_shown_as_text(view: PreviewView, tmp_path: Path) -> None:
    view.show_document(write(tmp_path, "<b>not bold</b>\n", "note.txt"))
    assert view.rendered_text() == "<b>not bold</b>\n"


def test_control_and_direction_characters_are_shown_as_escapes(
    view: PreviewView, tmp_path: Path
) -> None:
    view.show_document(write(tmp_path, "Red \x1b[31m text\u202e here\r\nnext line\n"))
    text = view.rendered_text()
    assert "\\x1b" in text and "\\u202e" in text
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\r" not in text  # CRLF is a line ending, not a character to show


# -- messages instead of a body


def test_an_empty_body_says_so(view: PreviewView, tmp_path: Path) -> None:
    view.show_document(write(tmp_path, "\n  \n"))
    assert view.stack.currentWidget() is view.message
    assert view.message.text() == NO_BODY
    assert view.rendered_text() == ""


def test_an_unreadable_file_says_why(view: PreviewView, tmp_path: Path) -> None:
    view.show_document(write(tmp_path, "body", front="---\ntitle: never closed\n"))
    assert view.stack.currentWidget() is view.message
    assert view.message.text().startswith("This file cannot be read: ")
    assert "never closed" in view.message.text()


def test_a_file_without_front_matter_says_so(view: PreviewView, tmp_path: Path) -> None:
    view.show_document(write(tmp_path, "just text", front=""))
    assert view.message.text() == NO_FRONT_MATTER


def test_a_huge_body_is_cut_and_says_so(
    view: PreviewView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview_module, "MAX_PREVIEW_BYTES", 2048)
    view.show_document(write(tmp_path, "word " * 10_000))
    assert len(view.rendered_text()) <= 2048
    assert not view.note.isHidden()
    assert "The body is 49 KB; only its first 2 KB are shown" in view.note.text()
    view.show_document(write(tmp_path, "short", "short.md"))
    assert view.note.isHidden()


# -- nothing fetched unless asked


def test_a_remote_image_is_not_fetched_until_the_editor_asks(
    view: PreviewView, loader: FakeLoader, tmp_path: Path
) -> None:
    body = f'<p>Look: <img src="{IMAGE}" width="20" height="10"></p>'
    view.show_document(write(tmp_path, body, "letter.html"))
    assert loader.asked == []
    assert view.remote_images() == [IMAGE]
    assert not view.bar.isHidden()
    assert "Remote images are not loaded" in view.bar_label.text()
    assert image_resource(view, IMAGE).size().width() == 1  # the empty placeholder
    assert loader.asked == []

    view.load_button.click()
    assert loader.asked == [[IMAGE]]
    red = QImage(20, 10, QImage.Format.Format_RGB32)
    red.fill(QColor("red"))
    before = view.renders
    loader.loaded.emit(IMAGE, red)  # the last one: laid out again at once
    assert view.renders == before + 1
    assert image_resource(view, IMAGE).size().width() == 20
    assert view.remote_images() == []
    assert view.bar_label.text() == "Remote images loaded."
    assert view.load_button.isHidden()


def test_a_real_loader_makes_no_request_before_the_button(qtbot: QtBot, tmp_path: Path) -> None:
    view = PreviewView()
    qtbot.addWidget(view)
    view.show_document(write(tmp_path, f"![pixel]({IMAGE})\n"))  # Markdown images too
    view.browser.document().size()
    assert view.remote_images() == [IMAGE]
    assert not view.loader.requests_made()


def test_a_failed_image_is_counted_and_the_rest_kept(
    view: PreviewView, loader: FakeLoader, tmp_path: Path
) -> None:
    other = "https://images.example.org/other.png"
    body = f'<img src="{IMAGE}"><img src="{other}">'
    view.show_document(write(tmp_path, body, "letter.html"))
    view.load_remote_images()
    assert sorted(loader.asked[0]) == sorted([IMAGE, other])
    loader.failed.emit(other, "larger than 5 MB")
    image = QImage(5, 5, QImage.Format.Format_RGB32)
    loader.loaded.emit(IMAGE, image)
    assert view.bar_label.text() == "1 remote image loaded; 1 could not be loaded."
    assert "larger than 5 MB" in view.bar.toolTip()


@pytest.mark.parametrize("scheme", ["file://", "", "qrc:", "ftp://host"])
def test_local_and_other_images_are_never_read(
    view: PreviewView, loader: FakeLoader, tmp_path: Path, scheme: str
) -> None:
    secret = tmp_path / "secret.png"
    red_png(secret)
    url = f"{scheme}{secret}"
    view.show_document(write(tmp_path, f'<img src="{url}">', "letter.html"))
    assert image_resource(view, url).size().width() == 1
    assert view.remote_images() == []
    view.load_remote_images()
    assert loader.asked == [[]]


def test_site_images_are_known_as_the_sites_files_and_not_read(
    view: PreviewView, loader: FakeLoader, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    red_png(site / "assets" / "logo.png")
    body = '<img src="/blog/assets/logo.png"><img src="/blog/../../etc/x.png">'
    view.show_document(write(tmp_path, body, "letter.html"))
    view.browser.document().size()
    assert view.site_images() == []  # no site: nothing is a site file
    renders = view.renders
    view.set_site_root(site, "/blog")
    assert view.renders == renders + 1  # shown again, now knowing the site
    view.browser.document().size()
    assert view.site_images() == [(site / "assets" / "logo.png").resolve()]
    assert image_resource(view, "/blog/assets/logo.png").size().width() == 1  # not read
    assert view.remote_images() == [] and loader.asked == []


def test_remote_style_sheets_are_not_fetched(view: PreviewView, tmp_path: Path) -> None:
    body = '<link rel="stylesheet" href="https://fonts.example.org/x.css"><p>Text</p>'
    view.show_document(write(tmp_path, body, "letter.html"))
    document = view.browser.document()
    document.size()
    css = document.resource(
        QTextDocument.ResourceType.StyleSheetResource, QUrl("https://fonts.example.org/x.css")
    )
    assert not css
    assert not view.loader.requests_made()


# -- links


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "relative.html"])
def test_an_unsafe_link_is_not_opened(
    view: PreviewView, tmp_path: Path, opened: list[QUrl], url: str
) -> None:
    view.show_document(write(tmp_path, f"[x]({url})\n"))
    view.browser.anchorClicked.emit(QUrl(url))
    assert opened == []
    assert view.link.text().startswith("Not opened: ")


def test_a_safe_link_opens_in_the_browser(
    view: PreviewView, tmp_path: Path, opened: list[QUrl]
) -> None:
    view.show_document(write(tmp_path, "[x](https://example.org/story)\n"))
    assert not view.browser.openLinks() and not view.browser.openExternalLinks()
    view.browser.anchorClicked.emit(QUrl("https://example.org/story"))
    assert opened == [QUrl("https://example.org/story")]
    view.browser.anchorClicked.emit(QUrl("#top"))  # an anchor of the page: scrolled to
    assert len(opened) == 1


def test_hovering_a_link_shows_its_target(view: PreviewView, tmp_path: Path) -> None:
    view.show_document(write(tmp_path, "[x](https://example.org/story)\n"))
    view.browser.highlighted.emit(QUrl("https://example.org/story"))
    assert view.link.text() == "→ https://example.org/story"
    view.browser.highlighted.emit(QUrl())
    assert view.link.text() == ""


# -- the tab in the detail pane


def test_the_tab_renders_only_when_shown(qtbot: QtBot, tmp_path: Path) -> None:
    pane = DetailPane(Editor())
    qtbot.addWidget(pane)
    first = write(tmp_path, "# First\n", "first.md")
    second = write(tmp_path, "# Second\n", "second.md")
    pane.set_document(first)
    assert pane.tabs.tabText(pane.tabs.indexOf(pane.preview)) == "Preview"
    assert pane.preview.renders == 0
    pane.tabs.setCurrentWidget(pane.preview)
    assert pane.preview.renders == 1
    assert pane.preview.rendered_text() == "First"
    pane.set_document(first)  # the same article: not rendered again
    pane.refresh()
    assert pane.preview.renders == 1
    pane.tabs.setCurrentWidget(pane.fields)
    pane.set_document(second)  # hidden: dropped, not rendered
    assert pane.preview.renders == 1
    assert pane.preview.rendered_text() == ""
    pane.tabs.setCurrentWidget(pane.preview)
    assert pane.preview.rendered_text() == "Second"
    pane.set_document(None)
    assert pane.preview.rendered_text() == ""


# -- the real loader, against a local server


class _Handler(http.server.BaseHTTPRequestHandler):
    files: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:  # the standard library names it so
        data = self.files.get(self.path)
        if data is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    _Handler.files = {
        "/red.png": red_png(tmp_path / "red.png"),
        "/huge.png": b"\x89PNG" + b"\0" * (remote.MAX_IMAGE_BYTES + 10),
        "/text.png": b"not an image",
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_the_loader_fetches_within_its_limits(qtbot: QtBot, server: str) -> None:
    loader = RemoteImages()
    loaded: dict[str, QImage] = {}
    failed: dict[str, str] = {}
    loader.loaded.connect(lambda url, image: loaded.__setitem__(url, image))
    loader.failed.connect(lambda url, why: failed.__setitem__(url, why))
    urls = [f"{server}/red.png", f"{server}/huge.png", f"{server}/text.png", f"{server}/none"]
    assert loader.fetch([*urls, "javascript:alert(1)", "https://user:pw@example.org/x.png"]) == 4
    assert "Only http" in failed["javascript:alert(1)"]
    assert "user name or password" in failed["https://user:pw@example.org/x.png"]
    qtbot.waitUntil(lambda: loader.pending() == 0, timeout=10_000)
    assert loaded[urls[0]].size().width() == 40
    assert failed[urls[1]] == "larger than 5 MB"
    assert "not an image" in failed[urls[2]]
    assert urls[3] in failed
    assert len(loaded) == 1


def test_the_loader_stops_at_its_count(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    loader = RemoteImages()
    got: list[str] = []
    monkeypatch.setattr(loader, "_get", got.append)
    urls = [f"https://example.org/{i}.png" for i in range(remote.MAX_IMAGES + 5)]
    assert loader.fetch(urls) == remote.MAX_IMAGES
    assert got == urls[: remote.MAX_IMAGES]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_header(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` x ``height`` pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def test_an_image_claiming_too_many_pixels_is_not_decoded() -> None:
    result = decode_image(_png_header(100_000, 100_000))
    assert isinstance(result, str) and "too large" in result
