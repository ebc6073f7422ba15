"""The Fields tab and the sidebar built from a field set given at run time (a collection's
fields: profiles, communities), not only from the registry; and back to the registry."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QTreeWidgetItem
from pytestqt.qtbot import QtBot
from test_mainwindow import changed_lines, open_window

from reviewer.app.browse.sidebar import FacetCounter, Sidebar, facet_counts, facet_key
from reviewer.app.context import AppContext
from reviewer.app.detail.detail import DetailPane, known_keys
from reviewer.app.detail.fieldform import INHERITED_TIP, attribute_name
from reviewer.app.editing import Editor
from reviewer.app.mainwindow import MainWindow
from reviewer.core import fields
from reviewer.core.document import Document
from reviewer.core.fields import Facet, Field, Kind
from reviewer.core.schema import infer_articles
from reviewer.core.site.defaults import Inherited, rules_of
from reviewer.core.store import read_article

ANN = """\
---
name: Ann Lee
bio: "Writes about ports."
location: Berlin
affiliation: Port Authority
twitter:
  username: annlee
  url: "https://twitter.com/annlee"
  followers: 120
joined: 2023-04-01
---
Ann's page.
"""

BOB = """\
---
name: Bob Stone
location: Berlin
twitter: "@bob"
---
"""

CARA = """\
---
name: Cara Diaz
bio: "Maps rivers."
location: Lisbon
twitter:
  username: caradiaz
---
"""

#: The fields a schema would infer for the profiles (made by hand: no schema module needed).
PROFILE_FIELDS = (
    Field(("name",), "Name", Kind.TEXT, "The person's name"),
    Field(("bio",), "Bio", Kind.LONG_TEXT),
    Field(("location",), "Location", Kind.CHOICE, facet=Facet("Location", 0, expanded=True)),
    Field(("twitter", "username"), "Twitter username", Kind.TEXT),
    Field(("twitter", "url"), "Twitter URL", Kind.URL),
    Field(("twitter", "followers"), "Twitter followers", Kind.INT),
    Field(("joined",), "Joined", Kind.DATE, facet=Facet("Joined", 1)),
)

MEMBERS = Field(("members",), "Members", Kind.TEXT_LIST, facet=Facet("Members", 0))


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "_profiles"
    folder.mkdir()
    for name, text in (("ann", ANN), ("bob", BOB), ("cara", CARA)):
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def document(folder: Path, name: str) -> Document:
    return Document(read_article(folder / f"{name}.md"))


@pytest.fixture
def pane(qtbot: QtBot, profiles: Path) -> DetailPane:
    widget = DetailPane(Editor())
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.set_document(document(profiles, "ann"))
    widget.set_fields(PROFILE_FIELDS)
    return widget


def select(window: MainWindow, name: str) -> Document:
    """Make the row of file ``name`` current; its document."""
    for row in range(window.proxy.rowCount()):
        window.select_row(row)
        current = window.current_document()
        if current is not None and current.path.name == name:
            return current
    raise AssertionError(f"{name} not listed")


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [child for i in range(item.childCount()) if (child := item.child(i)) is not None]


# -- the Fields tab


def test_the_form_shows_the_fields_given_filled_from_the_document(pane: DetailPane) -> None:
    form = pane.fields
    assert list(form.editors) == [f.path for f in PROFILE_FIELDS]
    assert form.form_fields() == PROFILE_FIELDS
    assert form.editor("name").text() == "Ann Lee"
    assert form.editor("bio").toPlainText() == "Writes about ports."
    assert form.editor(("twitter", "username")).text() == "annlee"
    assert form.twitter_username is form.editor("twitter.username")  # attribute_name
    assert form.editor("twitter.followers").value() == 120
    assert form.editor("location").currentText() == "Berlin"
    assert form.label(("bio",)).text().startswith("Bio")
    assert not hasattr(form, "title")  # the registry's rows are gone
    assert not hasattr(form, "provider_name")


def test_other_fields_list_only_the_keys_the_set_does_not_cover(pane: DetailPane) -> None:
    assert pane.tabs.tabText(1) == "Other (1)"
    assert pane.other.toPlainText() == "affiliation: Port Authority"
    assert known_keys(PROFILE_FIELDS) == {"name", "bio", "location", "twitter", "joined"}


def test_a_field_not_on_the_form_is_not_covered(pane: DetailPane) -> None:
    hidden = Field(("affiliation",), "Affiliation", Kind.TEXT, form=False)
    pane.set_fields((*PROFILE_FIELDS, hidden))
    assert ("affiliation",) not in pane.fields.editors
    assert pane.other.toPlainText() == "affiliation: Port Authority"


def test_a_missing_key_shows_empty_and_typing_creates_it(
    qtbot: QtBot, pane: DetailPane, profiles: Path
) -> None:
    bob = document(profiles, "bob")
    pane.set_document(bob)
    box = pane.fields.editor("bio")
    assert isinstance(box, QPlainTextEdit) and box.toPlainText() == ""
    qtbot.keyClicks(box, "Bakes")
    assert bob.get(("bio",)) == "Bakes"
    assert "\nbio: Bakes\n" in bob.render().decode()


def test_a_nested_field_under_a_value_that_is_no_mapping_is_locked(
    pane: DetailPane, profiles: Path
) -> None:
    form = pane.fields
    pane.set_document(document(profiles, "bob"))  # twitter: "@bob"
    line = form.editor("twitter.username")
    assert isinstance(line, QLineEdit) and line.isReadOnly()
    assert "twitter is not a mapping" in line.toolTip()
    assert not form.editor("twitter.followers").isEnabled()
    pane.set_document(document(profiles, "cara"))  # twitter is a mapping again
    assert not line.isReadOnly() and line.text() == "caradiaz"
    assert form.editor("twitter.followers").isEnabled()


def test_a_value_the_given_field_refuses_is_marked_not_applied(
    qtbot: QtBot, pane: DetailPane
) -> None:
    shown = pane.document()
    assert shown is not None
    url = pane.fields.editor("twitter.url")
    url.line.clear()
    qtbot.keyClicks(url.line, "not an address")
    assert "twitter.url must be an http:// or https:// address" in pane.fields.problem(
        ("twitter", "url")
    )
    assert shown.get(("twitter", "url")) == "https://twitter.com/annlee"  # not applied
    assert not shown.modified


def form_labels(pane: DetailPane) -> list[str]:
    """The labels of the form's rows, top to bottom."""
    layout = pane.fields.form
    found = []
    for row in range(layout.rowCount()):
        item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        assert isinstance(label, QLabel)
        found.append(label.text().rstrip(" ●"))
    return found


def test_a_field_of_both_sets_keeps_its_editor_and_the_focus(
    qtbot: QtBot, pane: DetailPane
) -> None:
    pane.show()
    form = pane.fields
    bio, name = form.editor("bio"), form.editor("name")
    bio.setFocus()
    qtbot.waitUntil(bio.hasFocus)
    affiliation = Field(("affiliation",), "Affiliation", Kind.TEXT)
    pane.set_fields((affiliation, PROFILE_FIELDS[1], PROFILE_FIELDS[3]))
    assert list(form.editors) == [("affiliation",), ("bio",), ("twitter", "username")]
    assert form_labels(pane) == ["Affiliation", "Bio", "Twitter username"]
    assert form.editor("bio") is bio and bio.hasFocus()
    assert form.editor("affiliation").text() == "Port Authority"
    assert not hasattr(form, "name") and ("name",) not in form.editors
    qtbot.waitUntil(lambda: not name.isVisible())  # deleted, not left on the form
    assert pane.other.toPlainText().startswith("name: Ann Lee")
    qtbot.keyClicks(bio, "!")  # the kept editor still edits
    shown = pane.document()
    assert shown is not None and shown.get(("bio",)) == "!Writes about ports."


def test_back_to_the_registry_restores_todays_form(pane: DetailPane) -> None:
    pane.set_fields(fields.form())
    form = pane.fields
    assert list(form.editors) == [f.path for f in fields.form()]
    assert form_labels(pane) == [f.label for f in fields.form()]
    for field in fields.form():
        assert getattr(form, attribute_name(field)) is form.editor(field.path)
    assert not hasattr(form, "twitter_username")
    assert pane.fields.editor("title").text() == ""  # a profile has no title
    text = pane.other.toPlainText()
    assert "name: Ann Lee" in text and "twitter:" in text and "affiliation" in text


# -- in the window: an undoable edit, saved as one line


def test_typing_in_bio_is_one_undo_step_saved_as_one_line(
    qtbot: QtBot, context: AppContext, profiles: Path
) -> None:
    window = open_window(qtbot, context, profiles)
    window.detail.set_fields(PROFILE_FIELDS)
    ann = select(window, "ann.md")
    path = ann.path
    before = path.read_bytes()
    box = window.detail.fields.editor("bio")
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClicks(box, " And ships")
    assert ann.get(("bio",)) == "Writes about ports. And ships"
    assert window.editor.undo_stack.count() == 1  # the keystrokes merged into one step
    window.menus.undo.trigger()
    assert not ann.modified and box.toPlainText() == "Writes about ports."
    window.menus.redo.trigger()
    assert box.toPlainText() == "Writes about ports. And ships"
    window.menus.save.trigger()
    qtbot.waitUntil(lambda: not window.isWindowModified())
    assert changed_lines(before, path.read_bytes()) == [
        '-bio: "Writes about ports."',
        '+bio: "Writes about ports. And ships"',
    ]


def test_a_nested_field_edits_the_nested_value(
    qtbot: QtBot, context: AppContext, profiles: Path
) -> None:
    window = open_window(qtbot, context, profiles)
    window.detail.set_fields(PROFILE_FIELDS)
    cara = select(window, "cara.md")
    before = cara.path.read_bytes()
    line = window.detail.fields.editor("twitter.username")
    line.end(False)
    qtbot.keyClicks(line, "2")
    assert cara.get(("twitter", "username")) == "caradiaz2"
    window.menus.save.trigger()
    qtbot.waitUntil(lambda: not window.isWindowModified())
    assert changed_lines(before, cara.path.read_bytes()) == [
        "-  username: caradiaz",
        "+  username: caradiaz2",
    ]


# -- the sidebar


def test_the_sidebar_counts_the_given_facets_and_a_click_filters(
    qtbot: QtBot, context: AppContext, profiles: Path
) -> None:
    window = open_window(qtbot, context, profiles)
    window.browse.set_facets(PROFILE_FIELDS)
    sidebar = window.browse.sidebar
    window.browse.flush()
    assert list(sidebar.groups) == ["location", "joined"]
    assert sidebar.views_item.text(0) == "Saved views"  # the saved views stay
    location = sidebar.groups["location"]
    assert location.text(0) == "Location"
    assert {c.text(0): c.text(1) for c in children(location)} == {"Berlin": "2", "Lisbon": "1"}
    assert [c.text(0) for c in children(sidebar.groups["joined"])] == ["2023"]
    berlin = next(c for c in children(location) if c.text(0) == "Berlin")
    sidebar.itemClicked.emit(berlin, 0)
    assert window.list_pane.filter_edit.text() == "location:=Berlin"
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 2)
    shown = sorted(d.path.name for d in window.proxy.documents())
    assert shown == ["ann.md", "bob.md"]
    # The detail pane offers the folder's locations in its Location choice.
    window.detail.set_fields(PROFILE_FIELDS)
    window.browse.flush()
    combo = window.detail.fields.editor("location")
    assert sorted(combo.itemText(i) for i in range(combo.count())) == ["Berlin", "Lisbon"]


def test_the_sidebar_back_to_the_registry(qtbot: QtBot) -> None:
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    sidebar.set_facets(PROFILE_FIELDS)
    assert list(sidebar.groups) == ["location", "joined"]
    sidebar.set_facets(fields.FIELDS)
    assert list(sidebar.groups) == [facet_key(f) for f in fields.facets()]
    assert sidebar.topLevelItemCount() == 1 + len(fields.facets())


def test_a_click_on_a_nested_facet_names_the_dotted_key(qtbot: QtBot, profiles: Path) -> None:
    nested = Field(("twitter", "username"), "Twitter", Kind.TEXT, facet=Facet("Handles", 0))
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    sidebar.set_facets([nested])
    sidebar.set_documents([document(profiles, name) for name in ("ann", "bob", "cara")])
    sidebar.flush()
    handles = sidebar.groups["twitter.username"]
    assert [c.text(0) for c in children(handles)] == ["annlee", "caradiaz"]
    with qtbot.waitSignal(sidebar.term_requested) as blocker:
        sidebar.itemClicked.emit(children(handles)[0], 0)
    assert blocker.args == ["twitter.username:=annlee"]


COMMUNITY = """\
---
name: {name}
members:
{members}
---
"""


def test_lists_are_counted_per_item_in_slices(qtbot: QtBot, tmp_path: Path) -> None:
    documents = []
    for i in range(5):
        path = tmp_path / f"c{i}.md"
        members = ["ann", "bob"] if i % 2 else ["ann"]
        text = COMMUNITY.format(name=f"C{i}", members="\n".join(f"  - {m}" for m in members))
        path.write_text(text, encoding="utf-8")
        documents.append(Document(read_article(path)))
    assert facet_counts(documents, facets=[MEMBERS]) == {"members": {"ann": 5, "bob": 2}}
    counter = FacetCounter(facets=[MEMBERS])
    counter.start(documents)
    with qtbot.waitSignal(counter.counted) as blocker:
        counter._step(2)  # noqa: SLF001 - one slice by hand: the rest follow on the event loop
    assert blocker.args == [{"members": Counter({"ann": 5, "bob": 2})}]


def test_rows_added_are_counted_into_the_running_counts(qtbot: QtBot, tmp_path: Path) -> None:
    documents = []
    for i in range(6):
        path = tmp_path / f"c{i}.md"
        members = ["ann", "bob"] if i % 2 else ["ann"]
        text = COMMUNITY.format(name=f"C{i}", members="\n".join(f"  - {m}" for m in members))
        path.write_text(text, encoding="utf-8")
        documents.append(Document(read_article(path)))
    counter = FacetCounter(facets=[MEMBERS])
    counter.start(documents[:2])
    with qtbot.waitSignal(counter.counted) as blocker:
        pass
    assert blocker.args == [{"members": Counter({"ann": 2, "bob": 1})}]
    # a load's next batch, the rows in another order: only the new ones are counted
    counter.start(documents[4:] + documents[:4], same_values=True)
    queued = counter._documents  # noqa: SLF001 - what is left to count
    assert sorted(map(id, queued)) == sorted(map(id, documents[2:]))
    with qtbot.waitSignal(counter.counted) as blocker:
        pass
    assert blocker.args == [{"members": Counter({"ann": 6, "bob": 3})}]
    # fewer rows (a search): counted from the start
    with qtbot.waitSignal(counter.counted) as blocker:
        counter.start(documents[:3], same_values=True)
    assert blocker.args == [{"members": Counter({"ann": 3, "bob": 1})}]
    # values changed: counted from the start
    with qtbot.waitSignal(counter.counted) as blocker:
        counter.start(documents[:3])
    assert blocker.args == [{"members": Counter({"ann": 3, "bob": 1})}]


# -- inherited values (Document.inherited, from _config.yml's defaults)

CONFIG = {
    "defaults": [
        {"scope": {"path": "_profiles"}, "values": {"bio": "A member", "followers": 7}},
    ]
}
SOURCE = "_config.yml, defaults[0]: path _profiles"


def inheriting(path: Path) -> Document:
    """The document of ``path``, inheriting CONFIG's defaults as the workspace gives them."""
    opened = Document(read_article(path))
    rules, warnings = rules_of(CONFIG)
    assert not warnings
    opened.inherited = Inherited.of(rules)
    return opened


def test_an_inherited_value_is_shown_apart_and_editing_writes_it(
    qtbot: QtBot, pane: DetailPane, profiles: Path
) -> None:
    followers = Field(("followers",), "Followers", Kind.INT)
    pane.set_fields((*PROFILE_FIELDS, followers))
    bob = inheriting(profiles / "bob.md")
    pane.set_document(bob)
    tip = INHERITED_TIP.format(source=SOURCE)
    box = pane.fields.editor("bio")
    assert box.toPlainText() == "" and box.placeholderText() == "A member"
    assert box.font().italic() and box.toolTip() == tip
    spin = pane.fields.editor("followers")
    assert spin.value() == 7 and "italic" in spin.styleSheet() and spin.toolTip() == tip
    name = pane.fields.editor("name")  # the file writes it: not inherited
    assert name.placeholderText() == "" and not name.font().italic()
    assert not bob.modified
    qtbot.keyClicks(box, "Bakes")
    assert bob.get(("bio",)) == "Bakes"
    assert box.placeholderText() == "" and not box.font().italic()  # written now
    assert box.toolTip() != tip
    assert "\nbio: Bakes\n" in bob.render().decode()


def test_a_value_the_file_writes_hides_the_inherited_one(pane: DetailPane, profiles: Path) -> None:
    ann = inheriting(profiles / "ann.md")  # writes its own bio
    pane.set_document(ann)
    box = pane.fields.editor("bio")
    assert box.toPlainText() == "Writes about ports."
    assert box.placeholderText() == "" and not box.font().italic()


def test_an_inherited_value_is_counted_in_its_facet(profiles: Path) -> None:
    location = PROFILE_FIELDS[2]
    bare = profiles / "dee.md"
    bare.write_text("---\nname: Dee\n---\n", encoding="utf-8")
    dee = Document(read_article(bare))
    rules, _warnings = rules_of({"defaults": [{"values": {"location": "Porto"}}]})
    assert facet_counts([dee], facets=[location]) == {"location": {}}
    dee.inherited = Inherited.of(rules)
    assert facet_counts([dee], facets=[location]) == {"location": {"Porto": 1}}


def test_the_schema_fed_batch_by_batch_is_that_of_the_rows(
    qtbot: QtBot, context: AppContext, profiles: Path
) -> None:
    (profiles / "notes.txt").write_text("no front matter", encoding="utf-8")
    window = open_window(qtbot, context, profiles)
    qtbot.waitUntil(lambda: window.folder_fields.schema is not None, timeout=10_000)
    articles = [d.article for d in window.model.documents()]
    assert window.folder_fields.schema == infer_articles(articles)
    assert window.folder_fields.schema.files == 3
