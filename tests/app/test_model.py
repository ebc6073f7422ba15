"""The table model and its filter proxy, checked with pytest-qt's model tester."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from reviewer.app.table.columns import Column, Role
from reviewer.app.table.model import ArticleModel
from reviewer.app.table.proxy import ArticleFilterProxy, Status
from reviewer.core.document import Document
from reviewer.core.folder.scan import scan
from reviewer.core.query import fold


def _model(folder: Path) -> ArticleModel:
    model = ArticleModel()
    model.set_documents([Document(a) for a in scan(folder) if a.has_front_matter])
    return model


def _titles(proxy: ArticleFilterProxy) -> list[str]:
    return [proxy.index(r, Column.TITLE).data() for r in range(proxy.rowCount())]


def test_model_passes_qtmodeltester(qtmodeltester: ModelTester, articles: Path) -> None:
    model = _model(articles)
    assert model.rowCount() == 6  # five articles and the broken one; notes.md has no front matter
    qtmodeltester.check(model)


def test_proxy_passes_qtmodeltester(qtmodeltester: ModelTester, articles: Path) -> None:
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(_model(articles))
    proxy.set_text("story")
    proxy.sort(Column.DATE)
    qtmodeltester.check(proxy)


def test_dates_sort_chronologically_whatever_the_format(articles: Path) -> None:
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(_model(articles))
    proxy.set_status(Status.ALL)
    proxy.sort(Column.DATE, Qt.SortOrder.AscendingOrder)
    titles = [t for t in _titles(proxy) if t != "broken.md"]
    assert titles == ["Delta Story", "Charlie Story", "Alpha Story", "Bravo Story", "Echo Story"]


def test_status_filter_and_quick_filter(articles: Path) -> None:
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(_model(articles))
    proxy.set_status(Status.PUBLISHED)
    assert sorted(_titles(proxy)) == ["Bravo Story", "Delta Story"]
    proxy.set_status(Status.UNPUBLISHED)
    assert "Bravo Story" not in _titles(proxy)
    proxy.set_status(Status.ALL)
    proxy.set_text("cafe")  # accent-insensitive, matches the provider "Café Times"
    assert _titles(proxy) == ["Charlie Story"]
    proxy.set_text("FOOD charlie")  # every word, any case, topics included
    assert _titles(proxy) == ["Charlie Story"]
    proxy.set_text("nothing-like-this")
    assert proxy.rowCount() == 0


def test_sort_by_numbers(articles: Path) -> None:
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(_model(articles))
    proxy.sort(Column.QUALITY, Qt.SortOrder.DescendingOrder)
    assert _titles(proxy)[:2] == ["Echo Story", "Bravo Story"]


def test_error_rows_are_listed_and_marked(articles: Path) -> None:
    model = _model(articles)
    row = next(r for r in range(model.rowCount()) if model.document(r).article.error)
    index = model.index(row, Column.TITLE)
    assert index.data() == "broken.md"
    assert "duplicate key" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert not model.flags(model.index(row, Column.PUBLISHED)) & Qt.ItemFlag.ItemIsUserCheckable


def test_modified_rows_are_bold_and_checkbox_asks_for_an_edit(qtbot: QtBot, articles: Path) -> None:
    model = _model(articles)
    document = model.document(0)
    index = model.index(0, Column.PUBLISHED)
    with qtbot.waitSignal(model.edit_requested) as blocker:
        assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert blocker.args == [document, ("published",), True]
    assert document.modified is False  # the model never edits by itself
    document.set(("published",), True)
    assert model.index(0, Column.TITLE).data(Qt.ItemDataRole.FontRole).bold()
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert index.data(Role.DOCUMENT) is document


def test_fold_is_case_and_accent_insensitive() -> None:
    assert fold("Café ÉCOLE") == "cafe ecole"


def test_rows_stay_sorted_when_the_filter_changes(articles: Path) -> None:
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(_model(articles))
    proxy.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    proxy.set_status(Status.PUBLISHED)
    proxy.set_status(Status.UNPUBLISHED)
    assert _titles(proxy)[:3] == ["Echo Story", "Alpha Story", "Charlie Story"]
    proxy.set_text("story")
    proxy.set_text("")
    dates = [proxy.index(r, Column.DATE).data(Role.SORT) for r in range(proxy.rowCount())]
    assert dates == sorted(dates, reverse=True)


def test_the_published_column_shows_what_jekyll_does(tmp_path: Path) -> None:
    """Issue 11: a file without `published`, or with 'false' quoted, is live on the site."""
    values = {"true": "true", "false": "false", "none": None, "text": "'false'", "null": "null"}
    for name, value in values.items():
        line = f"published: {value}\n" if value is not None else ""
        (tmp_path / f"{name}.md").write_text(f"---\ntitle: Item {name}\n{line}---\n")
    model = _model(tmp_path)
    shown = {}
    for row in range(model.rowCount()):
        index = model.index(row, Column.PUBLISHED)
        check = Qt.CheckState(index.data(Qt.ItemDataRole.CheckStateRole))
        shown[model.document(row).path.stem] = (
            check == Qt.CheckState.Checked,
            index.data(),
            index.data(Qt.ItemDataRole.ToolTipRole),
        )
    assert shown == {
        "true": (True, None, "Published (published: true)."),
        "false": (False, None, "Not published (published: false)."),
        "none": (
            True,
            "*",
            "Published: the file has no published key, and Jekyll publishes such a file.",
        ),
        "text": (
            True,
            "*",
            "Published: published is the text 'false', and Jekyll publishes any value but false"
            " or null.",
        ),
        "null": (
            False,
            "*",
            "Not published: published is empty (null), which Jekyll reads as false.",
        ),
    }
    assert model.counts() == (2, 0, 0)  # unpublished: false and null
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_status(Status.UNPUBLISHED)  # what triage goes through
    assert sorted(_titles(proxy)) == ["Item false", "Item null"]
    proxy.set_status(Status.PUBLISHED)
    assert sorted(_titles(proxy)) == ["Item none", "Item text", "Item true"]
