"""The typed accessors of Article: dates in any form, and fields of the wrong type."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from core_support import article_from, fixture_bytes

from reviewer.core import store
from reviewer.core.article import Article
from reviewer.core.dates import to_datetime


def _article(data: dict[str, Any]) -> Article:
    return Article(Path("a.md"), b"", None, data)


UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            dt.datetime(2021, 9, 20, 16, 44, tzinfo=UTC),
            dt.datetime(2021, 9, 20, 16, 44, tzinfo=UTC),
        ),
        (dt.datetime(2021, 9, 20, 16, 44), dt.datetime(2021, 9, 20, 16, 44)),
        (dt.date(2021, 9, 20), dt.datetime(2021, 9, 20)),
        ("Sep 20, 2021 4:44 PM", dt.datetime(2021, 9, 20, 16, 44)),
        ("September 20, 2021", dt.datetime(2021, 9, 20)),
        ("2021-09-20T16:44:00Z", dt.datetime(2021, 9, 20, 16, 44, tzinfo=UTC)),
        ("Mon, 20 Sep 2021 16:44:00 +0000", dt.datetime(2021, 9, 20, 16, 44, tzinfo=UTC)),
    ],
)
def test_published_at_reads_many_forms(value: object, expected: dt.datetime) -> None:
    assert _article({"publishedDateTime": value}).published_at == expected


@pytest.mark.parametrize(
    "value", ["garbage", "", "   ", "2021-13-45", "x" * 5000, None, 17, 1.5, True, [], {}, ["x"]]
)
def test_published_at_garbage_is_none(value: object) -> None:
    assert _article({"publishedDateTime": value}).published_at is None


@pytest.mark.parametrize(
    "value", ["Sep 20, 2021 4:44 PM XYZ", "Mon, 20 Sep 2021 16:44:00 EST", "2021-09-20 16:44 CEST"]
)
def test_unknown_zone_names_do_not_warn(value: str) -> None:
    # filterwarnings=error: dateutil's UnknownTimezoneWarning would fail this test.
    when = to_datetime(value)
    assert when is not None
    assert (when.year, when.month, when.day, when.hour, when.minute) == (2021, 9, 20, 16, 44)


def test_published_at_missing() -> None:
    assert _article({}).published_at is None


def test_accessors_on_a_real_looking_article() -> None:
    article = article_from(fixture_bytes("news-plain.md"))
    assert article.title == "Lighthouse keepers gather for the autumn count"
    assert article.category == "news"
    assert article.type == "article"
    assert article.original_url == "https://example.org/lighthouses/autumn-count"
    assert article.published is True
    assert article.published_at == dt.datetime(2021, 9, 20, 16, 44, tzinfo=UTC)
    assert article.quality == 72
    assert article.heat == 15
    assert article.provider_name == "Coastal Gazette"
    assert article.provider_domain == "example.org"
    assert article.topics == ["Lighthouses", "Volunteering"]
    assert article.images[0]["width"] == 1280
    assert article.secured.startswith("AbCdEf")
    assert article.has_front_matter


def test_string_date_fixture() -> None:
    article = article_from(fixture_bytes("string-date.md"))
    assert article.published_at == dt.datetime(2021, 9, 20, 16, 44)


WRONG_TYPES: dict[str, Any] = {
    "title": 123,
    "excerpt": ["a"],
    "category": None,
    "type": {"x": 1},
    "originalUrl": 1.5,
    "webUrl": True,
    "secured": 7,
    "published": "yes",
    "publishedDateTime": [2021],
    "quality": "high",
    "heat": True,
    "provider": ["Coastal Gazette"],
    "topics": "Lighthouses",
    "images": "lamp.jpg",
    "related": {"title": "x"},
}


def test_wrong_typed_fields_do_not_crash() -> None:
    article = _article(WRONG_TYPES)
    assert article.title == ""
    assert article.excerpt == ""
    assert article.category == ""
    assert article.type == ""
    assert article.original_url == ""
    assert article.web_url == ""
    assert article.secured == ""
    assert article.published is True  # the text "yes": Jekyll publishes it
    assert article.published_at is None
    assert article.quality is None
    assert article.heat is None
    assert article.provider == {}
    assert article.provider_name == ""
    assert article.provider_domain == ""
    assert article.topics == []
    assert article.images == []
    assert article.related == []


def test_wrong_typed_items_inside_collections() -> None:
    article = _article(
        {
            "provider": {"name": ["x"], "domain": 3},
            "topics": ["a", 2, None, True, {"x": 1}, ["y"], 1.5],
            "images": ["x", {"url": "u"}, None],
            "related": [1, {"title": "t"}],
        }
    )
    assert article.provider_name == ""
    assert article.provider_domain == ""
    assert article.topics == ["a", "2", "1.5"]
    assert article.images == [{"url": "u"}]
    assert article.related == [{"title": "t"}]


def test_wrong_types_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "odd.md"
    path.write_text(
        "---\ntitle: 2021\npublished: maybe\nquality: 9.5\ntopics: x\nprovider: 3\n"
        "publishedDateTime: not a date\n---\n",
        encoding="utf-8",
    )
    article = store.read_article(path)
    assert article.error is None
    assert (article.title, article.published, article.quality) == ("", True, None)
    assert (article.topics, article.provider, article.published_at) == ([], {}, None)


def test_no_front_matter_article(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_bytes(b"Just a body.\n")
    article = store.read_article(path)
    assert article.error is None
    assert not article.has_front_matter
    assert article.data == {}
    assert article.title == ""


def test_bad_front_matter_article_keeps_error_and_raw(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    raw = b"---\ntitle: [\n---\n"
    path.write_bytes(raw)
    article = store.read_article(path)
    assert article.error is not None
    assert article.raw == raw
    assert article.has_front_matter


def test_unreadable_path_gives_an_error(tmp_path: Path) -> None:
    article = store.read_article(tmp_path / "missing.md")
    assert article.error == "the file does not exist"
    folder = store.read_article(tmp_path)
    assert folder.error is not None
