"""A collection's own fields as columns after the fixed ones (``ArticleModel.set_fields``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from reviewer.app.table.columns import Column, table_columns
from reviewer.app.table.listpane import ListPane
from reviewer.app.table.model import ArticleModel
from reviewer.app.table.proxy import ArticleFilterProxy
from reviewer.core.document import Document
from reviewer.core.fields import Field, Kind, TableColumn
from reviewer.core.folder.scan import scan

PROFILE = "---\nname: {name}\nbio: {bio}\nfollowers: {followers}\n---\n"
BIO = Field(("bio",), "Bio", Kind.LONG_TEXT, column=TableColumn("FIELD:bio", 101, "Bio"))
FOLLOWERS = Field(
    ("followers",), "Followers", Kind.INT, column=TableColumn("FIELD:followers", 100, "Followers")
)


def _profiles(folder: Path) -> ArticleModel:
    folder.mkdir()
    for name, bio, followers in (("Ada", "Counts", 30), ("Grace", "Debugs", 10), ("Alan", "", 20)):
        (folder / f"{name.lower()}.md").write_text(
            PROFILE.format(name=name, bio=bio, followers=followers), encoding="utf-8"
        )
    model = ArticleModel()
    model.set_documents([Document(a) for a in scan(folder)])
    return model


def test_fields_become_columns_after_the_fixed_ones_in_the_order_given(
    tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    model = _profiles(tmp_path / "people")
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(model)
    fixed = len(table_columns())
    model.set_fields([FOLLOWERS, BIO, Field(("x",), "X", Kind.TEXT)])  # X has no column
    assert model.columnCount() == proxy.columnCount() == fixed + 2
    assert model.headerData(fixed, Qt.Orientation.Horizontal) == "Followers"
    assert model.headerData(fixed + 1, Qt.Orientation.Horizontal) == "Bio"
    assert [c.position for c, _f in model.columns] == list(range(fixed + 2))
    shown = {
        proxy.index(r, fixed + 1).data(): proxy.index(r, fixed).data()
        for r in range(proxy.rowCount())
    }
    assert shown == {"Counts": 30, "Debugs": 10, "": 20}
    proxy.sort(fixed, Qt.SortOrder.AscendingOrder)  # followers, as numbers
    assert [proxy.index(r, fixed).data() for r in range(3)] == [10, 20, 30]
    qtmodeltester.check(proxy)


def test_changing_the_fields_keeps_rows_and_drops_a_sort_by_a_removed_column(
    tmp_path: Path,
) -> None:
    model = _profiles(tmp_path / "people")
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(model)
    fixed = len(table_columns())
    model.set_fields([FOLLOWERS])
    proxy.set_text("name:grace")
    proxy.sort(fixed)
    resets: list[bool] = []
    proxy.modelReset.connect(lambda: resets.append(True))
    model.set_fields([BIO])
    assert proxy.sortColumn() == -1
    assert proxy.rowCount() == 1  # the search still holds, with no reset of the rows
    assert model.headerData(fixed, Qt.Orientation.Horizontal) == "Bio"
    assert proxy.index(0, fixed).data() == "Debugs"
    model.set_fields([])
    assert model.columnCount() == proxy.columnCount() == fixed
    assert proxy.index(0, Column.TITLE).data() is not None
    assert not resets


def test_a_header_saved_with_fewer_columns_gives_the_new_ones_their_defaults(
    qtbot: QtBot, tmp_path: Path
) -> None:
    model = _profiles(tmp_path / "people")
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(model)
    pane = ListPane(proxy)
    qtbot.addWidget(pane)
    header = pane.table.horizontalHeader()
    fixed = len(table_columns())
    state = header.saveState()
    hidden = Field(("x",), "X", Kind.TEXT, column=TableColumn("FIELD:x", 102, "X", hidden=True))
    model.set_fields([hidden, BIO])
    pane.set_columns(model.columns)
    assert header.isSectionHidden(fixed) and not header.isSectionHidden(fixed + 1)
    header.setSectionHidden(fixed, False)
    pane.restore_header(state, fixed)  # saved before X and Bio were columns: as they start
    assert header.count() == fixed + 2
    assert header.isSectionHidden(fixed)  # Qt alone would show it
    assert not header.isSectionHidden(fixed + 1)
    wide = header.saveState()
    model.set_fields([])
    pane.set_columns(model.columns)
    pane.restore_header(wide, fixed + 2)  # more columns than there are: not taken
    assert header.count() == fixed


def test_new_fields_keep_the_fixed_columns_sort_keys_and_drop_their_own(tmp_path: Path) -> None:
    # At 100,000 rows the date column's keys took 0.2 s to make again: the first keystroke
    # after a load paid it when the collection's columns arrived.
    model = _profiles(tmp_path / "people")
    fixed = len(table_columns())
    model.set_fields([FOLLOWERS])
    title = model.sort_keys(Column.TITLE)
    followers = model.sort_keys(fixed)
    model.set_fields([BIO, FOLLOWERS])
    assert model.sort_keys(Column.TITLE) is title  # kept, not made again
    assert model.sort_keys(fixed) is not followers  # the column there is Bio's now
    assert sorted(model.sort_keys(fixed)) == ["", "counts", "debugs"]
