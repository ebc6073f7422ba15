"""The image entries of a front matter: ``images[]`` and every nested ``*.images[]``.

Articles list their pictures as ``images: [{url, width, height, isCached}]``, and mappings
inside them do too (``provider.images[]``: the source's logo). An **image reference** is one
such entry with its key path, so that a message can say which one it is about
("provider.images[0]"), and with the width and height the file writes, so that they can be
checked against the real image (``size_problem``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The key that holds a list of images, at any level.
IMAGES_KEY = "images"
#: How deep mappings are searched for ``images`` lists (``provider.images`` is at 2; a front
#: matter nested 100 levels deep is not walked to the bottom for pictures).
MAX_DEPTH = 4


@dataclass(frozen=True)
class ImageRef:
    """One image entry: where it is, its address, and the size the file gives it.

    ``url`` is the address as text ("" when the entry has none or it is not text); ``width``
    and ``height`` are what the file writes (any value, None when absent).
    """

    path: tuple[str | int, ...]
    url: str
    width: Any = None
    height: Any = None

    @property
    def label(self) -> str:
        """The key path as messages write it: ``images[0]``, ``provider.images[1]``."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text


def image_refs(data: Any) -> list[ImageRef]:
    """The image entries of a front matter (``data``, as loaded), in file order: the
    top-level ``images`` first, then nested ones. Entries that are not mappings are left out;
    an entry without a text ``url`` is kept with url "" (it is shown as having none)."""
    found: list[ImageRef] = []
    _walk(data, (), found, 0)
    return found


def _walk(data: Any, path: tuple[str | int, ...], found: list[ImageRef], depth: int) -> None:
    if not isinstance(data, dict) or depth >= MAX_DEPTH:
        return
    images = data.get(IMAGES_KEY)
    if isinstance(images, list):
        for index, item in enumerate(images):
            if isinstance(item, dict):
                url = item.get("url")
                found.append(
                    ImageRef(
                        (*path, IMAGES_KEY, index),
                        url.strip() if isinstance(url, str) else "",
                        item.get("width"),
                        item.get("height"),
                    )
                )
    for key, value in data.items():
        if key != IMAGES_KEY and isinstance(key, str) and isinstance(value, dict):
            _walk(value, (*path, key), found, depth + 1)


def written_size(ref: ImageRef) -> tuple[int, int] | None:
    """The width and height the file gives ``ref``, when both are whole numbers."""
    width, height = ref.width, ref.height
    if _is_int(width) and _is_int(height):
        return int(width), int(height)
    return None


def size_problem(ref: ImageRef, real: tuple[int, int] | None) -> str | None:
    """Why the width and height the file writes for ``ref`` are wrong for the real image
    (``real``, as read from its header), or None when they match or cannot be compared.

    ("images[0]: the file says 50x50, the image is 64x64"). A file that gives no size is no
    problem; one that gives a size that is not two whole numbers is.
    """
    if real is None or (ref.width is None and ref.height is None):
        return None
    written = written_size(ref)
    if written is None:
        said = f"{_shown(ref.width)}x{_shown(ref.height)}"
        return f"{ref.label}: the file says {said}, not a width and height in pixels"
    if written != real:
        return (
            f"{ref.label}: the file says {written[0]}x{written[1]},"
            f" the image is {real[0]}x{real[1]}"
        )
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    return "nothing" if value is None else repr(value) if isinstance(value, str) else str(value)
