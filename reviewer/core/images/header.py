"""The size of a PNG, JPEG, GIF or WebP image, read from its first bytes without decoding.

Enough to check the width and height a front matter writes, and to refuse an image far too
large to decode (a few kilobytes of PNG may claim 100,000 x 100,000 pixels). The formats'
layouts: PNG's IHDR chunk; GIF's logical screen; JPEG's start-of-frame marker (after any
EXIF or other segments: the head must reach it); WebP's VP8, VP8L or VP8X chunk.
"""

from __future__ import annotations

import struct

#: Bytes of a local image's head read to find its size (a JPEG's EXIF may come first).
HEAD_BYTES = 256 * 1024

_PNG = b"\x89PNG\r\n\x1a\n"
#: JPEG start-of-frame markers (C0-CF but C4 DHT, C8 JPG and CC DAC).
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
#: JPEG markers without a length (TEM, RSTn, SOI, EOI).
_BARE = frozenset({0x01, *range(0xD0, 0xDA)})


def image_kind(head: bytes) -> str | None:
    """ "png", "jpeg", "gif" or "webp" by the magic bytes, else None."""
    if head.startswith(_PNG):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def image_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels from an image's first bytes, or None when the format is
    not one of the four or the head is cut before the size."""
    kind = image_kind(head)
    if kind == "png":
        if len(head) >= 24 and head[12:16] == b"IHDR":
            return _positive(*struct.unpack(">II", head[16:24]))
        return None
    if kind == "gif":
        return _positive(*struct.unpack("<HH", head[6:10])) if len(head) >= 10 else None
    if kind == "webp":
        return _webp(head)
    if kind == "jpeg":
        return _jpeg(head)
    return None


def _positive(width: int, height: int) -> tuple[int, int] | None:
    return (width, height) if width > 0 and height > 0 else None


def _webp(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8 " and len(head) >= 30 and head[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", head[26:30])
        return _positive(width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and len(head) >= 25 and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return _positive((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X" and len(head) >= 30:
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return _positive(width, height)
    return None


def _jpeg(head: bytes) -> tuple[int, int] | None:
    offset = 2
    while offset + 4 <= len(head):
        if head[offset] != 0xFF:
            return None
        marker = head[offset + 1]
        if marker == 0xFF:  # fill bytes before a marker
            offset += 1
            continue
        if marker in _BARE:
            offset += 2
            continue
        length = int.from_bytes(head[offset + 2 : offset + 4], "big")
        if marker in _SOF:
            if offset + 9 > len(head):
                return None
            height, width = struct.unpack(">HH", head[offset + 5 : offset + 9])
            return _positive(width, height)
        if length < 2:
            return None
        offset += 2 + length
    return None
