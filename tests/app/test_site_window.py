"""A Jekyll site in the window: its collections, each with its own fields, view and defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_mainwindow import discard_edits, loading  # tests/app is on sys.path

from reviewer.app import dialogs
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.table.columns import Column

CONFIG = """\
title: A small site
baseurl: /blog
collections:
  news:
    output: true
  people:
    output: true
_people: &people
  category: people
  type: profile
defaults:
  - scope: {path: "_people", type: people}
    values:
      <<: *people
      layout: profile
"""

NEWS = """\
---
title: {title}
publishedDateTime: 2024-03-0{day}T10:00:00Z
published: {published}
provider:
  name: Example News
---
Body of {title}.
"""

PROFILE = """\
---
name: {name}
bio: {bio}
location: {location}
twitter:
  username: {handle}
  followers: {followers}
---
"""

COMMUNITY = """\
---
name: {name}
members:
  - Ada
  - Grace
---
"""


def make_site(root: Path) -> Path:
    """A site of three collections of different shapes (and Jekyll's own folders)."""
    root.mkdir()
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    for folder in ("_news", "_people", "_communities", "_sass", "_layouts"):
        (root / folder).mkdir()
    for day, (title, published) in enumerate((("First", "true"), ("Second", "false")), 1):
        text = NEWS.format(title=title, day=day, published=published)
        (root / "_news" / f"{title.lower()}.md").write_text(text, encoding="utf-8")
    people = (
        ("Ada Lovelace", "Wrote the first program", "London", "ada", 300),
        ("Grace Hopper", "Found the first bug", "New York", "grace", 200),
        ("Alan Turing", "Asked if machines think", "London", "alan", 100),
    )
    for name, bio, location, handle, followers in people:
        text = PROFILE.format(
            name=name, bio=bio, location=location, handle=handle, followers=followers
        )
        (root / "_people" / f"{handle}.md").write_text(text, encoding="utf-8")
    community = COMMUNITY.format(name="Pioneers")
    (root / "_communities" / "pioneers.md").write_text(community, encoding="utf-8")
    (root / "_layouts" / "profile.html").write_text("{{ content }}\n", encoding="utf-8")
    (root / "_sass" / "site.scss").write_text("body {}\n", encoding="utf-8")
    return root


def open_site(qtbot: QtBot, context: AppContext, folder: Path) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window, before_close_func=discard_edits)
    window.show()
    with loading(qtbot, window):
        window.open_folder(folder)
    qtbot.waitUntil(lambda: window.folder_fields.schema is not None, timeout=10_000)
    return window


def switch_to(qtbot: QtBot, window: MainWindow, name: str) -> None:
    folder = next(f for f in window.site.list.folders() if f.name == f"_{name}")
    window.folder_fields.schema = None
    with loading(qtbot, window):
        window.site.collection_requested.emit(folder)
    qtbot.waitUntil(lambda: window.folder_fields.schema is not None, timeout=10_000)


def titles(window: MainWindow) -> list[str]:
    proxy = window.proxy
    return sorted(proxy.index(r, Column.TITLE).data() for r in range(proxy.rowCount()))


def column_of(window: MainWindow, header: str) -> int:
    model = window.model
    for column in range(model.columnCount()):
        if model.headerData(column, Qt.Orientation.Horizontal) == header:
            return column
    raise AssertionError(f"no column {header!r}")


def test_the_site_opens_its_first_collection_with_every_collection_counted(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    site = make_site(tmp_path / "site")
    window = open_site(qtbot, context, site)
    assert window.folder == site / "_news"
    assert titles(window) == ["First", "Second"]
    listed = window.site.list
    assert listed.isVisible()

    def rows() -> list[list[str]]:
        items = [listed.topLevelItem(i) for i in range(listed.topLevelItemCount())]
        return [[item.text(c) for c in range(3)] for item in items if item is not None]

    assert [row[0] for row in rows()] == ["news", "people", "communities"]  # not _sass
    qtbot.waitUntil(lambda: rows()[1][1] == "3", timeout=10_000)
    assert rows() == [["news", "2", "1"], ["people", "3", ""], ["communities", "1", ""]]
    assert "_news" in window.windowTitle() and "site" in window.windowTitle()


def test_profiles_show_their_names_and_their_own_fields(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    site = make_site(tmp_path / "site")
    window = open_site(qtbot, context, site / "_people")
    assert titles(window) == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    bio = column_of(window, "Bio")
    header = window.table.horizontalHeader()
    assert not header.isSectionHidden(bio)
    assert header.isSectionHidden(Column.PROVIDER)  # no profile has a provider
    assert header.isSectionHidden(column_of(window, "Name"))  # the Title column shows it
    shown = {
        window.proxy.index(r, Column.TITLE).data(): window.proxy.index(r, bio).data()
        for r in range(window.proxy.rowCount())
    }
    assert shown["Grace Hopper"] == "Found the first bug"
    window.list_pane.filter_edit.setText("location:london")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 2)


def test_inherited_values_are_shown_searched_and_marked(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    site = make_site(tmp_path / "site")
    window = open_site(qtbot, context, site / "_people")
    category = Column.CATEGORY
    row = 0
    assert window.proxy.index(row, category).data() == "people"  # from _config.yml
    tip = window.proxy.index(row, category).data(Qt.ItemDataRole.ToolTipRole)
    assert "Inherited from _config.yml" in tip
    assert not window.table.horizontalHeader().isSectionHidden(category)  # inherited: shown
    window.select_row(row)
    form = window.detail.fields
    assert ("category",) in [f.path for f in form.form_fields()]
    combo = form.editor("category")
    line = combo.lineEdit()  # the combo's text is what shows the inherited value
    assert line is not None and line.placeholderText() == "people"
    assert line.toolTip().startswith("Inherited from _config.yml")
    window.list_pane.filter_edit.setText("category:people")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 3)


def test_each_collection_keeps_its_own_search_and_current_file(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    site = make_site(tmp_path / "site")
    window = open_site(qtbot, context, site)
    window.list_pane.filter_edit.setText("second")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)
    window.select_row(0)
    switch_to(qtbot, window, "people")
    assert window.list_pane.filter_edit.text() == ""
    assert window.proxy.rowCount() == 3
    window.list_pane.filter_edit.setText("grace")
    switch_to(qtbot, window, "news")
    assert window.list_pane.filter_edit.text() == "second"
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)
    document = window.current_document()
    assert document is not None and document.path.name == "second.md"
    switch_to(qtbot, window, "people")
    assert window.list_pane.filter_edit.text() == "grace"


def test_a_broken_site_configuration_is_said_and_the_folder_still_opens(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path / "site")
    (site / "_config.yml").write_text("defaults: [\n", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs, "error_dialog", lambda _parent, text, detail="": shown.append(f"{text} {detail}")
    )
    window = open_site(qtbot, context, site / "_people")
    assert shown and "_config.yml" in shown[0]
    assert titles(window) == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert not window.site.list.isVisible()


def test_each_collection_keeps_its_own_columns_and_sort(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    site = make_site(tmp_path / "site")
    window = open_site(qtbot, context, site / "_people")
    header = window.table.horizontalHeader()
    bio = column_of(window, "Bio")
    header.setSectionHidden(bio, True)
    header.setSortIndicator(Column.TITLE, Qt.SortOrder.AscendingOrder)
    switch_to(qtbot, window, "news")
    assert header.count() < bio + 1 or not header.isSectionHidden(Column.PROVIDER)
    switch_to(qtbot, window, "people")
    assert column_of(window, "Bio") == bio
    assert header.isSectionHidden(bio)
    assert header.sortIndicatorSection() == Column.TITLE
    assert titles(window) == [
        window.proxy.index(r, Column.TITLE).data() for r in range(window.proxy.rowCount())
    ]


def test_the_title_keeps_room_beside_a_folders_own_columns(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    site = make_site(tmp_path / "site")
    window = open_site(qtbot, context, site / "_people")
    header = window.table.horizontalHeader()
    assert header.sectionSize(Column.TITLE) >= 200
    names = sorted(window.proxy.index(r, Column.TITLE).data() for r in range(3))
    assert names == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    followers = column_of(window, "Twitter followers")  # a small mapping: in the summary
    values = sorted(window.proxy.index(r, followers).data() for r in range(3))
    assert values == [100, 200, 300]  # every row, not only the one read in full
