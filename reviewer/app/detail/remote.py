"""Remote images for the Preview tab, fetched only when the editor asks, within limits.

A newsletter's images live on other servers, and some are tracking pixels: fetching one
tells its sender that the newsletter was opened, from where and when. So nothing is fetched
until the editor presses *Load remote images*, and then only http and https addresses the
core's ``url_problem`` allows (no user name or password, at most 2,048 characters), at most
MAX_IMAGES of them, each at most MAX_IMAGE_BYTES, each within TIMEOUT_MS, following at most
MAX_REDIRECTS redirects and never from https to http.

QNetworkAccessManager is asynchronous: the requests run in Qt's network thread and their
replies arrive as signals on the GUI thread, which only decodes each image (bounded in
pixels, scaled down to MAX_WIDTH). The manager is made on the first fetch, so a preview that
is never asked to load anything has no network object at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, QUrl, Signal
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from reviewer.core.links import url_problem

#: The most images fetched for one article (a newsletter has a few dozen).
MAX_IMAGES = 100
#: The largest image fetched, in bytes; a bigger one is cut off and not shown.
MAX_IMAGE_BYTES = 5 * 1024 * 1024
#: How long a transfer may stall before it is given up, in milliseconds.
TIMEOUT_MS = 15_000
#: Redirects followed per image (never from https to http).
MAX_REDIRECTS = 5
#: The most pixels decoded: a few kilobytes of PNG may claim 100,000 x 100,000 pixels.
MAX_PIXELS = 40_000_000
#: Wider images are scaled down to this width as they are decoded (a preview needs no more).
MAX_WIDTH = 2000


def fetch_problem(url: str) -> str | None:
    """Why ``url`` is not fetched, or None when it may be (the rules of the browser's Open
    buttons: http or https with a host, no credentials, not too long)."""
    return url_problem(url)


def decode_image(data: bytes) -> QImage | str:
    """The image in ``data``, or why it is not one (too many pixels, not an image)."""
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if not size.isValid():
        return "not an image Qt can read"
    if size.width() * size.height() > MAX_PIXELS:
        return f"{size.width()}×{size.height()} pixels is too large to show"
    if size.width() > MAX_WIDTH:
        reader.setScaledSize(QSize(MAX_WIDTH, max(1, size.height() * MAX_WIDTH // size.width())))
    image = reader.read()
    if image.isNull():
        return f"not an image Qt can read ({reader.errorString()})"
    return image


class RemoteImages(QObject):
    """Fetches images over http(s), one request each, within the module's limits.

    Signals:
        loaded(str, QImage): the image at this address arrived and decoded.
        failed(str, str): the image at this address could not be shown, and why.
    """

    loaded = Signal(str, QImage)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._manager: QNetworkAccessManager | None = None
        self._replies: dict[QNetworkReply, str] = {}
        self._too_big: set[QNetworkReply] = set()

    def requests_made(self) -> bool:
        """True once a network request was ever made (a network object exists)."""
        return self._manager is not None

    def pending(self) -> int:
        """How many images are still on their way."""
        return len(self._replies)

    def fetch(self, urls: Iterable[str]) -> int:
        """Start fetching ``urls`` (the first MAX_IMAGES); returns how many were started.

        An address the rules refuse is reported through ``failed`` at once.
        """
        started = 0
        for url in urls:
            if started >= MAX_IMAGES:
                break
            problem = fetch_problem(url)
            if problem is not None:
                self.failed.emit(url, problem)
                continue
            self._get(url)
            started += 1
        return started

    def cancel(self) -> None:
        """Abort every transfer on its way; nothing more is reported for them."""
        replies = list(self._replies)
        self._replies.clear()
        self._too_big.clear()
        for reply in replies:
            reply.abort()
            reply.deleteLater()

    def _get(self, url: str) -> None:
        if self._manager is None:
            self._manager = QNetworkAccessManager(self)
            self._manager.setRedirectPolicy(QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy)
        request = QNetworkRequest(QUrl(url, QUrl.ParsingMode.StrictMode))
        request.setTransferTimeout(TIMEOUT_MS)
        request.setMaximumRedirectsAllowed(MAX_REDIRECTS)
        reply = self._manager.get(request)
        self._replies[reply] = url
        reply.metaDataChanged.connect(lambda: self._check_length(reply))
        reply.downloadProgress.connect(lambda received, total: self._check_size(reply, received))
        reply.finished.connect(lambda: self._on_finished(reply))

    def _check_length(self, reply: QNetworkReply) -> None:
        length = reply.header(QNetworkRequest.KnownHeaders.ContentLengthHeader)
        if isinstance(length, int) and length > MAX_IMAGE_BYTES:
            self._too_big.add(reply)
            reply.abort()

    def _check_size(self, reply: QNetworkReply, received: int) -> None:
        if received > MAX_IMAGE_BYTES and reply not in self._too_big:
            self._too_big.add(reply)
            reply.abort()

    def _on_finished(self, reply: QNetworkReply) -> None:
        url = self._replies.pop(reply, None)
        reply.deleteLater()
        if url is None:  # cancelled
            return
        if reply in self._too_big:
            self._too_big.discard(reply)
            self.failed.emit(url, f"larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
            return
        if reply.error() != QNetworkReply.NetworkError.NoError:
            self.failed.emit(url, reply.errorString())
            return
        if reply.url().scheme().lower() not in ("http", "https"):  # after redirects
            self.failed.emit(url, "redirected to an address that is not http or https")
            return
        result = decode_image(bytes(reply.readAll().data()))
        if isinstance(result, str):
            self.failed.emit(url, result)
        else:
            self.loaded.emit(url, result)
