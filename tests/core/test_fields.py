"""The field registry: its declarations are consistent, its readers typed, its checks clear."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from reviewer.core import fields
from reviewer.core.fields import FIELDS, Field, Kind

UTC = dt.timezone.utc


def test_each_field_is_declared_once_with_unique_places() -> None:
    paths = [f.path for f in FIELDS]
    assert len(set(paths)) == len(paths)
    searches = [f.search for f in FIELDS if f.search]
    assert len(set(searches)) == len(searches)
    for places in (
        [f.column.position for f in FIELDS if f.column],
        [f.column.name for f in FIELDS if f.column],
        [f.facet.order for f in FIELDS if f.facet],
        [f.output.order for f in FIELDS if f.output],
        [f.output.name for f in FIELDS if f.output],
    ):
        assert len(set(places)) == len(places)


def test_lookups() -> None:
    name = fields.by_key("provider.name")
    assert name is fields.by_key(("provider", "name"))
    assert (name.name, name.label, name.kind) == ("provider.name", "Provider name", Kind.TEXT)
    assert fields.find("nope") is None
    with pytest.raises(KeyError):
        fields.by_key("nope")
    assert [f.column.position for f in fields.columns() if f.column] == list(range(9))
    assert [f.search for f in fields.facets()] == [
        "category",
        "topics",
        "provider.name",
        "type",
        "date",
    ]
    assert [f.output.name for f in fields.outputs() if f.output] == [
        "title",
        "published",
        "publishedDateTime",
        "category",
        "provider",
        "topics",
        "quality",
        "heat",
        "type",
    ]
    editable = [f.name for f in fields.editable()]
    assert editable[:2] == ["published", "title"]
    assert "secured" not in editable and "images" not in editable
    assert all(f in fields.form() for f in fields.editable())
    assert "date" in fields.search_names() and "publishedDateTime" not in fields.search_names()


@pytest.mark.parametrize(
    ("key", "data", "expected"),
    [
        ("title", {"title": "A"}, "A"),
        ("title", {"title": 2021}, ""),
        ("title", {}, ""),
        ("published", {"published": True}, True),
        ("published", {"published": "false"}, True),  # Jekyll's reading: text publishes
        ("published", {"published": None}, False),
        ("published", {}, True),
        ("quality", {"quality": 40}, 40),
        ("quality", {"quality": True}, None),
        ("quality", {"quality": "40"}, None),
        (
            "publishedDateTime",
            {"publishedDateTime": dt.date(2021, 9, 20)},
            dt.datetime(2021, 9, 20),
        ),
        ("publishedDateTime", {"publishedDateTime": "Sep 20, 2021"}, dt.datetime(2021, 9, 20)),
        ("topics", {"topics": ["AI", 3, True, None, {"a": 1}]}, ["AI", "3"]),
        ("topics", {"topics": "AI"}, []),
        ("provider.name", {"provider": {"name": "The Verge"}}, "The Verge"),
        ("provider.name", {"provider": "The Verge"}, ""),
        ("provider.name", {"provider": None}, ""),
        ("images", {"images": [{"url": "u"}, "x"]}, [{"url": "u"}]),
    ],
)
def test_read_is_typed_by_kind(key: str, data: dict[str, Any], expected: Any) -> None:
    assert fields.by_key(key).read(data) == expected


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("published", True),
        ("published", None),
        ("quality", 40),
        ("quality", 4.5),
        ("title", "A title"),
        ("publishedDateTime", dt.datetime(2021, 9, 20, 16, 44, tzinfo=UTC)),
        ("publishedDateTime", dt.datetime(2021, 9, 20, 16, 44)),
        ("publishedDateTime", dt.date(2021, 9, 20)),
        ("publishedDateTime", "2021-09-20T16:44:00Z"),
        ("publishedDateTime", "Mon, 20 Sep 2021 16:44:00 +0200"),
        ("webUrl", "https://example.org/a"),
        ("webUrl", "HTTP://example.org"),
        ("webUrl", ""),
        ("topics", []),
        ("topics", ["AI", "Power Apps"]),
        ("images", [{"url": "https://example.org/a.png"}]),
    ],
)
def test_problem_accepts_values_of_the_kind(key: str, value: Any) -> None:
    assert fields.by_key(key).problem(value) is None


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("published", "true", "published must be true or false, not the text 'true'."),
        ("published", 1, "published must be true or false, not the number 1."),
        ("quality", True, "quality must be a number, not true."),
        ("quality", "40", "quality must be a number, not the text '40'."),
        ("quality", float("nan"), "quality must be a finite number, not the number nan."),
        ("title", ["A"], "title must be text, not a list."),
        ("provider.name", {"a": 1}, "provider.name must be text, not a mapping."),
        (
            "publishedDateTime",
            "Sep 20, 2021 4:44 PM",
            "publishedDateTime must be a date, or a date and time with its offset"
            " (2021-09-20T16:44:00+00:00), not the text 'Sep 20, 2021 4:44 PM'.",
        ),
        (
            "publishedDateTime",
            "soon",
            "publishedDateTime must be a date, or a date and time with its offset"
            " (2021-09-20T16:44:00+00:00), not the text 'soon'.",
        ),
        ("webUrl", "ftp://example.org", "webUrl must be an http:// or https:// address,"),
        ("webUrl", "https://", "webUrl must be an http:// or https:// address,"),
        ("webUrl", " https://example.org", "webUrl must be an http:// or https:// address,"),
        ("webUrl", 3, "webUrl must be an http:// or https:// address, not the number 3."),
        ("topics", "AI", "topics must be a list of text, not the text 'AI'."),
        ("topics", ["AI", 3], "topics must be a list of text, not a list."),
        ("related", [1], "related must be a list of mappings, not a list."),
    ],
)
def test_problem_names_the_field_the_value_and_what_is_expected(
    key: str, value: Any, message: str
) -> None:
    problem = fields.by_key(key).problem(value)
    assert problem is not None and problem.startswith(message)


def test_problem_cuts_long_text() -> None:
    problem = fields.by_key("quality").problem("x" * 500)
    assert problem is not None and len(problem) < 100 and problem.endswith("…'.")


def test_a_field_is_plain_data() -> None:
    made = Field(("subtitle",), "Subtitle", Kind.TEXT, search="subtitle")
    assert made == Field(("subtitle",), "Subtitle", Kind.TEXT, search="subtitle")
    assert made.read({"subtitle": "S"}) == "S"
    assert made.editable and made.summary and made.column is None
    assert made.sort is fields.Sort.TEXT and fields.by_key("heat").sort is fields.Sort.NUMBER


def test_the_index_cache_stamp_holds_the_summary_shape() -> None:
    """Caches made before a change to the registry's summary fields are rebuilt."""
    from reviewer.core.article import SUMMARY_SHAPE
    from reviewer.core.folder.index import STAMP

    assert STAMP.endswith(f"; summary {SUMMARY_SHAPE}") and len(SUMMARY_SHAPE) == 8
