"""The search language's parser: every operator, precedence, quoting, and errors with positions."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reviewer.core import ReviewerError
from reviewer.core.query import IS_VALUES, QueryError, Record, parse
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


def error(text: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse(text, now=TODAY)
    return caught.value


def marked(text: str) -> str:
    """The characters an error in ``text`` points at."""
    exc = error(text)
    return text[exc.position : exc.position + exc.length]


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


# -- errors ----------------------------------------------------------------------------------


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


# -- tokens and normalized text --------------------------------------------------------------


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


def test_states_lists_the_is_terms_used() -> None:
    assert parse("a (b or -is:duplicate) not (is:error c)").states == {"duplicate", "error"}
    assert parse("a has:images").states == frozenset()


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
