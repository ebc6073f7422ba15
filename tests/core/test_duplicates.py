"""Duplicate detection: URL and title normalization, pairing rules, groups, the live index."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from core_support import CORPUS, article_from, derived_store
from rapidfuzz import fuzz

from reviewer.core.duplicates import (
    INDIRECT,
    DupInput,
    DuplicateGroups,
    DuplicateIndex,
    Groups,
    find_duplicates,
)
from reviewer.core.duplicates.similarity import (
    TitleNumbers,
    length_span,
    normalize_title,
    normalize_url,
    numbers_differ,
    timestamp,
    title_numbers,
)
from reviewer.core.folder.scan import scan

DAY0 = dt.datetime(2021, 8, 24, 9, 30, tzinfo=dt.timezone.utc)
TITLE = "Microsoft Power Apps misconfiguration exposes 38 million records"


def item(
    key: int | str,
    title: str = "",
    *,
    url: str = "",
    web: str = "",
    provider: str = "",
    day: float | None = 0,
) -> DupInput:
    """An input published ``day`` days after DAY0 (None: no date)."""
    when = None if day is None else DAY0 + dt.timedelta(days=day)
    return DupInput(key, title, url, web, provider, when)


def group_sets(groups: Groups) -> set[frozenset[int | str]]:
    return {frozenset(members) for members in groups.members.values()}


# -- URL normalization ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://Example.COM/story", "http://example.com/story"),
        ("https://www.example.com/story/", "https://example.com/story"),
        ("https://example.com/story#comments", "https://example.com/story"),
        ("https://example.com:443/story", "https://example.com/story"),
        ("https://user@example.com/story", "https://example.com/story"),
        ("https://example.com/story?utm_source=rss&utm_medium=feed", "https://example.com/story"),
        ("https://example.com/story?fbclid=x&gclid=y&ocid=z", "https://example.com/story"),
        ("https://example.com/story?b=2&a=1", "https://example.com/story?a=1&b=2"),
        ("https://example.com/s?id=7&UTM_Campaign=x", "https://example.com/s?id=7"),
        ("  example.com/story  ", "https://example.com/story"),
    ],
)
def test_urls_that_name_the_same_story(a: str, b: str) -> None:
    assert normalize_url(a) is not None
    assert normalize_url(a) == normalize_url(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.com/story?id=7", "https://example.com/story?id=8"),
        ("https://example.com/Story", "https://example.com/story"),  # paths are case-sensitive
        ("https://example.com/story", "https://example.org/story"),
        ("https://example.com:8080/story", "https://example.com/story"),
        ("https://news.example.com/story", "https://example.com/story"),
        ("ftp://example.com/story", "https://example.com/story"),
    ],
)
def test_urls_that_differ(a: str, b: str) -> None:
    assert normalize_url(a) != normalize_url(b)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "N/A",
        "localhost/story",
        "https://example.com",
        "https://www.example.com/",
        "https://example.com/?utm_source=x",
        "http://[::1/story",
        "https://example.com:99999/x",
    ],
)
def test_urls_that_cannot_identify_a_story(url: str) -> None:
    assert normalize_url(url) is None


# -- title normalization -------------------------------------------------------------------


def test_titles_lose_case_accents_punctuation_and_extra_spaces() -> None:
    assert normalize_title("  Café: ÉTÉ —  “Power” Apps!!  ") == "cafe ete power apps"
    assert normalize_title("Straße_2021") == "strasse 2021"


@pytest.mark.parametrize(
    ("title", "provider", "expected"),
    [
        ("Big story - Reuters", "Reuters", "big story"),
        ("Big story | ZDNet", "ZDNet", "big story"),
        ("Big story – zdnet.com", "ZDNet", "big story"),
        ("Big story — ZDNet", "zdnet.com", "big story"),
        ("Big story - Reuters", "Neowin", "big story reuters"),  # not this item's provider
        ("Big story - Reuters", "", "big story reuters"),
        ("Reuters", "Reuters", "reuters"),
        ("Power Apps | 2020 release wave 1", "Microsoft", "power apps 2020 release wave 1"),
        ("A - B - Microsoft", "Microsoft", "a b"),
    ],
)
def test_a_trailing_provider_name_is_dropped(title: str, provider: str, expected: str) -> None:
    assert normalize_title(title, provider) == expected


def test_length_span_is_exact_for_ratio() -> None:
    rnd = random.Random(3)
    for _ in range(2000):
        a = "x" * rnd.randint(1, 60)
        b = "x" * rnd.randint(1, 60)
        cutoff = rnd.choice([50, 80, 90, 97, 100])
        low, high = length_span(len(a), cutoff)
        assert (fuzz.ratio(a, b) >= cutoff) == (low <= len(b) <= high)


def test_timestamps_take_a_date_without_zone_as_utc() -> None:
    naive = dt.datetime(2021, 1, 1, 12)
    assert timestamp(naive) == timestamp(naive.replace(tzinfo=dt.timezone.utc))
    assert timestamp(None) is None
    assert timestamp(dt.datetime.min) is not None


# -- pairing rules -------------------------------------------------------------------------


def test_same_url_with_different_titles_is_a_duplicate() -> None:
    groups = find_duplicates(
        [
            item(1, "First title here", url="https://a.com/x?utm_source=rss", provider="A"),
            item(2, "Something else entirely", url="http://www.a.com/x/", provider="A", day=400),
            item(3, "Third one", url="https://a.com/y"),
        ]
    )
    assert group_sets(groups) == {frozenset({1, 2})}
    assert groups.reasons[1] == {2: "same originalUrl"}


def test_url_reasons_name_the_fields() -> None:
    groups = find_duplicates(
        [
            item(1, url="https://a.com/1", web="https://a.com/1"),
            item(2, url="https://a.com/1", web="https://a.com/1"),
            item(3, web="https://a.com/3"),
            item(4, web="https://a.com/3"),
            item(5, url="https://a.com/5"),
            item(6, web="https://a.com/5"),
        ]
    )
    assert groups.reasons[1] == {2: "same originalUrl and webUrl"}
    assert groups.reasons[3] == {4: "same webUrl"}
    assert groups.reasons[5] == {6: "same URL"}


def test_near_identical_titles_from_different_providers_on_nearby_days() -> None:
    groups = find_duplicates(
        [
            item(1, TITLE, provider="Neowin", day=0),
            item(
                2,
                "Microsoft Power Apps misconfigurations expose 38 million records",
                provider="ZDNet",
                day=2.5,
            ),
            item(3, "An unrelated story about spreadsheets today", provider="ZDNet", day=1),
        ]
    )
    assert group_sets(groups) == {frozenset({1, 2})}
    assert groups.reasons[1] == {2: "similar title (98%)"}
    assert groups.reasons[2] == {1: "similar title (98%)"}
    assert groups.is_duplicate(1)
    assert not groups.is_duplicate(3)


def test_same_provider_is_not_a_duplicate_by_title() -> None:
    groups = find_duplicates(
        [item(1, TITLE, provider="Neowin"), item(2, TITLE + "!", provider=" neowin ")]
    )
    assert len(groups) == 0


def test_one_provider_missing_still_matches() -> None:
    groups = find_duplicates([item(1, TITLE, provider="Neowin"), item(2, TITLE, day=1)])
    assert group_sets(groups) == {frozenset({1, 2})}


def test_dates_further_apart_than_the_window_do_not_match() -> None:
    items = [item(1, TITLE, provider="A", day=0), item(2, TITLE, provider="B", day=3.01)]
    assert len(find_duplicates(items)) == 0
    assert len(find_duplicates(items, days=4)) == 1
    assert len(find_duplicates([items[0], item(2, TITLE, provider="B", day=-3)])) == 1


def test_the_window_compares_instants_across_time_zones() -> None:
    plus9 = dt.timezone(dt.timedelta(hours=9))
    a = DupInput(1, TITLE, provider="A", published_at=dt.datetime(2021, 1, 4, 8, tzinfo=plus9))
    b = DupInput(2, TITLE, provider="B", published_at=dt.datetime(2021, 1, 1, 0))  # naive: UTC
    assert len(find_duplicates([a, b])) == 1  # 2 days 23 hours apart
    assert len(find_duplicates([a, b], days=2.9)) == 0


def test_missing_dates_need_a_higher_score() -> None:
    close = "Microsoft Power Apps misconfigurations expose 38 million records"  # 98%
    closer = "Microsoft Power Apps misconfiguration exposes 38 million record"  # 99%
    looser = "Microsoft Power Apps misconfiguration exposes 38 million data records"  # 96%
    for day in (None, 0):
        items = [
            item(1, TITLE, provider="A", day=day),
            item(2, close, provider="B", day=None),
            item(3, looser, provider="C", day=None),
            item(4, closer, provider="D", day=None),
        ]
        groups = find_duplicates(items)
        assert group_sets(groups) == {frozenset({1, 2, 4})}
        assert groups.reasons[1] == {2: "similar title (98%)", 4: "similar title (99%)"}
        assert len(find_duplicates(items, undated_threshold=95)) == 1
        assert group_sets(find_duplicates(items, undated_threshold=95)) == {frozenset({1, 2, 3, 4})}


def test_a_missing_date_matches_any_date_with_the_strict_score() -> None:
    groups = find_duplicates(
        [item(1, TITLE, provider="A", day=None), item(2, TITLE, provider="B", day=9000)]
    )
    assert groups.reasons[1] == {2: "similar title (100%)"}


def test_empty_and_short_titles_never_match_by_title() -> None:
    items = [
        item(1, "", provider="A"),
        item(2, "", provider="B"),
        item(3, "Power Apps", provider="A"),
        item(4, "Power Apps", provider="B"),
        item(5, "!!!", provider="C"),
        item(6, "???", provider="D"),
    ]
    assert len(find_duplicates(items)) == 0
    assert (
        len(
            find_duplicates(
                [
                    *items,
                    item(7, "Power Apps news", provider="E"),
                    item(8, "power apps NEWS", provider="F"),
                ]
            )
        )
        == 1
    )


def test_word_order_does_not_matter() -> None:
    groups = find_duplicates(
        [
            item(1, "Power Apps gets Copilot today", provider="A"),
            item(2, "Today Power Apps gets Copilot", provider="B"),
        ]
    )
    assert groups.reasons[1] == {2: "similar title (100%)"}


def test_a_trailing_provider_suffix_does_not_hide_a_duplicate() -> None:
    groups = find_duplicates(
        [
            item(1, TITLE + " - Neowin", provider="Neowin"),
            item(2, TITLE + " | ZDNet", provider="ZDNet"),
        ]
    )
    assert groups.reasons[1] == {2: "similar title (100%)"}


def test_url_and_title_reasons_are_combined() -> None:
    groups = find_duplicates(
        [
            item(1, TITLE, url="https://a.com/x", provider="A"),
            item(2, TITLE, url="https://a.com/x", provider="B"),
        ]
    )
    assert groups.reasons[1] == {2: "same originalUrl, similar title (100%)"}


def test_groups_are_transitive_with_indirect_reasons() -> None:
    groups = find_duplicates(
        [
            item("a", "Totally different headline one", url="https://a.com/1", provider="A"),
            item("b", TITLE, url="https://a.com/1", provider="B"),
            item("c", TITLE, provider="C", day=2),
            item("d", "Unrelated words in this title", web="https://c.com/d", provider="D"),
            item("e", "Other unrelated words in here", web="https://c.com/d", provider="E"),
            item("f", "A lonely item with no friends", provider="F"),
        ]
    )
    assert groups.members == {0: ["a", "b", "c"], 1: ["d", "e"]}
    assert groups.group_of == {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1}
    assert len(groups) == 2
    assert groups.similar("a") == [("b", "same originalUrl"), ("c", INDIRECT)]
    assert groups.similar("b") == [("a", "same originalUrl"), ("c", "similar title (100%)")]
    assert groups.similar("f") == []


def test_a_later_item_with_the_same_key_replaces_the_earlier() -> None:
    groups = find_duplicates(
        [
            item(1, TITLE, provider="A"),
            item(2, TITLE, provider="B"),
            item(2, "Nothing alike at all", provider="B"),
        ]
    )
    assert len(groups) == 0


def test_from_article() -> None:
    article = article_from(
        b"---\ntitle: Big story - Reuters\noriginalUrl: https://r.com/1\n"
        b"webUrl: https://w.com/1\npublishedDateTime: 2021-08-24T09:30:00Z\n"
        b"provider:\n  name: Reuters\n  domain: r.com\n---\n"
    )
    assert DupInput.from_article("k", article) == DupInput(
        "k",
        "Big story - Reuters",
        "https://r.com/1",
        "https://w.com/1",
        "Reuters",
        DAY0.replace(minute=30, hour=9),
    )
    nameless = article_from(b"---\ntitle: Only a title\nprovider:\n  domain: r.com\n---\n")
    assert DupInput.from_article(3, nameless).provider == "r.com"


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="thresholds"):
        find_duplicates([], title_threshold=101)
    with pytest.raises(ValueError, match="days"):
        DuplicateIndex(days=-1)


# -- series: titles that differ only in a date or a number ------------------------------------


@pytest.mark.parametrize(
    ("title", "stem", "numbers"),
    [
        ("Power Apps Every Day (2021-06-04)", "power apps every day", (2021, 6, 4)),
        ("Power Apps Every Day: June 4, 2021", "power apps every day", (6, 4, 2021)),
        ("Power Apps Every Day, 4 Jun 2021", "power apps every day", (4, 6, 2021)),
        ("Sept. 30 round-up", "round up", (9, 30)),
        ("Microsoft may add 3 features", "microsoft may add features", (3,)),  # a word here
        ("Microsoft cuts 10,000 jobs", "microsoft cuts jobs", (10000,)),
        ("Microsoft cuts 10000 jobs", "microsoft cuts jobs", (10000,)),
        ("Exposes 38M records", "exposes records", (38,)),
        ("Newsletter #007, part 2", "newsletter part", (7, 2)),
        ("No numbers at all", "", ()),
    ],
)
def test_title_numbers(title: str, stem: str, numbers: tuple[int, ...]) -> None:
    found = title_numbers(normalize_title(title))
    written = tuple(map(str, numbers))
    assert (found.stem, found.ordered, found.counted) == (stem, written, tuple(sorted(written)))


def test_a_number_of_any_length_is_read() -> None:
    long = "9" * 5000  # more digits than int() takes from text
    assert title_numbers(f"issue {long}").ordered == (long,)
    assert title_numbers("issue 007").ordered == ("7",)


def numbers(title: str) -> TitleNumbers:
    return title_numbers(normalize_title(title))


def test_numbers_differ_when_a_title_differs_only_in_them_or_they_contradict() -> None:
    day = "Power Apps Every Day ({})"
    assert numbers_differ(numbers(day.format("2021-06-04")), numbers(day.format("2021-06-05")))
    assert numbers_differ(numbers(day.format("2021-06-04")), numbers(day.format("2021-04-06")))
    assert numbers_differ(numbers(day.format("2021-06-06")), numbers(day.format("2021-06-05")))
    assert numbers_differ(numbers("Release wave 1 overview"), numbers("Release wave 2 overview"))
    assert numbers_differ(numbers("Windows 10 breaks apps"), numbers("Windows 11 breaks the apps"))
    # One only adds a number, one has none, or the same numbers in another order:
    assert not numbers_differ(numbers("Exposes 38M records"), numbers("38M records in 47 apps"))
    assert not numbers_differ(numbers("Exposes millions of records"), numbers("38M records"))
    assert not numbers_differ(
        numbers("3 big announcements at Build 2022"), numbers("Build 2022: 3 big announcements")
    )
    assert not numbers_differ(numbers(day.format("2021-06-04")), numbers(day.format("2021-06-04")))


def daily_series(title: str, count: int, *, dated: bool = True) -> list[DupInput]:
    """Issues of a newsletter, one a day from 2021-06-04, each titled with its day."""
    first = dt.date(2021, 6, 4)
    items = []
    for n in range(count):
        day = first + dt.timedelta(days=n)
        items.append(item(n, title.format(day=day, n=n + 1), day=n if dated else None))
    return items


@pytest.mark.parametrize(
    "title",
    [
        "Power Apps Every Day ({day:%Y-%m-%d})",
        "Power Apps Every Day: {day:%B} {day.day}, {day.year}",
        "Power Apps Weekly #{n}",
        "Power Apps news digest, issue {n}",
        "Power Apps Every Day - {day:%d/%m/%Y}",
    ],
)
@pytest.mark.parametrize("dated", [True, False])
def test_a_series_is_not_a_group_of_duplicates(title: str, dated: bool) -> None:
    """Issue 11: a newsletter's 120 daily issues were 119 duplicates of one another."""
    items = daily_series(title, 120, dated=dated)
    assert len(find_duplicates(items)) == 0
    index = DuplicateIndex(items[:60])
    for later in items[60:]:
        index.update(later)  # the live index agrees
    assert index.groups().members == {}


def test_items_of_a_series_still_match_by_url_and_as_the_same_issue() -> None:
    issue = "Power Apps Every Day (2021-06-04)"
    groups = find_duplicates(
        [
            item(1, issue, provider="A"),
            item(2, issue, provider="B", day=1),  # the same issue from elsewhere
            item(3, "Power Apps Every Day (2021-06-05)", provider="C", day=1),
            item(4, "Power Apps Every Day (2021-06-06)", url="https://a.com/x", day=2),
            item(5, "Power Apps Every Day (2021-06-07)", url="https://a.com/x", day=3),
        ]
    )
    assert group_sets(groups) == {frozenset({1, 2}), frozenset({4, 5})}
    assert groups.reasons[4] == {5: "same originalUrl"}


@pytest.mark.parametrize(
    "other",
    [
        "Microsoft Power Apps misconfiguration exposes 38M records",
        "Microsoft Power Apps misconfiguration exposes millions of records",  # no number
        "Microsoft Power Apps misconfiguration exposes 38 million records in 47 apps",
    ],
)
def test_near_duplicate_news_with_numbers_still_match(other: str) -> None:
    groups = find_duplicates([item(1, TITLE, provider="A"), item(2, other, provider="B", day=1)])
    assert group_sets(groups) == {frozenset({1, 2})}, fuzz.token_sort_ratio(TITLE, other)


def test_thousands_separators_do_not_make_two_numbers() -> None:
    groups = find_duplicates(
        [
            item(1, "Contoso moves 10,000 workers to Power Apps", provider="A"),
            item(2, "Contoso moves 10000 workers to Power Apps", provider="B"),
            item(3, "Contoso moves 12,000 workers to Power Apps", provider="C"),
        ]
    )
    assert group_sets(groups) == {frozenset({1, 2})}


# -- against a plain all-pairs reference -----------------------------------------------------


def reference(
    items: list[DupInput], threshold: float, days: float, strict: float
) -> set[frozenset[int | str]]:
    """Every pair, compared the obvious way; the groups as sets."""
    parent = {i.key: i.key for i in items}

    def find(k: int | str) -> int | str:
        while parent[k] != k:
            k = parent[k]
        return k

    for a, b in combinations(items, 2):
        urls_a = {normalize_url(a.original_url), normalize_url(a.web_url)} - {None}
        urls_b = {normalize_url(b.original_url), normalize_url(b.web_url)} - {None}
        ta, tb = normalize_title(a.title, a.provider), normalize_title(b.title, b.provider)
        same = bool(urls_a & urls_b)
        pa, pb = a.provider.strip().casefold(), b.provider.strip().casefold()
        series = numbers_differ(title_numbers(ta), title_numbers(tb))
        words = len(ta.split()) >= 3 and len(tb.split()) >= 3
        if not same and words and not series and not (pa and pa == pb):
            if a.published_at is None or b.published_at is None:
                same = fuzz.token_sort_ratio(ta, tb) >= strict
            elif abs((a.published_at - b.published_at).total_seconds()) <= days * 86400:
                same = fuzz.token_sort_ratio(ta, tb) >= threshold
        if same:
            parent[find(a.key)] = find(b.key)
    groups: dict[int | str, set[int | str]] = {}
    for i in items:
        groups.setdefault(find(i.key), set()).add(i.key)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


WORDS = [*TITLE.casefold().split(), "copilot", "preview", "new"]


def random_items(rnd: random.Random, n: int) -> list[DupInput]:
    bases = [" ".join(rnd.choices(WORDS, k=rnd.randint(2, 9))) for _ in range(max(3, n // 4))]
    items = []
    for key in range(n):
        title = rnd.choice(bases)
        if rnd.random() < 0.5:  # a typo or an extra word
            pos = rnd.randrange(len(title) + 1)
            title = title[:pos] + rnd.choice(["x", " news", "s", ""]) + title[pos + 1 :]
        day = None if rnd.random() < 0.15 else rnd.uniform(0, 20)
        url = f"https://site.com/{rnd.randrange(n * 2)}" if rnd.random() < 0.3 else ""
        items.append(item(key, title, url=url, provider=rnd.choice(["A", "B", "C", ""]), day=day))
    return items


@pytest.mark.parametrize("seed", range(12))
def test_batch_matches_the_all_pairs_reference(seed: int) -> None:
    rnd = random.Random(seed)
    items = random_items(rnd, rnd.randint(5, 120))
    threshold, days, strict = rnd.choice([(90, 3, 97), (80, 1, 90), (95, 0.5, 95), (70, 7, 100)])
    groups = find_duplicates(items, title_threshold=threshold, days=days, undated_threshold=strict)
    assert group_sets(groups) == reference(items, threshold, days, strict)
    for key, gid in groups.group_of.items():
        assert key in groups.members[gid]
        assert groups.reasons[key]
        assert all(groups.group_of[partner] == gid for partner in groups.reasons[key])


# -- the live index ------------------------------------------------------------------------


def test_index_update_moves_an_item_between_groups() -> None:
    index = DuplicateIndex(
        [
            item(1, TITLE, provider="A"),
            item(2, TITLE, provider="B"),
            item(3, "Copilot arrives in Power Apps today", provider="A"),
        ]
    )
    assert index.group_of(1) == [1, 2]
    assert index.group_of(3) == []
    index.update(item(2, "Copilot arrives in Power Apps today!", provider="B", day=1))
    assert index.group_of(1) == []
    assert index.group_of(2) == [2, 3]
    assert index.partners(3) == {2: "similar title (100%)"}
    assert not index.is_duplicate(1)
    index.update(
        item(2, "Copilot arrives in Power Apps today!", provider="A", day=1)
    )  # same provider now
    assert index.group_of(3) == []
    index.update(item(4, "Copilot arrives in Power Apps today", url="https://x.com/1", day=None))
    assert index.group_of(4) == [2, 3, 4]
    index.remove(3)
    index.remove(3)
    assert index.group_of(4) == [2, 4]
    assert 3 not in index and len(index) == 3


def test_index_update_of_urls_and_unchanged_items() -> None:
    index = DuplicateIndex([item(1, url="https://a.com/1"), item(2, url="https://a.com/1")])
    assert index.partners(1) == {2: "same originalUrl"}
    index.update(item(2, url="https://a.com/1"))  # nothing changed
    assert index.partners(1) == {2: "same originalUrl"}
    index.update(item(2, web="https://a.com/1", url="https://b.com/2"))
    assert index.partners(1) == {2: "same URL"}
    index.update(item(2, url="https://b.com/2"))
    assert index.groups().members == {}


@pytest.mark.parametrize("seed", range(6))
def test_index_after_random_updates_equals_a_fresh_batch(seed: int) -> None:
    rnd = random.Random(100 + seed)
    items = random_items(rnd, 80)
    index = DuplicateIndex(items[:60])
    current = {i.key: i for i in items[:60]}
    for step in range(60):
        if step % 7 == 6 and current:
            key = rnd.choice(sorted(current, key=str))
            index.remove(key)
            del current[key]
            continue
        new = random_items(rnd, 80)[rnd.randrange(80)]
        new = DupInput(
            rnd.randrange(90),
            new.title,
            new.original_url,
            new.web_url,
            new.provider,
            new.published_at,
        )
        index.update(new)
        current[new.key] = new
    index.add(items[60:])  # few: incremental
    for i in items[60:]:
        current[i.key] = i
    fresh = find_duplicates(list(current.values()))
    live = index.groups()
    assert group_sets(live) == group_sets(fresh)
    assert live.reasons == fresh.reasons
    for key in current:
        expected = (
            sorted(fresh.members[fresh.group_of[key]], key=str) if key in fresh.group_of else []
        )
        assert sorted(index.group_of(key), key=str) == expected


# -- the real corpus -----------------------------------------------------------------------


NEWS = CORPUS / "news"


@pytest.mark.corpus
@pytest.mark.skipif(not NEWS.is_dir(), reason=f"no corpus at {CORPUS}")
def test_corpus_news() -> None:
    articles = scan(Path(NEWS))
    items = [DupInput.from_article(str(a.path), a) for a in articles]
    groups = find_duplicates(items)
    assert len(groups) > 0
    for gid, members in groups.members.items():
        assert len(members) >= 2
        assert all(groups.group_of[k] == gid for k in members)
        assert all(groups.reasons[k] for k in members)
    index = DuplicateIndex(items)
    assert group_sets(index.groups()) == group_sets(groups)


NEWSLETTERS = CORPUS / "newsletters"


@pytest.mark.corpus
@pytest.mark.skipif(not NEWSLETTERS.is_dir(), reason=f"no corpus at {CORPUS}")
def test_corpus_newsletters_are_a_series_and_news_hits_stay() -> None:
    """The 26 newsletters are issues of one title ("Power Apps Every Day (2021-06-03)"...):
    none is a duplicate, as they are, one a day, or undated; the hits on the news stay."""
    letters = [DupInput.from_article(str(a.path), a) for a in scan(Path(NEWSLETTERS))]
    assert len(letters) == 26
    daily = [
        replace(letter, published_at=DAY0 + dt.timedelta(days=n))
        for n, letter in enumerate(letters)
    ]
    undated = [replace(letter, published_at=None) for letter in letters]
    for items in (letters, daily, undated):
        assert len(find_duplicates(items)) == 0
    news = [DupInput.from_article(str(a.path), a) for a in scan(Path(NEWS))]
    groups = find_duplicates(news + daily)
    # Measured before series were told apart, and unchanged: 15 groups of 38 items, 30 pairs
    # (4 by URL, 26 by title), none of them a newsletter.
    assert (len(groups), len(groups.group_of)) == (15, 38)
    assert sum(map(len, groups.reasons.values())) == 2 * 30
    assert not any("newsletters" in str(key) for key in groups.group_of)
    assert max(map(len, groups.members.values())) == 8  # the 38 million records story


def test_a_url_shared_by_many_items_identifies_none_of_them() -> None:
    import time

    from reviewer.core.duplicates import MAX_URL_SHARERS, DupInput, find_duplicates

    items = [
        DupInput(i, f"Report {i} on topic {i}", web_url="https://feed.example/latest")
        for i in range(4000)
    ]
    started = time.perf_counter()
    groups = find_duplicates(items)
    assert time.perf_counter() - started < 30  # was quadratic: 4,000 items took 722 MB
    assert len(groups) == 0
    few = items[:MAX_URL_SHARERS]
    assert len(find_duplicates(few)) == 1  # a few items sharing a URL are still one story


# -- built elsewhere, restored here ----------------------------------------------------------


def _mixed_items() -> list[DupInput]:
    return [
        item(1, TITLE, url="https://a.example/x", provider="A"),
        item(2, TITLE + "!", url="https://b.example/y", provider="B", day=1),
        item(3, "Other news about a tram line", url="https://a.example/x?utm_source=feed"),
        item(4, "Other news about a tram line", web="https://a.example/x", provider="C"),
        item(5, "Yet another story told once", provider="D", day=None),
        item(6, "Yet another story told once", provider="E", day=None),
        item(7, "A title alone in its group", provider="A", day=40),
    ]


def test_a_restored_index_answers_as_the_one_it_was_taken_from() -> None:
    built = DuplicateIndex(_mixed_items())
    state = built.state()
    restored = DuplicateIndex.from_state(state)
    assert restored.groups() == built.groups()
    assert len(restored.groups()) >= 2
    for key in range(1, 8):
        assert restored.partners(key) == built.partners(key)
    # and it is kept current as the original would be
    for index in (built, restored):
        index.update(item(2, "Completely different words about bicycles", provider="B"))
        index.remove(6)
    assert restored.groups() == built.groups()


def test_links_by_title_alone_share_one_empty_url_set() -> None:
    index = DuplicateIndex(_mixed_items())
    state = index.state()
    by_title = [fields for a, b, fields, score in state.links if score is not None and not fields]
    assert by_title
    restored = DuplicateIndex.from_state(state)
    links = [link for partners in restored._links.values() for link in partners.values()]  # noqa: SLF001
    empty = {id(link.urls) for link in links if not link.urls}
    assert len(empty) == 1


def test_the_index_built_in_another_process_is_the_same() -> None:
    from reviewer.core.duplicates.worker import build_elsewhere

    items = _mixed_items()
    rows = [item.row() for item in items]
    state = build_elsewhere(rows, min_rows=0)
    assert state is not None
    assert DuplicateIndex.from_state(state).groups() == DuplicateIndex(items).groups()
    assert build_elsewhere(rows, cancelled=lambda: True, min_rows=0) is None
    here = build_elsewhere(rows)  # too few to be worth another process
    assert here is not None
    assert DuplicateIndex.from_state(here).groups() == DuplicateIndex(items).groups()


def test_the_index_kept_in_the_derived_store_is_restored_for_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer.core.duplicates import worker

    items = _mixed_items()
    rows = [item.row() for item in items]
    _cache, _folder, store = derived_store(tmp_path)
    first = worker.cached_build(rows, store=store)
    assert first is not None
    # the same rows under other keys (another run's documents): restored, keys mapped
    other = [(f"k{row[0]}", *row[1:]) for row in rows]
    calls: list[int] = []
    real = worker.build_elsewhere

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(worker, "build_elsewhere", counted)
    restored = worker.cached_build(other, store=store)
    assert calls == []
    assert restored is not None
    expected = DuplicateIndex([DupInput(*row) for row in other]).groups()
    assert DuplicateIndex.from_state(restored).groups() == expected
    # a changed row: built again, and kept
    changed = [*other[:-1], (other[-1][0], "A different title here now", "", "", "Z", None)]
    rebuilt = worker.cached_build(changed, store=store)
    assert calls == [1]
    assert rebuilt is not None
    assert worker.cached_build(changed, store=store) is not None
    assert calls == [1]
    # a digest given by the caller (the app's, of the files) is the key instead
    assert worker.cached_build(changed, store=store, digest="files") is not None
    assert calls == [1, 1]
    assert worker.restore(store, "files", [row[0] for row in changed]) is not None
    assert worker.restore(store, "other files", [row[0] for row in changed]) is None
    assert worker.restore(store, "files", []) is None  # fewer keys than kept: not restored
    store.put(worker.STORE_NAME, "files", ("damaged",), form=worker.STORE_FORM)
    assert worker.restore(store, "files", [row[0] for row in changed]) is None


# -- the groups alone ----------------------------------------------------------------------


def answers(index: DuplicateIndex | DuplicateGroups, keys: Sequence[int | str]) -> dict[str, Any]:
    """Every answer a window asks of an index, for ``keys``."""
    return {
        "groups": index.groups(),
        "grouped": index.grouped(),
        "of": {key: index.group_of(key) for key in keys},
        "partners": {key: index.partners(key) for key in keys},
        "is": {key: index.is_duplicate(key) for key in keys},
    }


@pytest.mark.parametrize("seed", range(8))
def test_the_groups_alone_answer_as_the_index_they_were_taken_from(seed: int) -> None:
    rnd = random.Random(200 + seed)
    items = [*_mixed_items(), *random_items(rnd, rnd.randint(10, 120))]
    items = [replace(i, key=n) for n, i in enumerate(items)]
    index = DuplicateIndex(items)
    for _ in range(10):  # an index edited since (ordinals and keys out of step)
        index.update(replace(rnd.choice(items), title=rnd.choice(items).title))
        index.remove(rnd.randrange(len(items)))
    keys: list[int | str] = [*range(len(items) + 2), "none"]
    state = index.state()
    groups = DuplicateGroups.from_state(state)
    assert answers(groups, keys) == answers(index, keys)
    assert len(groups.groups()) == len(index.groups()) > 0
    assert state.groups == [tuple(m) for m in index.groups().members.values()]


def test_the_groups_say_the_reasons_the_index_says() -> None:
    index = DuplicateIndex(_mixed_items())
    groups = DuplicateGroups.from_state(index.state())
    assert groups.partners(3) == index.partners(3)
    assert groups.partners(3) == {1: "same originalUrl", 4: "same URL, similar title (100%)"}
    assert groups.partners(1)[2].startswith("similar title (")
    assert groups.groups().similar(3) == index.groups().similar(3)


def test_the_groups_are_kept_apart_from_the_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer.core.duplicates import worker

    items = _mixed_items()
    rows = [item.row() for item in items]
    _cache, _folder, store = derived_store(tmp_path)
    state = worker.build_here(rows, {})
    assert worker.keep(store, "files", state, [row[0] for row in rows])
    read: list[str] = []
    real_get = store.get

    def get(name: str, digest: str, *, form: int = 1) -> Any:
        read.append(name)
        return real_get(name, digest, form=form)

    monkeypatch.setattr(store, "get", get)
    other = [f"k{row[0]}" for row in rows]  # another run's keys, by position
    groups = worker.restore_groups(store, "files", other)
    assert read == [worker.GROUPS_NAME]  # the entries are not read
    assert groups is not None
    expected = DuplicateIndex([DupInput(*row) for row in rows]).state()
    named = {row[0]: f"k{row[0]}" for row in rows}
    renamed = DuplicateGroups(
        [tuple(named[k] for k in members) for members in expected.groups],
        [(named[a], named[b], urls, score) for a, b, urls, score in expected.links],
    )
    assert answers(groups, other) == answers(renamed, other)
    # the whole state: both values
    read.clear()
    restored = worker.restore(store, "files", [row[0] for row in rows])
    assert sorted(read) == sorted([worker.GROUPS_NAME, worker.STORE_NAME])
    assert restored == state
    # either one missing, another digest's or damaged: not restored
    assert worker.restore_groups(store, "other files", other) is None
    assert worker.restore(store, "other", other) is None
    store.put(worker.STORE_NAME, "other", (), form=worker.STORE_FORM)
    assert worker.restore(store, "files", other) is None
    assert worker.restore_groups(store, "files", other) is not None  # groups alone still
    store.put(worker.GROUPS_NAME, "files", ("damaged",), form=worker.GROUPS_FORM)
    assert worker.restore_groups(store, "files", other) is None
    store.put(worker.GROUPS_NAME, "files", ([(0, 1)], [(0, 5, (), 99.0)]), form=1)
    assert worker.restore_groups(store, "files", other) is None  # a link outside its groups
    store.put(worker.GROUPS_NAME, "files", ([(0, 1), (2, 3)], [(0, 2, (), 99.0)]), form=1)
    assert worker.restore_groups(store, "files", other) is None  # a link across two
