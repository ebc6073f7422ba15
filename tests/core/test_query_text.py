"""Searches written back as text, narrowing, and what a search asks about."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer.core.query import parse

TODAY = dt.date(2021, 9, 15)


@pytest.mark.parametrize(
    "text",
    [
        "power apps",
        '"power apps" -is:published',
        "(a or b) c",
        "not (a b)",
        'title:~"^a\\\\b \\"q\\""',
        'title:"40" quality:40 quality:=40 title:="a b"',
        "quality:>40 heat:<=10 quality:30..50",
        "date:2021-09 date:<7daysago date:today",
        "has:images missing:webUrl provider.domain:arn",
        'title:"a..b" title:"//x" "or" "-x" "a:b"',
        "updated:>2021 updated:2020..2021",
    ],
)
def test_normalized_text_parses_to_the_same_tree(text: str) -> None:
    query = parse(text, now=TODAY)
    again = parse(query.normalized, now=TODAY)
    assert again.tree == query.tree
    assert again.normalized == query.normalized


def test_normalized_text_is_canonical() -> None:
    assert parse("Power  AND  (Apps)").normalized == "power apps"
    assert parse("date:2021-09").normalized == "date:2021-09-01..2021-09-30"
    assert parse("NOT a OR b").normalized == "-a or b"
    assert parse("(a or b) -(c d)").normalized == "(a or b) -(c d)"


@pytest.mark.parametrize(
    ("previous", "current", "narrower"),
    [
        ("", "p", True),
        ("p", "po", True),
        ("pow", "power", True),
        ("power", "power a", True),
        ("power", "power ", True),
        ('"power a"', '"power ap"', True),
        ("title:pow", "title:power", True),
        ("is:published", "is:published power", True),
        ("power a", "power", False),
        ("power", "powe", False),
        ("power", "power or x", False),
        ("quality:4", "quality:40", False),
        ("title:pow", "excerpt:power", False),
        ("a", "-a", False),
        ("p", "", False),
    ],
)
def test_narrows(previous: str, current: str, narrower: bool) -> None:
    assert parse(current).narrows(parse(previous)) is narrower


def test_repr_and_errors_are_readable() -> None:
    assert repr(parse("a b")) == "<Query 'a b'>"


def test_states_lists_the_is_terms_used() -> None:
    assert parse("a (b or -is:duplicate) not (is:error c)").states == {"duplicate", "error"}
    assert parse("a has:images").states == frozenset()


def test_fields_and_states_come_from_one_walk_of_the_tree() -> None:
    query = parse("a title:x (-quality:>3 or date:2021) has:y is:error -is:duplicate")
    assert query.fields == ["title", "quality", "publishedDateTime", "y"]
    assert query.states == {"error", "duplicate"}
    assert parse("").fields == [] and parse("").states == frozenset()


def test_residual_keeps_only_the_new_terms() -> None:
    assert parse("power apps").residual(parse("power")).normalized == parse("apps").normalized
    assert parse("power").residual(parse("power")).is_empty
