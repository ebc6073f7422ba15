"""Triage's main view: the card of the current article, with the decisions as buttons.

In triage mode the card takes the detail pane's place beside the list (``TriageView`` sits
where the window put the detail pane, in the same splitter slot, so the remembered splitter
sizes and window state mean the same thing in and out of triage). The detail pane stays one
key away: Edit Fields (Return, or the card's Details button) shows it and focuses its first
field; Back to List (Escape) gives the keys back to the table with the fields still in
view, and the next decision (or the bar above the pane) brings the card back. Out of
triage the view is the detail pane alone, as before.

The card follows what the detail pane shows (the window's one rule for "the current
article", which has read a listed file in full by then). It is brought up to date once the
events of a change have all arrived (a zero timer): a decision edits a row, the selection
moves on to the next one, the row of a search that no longer matches leaves later, and the
card goes from one article straight to the next, never through its empty state. When every
item listed has a decision (an edit never hides a row, so decided rows stay listed), or the
search lists none, the card says there is nothing left to review.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reviewer.app.context import AppContext
from reviewer.app.images import Thumbnail, ThumbnailLoader
from reviewer.app.triage.card import IMAGE_LOADING, LOGO_SIZE, ArticleCard, FlowLayout
from reviewer.core.document import Document

#: The empty states: every item listed has a decision, or none is listed; no row is
#: selected; the folder is being read.
NOTHING_LEFT = "Nothing left to review in this search"
NOTHING_SELECTED = "Select an item in the list to review it"
LOADING = "Reading the folder…"
#: The card's widest (wider, lines get too long to read).
CARD_MAX_WIDTH = 640
#: The sizes asked of the thumbnail loader (the longer side, pixels): the card's picture
#: (as wide as the card gets) and the provider's logo (sharp on a 2x screen).
IMAGE_PIXELS = CARD_MAX_WIDTH
LOGO_PIXELS = 2 * LOGO_SIZE


@dataclass(frozen=True)
class CardActions:
    """Triage's registered actions the card's buttons trigger (the same as its keys)."""

    publish: QAction
    skip: QAction
    undo: QAction
    details: QAction
    back: QAction


def shortcut_text(action: QAction) -> str:
    """The action's first shortcut as the platform writes it ("" for none)."""
    keys = action.shortcuts()
    return keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""


class ActionButton(QPushButton):
    """A button that triggers a registered action: its tooltip names the action's current
    shortcut (the keymap may change it). It never takes the focus, so the table keeps it
    and the single-key decisions go on working after a click."""

    def __init__(self, action: QAction, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.action = action
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clicked.connect(action.trigger)
        action.changed.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        keys = shortcut_text(self.action)
        tip = self.action.statusTip() or self.action.text().replace("&", "")
        self.setToolTip(f"{tip} ({keys})" if keys else tip)
        self.setEnabled(self.action.isEnabled())


_BUTTON = (
    "QPushButton {{ padding: 7px 14px; border-radius: 6px; border: 1px solid {border};"
    " background: {background}; color: {color}; font-weight: 600; }}"
    " QPushButton:hover {{ background: {hover}; }}"
    " QPushButton:disabled {{ color: #9aa0a6; background: #f1f3f4; border-color: #e0e3e7; }}"
)
_PRIMARY = _BUTTON.format(border="#1a73e8", background="#1a73e8", color="white", hover="#1765cc")
_PLAIN = _BUTTON.format(border="#c4c9d0", background="white", color="#202124", hover="#f1f3f4")
_LINK = (
    "QPushButton { border: none; background: transparent; color: #1a73e8; padding: 4px 6px; }"
    " QPushButton:hover { text-decoration: underline; }"
)


class CardPane(QWidget):
    """The card on a grey backdrop, its empty state, and the bar of decisions and progress."""

    def __init__(self, actions: CardActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardPane")
        self.setStyleSheet("#cardPane, #cardBackdrop { background: #f3f4f6; }")
        self.setAutoFillBackground(True)
        self.card = ArticleCard()
        self.empty = QLabel(NOTHING_LEFT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #5f6368; font-size: 15pt; padding: 32px;")
        backdrop = QWidget()
        backdrop.setObjectName("cardBackdrop")
        column = QVBoxLayout(backdrop)
        column.setContentsMargins(18, 18, 18, 18)
        column.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)
        self.card.setMaximumWidth(CARD_MAX_WIDTH)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidget(backdrop)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.scroller)
        self.pages.addWidget(self.empty)

        self.publish = ActionButton(actions.publish, "Publish")
        self.publish.setStyleSheet(_PRIMARY)
        self.skip = ActionButton(actions.skip, "Skip")
        self.undo = ActionButton(actions.undo, "Undo")
        self.details = ActionButton(actions.details, "Fields ▸")
        self.details.setStyleSheet(_LINK)
        for button in (self.skip, self.undo):
            button.setStyleSheet(_PLAIN)
        self.progress = QLabel()
        self.progress.setStyleSheet("color: #5f6368;")
        self.progress.setToolTip("Items with a decision in this triage session, of those listed")
        self.progress.setMinimumWidth(1)
        top = QHBoxLayout()
        top.setContentsMargins(18, 8, 12, 0)
        top.addWidget(self.progress, 1)
        top.addWidget(self.details)
        bar = QWidget(self)
        buttons = FlowLayout(bar, spacing=8, align_right=True)
        buttons.setContentsMargins(18, 10, 18, 12)
        for button in (self.undo, self.skip, self.publish):
            buttons.add(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(bar)
        self.show_empty(NOTHING_SELECTED)

    def show_document(self, document: Document) -> bool:
        """Show ``document`` on the card; Publish says what it would do to it. True when
        it is another article than the one shown."""
        switched = self.card.show_document(document)
        self.pages.setCurrentWidget(self.scroller)
        self.publish.setText("Unpublish" if document.view.published else "Publish")
        self.publish.setEnabled(document.editable and self.publish.action.isEnabled())
        self.skip.setEnabled(self.skip.action.isEnabled())
        return switched

    def show_empty(self, message: str) -> None:
        """Show an empty state saying ``message``; nothing to decide on."""
        self.empty.setText(message)
        self.pages.setCurrentWidget(self.empty)
        self.card.document = None
        self.publish.setText("Publish")
        self.publish.setEnabled(False)
        self.skip.setEnabled(False)

    def showing(self) -> Document | None:
        """The document on the card, or None in an empty state."""
        return self.card.document if self.pages.currentWidget() is self.scroller else None

    def set_progress(self, text: str) -> None:
        """The triage counter's text ("decided 3 of 30")."""
        self.progress.setText(text)


class TriageView(QStackedWidget):
    """The detail pane's place in the window: the detail pane, or in triage the card.

    Made with the window's detail pane still in its splitter; takes its slot there and
    holds it from then on.
    """

    def __init__(self, context: AppContext, actions: CardActions) -> None:
        super().__init__()
        self.context = context
        self.active = False
        self.left = -1  # items in view without a decision (-1: not counted yet)
        detail = context.detail
        holder = detail.parentWidget()
        if isinstance(holder, QSplitter):
            holder.replaceWidget(holder.indexOf(detail), self)
        self._actions = actions
        self._pane: CardPane | None = None  # made when triage first shows it (``pane``)
        self.details_page = QWidget(self)
        self.back = QPushButton("◂ Back to the Card", self.details_page)
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.setFlat(True)
        self.back.setToolTip("Show the card again (a decision shows it too)")
        self.back.clicked.connect(self.show_card)
        self.back.clicked.connect(actions.back.trigger)  # and the keys go to the table again
        for decision in (actions.publish, actions.skip, actions.undo):
            decision.triggered.connect(self.show_card)
        page = QVBoxLayout(self.details_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addWidget(self.back, 0, Qt.AlignmentFlag.AlignLeft)
        page.addWidget(detail, 1)
        self.back.hide()
        self.addWidget(self.details_page)
        self.setCurrentWidget(self.details_page)

        self._loader: ThumbnailLoader | None = None
        self._follow = QTimer(self, singleShot=True, interval=0)
        self._follow.timeout.connect(self.update_card)
        self._connect(context)

    @property
    def pane(self) -> CardPane:
        """The card, its empty state and its buttons: made when first asked for (triage
        entered), not with the window."""
        if self._pane is None:
            self._pane = CardPane(self._actions, self)
            self.addWidget(self._pane)
        return self._pane

    def _connect(self, context: AppContext) -> None:
        later = self.schedule
        context.selection.current_changed.connect(later)
        context.list_pane.table.selectionModel().selectionChanged.connect(later)
        proxy = context.proxy
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.layoutChanged):
            signal.connect(later)
        proxy.modelReset.connect(later)
        context.model.dataChanged.connect(later)
        context.editor.documents_changed.connect(later)
        context.loader.finished.connect(later)

    def set_progress(self, text: str, left: int) -> None:
        """The triage counter's text, and how many items in view have no decision yet:
        none left is the empty state (decided rows stay listed: an edit never hides a row)."""
        self.pane.set_progress(text)
        if left != self.left:
            self.left = left
            self.schedule()

    def set_active(self, on: bool) -> None:
        """Triage on: the card, up to date at once; off: the detail pane alone, as before."""
        self.active = on
        self.back.setVisible(on)
        if on:
            self.update_card()
            self.setCurrentWidget(self.pane)
        else:
            self._follow.stop()
            self.setCurrentWidget(self.details_page)

    def show_details(self) -> None:
        """Show the detail pane (in triage, until ``show_card``)."""
        self.setCurrentWidget(self.details_page)

    def show_card(self) -> None:
        """In triage, show the card again (out of triage, nothing changes)."""
        if self.active:
            self.update_card()
            self.setCurrentWidget(self.pane)

    def card_shown(self) -> bool:
        """True while the card (not the detail pane) is on screen."""
        return self._pane is not None and self.currentWidget() is self._pane

    def schedule(self, *_args: object) -> None:
        """Bring the card up to date once the events of this change have all arrived."""
        if self.active:
            self._follow.start()

    def update_card(self) -> None:
        """Show the article the detail pane shows, or the empty state that says why none."""
        self._follow.stop()
        c = self.context
        document = c.detail.document()
        if not c.proxy.rowCount() or self.left == 0:
            self.pane.show_empty(LOADING if c.loader.loading else NOTHING_LEFT)
        elif document is None:
            self.pane.show_empty(NOTHING_SELECTED)
        elif self.pane.show_document(document):
            self.ask_pictures()

    # -- pictures

    def ask_pictures(self) -> None:
        """Ask the window's thumbnail loader (the detail pane's, when it has one) for the
        card's picture and logo; those it has already are shown at once."""
        loader = self.context.detail.thumbnails.loader()
        if loader is None:
            return
        if loader is not self._loader:
            if self._loader is not None:
                self._loader.ready.disconnect(self._on_thumbnail)
            self._loader = loader
            loader.ready.connect(self._on_thumbnail)
        card = self.pane.card
        for url, size in ((card.image_url, IMAGE_PIXELS), (card.logo_url, LOGO_PIXELS)):
            if url:
                found = loader.request(url, size)
                if found is not None:
                    self._on_thumbnail(found)
                elif size == IMAGE_PIXELS:
                    card.set_image(None, IMAGE_LOADING, url=url)

    def _on_thumbnail(self, thumbnail: Thumbnail) -> None:
        """A picture (or why there is none) arrived: shown if it is still the card's."""
        card = self.pane.card
        if thumbnail.size == IMAGE_PIXELS:
            card.set_image(thumbnail.pixmap, thumbnail.reason, url=thumbnail.url)
        elif thumbnail.size == LOGO_PIXELS and thumbnail.pixmap is not None:
            card.set_logo(thumbnail.pixmap, url=thumbnail.url)
