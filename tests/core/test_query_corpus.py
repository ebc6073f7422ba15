"""Searches over the real articles in ../shared/corpus (skipped when it is absent)."""

from __future__ import annotations

import datetime as dt

import pytest
from core_support import CORPUS, CORPUS_FOLDERS

from reviewer.core.folder.scan import scan
from reviewer.core.query import Record, parse

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def records() -> list[Record]:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    articles = [a for folder in CORPUS_FOLDERS for a in scan(CORPUS / folder)]
    return [Record.from_article(a) for a in articles if a.has_front_matter]


def count(records: list[Record], text: str) -> int:
    query = parse(text, now=dt.date(2024, 1, 1))
    return sum(query.matches(r) for r in records)


def test_published_and_unpublished_add_up(records: list[Record]) -> None:
    total = len(records)
    assert total > 600
    published = count(records, "is:published")
    assert 0 < published < total
    assert published + count(records, "is:unpublished") == total
    assert count(records, "-is:published") == count(records, "is:unpublished")


@pytest.mark.parametrize(
    ("query", "complement"),
    [
        ("has:images", "missing:images"),
        ("quality:>40", "-quality:>40"),
        ("date:2021", "not date:2021"),
        ("power apps", "-(power apps)"),
        ("provider.name:microsoft or topics:=ai", "not (provider.name:microsoft or topics:=ai)"),
    ],
)
def test_a_search_and_its_negation_split_the_corpus(
    records: list[Record], query: str, complement: str
) -> None:
    matched = count(records, query)
    assert 0 < matched < len(records)
    assert matched + count(records, complement) == len(records)


def test_years_partition_the_dated_articles(records: list[Record]) -> None:
    dated = count(records, "has:publishedDateTime")
    years = sum(count(records, f"date:{year}") for year in range(2000, 2031))
    assert years == dated == count(records, "date:2000..2030")
    assert count(records, "date:2021") == sum(
        count(records, f"date:2021-{month:02d}") for month in range(1, 13)
    )


def test_words_are_found_in_titles_and_excerpts(records: list[Record]) -> None:
    by_title = count(records, "title:power")
    assert 0 < by_title <= count(records, "power")
    assert count(records, "POWER") == count(records, "power")
    assert count(records, "provider.domain:microsoft") <= count(records, "provider:microsoft")


def test_no_error_in_the_corpus(records: list[Record]) -> None:
    assert count(records, "is:error") == 0
    assert count(records, "is:modified or is:duplicate") == 0
