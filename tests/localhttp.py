"""A local HTTP server for the tests that fetch: it counts the requests for each path.

Shared by tests/core and tests/app (import it as ``tests.localhttp``). A test module writes its
own handler (a ``CountingHandler`` with its ``do_GET``) and serves it for a test with
``serving``, usually in a fixture::

    @pytest.fixture
    def server() -> Iterator[CountingServer]:
        with serving(_Handler) as httpd:
            yield httpd
"""

from __future__ import annotations

import http.server
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager


class CountingServer(http.server.ThreadingHTTPServer):
    """Serves on 127.0.0.1, on a free port; ``hits``: requests per path (with its query)."""

    daemon_threads = True

    def __init__(self, handler: type[CountingHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.hits: Counter[str] = Counter()

    def url(self, path: str = "") -> str:
        """The address of ``path`` (starting with "/") on this server; its root without."""
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """Counts each request in its server's ``hits`` before answering it; logs nothing."""

    server: CountingServer

    def parse_request(self) -> bool:  # the standard library's: reads the path
        parsed = super().parse_request()
        if parsed:
            self.server.hits[self.path] += 1
        return parsed

    def log_message(self, format: str, *args: object) -> None:  # the base's name
        pass


@contextmanager
def serving(handler: type[CountingHandler]) -> Iterator[CountingServer]:
    """A ``CountingServer`` answering with ``handler`` in a thread, until the block ends."""
    httpd = CountingServer(handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
