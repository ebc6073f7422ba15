"""The table's proxy at scale: row lists, narrowing, sorting, persistent indexes, appends."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from reviewer.app.table import rowfilter
from reviewer.app.table.columns import Column, Role
from reviewer.app.table.model import ArticleModel
from reviewer.app.table.proxy import ArticleFilterProxy, Status
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.query import parse

WORDS = [
    "power",
    "apps",
    "copilot",
    "azure",
    "fabric",
    "teams",
    "excel",
    "cafe",
    "école",
    "data",
    "model",
    "flow",
]
PROVIDERS = ["Microsoft", "Café Times", "The Verge", ""]
TYPES = ["article", "video", ""]


@pytest.fixture(autouse=True)
def _app(qapp: Any) -> Any:
    """The proxy starts timers: every test here needs the QApplication."""
    return qapp


def make_document(i: int, rng: random.Random) -> Document:
    """An in-memory article with varied (sometimes missing or odd) values."""
    data: dict[str, Any] = {
        "title": " ".join(rng.sample(WORDS, 3)) + f" {i % 7}",
        "excerpt": " ".join(rng.sample(WORDS, 4)),
        "category": rng.choice(["news", "events", "News"]),
        "type": rng.choice(TYPES),
        "quality": rng.choice([None, 5, 40, 41, 80, "12"]),
        "heat": rng.choice([1, 2, 3]),
        "provider": {"name": rng.choice(PROVIDERS), "domain": "example.org"},
        "topics": rng.sample(WORDS, rng.randrange(0, 3)),
    }
    when = rng.choice(
        [
            None,
            dt.datetime(2021, rng.randrange(1, 13), 3, 10, tzinfo=dt.timezone.utc),
            dt.datetime(2024, 3, rng.randrange(1, 5), 10, tzinfo=dt.timezone.utc),
            "Sep 20, 2021 4:44 PM",
            dt.date(2020, 1, rng.randrange(1, 28)),
        ]
    )
    if when is not None:
        data["publishedDateTime"] = when
    published = rng.choice([True, False, None])
    if published is not None:
        data["published"] = published
    if data["quality"] is None:
        del data["quality"]
    return Document(Article(Path(f"/virtual/item-{i:04d}.md"), b"", None, data))


def make_model(count: int = 300, seed: int = 7) -> ArticleModel:
    rng = random.Random(seed)
    model = ArticleModel()
    model.set_documents([make_document(i, rng) for i in range(count)])
    return model


def proxy_for(model: ArticleModel) -> ArticleFilterProxy:
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(model)
    return proxy


def shown(proxy: ArticleFilterProxy) -> list[Document]:
    return [proxy.index(r, 0).data(Role.DOCUMENT) for r in range(proxy.rowCount())]


def test_proxy_passes_qtmodeltester_through_every_change(qtmodeltester: ModelTester) -> None:
    model = make_model(120)
    proxy = proxy_for(model)
    qtmodeltester.check(proxy)
    proxy.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    proxy.set_text("power")
    proxy.set_text("power apps")
    proxy.set_status(Status.UNPUBLISHED)
    rng = random.Random(3)
    model.append([make_document(1000 + i, rng) for i in range(40)])  # a load goes on
    proxy.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    document = model.document(5)
    document.set(("title",), "edited")
    model.refresh(document)
    proxy.set_text("")
    proxy.set_status(Status.ALL)
    model.set_documents([])
    model.append([make_document(i, rng) for i in range(10)])
    qtmodeltester.check(proxy)


QUERIES = [
    "p",
    "po",
    "power",
    "power a",
    "power apps",
    "cafe",
    "quality:>40",
    "quality:>40 date:2021",
    "is:published",
    "-is:published power",
    "provider.name:micro",
    "provider.name:microsoft teams",
    "topics:=azure or excel",
    'title:"power apps"',
    "date:2024-03 is:unpublished",
    "missing:type",
    "has:topics data",
]


def random_queries(rng: random.Random, count: int) -> list[str]:
    """Searches typed one character at a time, and random edits of them."""
    found: list[str] = []
    for _ in range(count):
        text = rng.choice(QUERIES)
        if rng.random() < 0.5:
            text = f"{text} {rng.choice(WORDS)[: rng.randrange(1, 5)]}"
        found.extend(text[:i] for i in range(1, len(text) + 1))
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_narrowing_gives_the_rows_a_fresh_filter_gives(seed: int) -> None:
    model = make_model(400, seed)
    typed = proxy_for(model)
    typed.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    rng = random.Random(seed)
    for text in random_queries(rng, 12):
        if rng.random() < 0.1:
            typed.set_status(rng.choice(list(Status)))
        if typed.set_text(text) is not None:
            continue
        fresh = proxy_for(model)
        fresh.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
        fresh.set_status(typed.status())
        assert fresh.set_text(text) is None
        assert shown(typed) == shown(fresh), text
        expected = [
            d
            for d in model.documents()
            if (
                typed.status() == Status.ALL
                or (d.view.published is True) == (typed.status() == Status.PUBLISHED)
            )
            and parse(text).matches(typed.record(d))
        ]
        assert sorted(map(id, shown(typed))) == sorted(map(id, expected)), text


def test_residual_checks_only_new_terms() -> None:
    before, after = parse("power quality:>40"), parse("power quality:>40 apps")
    assert after.narrows(before)
    assert after.residual(before).normalized == parse("apps").normalized
    assert before.residual(before).is_empty
    assert parse("powe").residual(parse("pow")).normalized == parse("powe").normalized


def test_an_edit_between_keystrokes_is_not_missed_by_narrowing() -> None:
    model = make_model(200)
    proxy = proxy_for(model)
    proxy.set_text("power")
    outside = next(
        d
        for d in model.documents()
        if "power" not in d.view.title.lower()
        and "power" not in d.view.excerpt.lower()
        and "power" not in " ".join(d.view.topics)
    )
    outside.set(("title",), "power apps news")
    model.refresh(outside)
    assert outside not in shown(proxy)  # an edit never hides or shows a row by itself
    proxy.set_text("power apps")  # narrows the search, but a row changed: filter them all
    assert outside in shown(proxy)


@pytest.mark.parametrize("column", list(Column))
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sort_is_correct_and_stable_for_every_column(column: Column, order: Qt.SortOrder) -> None:
    model = make_model(250)
    proxy = proxy_for(model)
    proxy.set_status(Status.UNPUBLISHED)
    proxy.sort(column, order)
    rows = proxy.source_rows()
    keys = [model.index(r, column).data(Role.SORT) for r in rows]
    descending = order == Qt.SortOrder.DescendingOrder
    assert keys == sorted(keys, reverse=descending)
    for i in range(1, len(rows)):
        if keys[i - 1] == keys[i]:
            assert rows[i - 1] < rows[i]  # ties keep the folder's order, in both directions

    def key(row: int) -> Any:
        return model.index(row, column).data(Role.SORT)

    assert rows == sorted(sorted(rows), key=key, reverse=descending)  # a stable reference
    proxy.sort(column, order)  # again: the same order
    assert proxy.source_rows() == rows


def test_dates_sort_chronologically_across_formats() -> None:
    model = make_model(200)
    proxy = proxy_for(model)
    proxy.sort(Column.DATE, Qt.SortOrder.AscendingOrder)
    dates = [model.when(r) for r in proxy.source_rows()]
    known = [d for d in dates if d is not None]
    assert dates[: len(dates) - len(known)] == [None] * (len(dates) - len(known))
    stamps = [d.timestamp() for d in known]
    assert stamps == sorted(stamps)


def test_selection_and_current_row_survive_filtering_and_sorting(qtbot: QtBot) -> None:
    model = make_model(300)
    proxy = proxy_for(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    proxy.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    selection = view.selectionModel()
    power = [r for r in range(proxy.rowCount()) if "power" in proxy.index(r, Column.TITLE).data()]
    other = [r for r in range(proxy.rowCount()) if r not in power]
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    kept = [
        proxy.index(power[0], 0).data(Role.DOCUMENT),
        proxy.index(power[3], 0).data(Role.DOCUMENT),
    ]
    dropped = proxy.index(other[0], 0).data(Role.DOCUMENT)
    for row in (power[0], power[3], other[0]):
        selection.select(proxy.index(row, 0), flags)
    selection.setCurrentIndex(proxy.index(power[3], 1), QItemSelectionModel.SelectionFlag.NoUpdate)

    proxy.set_text("power")
    selected = {proxy.index(i.row(), 0).data(Role.DOCUMENT) for i in selection.selectedRows()}
    assert selected == set(kept)  # the one the search hides left the selection
    assert view.currentIndex().data(Role.DOCUMENT) is kept[1]
    assert view.currentIndex().column() == 1
    proxy.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    selected = {proxy.index(i.row(), 0).data(Role.DOCUMENT) for i in selection.selectedRows()}
    assert selected == set(kept)
    assert view.currentIndex().data(Role.DOCUMENT) is kept[1]
    proxy.set_text("")
    assert dropped in shown(proxy)
    assert view.currentIndex().data(Role.DOCUMENT) is kept[1]


def test_rows_a_load_appends_are_placed_in_order() -> None:
    rng = random.Random(5)
    model = ArticleModel()
    proxy = proxy_for(model)
    proxy.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    proxy.set_status(Status.UNPUBLISHED)
    documents = [make_document(i, rng) for i in range(500)]
    for start in range(0, 500, 90):
        model.append(documents[start : start + 90])
        fresh = proxy_for(model)
        fresh.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
        fresh.set_status(Status.UNPUBLISHED)
        assert proxy.source_rows() == fresh.source_rows()


def test_data_is_cached_until_refresh_and_follows_edits() -> None:
    model = make_model(50)
    proxy = proxy_for(model)
    document = model.document(3)
    row = proxy.mapFromSource(model.index(3, 0)).row()
    assert proxy.index(row, Column.TITLE).data() == document.view.title
    document.set(("title",), "A new title")
    document.set(("published",), True)
    model.refresh(document)
    assert proxy.index(row, Column.TITLE).data() == "A new title"
    assert (
        proxy.index(row, Column.PUBLISHED).data(Qt.ItemDataRole.CheckStateRole)
        == Qt.CheckState.Checked
    )
    assert model.index(3, Column.TITLE).data(Role.SORT) == "a new title"
    assert model.counts()[1] == 1 and model.modified_documents() == [document]
    assert proxy.record(document).title_folded == "a new title"
    document.revert()
    model.refresh(document)
    assert model.counts()[1] == 0 and model.modified_documents() == []


def test_records_are_built_while_idle(qtbot: QtBot) -> None:
    model = make_model(1200)
    proxy = proxy_for(model)
    assert not proxy.records_ready()
    with qtbot.waitSignal(proxy.records_built, timeout=10_000):
        pass
    assert proxy.records_ready()


def test_mapping_both_ways() -> None:
    model = make_model(300)
    proxy = proxy_for(model)
    proxy.sort(Column.QUALITY, Qt.SortOrder.DescendingOrder)
    proxy.set_text("power")
    for row in range(proxy.rowCount()):  # more look-ups than scans: the table is built
        source = proxy.mapToSource(proxy.index(row, 2))
        assert source.column() == 2
        assert proxy.mapFromSource(source).row() == row
    hidden = next(r for r in range(model.rowCount()) if r not in set(proxy.source_rows()))
    assert not proxy.mapFromSource(model.index(hidden, 0)).isValid()
    assert proxy.headerData(Column.TITLE, Qt.Orientation.Horizontal) == "Title"


@pytest.mark.parametrize(
    "text", ["p", "power", "power apps", '"power apps"', "ÉCOLE data", "café", "zzz", "a b c"]
)
def test_bare_words_fast_path_matches_as_the_search_does(text: str) -> None:
    model = make_model(300)
    proxy = proxy_for(model)
    records = [proxy.record(d) for d in model.documents()]
    query = parse(text)
    expected = [query.matches(r) for r in records]
    assert [bool(x) for x in rowfilter.matching(query, records, None)] == expected
    rows = list(range(0, 300, 3))
    assert [bool(x) for x in rowfilter.matching(query, records, rows)] == expected[::3]


def test_a_refresh_of_many_scattered_rows_forgets_their_search_records_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = make_model(400)
    proxy = proxy_for(model)
    proxy.set_text("item")  # every record is made
    assert proxy.records_ready()
    made: list[Document] = []
    real = rowfilter.SearchRecords.new

    def new(
        self: rowfilter.SearchRecords, document: Document, when: Any, text: str | None = None
    ) -> Any:
        made.append(document)
        return real(self, document, when, text)

    monkeypatch.setattr(rowfilter.SearchRecords, "new", new)
    changed = [model.document(row) for row in range(3, 400, 5)]  # 80 rows, first to last
    for document in changed:
        document.set(("title",), "edited item")
    model.refresh(changed)  # one dataChanged spans rows 3 to 398
    assert not proxy.records_ready()
    proxy.set_text("edited")
    assert sorted(map(id, made)) == sorted(map(id, changed))  # the others were kept
    assert [d.view.title for d in shown(proxy)] == ["edited item"] * len(changed)
