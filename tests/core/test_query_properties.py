"""Properties of random searches over random records: negation, normalization, no crashes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.core.article import Article
from reviewer.core.query import IS_VALUES, Query, Record, parse
from reviewer.core.query.text import quote

NOW = dt.date(2021, 9, 15)
LETTERS = "abcéAÉ ß-:"
FIELDS: tuple[str, ...] = ("title", "quality", "topics", "provider", "provider.name")
FIELDS += ("images.url", "published", "publishedDateTime", "Title", "nothing", "score")

texts = st.text(alphabet=LETTERS, max_size=6)
numbers = st.one_of(
    st.integers(-5, 60), st.floats(-5, 60, allow_nan=False).map(lambda f: round(f, 1))
)
zones = st.sampled_from([None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=-5))])
datetimes = st.builds(
    lambda day, hour, zone: dt.datetime.combine(day, dt.time(hour), zone),
    st.dates(dt.date(2021, 8, 25), dt.date(2021, 9, 20)),
    st.integers(0, 23),
    zones,
)
dates = st.one_of(
    datetimes,
    st.dates(dt.date(2021, 8, 25), dt.date(2021, 9, 20)),
    datetimes.map(lambda d: d.isoformat()),
    st.none(),
    st.just("not a date"),
)
values: st.SearchStrategy[Any] = st.one_of(texts, numbers, st.none(), st.booleans())


@st.composite
def records(draw: st.DrawFn) -> Record:
    data: dict[str, Any] = {}
    optional = {
        "title": texts,
        "quality": st.one_of(numbers, numbers.map(str), st.none()),
        "topics": st.one_of(st.lists(texts, max_size=3), texts),
        "provider": st.fixed_dictionaries({"name": texts}, optional={"domain": texts}),
        "publishedDateTime": dates,
        "published": st.one_of(st.booleans(), st.none(), st.just("false")),
        "images": st.lists(st.fixed_dictionaries({"url": texts, "width": numbers}), max_size=2),
        "score": st.one_of(values, st.lists(values, max_size=3)),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    error = draw(st.sampled_from([None, None, None, "broken"]))
    article = Article(Path("a.md"), b"", None, {} if error else data, error=error)
    return Record.from_article(article, modified=draw(st.booleans()), duplicate=draw(st.booleans()))


def _value_text(text: str) -> str:
    return quote(text)


@st.composite
def terms(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["word", "phrase", "field", "number", "range", "date", "state"]))
    if kind == "word":
        return draw(st.text(alphabet="abcéAÉß", min_size=1, max_size=4))
    if kind == "phrase":
        return quote(draw(texts))
    field = draw(st.sampled_from(FIELDS))
    if kind == "field":
        op = draw(st.sampled_from(["", "=", "~"]))
        if op == "~":
            return f"{field}:~{quote(draw(st.sampled_from(['^a', 'b$', 'é', '[0-9]+', '.'])))}"
        return f"{field}:{op}{_value_text(draw(texts))}"
    if kind == "number":
        op = draw(st.sampled_from(["", "=", ">", ">=", "<", "<="]))
        return f"{field}:{op}{draw(st.integers(-5, 60))}"
    if kind == "range":
        low, high = draw(st.integers(-5, 60)), draw(st.integers(-5, 60))
        return f"{field}:{draw(st.sampled_from([f'{low}..{high}', f'{low}..', f'..{high}']))}"
    if kind == "date":
        op = draw(st.sampled_from(["", "=", ">", ">=", "<", "<="]))
        when = draw(
            st.sampled_from(
                ["2021", "2021-09", "2021-09-08", "today", "yesterday", "7daysago", "1weekago"]
            )
        )
        field = draw(st.sampled_from(["date", "publishedDateTime"]))
        return f"{field}:{op}{when}"
    prefix = draw(st.sampled_from(["is", "has", "missing"]))
    if prefix == "is":
        return f"is:{draw(st.sampled_from(IS_VALUES))}"
    return f"{prefix}:{field}"


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: f"{p[0]} {p[1]}"),
        pair.map(lambda p: f"{p[0]} and {p[1]}"),
        pair.map(lambda p: f"({p[0]} or {p[1]})"),
        children.map(lambda c: f"-({c})"),
        children.map(lambda c: f"not {c}"),
    )


queries = st.recursive(terms(), _combine, max_leaves=6)


def _parse(text: str) -> Query:
    return parse(text, now=NOW)


@settings(max_examples=300, deadline=None)
@given(queries, st.lists(records(), min_size=1, max_size=8))
def test_not_matches_exactly_the_complement(text: str, items: list[Record]) -> None:
    query = _parse(text)
    negated = _parse(f"not ({text})")
    minus = _parse(f"-({text})")
    matched = [query.matches(r) for r in items]
    assert [negated.matches(r) for r in items] == [not m for m in matched]
    assert [minus.matches(r) for r in items] == [not m for m in matched]


@settings(max_examples=300, deadline=None)
@given(queries, st.lists(records(), min_size=1, max_size=8))
def test_normalized_text_matches_the_same_records(text: str, items: list[Record]) -> None:
    query = _parse(text)
    again = _parse(query.normalized)
    assert again.tree == query.tree
    assert [again.matches(r) for r in items] == [query.matches(r) for r in items]


@settings(max_examples=200, deadline=None)
@given(queries, queries, st.lists(records(), min_size=1, max_size=8))
def test_and_or_agree_with_python(first: str, second: str, items: list[Record]) -> None:
    a, b = _parse(first), _parse(second)
    both = _parse(f"({first}) ({second})")
    either = _parse(f"({first}) or ({second})")
    for item in items:
        assert both.matches(item) == (a.matches(item) and b.matches(item))
        assert either.matches(item) == (a.matches(item) or b.matches(item))


@settings(max_examples=200, deadline=None)
@given(queries, terms(), st.lists(records(), min_size=1, max_size=8))
def test_a_narrowing_search_matches_a_subset(text: str, extra: str, items: list[Record]) -> None:
    wide = _parse(text)
    for narrow_text in (f"{text} {extra}", f"({text}) {extra}"):
        narrow = _parse(narrow_text)
        if narrow.narrows(wide):
            assert all(wide.matches(r) for r in items if narrow.matches(r))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_text_parses_or_raises_a_query_error_inside_the_text(text: str) -> None:
    from reviewer.core.query import QueryError

    try:
        query = parse(text, now=NOW)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text)
        assert exc.position + exc.length <= max(len(text), exc.position + 1)
        assert str(exc)
    else:
        query.matches(Record({"title": text}, title=text))
