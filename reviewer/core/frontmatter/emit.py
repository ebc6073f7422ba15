"""Writing single YAML values as text, in a chosen quoting style.

Strings keep the style they had (plain, 'single' or "double"), falling back to double quotes
only when the style cannot hold the new text. Double quotes are written here rather than by
PyYAML's emitter, which escapes emoji and other non-BMP characters as \\UXXXXXXXX even with
allow_unicode.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import Any

import yaml

from reviewer.core.frontmatter.yamlio import _BaseLoader

_BOOL_FAMILIES = (
    ("true", "false"),
    ("True", "False"),
    ("TRUE", "FALSE"),
    ("yes", "no"),
    ("Yes", "No"),
    ("YES", "NO"),
    ("on", "off"),
    ("On", "Off"),
    ("ON", "OFF"),
)
_NULLS = ("null", "Null", "NULL", "~")
_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def is_scalar(value: object) -> bool:
    """True for values written as one scalar (not a list or a mapping)."""
    return not isinstance(value, (dict, list, tuple, set))


def _printable(ch: str) -> bool:
    code = ord(ch)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ) and code != 0xFEFF


def double_quoted(text: str) -> str:
    """``text`` as a one-line double-quoted YAML scalar, non-ASCII kept as characters."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def single_quoted(text: str) -> str | None:
    """``text`` as a single-quoted scalar, or None when single quotes cannot hold it."""
    if not all(map(_printable, text)):
        return None
    return "'" + text.replace("'", "''") + "'"


@lru_cache(maxsize=4096)
def plain(text: str, flow: bool = False) -> str | None:
    """``text`` unquoted, or None when it would not read back as the same string."""
    if not text or text != text.strip() or "\n" in text or not all(map(_printable, text)):
        return None
    probe = f"[{text}]" if flow else f"k: {text}"
    try:
        loaded = yaml.load(probe, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None
    expected: object = [text] if flow else {"k": text}
    return text if loaded == expected and _all_str(loaded) else None


def _all_str(loaded: list[Any] | dict[str, Any]) -> bool:
    values = loaded if isinstance(loaded, list) else list(loaded.values())
    return all(type(v) is str for v in values)


def string(text: str, style: str = "", flow: bool = False) -> str:
    """A string in ``style`` ("", "'" or '"'), or the nearest style that holds it."""
    if style == "'":
        quoted = single_quoted(text)
        if quoted is not None:
            return quoted
    elif style not in ('"',):
        bare = plain(text, flow)
        if bare is not None:
            return bare
    return double_quoted(text)


def literal_block(text: str, indent: int, newline: str) -> str | None:
    """``text`` as a ``|`` block scalar indented by ``indent``, or None if it cannot be."""
    if not text.strip() or not all(ch == "\n" or _printable(ch) for ch in text):
        return None
    if text.endswith("\n\n") or text[0] in " \t":
        return None
    body = text[:-1] if text.endswith("\n") else text
    head = "|" if text.endswith("\n") else "|-"
    pad = " " * indent
    lines = [pad + line if line else "" for line in body.split("\n")]
    return head + newline + newline.join(lines)


def scalar(value: Any, *, style: str = "", original: str | None = None, flow: bool = False) -> str:
    """Any non-collection value as YAML text; ``original`` is the old text, to keep its form."""
    if isinstance(value, str):
        return string(value, style, flow)
    if isinstance(value, bool):
        return _boolean(value, original)
    if value is None:
        return original if original in _NULLS else "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dt.datetime):
        from reviewer.core.dates import DateStyle

        tz = "Z" if value.tzinfo is not None else ""  # a naive value stays naive
        return DateStyle(kind="iso", fraction=6 if value.microsecond else 0, tz=tz).format(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write a {type(value).__name__} value as YAML")


def _boolean(value: bool, original: str | None) -> str:
    """``value`` in the spelling family of ``original`` (yes/no, On/Off...), else true/false."""
    for family in _BOOL_FAMILIES:
        if original in family:
            return family[0] if value else family[1]
    return "true" if value else "false"


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "." not in text and "e" in text:  # YAML 1.1 floats need a dot: 1e+20 -> 1.0e+20
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def flow(value: Any, style: str = "") -> str:
    """A value in flow style on one line: ``[a, b]``, ``{k: v}``."""
    if isinstance(value, dict):
        inner = ", ".join(
            f"{scalar(str(k), flow=True)}: {flow(v, style)}" for k, v in value.items()
        )
        return "{" + inner + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(v, style) for v in value) + "]"
    return scalar(value, style=style, flow=True)


def block(value: Any, indent: int, seq_indent: int = 2, style: str = "") -> list[str]:
    """A non-empty collection as block lines (without line endings) at ``indent``.

    ``seq_indent`` is how far a list's dashes sit to the right of its key (2, or 0 for the
    "indentless" style).
    """
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            head = f"{pad}{scalar(str(key))}:"
            if isinstance(item, dict) and item:
                lines += [head, *block(item, indent + 2, seq_indent, style)]
            elif isinstance(item, (list, tuple)) and item:
                lines += [head, *block(item, indent + seq_indent, seq_indent, style)]
            else:
                lines.append(f"{head} {inline(item, style)}")
        return lines
    for item in value:
        if isinstance(item, dict) and item:
            inner = block(item, indent + 2, seq_indent, style)
            lines.append(f"{pad}- {inner[0][indent + 2 :]}")
            lines.extend(inner[1:])
        else:
            lines.append(f"{pad}- {inline(item, style)}")
    return lines


def inline(item: Any, style: str = "") -> str:
    """A value on one line: a scalar, or a collection in flow style."""
    if isinstance(item, (dict, list, tuple)):
        return flow(item, style)
    return scalar(item, style=style)
