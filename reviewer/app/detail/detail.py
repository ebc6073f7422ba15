"""The detail pane: one article's fields, its other keys, its source, and the diff to save."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewer.app.detail.colors import CHANGED_COLOR
from reviewer.app.detail.sourceview import ChangesView, SourceView, monospace_view
from reviewer.app.editing import Editor
from reviewer.app.images import ThumbnailStrip
from reviewer.app.plaintext import plain_tip, shown_name
from reviewer.core import fields
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.fields import Field
from reviewer.core.frontmatter.tree import key_sources
from reviewer.core.images import image_refs

if TYPE_CHECKING:  # made when first shown (see DetailPane.fields and DetailPane.preview)
    from reviewer.app.detail.fieldform import FieldsForm, KeyPath
    from reviewer.app.detail.preview import PreviewView

EMPTY_MESSAGE = "Select an article to see and edit its fields"


def known_keys(shown: Iterable[Field] | None = None) -> frozenset[str]:
    """The top-level keys the Fields tab edits or lists (``shown``'s form fields; by
    default the registry's); every other key is shown, untouched, under Other fields."""
    return frozenset(f.path[0] for f in (fields.form() if shown is None else shown) if f.form)


def other_fields(data: dict[str, Any], known: frozenset[str] | None = None) -> dict[str, Any]:
    """The keys the Fields tab does not show (those not in ``known``, by default
    ``known_keys()``), in file order."""
    if known is None:
        known = known_keys()
    return {key: value for key, value in data.items() if key not in known}


def written_text(article: Article, keys: Iterable[str]) -> str:
    """The lines of ``keys`` as ``article``'s file writes them ("" for none): its own text,
    quotes, comments inside values and all, never a re-dump."""
    if article.parts is None:
        return ""
    sources = key_sources(article.parts.front.decode("utf-8", errors="replace"))
    return "\n".join(sources[key] for key in keys if isinstance(key, str) and key in sources)


class ElidedLabel(QLabel):
    """A one-line label that elides its text in the middle to fit, full text in the tooltip.

    The text is plain text, never HTML (it is a file name or path).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        """Set the text; it is elided to the label's width."""
        self._full = text
        self.setToolTip(plain_tip(text))
        self._elide()

    def full_text(self) -> str:
        """The text before eliding."""
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-elide for the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        width = max(self.width(), 40)
        self.setText(metrics.elidedText(self._full, Qt.TextElideMode.ElideMiddle, width))


def banner(kind: str, parent: QWidget | None = None) -> QLabel:
    """A hidden, word-wrapped message strip: "error" (red), "warning" (amber) or "info" (blue).

    Its text is plain text (it quotes files' errors); set RichText to show escaped HTML.
    """
    colors = {
        "error": ("#fde7e9", "#b3261e"),
        "warning": ("#fff4d6", "#7a5200"),
        "info": ("#e8f0fe", "#1a4d8f"),
    }
    background, foreground = colors[kind]
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(
        f"QLabel {{ background: {background}; color: {foreground};"
        f" border: 1px solid {foreground}; border-radius: 4px; padding: 6px; }}"
    )
    label.hide()
    return label


#: The Fields and Preview tabs' tooltips.
FIELDS_TIP = "The article's fields, editable"
PREVIEW_TIP = "The body as a reader sees it: no scripts, no fetch unasked"


class DetailPane(QWidget):
    """Shows and edits one Document; every edit goes through the Editor and its undo stack.

    It listens to ``editor.documents_changed`` itself; the main window calls ``refresh`` after
    changes the editor does not report (a reload from disk, a file deleted on disk).

    A document listed from a summary (a light article) is read in full before it is shown,
    so every tab shows the file itself.

    Signals:
        similar_activated(Document): a likely duplicate's link was clicked.
        file_changed(Document): a document read in full to be shown turned out to have
            changed on disk since the folder was listed (its row needs refreshing).
    """

    similar_activated = Signal(object)
    file_changed = Signal(object)

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._document: Document | None = None
        self._similar: list[Document] = []
        self._changes_stale = True
        self._other_shown: tuple[Any, dict[str, Any]] | None = None  # (path, other fields)
        self._known = known_keys()  # the top-level keys the Fields tab covers
        self._changes_timer = QTimer(self)
        self._changes_timer.setSingleShot(True)
        self._changes_timer.setInterval(150)  # while typing: one diff after a short pause
        self._changes_timer.timeout.connect(self._update_changes)
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)

        self.empty = QLabel(EMPTY_MESSAGE, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: gray; font-size: 13pt; padding: 24px;")
        self.page = QWidget(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        header = self._build_header()
        #: The article's images, small (loaded by the window's thumbnail loader).
        self.thumbnails = ThumbnailStrip(self.page)
        # The Fields tab holds a placeholder until a document is first shown (``fields``).
        self._fields: FieldsForm | None = None
        self._fields_slot = QWidget(self.page)
        self.other_tab = self._build_other()
        self.source = SourceView(self.page)
        self.changes = ChangesView(self.page)
        # The Preview tab holds a placeholder until it is first shown (``preview``).
        self._preview: PreviewView | None = None
        self._preview_slot = QWidget(self.page)
        self._site: tuple[Path | None, str] = (None, "")
        self.tabs = QTabWidget(self.page)
        self.tabs.setDocumentMode(True)
        for widget, title, tip in (
            (self._fields_slot, "Fields", FIELDS_TIP),
            (self.other_tab, "Other", "Other fields: keys reviewer shows but never changes"),
            (self.source, "Source", "The file as it is on disk"),
            (self.changes, "Changes", "Exactly what Save would change in the file"),
            (self._preview_slot, "Preview", PREVIEW_TIP),
        ):
            self.tabs.setTabToolTip(self.tabs.addTab(widget, title), tip)
        layout = QVBoxLayout(self.page)
        layout.addLayout(header)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.deleted_banner)
        layout.addWidget(self.hidden_banner)
        layout.addWidget(self.similar_banner)
        layout.addWidget(self.thumbnails)
        layout.addWidget(self.tabs, 1)

        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        editor.documents_changed.connect(self._on_editor_documents_changed)
        self.set_document(None)

    @property
    def fields(self) -> FieldsForm:
        """The Fields tab: an editor per field of the field set (``set_fields``). Made,
        and its modules imported, when first asked for (the first document shown, the
        folder's fields known): the first window's rows do not wait for it."""
        if self._fields is None:
            from reviewer.app.detail.fieldform import FieldsForm

            form = FieldsForm(self.page)
            form.edit_requested.connect(self._on_fields_edit_requested)
            form.revert_requested.connect(self._on_fields_revert_requested)
            self._replace_tab(self._fields_slot, form, "Fields", FIELDS_TIP)
            self._fields = form
        return self._fields

    def _replace_tab(self, slot: QWidget, widget: QWidget, title: str, tip: str) -> None:
        """Put ``widget`` in ``slot``'s tab, in place (the same tab: not a change of tab)."""
        index = self.tabs.indexOf(slot)
        shown = self.tabs.currentIndex() == index
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, title)
        self.tabs.setTabToolTip(index, tip)
        if shown:
            self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        slot.deleteLater()

    @property
    def preview(self) -> PreviewView:
        """The Preview tab: the body rendered, its images from the strip's loader (the
        window's one). Made, and its module imported, when first shown or asked for: a
        window that never previews does not pay for it."""
        if self._preview is None:
            from reviewer.app.detail.preview import PreviewView

            view = PreviewView(self.page, loader=self.thumbnails.loader)
            view.set_site_root(*self._site)
            self._replace_tab(self._preview_slot, view, "Preview", PREVIEW_TIP)
            self._preview = view
        return self._preview

    # -- the interface the main window uses

    def _load(self, document: Document) -> None:
        """Read the whole file of a document listed from a summary (a light article)."""
        load = getattr(document, "load", None)
        if load is not None and not getattr(document, "loaded", True) and load():
            self.file_changed.emit(document)

    def document(self) -> Document | None:
        """The document shown, or None."""
        return self._document

    def set_document(self, document: Document | None) -> None:
        """Show ``document``, or the empty state for None."""
        switched = document is not self._document
        self._document = document
        if switched:
            self.hidden_banner.hide()
        self.refresh()
        if switched:
            self._update_lazy_tabs(now=True)

    def set_hidden_by_search(self, hidden: bool) -> None:
        """Mark the article shown as hidden by the search (it stays shown), or not."""
        self.hidden_banner.setVisible(hidden and self._document is not None)

    def hidden_by_search(self) -> bool:
        """True while the article shown is marked as hidden by the search."""
        return not self.hidden_banner.isHidden()

    def set_fields(self, shown: Sequence[Field]) -> None:
        """Give the Fields tab a row for each of ``shown`` (a collection's fields; the
        registry's by default) and list under Other fields only the keys they do not cover;
        the document shown is shown again."""
        self.fields.set_fields(shown)
        self._known = known_keys(self.fields.form_fields())
        self._other_shown = None
        self.refresh()

    def set_site(self, root: Path | None, baseurl: str = "") -> None:
        """The site the folder belongs to (its root and ``_config.yml``'s baseurl), for the
        images' site paths; None: a plain folder (site paths show "no site root")."""
        self.thumbnails.set_site(root, baseurl)  # first: the loader's site, which reads them
        self._site = (root, baseurl)
        if self._preview is not None:
            self._preview.set_site_root(root, baseurl)

    def set_suggestions(self, values: Mapping[str, Sequence[str]]) -> None:
        """The values offered in the fields that offer some, by field name (category, type,
        topics)."""
        self.fields.set_suggestions(values)

    def refresh(self) -> None:
        """Show the document's current values again (after an undo, a reload or a save)."""
        self._refresh_timer.stop()
        document = self._document
        self.stack.setCurrentWidget(self.empty if document is None else self.page)
        self._changes_stale = True
        if document is None:
            self._changes_timer.stop()
            self.thumbnails.show_refs([])
            self.source.show_article(None)
            self.changes.show_document(None)
            if self._preview is not None:
                self._preview.show_document(None)
            return
        self._load(document)
        self._fill_header(document)
        self.fields.show_document(document)
        self.thumbnails.show_refs(image_refs(document.view.data))
        others = other_fields(document.article.data, self._known)
        if (document.path, others) != self._other_shown:  # edits and saves leave them alone
            self._other_shown = (document.path, others)
            self.other.setPlainText(written_text(document.article, others))
            self.tabs.setTabText(1, f"Other ({len(others)})" if others else "Other")
        self.tabs.setTabText(3, "Changes ●" if document.modified else "Changes")
        self._update_lazy_tabs(now=False)

    def set_similar(self, items: list[tuple[Document, str]]) -> None:
        """Show the likely duplicates of the current document, each a link to select it."""
        self._similar = [document for document, _reason in items]
        if not items:
            self.similar_banner.hide()
            return
        count = len(items)
        lines = [
            f'<a href="{i}">{html.escape(d.view.title or shown_name(d.path.name))}</a>'
            f" — {html.escape(d.view.provider_name or '?')}, {html.escape(reason)}"
            for i, (d, reason) in enumerate(items)
        ]
        heading = f"<b>{count} similar item{'s' if count != 1 else ''}</b> (likely the same story):"
        self.similar_banner.setText(heading + "<br>" + "<br>".join(lines))
        self.similar_banner.show()

    def _on_similar_link_activated(self, link: str) -> None:
        if link.isdigit() and int(link) < len(self._similar):
            self.similar_activated.emit(self._similar[int(link)])

    def focus_fields(self) -> None:
        """Move the keyboard focus to the first field."""
        self.tabs.setCurrentWidget(self.fields)
        first = next(iter(self.fields.editors.values()), None)
        if first is None:  # a field set without fields (set_fields)
            return
        self.fields.ensureWidgetVisible(first)
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building

    def _build_header(self) -> QVBoxLayout:
        self.name = ElidedLabel(self.page)
        font = QFont(self.name.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.name.setFont(font)
        self.modified = QLabel("● Unsaved changes", self.page)
        self.modified.setStyleSheet(f"color: {CHANGED_COLOR}; font-weight: bold;")
        self.modified.setToolTip("This article has changes that are not saved yet")
        self.path = ElidedLabel(self.page)
        self.path.setStyleSheet("color: gray;")
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.modified)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addLayout(top)
        header.addWidget(self.path)
        self.error_banner = banner("error", self.page)
        self.similar_banner = banner("info", self.page)
        self.similar_banner.setTextFormat(Qt.TextFormat.RichText)  # links; file text escaped
        self.similar_banner.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.similar_banner.linkActivated.connect(self._on_similar_link_activated)
        self.hidden_banner = banner("info", self.page)
        self.hidden_banner.setText(
            "The search hides this article: it is shown here, not in the list, until another "
            "is selected."
        )
        self.deleted_banner = banner("warning", self.page)
        self.deleted_banner.setText(
            "This file was deleted on disk. Its unsaved changes exist only here, in memory."
        )
        return header

    def _build_other(self) -> QWidget:
        page = QWidget(self.page)
        note = QLabel(
            "These fields are kept exactly as they are in the file; reviewer never changes them.",
            page,
        )
        note.setWordWrap(True)
        self.other = monospace_view(page)
        self.other.setPlaceholderText("This article has no other fields.")
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.other, 1)
        return page

    def _fill_header(self, document: Document) -> None:
        article = document.article
        self.name.set_full_text(shown_name(article.path.name))
        self.path.set_full_text(shown_name(article.path))
        self.modified.setVisible(document.modified)
        if article.error is not None:
            problem = f"This file cannot be edited: {article.error}"
        elif not article.has_front_matter:
            problem = "This file has no front matter (no --- block at the top), so no fields."
        else:
            problem = ""
        self.error_banner.setVisible(bool(problem))
        self.error_banner.setText(f"{problem}\nThe Source tab shows its text." if problem else "")
        self.deleted_banner.setVisible(document.deleted_on_disk)

    # -- slots

    def _on_fields_edit_requested(self, path: KeyPath, value: Any, merge: bool) -> None:
        if self._document is not None:
            self._editor.set_value(self._document, path, value, merge=merge)

    def _on_fields_revert_requested(self, path: KeyPath) -> None:
        if self._document is not None:
            self._editor.revert_field(self._document, path)

    def _on_editor_documents_changed(self, documents: list[Document]) -> None:
        if self._document is not None and any(d is self._document for d in documents):
            if self._editor.saving:  # saved: the same values, marked unchanged; soon will do
                self._refresh_timer.start()
            else:
                self.refresh()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._update_lazy_tabs(now=True)

    # -- the Source, Changes and Preview tabs are only worked out while shown

    def _update_lazy_tabs(self, now: bool) -> None:
        current = self.tabs.currentWidget()
        if current is self._preview_slot:  # shown for the first time: made now
            current = self.preview
        elif current is self._fields_slot and self._document is not None:
            current = self.fields
        if current is self._preview and self._preview is not None:
            self._preview.show_document(self._document)
        elif self._preview is not None:
            self._preview.clear_unless_showing(self._document)
        if current is self.source:
            self.source.show_article(self._document.article if self._document else None)
        elif current is self.changes and self._changes_stale:
            if now:
                self._update_changes()
            else:
                self._changes_timer.start()

    def _update_changes(self) -> None:
        self._changes_timer.stop()
        self._changes_stale = False
        self.changes.show_document(self._document)

    def changes_pending(self) -> bool:
        """True while the Changes tab waits to be worked out again (for tests)."""
        return self._changes_stale
