"""A save's work grows linearly with the size of the front matter.

Not timed (speed is measured by benchmarks, see docs/performance.md): these tests count the
work instead, so they fail the same way on any machine when a step turns quadratic.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

import pytest

from reviewer.core.collector import collector_paused
from reviewer.core.frontmatter import edit, yamlio


def _front(keys: int) -> str:
    return "title: Many keys\npublished: false\n" + "".join(
        f"key{i}: value {i}\n" for i in range(keys)
    )


def _python_calls(function: Any, *args: Any) -> int:
    """How many Python functions ``function(*args)`` calls, itself included."""
    calls = 0

    def count(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return calls


def test_a_save_makes_the_same_number_of_calls_per_key(monkeypatch: pytest.MonkeyPatch) -> None:
    # A step that revisits every key once per key would make 4 times the keys cost 16 times
    # the calls; linear work costs 4 times, plus what does not depend on the size at all.
    monkeypatch.setattr(yamlio, "_RESOLVED", {})  # the same warm cache for both sizes
    small, large = _front(1_000), _front(4_000)
    change: dict[tuple[str, ...], Any] = {("published",): True}
    for text in (small, large):
        edit.apply_changes(text, change)
    base = _python_calls(edit.apply_changes, _front(0), change)
    ratio = (_python_calls(edit.apply_changes, large, change) - base) / (
        _python_calls(edit.apply_changes, small, change) - base
    )
    assert 3.9 < ratio < 4.1


def test_one_change_loads_the_front_matter_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    # Once to know the data, once to check the result: the surgery reuses the first.
    loads: list[str] = []
    load = yamlio.load

    def counting_load(text: str) -> dict[str, Any]:
        loads.append(text)
        return load(text)

    monkeypatch.setattr(yamlio, "load", counting_load)
    text = _front(10)
    edited = edit.apply_changes(text, {("published",): True})
    assert loads == [text, edited]
    loads.clear()
    edit.apply_changes(text, {("published",): True, ("title",): "x"})
    assert len(loads) == 3  # the second change loads the text the first one made


@pytest.fixture
def collections_counted() -> Iterator[list[int]]:
    """The generations of the garbage collections that run while the test does."""
    seen: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    try:
        yield seen
    finally:
        gc.callbacks.remove(record)


def test_a_big_front_matter_is_saved_without_garbage_collections(
    collections_counted: list[int],
) -> None:
    # Each collection walks every object alive, and a load keeps a few per value alive: with
    # the collector on, saving 160,000 keys spent two thirds of its time in collections.
    text = _front(20_000)
    assert len(text) > yamlio.PAUSE_COLLECTOR_AT
    assert gc.isenabled()
    edit.apply_changes(text, {("published",): True})
    yamlio.load(text)
    assert collections_counted == []
    assert gc.isenabled()


def test_small_front_matters_leave_the_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> None:
        raise AssertionError("the collector was paused for a small front matter")

    monkeypatch.setattr(gc, "disable", fail)
    edit.apply_changes(_front(100), {("published",): True})


def test_the_collector_comes_back_after_nested_pauses_and_errors() -> None:
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector_paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_the_collector_stays_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pauses_in_threads_end_with_the_last_one() -> None:
    inside = threading.Barrier(2)
    leave = threading.Event()

    def pause() -> None:
        with collector_paused():
            inside.wait()
            leave.wait()

    other = threading.Thread(target=pause)
    other.start()
    with collector_paused():
        inside.wait()
    assert not gc.isenabled()  # the other thread's pause still runs
    leave.set()
    other.join()
    assert gc.isenabled()
