"""The streaming writers of ``reviewer list`` give the bytes the whole-list writers gave."""

from __future__ import annotations

import io
import json
import unicodedata
from typing import Any

import pytest

from reviewer.cli import output
from reviewer.cli.output import clip, text_width, write_json_rows

ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -7,
    10**30,
    1.5,
    1e-300,
    "",
    "plain",
    'esc \x1b[31m \u202e tab\t newline\n quote" back\\slash',
    "全角 🎉 e\u0301 \ud83c",
    [],
    {},
    ["a", 1, None, [], {"k": ["x", {"deep": [1.25]}]}],
    {"url": "http://x", "width": 3, "nested": {"a": [], "b": {}}},
    ("tu", "ple"),
]


def slow_json(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    json.dump(rows, out, indent=2, allow_nan=False)
    return out.getvalue() + "\n"


@pytest.mark.parametrize("count", [0, 1, 2, output.CHUNK_ROWS + 3])
def test_json_rows_are_the_indented_json_of_the_list(count: int) -> None:
    rows = [
        {"path": f"f{i}.md", "value": ODD_VALUES[i % len(ODD_VALUES)], "error": None}
        for i in range(count)
    ]
    out = io.StringIO()
    write_json_rows(iter(rows), out)
    assert out.getvalue() == slow_json(rows)


def test_json_rows_refuse_what_json_refuses() -> None:
    with pytest.raises(ValueError):
        write_json_rows([{"quality": float("nan")}], io.StringIO())


def slow_width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
        for c in text
    )


@pytest.mark.parametrize(
    "text", ["", "abc", "a\x1bb\x7f", "x" * 80, "全角タイトル" * 10, "e\u0301" * 30, "🎉 ok"]
)
@pytest.mark.parametrize("width", [1, 4, 10, 24, 60])
def test_width_and_clip_shortcuts_agree_with_the_per_character_rule(text: str, width: int) -> None:
    assert text_width(text) == slow_width(text)
    clipped = clip(text, width)
    one_line = " ".join(output.escape(text).split())
    if slow_width(one_line) <= width:
        assert clipped == one_line
    else:
        kept, used = [], 0
        for char in one_line:
            if used + slow_width(char) > width - 1:
                break
            kept.append(char)
            used += slow_width(char)
        assert clipped == "".join(kept) + "…"
