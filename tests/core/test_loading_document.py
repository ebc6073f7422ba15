"""Document over a light article: read the file only when needed, keep pending changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.core import store
from reviewer.core.article import Article, light
from reviewer.core.document import MISSING, Document, NotLoadedError
from reviewer.core.errors import ConflictError
from reviewer.core.store import read_article

TEXT = """\
---
# kept
title: "Old title"
published: false
quality: 40
provider:
  name: Contoso
  domain: contoso.com
  images:
    - url: https://example.com/logo.png
images:
  - url: https://example.com/a.png
    width: 10
    height: 20
    isCached: true
secured: "{secured}"
related:
  - title: Other
---
Body
"""


def write(path: Path, title: str = "Old title") -> Path:
    path.write_text(TEXT.format(secured="x" * 300).replace("Old title", title))
    return path


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return write(tmp_path / "a.md")


def test_a_light_document_shows_its_summary_without_reading(path: Path) -> None:
    document = Document(light(read_article(path)))
    assert not document.loaded
    assert document.view is document.article  # cheap: the light article itself
    assert document.get(("title",)) == "Old title"
    assert document.get(("provider", "name")) == "Contoso"
    assert document.get(("quality",)) == 40
    assert document.get(("webUrl",)) is MISSING  # a summary key the file lacks
    assert not document.loaded


@pytest.mark.parametrize(
    "key",
    [("secured",), ("related",), ("provider",), ("provider", "images"), ("images",), ("body",)],
)
def test_a_value_the_summary_lacks_needs_a_load_first(path: Path, key: tuple[str, ...]) -> None:
    """Issue 10: no getter reads the file; loading is a step of its own."""
    full = read_article(path)
    document = Document(light(full))
    with pytest.raises(NotLoadedError, match="needs load"):
        document.get(key)
    with pytest.raises(NotLoadedError):
        document.disk_value(key)
    assert not document.loaded
    document.load()
    value = document.get(key)
    assert document.loaded and document.article == full
    expected: object = full.data
    for part in key:
        expected = expected.get(part, MISSING) if isinstance(expected, dict) else MISSING
    assert value == expected


def test_set_reads_no_file_and_save_does(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10: bulk-toggling listed articles read each file inside the setter."""
    document = Document(light(read_article(path)))
    reads: list[Path] = []
    real = store.read_article

    def reading(p: Path) -> Article:
        reads.append(p)
        return real(p)

    monkeypatch.setattr(store, "read_article", reading)
    document.set(("published",), True)
    document.set(("secured",), "x" * 300)  # not in the summary: kept as a change
    assert not document.loaded and document.modified and reads == []
    assert document.view.published is True
    document.save()
    assert reads == [path]
    saved = path.read_text()
    assert "published: true" in saved and "# kept" in saved and "x" * 300 in saved
    assert not document.modified and document.article == read_article(path)


def test_a_change_the_summary_cannot_judge_is_dropped_by_the_save(path: Path) -> None:
    document = Document(light(read_article(path)))
    before = path.read_bytes()
    document.set(("secured",), "x" * 300)  # what the file already holds
    assert document.modified
    document.save()
    assert path.read_bytes() == before and not document.modified


@pytest.mark.parametrize("method", ["render", "save", "load"])
def test_every_step_that_needs_the_file_loads_it(path: Path, method: str) -> None:
    document = Document(light(read_article(path)))
    assert document.disk_value(("title",)) == "Old title" and not document.loaded
    if method == "render":
        assert document.render() == path.read_bytes()
    elif method == "save":
        document.changes[("quality",)] = 41  # as if set before: save still loads first
        document.save()
        assert "quality: 41" in path.read_text()
    else:
        assert document.load() is False
    assert document.loaded


def test_load_says_whether_the_file_changed_since_listing(path: Path) -> None:
    document = Document(light(read_article(path)))
    assert document.load() is False
    assert document.load() is False  # already loaded: nothing read

    listed = light(read_article(path))
    write(path, title="New title")
    document = Document(listed)
    assert document.get(("title",)) == "Old title"  # the listing's value, until loaded
    assert document.load() is True
    assert document.get(("title",)) == "New title"


def test_load_keeps_pending_changes(path: Path) -> None:
    document = Document(light(read_article(path)))
    document.changes[("quality",)] = 99  # pending on a light baseline
    write(path, title="New title")
    assert document.load() is True
    assert document.changes == {("quality",): 99}
    assert document.view.title == "New title" and document.view.quality == 99
    document.save()
    assert "quality: 99" in path.read_text() and "New title" in path.read_text()


def test_a_file_deleted_since_listing_loads_as_an_error(path: Path) -> None:
    document = Document(light(read_article(path)))
    path.unlink()
    assert document.load() is True
    assert not document.editable and document.article.error == "the file does not exist"


def test_a_change_made_after_loading_is_still_guarded(path: Path) -> None:
    document = Document(light(read_article(path)))
    document.set(("quality",), 41)
    write(path, title="Changed by another program")
    with pytest.raises(ConflictError):
        document.save()
    assert document.modified


def test_reload_with_a_light_article_stays_light_without_changes(path: Path) -> None:
    document = Document(read_article(path))
    write(path, title="New title")
    document.reload(light(read_article(path)))
    assert not document.loaded and document.view.title == "New title"


def test_reload_with_a_light_article_and_changes_compares_with_the_file(path: Path) -> None:
    document = Document(read_article(path))
    document.set(("title",), "New title")
    document.set(("quality",), 50)
    write(path, title="New title")
    document.reload(light(read_article(path)))
    assert document.loaded
    assert document.changes == {("quality",): 50}  # the title change is now on disk


def test_the_view_copies_only_the_mappings_on_a_changed_path(path: Path) -> None:
    document = Document(read_article(path))
    disk = document.article.data
    document.set(("published",), True)
    document.set(("provider", "name"), "Fabrikam")
    document.set(("images",), MISSING)
    view = document.view.data
    assert view["published"] is True and "images" not in view
    assert view["provider"] == {**disk["provider"], "name": "Fabrikam"}
    assert view["related"] is disk["related"]  # unchanged: shared, not copied
    assert view["provider"]["images"] is disk["provider"]["images"]
    assert disk["published"] is False and disk["provider"]["name"] == "Contoso"
    assert "images" in disk
    document.set(("related", "title"), MISSING)  # below a list: nothing to remove
    assert document.view.data["related"] is disk["related"]
