"""Images of articles: which entries a front matter has (``refs``), where their addresses
point (``resolve``), their real size read from the first bytes (``header``), and remote
ones fetched within limits into a private cache (``fetch``). No Qt: the app decodes and
scales them in its thumbnail loader."""

from reviewer.core.images.header import image_kind, image_size
from reviewer.core.images.refs import ImageRef, image_refs, size_problem
from reviewer.core.images.resolve import Local, Refused, Remote, Resolved, resolve

__all__ = [
    "ImageRef",
    "Local",
    "Refused",
    "Remote",
    "Resolved",
    "image_kind",
    "image_refs",
    "image_size",
    "resolve",
    "size_problem",
]
