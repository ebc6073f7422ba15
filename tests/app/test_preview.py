"""The Preview tab: bodies rendered, nothing run, nothing fetched until the editor asks,
links opened only when safe, and every odd body (empty, huge, unreadable) said clearly.

Its images come from the window's one image loader (``app/images.ThumbnailLoader``, with the
core fetcher's limits); the remote ones are served here by a local server that counts its
requests."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QPixmap, QTextDocument
from pytestqt.qtbot import QtBot

from reviewer.app.detail import preview as preview_module
from reviewer.app.detail.detail import DetailPane
from reviewer.app.detail.preview import (
    NO_BODY,
    NO_FRONT_MATTER,
    PREVIEW_SIZE,
    BodyKind,
    PreviewView,
    body_kind,
)
from reviewer.app.editing import Editor
from reviewer.app.images import Thumbnail, ThumbnailLoader
from reviewer.app.workers import Workers
from reviewer.core.document import Document
from reviewer.core.images.fetch import ImageCache, Limits
from reviewer.core.store import read_article
from tests.localhttp import CountingHandler, CountingServer, serving

FRONT = '---\ntitle: "A story"\n---\n'
IMAGE = "https://images.example.org/pixel.png"


def write(tmp_path: Path, body: str, name: str = "story.md", front: str = FRONT) -> Document:
    path = tmp_path / name
    path.write_bytes((front + body).encode())
    return Document(read_article(path))


class RecordingLoader(ThumbnailLoader):
    """The real loader, recording every address asked of it."""

    def __init__(self, workers: Workers, cache: ImageCache, remote: bool = True) -> None:
        super().__init__(workers, lambda: remote, cache)
        self.asked: list[str] = []

    def request(self, url: str, size: int, enlarge: bool = True) -> Thumbnail | None:
        self.asked.append(url)
        return super().request(url, size, enlarge)


@pytest.fixture
def workers() -> Iterator[Workers]:
    owner = Workers()
    yield owner
    owner.shutdown()


def make_loader(
    workers: Workers, tmp_path: Path, remote: bool = True, limits: Limits | None = None
) -> RecordingLoader:
    return RecordingLoader(workers, ImageCache(tmp_path / "image-cache", limits), remote)


@pytest.fixture
def loader(workers: Workers, tmp_path: Path) -> RecordingLoader:
    return make_loader(workers, tmp_path)


def make_view(qtbot: QtBot, loader: ThumbnailLoader | None) -> PreviewView:
    widget = PreviewView(loader=lambda: loader)
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    return widget


@pytest.fixture
def view(qtbot: QtBot, loader: RecordingLoader) -> PreviewView:
    return make_view(qtbot, loader)


def red_png(path: Path, width: int = 40, height: int = 30) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(path))
    return path.read_bytes()


def resource_width(view: PreviewView, url: str) -> int:
    """The width of the image the document draws for ``url`` (1: the empty placeholder)."""
    view.browser.document().size()  # laid out: every image asked for
    resource = view.browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(url))
    assert isinstance(resource, (QImage, QPixmap)), type(resource)
    return resource.width()


def settle(qtbot: QtBot, view: PreviewView, loader: ThumbnailLoader) -> None:
    """Wait until the loader and the view have nothing more on the way."""
    qtbot.waitUntil(lambda: not loader.busy() and view.pending() == 0, timeout=10_000)


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
    view: PreviewView, loader: RecordingLoader, tmp_path: Path, opened: list[QUrl]
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
    assert loader.asked == []


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


# -- images: the site's drawn at once, remote ones only when asked


class _Handler(CountingHandler):
    #: path -> (Content-Type, body, seconds to wait before answering)
    files: ClassVar[dict[str, tuple[str, bytes, float]]] = {}

    def do_GET(self) -> None:  # the standard library names it so
        found = self.files.get(self.path)
        if found is None:
            self.send_error(404)
            return
        kind, data, delay = found
        time.sleep(delay)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CountingServer]:
    _Handler.files = {
        "/red.png": ("image/png", red_png(tmp_path / "red.png"), 0.0),
        "/blue.png": ("image/png", red_png(tmp_path / "blue.png", 20, 10), 0.0),
        "/huge.png": ("image/png", b"\x89PNG" + b"\0" * 5000, 0.0),
        "/text.png": ("image/png", b"not an image", 0.0),
        "/page.png": ("text/html", b"<p>not an image</p>", 0.0),
        "/slow.png": ("image/png", red_png(tmp_path / "slow.png"), 2.0),
    }
    with serving(_Handler) as httpd:
        yield httpd


def test_a_remote_image_is_not_fetched_until_the_editor_asks(
    qtbot: QtBot, view: PreviewView, loader: RecordingLoader, server: CountingServer, tmp_path: Path
) -> None:
    view.show()  # laid out for real, so the document has a height
    red = server.url("/red.png")
    view.show_document(write(tmp_path, f"<p>Look:</p><p><img src='{red}'></p>", "letter.html"))
    assert view.remote_images() == [red]
    assert not view.bar.isHidden()
    assert view.bar_label.text() == "Remote images are not loaded (1 in this article)."
    assert "at most 40, 5 MB and 10 s each" in view.load_button.toolTip()
    assert resource_width(view, red) == 1  # the empty placeholder
    settle(qtbot, view, loader)
    assert loader.asked == [] and sum(server.hits.values()) == 0
    height = view.browser.document().size().height()

    layouts = view.layouts
    view.load_button.click()
    assert loader.asked == [red]
    assert view.bar_label.text().startswith("Loading remote images… 0 of 1 loaded")
    settle(qtbot, view, loader)
    assert server.hits == Counter({"/red.png": 1})
    assert view.layouts == layouts + 1  # laid out again, not parsed again
    assert resource_width(view, red) == 40
    assert view.browser.document().size().height() >= height + 29  # the image's 30 pixels
    assert view.remote_images() == []
    assert view.bar_label.text() == "Remote images loaded."
    assert view.load_button.isHidden()


def test_a_real_loader_makes_no_request_before_the_button(
    qtbot: QtBot, view: PreviewView, loader: RecordingLoader, server: CountingServer, tmp_path: Path
) -> None:
    red = server.url("/red.png")
    view.show_document(write(tmp_path, f"![pixel]({red})\n"))  # Markdown images too
    view.browser.document().size()
    assert view.remote_images() == [red]
    settle(qtbot, view, loader)
    assert loader.asked == [] and sum(server.hits.values()) == 0


def test_the_fetcher_limits_hold_and_each_failure_is_counted_with_its_reason(
    qtbot: QtBot, workers: Workers, server: CountingServer, tmp_path: Path
) -> None:
    loader = make_loader(workers, tmp_path, limits=Limits(max_bytes=1000, timeout=0.3))
    view = make_view(qtbot, loader)
    paths = ["/red.png", "/huge.png", "/text.png", "/page.png", "/none.png", "/slow.png"]
    body = "".join(f'<img src="{server.url(p)}">' for p in paths)
    refused = '<img src="javascript:alert(1)"><img src="https://user:pw@example.org/x.png">'
    view.show_document(write(tmp_path, body + refused, "letter.html"))
    assert view.remote_images() == [server.url(p) for p in paths]  # refused: never asked
    assert view.load_remote_images() == len(paths)
    settle(qtbot, view, loader)
    assert resource_width(view, server.url("/red.png")) == 40
    assert view.bar_label.text() == "1 remote image loaded; 5 could not be loaded."
    tip = view.bar.toolTip()
    assert "huge.png: too big" in tip
    assert "text.png: not an image that can be shown" in tip
    assert "page.png: not an image (the server sent text/html)" in tip
    assert "none.png: HTTP 404" in tip
    assert "slow.png: timed out" in tip
    assert not view.load_button.isHidden()  # the editor may try again
    assert set(server.hits) == set(paths)


def test_at_most_the_fetchers_count_is_fetched(
    qtbot: QtBot, workers: Workers, server: CountingServer, tmp_path: Path
) -> None:
    loader = make_loader(workers, tmp_path, limits=Limits(per_batch=2))
    view = make_view(qtbot, loader)
    paths = ["/red.png", "/blue.png", "/slow.png"]
    body = "".join(f"![x]({server.url(p)})\n\n" for p in paths)
    view.show_document(write(tmp_path, body))
    assert "at most 2," in view.load_button.toolTip()
    assert view.load_remote_images() == 2
    settle(qtbot, view, loader)
    assert server.hits == Counter({"/red.png": 1, "/blue.png": 1})
    assert view.bar_label.text() == "2 remote images loaded; 1 could not be loaded."
    assert "slow.png: not fetched: more than 2 images at once" in view.bar.toolTip()


def test_with_the_setting_off_nothing_is_fetched_and_the_bar_says_so(
    qtbot: QtBot, workers: Workers, server: CountingServer, tmp_path: Path
) -> None:
    loader = make_loader(workers, tmp_path, remote=False)
    view = make_view(qtbot, loader)
    red = server.url("/red.png")
    view.show_document(write(tmp_path, f"![x]({red})\n"))
    assert view.bar_label.text() == (
        "Remote images are off (Preferences ▸ Fetch remote images): "
        "1 in this article are not loaded."
    )
    assert view.load_button.isHidden()
    assert view.load_remote_images() == 0
    view.load_button.click()  # hidden; even so, nothing
    settle(qtbot, view, loader)
    assert loader.asked == [] and sum(server.hits.values()) == 0
    assert resource_width(view, red) == 1


def test_a_late_image_of_another_article_is_ignored(
    qtbot: QtBot, view: PreviewView, loader: RecordingLoader, server: CountingServer, tmp_path: Path
) -> None:
    red = server.url("/red.png")
    view.show_document(write(tmp_path, f"![x]({red})\n", "first.md"))
    view.load_remote_images()
    view.show_document(write(tmp_path, f"![x]({red})\n\nOther", "second.md"))  # before it came
    settle(qtbot, view, loader)
    assert view.browser.images == {}
    assert resource_width(view, red) == 1
    assert view.bar_label.text() == "Remote images are not loaded (1 in this article)."


@pytest.mark.parametrize("scheme", ["file://", "", "qrc:", "ftp://host"])
def test_local_and_other_images_are_never_read(
    qtbot: QtBot, view: PreviewView, loader: RecordingLoader, tmp_path: Path, scheme: str
) -> None:
    secret = tmp_path / "secret.png"
    red_png(secret)
    url = f"{scheme}{secret}"
    view.show_document(write(tmp_path, f'<img src="{url}">', "letter.html"))
    assert resource_width(view, url) == 1
    assert view.remote_images() == [] and view.site_images() == []
    assert view.load_remote_images() == 0
    settle(qtbot, view, loader)
    assert loader.asked == []
    assert resource_width(view, url) == 1


def test_site_images_are_drawn_without_a_click_by_the_loader(
    qtbot: QtBot, view: PreviewView, loader: RecordingLoader, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    red_png(site / "assets" / "logo.png")
    body = '<img src="/blog/assets/logo.png"><img src="/blog/../../etc/x.png">'
    view.show_document(write(tmp_path, body, "letter.html"))
    view.browser.document().size()
    assert view.site_images() == []  # no site: nothing is a site file
    assert loader.asked == []
    renders = view.renders
    loader.set_site(site, "/blog")  # the detail pane sets both (DetailPane.set_site)
    view.set_site_root(site, "/blog")
    assert view.renders == renders + 1  # shown again, now knowing the site
    assert view.site_images() == [(site / "assets" / "logo.png").resolve()]
    assert loader.asked == ["/blog/assets/logo.png"]  # the one climbing out: never asked
    settle(qtbot, view, loader)
    assert resource_width(view, "/blog/assets/logo.png") == 40
    assert resource_width(view, "/blog/../../etc/x.png") == 1
    assert view.remote_images() == [] and view.bar.isHidden()


def test_an_image_wider_than_the_preview_is_scaled_down(
    qtbot: QtBot, view: PreviewView, loader: RecordingLoader, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    red_png(site / "assets" / "wide.png", PREVIEW_SIZE * 2, 10)
    loader.set_site(site)
    view.set_site_root(site)
    view.show_document(write(tmp_path, "![wide](/assets/wide.png)\n"))
    settle(qtbot, view, loader)
    assert resource_width(view, "/assets/wide.png") == PREVIEW_SIZE


def test_remote_style_sheets_are_not_fetched(
    qtbot: QtBot, view: PreviewView, loader: RecordingLoader, tmp_path: Path
) -> None:
    body = '<link rel="stylesheet" href="https://fonts.example.org/x.css"><p>Text</p>'
    view.show_document(write(tmp_path, body, "letter.html"))
    document = view.browser.document()
    document.size()
    css = document.resource(
        QTextDocument.ResourceType.StyleSheetResource, QUrl("https://fonts.example.org/x.css")
    )
    assert not css
    view.load_remote_images()
    settle(qtbot, view, loader)
    assert loader.asked == []


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


def test_the_pane_draws_with_the_strips_loader_and_its_site(
    qtbot: QtBot, loader: RecordingLoader, server: CountingServer, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    red_png(site / "assets" / "logo.png", 20, 10)
    pane = DetailPane(Editor())
    qtbot.addWidget(pane)
    pane.thumbnails.set_loader(loader)  # what the window does (app/thumbnails.py)
    pane.set_site(site, "/blog")
    assert loader.site() == (site, "/blog")
    red = server.url("/red.png")
    pane.set_document(write(site, f"![logo](/blog/assets/logo.png)\n\n![red]({red})\n"))
    pane.tabs.setCurrentWidget(pane.preview)
    preview = pane.preview
    settle(qtbot, preview, loader)
    assert resource_width(preview, "/blog/assets/logo.png") == 20
    assert resource_width(preview, red) == 1
    assert sum(server.hits.values()) == 0
    preview.load_button.click()
    settle(qtbot, preview, loader)
    assert resource_width(preview, red) == 40
    assert server.hits == Counter({"/red.png": 1})
