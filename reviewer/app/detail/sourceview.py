"""The detail pane's text tabs: the file as on disk, and the exact diff a save would write."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from reviewer.core import diff
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.errors import ReviewerError


def decode(raw: bytes) -> str:
    """File bytes as text for display (bad UTF-8 shown as replacement characters)."""
    return raw.decode("utf-8", errors="replace")


def unified_diff(before: bytes, after: bytes, name: str) -> str:
    """A unified diff of two versions of a file, for display ("" when equal)."""
    return "\n".join(diff.unified(before, after, f"{name} (on disk)", f"{name} (after saving)"))


def diff_counts(text: str) -> tuple[int, int]:
    """How many lines a diff adds and removes (header lines not counted)."""
    return diff.counts(text.split("\n"))


def monospace_view(parent: QWidget | None = None) -> QPlainTextEdit:
    """A read-only text view in the system's fixed-width font."""
    view = QPlainTextEdit(parent)
    view.setReadOnly(True)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    view.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return view


def _format(foreground: str, background: str | None = None, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(foreground))
    if background:
        fmt.setBackground(QColor(background))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    return fmt


class DiffHighlighter(QSyntaxHighlighter):
    """Colours a unified diff: additions green, removals red, hunk headers blue."""

    ADDED = _format("#0b5d1e", "#e3f6e8")
    REMOVED = _format("#8c1d18", "#fde7e9")
    HUNK = _format("#1a5fb4")
    HEADER = _format("#555555", bold=True)

    def highlightBlock(self, text: str) -> None:
        """Colour one line by its first character."""
        if text.startswith(("+++ ", "--- ")) and self.currentBlock().blockNumber() < 2:
            fmt = self.HEADER
        elif text.startswith("+"):
            fmt = self.ADDED
        elif text.startswith("-"):
            fmt = self.REMOVED
        elif text.startswith("@@"):
            fmt = self.HUNK
        else:
            return
        self.setFormat(0, len(text), fmt)


class SourceView(QWidget):
    """The file's text exactly as on disk, read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel("The file as it is on disk (read-only).", self)
        self.note.setWordWrap(True)
        self.text = monospace_view(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.text, 1)
        self._shown: Article | None = None

    def show_article(self, article: Article | None) -> None:
        """Show ``article``'s raw text (nothing happens when it is already shown)."""
        if article is self._shown:
            return
        self._shown = article
        self.text.setPlainText("" if article is None else decode(article.raw))


class ChangesView(QWidget):
    """The exact diff between the file on disk and what Save would write."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it may quote the file
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = monospace_view(self)
        self.highlighter = DiffHighlighter(self.text.document())
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.text, 1)
        self.show_document(None)

    def show_document(self, document: Document | None) -> None:
        """Work out and show the diff of ``document``'s unsaved changes."""
        if document is None or not document.modified:
            self._show_message("No unsaved changes", "gray", center=True)
            return
        try:
            after = document.render()
        except ReviewerError as exc:
            self._show_message(f"These changes cannot be saved: {exc}", "#b3261e")
            return
        diff = unified_diff(document.article.raw, after, document.path.name)
        if not diff:
            self._show_message("The changes leave the file's bytes as they are", "gray", True)
            return
        added, removed = diff_counts(diff)
        self.message.setText(
            f"Saving writes exactly this: {added} line{'s' * (added != 1)} added, "
            f"{removed} removed."
        )
        self.message.setStyleSheet("")
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.text.setPlainText(diff)
        self.text.show()

    def diff_text(self) -> str:
        """The diff shown ("" when a message is shown instead)."""
        return self.text.toPlainText() if self.text.isVisibleTo(self) else ""

    def _show_message(self, text: str, color: str, center: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {color}; font-weight: bold;")
        self.message.setAlignment(
            Qt.AlignmentFlag.AlignCenter if center else Qt.AlignmentFlag.AlignLeft
        )
        self.text.hide()
        self.text.clear()
