"""The Fields tab: one editor widget per known front-matter key, in a scrolling form.

The rows are the field registry's form fields (``fields.form()``, read when the form is
made), in order, until ``set_fields`` gives another set (a collection's fields, inferred at
run time); each field's editor is made by the builder of its kind (``FieldsForm.BUILDERS``).

A value the file does not write but inherits (from ``_config.yml``'s defaults) is shown in
the inherited style (grey, italic; a line shows it as its placeholder), with a tooltip
saying where it comes from; editing it writes it into the file through the normal edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QSize, Qt, Signal
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

from reviewer.app.detail.fields import (
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
from reviewer.app.detail.tagedit import TagEditor
from reviewer.app.plaintext import plain_tip
from reviewer.app.table.model import file_time
from reviewer.core import fields
from reviewer.core.dates import to_datetime
from reviewer.core.document import MISSING, Document
from reviewer.core.fields import Field, Kind
from reviewer.workspace.edits import refusal

KeyPath = tuple[str, ...]
Filler = Callable[[Any], None]
#: The frame of a field whose value the field's registry check refuses.
_RED_FRAME = "border: 2px solid #c62828; border-radius: 3px;"


def can_edit(document: Document) -> bool:
    """True when the fields of ``document`` can be edited (it was read and has front matter)."""
    return document.editable and document.article.has_front_matter


def attribute_name(field: Field) -> str:
    """The form's attribute that holds ``field``'s editor: its search name, else its key,
    in snake case (``form.date``, ``form.provider_name``, ``form.original_url``)."""
    name = field.search or field.name
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).replace(".", "_").lower()


#: The tooltip of a value the file inherits: "Inherited from <source>; ...".
INHERITED_TIP = "Inherited from {source}; edit to write it into this file"
#: How an editor whose value is inherited, not written, looks (a line uses its placeholder).
_INHERITED_STYLE = "font-style: italic; color: gray;"


@dataclass
class _Field:
    field: Field
    path: KeyPath
    label: FieldLabel
    revert: RevertButton
    fill: Filler
    line: QLineEdit | None = None  # the text line, for a field that may be locked
    problem: str = ""  # why the value shown or typed does not fit the field ("" when it does)


class FieldsForm(QScrollArea):
    """Shows a Document's known fields and asks for edits; it never changes the document.

    Signals:
        edit_requested(tuple, object, bool): the user set path to value; the bool says whether
            the edit may merge with the previous one into one undo step (typing).
        revert_requested(tuple): the user asked to put path back to its value on disk.
    """

    edit_requested = Signal(tuple, object, bool)
    revert_requested = Signal(tuple)

    if TYPE_CHECKING:  # each editor is also an attribute named by attribute_name()

        def __getattr__(self, name: str) -> Any: ...

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # The form wraps (labels above fields, a field's buttons under it) rather than
        # scrolling sideways; the pane is never made narrower than the wrapped form.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        #: Every field's widget (read-only tables too), by key path, in form order.
        self.editors: dict[KeyPath, QWidget] = {}
        self._tables: list[tuple[Field, QTreeWidget, Callable[[dict[str, Any]], list[str]]]] = []
        self._suggested: dict[str, Callable[[list[str]], None]] = {}  # by field name
        self._suggestions: dict[str, list[str]] = {}  # the last offered, for new rows too
        self._shown: list[tuple[KeyPath, QLineEdit]] = []  # protected text, shown only
        self._attributes: dict[KeyPath, str] = {}  # the attributes set to editors, by path
        self._form_fields: tuple[Field, ...] = ()
        self._build_rows(fields.form(), strict=True)

    def set_fields(self, shown: Sequence[Field]) -> None:
        """Show a row for each of ``shown`` (those whose ``form`` is set, in order) instead
        of the current ones, and the document shown again in them.

        A collection's fields are known only once its files are read (``core/schema``), so
        the form is rebuilt from the fields given; the registry's (``fields.form()``) are
        the default. A field of both sets keeps its row, its editor and the focus (a schema
        inferred again while one types changes nothing under the cursor); the others' rows
        are made or deleted. An editor is an attribute of the form (``attribute_name``)
        unless the name is taken; ``editor(path)`` always finds it.
        """
        wanted = tuple(f for f in shown if f.form)
        if wanted == self._form_fields:
            return
        rows = self._take_rows()
        self._form_fields = ()
        editors, self.editors = self.editors, {}
        keep = set(wanted)
        for field, (label, widget) in rows.items():
            if field not in keep or _first(wanted, field.path) != field:
                self._forget(field)
                for gone in (label, widget):
                    gone.hide()
                    gone.deleteLater()
        built: list[Field] = []
        for field in wanted:
            if field.path in self.editors:
                continue  # a path given twice: its first field
            kept = rows.get(field)
            if kept is not None:
                self.form.addRow(*kept)
                self.editors[field.path] = editors[field.path]
                built.append(field)
            else:
                built.extend(self._build_rows([field], strict=False))
        self._form_fields = tuple(built)
        order = {path: i for i, path in enumerate(self.editors)}
        self._fields.sort(key=lambda f: order[f.path])
        self.set_suggestions(dict(self._suggestions))
        if self._document is not None:
            self.show_document(self._document)

    def form_fields(self) -> tuple[Field, ...]:
        """The fields the form has a row for, in order."""
        return self._form_fields

    def _build_rows(self, shown: Sequence[Field], strict: bool) -> list[Field]:
        """A row per field of ``shown`` (a path given twice: its first field), added after
        the form's rows; the fields built. ``strict`` (the registry): an attribute name
        that is taken is an error, not skipped."""
        built: list[Field] = []
        for field in shown:
            if field.path in self.editors:
                continue
            widget = self._build(field)
            self.editors[field.path] = widget
            built.append(field)
            name = attribute_name(field)
            if hasattr(self, name):
                if strict:
                    raise ValueError(f"the form's attribute {name!r} for {field.name} is taken")
                continue
            setattr(self, name, widget)
            self._attributes[field.path] = name
        self._form_fields = (*self._form_fields, *built)
        return built

    def _take_rows(self) -> dict[Field, tuple[QWidget, QWidget]]:
        """Take every row out of the layout, its widgets kept: each field's (label, field
        widget). Every builder adds one row, so rows and fields go in step."""
        rows: dict[Field, tuple[QWidget, QWidget]] = {}
        for field in self._form_fields:
            taken = self.form.takeRow(0)
            label, widget = taken.labelItem.widget(), taken.fieldItem.widget()
            if label is not None and widget is not None:
                rows[field] = (label, widget)
        return rows

    def _forget(self, field: Field) -> None:
        """Drop what the form keeps of ``field``'s row (its editor, attribute, fillers)."""
        path = field.path
        name = self._attributes.pop(path, None)
        if name is not None:
            delattr(self, name)
        self._fields = [f for f in self._fields if f.path != path]
        self._tables = [t for t in self._tables if t[0].path != path]
        self._shown = [s for s in self._shown if s[0] != path]
        self._suggested.pop(field.name, None)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the wrapped form and the vertical scroll bar allow."""
        bar = self.verticalScrollBar().sizeHint().width()
        width = self.form_widget.minimumSizeHint().width() + bar + 2 * self.frameWidth()
        return QSize(width, super().minimumSizeHint().height())

    # -- interface

    def show_document(self, document: Document) -> None:
        """Show ``document``'s current values and which of them are changed."""
        self._document = document
        self._filling = True
        try:
            for field in self._fields:
                self._show_value(field, document)
            for path, line in self._shown:
                line.setText(display_text(document.get(path)))
            data = document.view.data
            for known, tree, row in self._tables:
                _fill_table(tree, [row(item) for item in known.read(data)])
        finally:
            self._filling = False
        self.form_widget.setEnabled(can_edit(document))

    def _show_value(self, field: _Field, document: Document) -> None:
        """Fill ``field``'s editor with ``document``'s value (or the one it inherits), its
        problem, whether it is changed, and whether it can be edited at all."""
        widget = self.editors[field.path]
        _plain_style(field, widget)
        value = document.get(field.path)
        unset = value is MISSING or value is None
        inherited = inherited_value(document, field.path) if unset else None
        if inherited is not None and not _placeholds(field, widget):
            value = inherited[0]  # shown greyed; a line shows it as its placeholder instead
        field.fill(value)
        self._mark(field, None if inherited or value is MISSING else field.field.problem(value))
        changed = document.is_changed(field.path)
        field.label.set_changed(changed)
        field.revert.setEnabled(changed and can_edit(document))
        if len(field.path) > 1:
            _lock_inside(field.line or widget, field.path, document)
        if inherited is not None:
            _inherited_style(field, widget, *inherited)

    def set_suggestions(self, values: Mapping[str, Sequence[str]]) -> None:
        """The values offered in the fields that offer some (choices and lists), by field
        name: {"category": [...], "topics": [...]}."""
        self._filling = True
        try:
            for name, words in values.items():
                self._suggestions[name] = list(words)
                suggest = self._suggested.get(name)
                if suggest is not None:
                    suggest(list(words))
        finally:
            self._filling = False

    def editor(self, key: str | KeyPath) -> Any:
        """The widget of the field at ``key`` (a key path or a dotted name); its class is the
        one its kind's builder makes."""
        return self.editors[tuple(key.split(".")) if isinstance(key, str) else tuple(key)]

    def label(self, path: KeyPath) -> FieldLabel:
        """The label of the field at ``path``."""
        return next(f.label for f in self._fields if f.path == path)

    def revert_button(self, path: KeyPath) -> RevertButton:
        """The revert button of the field at ``path``."""
        return next(f.revert for f in self._fields if f.path == path)

    def problem(self, path: KeyPath) -> str:
        """Why the value the field at ``path`` shows (or was last given) does not fit it,
        in the registry's sentence ("" when it fits)."""
        return next((f.problem for f in self._fields if f.path == path), "")

    def _mark(self, field: _Field, problem: str | None, typed: bool = False) -> None:
        """Frame the field's editor in red, its tooltip the registry's sentence (``typed``:
        for a value typed, which is then not applied); or take the frame away."""
        field.problem = problem = problem or ""
        widget = field.line or self.editors.get(field.path)
        if widget is None:
            return
        if problem:
            note = "It is not applied; the article keeps its value." if typed else ""
            shown = plain_tip(f"{problem} {note}".rstrip())
            if widget.toolTip() != shown and widget.property("fitTip") is None:
                widget.setProperty("fitTip", widget.toolTip())
            widget.setStyleSheet(_RED_FRAME)
            widget.setToolTip(shown)
        elif widget.property("fitTip") is not None:
            widget.setStyleSheet("")
            widget.setToolTip(widget.property("fitTip"))
            widget.setProperty("fitTip", None)

    # -- building: one builder per kind (BUILDERS, below the class)

    def _build(self, field: Field) -> QWidget:
        if field.protected and field.kind not in SHOWN_ONLY:
            return self._read_only(field)
        return self.BUILDERS[field.kind](self, field)

    def _add(
        self,
        field: Field,
        widget: QWidget,
        fill: Filler,
        stretch: bool = True,
        line: QLineEdit | None = None,
    ) -> None:
        path, text, tip = field.path, field.label, field.tip
        label = FieldLabel(text)
        label.setToolTip(tip)
        label.setBuddy(widget.focusProxy() or widget)
        if not widget.toolTip():
            widget.setToolTip(tip)
        revert = RevertButton(text)
        revert.clicked.connect(lambda: self.revert_requested.emit(path))
        self.form.addRow(label, field_row(widget, revert, stretch_first=stretch))
        self._fields.append(_Field(field, path, label, revert, fill, line))

    def _toggle(self, field: Field) -> PublishedToggle:
        toggle = PublishedToggle()
        toggle.edited.connect(lambda on: self._edit(field.path, on, merge=False))
        self._add(field, toggle, toggle.show_value, stretch=False)
        return toggle

    def _line(self, field: Field) -> QLineEdit:
        path, tip = field.path, field.tip
        line = QLineEdit()
        line.textEdited.connect(lambda value: self._edit_text(path, value))
        self._add(field, line, lambda value: _fill_line(line, value, tip), line=line)
        return line

    def _text_box(self, field: Field) -> QPlainTextEdit:
        path = field.path
        box = QPlainTextEdit()
        box.setTabChangesFocus(True)
        box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 14)
        box.textChanged.connect(lambda: self._edit_text(path, box.toPlainText()))
        self._add(field, box, lambda value: _fill_text_box(box, value))
        return box

    def _url(self, field: Field) -> UrlField:
        path, tip = field.path, field.tip
        url = UrlField()
        url.setFocusProxy(url.line)
        url.line.textEdited.connect(lambda value: self._edit_text(path, value))
        self._add(field, url, lambda value: _fill_line(url.line, value, tip), line=url.line)
        return url

    def _combo(self, field: Field) -> QComboBox:
        path, tip = field.path, field.tip
        combo = FieldCombo()
        completer = combo.completer()
        if completer is not None:  # pick from a popup rather than completing inline as one types
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        line = combo.lineEdit()
        assert line is not None  # an editable combo box always has one
        combo.editTextChanged.connect(lambda value: self._edit_text(path, value))
        self._add(field, combo, lambda value: _fill_line(line, value, tip), line=line)
        self._suggested[field.name] = lambda words: _offer(combo, words)
        return combo

    def _date(self, field: Field) -> DateTimeField:
        date = DateTimeField()
        date.setFocusProxy(date.edit)
        date.edited.connect(lambda when: self._edit(field.path, when))
        self._add(field, date, date.show_value)
        return date

    def _spin(self, field: Field) -> NullableSpinBox:
        path = field.path
        spin = NullableSpinBox()
        spin.valueChanged.connect(lambda _value: self._edit_number(path, spin))
        self._add(field, spin, spin.show_value, stretch=False)
        return spin

    def _tags(self, field: Field) -> TagEditor:
        tags = TagEditor()
        tags.setFocusProxy(tags.input)
        tags.tags_edited.connect(lambda words: self._edit(field.path, words, merge=False))
        self._add(field, tags, lambda value: _fill_tags(tags, field, value))
        self._suggested[field.name] = tags.set_suggestions
        return tags

    def _images(self, field: Field) -> QTreeWidget:
        return self._table(field, ["URL", "Size", "Cached"], _image_row)

    def _related(self, field: Field) -> QTreeWidget:
        return self._table(field, ["Title", "Provider", "Date"], _related_row)

    def _read_only(self, field: Field) -> QLineEdit:
        """A protected field that is not a list: its value as text, never edited."""
        line = QLineEdit()
        line.setReadOnly(True)
        line.setToolTip(field.tip)
        label = QLabel(field.label)
        label.setToolTip(field.tip)
        self.form.addRow(label, line)
        self._shown.append((field.path, line))
        return line

    def _table(
        self, field: Field, headers: list[str], row: Callable[[dict[str, Any]], list[str]]
    ) -> QTreeWidget:
        text, tip = field.label, field.tip
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
        self._tables.append((field, tree, row))
        return tree

    #: The editor builder of each kind.
    BUILDERS: ClassVar[dict[Kind, Callable[[FieldsForm, Field], QWidget]]] = {
        Kind.BOOL: _toggle,
        Kind.TEXT: _line,
        Kind.CHOICE: _combo,
        Kind.LONG_TEXT: _text_box,
        Kind.INT: _spin,
        Kind.DATE: _date,
        Kind.URL: _url,
        Kind.TEXT_LIST: _tags,
        Kind.IMAGES: _images,
        Kind.RELATED: _related,
    }

    # -- edits

    def _edit(self, path: KeyPath, value: Any, merge: bool = True) -> None:
        if not self._filling and self._document is not None and can_edit(self._document):
            field = next((f for f in self._fields if f.path == path), None)
            why = refusal(path, value)  # the field registry's check of the value
            if why is None and field is not None and value is not MISSING:
                why = field.field.problem(value)  # a field of the set given (set_fields)
            if field is not None:
                self._mark(field, why, typed=True)
            if why is None:
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


#: The kinds whose widget only shows the value (a table), whether protected or not.
SHOWN_ONLY = frozenset({Kind.IMAGES, Kind.RELATED})


def _first(shown: Sequence[Field], path: KeyPath) -> Field | None:
    """The first field of ``shown`` at ``path``."""
    return next((f for f in shown if f.path == path), None)


def _offer(combo: QComboBox, words: list[str]) -> None:
    text = combo.currentText()
    combo.clear()
    combo.addItems(words)
    combo.setEditText(text)


def _lock_inside(widget: QWidget, path: KeyPath, document: Document) -> None:
    """Make ``widget`` read-only (a line) or disabled (another editor) when a mapping on
    the way to its field is no mapping in the file (``twitter: "@ann"`` for
    ``twitter.username``): an edit there could only replace that value."""
    for end in range(1, len(path)):
        parent = document.get(path[:end])
        if parent is MISSING or parent is None:
            return  # the mappings below are made by the edit
        if not isinstance(parent, dict):
            if isinstance(widget, QLineEdit):
                widget.setReadOnly(True)
            else:
                widget.setEnabled(False)
                widget.setProperty("lockedInside", True)
            where = ".".join(path[:end])
            widget.setToolTip(f"{where} is not a mapping in this file; it stays as it is")
            return


def inherited_value(document: Document, path: KeyPath) -> tuple[Any, str] | None:
    """The value Jekyll uses at ``path`` because ``document`` inherits it from the site's
    defaults (the file, as edited, writes none there, or null), and where it comes from
    (``_config.yml, defaults[1]: path _people``); None when the file's own value is used."""
    source = document.inherited_source(path)
    if source is None:
        return None
    return document.inherited[path], source


def _placeholds(field: _Field, widget: QWidget) -> bool:
    """True when the field's editor shows an inherited value as its placeholder."""
    return field.line is not None or isinstance(widget, QPlainTextEdit)


def _plain_style(field: _Field, widget: QWidget) -> None:
    """Undo ``_inherited_style`` and ``_lock_inside``'s disabling (the fill decides again)."""
    target = field.line or widget
    if widget.property("lockedInside"):
        widget.setProperty("lockedInside", None)
        widget.setEnabled(True)
    tip = target.property("inheritedTip")
    if tip is None:
        return
    target.setProperty("inheritedTip", None)
    target.setToolTip(tip)
    if isinstance(target, (QLineEdit, QPlainTextEdit)):
        target.setPlaceholderText("")
        font = target.font()
        font.setItalic(False)
        target.setFont(font)
    else:
        target.setStyleSheet("")


def _inherited_style(field: _Field, widget: QWidget, value: Any, source: str) -> None:
    """Show that the value is inherited from ``source``: a line (or text box), empty, gets
    it as its grey placeholder in italics; another editor shows it greyed in italics."""
    target: QWidget = field.line or widget
    target.setProperty("inheritedTip", target.toolTip())
    target.setToolTip(plain_tip(INHERITED_TIP.format(source=source)))
    if isinstance(target, (QLineEdit, QPlainTextEdit)):
        target.setPlaceholderText(display_text(value))
        font = target.font()
        font.setItalic(True)
        target.setFont(font)
    else:
        target.setStyleSheet(_INHERITED_STYLE)


def _fill_text_box(box: QPlainTextEdit, value: Any) -> None:
    text = display_text(value)
    if box.toPlainText() != text:
        box.setPlainText(text)
    box.setReadOnly(isinstance(value, (dict, list)))


def _fill_tags(tags: TagEditor, field: Field, value: Any) -> None:
    is_list = isinstance(value, list)
    tags.set_tags(value if is_list else [])
    readable = is_list or value is MISSING or value is None
    tags.setEnabled(readable)
    tags.setToolTip(field.tip if readable else f"{field.name} is not a list in this file")


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
    return [display_text(item.get("title")), display_text(name), file_time(when)]
