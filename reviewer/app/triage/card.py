"""The triage card: one article as a reader would see it on the site's list page.

Deciding whether an item goes on the site is easier on what the site would show than on a
row of a table or a form of fields: its picture, its title, its excerpt, who wrote it and
when, its scores and its topics. ``ArticleCard`` shows exactly that, and nothing it shows
is ever read as HTML: every label is plain text, one-line values go through
``core.safetext.escape`` (a newline, ESC or a bidirectional override shows as an escape)
and the excerpt through ``escape_lines``.

Pictures are not fetched here: the card says which it wants (``image_url``, ``logo_url``)
and shows a placeholder with a reason until ``set_image`` / ``set_logo`` hand it one (the
triage view asks the window's thumbnail loader, ``app/images.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from reviewer.app.plaintext import plain_tip
from reviewer.app.table.model import file_time, offset_tip
from reviewer.core.article import heading
from reviewer.core.document import Document
from reviewer.core.safetext import escape, escape_lines

#: The placeholder's words when the article has no picture, and when it has one not shown.
NO_IMAGE = "No image"
IMAGE_NOT_LOADED = "Image not loaded"
IMAGE_LOADING = "Loading the image…"
#: Lines a title and an excerpt take at most before they are elided.
TITLE_LINES = 3
EXCERPT_LINES = 8
#: Characters of a topic a chip shows at most.
CHIP_CHARS = 40
#: The picture's shape (width to height), as list pages crop them.
IMAGE_RATIO = 16 / 9
IMAGE_MAX_HEIGHT = 280
LOGO_SIZE = 34
_MUTED = "#5f6368"
_STATES = {  # published state: words, text colour, background
    True: ("Published", "#1e6b34", "#e3f3e7"),
    False: ("Unpublished", "#7a5200", "#fff4d6"),
    None: ("Cannot be read", "#b3261e", "#fde7e9"),
}


def plain_label(parent: QWidget, style: str = "") -> QLabel:
    """A label for text from a file: plain text (Qt never guesses HTML), selectable."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


def elide_lines(text: str, font: QFont, width: int, lines: int) -> str:
    """``text`` cut to what ``lines`` lines of ``width`` pixels hold, an ellipsis ending it
    when cut (Qt elides one line only; a wrapped title or excerpt needs several)."""
    if width <= 0 or not text:
        return text
    layout = QTextLayout(text, font)
    layout.beginLayout()
    last_start = 0
    laid = 0
    more = False
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        if laid == lines:
            more = True
            break
        line.setLineWidth(width)
        last_start = line.textStart()
        laid += 1
    layout.endLayout()
    if not more:
        return text
    tail = QFontMetrics(font).elidedText(
        text[last_start:].replace("\n", " "), Qt.TextElideMode.ElideRight, width
    )
    return text[:last_start] + tail


class WrappedLabel(QLabel):
    """A word-wrapped plain-text label of at most ``lines`` lines, elided after; the whole
    text is its tooltip when elided."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        """Show ``text`` (elided to the lines allowed at the label's width)."""
        self._full = text
        self._elide()

    def full_text(self) -> str:
        """The text before eliding."""
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Elide again for the new width."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        shown = elide_lines(self._full, self.font(), width, self.lines)
        self.setToolTip(plain_tip(self._full) if shown != self._full else "")
        if shown != self.text():
            self.setText(shown)


class ImageBox(QWidget):
    """A picture cropped to fill the box (as list pages show them), or a grey placeholder
    that says why there is none. Its height follows its width (IMAGE_RATIO)."""

    def __init__(self, ratio: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ratio = ratio
        self.pixmap: QPixmap | None = None
        self.reason = NO_IMAGE
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_pixmap(self, pixmap: QPixmap | None, reason: str) -> None:
        """Show ``pixmap``, or the placeholder saying ``reason`` when None."""
        self.pixmap = pixmap if pixmap is not None and not pixmap.isNull() else None
        self.reason = reason
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return min(IMAGE_MAX_HEIGHT, round(width / self.ratio))

    def sizeHint(self) -> QSize:
        return QSize(480, self.heightForWidth(480))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        box = self.rect()
        clip = QPainterPath()
        clip.addRoundedRect(box, 6, 6)
        painter.setClipPath(clip)
        if self.pixmap is None:
            painter.fillRect(box, QColor("#eceff3"))
            painter.setPen(QColor("#80868b"))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(box.adjusted(16, 8, -16, -8), int(flags), self.reason)
            return
        scaled = self.pixmap.scaled(
            box.size(),
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        corner = QPoint((scaled.width() - box.width()) // 2, (scaled.height() - box.height()) // 2)
        painter.drawPixmap(box, scaled, QRect(corner, box.size()))


class LogoBox(QWidget):
    """The provider's logo, or its initial in a rounded square while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(LOGO_SIZE, LOGO_SIZE)
        self.pixmap: QPixmap | None = None
        self.initial = ""

    def set_logo(self, pixmap: QPixmap | None, initial: str) -> None:
        """Show ``pixmap``, or ``initial`` (one character) when None."""
        self.pixmap = pixmap if pixmap is not None and not pixmap.isNull() else None
        self.initial = initial
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        clip = QPainterPath()
        clip.addRoundedRect(self.rect(), 5, 5)
        painter.setClipPath(clip)
        if self.pixmap is not None:
            painter.drawPixmap(self.rect(), self.pixmap)
            return
        painter.fillRect(self.rect(), QColor("#dfe3ea"))
        painter.setPen(QColor("#3c4043"))
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.initial)


class FlowLayout(QLayout):
    """Lays its widgets out in rows, wrapping like words (chips, buttons): as narrow as its
    widest widget, so a narrow pane wraps them instead of forcing the window wider."""

    def __init__(
        self, parent: QWidget | None = None, spacing: int = 6, align_right: bool = False
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.align_right = align_right
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add(self, widget: QWidget) -> None:
        """Add ``widget`` (without the ownership dance of ``addWidget``'s PySide binding)."""
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        m = self.contentsMargins()
        inner = QRect(0, 0, width - m.left() - m.right(), 0)
        return self._place(inner, move=False) + m.top() + m.bottom()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect.marginsRemoved(self.contentsMargins()), move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize(0, 0)
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size.grownBy(m)

    def _rows(self, width: int) -> list[list[tuple[QLayoutItem, QSize]]]:
        rows: list[list[tuple[QLayoutItem, QSize]]] = []
        row: list[tuple[QLayoutItem, QSize]] = []
        used = 0
        for item in self._items:
            if item.isEmpty():  # a hidden widget
                continue
            hint = item.sizeHint()
            if row and used + self._gap + hint.width() > width:
                rows.append(row)
                row, used = [], 0
            used += (self._gap if row else 0) + hint.width()
            row.append((item, hint))
        return [*rows, row] if row else rows

    def _place(self, rect: QRect, move: bool) -> int:
        y = rect.y()
        for row in self._rows(rect.width()):
            height = max(hint.height() for _item, hint in row)
            width = sum(hint.width() for _item, hint in row) + self._gap * (len(row) - 1)
            x = rect.x() + (max(0, rect.width() - width) if self.align_right else 0)
            for item, hint in row:
                if move:
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), hint))
                x += hint.width() + self._gap
            y += height + self._gap
        return max(0, y - self._gap - rect.y())


def chip_style(foreground: str, background: str) -> str:
    """The style sheet of a chip in these colours."""
    return (
        f"QLabel {{ color: {foreground}; background: {background}; border-radius: 10px;"
        " padding: 2px 8px; }"
    )


def chip(text: str, parent: QWidget, colors: tuple[str, str] = ("#1a3d6d", "#e6eefa")) -> QLabel:
    """A rounded label with one short value (a topic, a score, the published state)."""
    label = plain_label(parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setStyleSheet(chip_style(*colors))
    shown = text if len(text) <= CHIP_CHARS else text[: CHIP_CHARS - 1].rstrip() + "…"
    label.setText(shown)
    if shown != text:
        label.setToolTip(plain_tip(text))
    return label


def first_url(images: object) -> str:
    """The ``url`` of the first entry of an ``images`` list ("" when there is none)."""
    if isinstance(images, list) and images and isinstance(images[0], Mapping):
        url = images[0].get("url")
        return url if isinstance(url, str) else ""
    return ""


class ArticleCard(QFrame):
    """One article as its list page shows it: picture, provider and date, title, excerpt,
    scores and state, topics. Display only: the decisions are the pane's buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleCard")
        self.setStyleSheet(
            "#articleCard { background: white; border: 1px solid #d5d9e0; border-radius: 10px; }"
        )
        self.document: Document | None = None
        self.image_url = ""
        self.logo_url = ""
        self.image = ImageBox(IMAGE_RATIO, self)
        self.logo = LogoBox(self)
        self.provider = plain_label(self, "font-weight: 600; color: #202124;")
        self.date = plain_label(self, f"color: {_MUTED}; font-size: 9pt;")
        for label in (self.provider, self.date):
            label.setMinimumWidth(1)  # a narrow card cuts them rather than widen the window
        self.title = WrappedLabel(TITLE_LINES, self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setStyleSheet("color: #202124;")
        self.excerpt = WrappedLabel(EXCERPT_LINES, self)
        excerpt_font = QFont(self.excerpt.font())
        excerpt_font.setPointSizeF(excerpt_font.pointSizeF() * 1.08)
        self.excerpt.setFont(excerpt_font)
        self.excerpt.setStyleSheet("color: #3c4043;")
        self.problem = plain_label(self, "color: #b3261e;")
        self.problem.setWordWrap(True)
        self.state = chip("", self)
        self.quality = chip("", self, ("#3c4043", "#eef0f3"))
        self.heat = chip("", self, ("#3c4043", "#eef0f3"))
        self.topics_box = QWidget(self)
        self.topics = FlowLayout(self.topics_box)
        self._topics_shown: list[str] | None = None
        self._layout()

    def _layout(self) -> None:
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.provider)
        names.addWidget(self.date)
        byline = QHBoxLayout()
        byline.setSpacing(10)
        byline.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignVCenter)
        byline.addLayout(names, 1)
        scores_box = QWidget(self)
        scores = FlowLayout(scores_box)
        for widget in (self.state, self.quality, self.heat):
            scores.add(widget)
        text = QVBoxLayout()
        text.setContentsMargins(18, 4, 18, 18)
        text.setSpacing(10)
        text.addLayout(byline)
        text.addWidget(self.title)
        text.addWidget(self.excerpt)
        text.addWidget(self.problem)
        text.addWidget(scores_box)
        text.addWidget(self.topics_box)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 0)
        outer.setSpacing(8)
        outer.addWidget(self.image)
        outer.addLayout(text)

    # -- what the pane calls

    def show_document(self, document: Document) -> bool:
        """Show ``document`` as it would read after saving (its pending changes too); True
        when it is another article than the one shown (its pictures are then to ask for)."""
        switched = document is not self.document
        self.document = document
        article = document.view
        self.title.set_full_text(escape(" ".join(heading(article.data, article.path).split())))
        self.excerpt.set_full_text(escape_lines(article.excerpt).strip())
        self.excerpt.setVisible(bool(article.excerpt.strip()))
        self.problem.setText(
            f"This file cannot be edited: {escape(article.error)}" if article.error else ""
        )
        self.problem.setVisible(article.error is not None)
        provider = escape(article.provider_name) or escape(article.provider_domain)
        self.provider.setText(provider)
        self._show_date(article.published_at)
        words, foreground, background = _STATES[article.published]
        self.state.setText(words + (" ●" if document.modified else ""))
        self.state.setStyleSheet(chip_style(foreground, background))
        self._show_score(self.quality, "Quality", article.quality)
        self._show_score(self.heat, "Heat", article.heat)
        self._show_topics(article.topics)
        if switched:
            self.image_url = first_url(article.images)
            self.logo_url = first_url(article.provider.get("images"))
            self.set_image(None, IMAGE_NOT_LOADED if self.image_url else NO_IMAGE)
            self.set_logo(None)
        return switched

    def set_image(self, pixmap: QPixmap | None, reason: str = "", url: str | None = None) -> None:
        """Show the article's picture, or the placeholder saying ``reason`` when None.

        A loader passes the ``url`` it fetched: a picture that arrives after the card moved
        on to another article is then ignored.
        """
        if url is not None and url != self.image_url:
            return
        reason = escape(reason) or (IMAGE_NOT_LOADED if self.image_url else NO_IMAGE)
        self.image.set_pixmap(pixmap, reason)
        self.image.setToolTip(plain_tip(escape(self.image_url)) if self.image_url else "")

    def set_logo(self, pixmap: QPixmap | None, url: str | None = None) -> None:
        """Show the provider's logo, or its initial when None (``url``: as ``set_image``)."""
        if url is not None and url != self.logo_url:
            return
        name = self.provider.text().strip()
        self.logo.set_logo(pixmap, name[:1].upper())
        self.logo.setVisible(bool(name) or pixmap is not None)

    # -- parts

    def _show_date(self, when: dt.datetime | None) -> None:
        self.date.setText(file_time(when))
        self.date.setToolTip(offset_tip(when) or "")

    @staticmethod
    def _show_score(label: QLabel, name: str, value: int | None) -> None:
        label.setText(f"{name} {value}")
        label.setVisible(value is not None)

    def _show_topics(self, topics: list[str]) -> None:
        shown = [escape(" ".join(t.split())) for t in topics if t.strip()]
        if self._topics_shown == shown:
            return
        self._topics_shown = shown
        while (item := self.topics.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        for topic in shown:
            self.topics.add(chip(f"# {topic}", self.topics_box))
        self.topics_box.setVisible(bool(shown))
        self.topics_box.updateGeometry()
