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
  every image and style sheet, and it answers every one itself. A remote image gets an empty
  placeholder until the editor presses *Load remote images* (``remote.RemoteImages``: off
  the GUI thread, with limits), ``file:`` and every other scheme get a placeholder always:
  left unanswered, QTextDocument would read a local path from disk itself, and a file's
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
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QImage, QTextCharFormat, QTextDocument
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

from reviewer.app.detail.remote import RemoteImages
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
    the editor had loaded), else an empty placeholder; remote image addresses met are kept
    in ``remote`` (in order) and announced with ``remote_found``.
    """

    remote_found = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setUndoRedoEnabled(False)
        self.images: dict[str, QImage] = {}
        self.remote: dict[str, str] = {}  # the page's address -> the address to fetch
        self.local: dict[str, Path] = {}  # the page's address -> the site's file
        self._site: tuple[Path | None, str] = (None, "")
        self._placeholder = placeholder()

    def set_site_root(self, root: Path | None, baseurl: str = "") -> None:
        """The Jekyll site the articles belong to (None: none), so that site paths such as
        ``/assets/x.png`` are known as its files (``core.images.resolve``)."""
        self._site = (root, baseurl)

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
        address = remote_address(url)
        if address is not None:
            self.remote[key] = address
            return True
        if self._site[0] is not None:
            where = resolve(key, *self._site)
            if isinstance(where, Local):
                self.local[key] = where.path  # known, not read: see PreviewView.site_images
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
    button.setToolTip(
        "Fetch this article's http and https images (at most 100, 5 MB each). Their servers "
        "will see that it was opened, as a tracking pixel's sender does."
    )
    layout = QHBoxLayout(frame)
    layout.setContentsMargins(8, 4, 4, 4)
    layout.addWidget(label, 1)
    layout.addWidget(button)
    frame.hide()
    return frame, label, button


class PreviewView(QWidget):
    """The Preview tab: the body of the document shown, rendered safely (see the module).

    Nothing is rendered until ``show_document`` is called, which the detail pane does only
    while the tab is shown. ``loader`` fetches remote images when the editor asks (tests
    give their own).
    """

    def __init__(self, parent: QWidget | None = None, loader: RemoteImages | None = None) -> None:
        super().__init__(parent)
        self.loader = loader if loader is not None else RemoteImages(self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)
        self._article: Article | None = None
        self._body = Body(None)
        self._asked: dict[str, list[str]] = {}  # address fetched -> the page's addresses
        self._failures: dict[str, str] = {}
        self._rerender = QTimer(self, singleShot=True, interval=300)
        self._rerender.timeout.connect(self._render_again)
        self.renders = 0  # how many times a body was laid out (for tests)

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
        """Drop what is shown (and stop its image loads) unless it is ``document``'s body:
        the pane calls this when another article is selected while the tab is hidden."""
        if document is None or document.article is not self._article:
            self._forget()
            self._article = None
            self._show_message("")

    def rendered_text(self) -> str:
        """The text of the rendered body ("" while a message is shown)."""
        return self.browser.toPlainText() if self.stack.currentWidget() is self.browser else ""

    def set_site_root(self, root: Path | None, baseurl: str = "") -> None:
        """The Jekyll site of the articles (its folder and ``baseurl``), or None.

        Site images (``/assets/...``) are then recognised as the site's files, and listed by
        ``site_images``; they are not drawn yet: reading and decoding them belongs off the
        GUI thread, in the window's image loader (``app/images.py``), which the preview
        should be given next.
        """
        self.browser.set_site_root(root, baseurl)
        article, self._article = self._article, None
        if article is not None:
            self.show_article(article)

    def site_images(self) -> list[Path]:
        """The site's files the body shows as images (known, not read)."""
        return list(self.browser.local.values())

    def remote_images(self) -> list[str]:
        """The remote images of the body not loaded (their addresses to fetch)."""
        return [a for key, a in self.browser.remote.items() if key not in self.browser.images]

    def load_remote_images(self) -> int:
        """Fetch the body's remote images (the editor asked); returns how many were started."""
        wanted: dict[str, list[str]] = {}
        for key, address in self.browser.remote.items():
            if key not in self.browser.images:
                wanted.setdefault(address, []).append(key)
        self._asked.update(wanted)
        self._failures.clear()
        started = self.loader.fetch(list(wanted))
        self.load_button.setEnabled(False)
        self._update_bar()
        return started

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
        self._update_bar()

    def _render_again(self) -> None:
        """Lay the body out again with the images loaded since, where the reader was."""
        if self._article is None or self._body.kind is None:
            return
        scroll = self.browser.verticalScrollBar()
        where = scroll.value()
        self._render()
        scroll.setValue(where)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.note.hide()
        self._update_bar()

    def _forget(self) -> None:
        self.loader.cancel()
        self._rerender.stop()
        self._asked.clear()
        self._failures.clear()
        self.browser.images.clear()
        self.browser.remote.clear()
        self.browser.local.clear()
        self.browser.clear()
        self.load_button.setEnabled(True)
        self.link.clear()

    def _update_bar(self) -> None:
        waiting = self.remote_images()
        pending = self.loader.pending()
        loaded = sum(1 for key in self.browser.remote if key in self.browser.images)
        if self.stack.currentWidget() is not self.browser or not self.browser.remote:
            self.bar.hide()
            return
        self.bar.setToolTip("")
        if pending:
            text = f"Loading remote images… {loaded} of {loaded + len(waiting)} loaded."
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
            count = len(waiting)
            text = f"Remote images are not loaded ({count} in this article)."
        self.bar_label.setText(text)
        self.load_button.setVisible(bool(waiting) and not pending)
        self.load_button.setEnabled(not pending)
        self.bar.show()

    # -- slots

    def _on_loaded(self, address: str, image: QImage) -> None:
        for key in self._asked.pop(address, []):
            self.browser.images[key] = image
        self._loads_progressed()

    def _on_failed(self, address: str, reason: str) -> None:
        if self._asked.pop(address, None) is not None:
            self._failures[address] = reason
        self._loads_progressed()

    def _loads_progressed(self) -> None:
        if self.loader.pending():
            if not self._rerender.isActive():
                self._rerender.start()  # at most one layout every 300 ms while they arrive
        else:
            self._rerender.stop()
            self._render_again()
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
