"""Matching searches against records: words, fields, lists, numbers, dates, states."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from reviewer.core.article import Article
from reviewer.core.query import Record, parse

UTC = dt.timezone.utc


NOW = dt.datetime(2021, 9, 15, 12, 0, tzinfo=UTC)


def record(data: dict[str, Any], **flags: Any) -> Record:
    """The record of an article holding ``data``."""
    error = flags.pop("error", None)
    article = Article(Path("a.md"), b"", None, data, error=error)
    return Record.from_article(article, **flags)


POWER = record(
    {
        "title": "Power Apps: what's new in Café mode",
        "excerpt": "The   Straße of low-code",
        "category": "news",
        "type": "video",
        "published": True,
        "publishedDateTime": dt.datetime(2021, 9, 8, 21, 0, 10, tzinfo=UTC),
        "quality": 137,
        "heat": 7,
        "provider": {"name": "Microsoft", "domain": "microsoft.com"},
        "topics": ["Power Apps", "AI Builder"],
        "images": [
            {"url": "https://i.ytimg.com/a.jpg", "width": 1280, "isCached": True},
            {"url": "https://example.com/b.png", "width": 640},
        ],
        "webUrl": "https://example.com/power",
        "Extra": {"Nested": {"Deep": "Treasure"}},
        "score": "42",
    }
)


DRAFT = record(
    {
        "title": "Draft about ARN",
        "published": False,
        "publishedDateTime": "2021-09-14",
        "quality": 40,
        "provider": {"name": "ARN", "domain": "arn.com.au"},
        "topics": "single topic",
        "images": [],
        "webUrl": "",
    }
)


BARE = record({"title": "No state at all", "webUrl": None})


BROKEN = record({}, error="invalid YAML at line 2")


EDITED = record({"title": "Edited and duplicated"}, modified=True, duplicate=True)


ALL = {"power": POWER, "draft": DRAFT, "bare": BARE, "broken": BROKEN, "edited": EDITED}


def matching(text: str) -> set[str]:
    query = parse(text, now=NOW)
    return {name for name, rec in ALL.items() if query.matches(rec)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {"power", "draft", "bare", "broken", "edited"}),
        ("power", {"power"}),
        ("POWER apps", {"power"}),
        ("cafe", {"power"}),
        ("CAFÉ", {"power"}),
        ("strasse", {"power"}),
        ('"the straße of"', {"power"}),  # whitespace collapsed on both sides
        ('"apps: what"', {"power"}),
        ("microsoft", {"power"}),  # provider name
        ("builder", {"power"}),  # topics
        ("single", {"draft"}),  # a topics value that is not a list
        ("ytimg", set()),  # bare words do not look in other fields
        ('"apps microsoft"', set()),  # a phrase does not span two fields
        ("draft or state", {"draft", "bare"}),
        ("-power", {"draft", "bare", "broken", "edited"}),
        ("not power and not draft", {"bare", "broken", "edited"}),
        ("(draft or power) arn", {"draft"}),
        ("draft or power arn", {"draft"}),
    ],
)
def test_bare_words(text: str, expected: set[str]) -> None:
    assert matching(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title:what", {"power"}),
        ("title:=draft", set()),
        ('title:="Draft about arn"', {"draft"}),
        ("TITLE:draft", {"draft"}),  # no key "TITLE": the key "title", ignoring case
        ("category:=NEWS", {"power"}),
        ("provider:microsoft", {"power"}),  # a mapping: any value inside it
        ("provider.domain:arn", {"draft"}),
        ("provider.domain:=arn.com.au", {"draft"}),
        ("PROVIDER.Name:=arn", {"draft"}),
        ("extra.nested.deep:treasure", {"power"}),
        ("extra.nested.deep.more:treasure", set()),
        ("provider.nothing:x", set()),
        ("topics:=ai builder", set()),  # two terms: "topics:=ai" and the word "builder"
        ('topics:="ai builder"', {"power"}),  # any element equals
        ("topics:=ai", set()),
        ("topics:build", {"power"}),  # any element contains
        ("topics:=single topic", set()),
        ('topics:="single topic"', {"draft"}),
        ("images.url:ytimg", {"power"}),  # dotted keys reach into lists of mappings
        ("images:ytimg", {"power"}),
        ("images.width:=640", {"power"}),
        ("images.width:>1000", {"power"}),
        ("images.isCached:true", {"power"}),
        ("published:true", {"power"}),
        ("published:=false", {"draft"}),
        ("webUrl:example", {"power"}),
        ("nosuchkey:x", set()),
        ('title:""', {"power", "draft", "bare", "edited"}),
        ('webUrl:=""', {"draft", "bare"}),  # empty text and null both read as ""
    ],
)
def test_field_terms(text: str, expected: set[str]) -> None:
    assert matching(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title:~^power", {"power"}),
        ("title:~^POWER", {"power"}),  # ignores case
        ("title:~café", {"power"}),  # sees the text as written
        ("title:~cafe", set()),
        ('title:~"\\bARN$"', {"draft"}),
        ("topics:~^ai", {"power"}),
        ("quality:~^1\\d\\d$", {"power"}),
        ("publishedDateTime:~^2021-09-14", {"draft"}),
        ("publishedDateTime:~^2021-09-08T21", {"power"}),  # a timestamp as ISO text
        ("title:~(draft|state)", {"draft", "bare"}),
    ],
)
def test_regex(text: str, expected: set[str]) -> None:
    assert matching(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quality:>40", {"power"}),
        ("quality:>=40", {"power", "draft"}),
        ("quality:<40", set()),
        ("quality:<=40", {"draft"}),
        ("quality:30..50", {"draft"}),
        ("quality:40..137", {"power", "draft"}),
        ("quality:138..", set()),
        ("quality:..40", {"draft"}),
        ("quality:=40", {"draft"}),
        ("quality:=40.0", {"draft"}),
        ("quality:40", {"draft"}),  # a number value equals, it does not contain
        ("quality:4", set()),
        ("quality:13", set()),
        ("heat:<=10", {"power"}),
        ("score:>41.5", {"power"}),  # text that is a number compares as one
        ("score:42", {"power"}),  # ... and, being text, is searched as text too
        ("score:4", {"power"}),
        ("-quality:>40", {"draft", "bare", "broken", "edited"}),
    ],
)
def test_numbers(text: str, expected: set[str]) -> None:
    assert matching(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date:2021", {"power", "draft"}),
        ("date:2021-09", {"power", "draft"}),
        ("date:2021-08", set()),
        ("date:2021-09-08", {"power"}),
        ("date:2021-09-14", {"draft"}),
        ("date:yesterday", {"draft"}),
        ("date:today", set()),
        ("date:7daysago", {"power"}),
        ("date:1weekago", {"power"}),
        ("date:<7daysago", set()),
        ("date:<=7daysago", {"power"}),
        ("date:>7daysago", {"draft"}),
        ("date:>=2021-09-09", {"draft"}),
        ("date:<2021-09-09", {"power"}),
        ("date:2021-09-01..2021-09-08", {"power"}),
        ("date:2021-09-08..2021-09-14", {"power", "draft"}),
        ("date:..2021-09-07", set()),
        ("-date:2021", {"bare", "broken", "edited"}),
        ("publishedDateTime:>=2021-09-10", {"draft"}),
        ("publisheddatetime:2021-09-08", {"power"}),  # contains, in the ISO text
    ],
)
def test_dates(text: str, expected: set[str]) -> None:
    assert matching(text) == expected


def test_a_date_is_compared_on_the_day_it_was_written_in_its_own_zone() -> None:
    late = dt.datetime(2021, 9, 8, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    east = record({"publishedDateTime": late})
    assert parse("date:2021-09-08").matches(east)  # 2021-09-09 04:30 in UTC
    assert not parse("date:2021-09-09").matches(east)
    naive = record({"publishedDateTime": dt.datetime(2021, 9, 8, 23, 59)})
    assert parse("date:2021-09-08").matches(naive)
    text = record({"publishedDateTime": "Sep 8, 2021 11:30 PM"})
    assert parse("date:2021-09-08").matches(text)
    assert parse("date:2021-09").matches(record({"publishedDateTime": dt.date(2021, 9, 30)}))
    assert not parse("date:2021").matches(record({"publishedDateTime": "not a date"}))
    assert not parse("date:2021").matches(record({"publishedDateTime": 2021}))


def test_date_today_follows_now() -> None:
    item = record({"publishedDateTime": dt.datetime(2024, 2, 29, 8, 0, tzinfo=UTC)})
    assert parse("date:today", now=dt.date(2024, 2, 29)).matches(item)
    assert parse("date:yesterday", now=dt.date(2024, 3, 1)).matches(item)
    assert parse("date:<7daysago", now=dt.date(2024, 3, 8)).matches(item)
    assert not parse("date:<7daysago", now=dt.date(2024, 3, 7)).matches(item)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is:published", {"power", "bare", "edited"}),  # no published key: Jekyll's default
        ("is:unpublished", {"draft", "broken"}),
        ("is:modified", {"edited"}),
        ("is:error", {"broken"}),
        ("is:duplicate", {"edited"}),
        ("is:published or is:error", {"power", "bare", "edited", "broken"}),
        ("has:images", {"power"}),  # DRAFT's list is empty
        ("missing:images", {"draft", "bare", "broken", "edited"}),
        ("missing:webUrl", {"draft", "bare", "broken", "edited"}),  # "", null, absent
        ("has:weburl", {"power"}),
        ("has:provider.domain", {"power", "draft"}),
        ("has:images.url", {"power"}),
        ("has:extra", {"power"}),
        ("missing:published", {"bare", "broken", "edited"}),
    ],
)
def test_states_has_missing(text: str, expected: set[str]) -> None:
    assert matching(text) == expected


def test_exact_key_wins_over_a_key_differing_in_case() -> None:
    item = record({"Title": "upper", "title": "lower"})
    assert parse("Title:=upper").matches(item)
    assert parse("title:=lower").matches(item)
    assert parse("TITLE:=upper").matches(item)  # no exact key: the first in the file


def test_a_key_with_a_dot_is_found_before_nesting() -> None:
    item = record({"og.title": "dotted", "og": {"title": "nested"}})
    assert parse("og.title:=dotted").matches(item)
    assert not parse("og.title:=nested").matches(item)
    assert parse("og:nested").matches(item)


def test_values_of_every_type_are_searchable_as_text() -> None:
    item = record(
        {
            "when": dt.date(2021, 9, 1),
            "at": dt.time(10, 30),
            "ratio": 0.5,
            "flag": False,
            "nothing": None,
            "blob": b"\x00\x01",
            "nan": float("nan"),
            "big": 10**400,
        }
    )
    assert parse("when:2021-09").matches(item)
    assert parse("at:10:30").matches(item)
    assert parse("ratio:=0.5").matches(item)
    assert parse("ratio:<1").matches(item)
    assert parse("flag:=false").matches(item)
    assert parse('nothing:=""').matches(item)
    assert parse("blob:=aae=").matches(item)  # base64, as the JSON output shows it
    assert not parse("nan:>0").matches(item)
    assert not parse("nan:<=0").matches(item)
    assert not parse("big:>0").matches(item)  # too large for a float: not a number
    assert parse("big:~^1000").matches(item)


def test_record_fields() -> None:
    assert POWER.published is True
    assert POWER.published_at == dt.datetime(2021, 9, 8, 21, 0, 10, tzinfo=UTC)
    assert POWER.published_date == dt.date(2021, 9, 8)
    assert POWER.title_folded == "power apps: what's new in cafe mode"
    assert POWER.text.split("\n") == [
        "power apps: what's new in cafe mode",
        "the strasse of low-code",
        "microsoft",
        "power apps",
        "ai builder",
    ]
    assert DRAFT.published is False and DRAFT.published_date == dt.date(2021, 9, 14)
    assert BARE.published is True and BARE.published_at is None
    assert BROKEN.error == "invalid YAML at line 2"
    assert (EDITED.modified, EDITED.duplicate) == (True, True)
    assert repr(BARE) == "<Record 'no state at all'>"


def test_filter_keeps_order() -> None:
    records = list(ALL.values())
    assert parse("is:unpublished").filter(records) == [DRAFT, BROKEN]


def test_has_looks_inside_lists_and_mappings() -> None:
    blank = record({"topics": ["", None, "  "], "provider": {"name": ""}, "images": [{}]})
    assert parse("missing:topics missing:provider missing:images").matches(blank)
    full = record({"topics": [0], "provider": {"name": "x"}, "images": [{"url": "u"}], "f": False})
    assert parse("has:topics has:provider has:images has:f").matches(full)


@pytest.mark.parametrize(
    "text", ["power", "power apps", '"power apps"', "café", "a b c", "title:power", "zzz"]
)
def test_mask_is_the_search_applied_to_each_record(text: str) -> None:
    titles = ["Power Apps", "power automate", "Café apps", "Other", "A B C", "apps power"]
    records = [record({"title": title}) for title in titles]
    query = parse(text)
    assert query.mask(records) == [query.matches(r) for r in records]
    assert query.mask(iter(records)) == [query.match(r) for r in records]
