"""What a consistency report finds: a ``Finding``, and the registry of finding kinds.

Each kind has a short lowercase name (what the app's search writes as ``is:<name>``), a
title, a one-line description and whether reviewer can fix it by itself. ``KINDS`` holds
them in the order reports count and show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.core.fields import describe
from reviewer.core.frontmatter.values import MISSING


@dataclass(frozen=True, slots=True)
class FindingKind:
    """One kind of finding."""

    #: Short and lowercase: ``type``, ``duplicate-url``; searched as ``is:<name>``.
    name: str
    title: str
    #: One line: what is wrong.
    description: str
    #: True when some findings of this kind carry a fix (``Finding.fix``).
    fixable: bool


#: Every kind, in the order reports count and show them.
KINDS: tuple[FindingKind, ...] = (
    FindingKind(
        "unreadable",
        "Unreadable",
        "The file cannot be read as an article (the reason reviewer check gives)",
        False,
    ),
    FindingKind(
        "missing",
        "Missing field",
        "A field nearly every file of the collection has is missing here",
        False,
    ),
    FindingKind(
        "misspelt",
        "Misspelt key",
        "A rare key that looks like a misspelling of a common one (titel for title)",
        True,
    ),
    FindingKind(
        "type",
        "Unusual type",
        "A value of another type than the collection's other files hold there ('37' for 37)",
        True,
    ),
    FindingKind(
        "format",
        "Unusual format",
        "A date written in a form few files of the collection use (a date without its time)",
        False,
    ),
    FindingKind(
        "mojibake",
        "Mojibake",
        "Text garbled by a wrong encoding (â€™ for ’, Ã© for é), repairable",
        True,
    ),
    FindingKind(
        "url",
        "Bad URL",
        "An address that is not http(s), holds spaces, or names a file the site lacks",
        True,
    ),
    FindingKind(
        "image-size",
        "Image without size",
        "An image entry without its width or height",
        False,
    ),
    FindingKind(
        "duplicate-url",
        "Shared URL",
        "An item whose originalUrl or webUrl another item has too",
        False,
    ),
    FindingKind(
        "stale",
        "Stale",
        "An unpublished item older than the stale age, still waiting for a decision",
        False,
    ),
)

_BY_NAME = {kind.name: kind for kind in KINDS}
#: The kinds' names, in order.
KIND_NAMES: tuple[str, ...] = tuple(_BY_NAME)


def kind_of(name: str) -> FindingKind:
    """The kind called ``name``; KeyError when there is none."""
    return _BY_NAME[name]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong in one file.

    ``field``: the dotted key path it is about (``provider.name``, ``images[0]`` for an
    image entry), None when it is about the file. ``value``: what the file holds there
    (MISSING when the field is absent, or when the light article's summary does not hold
    it). ``expected``: what the collection holds instead, in a few words (the right key of a
    misspelt one). ``fix``: the value a fix writes at ``field`` (for ``misspelt``: the value
    written under the key ``expected``, ``field`` being removed); MISSING when there is no
    automatic fix.
    """

    path: Path
    field: str | None
    kind: str
    value: Any = MISSING
    expected: str | None = None
    fix: Any = MISSING

    @property
    def fixable(self) -> bool:
        """True when the finding carries a fix."""
        return self.fix is not MISSING

    @property
    def message(self) -> str:
        """The finding in one sentence, without the file's name."""
        where = self.field or "the file"
        kind = self.kind
        if kind == "unreadable":
            return f"cannot be read: {self.value}"
        if kind == "missing":
            return f"{where} is missing ({self.expected})"
        if kind == "misspelt":
            return f"{where} looks like a misspelling of {self.expected}"
        if kind == "stale":
            return f"unpublished since {_shown(self.value)} ({self.expected})"
        if kind == "mojibake":
            return f"{where} is garbled: {_difference(self.value, self.fix)}"
        said = f"{where} is {_shown(self.value)}"
        said = f"{said}; expected {self.expected}" if self.expected else said
        return f"{said} (fix: {_shown(self.fix)})" if self.fixable else said


def _shown(value: Any) -> str:
    if value is MISSING:
        return "not known without reading the file"
    return describe(value)


def _difference(value: Any, fix: Any) -> str:
    """Where two texts first differ, with a little context: "…ng â€˜Sensitive…" becomes
    "…ng ‘Sensitive…"."""
    if not isinstance(value, str) or not isinstance(fix, str):
        return f"{_shown(value)} becomes {_shown(fix)}"
    start = next((n for n, (a, b) in enumerate(zip(value, fix, strict=False)) if a != b), 0)
    start = max(0, start - 12)
    before = ("…" if start else "") + value[start : start + 36]
    after = ("…" if start else "") + fix[start : start + 36]
    more = "…" if len(value) > start + 36 else ""
    return f"'{before}{more}' becomes '{after}{'…' if len(fix) > start + 36 else ''}'"
