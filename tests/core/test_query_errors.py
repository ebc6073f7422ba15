"""Errors in searches: what they say, where they point, and the limits that keep parsing safe."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer.core import ReviewerError
from reviewer.core.query import IS_VALUES, QueryError, Record, parse
from reviewer.core.query.nodes import And, Words

TODAY = dt.date(2021, 9, 15)


def error(text: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse(text, now=TODAY)
    return caught.value


def marked(text: str) -> str:
    """The characters an error in ``text`` points at."""
    exc = error(text)
    return text[exc.position : exc.position + exc.length]


@pytest.mark.parametrize(
    ("text", "at", "words"),
    [
        ("is:foo", "foo", "published, unpublished, modified, error, duplicate"),
        ("is:=published", "=published", "takes one of"),
        ("has:", "has:", "needs a value"),
        ("title:", "title:", "needs a value"),
        ("a title:= b", "title:=", "needs a value"),
        ('"power apps', '"power apps', "never closed"),
        ('title:"power', '"power', "never closed"),
        ("(a or b", "(", "never closed"),
        ("a (b (c)", "(", "never closed"),
        ("a)", ")", "closes no '('"),
        ("a or", "or", "must be followed"),
        ("a and", "and", "must be followed"),
        ("a or or b", "or", "must be followed"),
        ("not", "not", "must be followed"),
        ("a not", "not", "must be followed"),
        ("or a", "or", "between two search terms"),
        ("and a", "and", "between two search terms"),
        ("()", "()", "empty"),
        ("a - b", "-", "must be followed directly"),
        ("a -", "-", "must be followed directly"),
        ("(a -)", "-", "must be followed directly"),
        ("title:~(power", "(power", "regular expression is not valid"),
        ("title:~a[b", "[b", "regular expression is not valid"),
        ('title:~"x{2,1}"', "2,1}", "regular expression is not valid"),
        ("title:~(a+)+", "(a+)+", "repeats a repetition"),
        ("title:~(\\w+\\s?)*$", "(\\w+\\s?)*$", "repeats a repetition"),
        ("date:2021-13", "2021-13", "is not a date"),
        ("date:2021-02-30", "2021-02-30", "is not a date"),
        ("date:soon", "soon", "7daysago"),
        ("date:..", "..", "at least one side"),
        ("date:2021..bad", "2021..bad", "'bad' is not a date"),
        ("date:~2021", "~2021", "not a pattern"),
        ("quality:>abc", "abc", "number or a date"),
        ("quality:<=", "quality:<=", "needs a value"),
    ],
)
def test_errors_say_what_and_where(text: str, at: str, words: str) -> None:
    exc = error(text)
    assert words in str(exc)
    assert exc.message == str(exc)
    assert marked(text) == at, (exc.position, exc.length)


def test_query_error_is_a_reviewer_error_with_a_length_of_at_least_one() -> None:
    exc = QueryError("x", 3, 0)
    assert isinstance(exc, ReviewerError)
    assert (exc.position, exc.length) == (3, 1)


def test_unknown_is_value_lists_the_valid_ones() -> None:
    message = str(error("is:draft"))
    for state in IS_VALUES:
        assert state in message


def test_regex_error_names_the_problem() -> None:
    assert "missing ), unterminated subpattern" in str(error("title:~(a"))
    assert "nothing to repeat" in str(error("title:~*a"))


def test_harmless_regexes_are_accepted() -> None:
    for pattern in ("(ab)+", "(\\d{2}-)+", "a+b*", "(?:foo|bar)+", "^(a|b)c$", "x{3}(y{2})*"):
        parse(f'title:~"{pattern}"')


@pytest.mark.parametrize(
    ("text", "incomplete"),
    [
        ('"power', True),
        ('title:"power', True),
        ("a or", True),
        ("a and", True),
        ("not", True),
        ("a -", True),
        ("title:", True),
        ("quality:>=", True),
        ("(a", True),
        ("a (", True),
        ("a)", False),
        ("is:foo", False),
        ("or a", False),
        ("()", False),
        ("a - b", False),
        ("(a -)", False),
        ("a or or b", False),
        ("title: x", False),
        ("date:2021-13", False),
    ],
)
def test_incomplete_errors_can_be_completed_by_typing_on(text: str, incomplete: bool) -> None:
    assert error(text).incomplete is incomplete


@pytest.mark.parametrize(
    "text",
    ["(" * 101 + "a" + ")" * 101, "-" * 101 + "a", "not " * 101 + "a", "-(" * 51 + "a" + ")" * 51],
)
def test_nesting_too_deep_is_an_error_not_a_crash(text: str) -> None:
    exc = error(text)
    assert "more than 100 deep" in str(exc)
    assert 0 < exc.position < len(text)


def test_nesting_up_to_the_limit_works() -> None:
    deep = parse("(" * 100 + "a" + ")" * 100)
    assert deep.tree == Words("a")
    negated = parse("-" * 100 + "a")
    assert negated.matches(Record({"title": "a"}, title="a"))  # an even number of nots
    assert parse("-(" * 50 + "a" + ")" * 50).normalized.count("-") == 50


def test_long_flat_searches_work() -> None:
    words = " ".join(f"w{i}" for i in range(5000))
    query = parse(words)
    assert isinstance(query.tree, And) and len(query.tree.items) == 5000
    assert not query.matches(Record({"title": "w1"}, title="w1"))
    either = parse(" or ".join(f"w{i}" for i in range(5000)))
    assert either.matches(Record({"title": "w4999"}, title="w4999"))
