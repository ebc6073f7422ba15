"""The triage card: the current article as its list page shows it, decided on with buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap, QTextLayout
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from test_triage import in_triage, opened, press, selected_titles

from reviewer.app.context import AppContext
from reviewer.app.images import REMOTE_OFF, Thumbnail
from reviewer.app.mainwindow import MainWindow
from reviewer.app.settings import FETCH_REMOTE_IMAGES
from reviewer.app.triage.card import NO_IMAGE, TITLE_LINES, ArticleCard
from reviewer.app.triage.cardview import IMAGE_PIXELS, LOGO_PIXELS, NOTHING_LEFT, CardPane

# A modal question a test did not answer fails it (tests/app/conftest.py).
pytestmark = pytest.mark.usefixtures("no_modal_prompts")


@pytest.fixture(autouse=True)
def no_remote_images(context: AppContext) -> None:
    """No test here fetches anything: remote images are off (the loader says so)."""
    context.settings.set(FETCH_REMOTE_IMAGES, False)


def pane(window: MainWindow) -> CardPane:
    return window.triage.view.pane


def card(window: MainWindow) -> ArticleCard:
    return pane(window).card


def card_title(window: MainWindow) -> str:
    return card(window).title.full_text()


def settled(qtbot: QtBot, window: MainWindow) -> None:
    """Let the card catch up with the events of a change (it follows them on a zero timer)."""
    qtbot.waitUntil(lambda: not window.triage.view._follow.isActive())  # noqa: SLF001


def lines_of(label: QLabel) -> int:
    """The lines ``label``'s text takes at its width, laid out as the card lays it out."""
    layout = QTextLayout(label.text(), label.font())
    layout.beginLayout()
    count = 0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        count += 1
    layout.endLayout()
    return count


def chips(window: MainWindow) -> list[str]:
    box = card(window).topics_box
    return [label.text() for label in box.findChildren(QLabel) if label.isVisibleTo(box)]


def test_entering_triage_shows_the_card_of_the_current_article(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    view = window.triage.view
    assert view.card_shown() and pane(window).isVisible()
    assert not window.detail.isVisible()
    assert pane(window).showing() is window.current_document()
    shown = card(window)
    assert card_title(window) == "Echo Story"
    assert shown.excerpt.full_text() == "About Echo Story"
    assert shown.provider.text() == "Example News"
    assert shown.date.text() == "2024-03-05 12:00"  # the file's own offset, as the table
    assert (shown.quality.text(), shown.heat.text()) == ("Quality 90", "Heat 3")
    assert shown.state.text() == "Unpublished"
    assert chips(window) == ["# Cities"]
    assert shown.image.pixmap is None and shown.image.reason == NO_IMAGE
    assert pane(window).progress.text() == "decided 0 of 4" == window.triage.counter.text()
    assert pane(window).publish.text() == "Publish"
    assert "(P)" in pane(window).publish.toolTip()
    assert "(S)" in pane(window).skip.toolTip() and "(U)" in pane(window).undo.toolTip()

    press(qtbot, window, Qt.Key.Key_J)  # the card follows the current row
    settled(qtbot, window)
    assert card_title(window) == "Alpha Story"
    assert card(window).quality.text() == "Quality 10"


def test_leaving_triage_brings_back_the_detail_pane_in_its_place(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    splitter = window.splitter
    assert splitter.count() == 3  # the card took the detail pane's slot, no new one
    assert splitter.indexOf(window.triage.view) == 2
    window.splitter.setSizes([150, 500, 300])
    sizes = window.splitter.sizes()
    window.save_state()  # remembered while in triage
    window.triage.mode.setChecked(False)
    assert not window.triage.view.card_shown()
    assert window.detail.isVisible() and not pane(window).isVisible()
    assert not window.triage.view.back.isVisible()
    assert splitter.sizes() == sizes
    second = MainWindow(context)
    qtbot.addWidget(second)
    second.show()
    assert second.splitter.sizes() == sizes
    assert second.detail.isVisible()


def test_the_publish_button_publishes_and_undo_takes_it_back(
    qtbot: QtBot, context: AppContext, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = in_triage(qtbot, context, articles)
    echo = window.current_document()
    assert echo is not None
    empties: list[str] = []
    original = CardPane.show_empty

    def recording(self: CardPane, message: str) -> None:
        empties.append(message)
        original(self, message)

    monkeypatch.setattr(CardPane, "show_empty", recording)
    qtbot.mouseClick(pane(window).publish, Qt.MouseButton.LeftButton)
    assert echo.view.published is True
    settled(qtbot, window)
    assert card_title(window) == "Alpha Story"  # the next at once
    qtbot.wait(50)  # whatever follows the decision
    settled(qtbot, window)
    assert card_title(window) == "Alpha Story"
    assert empties == []  # never an empty card between
    assert pane(window).progress.text() == "decided 1 of 4"
    assert window.table.hasFocus()  # the buttons never take the focus from the table

    qtbot.mouseClick(pane(window).undo, Qt.MouseButton.LeftButton)
    assert echo.view.published is False
    settled(qtbot, window)
    assert card_title(window) == "Echo Story"
    assert pane(window).progress.text() == "decided 0 of 4"


def test_skip_moves_on_and_the_keys_still_work(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    qtbot.mouseClick(pane(window).skip, Qt.MouseButton.LeftButton)
    settled(qtbot, window)
    assert selected_titles(window) == ["Alpha Story"]
    assert card_title(window) == "Alpha Story"
    alpha = window.current_document()
    assert alpha is not None
    press(qtbot, window, Qt.Key.Key_P)  # after a click, the keys decide as before
    assert alpha.view.published is True
    settled(qtbot, window)
    assert card_title(window) == "Charlie Story"
    assert card(window).provider.text() == "Café Times"
    assert pane(window).progress.text() == "decided 2 of 4"


def test_the_card_shows_a_published_item_as_such(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    window.triage.advance.setChecked(False)  # stay on the item decided
    echo = window.current_document()
    press(qtbot, window, Qt.Key.Key_P)
    settled(qtbot, window)
    assert pane(window).showing() is echo  # hidden by the search now, still shown
    assert card(window).state.text() == "Published ●"  # unsaved
    assert pane(window).publish.text() == "Unpublish"


def test_return_shows_the_detail_pane_and_a_decision_the_card(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    view = window.triage.view
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.detail.isVisible() and not view.card_shown()
    assert view.back.isVisible()
    focused = window.focusWidget()
    assert focused is not None and window.detail.isAncestorOf(focused)
    qtbot.keyClick(focused, Qt.Key.Key_Escape)  # the keys go back to the table...
    assert window.table.hasFocus() and window.detail.isVisible()  # ...the fields stay
    press(qtbot, window, Qt.Key.Key_S)  # a decision brings the card, on the next item
    settled(qtbot, window)
    assert view.card_shown() and card_title(window) == "Alpha Story"
    qtbot.mouseClick(pane(window).details, Qt.MouseButton.LeftButton)
    assert window.detail.isVisible() and window.detail.document() is window.current_document()
    qtbot.mouseClick(view.back, Qt.MouseButton.LeftButton)
    assert view.card_shown() and window.table.hasFocus()


def test_text_from_the_file_shows_literally(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.md").write_text(
        "---\n"
        "title: \"<b>Bold</b> <img src='x.png'> \\e[31mred \\u202Eevil\"\n"
        'excerpt: "<script>x</script>\\x07 line\\nnext About"\n'
        "published: false\n"
        "provider:\n"
        "  name: '<a href=\"https://example.org\">Link</a>'\n"
        "topics:\n"
        "  - '<i>topic</i>'\n"
        "---\n",
        encoding="utf-8",
    )
    window = in_triage(qtbot, context, folder)
    shown = card(window)
    title = shown.title
    assert title.textFormat() == Qt.TextFormat.PlainText
    assert title.full_text() == "<b>Bold</b> <img src='x.png'> \\x1b[31mred \\u202eevil"
    assert "\x1b" not in title.text() and "\u202e" not in title.text()
    assert shown.excerpt.textFormat() == Qt.TextFormat.PlainText
    assert shown.excerpt.full_text().startswith("<script>x</script>\\x07 line\nnext")
    assert shown.provider.textFormat() == Qt.TextFormat.PlainText
    assert shown.provider.text() == '<a href="https://example.org">Link</a>'
    assert chips(window) == ["# <i>topic</i>"]
    for label in shown.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_a_long_title_is_elided_to_three_lines(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    long_title = " ".join(["Words"] * 200)
    (folder / "long.md").write_text(f"---\ntitle: {long_title}\npublished: false\n---\n")
    window = in_triage(qtbot, context, folder)
    window.resize(1400, 900)
    title = card(window).title
    qtbot.waitUntil(lambda: title.width() > 250 and title.text() != title.full_text())
    assert title.text().endswith("…")
    assert title.toolTip()  # the whole title, on hover
    assert 2 <= lines_of(title) <= TITLE_LINES
    width = title.width()
    window.resize(1000, 900)  # narrower: elided again to as many lines
    qtbot.waitUntil(lambda: title.width() < width)
    assert 2 <= lines_of(title) <= TITLE_LINES
    assert title.text().endswith("…")


def test_a_profile_without_a_title_shows_its_name(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "ada.md").write_text(
        "---\nname: Ada Lovelace\npublished: false\nimages:\n  - url: https://example.org/a.png\n"
        "---\n",
        encoding="utf-8",
    )
    window = in_triage(qtbot, context, folder)
    assert card_title(window) == "Ada Lovelace"
    shown = card(window)
    assert shown.image_url == "https://example.org/a.png"
    qtbot.waitUntil(lambda: shown.image.reason == REMOTE_OFF)  # the loader's reason
    assert shown.quality.isHidden() and shown.date.text() == ""


PICTURES = (
    "---\ntitle: A\npublished: false\nimages:\n  - url: https://example.org/a.png\n"
    "provider:\n  name: Paper\n  images:\n    - url: https://example.org/logo.png\n---\n"
)


def red(width: int, height: int) -> QPixmap:
    picture = QPixmap(width, height)
    picture.fill(QColor("red"))
    return picture


def test_the_card_shows_the_pictures_the_thumbnail_loader_has(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "a.md").write_text(PICTURES, encoding="utf-8")
    (folder / "b.md").write_text(PICTURES.replace("title: A", "title: B"), encoding="utf-8")
    window = opened(qtbot, context, folder)
    loader = window.detail.thumbnails.loader()
    assert loader is not None
    asked: list[tuple[str, int]] = []
    picture, logo = red(64, 36), red(68, 68)

    def known(url: str, size: int) -> Thumbnail | None:
        asked.append((url, size))
        return Thumbnail(url, size, picture if size == IMAGE_PIXELS else logo)

    monkeypatch.setattr(loader, "request", known)
    qtbot.keyClick(window.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    settled(qtbot, window)
    shown = card(window)
    assert ("https://example.org/a.png", IMAGE_PIXELS) in asked
    assert ("https://example.org/logo.png", LOGO_PIXELS) in asked
    assert shown.image.pixmap is picture and shown.logo.pixmap is logo


def test_a_late_picture_shows_only_on_its_own_article(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "a.md").write_text(PICTURES, encoding="utf-8")
    window = in_triage(qtbot, context, folder)
    loader = window.detail.thumbnails.loader()
    assert loader is not None
    shown = card(window)
    assert shown.logo_url == "https://example.org/logo.png"
    assert shown.logo.initial == "P" and shown.logo.pixmap is None
    picture = red(32, 18)
    loader.ready.emit(Thumbnail("https://example.org/old.png", IMAGE_PIXELS, picture))
    assert shown.image.pixmap is None  # late, for another article
    loader.ready.emit(Thumbnail("https://example.org/a.png", IMAGE_PIXELS, picture))
    assert shown.image.pixmap is picture
    loader.ready.emit(Thumbnail("https://example.org/logo.png", LOGO_PIXELS, picture))
    assert shown.logo.pixmap is picture
    loader.ready.emit(Thumbnail("https://example.org/a.png", IMAGE_PIXELS, None, "HTTP 404"))
    assert shown.image.pixmap is None and shown.image.reason == "HTTP 404"


def test_an_empty_queue_says_so(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = in_triage(qtbot, context, articles)
    for _ in range(3):  # the three editable items
        press(qtbot, window, Qt.Key.Key_P)
    settled(qtbot, window)
    assert card_title(window) == "broken"  # the last one left: no title, its file's name
    assert "cannot be edited" in card(window).problem.text()
    press(qtbot, window, Qt.Key.Key_S)
    settled(qtbot, window)
    assert pane(window).progress.text() == "decided 4 of 4"
    assert pane(window).showing() is None and pane(window).empty.isVisible()
    assert pane(window).empty.text() == NOTHING_LEFT
    assert not pane(window).publish.isEnabled() and not pane(window).skip.isEnabled()
    assert pane(window).undo.isEnabled()  # the last decision can still be taken back
    qtbot.mouseClick(pane(window).undo, Qt.MouseButton.LeftButton)
    settled(qtbot, window)
    assert card_title(window) == "broken" and pane(window).showing() is not None


def test_a_search_that_lists_nothing_says_so(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    window.list_pane.filter_edit.setText("title:nothing-matches-this")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 0)
    settled(qtbot, window)
    assert pane(window).showing() is None and pane(window).empty.text() == NOTHING_LEFT
    window.list_pane.filter_edit.clear()
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 4)
    window.select_row(0)
    settled(qtbot, window)
    assert card_title(window) == "Echo Story"


def test_deciding_the_last_item_leaves_the_empty_state(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "only-one.md").write_text("---\ntitle: Only One\npublished: false\n---\n")
    window = in_triage(qtbot, context, folder)
    assert card_title(window) == "Only One"
    qtbot.mouseClick(pane(window).publish, Qt.MouseButton.LeftButton)
    settled(qtbot, window)
    assert pane(window).showing() is None and pane(window).empty.text() == NOTHING_LEFT
    qtbot.mouseClick(pane(window).undo, Qt.MouseButton.LeftButton)
    settled(qtbot, window)
    assert card_title(window) == "Only One" and pane(window).showing() is not None
