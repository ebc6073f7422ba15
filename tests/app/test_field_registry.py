"""Every place that shows known fields shows exactly the registry's, and a field added to the
registry appears in each place it declares, with no other edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from reviewer.app.browse.sidebar import Sidebar, facet_counts, facet_key
from reviewer.app.detail.detail import other_fields
from reviewer.app.detail.fieldform import FieldsForm, attribute_name
from reviewer.app.detail.fields import FieldLabel
from reviewer.app.editing import field_name
from reviewer.app.table.columns import FILE, GIT, IMAGE, SIMILAR, table_columns
from reviewer.app.table.model import ArticleModel
from reviewer.app.table.searchbar import SearchBar
from reviewer.cli.output import article_row, names
from reviewer.core import fields, read_article
from reviewer.core.article import SUMMARY_KEYS, Article
from reviewer.core.document import Document
from reviewer.core.fields import Facet, Field, Kind, Output, TableColumn

_HORIZONTAL = Qt.Orientation.Horizontal
_DISPLAY = Qt.ItemDataRole.DisplayRole

DATA: dict[str, Any] = {
    "title": "Lighthouse keepers gather",
    "excerpt": "Volunteers walked the coast.",
    "category": "news",
    "type": "article",
    "publishedDateTime": dt.datetime(2021, 9, 20, 16, 44),
    "quality": 72,
    "heat": 15,
    "published": True,
    "originalUrl": "https://example.org/a",
    "webUrl": "https://example.com/a",
    "provider": {"name": "Coastal Gazette", "domain": "example.org"},
    "topics": ["Lighthouses", "Coast"],
    "secured": "c2ln",
    "subtitle": "Along the coast",
}


def _document(data: dict[str, Any] = DATA) -> Document:
    return Document(Article(Path("/site/a.md"), b"", None, dict(data)))


def _form_labels(form: FieldsForm) -> tuple[list[str], list[str]]:
    """The texts of the form's editable rows' labels, and of its shown-only rows' labels."""
    editable, shown = [], []
    for row in range(form.form.rowCount()):
        item = form.form.itemAt(row, form.form.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, FieldLabel):
            editable.append(label.text())
        elif isinstance(label, QLabel):
            shown.append(label.text())
    return editable, shown


# -- each place covers exactly the registry's fields


def test_the_table_has_a_column_per_registry_column_then_file_and_similar(qtbot: QtBot) -> None:
    model = ArticleModel()
    model.set_documents([_document()])
    registry = [f.column for f in fields.columns() if f.column is not None]
    assert [c for c, _f in table_columns()] == sorted(
        [*registry, FILE, SIMILAR, IMAGE, GIT], key=lambda c: c.position
    )
    assert model.columnCount() == len(registry) + 4
    for column, field in table_columns():
        section = column.position
        shown = model.headerData(section, _HORIZONTAL, _DISPLAY)
        icon = model.headerData(section, _HORIZONTAL, Qt.ItemDataRole.DecorationRole)
        assert shown == column.header or (shown == "" and icon is not None)
        assert model.headerData(section, _HORIZONTAL, Qt.ItemDataRole.ToolTipRole) == (
            column.tip or None
        )
        if field is None:
            continue
        cell = model.cell(0, section, _DISPLAY)
        value = field.read(DATA)
        if field.kind is Kind.BOOL:
            checked = model.cell(0, section, Qt.ItemDataRole.CheckStateRole)
            assert checked == Qt.CheckState.Checked
        elif field.kind is Kind.DATE:
            assert cell == "2021-09-20 16:44"
        elif field.kind is Kind.TEXT_LIST:
            assert cell == ", ".join(value)
        else:
            assert cell == value


def test_the_form_edits_the_editable_fields_and_shows_the_others(qtbot: QtBot) -> None:
    form = FieldsForm()
    qtbot.addWidget(form)
    editable, shown = _form_labels(form)
    assert editable == [f.label for f in fields.editable()]
    assert shown == [f.label for f in fields.form() if not f.editable]
    assert list(form.editors) == [f.path for f in fields.form()]
    for field in fields.form():
        assert getattr(form, attribute_name(field)) is form.editor(field.path)
        assert form.editor(field.name) is form.editor(field.path)
    known = {f.path[0] for f in fields.form()}
    assert set(other_fields(DATA)) == set(DATA) - known == {"secured", "subtitle"}


def test_the_sidebar_has_a_group_per_facet(qtbot: QtBot) -> None:
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    facets = fields.facets()
    assert list(sidebar.groups) == [facet_key(f) for f in facets]
    assert [g.text(0) for g in sidebar.groups.values()] == [
        f.facet.title for f in facets if f.facet is not None
    ]
    counts = facet_counts([_document()])
    assert list(counts) == list(sidebar.groups)
    assert counts["topics"] == {"Lighthouses": 1, "Coast": 1}
    assert counts["date"] == {"2021": 1}


def test_search_completion_offers_the_search_names(qtbot: QtBot) -> None:
    bar = SearchBar()
    qtbot.addWidget(bar)
    assert bar.base_fields == tuple(f.search for f in fields.FIELDS if f.search)


def test_list_writes_the_output_fields() -> None:
    row = article_row(_document().article, Path("/site"))
    written = [f.output.name for f in fields.outputs() if f.output is not None]
    as_written = ["published_written", "published_value"]  # after published, Jekyll's reading
    i = written.index("published") + 1
    assert list(row) == ["path", *written[:i], *as_written, *written[i:], "error"]
    assert list(row) == list(names())
    assert row["provider"] == "Coastal Gazette"
    assert row["publishedDateTime"] == "2021-09-20T16:44:00"


def test_undo_names_and_summaries_come_from_the_registry() -> None:
    for field in fields.FIELDS:
        assert field_name(field.path) == field.label
    assert field_name(("featuredContent",)) == "featuredContent"
    assert {f.path[0] for f in fields.summary_fields()} == SUMMARY_KEYS


# -- adding a field is one edit

SUBTITLE = Field(
    ("subtitle",),
    "Subtitle",
    Kind.TEXT,
    "A line under the title",
    column=TableColumn("SUBTITLE", 13, "Subtitle", "The line under the title"),
    facet=Facet("Subtitles", 5),
    search="subtitle",
    output=Output("subtitle", 9),
)


@pytest.fixture
def with_subtitle(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(fields, "FIELDS", (*fields.FIELDS, SUBTITLE))
    yield


@pytest.mark.usefixtures("with_subtitle")
def test_an_added_field_is_a_column(qtbot: QtBot) -> None:
    model = ArticleModel()
    model.set_documents([_document(), _document({"title": "No subtitle"})])
    assert model.columnCount() == 14
    assert model.headerData(13, _HORIZONTAL, _DISPLAY) == "Subtitle"
    assert model.headerData(13, _HORIZONTAL, Qt.ItemDataRole.ToolTipRole) == (
        "The line under the title"
    )
    assert model.cell(0, 13, _DISPLAY) == "Along the coast"
    assert model.sort_keys(13) == ["along the coast", ""]


@pytest.mark.usefixtures("with_subtitle")
def test_an_added_field_is_a_form_row(qtbot: QtBot, tmp_path: Path) -> None:
    form = FieldsForm()
    qtbot.addWidget(form)
    line = form.editor("subtitle")
    assert isinstance(line, QLineEdit) and form.subtitle is line
    assert _form_labels(form)[0][-1] == "Subtitle"
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\nsubtitle: Along the coast\n---\nBody\n", encoding="utf-8")
    form.show_document(Document(read_article(path)))
    assert line.text() == "Along the coast" and line.toolTip() == "A line under the title"
    with qtbot.waitSignal(form.edit_requested) as edit:
        line.textEdited.emit("Along the bay")
    assert edit.args == [("subtitle",), "Along the bay", True]
    assert "subtitle" not in other_fields(DATA)
    assert field_name(("subtitle",)) == "Subtitle"


@pytest.mark.usefixtures("with_subtitle")
def test_an_added_field_is_a_facet_a_search_name_and_an_output(qtbot: QtBot) -> None:
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    assert sidebar.groups["subtitle"].text(0) == "Subtitles"
    assert facet_counts([_document()])["subtitle"] == {"Along the coast": 1}
    bar = SearchBar()
    qtbot.addWidget(bar)
    assert "subtitle" in bar.base_fields
    row = article_row(_document().article, Path("/site"))
    assert list(row)[-2:] == ["subtitle", "error"] and row["subtitle"] == "Along the coast"
    assert names()[-2:] == ("subtitle", "error")


def test_the_added_field_is_gone_again_after_the_test() -> None:
    assert fields.find("subtitle") is None
    assert "subtitle" not in names()
