"""The Fields tab: one editor widget per known front-matter key, in a scrolling form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.app.fields import (
    DateTimeField,
    FieldCombo,
    FieldLabel,
    NullableSpinBox,
    PublishedToggle,
    RevertButton,
    UrlField,
    display_text,
    field_row,
)
from reviewer.app.model import local_time
from reviewer.app.plaintext import plain_tip
from reviewer.app.tagedit import TagEditor
from reviewer.core.dates import to_datetime
from reviewer.core.document import MISSING, Document

KeyPath = tuple[str, ...]
Filler = Callable[[Any], None]


def can_edit(document: Document) -> bool:
    """True when the fields of ``document`` can be edited (it was read and has front matter)."""
    return document.editable and document.article.has_front_matter


@dataclass
class _Field:
    path: KeyPath
    label: FieldLabel
    revert: RevertButton
    fill: Filler


class FieldsForm(QScrollArea):
    """Shows a Document's known fields and asks for edits; it never changes the document.

    Signals:
        edit_requested(tuple, object, bool): the user set path to value; the bool says whether
            the edit may merge with the previous one into one undo step (typing).
        revert_requested(tuple): the user asked to put path back to its value on disk.
    """

    edit_requested = Signal(tuple, object, bool)
    revert_requested = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_widget = QWidget(self)
        outer = QVBoxLayout(self.form_widget)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        outer.addStretch(1)  # spare height goes below the fields, not into them
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.setWidget(self.form_widget)
        self._document: Document | None = None
        self._filling = False
        self._fields: list[_Field] = []

        self.published = PublishedToggle()
        self.published.edited.connect(lambda on: self._edit(("published",), on, merge=False))
        self._add(
            ("published",),
            "Published",
            "Whether the site shows this article",
            self.published,
            self.published.show_value,
            stretch=False,
        )

        self.title = self._line(("title",), "Title", "The headline shown on the site")

        self.excerpt = QPlainTextEdit()
        self.excerpt.setTabChangesFocus(True)
        self.excerpt.setFixedHeight(self.excerpt.fontMetrics().lineSpacing() * 4 + 14)
        self.excerpt.textChanged.connect(
            lambda: self._edit_text(("excerpt",), self.excerpt.toPlainText())
        )
        self._add(
            ("excerpt",),
            "Excerpt",
            "The short summary shown under the title",
            self.excerpt,
            self._fill_excerpt,
        )

        self.category = self._combo(("category",), "Category", "The site section of the article")
        self.type = self._combo(("type",), "Type", "The kind of item: article, video, …")

        self.date = DateTimeField()
        self.date.setFocusProxy(self.date.edit)
        self.date.edited.connect(lambda when: self._edit(("publishedDateTime",), when))
        self._add(
            ("publishedDateTime",),
            "Date",
            "When the article was published, in the file's own time zone",
            self.date,
            self.date.show_value,
        )

        self.quality = self._spin(("quality",), "Quality", "The editorial quality score")
        self.heat = self._spin(("heat",), "Heat", "How much attention the story gets")
        self.original_url = self._url(("originalUrl",), "Original URL", "The original story")
        self.web_url = self._url(("webUrl",), "Web URL", "The address the site links to")
        self.provider_name = self._line(
            ("provider", "name"), "Provider name", "Who published the original story"
        )
        self.provider_domain = self._line(
            ("provider", "domain"), "Provider domain", "The provider's web domain: example.org"
        )

        self.topics = TagEditor()
        self.topics.setFocusProxy(self.topics.input)
        self.topics.tags_edited.connect(lambda tags: self._edit(("topics",), tags, merge=False))
        self._add(
            ("topics",), "Topics", "The article's topics, in order", self.topics, self._fill_topics
        )

        self.images = self._table(
            "Images", "The article's pictures (read-only)", ["URL", "Size", "Cached"]
        )
        self.related = self._table(
            "Related", "Related stories (read-only)", ["Title", "Provider", "Date"]
        )

    # -- interface

    def show_document(self, document: Document) -> None:
        """Show ``document``'s current values and which of them are changed."""
        self._document = document
        self._filling = True
        try:
            for field in self._fields:
                field.fill(document.get(field.path))
                changed = document.is_changed(field.path)
                field.label.set_changed(changed)
                field.revert.setEnabled(changed and can_edit(document))
            provider = document.get(("provider",))
            if not (provider is MISSING or provider is None or isinstance(provider, dict)):
                for line in (self.provider_name, self.provider_domain):
                    line.setReadOnly(True)
                    line.setToolTip("provider is not a mapping in this file; it stays as it is")
            view = document.view
            _fill_table(self.images, [_image_row(image) for image in view.images])
            _fill_table(self.related, [_related_row(item) for item in view.related])
        finally:
            self._filling = False
        self.form_widget.setEnabled(can_edit(document))

    def set_suggestions(self, categories: list[str], types: list[str], topics: list[str]) -> None:
        """The values offered in the category, type and topic fields."""
        self._filling = True
        try:
            for combo, words in ((self.category, categories), (self.type, types)):
                text = combo.currentText()
                combo.clear()
                combo.addItems(list(words))
                combo.setEditText(text)
        finally:
            self._filling = False
        self.topics.set_suggestions(topics)

    def label(self, path: KeyPath) -> FieldLabel:
        """The label of the field at ``path``."""
        return next(f.label for f in self._fields if f.path == path)

    def revert_button(self, path: KeyPath) -> RevertButton:
        """The revert button of the field at ``path``."""
        return next(f.revert for f in self._fields if f.path == path)

    # -- building

    def _add(
        self,
        path: KeyPath,
        text: str,
        tip: str,
        widget: QWidget,
        fill: Filler,
        stretch: bool = True,
    ) -> None:
        label = FieldLabel(text)
        label.setToolTip(tip)
        label.setBuddy(widget.focusProxy() or widget)
        if not widget.toolTip():
            widget.setToolTip(tip)
        revert = RevertButton(text)
        revert.clicked.connect(lambda: self.revert_requested.emit(path))
        self.form.addRow(label, field_row(widget, revert, stretch_first=stretch))
        self._fields.append(_Field(path, label, revert, fill))

    def _line(self, path: KeyPath, text: str, tip: str) -> QLineEdit:
        line = QLineEdit()
        line.textEdited.connect(lambda value: self._edit_text(path, value))
        self._add(path, text, tip, line, lambda value: _fill_line(line, value, tip))
        return line

    def _url(self, path: KeyPath, text: str, tip: str) -> UrlField:
        url = UrlField()
        url.setFocusProxy(url.line)
        url.line.textEdited.connect(lambda value: self._edit_text(path, value))
        self._add(path, text, tip, url, lambda value: _fill_line(url.line, value, tip))
        return url

    def _combo(self, path: KeyPath, text: str, tip: str) -> QComboBox:
        combo = FieldCombo()
        completer = combo.completer()
        if completer is not None:  # pick from a popup rather than completing inline as one types
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        line = combo.lineEdit()
        assert line is not None  # an editable combo box always has one
        combo.editTextChanged.connect(lambda value: self._edit_text(path, value))
        self._add(path, text, tip, combo, lambda value: _fill_line(line, value, tip))
        return combo

    def _spin(self, path: KeyPath, text: str, tip: str) -> NullableSpinBox:
        spin = NullableSpinBox()
        spin.valueChanged.connect(lambda _value: self._edit_number(path, spin))
        self._add(path, text, tip, spin, spin.show_value, stretch=False)
        return spin

    def _table(self, text: str, tip: str, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        label = QLabel(text)
        label.setToolTip(tip)
        self.form.addRow(label, tree)
        return tree

    def _fill_excerpt(self, value: Any) -> None:
        text = display_text(value)
        if self.excerpt.toPlainText() != text:
            self.excerpt.setPlainText(text)
        self.excerpt.setReadOnly(isinstance(value, (dict, list)))

    def _fill_topics(self, value: Any) -> None:
        is_list = isinstance(value, list)
        self.topics.set_tags(value if is_list else [])
        readable = is_list or value is MISSING or value is None
        self.topics.setEnabled(readable)
        self.topics.setToolTip(
            "The article's topics, in order" if readable else "topics is not a list in this file"
        )

    # -- edits

    def _edit(self, path: KeyPath, value: Any, merge: bool = True) -> None:
        if not self._filling and self._document is not None and can_edit(self._document):
            self.edit_requested.emit(path, value, merge)

    def _edit_text(self, path: KeyPath, text: str) -> None:
        if self._filling or self._document is None:
            return
        disk = self._document.disk_value(path)
        # Typing the disk's value back gives the disk's value back (a null stays null).
        self._edit(path, disk if text == display_text(disk) else text)

    def _edit_number(self, path: KeyPath, spin: NullableSpinBox) -> None:
        if self._filling or self._document is None:
            return
        number = spin.number()
        if number is None:  # "(none)": the disk's non-number back, or no key at all
            disk = self._document.disk_value(path)
            is_number = isinstance(disk, int) and not isinstance(disk, bool)
            self._edit(path, MISSING if is_number else disk)
        else:
            self._edit(path, number)


def _fill_line(line: QLineEdit, value: Any, tip: str) -> None:
    text = display_text(value)
    if line.text() != text:
        line.setText(text)
        if not line.hasFocus():
            line.setCursorPosition(0)  # show the beginning of a long value
    nested = isinstance(value, (dict, list))
    line.setReadOnly(nested)
    line.setToolTip("This value is not text in the file; it stays as it is" if nested else tip)


def _fill_table(tree: QTreeWidget, rows: list[list[str]]) -> None:
    tree.clear()
    for row in rows:
        item = QTreeWidgetItem(row)
        for column, text in enumerate(row):
            item.setToolTip(column, plain_tip(text))
        tree.addTopLevelItem(item)
    if not rows:
        item = QTreeWidgetItem(["(none)"])
        item.setForeground(0, tree.palette().placeholderText())
        tree.addTopLevelItem(item)
    # As tall as its rows (up to five), so short lists take little room.
    shown = min(max(len(rows), 1), 5)
    row_height = max(tree.sizeHintForRow(0), tree.fontMetrics().height() + 4)
    header = tree.header().sizeHint().height()
    tree.setFixedHeight(header + shown * row_height + 2 * tree.frameWidth() + 2)


def _image_row(image: dict[str, Any]) -> list[str]:
    width, height = image.get("width"), image.get("height")
    cached = image.get("isCached")
    return [
        display_text(image.get("url")),
        f"{width}×{height}" if width is not None and height is not None else "",
        ("cached" if cached else "not cached") if isinstance(cached, bool) else "",
    ]


def _related_row(item: dict[str, Any]) -> list[str]:
    provider = item.get("provider")
    name = provider.get("name") if isinstance(provider, dict) else None
    when = to_datetime(item.get("publishedDateTime"))
    return [display_text(item.get("title")), display_text(name), local_time(when)]
