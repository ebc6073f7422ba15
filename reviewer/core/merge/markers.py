"""Conflict blocks in a front matter: writing them, listing them and resolving them.

A conflict on a key is written as git writes a diff3 conflict, around the key's whole
top-level entry (see ``reviewer.core.merge``)::

    <<<<<<< ours
    heat: 5
    ||||||| base
    heat: 3
    =======
    heat: 7
    >>>>>>> theirs

Blocks git's own line merge writes (``<<<<<<< HEAD``, with or without a base section) are
read too: each belongs to the first key written in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from reviewer.core.errors import ArticleError, EditError
from reviewer.core.frontmatter import edit, split, yamlio
from reviewer.core.frontmatter.values import MISSING, KeyPath, same
from reviewer.core.merge.layout import Layout, Unmergeable

#: The marker lines of a block (git's, with its default size of 7).
OURS = "<<<<<<< ours"
BASE = "||||||| base"
SEPARATOR = "======="
THEIRS = ">>>>>>> theirs"

Choice = Literal["ours", "theirs", "base"]
CHOICES: tuple[Choice, ...] = ("ours", "theirs", "base")

_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


class Conflict(NamedTuple):
    """One conflict block: the key path it is about and each side's text (base: None when
    the block has no base section, as git's default style writes)."""

    key_path: KeyPath
    ours: str
    base: str | None
    theirs: str


@dataclass(frozen=True, slots=True)
class _Block:
    start: int
    end: int
    conflict: Conflict


def block(ours: str, base: str, theirs: str, newline: str) -> str:
    """The conflict block of three versions of an entry (each whole lines, or empty)."""

    def lines(text: str) -> str:
        return text if not text or text.endswith("\n") else text + newline

    return "".join(
        (
            OURS + newline,
            lines(ours),
            BASE + newline,
            lines(base),
            SEPARATOR + newline,
            lines(theirs),
            THEIRS + newline,
        )
    )


def _is_marker(line: str, marker: str) -> bool:
    bare = line.rstrip("\r\n")
    return bare.startswith(marker) and (len(bare) == len(marker) or bare[len(marker)] == " ")


def _blocks(front: str) -> list[_Block]:
    """The conflict blocks of ``front``, in order (an unfinished block is not one)."""
    found: list[_Block] = []
    state = ""
    start = 0
    sides: dict[str, list[str]] = {}
    for match in _LINE.finditer(front):
        line = match.group()
        if _is_marker(line, "<<<<<<<"):
            state, start, sides = "ours", match.start(), {"ours": [], "theirs": []}
        elif state == "ours" and _is_marker(line, "|||||||"):
            state, sides["base"] = "base", []
        elif state in ("ours", "base") and line.rstrip("\r\n") == SEPARATOR:
            state = "theirs"
        elif state == "theirs" and _is_marker(line, ">>>>>>>"):
            base = "".join(sides["base"]) if "base" in sides else None
            ours, theirs = "".join(sides["ours"]), "".join(sides["theirs"])
            path = _key_path(ours, base, theirs)
            if path is not None:
                found.append(_Block(start, match.end(), Conflict(path, ours, base, theirs)))
            state = ""
        elif state:
            sides[state].append(line)
    return found


def _key_path(ours: str, base: str | None, theirs: str) -> KeyPath | None:
    """The key a block is about: its first key; a nested path when the sides differ only
    below it (``provider.name``)."""
    key: str | None = None
    for text in (ours, theirs, base or ""):
        try:
            keys = list(Layout(text).entries)
        except Unmergeable:
            continue
        if keys:
            key = keys[0]
            break
    if key is None:
        return None
    try:
        a, b = yamlio.load(ours).get(key, MISSING), yamlio.load(theirs).get(key, MISSING)
    except ArticleError:
        return (key,)
    differing = _differing((key,), a, b)
    if not differing:
        return (key,)
    path = differing[0]
    for other in differing[1:]:
        common = 0
        while common < min(len(path), len(other)) and path[common] == other[common]:
            common += 1
        path = path[:common]
    return path or (key,)


def _differing(path: KeyPath, a: Any, b: Any) -> list[KeyPath]:
    """The key paths below ``path`` where ``a`` and ``b`` differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        found: list[KeyPath] = []
        for key in dict.fromkeys([*a, *b]):
            left, right = a.get(key, MISSING), b.get(key, MISSING)
            if not same(left, right):
                found.extend(_differing((*path, str(key)), left, right))
        return found
    return [] if same(a, b) else [path]


def _front(text: bytes) -> tuple[split.Parts, str]:
    parts = split.split(text)
    if parts is None:
        raise EditError("the file has no front matter")
    return parts, split.decode_front(parts.front)


def conflicts(text: bytes) -> list[Conflict]:
    """The conflict blocks in the front matter of the file ``text`` (none without one)."""
    try:
        return [found.conflict for found in _blocks(_front(text)[1])]
    except (ArticleError, EditError):
        return []


def _find(blocks: list[_Block], key_path: KeyPath) -> _Block:
    for found in blocks:
        if found.conflict.key_path[0] == key_path[0]:
            return found
    raise EditError(f"no conflict on {'.'.join(key_path)!r} in the front matter")


def resolve(text: bytes, key_path: KeyPath, choice: Choice) -> bytes:
    """``text`` with the conflict block of ``key_path`` replaced by the ``choice`` side.

    The block of a key is its top-level entry's: resolving ``provider.name`` resolves the
    block around ``provider``. Raises EditError when there is no such block, or ``base`` is
    asked of a block without a base section.
    """
    parts, front = _front(text)
    found = _find(_blocks(front), key_path)
    chosen = {
        "ours": found.conflict.ours,
        "theirs": found.conflict.theirs,
        "base": found.conflict.base,
    }[choice]
    if chosen is None:
        raise EditError(f"the conflict on {'.'.join(key_path)!r} has no base version")
    return parts.join((front[: found.start] + chosen + front[found.end :]).encode("utf-8"))


def resolve_with(text: bytes, key_path: KeyPath, value: Any) -> bytes:
    """``text`` with the block of ``key_path`` replaced by our side with ``value`` set at
    ``key_path`` (MISSING removes it), written by the save layer's text surgery."""
    parts, front = _front(text)
    found = _find(_blocks(front), key_path)
    try:
        entry = edit.apply_changes(found.conflict.ours, {key_path: value}, parts.newline)
    except ArticleError as exc:
        raise EditError(f"our side of the conflict cannot be edited alone: {exc}") from None
    return parts.join((front[: found.start] + entry + front[found.end :]).encode("utf-8"))
