"""Image references, where their addresses point, their real size, and remote fetching."""

from __future__ import annotations

import os
import stat
import struct
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.core.images import (
    ImageRef,
    Local,
    Refused,
    Remote,
    image_kind,
    image_refs,
    image_size,
    resolve,
    size_problem,
)
from reviewer.core.images.fetch import ImageCache, Limits, cache_directory
from tests.localhttp import CountingHandler, CountingServer, serving

# -- tiny images, made here


def png(width: int, height: int) -> bytes:
    """A real, decodable PNG (grey pixels)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_head(width: int, height: int) -> bytes:
    """A JPEG's first segments: SOI, an APP0 (JFIF) and an APP1 (EXIF-like) before SOF0."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    app1 = b"\xff\xe1" + struct.pack(">H", 2 + 300) + b"E" * 300
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + app1 + b"\xff\xff" + sof0


def gif_head(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00"


def webp_lossy(width: int, height: int) -> bytes:
    frame = b"\x00\x00\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height)
    return b"RIFF\x00\x00\x00\x00WEBPVP8 " + struct.pack("<I", len(frame)) + frame


def webp_lossless(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    body = b"\x2f" + bits.to_bytes(4, "little")
    return b"RIFF\x00\x00\x00\x00WEBPVP8L" + struct.pack("<I", len(body)) + body


def webp_extended(width: int, height: int) -> bytes:
    body = (
        b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    )
    return b"RIFF\x00\x00\x00\x00WEBPVP8X" + struct.pack("<I", len(body)) + body


# -- image_refs and the size check


def test_image_refs_finds_top_level_and_nested_images_with_their_key_paths() -> None:
    data = {
        "title": "t",
        "provider": {"name": "M", "images": [{"url": "/logo.jpg", "width": 50, "height": 50}]},
        "images": [
            {"url": " https://x.test/a.png ", "width": 1280, "height": 720, "isCached": True},
            "not a mapping",
            {"width": 3},
        ],
    }
    refs = image_refs(data)
    assert [(r.label, r.url, r.width, r.height) for r in refs] == [
        ("images[0]", "https://x.test/a.png", 1280, 720),
        ("images[2]", "", 3, None),
        ("provider.images[0]", "/logo.jpg", 50, 50),
    ]
    assert refs[2].path == ("provider", "images", 0)
    assert image_refs({"images": "x"}) == [] and image_refs(None) == []


def test_size_problem_names_the_entry_and_both_sizes() -> None:
    ref = ImageRef(("images", 0), "/a.png", 50, 50)
    assert size_problem(ref, (64, 64)) == "images[0]: the file says 50x50, the image is 64x64"
    assert size_problem(ref, (50, 50)) is None
    assert size_problem(ref, None) is None
    assert size_problem(ImageRef(("images", 0), "/a.png"), (64, 64)) is None  # no size given
    odd = size_problem(ImageRef(("provider", "images", 1), "/a", "wide", True), (1, 1))
    assert odd == "provider.images[1]: the file says 'wide'xTrue, not a width and height in pixels"


# -- image_size


@pytest.mark.parametrize(
    ("head", "kind", "size"),
    [
        (png(64, 48), "png", (64, 48)),
        (jpeg_head(640, 360), "jpeg", (640, 360)),
        (gif_head(300, 200), "gif", (300, 200)),
        (webp_lossy(1280, 720), "webp", (1280, 720)),
        (webp_lossless(50, 40), "webp", (50, 40)),
        (webp_extended(4000, 3000), "webp", (4000, 3000)),
    ],
)
def test_image_size_reads_the_header_of_each_format(
    head: bytes, kind: str, size: tuple[int, int]
) -> None:
    assert image_kind(head) == kind
    assert image_size(head) == size


@pytest.mark.parametrize(
    "head",
    [b"", b"<svg/>", b"\x89PNG\r\n\x1a\n\x00", jpeg_head(10, 10)[:40], b"GIF89a", png(1, 1)[:20]],
)
def test_image_size_is_none_for_other_or_cut_heads(head: bytes) -> None:
    assert image_size(head) is None


# -- resolve


def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "assets" / "images").mkdir(parents=True)
    (root / "assets" / "images" / "logo.png").write_bytes(png(4, 4))
    return root


def test_site_paths_resolve_inside_the_root_with_or_without_the_baseurl(tmp_path: Path) -> None:
    root = site(tmp_path)
    logo = Local(Path(os.path.realpath(root / "assets" / "images" / "logo.png")))
    assert resolve("/assets/images/logo.png", root) == logo
    assert resolve("/powerapps/assets/images/logo.png", root, "/powerapps") == logo
    assert resolve("/assets/images/logo.png", root, "/powerapps/") == logo
    assert resolve("assets/images/logo.png?v=2#x", root, "") == logo
    assert resolve("/assets/images/logo%2Epng", root) == logo
    # a folder named like the baseurl is not stripped unless it is a whole step
    assert resolve("/powerappsx/a.png", root, "/powerapps") == Local(
        Path(os.path.realpath(root)) / "powerappsx" / "a.png"
    )


def test_site_paths_need_a_site_root(tmp_path: Path) -> None:
    result = resolve("/assets/images/logo.png", None)
    assert isinstance(result, Refused) and "no site root" in result.reason


def test_escapes_out_of_the_site_root_are_refused(tmp_path: Path) -> None:
    root = site(tmp_path)
    (tmp_path / "secret.png").write_bytes(png(1, 1))
    (root / "assets" / "out.png").symlink_to(tmp_path / "secret.png")
    (root / "assets" / "outside").symlink_to(tmp_path)
    for url in ("/../secret.png", "/assets/../../secret.png", "/%2E%2E/secret.png"):
        result = resolve(url, root)
        assert isinstance(result, Refused) and ".." in result.reason, url
    for url in ("/assets/out.png", "/assets/outside/secret.png"):
        result = resolve(url, root)
        assert isinstance(result, Refused) and "outside the site" in result.reason, url
    assert isinstance(resolve("/", root), Refused)
    assert isinstance(resolve("/a\\..\\b.png", root), Refused)


def test_remote_addresses_and_other_schemes() -> None:
    assert resolve("https://x.test/a.png", None) == Remote("https://x.test/a.png")
    assert resolve("HTTP://x.test/a.png", None) == Remote("HTTP://x.test/a.png")
    assert resolve("//cdn.test/a.png", None) == Remote("https://cdn.test/a.png")
    for url, words in (
        ("file:///etc/passwd", "file:"),
        ("data:image/png;base64,AAAA", "data:"),
        ("javascript:alert(1)", "javascript:"),
        ("ftp://x.test/a.png", "ftp:"),
        ("https://user:pw@x.test/a.png", "user name"),
        ("https:///a.png", "no host"),
        ("", "no address"),
    ):
        result = resolve(url, None)
        assert isinstance(result, Refused) and words in result.reason, url


# -- fetching, against a local server


class _Handler(CountingHandler):
    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        routes = {
            "/ok.png": (200, "image/png", png(8, 6)),
            "/page": (200, "text/html", b"<html></html>"),
            "/big.png": (200, "image/png", b"\x00" * 5000),
        }
        if path in routes:
            code, kind, body = routes[path]
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/big-unsaid.png":  # no Content-Length: the body is counted
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"\x00" * 5000)
            self.close_connection = True
        elif self.path == "/slow.png":
            time.sleep(1.5)
            self.send_response(200)
            self.end_headers()
        elif self.path.startswith("/to-"):
            self.send_response(302)
            self.send_header(
                "Location", {"/to-file": "file:///etc/passwd", "/to-ok": "/ok.png"}[self.path]
            )
            self.end_headers()
        else:
            self.send_error(404)


@pytest.fixture
def server() -> Iterator[CountingServer]:
    with serving(_Handler) as httpd:
        yield httpd


def cache(tmp_path: Path, **limits: float) -> ImageCache:
    return ImageCache(tmp_path / "cache" / "images", Limits(max_bytes=1000, timeout=0.5, **limits))  # type: ignore[arg-type]


def test_a_fetched_image_is_cached_privately_and_shown_again_without_a_request(
    tmp_path: Path, server: CountingServer
) -> None:
    images = cache(tmp_path)
    url = f"{server.url()}/ok.png"
    first = images.fetch(url)
    assert first.ok and not first.from_cache and first.path is not None
    assert image_size(first.path.read_bytes()) == (8, 6)
    assert stat.S_IMODE(images.directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    again = ImageCache(images.directory).fetch(url)
    assert again.ok and again.from_cache
    assert server.hits["/ok.png"] == 1


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/missing.png", "HTTP 404"),
        ("/big.png", "too big"),
        ("/big-unsaid.png", "too big"),
        ("/page", "not an image (the server sent text/html)"),
        ("/to-file", "redirected to a file: address"),
        ("/slow.png", "timed out"),
    ],
)
def test_fetch_failures_give_a_reason_and_cache_nothing(
    tmp_path: Path, server: CountingServer, path: str, words: str
) -> None:
    images = cache(tmp_path)
    result = images.fetch(server.url() + path)
    assert not result.ok and words in result.reason
    assert images.cached(server.url() + path) is None


def test_a_redirect_to_http_is_followed(tmp_path: Path, server: CountingServer) -> None:
    result = cache(tmp_path).fetch(f"{server.url()}/to-ok")
    assert result.ok and server.hits["/ok.png"] == 1


def test_offline_is_a_reason(tmp_path: Path) -> None:
    result = cache(tmp_path).fetch("http://127.0.0.1:9/a.png")  # the discard port: refused
    assert not result.ok and ("refused" in result.reason or "network" in result.reason)


def test_a_batch_makes_at_most_per_batch_requests(tmp_path: Path, server: CountingServer) -> None:
    images = cache(tmp_path, per_batch=2)
    urls = [f"{server.url()}/ok.png?{i}" for i in range(5)]
    results = dict(images.fetch_many(urls))
    assert [r.ok for r in results.values()] == [True, True, False, False, False]
    assert "more than 2 images" in results[urls[4]].reason
    assert sum(server.hits.values()) == 2
    # cached ones do not count: the next batch shows them and fetches two more
    assert [r.ok for _u, r in images.fetch_many(urls)] == [True, True, True, True, False]
    assert sum(server.hits.values()) == 4


def test_the_cache_folder_follows_the_cache_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_directory() == tmp_path / "mine" / "images"
    assert ImageCache().directory == tmp_path / "mine" / "images"
