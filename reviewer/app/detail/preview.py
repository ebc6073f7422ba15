"""The Preview tab: an article's body as a reader sees it, with nothing run and nothing fetched.

Rendering is the point here, so the body is not shown as plain text, but it is untrusted:

* HTML (``.html``, ``.htm``: the newsletters) goes to a QTextBrowser, which runs no script
  (it has no script engine; QtWebEngine is never used). Markdown (``.md``, ``.markdown``) is
  rendered by Qt's own ``QTextDocument.setMarkdown`` in its GitHub dialect (CommonMark with
  tables, strikethrough, task lists and autolinks). Its limits against Jekyll's kramdown:
  Liquid tags (``{% ... %}``) and kramdown's attribute lists (``{: .class}``) show as text,
  footnotes and definition lists are not rendered, and of raw HTML inside Markdown Qt keeps
  only simple inline markup (``<b>``, ``<i>``, ``<br>``...); blocks such as ``<div>`` or
  ``<script>`` are dropped, never run. ``.txt`` bodies are shown as plain text.
* Nothing is fetched implicitly: ``SafeBrowser.loadResource`` is where QTextDocument asks for
  every image and style sheet, and it answers every one itself. Images are read, fetched and
  decoded off the GUI thread by the window's one image loader (``app/images.ThumbnailLoader``,
  the detail pane's, which fetches through ``core.images.fetch``: at most ``per_batch`` images,
  each within its byte and time limits, into the private disk cache); each one decoded is
  given to the document as a resource and the body is laid out again. The site's own images
  (``/assets/x.png``, resolved inside the site root by ``core.images.resolve``) are drawn as
  soon as the body is shown; a remote image gets an empty placeholder until the editor presses
  *Load remote images*, and never while the "Fetch remote images" setting is off (the bar says
  so). ``file:`` and every other scheme get a placeholder always: left unanswered,
  QTextDocument would read a local path from disk itself, and a file's
  ``<img src="/home/...">`` could show any file the editor can read. Remote style sheets are
  never loaded (Qt would use little of them, and they may pull in more addresses).
* Links do not navigate: a click hands only the addresses ``openurl.open_in_browser`` allows
  to the web browser (``#anchors`` scroll the preview); hovering one shows its target.
* Control and direction characters are shown as escapes (``core/safetext.escape_lines``),
  and at most MAX_PREVIEW_BYTES of a body are rendered (the largest real newsletter is 43 KB
  and renders in about 10-20 ms; the cap keeps a 16 MB file from holding the window).
* Newsletters are e-mail HTML, written for browsers and Outlook; Qt knows a subset of HTML
  and CSS (no ``max-width``, few floats), so their layout is approximate (narrow columns),
  while their text, headings, links and images are all there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QImage, QPixmap, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reviewer.app.images import Thumbnail, ThumbnailLoader
from reviewer.app.openurl import open_in_browser
from reviewer.app.plaintext import plain_tip
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.images import Local, Remote, resolve
from reviewer.core.safetext import escape, escape_lines

#: The most bytes of a body rendered (the rest is left out, and the view says so): six
#: times the largest real body (43 KB, 13 ms to render); 256 KB of HTML or Markdown takes
#: about 150 ms, 512 KB 250-350 ms, which would hold the window.
MAX_PREVIEW_BYTES = 256 * 1024

#: Liquid's ``{% raw %}`` and ``{% endraw %}``: Jekyll drops them, so a reader never sees them
#: (the newsletters wrap every title in them). Other Liquid tags are shown as written.
_RAW_TAGS = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")

#: The longer side of the images drawn, in pixels: the loader scales larger ones down as it
#: decodes them (the detail pane is never that wide), smaller ones are drawn as they are.
PREVIEW_SIZE = 1600
#: While images arrive, the body is laid out again at most this often (milliseconds).
RELAYOUT_MS = 300

NO_BODY = "This article has no body."
NOT_READ = "The file is not read yet."
NO_FRONT_MATTER = "This file has no front matter, so it has no article body to preview."


class BodyKind(Enum):
    """How a body is rendered, by its file's extension."""

    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"


def body_kind(path: Path) -> BodyKind:
    """HTML for ``.html``/``.htm``, Markdown for ``.md``/``.markdown``, else plain text."""
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return BodyKind.HTML
    if suffix in (".md", ".markdown"):
        return BodyKind.MARKDOWN
    return BodyKind.TEXT


@dataclass(frozen=True)
class Body:
    """What the Preview shows of an article: the text to render (``kind`` set), or a
    ``message`` instead (``kind`` None); ``size`` is the whole body's length in bytes and
    ``cut`` tells that only its first MAX_PREVIEW_BYTES are in ``text``."""

    kind: BodyKind | None
    text: str = ""
    message: str = ""
    size: int = 0
    cut: bool = False


def readable(text: str) -> str:
    """``text`` with its line endings made ``\\n`` and every other control or direction
    character written as a visible escape (``\\x00``, ``\\u202e``)."""
    return escape_lines(text.replace("\r\n", "\n").replace("\r", "\n"))


def without_raw_tags(text: str) -> str:
    """``text`` without Liquid's ``{% raw %}``/``{% endraw %}`` markers (Jekyll's output has
    none; what they enclose stays as written)."""
    return _RAW_TAGS.sub("", text)


def body_of(article: Article) -> Body:
    """The body of ``article`` to preview, or the message to show instead."""
    if not article.complete:
        return Body(None, message=NOT_READ)
    if article.parts is None:
        if article.error is not None:
            return Body(None, message=f"This file cannot be read: {article.error}")
        return Body(None, message=NO_FRONT_MATTER)
    raw = article.parts.body
    if not raw.strip():
        return Body(None, message=NO_BODY)
    cut = len(raw) > MAX_PREVIEW_BYTES
    text = raw[:MAX_PREVIEW_BYTES].decode("utf-8", errors="replace")
    kind = body_kind(article.path)
    if kind is not BodyKind.TEXT:
        text = without_raw_tags(text)
    return Body(kind, readable(text), size=len(raw), cut=cut)


def size_text(size: int) -> str:
    """A byte count for people: "43 KB", "3.2 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def remote_address(url: QUrl) -> str | None:
    """The http(s) address an image's ``url`` would be fetched from, or None when it is not
    one the core's ``resolve`` calls remote (``//host/x.png`` is fetched over https)."""
    where = resolve(url.toString(), None)  # no site root: no file system asked
    return where.url if isinstance(where, Remote) else None


def placeholder() -> QImage:
    """The empty image shown for one that is not loaded (sized by the page's width and
    height attributes, if any)."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    return image


class SafeBrowser(QTextBrowser):
    """A QTextBrowser that fetches nothing and follows no link by itself.

    ``loadResource`` answers every request of the document: the images in ``images`` (those
    loaded, see ``set_image``), else an empty placeholder; remote image addresses met are
    kept in ``remote`` (in order) and announced with ``remote_found``, the site's files in
    ``local``.
    """

    remote_found = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setUndoRedoEnabled(False)
        self.images: dict[str, QPixmap] = {}
        self.remote: dict[str, str] = {}  # the page's address -> the address to fetch
        self.local: dict[str, Path] = {}  # the page's address -> the site's file
        self._names: dict[str, QUrl] = {}  # the page's address -> the name the document asks
        self._site: tuple[Path | None, str] = (None, "")
        self._placeholder = placeholder()

    def set_site_root(self, root: Path | None, baseurl: str = "") -> None:
        """The Jekyll site the articles belong to (None: none), so that site paths such as
        ``/assets/x.png`` are known as its files (``core.images.resolve``)."""
        self._site = (root, baseurl)

    def set_image(self, key: str, image: QPixmap) -> None:
        """Give the document the image at the page's address ``key`` (as a resource, which
        the next layout draws)."""
        self.images[key] = image
        name = self._names.get(key, QUrl(key))
        self.document().addResource(QTextDocument.ResourceType.ImageResource.value, name, image)

    def forget(self) -> None:
        """Drop the body, its images and the addresses met (the document's resources too)."""
        self.images.clear()
        self.remote.clear()
        self.local.clear()
        self._names.clear()
        self.clear()

    def loadResource(self, type: int, name: QUrl | str) -> Any:  # Qt names them so
        """Every image and style sheet the document asks for; never a file or the network."""
        if type != QTextDocument.ResourceType.ImageResource.value:
            return ""  # style sheets and anything else: nothing (never a file's text)
        url = QUrl(name)
        key = url.toString()
        image = self.images.get(key)
        if image is not None:
            return image
        if self._note(url):
            self.remote_found.emit()
        return self._placeholder

    def _note(self, url: QUrl) -> bool:
        """Keep an image's address in ``remote`` or ``local``; True when it is a new remote one."""
        key = url.toString()
        if key in self.remote or key in self.local or key in self.images:
            return False
        self._names.setdefault(key, url)
        address = remote_address(url)
        if address is not None:
            self.remote[key] = address
            return True
        if self._site[0] is not None:
            where = resolve(key, *self._site)
            if isinstance(where, Local):
                self.local[key] = where.path  # read by the loader: PreviewView._ask_site_images
        return False

    def find_images(self) -> None:
        """Note every image of the document now, without waiting for its layout (Qt asks
        ``loadResource`` only when it lays a part out, and not before the view has a size)."""
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt: QTextCharFormat = it.fragment().charFormat()
                if fmt.isImageFormat():
                    self._note(QUrl(fmt.toImageFormat().name()))
                it += 1
            block = block.next()


def _bar(parent: QWidget) -> tuple[QFrame, QLabel, QPushButton]:
    frame = QFrame(parent)
    frame.setObjectName("remoteBar")
    frame.setStyleSheet(
        "QFrame#remoteBar { background: #e8f0fe; border: 1px solid #1a4d8f; border-radius: 4px; }"
        " QFrame#remoteBar QLabel { color: #1a4d8f; }"
    )
    label = QLabel(frame)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    button = QPushButton("Load remote images", frame)
    layout = QHBoxLayout(frame)
    layout.setContentsMargins(8, 4, 4, 4)
    layout.addWidget(label, 1)
    layout.addWidget(button)
    frame.hide()
    return frame, label, button


def button_tip(loader: ThumbnailLoader | None) -> str:
    """The *Load remote images* button's tooltip: the core fetcher's limits, and the risk."""
    if loader is None:
        return "No image loader: remote images cannot be loaded here."
    limits = loader.cache.limits
    return (
        f"Fetch this article's http and https images (at most {limits.per_batch}, "
        f"{limits.max_bytes / (1024 * 1024):g} MB and {limits.timeout:g} s each). Their servers "
        "will see that it was opened, as a tracking pixel's sender does."
    )


class PreviewView(QWidget):
    """The Preview tab: the body of the document shown, rendered safely (see the module).

    Nothing is rendered until ``show_document`` is called, which the detail pane does only
    while the tab is shown. ``loader`` gives the image loader to use (the detail pane's
    strip's: the window's one loader), or None while there is none: then no image is drawn.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        loader: Callable[[], ThumbnailLoader | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self._loader_of = loader
        self._connected: ThumbnailLoader | None = None
        self._article: Article | None = None
        self._body = Body(None)
        self._asked_remote: set[str] = set()  # the page's addresses asked, not answered yet
        self._asked_local: set[str] = set()
        self._failures: dict[str, str] = {}  # the address fetched -> why it is not shown
        self._relayout = QTimer(self, singleShot=True, interval=RELAYOUT_MS)
        self._relayout.timeout.connect(self._lay_out_again)
        self.renders = 0  # how many times a body was parsed (for tests)
        self.layouts = 0  # how many times it was laid out again for images (for tests)

        self.bar, self.bar_label, self.load_button = _bar(self)
        self.load_button.clicked.connect(self.load_remote_images)
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #7a5200;")
        self.note.hide()
        self.browser = SafeBrowser(self)
        self.browser.remote_found.connect(self._update_bar, Qt.ConnectionType.QueuedConnection)
        self.browser.anchorClicked.connect(self._on_anchor_clicked)
        self.browser.highlighted.connect(self._on_highlighted)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: gray; font-size: 12pt; padding: 24px;")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.browser)
        self.link = QLabel(self)
        self.link.setTextFormat(Qt.TextFormat.PlainText)
        self.link.setStyleSheet("color: gray;")
        self.link.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.link)
        self._show_message("")

    # -- the interface the detail pane uses

    def show_document(self, document: Document | None) -> None:
        """Render ``document``'s body (nothing happens when it is already shown)."""
        self.show_article(None if document is None else document.article)

    def show_article(self, article: Article | None) -> None:
        """Render ``article``'s body (nothing happens when it is already shown)."""
        if article is self._article:
            return
        self._forget()
        self._article = article
        if article is None:
            self._show_message("")
            return
        self._body = body_of(article)
        if self._body.kind is None:
            self._show_message(self._body.message)
            return
        self._render()

    def clear_unless_showing(self, document: Document | None) -> None:
        """Drop what is shown (late images are then ignored) unless it is ``document``'s
        body: the pane calls this when another article is selected while the tab is hidden."""
        if document is None or document.article is not self._article:
            self._forget()
            self._article = None
            self._show_message("")

    def rendered_text(self) -> str:
        """The text of the rendered body ("" while a message is shown)."""
        return self.browser.toPlainText() if self.stack.currentWidget() is self.browser else ""

    def set_site_root(self, root: Path | None, baseurl: str = "") -> None:
        """The Jekyll site of the articles (its folder and ``baseurl``), or None.

        Site images (``/assets/...``) are then the site's files, listed by ``site_images``
        and drawn: the loader reads and decodes them off the GUI thread (it resolves them
        against its own site, which the detail pane sets to the same).
        """
        self.browser.set_site_root(root, baseurl)
        article, self._article = self._article, None
        if article is not None:
            self.show_article(article)

    def site_images(self) -> list[Path]:
        """The site's files the body shows as images."""
        return list(self.browser.local.values())

    def remote_images(self) -> list[str]:
        """The remote images of the body not loaded (their addresses to fetch)."""
        return [a for key, a in self.browser.remote.items() if key not in self.browser.images]

    def pending(self) -> int:
        """How many images asked of the loader have not arrived yet."""
        return len(self._asked_remote) + len(self._asked_local)

    def load_remote_images(self) -> int:
        """Ask the loader for the body's remote images (the editor asked), at most the core
        fetcher's ``per_batch``; returns how many were asked. None is asked while the
        "Fetch remote images" setting is off."""
        loader = self._loader()
        if loader is None or not loader.fetches_remote():
            self._update_bar()
            return 0
        limit = loader.cache.limits.per_batch
        self._failures.clear()
        asked: list[str] = []
        for key, address in self.browser.remote.items():
            if key in self.browser.images or key in self._asked_remote:
                continue
            if len(asked) >= limit:
                self._failures[address] = f"not fetched: more than {limit} images at once"
                continue
            asked.append(key)
        self._asked_remote.update(asked)  # all first: the loader may answer some at once
        for key in asked:
            self._ask(loader, key)
        self._update_bar()
        return len(asked)

    # -- rendering

    def _render(self) -> None:
        body = self._body
        self.note.setVisible(body.cut)
        if body.cut:
            self.note.setText(
                f"The body is {size_text(body.size)}; only its first "
                f"{size_text(MAX_PREVIEW_BYTES)} are shown here (the Source tab has it all)."
            )
        self.browser.document().setBaseUrl(QUrl())
        if body.kind is BodyKind.HTML:
            self.browser.setHtml(body.text)
        elif body.kind is BodyKind.MARKDOWN:
            self.browser.document().setMarkdown(
                body.text, QTextDocument.MarkdownFeature.MarkdownDialectGitHub
            )
        else:
            self.browser.setPlainText(body.text)
        self.renders += 1
        self.browser.find_images()
        self.stack.setCurrentWidget(self.browser)
        self._ask_site_images()
        self._update_bar()

    def _ask_site_images(self) -> None:
        """Ask the loader for the body's site images (local files: no click needed)."""
        loader = self._loader()
        if loader is None:
            return
        keys = [k for k in self.browser.local if k not in self.browser.images]
        self._asked_local.update(keys)
        for key in keys:
            self._ask(loader, key)

    def _ask(self, loader: ThumbnailLoader, key: str) -> None:
        """Ask ``loader`` for the image at the page's address ``key`` (already in an
        ``_asked`` set); one it has in memory is taken at once."""
        found = loader.request(key, PREVIEW_SIZE, enlarge=False)
        if found is not None:
            self._on_ready(found)

    def _lay_out_again(self) -> None:
        """Lay the body out again, drawing the images given since (the reader stays where
        they were: the document is not parsed again)."""
        self._relayout.stop()
        if self.stack.currentWidget() is not self.browser:
            return
        document = self.browser.document()
        document.markContentsDirty(0, document.characterCount())
        self.layouts += 1

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.note.hide()
        self._update_bar()

    def _forget(self) -> None:
        self._relayout.stop()
        self._asked_remote.clear()
        self._asked_local.clear()
        self._failures.clear()
        self.browser.forget()
        self.load_button.setEnabled(True)
        self.link.clear()

    def _loader(self) -> ThumbnailLoader | None:
        """The loader to use now, its ``ready`` connected to this view."""
        loader = self._loader_of()
        if loader is not self._connected:
            if self._connected is not None:
                self._connected.ready.disconnect(self._on_ready)
            self._connected = loader
            if loader is not None:
                loader.ready.connect(self._on_ready)
        return loader

    def _update_bar(self) -> None:
        if self.stack.currentWidget() is not self.browser or not self.browser.remote:
            self.bar.hide()
            return
        loader = self._loader()
        waiting = self.remote_images()
        pending = len(self._asked_remote)
        loaded = sum(1 for key in self.browser.remote if key in self.browser.images)
        self.bar.setToolTip("")
        self.load_button.setToolTip(button_tip(loader))
        allowed = loader is not None and loader.fetches_remote()
        if pending:
            text = f"Loading remote images… {loaded} of {loaded + len(waiting)} loaded."
        elif waiting and loader is not None and not allowed:
            text = (
                f"Remote images are off (Preferences ▸ Fetch remote images): "
                f"{len(waiting)} in this article are not loaded."
            )
        elif self._failures or (loaded and waiting):
            text = (
                f"{loaded} remote image{'s' * (loaded != 1)} loaded;"
                f" {len(waiting)} could not be loaded."
            )
            self.bar.setToolTip(
                plain_tip("\n".join(f"{url}: {why}" for url, why in self._failures.items()))
            )
        elif not waiting:
            text = "Remote images loaded."
        else:
            text = f"Remote images are not loaded ({len(waiting)} in this article)."
        self.bar_label.setText(text)
        self.load_button.setVisible(bool(waiting) and not pending and allowed)
        self.load_button.setEnabled(not pending)
        self.bar.show()

    # -- slots

    def _on_ready(self, thumbnail: Thumbnail) -> None:
        """An image asked of the loader arrived (or why it cannot be shown)."""
        if thumbnail.size != PREVIEW_SIZE:
            return
        key = thumbnail.url
        if key in self._asked_remote:
            self._asked_remote.discard(key)
            if thumbnail.pixmap is None:
                self._failures[self.browser.remote.get(key, key)] = thumbnail.reason
        elif key in self._asked_local:
            self._asked_local.discard(key)
        else:
            return  # another article's, or another view's
        if thumbnail.pixmap is not None:
            self.browser.set_image(key, thumbnail.pixmap)
        if self.pending():
            if not self._relayout.isActive():
                self._relayout.start()  # at most one layout every RELAYOUT_MS while they arrive
        else:
            self._lay_out_again()
        self._update_bar()

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if not url.scheme() and not url.host() and not url.path() and url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())
            return
        message = open_in_browser(bytes(url.toEncoded().data()).decode("ascii", errors="replace"))
        if message is not None:
            self._tell(message)

    def _on_highlighted(self, url: QUrl) -> None:
        text = url.toString()
        self.link.setText(f"→ {escape(text)}" if text else "")
        self.link.setToolTip(plain_tip(text))

    def _tell(self, message: str) -> None:
        """Say ``message`` under the preview, and in the window's status bar if there is one."""
        self.link.setText(message)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 10_000)
