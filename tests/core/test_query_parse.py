"""The search language's parser: every operator, precedence, quoting, fields, numbers, dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reviewer.core.query import IS_VALUES, parse
from reviewer.core.query.lexer import tokenize
from reviewer.core.query.nodes import (
    And,
    Contains,
    DateRange,
    Equals,
    Everything,
    Has,
    Is,
    Not,
    NumberRange,
    Or,
    Regex,
    Words,
)

TODAY = dt.date(2021, 9, 15)


def tree(text: str) -> object:
    return parse(text, now=TODAY).tree


# -- words, phrases, boolean operators -------------------------------------------------------


def test_empty_and_blank_searches_match_everything() -> None:
    assert tree("") == Everything()
    assert tree("   \t ") == Everything()
    assert parse("").is_empty
    assert not parse("a").is_empty


def test_bare_words_are_folded_and_anded() -> None:
    assert tree("Power") == Words("power")
    assert tree("Café  POWER") == And((Words("cafe"), Words("power")))


def test_quoted_phrase_keeps_its_spaces_folded_and_collapsed() -> None:
    assert tree('"Power   Apps"') == Words("power apps")
    assert tree('"a \\"b\\" c\\\\d"') == Words('a "b" c\\d')
    assert tree('"and"') == Words("and")  # a quoted keyword is a word
    assert tree('"is:published"') == Words("is:published")


def test_explicit_and_is_the_same_as_implicit() -> None:
    assert tree("a and b") == tree("a b") == And((Words("a"), Words("b")))
    assert tree("a AND b") == tree("a b")


def test_or_not_and_minus() -> None:
    assert tree("a or b") == Or((Words("a"), Words("b")))
    assert tree("a OR b or c") == Or((Words("a"), Words("b"), Words("c")))
    assert tree("not a") == Not(Words("a"))
    assert tree("-a") == Not(Words("a"))
    assert tree("not not a") == Not(Not(Words("a")))
    assert tree("--a") == Not(Not(Words("a")))
    assert tree("-is:published") == Not(Is("published"))
    assert tree('-"a b"') == Not(Words("a b"))


def test_precedence_not_then_and_then_or() -> None:
    a, b, c, d = (Words(x) for x in "abcd")
    assert tree("a b or c d") == Or((And((a, b)), And((c, d))))
    assert tree("a or b c") == Or((a, And((b, c))))
    assert tree("not a b") == And((Not(a), b))
    assert tree("not a or b") == Or((Not(a), b))
    assert tree("-a or -b c") == Or((Not(a), And((Not(b), c))))


def test_parentheses_group() -> None:
    a, b, c = (Words(x) for x in "abc")
    assert tree("(a or b) c") == And((Or((a, b)), c))
    assert tree("a (b or c)") == And((a, Or((b, c))))
    assert tree("-(a or b)") == Not(Or((a, b)))
    assert tree("not (a b)") == Not(And((a, b)))
    assert tree("((a))") == a
    assert tree("(a)(b)") == And((a, b))


def test_hyphen_inside_a_word_is_part_of_it() -> None:
    assert tree("e-mail") == Words("e-mail")
    assert tree("a -b") == And((Words("a"), Not(Words("b"))))


def test_a_web_address_is_a_word_not_a_field() -> None:
    assert tree("https://example.com/x") == Words("https://example.com/x")


def test_parentheses_inside_a_word_belong_to_it() -> None:
    assert tree("f(x)") == Words("f(x)")
    assert tree("(power)") == Words("power")
    assert tree("(a f(x))") == And((Words("a"), Words("f(x)")))


# -- field terms -----------------------------------------------------------------------------


def test_field_contains_equals_and_regex() -> None:
    assert tree("title:Power") == Contains("title", "power")
    assert tree('title:"Power Apps"') == Contains("title", "power apps")
    assert tree("category:=News") == Equals("category", "news")
    assert tree('title:="A: B"') == Equals("title", "a: b")
    node = tree("title:~^Power")
    assert isinstance(node, Regex)
    assert node.field == "title"
    assert node.pattern.pattern == "^Power"
    assert node.pattern.flags & re.IGNORECASE


def test_dotted_and_any_keys_are_fields() -> None:
    assert tree("provider.domain:arn") == Contains("provider.domain", "arn")
    assert tree("featuredContent:iframe") == Contains("featuredContent", "iframe")
    assert tree("a:b:c") == Contains("a", "b:c")


def test_regex_may_hold_parentheses_and_quotes_escape_nothing_else() -> None:
    node = tree("title:~(power|copilot)")
    assert isinstance(node, Regex) and node.pattern.pattern == "(power|copilot)"
    node = tree('(title:~"\\d+ apps" or a)')
    assert isinstance(node, Or)
    regex = node.items[0]
    assert isinstance(regex, Regex) and regex.pattern.pattern == "\\d+ apps"


def test_a_number_value_is_also_kept_as_a_number() -> None:
    assert tree("quality:40") == Contains("quality", "40", 40.0)
    assert tree("quality:=40") == Equals("quality", "40", 40.0)
    assert tree('title:"40"') == Contains("title", "40")  # quoted: text only


def test_number_comparisons_and_ranges() -> None:
    assert tree("quality:>40") == NumberRange("quality", 40, None, low_open=True)
    assert tree("quality:>=40") == NumberRange("quality", 40, None)
    assert tree("heat:<10") == NumberRange("heat", None, 10, high_open=True)
    assert tree("heat:<=10") == NumberRange("heat", None, 10)
    assert tree("quality:30..50") == NumberRange("quality", 30, 50)
    assert tree("quality:30..") == NumberRange("quality", 30, None)
    assert tree("quality:..50") == NumberRange("quality", None, 50)
    assert tree("quality:-1.5..2.5") == NumberRange("quality", -1.5, 2.5)


def test_a_text_with_two_dots_is_no_range() -> None:
    assert tree("title:...") == Contains("title", "...")
    assert tree("title:a..b") == Contains("title", "a..b")


def test_a_year_compares_as_a_number_or_a_date() -> None:
    assert tree("updated:>2021") == NumberRange(
        "updated", 2021, None, low_open=True, days=(dt.date(2022, 1, 1), None)
    )
    assert tree("updated:<2021") == NumberRange(
        "updated", None, 2021, high_open=True, days=(None, dt.date(2020, 12, 31))
    )
    assert tree("updated:2020..2021") == NumberRange(
        "updated", 2020, 2021, days=(dt.date(2020, 1, 1), dt.date(2021, 12, 31))
    )
    assert tree("updated:>9999") == NumberRange("updated", 9999, None, low_open=True)
    assert tree("publishedDateTime:>=2021-09-01") == DateRange(
        "publishedDateTime", dt.date(2021, 9, 1), None
    )
    assert tree("updated:2021-01..2021-02") == DateRange(
        "updated", dt.date(2021, 1, 1), dt.date(2021, 2, 28)
    )


def test_is_has_missing() -> None:
    for state in IS_VALUES:
        assert tree(f"is:{state}") == Is(state)
    assert tree("IS:Published") == Is("published")
    assert tree("has:images") == Has("images")
    assert tree("missing:webUrl") == Not(Has("webUrl"))
    assert tree("has:provider.domain") == Has("provider.domain")


# -- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("date:2021", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        ("date:2021-09", dt.date(2021, 9, 1), dt.date(2021, 9, 30)),
        ("date:2021-2", dt.date(2021, 2, 1), dt.date(2021, 2, 28)),
        ("date:2020-02", dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
        ("date:2021-12", dt.date(2021, 12, 1), dt.date(2021, 12, 31)),
        ("date:2021-09-01", dt.date(2021, 9, 1), dt.date(2021, 9, 1)),
        ("date:=2021-09-01", dt.date(2021, 9, 1), dt.date(2021, 9, 1)),
        ("date:today", TODAY, TODAY),
        ("date:Today", TODAY, TODAY),
        ("date:yesterday", dt.date(2021, 9, 14), dt.date(2021, 9, 14)),
        ("date:7daysago", dt.date(2021, 9, 8), dt.date(2021, 9, 8)),
        ("date:1dayago", dt.date(2021, 9, 14), dt.date(2021, 9, 14)),
        ("date:2weeksago", dt.date(2021, 9, 1), dt.date(2021, 9, 1)),
        ("date:1weekago", dt.date(2021, 9, 8), dt.date(2021, 9, 8)),
        ("date:>=2021-09-01", dt.date(2021, 9, 1), None),
        ("date:>2021-09", dt.date(2021, 10, 1), None),
        ("date:<2021-09", None, dt.date(2021, 8, 31)),
        ("date:<=2021", None, dt.date(2021, 12, 31)),
        ("date:<7daysago", None, dt.date(2021, 9, 7)),
        ("date:>=7daysago", dt.date(2021, 9, 8), None),
        ("date:2021-09-01..2021-09-30", dt.date(2021, 9, 1), dt.date(2021, 9, 30)),
        ("date:2021..2022-03", dt.date(2021, 1, 1), dt.date(2022, 3, 31)),
        ("date:2021-06..", dt.date(2021, 6, 1), None),
        ("date:..yesterday", None, dt.date(2021, 9, 14)),
        ("DATE:2021", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
    ],
)
def test_date_forms(text: str, low: dt.date | None, high: dt.date | None) -> None:
    assert tree(text) == DateRange("date", low, high)


def test_now_may_be_a_datetime_whose_own_day_counts() -> None:
    late = dt.datetime(2021, 9, 15, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert parse("date:today", now=late).tree == DateRange("date", TODAY, TODAY)


def test_now_defaults_to_the_local_day() -> None:
    today = dt.date.today()
    assert parse("date:today").tree == DateRange("date", today, today)


def test_dates_at_the_ends_of_the_calendar() -> None:
    assert tree("date:>9999-12-31") == Not(Everything())
    assert tree("date:<0001-01-01") == Not(Everything())
    assert tree("date:9999-12") == DateRange("date", dt.date(9999, 12, 1), dt.date(9999, 12, 31))


# -- tokens ----------------------------------------------------------------------------------


def test_tokens_carry_positions() -> None:
    tokens = tokenize('  -title:="a b"  (x)')
    assert [(t.kind, t.start, t.end) for t in tokens] == [
        ("not", 2, 3),
        ("term", 3, 15),
        ("(", 17, 18),
        ("word", 18, 19),
        (")", 19, 20),
    ]
    term = tokens[1]
    assert (term.field, term.op, term.text, term.quoted, term.value_start) == (
        "title",
        "=",
        "a b",
        True,
        10,
    )
    assert term.source == "title:=a b"
