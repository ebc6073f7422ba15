"""Remote images, fetched within limits and kept in a private cache folder.

Runs in a worker thread (urllib, no Qt). A fetch is bounded: MAX_BYTES of body, TIMEOUT
seconds in all, only http and https (redirects included: a redirect to ``file:`` or
``ftp:`` is refused), and only a response whose Content-Type is ``image/*``. At most
PER_BATCH addresses are fetched per ``fetch_many`` (a front matter with 10,000 image
addresses does not make 10,000 requests). What is fetched is saved under the user's cache
folder (the index cache's, ``images/``, 0700, files 0600), named by a hash of the address,
so showing the image again needs no network. Every failure is a short reason: "offline or
unknown host", "HTTP 404", "too big", "not an image", "timed out".

Whether to fetch at all is the caller's decision (the app's "Fetch remote images" setting):
nothing here makes a request unless ``fetch`` or ``fetch_many`` is called.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.client import HTTPException, HTTPMessage
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from reviewer import __version__
from reviewer.core.files import os_reason
from reviewer.core.folder.index import default_directory, private_directory
from reviewer.core.images.resolve import REMOTE_SCHEMES

#: Largest image fetched, in bytes.
MAX_BYTES = 5 * 1024 * 1024
#: Seconds one fetch may take in all (connecting, waiting and reading).
TIMEOUT = 10.0
#: Addresses fetched from the network per batch; cached ones do not count.
PER_BATCH = 40
#: Redirects followed per fetch.
MAX_REDIRECTS = 5
#: The cache folder's name inside the user's reviewer cache folder.
FOLDER_NAME = "images"
_CHUNK = 64 * 1024
_FILE_SUFFIX = ".img"


@dataclass(frozen=True)
class Limits:
    """How much one fetch may take, and how many fetches one batch may make."""

    max_bytes: int = MAX_BYTES
    timeout: float = TIMEOUT
    per_batch: int = PER_BATCH


@dataclass(frozen=True)
class Fetched:
    """The outcome of one fetch: the cached file, or why there is none."""

    path: Path | None
    reason: str = ""
    #: True when the file came from the cache, without a request.
    from_cache: bool = False

    @property
    def ok(self) -> bool:
        """True when there is a file."""
        return self.path is not None


class _Refused(Exception):
    """A fetch stopped for a reason of ours (too big, not an image, a bad redirect)."""


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, and only to http and https."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage
    ) -> Any:
        """Refuse a redirect to another scheme with our reason (before urllib's own check)."""
        target = headers.get("location") or headers.get("uri") or ""
        scheme = urlsplit(urljoin(req.full_url, target)).scheme.lower()
        if scheme not in REMOTE_SCHEMES:
            raise _Refused(f"redirected to a {scheme}: address, which is not fetched")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def cache_directory() -> Path:
    """Where fetched images are kept: ``images`` in the index cache's folder (so the
    REVIEWER_CACHE_DIR override moves both)."""
    return default_directory() / FOLDER_NAME


class ImageCache:
    """Fetches remote images and keeps them, one file per address."""

    def __init__(self, directory: Path | None = None, limits: Limits | None = None) -> None:
        self.directory = directory if directory is not None else cache_directory()
        self.limits = limits or Limits()
        self._opener = urllib.request.build_opener(_Redirects())
        self._opener.addheaders = [("User-Agent", f"reviewer/{__version__}")]

    def path_for(self, url: str) -> Path:
        """The cache file of ``url`` (it may not exist)."""
        name = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:40]
        return self.directory / f"{name}{_FILE_SUFFIX}"

    def cached(self, url: str) -> Path | None:
        """The cache file of ``url`` when it was fetched before."""
        path = self.path_for(url)
        return path if path.is_file() else None

    def fetch(self, url: str) -> Fetched:
        """The image at ``url`` from the cache, else from the network (see the module)."""
        found = self.cached(url)
        if found is not None:
            return Fetched(found, from_cache=True)
        if urlsplit(url).scheme.lower() not in REMOTE_SCHEMES:
            return Fetched(None, "only http and https addresses are fetched")
        try:
            body = self._download(url)
        except _Refused as exc:
            return Fetched(None, str(exc))
        except urllib.error.HTTPError as exc:
            return Fetched(None, f"HTTP {exc.code} {exc.reason}".rstrip())
        except urllib.error.URLError as exc:
            return Fetched(None, _network_reason(exc.reason))
        except (OSError, HTTPException, ValueError) as exc:
            return Fetched(None, _network_reason(exc))
        try:
            return Fetched(self._store(url, body))
        except OSError as exc:
            return Fetched(None, f"the image could not be cached: {os_reason(exc)}")

    def fetch_many(
        self, urls: Iterable[str], cancelled: Callable[[], bool] = lambda: False
    ) -> Iterator[tuple[str, Fetched]]:
        """Each address with its outcome, in order; after ``limits.per_batch`` requests the
        rest are not fetched (cached ones still are shown). Stops when ``cancelled()``."""
        requests = 0
        for url in urls:
            if cancelled():
                return
            if self.cached(url) is None:
                if requests >= self.limits.per_batch:
                    reason = f"not fetched: more than {self.limits.per_batch} images at once"
                    yield url, Fetched(None, reason)
                    continue
                requests += 1
            yield url, self.fetch(url)

    def clear(self) -> None:
        """Remove every cached image."""
        with contextlib.suppress(OSError):
            for path in self.directory.iterdir():
                if path.name.endswith(_FILE_SUFFIX):
                    with contextlib.suppress(OSError):
                        path.unlink()

    # -- the request

    def _download(self, url: str) -> bytes:
        limits = self.limits
        deadline = time.monotonic() + limits.timeout
        request = urllib.request.Request(url, headers={"Accept": "image/*"})
        with self._opener.open(request, timeout=limits.timeout) as response:
            kind = response.headers.get_content_type()
            if not kind.startswith("image/"):
                raise _Refused(f"not an image (the server sent {kind})")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > limits.max_bytes:
                raise _Refused(_too_big(int(length), limits.max_bytes))
            return _read_body(response, limits.max_bytes, deadline, limits.timeout)

    def _store(self, url: str, body: bytes) -> Path:
        private_directory(self.directory)
        fd, name = tempfile.mkstemp(dir=self.directory, prefix=".fetch-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(body)
            target = self.path_for(url)
            os.replace(name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(name)
            raise
        return target


def _read_body(response: Any, max_bytes: int, deadline: float, timeout: float) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise _Refused(_timed_out(timeout))
        chunk = response.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise _Refused(_too_big(None, max_bytes))
        chunks.append(chunk)


def _network_reason(reason: object) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, socket.gaierror):
        return "offline, or the host name is unknown"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, OSError):
        return f"network error: {os_reason(reason)}"
    return f"network error: {reason}"


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


def _too_big(size: int | None, limit: int) -> str:
    mb = limit / (1024 * 1024)
    if size is None:
        return f"too big: over the {mb:g} MB an image may have"
    return f"too big: {size / (1024 * 1024):.1f} MB, over the {mb:g} MB an image may have"
