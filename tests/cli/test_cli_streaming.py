"""The streaming writers of ``reviewer list`` give the bytes the whole-list writers gave."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from cli_support import Run

from reviewer.cli import editing, output, search
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
    {1: "int key", None: [2.5, True], "s": {"t": ("u",)}},
    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
    [{"a": [{"b": []}]}, {}],
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
    for bad in (float("nan"), float("inf"), [float("-inf")]):
        with pytest.raises(ValueError):
            write_json_rows([{"quality": bad}], io.StringIO())


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


def test_pool_paths_give_what_one_process_gives(
    cli: Run, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = [
        ("list", site, "--format", "json", "--query", "secured:abc"),
        ("list", site, "--query", "-is:published or secured:abc"),
        ("publish", "--dry-run", "--query", "-is:error", site),
        ("unpublish", "--dry-run", "--query", "secured:abc", site),
    ]
    alone = [cli(*command) for command in commands]
    monkeypatch.setattr(search, "CHUNK", 1)
    monkeypatch.setattr(search, "POOL_MIN", 1)
    monkeypatch.setattr(editing, "EDIT_CHUNK", 1)
    monkeypatch.setattr(search, "default_workers", lambda: 2)
    monkeypatch.setattr(editing, "default_workers", lambda: 2)
    assert [cli(*command) for command in commands] == alone
