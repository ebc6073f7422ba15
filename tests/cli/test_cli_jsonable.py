"""``to_jsonable``: every value a front matter can hold becomes JSON, without recursion."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from reviewer.cli import output
from reviewer.cli.output import NotJsonableError, to_jsonable


def test_plain_values_are_kept() -> None:
    value = {"a": [1, 2.5, "x", None, True], "b": {"c": False}}
    assert to_jsonable(value) == value


def test_key_order_is_kept() -> None:
    assert list(to_jsonable({"z": 1, "a": 2, "m": 3})) == ["z", "a", "m"]


def test_values_json_has_no_type_for() -> None:
    tz = dt.timezone(dt.timedelta(hours=2))
    value = {
        "date": dt.date(2024, 2, 29),
        "naive": dt.datetime(2024, 2, 29, 12, 0),
        "aware": dt.datetime(2024, 2, 29, 12, 0, tzinfo=tz),
        "time": dt.time(8, 30),
        "bytes": b"\x00\x01",
        "set": {"b", "a"},
        "tuple": (1, 2),
        "nan": float("nan"),
        "inf": float("inf"),
        "-inf": float("-inf"),
        "other": complex(1, 2),
    }
    assert to_jsonable(value) == {
        "date": "2024-02-29",
        "naive": "2024-02-29T12:00:00",
        "aware": "2024-02-29T12:00:00+02:00",
        "time": "08:30:00",
        "bytes": "AAE=",
        "set": ["a", "b"],
        "tuple": [1, 2],
        "nan": "nan",
        "inf": "inf",
        "-inf": "-inf",
        "other": "(1+2j)",
    }
    json.dumps(to_jsonable(value), allow_nan=False)


def test_keys_become_text() -> None:
    value = {1: "a", None: "b", False: "c", dt.date(2024, 1, 1): "d", 2.5: "e"}
    assert to_jsonable(value) == {
        "1": "a",
        "null": "b",
        "false": "c",
        "2024-01-01": "d",
        "2.5": "e",
    }


def test_mixed_sets_are_sorted_deterministically() -> None:
    assert to_jsonable({3, "a", 1}) == to_jsonable({"a", 1, 3}) == [1, 3, "a"]


def test_shared_values_are_copied_out() -> None:
    shared = [1, 2]
    assert to_jsonable({"a": shared, "b": shared}) == {"a": [1, 2], "b": [1, 2]}


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    value: Any = "leaf"
    for _ in range(100_000):
        value = [value]
    with pytest.raises(NotJsonableError, match="nested"):
        to_jsonable(value)


def test_nesting_up_to_the_limit_is_fine() -> None:
    value: Any = "leaf"
    for _ in range(output.MAX_DEPTH):
        value = {"k": value}
    result = to_jsonable(value)
    json.dumps(result, indent=2)


def test_a_cycle_is_refused() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    with pytest.raises(NotJsonableError):
        to_jsonable({"loop": cycle})


def test_expansion_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "MAX_NODES", 1000)
    level: Any = ["lol"] * 10
    for _ in range(5):
        level = [level] * 10  # a million leaves from a few dozen objects
    with pytest.raises(NotJsonableError, match="values"):
        to_jsonable(level)
