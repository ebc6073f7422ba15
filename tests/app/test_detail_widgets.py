"""The detail pane with unusual files (other date forms, errors), and its helpers."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # in case this runs without the conftest

import pytest
from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from pytestqt.qtbot import QtBot

from reviewer.app.detail.detail import DetailPane
from reviewer.app.detail.fields import zone_name
from reviewer.app.detail.sourceview import diff_counts, unified_diff
from reviewer.app.detail.tagedit import TagEditor
from reviewer.app.editing import Editor
from reviewer.core.document import Document
from reviewer.core.store import read_article


def write(tmp_path: Path, text: str, name: str = "article.md") -> Document:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return Document(read_article(path))


def rendered(document: Document) -> str:
    return document.render().decode()


@pytest.fixture
def editor() -> Editor:
    return Editor()


# -- files in other forms


def test_date_with_an_offset_is_edited_in_that_offset(
    qtbot: QtBot, tmp_path: Path, editor: Editor
) -> None:
    document = write(tmp_path, "---\npublishedDateTime: 2021-09-20T18:44:00+02:00\n---\n")
    pane = DetailPane(editor)
    qtbot.addWidget(pane)
    pane.set_document(document)
    field = pane.fields.date
    assert field.zone.text() == "UTC+02:00"
    assert field.edit.dateTime().toString("HH:mm") == "18:44"  # the file's wall time
    assert "your time zone" in field.edit.toolTip()
    field.edit.setDateTime(QDateTime(QDate(2021, 9, 21), QTime(9, 0, 0), QTimeZone.utc()))
    assert rendered(document) == "---\npublishedDateTime: 2021-09-21T09:00:00+02:00\n---\n"


def test_a_date_only_value_stays_a_date(qtbot: QtBot, tmp_path: Path, editor: Editor) -> None:
    document = write(tmp_path, "---\npublishedDateTime: 2021-09-20\n---\n")
    pane = DetailPane(editor)
    qtbot.addWidget(pane)
    pane.set_document(document)
    assert pane.fields.date.edit.displayFormat() == "yyyy-MM-dd"
    assert pane.fields.date.zone.text() == "date only"
    pane.fields.date.edit.setDateTime(QDateTime(QDate(2021, 9, 22), QTime(0, 0), QTimeZone.utc()))
    assert document.changes == {("publishedDateTime",): dt.date(2021, 9, 22)}
    assert rendered(document) == "---\npublishedDateTime: 2021-09-22\n---\n"


def test_now_button_on_a_file_without_a_date(qtbot: QtBot, tmp_path: Path, editor: Editor) -> None:
    document = write(tmp_path, "---\ntitle: x\n---\n")
    pane = DetailPane(editor)
    qtbot.addWidget(pane)
    pane.set_document(document)
    assert pane.fields.date.edit.text() == "(none)"
    assert pane.fields.date.zone.text() == "not set"
    pane.fields.date.now.click()
    value = document.changes[("publishedDateTime",)]
    assert value.tzinfo is dt.timezone.utc
    assert abs(dt.datetime.now(dt.timezone.utc) - value) < dt.timedelta(minutes=1)
    assert pane.fields.date.zone.text() == "UTC"


def test_naive_and_string_dates(qtbot: QtBot, tmp_path: Path, editor: Editor) -> None:
    pane = DetailPane(editor)
    qtbot.addWidget(pane)
    naive = write(tmp_path, "---\npublishedDateTime: 2021-09-20 16:44:00\n---\n", "naive.md")
    pane.set_document(naive)
    assert pane.fields.date.zone.text() == "no zone in file"
    pane.fields.date.edit.setDateTime(QDateTime(QDate(2021, 9, 20), QTime(17, 0), QTimeZone.utc()))
    assert naive.changes[("publishedDateTime",)] == dt.datetime(2021, 9, 20, 17, 0)
    assert rendered(naive) == "---\npublishedDateTime: 2021-09-20 17:00:00\n---\n"

    text = write(tmp_path, "---\npublishedDateTime: Sep 20, 2021 4:44 PM\n---\n", "text.md")
    pane.set_document(text)
    assert pane.fields.date.edit.dateTime().toString("yyyy-MM-dd HH:mm") == "2021-09-20 16:44"
    pane.fields.date.edit.setDateTime(QDateTime(QDate(2022, 1, 2), QTime(3, 4), QTimeZone.utc()))
    assert isinstance(text.changes[("publishedDateTime",)], dt.datetime)
    assert rendered(text) == "---\npublishedDateTime: Jan 2, 2022 3:04 AM\n---\n"


def test_stepping_up_from_none_starts_at_zero(qtbot: QtBot, tmp_path: Path, editor: Editor) -> None:
    document = write(tmp_path, "---\ntitle: x\n---\n")
    pane = DetailPane(editor)
    qtbot.addWidget(pane)
    pane.set_document(document)
    assert pane.fields.quality.text() == "(none)"
    pane.fields.quality.stepUp()
    assert document.changes == {("quality",): 0}
    assert rendered(document) == "---\ntitle: x\nquality: 0\n---\n"


def test_error_document(qtbot: QtBot, tmp_path: Path, editor: Editor) -> None:
    raw = "---\ntitle: [unclosed\n---\nBody\n"
    document = write(tmp_path, raw, "broken.md")
    assert document.article.error
    pane = DetailPane(editor)
    qtbot.addWidget(pane)
    pane.set_document(document)
    assert pane.error_banner.isVisibleTo(pane)
    assert document.article.error in pane.error_banner.text()
    assert not pane.fields.form_widget.isEnabled()
    assert not pane.fields.title.isEnabled()
    pane.tabs.setCurrentWidget(pane.source)
    assert pane.source.text.toPlainText() == raw


def test_file_without_front_matter_has_no_fields_to_edit(
    qtbot: QtBot, tmp_path: Path, editor: Editor
) -> None:
    document = write(tmp_path, "Just a page.\n", "page.md")
    pane = DetailPane(editor)
    qtbot.addWidget(pane)
    pane.set_document(document)
    assert pane.error_banner.isVisibleTo(pane)
    assert "no front matter" in pane.error_banner.text()
    assert not pane.fields.form_widget.isEnabled()


# -- helpers


def test_zone_name() -> None:
    assert zone_name(dt.datetime(2021, 1, 1)) == "no zone in file"
    assert zone_name(dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc)) == "UTC"
    minus = dt.timezone(-dt.timedelta(hours=5, minutes=30))
    assert zone_name(dt.datetime(2021, 1, 1, tzinfo=minus)) == "UTC-05:30"


def test_unified_diff_of_crlf_text() -> None:
    diff = unified_diff(b"a: 1\r\nb: 2\r\n", b"a: 1\r\nb: 3\r\n", "x.md")
    assert diff.split("\n")[2:] == ["@@ -1,2 +1,2 @@", " a: 1", "-b: 2", "+b: 3"]
    assert unified_diff(b"same\n", b"same\n", "x.md") == ""


def test_diff_counts_ignore_the_file_headers() -> None:
    diff = unified_diff(b"a\nb\n", b"a\nc\nd\n", "x.md")
    assert diff_counts(diff) == (2, 1)


def test_tag_editor_keeps_original_values(qtbot: QtBot) -> None:
    tags = TagEditor()
    qtbot.addWidget(tags)
    tags.set_tags(["AI", 2024])
    with qtbot.waitSignal(tags.tags_edited) as blocker:
        assert tags.add_tag("  Robots ")
    assert blocker.args == [["AI", 2024, "Robots"]]
    assert not tags.add_tag("ai")  # already there
    assert not tags.add_tag("   ")
    tags.list.setCurrentRow(0)
    tags.move_selected(-1)  # already first: nothing happens
    assert tags.tags() == ["AI", 2024, "Robots"]
    tags.move_selected(1)
    assert tags.tags() == [2024, "AI", "Robots"]
    assert tags.list.currentRow() == 1


def test_tag_editor_buttons_follow_the_selection(qtbot: QtBot) -> None:
    tags = TagEditor()
    qtbot.addWidget(tags)
    tags.set_tags(["a", "b"])
    assert not tags.remove_button.isEnabled() and not tags.add_button.isEnabled()
    tags.list.setCurrentRow(0)
    assert tags.remove_button.isEnabled() and tags.down_button.isEnabled()
    assert not tags.up_button.isEnabled()
    tags.input.setText("c")
    assert tags.add_button.isEnabled()
