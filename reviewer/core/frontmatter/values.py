"""Values at key paths: the MISSING marker, strict equality, and copying without sharing."""

from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any

#: A path of keys into nested mappings: ``("provider", "name")``.
KeyPath = tuple[str, ...]


class _Missing:
    """Sentinel: the key has no value (absent from a file; a change to it removes the key)."""

    def __repr__(self) -> str:
        return "MISSING"


#: The value of a key a front matter does not have. Setting a key to MISSING removes it.
MISSING: Any = _Missing()


def unshared_copy(value: Any) -> Any:
    """A deep copy of mappings and lists in which no two places share one object."""
    if isinstance(value, dict):
        return {key: unshared_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unshared_copy(item) for item in value]
    return copy.deepcopy(value)


def nesting(value: Any, limit: int) -> int:
    """The levels of lists and mappings in ``value`` (0 for a scalar), counted without
    recursion up to ``limit`` + 1 (a value that holds itself counts as that deep)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list, tuple)):
            level += 1
            if level > limit:
                return level
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level) for child in children)
    return deepest


def same(a: Any, b: Any) -> bool:
    """Strict equality: types must match (True is not 1), and so must key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dt.datetime):
        return (a.tzinfo is None) == (b.tzinfo is None) and a == b
    return bool(a == b)


def put(data: dict[str, Any], path: KeyPath, value: Any) -> None:
    """Set (or with MISSING remove) the value at ``path``, creating mappings on the way."""
    for part in path[:-1]:
        child = data.get(part)
        if not isinstance(child, dict):
            if value is MISSING:
                return
            child = data[part] = {}
        data = child
    if value is MISSING:
        data.pop(path[-1], None)
    else:
        data[path[-1]] = value


def kept_indexes(old: list[Any], new: list[Any]) -> set[int] | None:
    """The indexes of ``old`` kept in ``new`` if ``new`` is ``old`` with items removed."""
    kept: set[int] = set()
    index = 0
    for item in new:
        while index < len(old) and not same(old[index], item):
            index += 1
        if index == len(old):
            return None
        kept.add(index)
        index += 1
    return kept
