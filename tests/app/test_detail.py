"""The detail pane: every field edits the document through the editor, undoably."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # in case this runs without the conftest

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTreeWidget
from pytestqt.qtbot import QtBot

from reviewer.app.detail.detail import EMPTY_MESSAGE, DetailPane, other_fields
from reviewer.app.detail.sourceview import diff_counts
from reviewer.app.editing import Editor
from reviewer.core.document import MISSING, Document
from reviewer.core.errors import EditError
from reviewer.core.store import read_article

ARTICLE = """\
---
title: "Lighthouse keepers gather"
excerpt: "Volunteers walked the coast."
category: news
type: article
publishedDateTime: 2021-09-20T16:44:00Z
quality: 72
heat: 15
published: true
originalUrl: "https://example.org/lighthouses"
webUrl: "javascript:alert(1)"
provider:
  name: Coastal Gazette
  domain: example.org
topics:
  - Lighthouses
  - Volunteering
  - Coast
images:
  - url: "https://example.org/lamp.jpg"
    width: 1280
    height: 720
    isCached: true
related:
  - title: "Another story"
    publishedDateTime: 2024-02-21T15:43:00Z
    provider:
      name: The Times
featuredContent: "<p>Counted by hand.</p>"
secured: "AbCdEf0123+/xyz;sig/Plus+Slash=="
---
Body text.
"""


def write(tmp_path: Path, text: str, name: str = "article.md") -> Document:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return Document(read_article(path))


@pytest.fixture
def editor() -> Editor:
    return Editor()


@pytest.fixture
def document(tmp_path: Path) -> Document:
    return write(tmp_path, ARTICLE)


@pytest.fixture
def pane(qtbot: QtBot, editor: Editor, document: Document) -> DetailPane:
    widget = DetailPane(editor)
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.set_document(document)
    return widget


def rendered(document: Document) -> str:
    return document.render().decode()


# -- showing


def test_empty_state(qtbot: QtBot, editor: Editor) -> None:
    pane = DetailPane(editor)
    qtbot.addWidget(pane)
    assert pane.document() is None
    assert pane.stack.currentWidget() is pane.empty
    assert pane.empty.text() == EMPTY_MESSAGE


def test_shows_the_fields(pane: DetailPane, document: Document) -> None:
    fields = pane.fields
    assert pane.stack.currentWidget() is pane.page
    assert pane.document() is document
    assert pane.name.full_text() == "article.md"
    assert pane.path.toolTip() == str(document.path)
    assert fields.published.isChecked() and fields.published.text() == "Published"
    assert fields.title.text() == "Lighthouse keepers gather"
    assert fields.excerpt.toPlainText() == "Volunteers walked the coast."
    assert fields.category.currentText() == "news"
    assert fields.type.currentText() == "article"
    assert fields.date.edit.dateTime().toString("yyyy-MM-dd HH:mm:ss") == "2021-09-20 16:44:00"
    assert fields.date.zone.text() == "UTC"
    assert (fields.quality.value(), fields.heat.value()) == (72, 15)
    assert fields.provider_name.text() == "Coastal Gazette"
    assert fields.provider_domain.text() == "example.org"
    assert fields.topics.tags() == ["Lighthouses", "Volunteering", "Coast"]
    image = fields.images.topLevelItem(0)
    assert image is not None
    assert [image.text(c) for c in range(3)] == [
        "https://example.org/lamp.jpg",
        "1280×720",
        "cached",
    ]
    related = fields.related.topLevelItem(0)
    assert related is not None
    assert related.text(0) == "Another story"
    assert related.text(1) == "The Times"
    assert not pane.modified.isVisibleTo(pane)
    assert not pane.error_banner.isVisibleTo(pane)


def test_other_fields_show_secured_and_unknown_keys(pane: DetailPane, document: Document) -> None:
    text = pane.other.toPlainText()
    assert 'secured: "AbCdEf0123+/xyz;sig/Plus+Slash=="' in text  # as the file writes it
    assert 'featuredContent: "<p>Counted by hand.</p>"' in text
    assert "title" not in text
    assert list(other_fields(document.article.data)) == ["featuredContent", "secured"]
    assert pane.tabs.tabText(1) == "Other (2)"


def test_source_tab_shows_the_raw_text(pane: DetailPane) -> None:
    pane.tabs.setCurrentWidget(pane.source)
    assert pane.source.text.toPlainText() == ARTICLE


# -- editing each kind of field


def test_typing_a_title_is_one_undo_step(
    qtbot: QtBot, pane: DetailPane, editor: Editor, document: Document
) -> None:
    title = pane.fields.title
    title.end(False)
    qtbot.keyClicks(title, " today")
    assert document.changes == {("title",): "Lighthouse keepers gather today"}
    assert editor.undo_stack.count() == 1
    assert pane.fields.label(("title",)).is_changed()
    assert pane.modified.isVisibleTo(pane)
    editor.undo_stack.undo()
    assert document.changes == {}
    assert title.text() == "Lighthouse keepers gather"
    assert not pane.fields.label(("title",)).is_changed()


def test_typing_the_disk_value_back_drops_the_change(
    qtbot: QtBot, pane: DetailPane, document: Document
) -> None:
    title = pane.fields.title
    title.end(False)
    qtbot.keyClicks(title, "s")
    assert document.modified
    qtbot.keyClick(title, Qt.Key.Key_Backspace)
    assert not document.modified
    assert not pane.fields.revert_button(("title",)).isEnabled()


def test_excerpt(qtbot: QtBot, pane: DetailPane, document: Document) -> None:
    excerpt = pane.fields.excerpt
    excerpt.moveCursor(excerpt.textCursor().MoveOperation.End)
    qtbot.keyClicks(excerpt, " Twice.")
    assert document.changes == {("excerpt",): "Volunteers walked the coast. Twice."}


def test_category_and_type_combos(
    qtbot: QtBot, pane: DetailPane, document: Document, editor: Editor
) -> None:
    pane.set_suggestions(
        {"category": ["news", "opinion"], "type": ["article", "video"], "topics": ["Tides"]}
    )
    assert document.changes == {}  # filling suggestions is no edit
    assert pane.fields.category.currentText() == "news"
    pane.fields.category.setCurrentIndex(1)
    assert document.changes == {("category",): "opinion"}
    line = pane.fields.type.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "podcast")
    assert document.changes[("type",)] == "podcast"
    assert editor.undo_stack.count() == 2
    assert "type: podcast\n" in rendered(document)


def test_date_edit_keeps_the_zone(pane: DetailPane, document: Document) -> None:
    edit = pane.fields.date.edit
    edit.setDateTime(QDateTime(QDate(2022, 1, 2), QTime(3, 4, 5), QTimeZone.utc()))
    value = document.changes[("publishedDateTime",)]
    assert value == dt.datetime(2022, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    assert value.tzinfo is document.disk_value(("publishedDateTime",)).tzinfo
    assert "publishedDateTime: 2022-01-02T03:04:05Z\n" in rendered(document)


def test_spin_boxes(pane: DetailPane, document: Document, editor: Editor) -> None:
    pane.fields.quality.setValue(80)
    assert document.changes == {("quality",): 80}
    pane.fields.heat.setValue(pane.fields.heat.minimum())  # "(none)": the key goes
    assert document.changes[("heat",)] is MISSING
    assert "heat:" not in rendered(document)
    assert pane.fields.heat.text() == "(none)"
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert (pane.fields.quality.value(), pane.fields.heat.value()) == (72, 15)


def test_provider_fields(qtbot: QtBot, pane: DetailPane, document: Document) -> None:
    name = pane.fields.provider_name
    name.selectAll()
    qtbot.keyClicks(name, "Harbour News")
    domain = pane.fields.provider_domain
    domain.selectAll()
    qtbot.keyClicks(domain, "harbour.example")
    assert document.changes == {
        ("provider", "name"): "Harbour News",
        ("provider", "domain"): "harbour.example",
    }
    assert "  name: Harbour News\n  domain: harbour.example\n" in rendered(document)


def test_topics_add_remove_reorder(
    qtbot: QtBot, pane: DetailPane, document: Document, editor: Editor
) -> None:
    tags = pane.fields.topics
    qtbot.keyClicks(tags.input, "Tides")
    qtbot.keyClick(tags.input, Qt.Key.Key_Return)
    assert document.get(("topics",)) == ["Lighthouses", "Volunteering", "Coast", "Tides"]
    assert tags.input.text() == ""

    qtbot.keyClicks(tags.input, "coast")  # already there (case aside): selected, not added
    qtbot.keyClick(tags.input, Qt.Key.Key_Return)
    assert document.get(("topics",)) == ["Lighthouses", "Volunteering", "Coast", "Tides"]
    assert tags.list.currentRow() == 2

    tags.list.setCurrentRow(0)
    qtbot.mouseClick(tags.remove_button, Qt.MouseButton.LeftButton)
    assert document.get(("topics",)) == ["Volunteering", "Coast", "Tides"]

    tags.list.setCurrentRow(2)
    qtbot.keyClick(tags.list, Qt.Key.Key_Delete)
    assert document.get(("topics",)) == ["Volunteering", "Coast"]

    tags.list.setCurrentRow(1)
    qtbot.mouseClick(tags.up_button, Qt.MouseButton.LeftButton)
    assert document.get(("topics",)) == ["Coast", "Volunteering"]
    qtbot.keyClick(tags.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert document.get(("topics",)) == ["Volunteering", "Coast"]
    assert not tags.down_button.isEnabled()  # the last one cannot go further down

    assert rendered(document).count("topics:\n  - Volunteering\n  - Coast\n") == 1
    for _ in range(5):
        editor.undo_stack.undo()
    assert document.changes == {}
    assert tags.tags() == ["Lighthouses", "Volunteering", "Coast"]


def test_topic_chosen_from_the_suggestions(
    qtbot: QtBot, pane: DetailPane, document: Document
) -> None:
    pane.set_suggestions({"topics": ["Tides", "Tidal power"]})
    tags = pane.fields.topics
    tags.completer.setCompletionPrefix("tidal")  # typing would also show the popup
    assert tags.completer.completionCount() == 1
    tags.input.setText("tidal")
    tags.completer.activated.emit("Tidal power")  # what choosing it in the popup does
    qtbot.waitUntil(lambda: ("topics",) in document.changes)
    assert document.changes[("topics",)][-1] == "Tidal power"
    assert tags.input.text() == ""


def test_published_toggle_and_changes_tab(
    qtbot: QtBot, pane: DetailPane, document: Document
) -> None:
    pane.tabs.setCurrentWidget(pane.changes)
    assert pane.changes.message.text() == "No unsaved changes"
    toggle = pane.fields.published
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert document.changes == {("published",): False}
    assert toggle.text() == "Unpublished" and not toggle.isChecked()
    assert pane.tabs.tabText(3) == "Changes ●"
    qtbot.waitUntil(lambda: bool(pane.changes.diff_text()))
    diff = pane.changes.diff_text()
    assert diff_counts(diff) == (1, 1)
    changed = [line for line in diff.split("\n")[2:] if line[:1] in "+-"]
    assert changed == ["-published: true", "+published: false"]

    toggle.setFocus()
    qtbot.keyClick(toggle, Qt.Key.Key_Space)
    assert document.changes == {}
    assert toggle.text() == "Published"


def test_changes_are_worked_out_only_when_shown(pane: DetailPane) -> None:
    pane.tabs.setCurrentWidget(pane.fields)
    pane.fields.quality.setValue(1)
    assert pane.changes_pending()
    assert pane.changes.diff_text() == ""
    pane.tabs.setCurrentWidget(pane.changes)
    assert not pane.changes_pending()
    assert "+quality: 1" in pane.changes.diff_text()


def test_changes_tab_shows_why_a_change_cannot_be_saved(
    pane: DetailPane, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Document) -> bytes:
        raise EditError("the value of 'title' would differ")

    monkeypatch.setattr(Document, "render", refuse)  # a Document has slots: on its class
    pane.fields.quality.setValue(1)
    pane.tabs.setCurrentWidget(pane.changes)
    assert "cannot be saved: the value of 'title' would differ" in pane.changes.message.text()
    assert pane.changes.diff_text() == ""


def test_revert_button(qtbot: QtBot, pane: DetailPane, document: Document, editor: Editor) -> None:
    revert = pane.fields.revert_button(("quality",))
    assert not revert.isEnabled()
    assert revert.toolTip() == "Revert to the value on disk"
    pane.fields.quality.setValue(5)
    pane.fields.title.setText("ignored")  # setText is no user edit: textEdited is not emitted
    assert revert.isEnabled()
    qtbot.mouseClick(revert, Qt.MouseButton.LeftButton)
    assert document.changes == {}
    assert pane.fields.quality.value() == 72
    assert not revert.isEnabled()
    assert editor.undo_stack.count() == 2
    editor.undo_stack.undo()
    assert pane.fields.quality.value() == 5


def test_refresh_follows_edits_made_elsewhere(
    pane: DetailPane, document: Document, editor: Editor
) -> None:
    editor.set_value(document, ("title",), "From the table")
    assert pane.fields.title.text() == "From the table"
    other = Document(document.article)
    editor.set_value(other, ("title",), "Not shown")
    assert pane.fields.title.text() == "From the table"


# -- URLs


def test_open_buttons(pane: DetailPane, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    original, web = pane.fields.original_url, pane.fields.web_url
    assert original.open_button.isEnabled()
    assert "Only http:// and https://" in web.open_button.toolTip()
    assert web.open_button.isEnabled()  # a click says why it is not opened
    assert not web.open_url()  # nothing is handed to the desktop
    web.line.setText("file:///etc/passwd")
    assert not web.open_url()
    assert opened == []
    web.line.setText("")
    assert not web.open_button.isEnabled()
    web.line.setText("https://example.org/web")
    assert web.open_url()
    assert opened == [QUrl("https://example.org/web")]


# -- other states


def test_deleted_on_disk_banner(pane: DetailPane, document: Document) -> None:
    assert not pane.deleted_banner.isVisibleTo(pane)
    document.deleted_on_disk = True
    pane.refresh()
    assert pane.deleted_banner.isVisibleTo(pane)


def test_focus_fields(qtbot: QtBot, pane: DetailPane) -> None:
    pane.show()
    qtbot.waitExposed(pane)
    pane.tabs.setCurrentWidget(pane.source)
    pane.activateWindow()
    pane.focus_fields()
    assert pane.tabs.currentWidget() is pane.fields
    qtbot.waitUntil(lambda: pane.fields.published.hasFocus())


def test_back_to_no_document(pane: DetailPane) -> None:
    pane.set_document(None)
    assert pane.stack.currentWidget() is pane.empty


def test_other_fields_are_the_files_own_text_not_a_re_dump(qtbot: QtBot, tmp_path: Path) -> None:
    """Issue 10: the tab said values are kept as in the file but showed yaml.safe_dump's."""
    path = tmp_path / "a.md"
    path.write_text(
        "---\n"
        "title: A\n"
        "secured: 'quoted:sig=='\n"
        "updated: 2024-03-04T10:00:00+01:00\n"
        "extra:\n"
        "  - {a: 1}   # kept as written\n"
        "---\n",
        encoding="utf-8",
    )
    pane = DetailPane(Editor())
    qtbot.addWidget(pane)
    pane.set_document(Document(read_article(path)))
    assert pane.other.toPlainText() == (
        "secured: 'quoted:sig=='\n"
        "updated: 2024-03-04T10:00:00+01:00\n"
        "extra:\n"
        "  - {a: 1}   # kept as written"
    )


def test_a_value_the_field_refuses_is_not_applied_and_the_field_says_why(
    qtbot: QtBot, pane: DetailPane, document: Document, editor: Editor
) -> None:
    form = pane.fields
    url = form.original_url
    url.line.selectAll()
    qtbot.keyClicks(url.line, "ftp://example.org/x")
    assert ("originalUrl",) not in document.changes
    assert document.view.data["originalUrl"] == "https://example.org/lighthouses"
    problem = form.problem(("originalUrl",))
    assert problem == "originalUrl must be an http:// or https:// address, not the text " + (
        "'ftp://example.org/x'."
    )
    assert "border" in url.line.styleSheet()
    assert problem in url.line.toolTip() and "not applied" in url.line.toolTip()
    url.line.selectAll()
    qtbot.keyClicks(url.line, "https://example.org/boats")
    assert document.changes[("originalUrl",)] == "https://example.org/boats"
    assert form.problem(("originalUrl",)) == ""
    assert url.line.styleSheet() == "" and url.line.toolTip() == "The original story"
    assert editor.undo_stack.count() == 1


def test_a_value_in_the_file_the_field_refuses_is_shown_framed(pane: DetailPane) -> None:
    web = pane.fields.web_url  # javascript:alert(1) in the file
    assert pane.fields.problem(("webUrl",)).startswith("webUrl must be an http:// or https://")
    assert "border" in web.line.styleSheet()
    assert pane.fields.problem(("title",)) == ""


def test_protected_fields_have_no_editor(pane: DetailPane) -> None:
    form = pane.fields
    assert ("secured",) not in form.editors
    for path in (("images",), ("related",)):
        tree = form.editor(path)
        assert isinstance(tree, QTreeWidget)  # a table that shows, with no editable item
        items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        assert items and not any(
            item is None or item.flags() & Qt.ItemFlag.ItemIsEditable for item in items
        )
