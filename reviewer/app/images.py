"""Thumbnails of articles' images: loaded off the GUI thread, shown in the detail pane's
strip and in the table's optional Image column.

``ThumbnailLoader`` is the one image loader (the triage card and the Preview tab use it
too): ``request(url, size)`` answers at once from memory, or queues the address and returns
None; ``ready`` is emitted on the GUI thread when the thumbnail (or the reason there is
none) is known. The work runs in a job of the window's ``Workers``: each address is resolved
against the site (``core.images.resolve``: site files inside the root, http(s) remote), read
(a site file: ``files.read_regular``, regular files only) or fetched
(``core.images.fetch``: bounded, cached on disk), its size read from its header, and decoded
and scaled to a QImage there; the GUI thread only turns the QImage into a QPixmap. With
"Fetch remote images" off, no request is made at all: an image fetched before is still shown
from the disk cache.

Only what is painted asks: the strip asks for the images of the article shown, the table
for the rows it paints (never for every row of a 100,000-row folder).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QObject, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QWidget

from reviewer.app import settings
from reviewer.app.plaintext import plain_tip
from reviewer.app.settings import Settings
from reviewer.app.workers import Job, Workers
from reviewer.core.files import NotAnArticleFile, os_reason, read_regular
from reviewer.core.images import ImageRef, Local, Refused, Remote, image_size, resolve, size_problem

if TYPE_CHECKING:  # imported by the first remote address (urllib, http: not at the start)
    from reviewer.core.images.fetch import ImageCache

#: The detail pane's thumbnails, in pixels (the longer side).
STRIP_SIZE = 96
#: The table's thumbnails.
TABLE_SIZE = 20
#: Thumbnails kept in memory (with their reasons), the least recently asked dropped first.
MAX_KEPT = 600
#: The most images one strip shows (an article with 500 images shows the first ones).
MAX_STRIP = 12
#: Images larger than this many pixels are not decoded (a small PNG may claim 100,000²).
MAX_PIXELS = 50_000_000
#: Largest site file shown as an image, in bytes (the fetcher's limit for remote ones).
MAX_LOCAL_BYTES = 16 * 1024 * 1024
#: Why a remote image is not shown while fetching is off.
REMOTE_OFF = "remote images are off (Preferences ▸ Fetch remote images)"
_JOB = "thumbnails"


@dataclass(frozen=True)
class Thumbnail:
    """One address's thumbnail at one size, or the reason there is none.

    ``where`` is the file or address it came from, ``real`` the image's size in pixels as
    its header says (None when unknown), ``pixmap`` None when it could not be shown.
    """

    url: str
    size: int
    pixmap: QPixmap | None
    reason: str = ""
    real: tuple[int, int] | None = None
    where: str = ""


@dataclass(frozen=True)
class _Loaded:
    """What the worker made of one address (a QImage: QPixmaps live on the GUI thread)."""

    url: str
    size: int
    image: QImage | None
    reason: str
    real: tuple[int, int] | None
    where: str


@dataclass(frozen=True)
class _Request:
    url: str
    size: int
    root: Path | None
    baseurl: str
    remote: bool
    enlarge: bool = True


class ThumbnailLoader(QObject):
    """Loads thumbnails in a worker; see the module.

    Signals:
        ready(Thumbnail): a requested thumbnail (or its reason) is known; on the GUI thread.
    """

    ready = Signal(object)

    def __init__(
        self,
        workers: Workers,
        fetch_remote: Callable[[], bool] = lambda: True,
        cache: ImageCache | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workers = workers
        self._fetch_remote = fetch_remote
        self._cache = cache  # None: made when first needed (see ``cache``)
        self._root: Path | None = None
        self._baseurl = ""
        self._kept: OrderedDict[tuple[str, int], Thumbnail] = OrderedDict()
        self._pending: dict[tuple[str, int], _Request] = {}
        self._job: Job | None = None
        self._remote_allowed = fetch_remote()

    @classmethod
    def from_settings(
        cls, workers: Workers, store: Settings, parent: QObject | None = None
    ) -> ThumbnailLoader:
        """A loader that fetches remote images while the setting says so."""
        return cls(workers, lambda: store.get(settings.FETCH_REMOTE_IMAGES), parent=parent)

    # -- interface

    @property
    def cache(self) -> ImageCache:
        """The disk cache remote images are fetched into and read from; made when first
        needed (by the worker, for the first remote address: its fetcher imports urllib)."""
        if self._cache is None:
            from reviewer.core.images.fetch import ImageCache

            self._cache = ImageCache()
        return self._cache

    @cache.setter
    def cache(self, cache: ImageCache) -> None:
        self._cache = cache

    def set_site(self, root: Path | None, baseurl: str = "") -> None:
        """Resolve site paths against ``root`` (None: a plain folder, no site) and its
        ``baseurl``; thumbnails of the previous site are forgotten."""
        if (root, baseurl) != (self._root, self._baseurl):
            self._root, self._baseurl = root, baseurl
            self.forget()

    def site(self) -> tuple[Path | None, str]:
        """The site root and baseurl addresses are resolved against."""
        return self._root, self._baseurl

    def forget(self) -> None:
        """Drop every thumbnail and reason kept in memory (the disk cache stays)."""
        self._kept.clear()

    def thumbnail(self, url: str, size: int) -> Thumbnail | None:
        """The thumbnail of ``url`` at ``size`` when known, without asking for it."""
        self._check_setting()
        key = (url, size)
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def request(self, url: str, size: int, enlarge: bool = True) -> Thumbnail | None:
        """The thumbnail of ``url`` at ``size`` (its longer side, pixels) when known; else
        None, and ``ready`` follows once it is loaded. ``enlarge`` False: an image smaller
        than ``size`` keeps its own size (the Preview's images; a size is asked one way)."""
        found = self.thumbnail(url, size)
        if found is not None:
            return found
        key = (url, size)
        if key not in self._pending:
            remote = self._fetch_remote()
            self._pending[key] = _Request(url, size, self._root, self._baseurl, remote, enlarge)
            self._start()
        return None

    def fetches_remote(self) -> bool:
        """True while remote images may be fetched (the "Fetch remote images" setting); off,
        a remote address is answered from the disk cache or with REMOTE_OFF, never fetched."""
        return self._fetch_remote()

    def busy(self) -> bool:
        """True while thumbnails are being loaded (for tests)."""
        return bool(self._pending) or (self._job is not None and self._job.running())

    # -- the worker

    def _check_setting(self) -> None:
        """Forget remote reasons when the editor turned fetching on or off."""
        allowed = self._fetch_remote()
        if allowed != self._remote_allowed:
            self._remote_allowed = allowed
            self.forget()

    def _start(self) -> None:
        if not self._pending or (self._job is not None and self._job.running()):
            return
        batch = list(self._pending.values())
        self._pending = {}
        self._job = self._workers.start(
            _JOB,
            lambda job: _load_all(job, batch, lambda: self.cache),
            progressed=self._on_progressed,
            finished=self._on_finished,
            failed=self._on_finished,
        )

    def _on_progressed(self, _job: Job, loaded: _Loaded) -> None:
        pixmap = QPixmap.fromImage(loaded.image) if loaded.image is not None else None
        thumbnail = Thumbnail(
            loaded.url, loaded.size, pixmap, loaded.reason, loaded.real, loaded.where
        )
        key = (loaded.url, loaded.size)
        self._kept[key] = thumbnail
        self._kept.move_to_end(key)
        while len(self._kept) > MAX_KEPT:
            self._kept.popitem(last=False)
        self.ready.emit(thumbnail)

    def _on_finished(self, _job: Job, _result: Any) -> None:
        self._job = None
        self._start()


def _load_all(job: Job, batch: list[_Request], cache_of: Callable[[], ImageCache]) -> None:
    """Load each request, local files first, then remote ones (fetched within the cache's
    per-batch limit); each result goes to the GUI thread as it is made. ``cache_of`` gives
    the cache, asked only when a request is remote."""
    remote: dict[str, list[_Request]] = {}
    for request in batch:
        if job.cancelled():
            return
        where = resolve(request.url, request.root, request.baseurl)
        if isinstance(where, Remote):
            remote.setdefault(where.url, []).append(request)
        elif isinstance(where, Refused):
            job.progress(_failed(request, where.reason, request.url))
        else:
            job.progress(_load_local(request, where))
    if not remote:
        return
    cache = cache_of()
    allowed = {url: group for url, group in remote.items() if group[0].remote}
    for url, group in remote.items():
        if url not in allowed:
            found = cache.cached(url)
            for request in group:
                job.progress(
                    _from_bytes(request, _read(found), url)
                    if found
                    else _failed(request, REMOTE_OFF, url)
                )
    for url, fetched in cache.fetch_many(list(allowed), job.cancelled):
        for request in allowed[url]:
            if fetched.path is None:
                job.progress(_failed(request, fetched.reason, url))
            else:
                job.progress(_from_bytes(request, _read(fetched.path), url))


def _read(path: Path) -> bytes | str:
    """A file's bytes, or why it cannot be read."""
    try:
        if os.stat(path).st_size > MAX_LOCAL_BYTES:
            return f"too big: over the {MAX_LOCAL_BYTES // (1024 * 1024)} MB an image may have"
        return read_regular(path)[0]
    except NotAnArticleFile as exc:
        return str(exc).replace("an article file", "an image")
    except OSError as exc:
        return os_reason(exc)


def _load_local(request: _Request, where: Local) -> _Loaded:
    return _from_bytes(request, _read(where.path), str(where.path))


def _failed(request: _Request, reason: str, where: str) -> _Loaded:
    return _Loaded(request.url, request.size, None, reason, None, where)


def _from_bytes(request: _Request, data: bytes | str, where: str) -> _Loaded:
    """Decode ``data`` scaled to the request's size (in the worker: QImage is not tied to
    the GUI thread), after checking its header's size."""
    if isinstance(data, str):
        return _failed(request, data, where)
    real = image_size(data[:65536])
    if real is not None and real[0] * real[1] > MAX_PIXELS:
        reason = f"too many pixels to show ({real[0]}x{real[1]})"
        return _Loaded(request.url, request.size, None, reason, real, where)
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    reader = QImageReader(buffer)
    found = reader.size()
    if real is None and found.isValid():
        real = (found.width(), found.height())
    fits = found.width() <= request.size and found.height() <= request.size
    scale = request.enlarge or not fits  # the Preview's images are never enlarged
    if found.isValid() and found.width() > 0 and found.height() > 0 and scale:
        reader.setScaledSize(
            found.scaled(request.size, request.size, Qt.AspectRatioMode.KeepAspectRatio)
        )
    image = reader.read()
    if image.isNull():
        reason = f"not an image that can be shown ({reader.errorString()})"
        return _Loaded(request.url, request.size, None, reason, real, where)
    if max(image.width(), image.height()) > request.size:  # formats that do not scale on read
        image = image.scaled(
            request.size,
            request.size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return _Loaded(request.url, request.size, image, "", real, where)


# -- the detail pane's strip


def tile_tip(ref: ImageRef, thumbnail: Thumbnail | None) -> str:
    """A thumbnail's tooltip: which entry, its address, its real size and the width/height
    check, or why it is not shown."""
    lines = [ref.label, ref.url or "(no url)"]
    if thumbnail is None:
        lines.append("Loading…")
        return "\n".join(lines)
    if thumbnail.where and thumbnail.where != ref.url:
        lines.append(f"From {thumbnail.where}")
    if thumbnail.real is not None:
        lines.append(f"The image is {thumbnail.real[0]}x{thumbnail.real[1]}")
    if thumbnail.pixmap is None:
        lines.append(f"Not shown: {thumbnail.reason}")
    problem = size_problem(ref, thumbnail.real)
    if problem:
        lines.append(f"Width/height check: {problem}")
    elif thumbnail.real is not None and ref.width is not None:
        lines.append("Width/height check: the file's size matches the image")
    return "\n".join(lines)


class ThumbnailTile(QLabel):
    """One image of the strip: its thumbnail, or a placeholder saying why there is none."""

    def __init__(self, ref: ImageRef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ref = ref
        self.thumbnail: Thumbnail | None = None
        self.setFixedSize(STRIP_SIZE + 6, STRIP_SIZE + 6)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.show_thumbnail(None)

    def problem(self) -> str | None:
        """The width/height check's result for this image (None: fine or unknown)."""
        return size_problem(self.ref, self.thumbnail.real if self.thumbnail else None)

    def show_thumbnail(self, thumbnail: Thumbnail | None) -> None:
        """Show ``thumbnail`` (None: still loading)."""
        self.thumbnail = thumbnail
        border = "#c62828" if self.problem() else "#b0b0b0"
        style = f"border: 1px solid {border}; border-radius: 3px;"
        if thumbnail is not None and thumbnail.pixmap is not None:
            self.setPixmap(thumbnail.pixmap)
            self.setStyleSheet(f"QLabel {{ {style} background: white; }}")
        else:
            self.setPixmap(QPixmap())
            text = "…" if thumbnail is None else _short(thumbnail.reason)
            self.setText(text)
            self.setStyleSheet(
                f"QLabel {{ {style} color: #606060; background: #f0f0f0; font-size: 8pt; }}"
            )
        self.setToolTip(plain_tip(tile_tip(self.ref, thumbnail)))


def _short(reason: str) -> str:
    """The placeholder's words: the reason before any explanation ("no site root",
    "HTTP 404 Not Found", "file: address refused"); the tooltip has all of it."""
    head = reason
    for cut in (" (", "; ", ", which"):
        head = head.split(cut)[0]
    head = head.strip()
    return head if len(head) <= 48 else head[:47] + "…"


class ThumbnailStrip(QScrollArea):
    """A row of thumbnails of one article's images (hidden when it has none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loader: ThumbnailLoader | None = None
        self._site: tuple[Path | None, str] | None = None
        self._refs: list[ImageRef] = []
        self.tiles: list[ThumbnailTile] = []
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        bar = self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(STRIP_SIZE + 10 + bar)
        self.more = QLabel(self)
        self.more.setStyleSheet("color: gray;")
        self._row = QWidget(self)
        self._layout = QHBoxLayout(self._row)
        self._layout.setContentsMargins(0, 2, 0, 2)
        self._layout.setSpacing(6)
        self._layout.addWidget(self.more)
        self._layout.addStretch(1)
        self.setWidget(self._row)
        self.hide()

    def set_loader(self, loader: ThumbnailLoader | None) -> None:
        """Load thumbnails with ``loader`` (None: show none); a site given before is
        passed on to it."""
        if self._loader is not None:
            self._loader.ready.disconnect(self._on_ready)
        self._loader = loader
        if loader is not None:
            loader.ready.connect(self._on_ready)
            if self._site is not None:
                loader.set_site(*self._site)
        self.show_refs(self._refs, force=True)

    def set_site(self, root: Path | None, baseurl: str = "") -> None:
        """Resolve site paths against ``root`` and ``baseurl`` (the loader's site), and
        show the images again."""
        self._site = (root, baseurl)
        if self._loader is not None:
            self._loader.set_site(root, baseurl)
            self.show_refs(self._refs, force=True)

    def loader(self) -> ThumbnailLoader | None:
        """The loader the strip uses."""
        return self._loader

    def show_refs(self, refs: list[ImageRef], force: bool = False) -> None:
        """Show thumbnails of ``refs`` (the first MAX_STRIP), asking the loader for those it
        has not made yet."""
        if refs == self._refs and not force:
            return
        self._refs = list(refs)
        for tile in self.tiles:
            self._layout.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        loader = self._loader
        self.setVisible(bool(refs) and loader is not None)
        if loader is None:
            return
        for index, ref in enumerate(refs[:MAX_STRIP]):
            tile = ThumbnailTile(ref, self._row)
            self._layout.insertWidget(index, tile)
            self.tiles.append(tile)
            tile.show_thumbnail(loader.request(ref.url, STRIP_SIZE) if ref.url else _NO_URL)
        hidden = len(refs) - MAX_STRIP
        self.more.setText(f"+{hidden} more" if hidden > 0 else "")
        self.more.setVisible(hidden > 0)

    def _on_ready(self, thumbnail: Thumbnail) -> None:
        if thumbnail.size != STRIP_SIZE:
            return
        for tile in self.tiles:
            if tile.ref.url == thumbnail.url:
                tile.show_thumbnail(thumbnail)


_NO_URL = Thumbnail("", STRIP_SIZE, None, "no url")


# -- the table's Image column


class TableThumbnails(QObject):
    """The table's Image column: the first image of each row painted, small.

    ``icon(document)`` is the model's hook (``ArticleModel.thumbnail``): it is asked only for
    the cells a view paints, and asks the loader only for those. When a thumbnail arrives,
    the rows that asked for it are told to paint again.
    """

    def __init__(
        self, loader: ThumbnailLoader, model: Any, column: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._model = model
        self._column = column
        self._waiting: dict[str, list[Any]] = {}  # url -> documents whose rows asked
        loader.ready.connect(self._on_ready)

    def icon(self, document: Any) -> QIcon | None:
        """The first image of ``document`` as an icon, None while loading or without one."""
        images = document.view.images if document.view.error is None else []
        first = next((i.get("url") for i in images if isinstance(i, dict)), None)
        if not isinstance(first, str) or not first.strip():
            return None
        url = first.strip()
        thumbnail = self._loader.request(url, TABLE_SIZE)
        if thumbnail is None:
            waiting = self._waiting.setdefault(url, [])
            if len(waiting) < 1000 and not any(d is document for d in waiting):
                waiting.append(document)
            return None
        return QIcon(thumbnail.pixmap) if thumbnail.pixmap is not None else None

    def _on_ready(self, thumbnail: Thumbnail) -> None:
        if thumbnail.size != TABLE_SIZE:
            return
        for document in self._waiting.pop(thumbnail.url, []):
            row = self._model.row_of(document)
            if row >= 0:
                index = self._model.index(row, self._column)
                self._model.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
