"""The numbers behind View ▸ Charts (core/charts): per day and week, stacked by published,
providers' top N and Other, score bins, a subset, and odd data; on a folder of our own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from reviewer.core import charts
from reviewer.core.charts import OTHER, Columns, Unit
from reviewer.core.query import Record, parse
from reviewer.core.site import find_site
from reviewer.workspace import Workspace


def write(folder: Path, name: str, front: str) -> None:
    (folder / name).write_text(f"---\ntitle: {name}\n{front}---\nBody.\n", encoding="utf-8")


def item(date: str | None, published: str | None, provider: str | None, score: str) -> str:
    lines = []
    if date is not None:
        lines.append(f"publishedDateTime: {date}")
    if published is not None:
        lines.append(f"published: {published}")
    if provider is not None:
        lines.append(f"provider:\n  name: {provider}")
    lines.append(f"quality: {score}\nheat: {score}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Eleven articles over two weeks (2024-01-01 is a Monday), three providers."""
    root = tmp_path / "news"
    root.mkdir()
    rows = [
        ("a", "2024-01-01T10:00:00Z", "true", "Alpha", "10"),
        ("b", "2024-01-01T23:30:00-05:00", "false", "Alpha", "12"),  # its own day: the 1st
        ("c", "2024-01-03", None, "Beta", "20"),  # no published: Jekyll publishes it
        ("d", '"Jan 3, 2024 4:44 PM"', "no", "Alpha", "25"),  # text date; no is false
        ("e", "2024-01-07T12:00:00+02:00", "true", "Gamma", "30"),  # Sunday: week 1
        ("f", "2024-01-08T00:00:00+00:00", "false", "Beta", "39"),  # Monday: week 2
        ("g", "2024-01-14", "true", "Alpha", "40"),
        ("h", None, "true", "Beta", "55"),  # no date
        ("i", '"not a date at all"', "false", None, '"high"'),  # no date, no score
        ("j", "2024-01-10", "true", "Delta", "1.5"),  # a float is no whole-number score
        ("k", "2024-01-10", "null", "Beta", "true"),  # null unpublishes; a bool is no score
    ]
    for name, date, published, provider, score in rows:
        write(root, f"{name}.md", item(date, published, provider, score))
    return root


def light_articles(folder: Path) -> Workspace:
    workspace = Workspace()
    workspace.open(folder, find_site(folder))
    workspace.read()
    assert all(not d.article.complete for d in workspace.documents)  # light: no file read
    return workspace


def values_of(folder: Path) -> tuple[Workspace, Columns]:
    workspace = light_articles(folder)
    documents = sorted(workspace.documents, key=lambda d: d.path.name)
    workspace.documents = documents
    return workspace, charts.columns(d.effective for d in documents)


def test_columns_read_each_article_once(folder: Path) -> None:
    _workspace, values = values_of(folder)
    assert len(values) == 11
    days = [dt.date.fromordinal(int(d)).isoformat() if d else None for d in values.day]
    assert days == [
        "2024-01-01",
        "2024-01-01",
        "2024-01-03",
        "2024-01-03",
        "2024-01-07",
        "2024-01-08",
        "2024-01-14",
        None,
        None,
        "2024-01-10",
        "2024-01-10",
    ]
    assert values.published.tolist() == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        True,
        False,
        True,
        False,
    ]
    assert values.providers == ("Alpha", "Beta", "Gamma", "Delta")
    assert values.provider.tolist() == [0, 0, 1, 0, 2, 1, 0, 1, -1, 3, 1]
    assert np.isnan(values.quality[8]) and np.isnan(values.quality[9])
    assert np.isnan(values.heat[10])
    assert values.quality[:8].tolist() == [10, 12, 20, 25, 30, 39, 40, 55]


def test_days_are_the_days_date_searches_find(folder: Path) -> None:
    """Each bar's term finds exactly the items counted in it."""
    workspace, values = values_of(folder)
    result = charts.charts(values)
    backlog = result.backlog
    records = [Record.from_document(d) for d in workspace.documents]
    for bar in range(len(backlog)):
        found = parse(backlog.term(bar)).mask(records)
        counted = int(backlog.published[bar] + backlog.unpublished[bar])
        assert sum(bool(f) for f in found) == counted, backlog.term(bar)
    weekly = charts.charts(values, unit=Unit.WEEK).backlog
    for bar in range(len(weekly)):
        found = parse(weekly.term(bar)).mask(records)
        counted = int(weekly.published[bar] + weekly.unpublished[bar])
        assert sum(bool(f) for f in found) == counted, weekly.term(bar)


def test_per_day_stacked_published_and_unpublished(folder: Path) -> None:
    _workspace, values = values_of(folder)
    backlog = charts.charts(values).backlog
    assert backlog.unit is Unit.DAY
    assert len(backlog) == 14  # 2024-01-01 .. 2024-01-14, empty days included
    assert backlog.first_day(0) == dt.date(2024, 1, 1)
    assert backlog.last_day(13) == dt.date(2024, 1, 14)
    by_day = {
        backlog.first_day(i).day: (int(backlog.published[i]), int(backlog.unpublished[i]))
        for i in range(len(backlog))
        if backlog.published[i] or backlog.unpublished[i]
    }
    assert by_day == {1: (1, 1), 3: (1, 1), 7: (1, 0), 8: (0, 1), 10: (1, 1), 14: (1, 0)}
    assert backlog.undated == 2
    assert backlog.earlier == backlog.later == 0
    assert backlog.term(0) == "date:2024-01-01"


def test_per_week_from_monday(folder: Path) -> None:
    _workspace, values = values_of(folder)
    backlog = charts.charts(values, unit=Unit.WEEK).backlog
    assert len(backlog) == 2
    assert [backlog.first_day(i) for i in range(2)] == [dt.date(2024, 1, 1), dt.date(2024, 1, 8)]
    assert backlog.published.tolist() == [3, 2]
    assert backlog.unpublished.tolist() == [2, 2]
    assert backlog.term(0) == "date:2024-01-01..2024-01-07"
    assert backlog.term(1) == "date:2024-01-08..2024-01-14"


def test_a_week_starts_on_monday_whatever_the_first_day(tmp_path: Path) -> None:
    write(tmp_path, "x.md", "publishedDateTime: 2024-01-04\n")  # a Thursday
    write(tmp_path, "y.md", "publishedDateTime: 2024-01-15\n")  # a Monday
    _workspace, values = values_of(tmp_path)
    backlog = charts.charts(values, unit=Unit.WEEK).backlog
    assert [backlog.first_day(i).isoformat() for i in range(len(backlog))] == [
        "2024-01-01",
        "2024-01-08",
        "2024-01-15",
    ]
    assert (backlog.published + backlog.unpublished).tolist() == [1, 0, 1]


def test_providers_top_n_and_other(folder: Path) -> None:
    _workspace, values = values_of(folder)
    share = charts.charts(values, top=2).providers
    # Alpha 4, Beta 4 (ties by name), then Gamma, Delta and the item naming none as Other.
    assert share.names == ("Alpha", "Beta", OTHER)
    assert share.total.tolist() == [4, 4, 3]
    assert share.published.tolist() == [2, 2, 2]
    assert share.other
    assert share.share(0) == 0.5
    assert share.term(0) == "provider.name:=Alpha"
    assert share.term(2) is None
    everything = charts.charts(values, top=10).providers
    assert everything.names == ("Alpha", "Beta", "Delta", "Gamma", OTHER)  # Other: no name
    assert everything.total.tolist() == [4, 4, 1, 1, 1]


def test_provider_terms_are_quoted_as_the_sidebar_quotes_them() -> None:
    values = Columns(
        np.array([738000, 738000], dtype=np.int64),
        np.array([True, False]),
        np.array([0, 1], dtype=np.int64),
        ('The "New" Times', "or"),
        np.array([1.0, 2.0]),
        np.array([1.0, 2.0]),
    )
    share = charts.charts(values).providers
    assert share.names == ("or", 'The "New" Times')
    assert share.term(0) == 'provider.name:="or"'
    assert share.term(1) == 'provider.name:="The \\"New\\" Times"'
    assert not share.other


def test_histogram_bins(folder: Path) -> None:
    _workspace, values = values_of(folder)
    quality = charts.charts(values, bins=5).quality
    # 10 .. 55: 46 values, 5 bins -> 10 wide: [10,20) [20,30) [30,40) [40,50) [50,60)
    assert quality.edges.tolist() == [10, 20, 30, 40, 50, 60]
    assert quality.counts.tolist() == [2, 2, 2, 1, 1]
    assert quality.missing == 3  # "high", 1.5 and true
    assert quality.term("quality", 0) == "quality:10..19"
    one = charts.charts(values, bins=100).quality
    assert one.edges[1] - one.edges[0] == 1
    assert one.term("quality", 0) == "quality:10"
    assert int(one.counts.sum()) == 8


def test_the_subset(folder: Path) -> None:
    _workspace, values = values_of(folder)
    rows = [0, 1, 5, 7, 8]  # a, b, f, h (no date), i (no date, no provider, no score)
    result = charts.charts(values, rows, bins=5)
    assert result.total == 11 and result.subset_total == 5 and result.narrowed
    backlog = result.backlog
    assert int(backlog.subset_published.sum()) == 1  # a
    assert int(backlog.subset_unpublished.sum()) == 2  # b, f
    assert backlog.subset_published[0] == 1 and backlog.subset_unpublished[0] == 1
    assert backlog.subset_undated == 2
    assert (backlog.subset_published <= backlog.published).all()
    assert (backlog.subset_unpublished <= backlog.unpublished).all()
    share = result.providers
    assert dict(zip(share.names, share.subset_total.tolist(), strict=True)) == {
        "Alpha": 2,
        "Beta": 2,
        "Delta": 0,
        "Gamma": 0,
        OTHER: 1,
    }
    assert result.quality.subset_counts.tolist() == [2, 0, 1, 0, 1]
    assert result.quality.subset_missing == 1
    whole = charts.charts(values)
    assert not whole.narrowed
    assert (whole.backlog.subset_published == whole.backlog.published).all()
    assert charts.subset_mask(3, [5, -1, 1]).tolist() == [False, True, False]


def test_site_defaults_count(tmp_path: Path) -> None:
    """What a site's defaults give (Document.effective) is what is counted."""
    (tmp_path / "_config.yml").write_text(
        "collections: {news: {output: true}}\n"
        "defaults:\n  - scope: {path: _news}\n    values: {published: false, quality: 7}\n"
    )
    news = tmp_path / "_news"
    news.mkdir()
    write(news, "a.md", "publishedDateTime: 2024-02-01\n")
    write(news, "b.md", "publishedDateTime: 2024-02-01\npublished: true\nquality: 9\n")
    _workspace, values = values_of(news)
    assert values.published.tolist() == [False, True]
    assert values.quality.tolist() == [7.0, 9.0]


def test_odd_dates(tmp_path: Path) -> None:
    """Dates far in the past or the future are counted apart; the bulk is drawn."""
    for n in range(200):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=n)
        write(tmp_path, f"n{n:03}.md", f"publishedDateTime: {day.isoformat()}\n")
    write(tmp_path, "past.md", "publishedDateTime: 0001-01-01\n")
    write(tmp_path, "future.md", "publishedDateTime: 9999-12-31T23:59:59Z\n")
    write(tmp_path, "later.md", "publishedDateTime: 2100-06-01\n")
    write(tmp_path, "list.md", "publishedDateTime: [2024, 1]\n")
    write(tmp_path, "number.md", "publishedDateTime: 20240101\n")
    _workspace, values = values_of(tmp_path)
    backlog = charts.charts(values).backlog
    assert len(backlog) <= charts.MAX_BARS
    assert backlog.earlier + backlog.later + int(
        (backlog.published + backlog.unpublished).sum()
    ) == (len(values) - backlog.undated)
    assert backlog.earlier >= 1 and backlog.later >= 2
    assert backlog.undated == 2
    assert backlog.first_day(0) <= dt.date(2024, 1, 3)
    weekly = charts.charts(values, unit=Unit.WEEK).backlog
    assert len(weekly) <= charts.MAX_BARS


def test_odd_scores_and_empty() -> None:
    empty = charts.columns([])
    result = charts.charts(empty)
    assert result.total == 0 and not result.narrowed
    assert len(result.backlog) == 0 and result.backlog.undated == 0
    assert result.providers.names == ()
    assert len(result.quality.counts) == 0 and result.quality.missing == 0
    huge = Columns(
        np.array([0, 0], dtype=np.int64),
        np.array([True, True]),
        np.array([-1, -1], dtype=np.int64),
        (),
        np.array([-(2.0**52), 2.0**52]),
        np.array([np.nan, np.nan]),
    )
    odd = charts.charts(huge)
    assert len(odd.backlog) == 0 and odd.backlog.undated == 2
    assert len(odd.quality.counts) <= charts.BINS + 1 and int(odd.quality.counts.sum()) == 2
    assert len(odd.heat.counts) == 0 and odd.heat.missing == 2
    assert odd.providers.names == (OTHER,) and odd.providers.term(0) is None


def test_scores_as_the_registry_reads_them() -> None:
    assert charts.day_of("") == charts.NO_DAY
    assert charts.day_of(None) == charts.NO_DAY
    assert charts.day_of(dt.date(2024, 5, 6)) == dt.date(2024, 5, 6).toordinal()
    when = dt.datetime(2024, 5, 6, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert charts.day_of(when) == dt.date(2024, 5, 6).toordinal()  # its own offset's day
    assert charts.day_of("x" * 100) == charts.NO_DAY


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.mark.skipif(not (CORPUS / "news").is_dir(), reason="no ../shared/corpus")
def test_columns_agree_with_the_article_readers_on_the_corpus() -> None:
    from reviewer.core.folder.scan import scan

    articles = [a for folder in ("news", "newsletters", "seed") for a in scan(CORPUS / folder)]
    values = charts.columns(articles)
    assert values.published.tolist() == [bool(a.published) for a in articles]
    names = [values.providers[p] if p >= 0 else "" for p in values.provider]
    assert names == [a.provider_name.strip() for a in articles]
    days = [dt.date.fromordinal(int(d)) if d else None for d in values.day]
    assert days == [a.published_at.date() if a.published_at else None for a in articles]
    assert [None if np.isnan(q) else int(q) for q in values.quality] == [
        a.quality for a in articles
    ]
