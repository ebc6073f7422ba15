"""A workspace inside a Jekyll site: documents inherit the site's defaults, searches and
counts see them, and editing an inherited value writes one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reviewer.core.article import Article
from reviewer.core.document import MISSING, Document
from reviewer.core.folder.index import IndexCache
from reviewer.core.query import parse
from reviewer.core.site import NOTHING_INHERITED, Site, find_site
from reviewer.workspace import SetValue, Workspace, plan, save
from reviewer.workspace.collections import count_collections

CONFIG = """\
_people_defaults: &people
  category: people
  deleted: false
  twitter: {followers: 0}
collections:
  people: {output: true}
  news: {output: true}
  hidden: {output: true}
  empty: {output: true}
defaults:
  - scope: {path: "_people", type: people}
    values:
      <<: *people
      layout: profile
  - scope: {type: hidden}
    values: {published: false}
"""

FILES = {
    "_people/ann.md": "---\nname: Ann\nbio: Writes.\ntwitter:\n  username: ann\n---\nAnn.\n",
    "_people/bob.md": "---\nname: Bob\ncategory: staff\n---\n",
    "_people/README.md": "About the people folder.\n",
    "_news/one.md": "---\ntitle: One\npublished: false\n---\n",
    "_news/two.md": "---\ntitle: Two\n---\n",
    "_news/broken.md": "---\ntitle: [unclosed\n---\n",
    "_hidden/h1.md": "---\ntitle: Hidden by default\n---\n",
    "_hidden/h2.md": "---\ntitle: Shown\npublished: true\n---\n",
    "_hidden/h3.md": "---\ntitle: Null keeps the default\npublished: ~\n---\n",
    "_communities/py.md": "---\nname: Python\nmembers: [ann, bob]\n---\n",
    "_posts/2024-01-01-hi.md": "---\ntitle: Hi\n---\n",
    "_drafts/idea.md": "---\ntitle: Idea\npublished: false\n---\n",
    "_sass/x.md": "---\ntitle: no\n---\n",
    "_data/orgs.yml": "name: ACME\n",
}


@pytest.fixture
def site(tmp_path: Path) -> Site:
    root = tmp_path / "site"
    root.mkdir()
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    os.mkfifo(root / "_news" / "pipe.md")  # listed, never opened: an error
    found = find_site(root)
    assert found is not None
    return found


def people(site: Site, cache: IndexCache | None = None) -> Workspace:
    workspace = Workspace(cache)
    workspace.open(site.root / "_people", site)
    workspace.read()
    return workspace


def test_documents_inherit_and_know_the_source(site: Site) -> None:
    workspace = people(site)
    ann, bob = workspace.documents
    # Light, a document inherits what its summary answers for: twitter, a small mapping, too.
    assert ann.effective.data["category"] == "people"
    assert ann.effective.data["twitter"] == {"username": "ann", "followers": 0}
    workspace.load(workspace.documents)
    assert ann.inherited is site.defaults_for(ann.path)
    assert ann.effective.data["category"] == "people"
    assert ann.effective.data["twitter"] == {"username": "ann", "followers": 0}
    assert bob.effective.data["category"] == "staff"  # the file wins
    assert ann.get(("category",)) is MISSING  # get and view stay the file's
    assert "category" not in ann.view.data
    source = "_config.yml, defaults[0]: path _people, type people"
    assert ann.inherited_source(("category",)) == source
    assert ann.inherited_source(("twitter", "followers")) == source
    assert ann.inherited_source(("twitter", "username")) is None  # the file's own
    assert bob.inherited_source(("category",)) is None
    assert ann.inherited_source(("title",)) is None


def test_the_effective_view_follows_edits_and_is_kept_per_version(site: Site) -> None:
    ann = people(site).documents[0]
    first = ann.effective
    assert ann.effective is first  # made once per version
    ann.set(("category",), "editors")
    assert ann.effective.data["category"] == "editors"
    assert ann.inherited_source(("category",)) is None
    ann.set(("category",), None)  # a null keeps the default, as Jekyll merges
    assert ann.effective.data["category"] == "people"
    assert ann.inherited_source(("category",)) is not None


def test_outside_a_site_nothing_is_inherited(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n")
    workspace = Workspace()
    workspace.open(tmp_path)
    (document,) = workspace.read()
    assert document.inherited is NOTHING_INHERITED
    assert document.effective is document.view


def test_search_sees_inherited_values(site: Site) -> None:
    workspace = people(site)
    found = workspace.search(parse("category:people"))
    assert [d.path.name for d in found] == ["ann.md"]
    assert [d.path.name for d in workspace.search(parse("twitter.followers:0"))] == [
        "ann.md",
        "bob.md",
    ]
    assert workspace.unknown_fields(parse("deleted:false")) == []


def test_published_searches_see_a_collection_default(site: Site) -> None:
    workspace = Workspace()
    workspace.open(site.root / "_hidden", site)
    workspace.read()
    names = [d.path.name for d in workspace.search(parse("is:unpublished"))]
    assert names == ["h1.md", "h3.md"]


def test_documents_added_adopted_or_opened_inherit(site: Site) -> None:
    workspace = Workspace()
    workspace.open(site.root / "_people", site)
    (opened,) = workspace.open_files([site.root / "_people" / "ann.md"])
    assert opened.effective.data["layout"] == "profile"
    (adopted,) = workspace.adopt([Document(Article(site.root / "_people" / "x.md", b"", None))])
    assert adopted.inherited is opened.inherited


def test_editing_an_inherited_value_writes_one_line(site: Site) -> None:
    workspace = people(site)
    ann = workspace.documents[0]
    path = ann.path
    before = path.read_bytes()
    made = plan(SetValue(("category",), "people"), [ann])
    assert [(s.before, s.after) for s in made.steps] == [(MISSING, "people")]
    made.command().do()
    report = save([ann])
    assert report.saved == [ann] and not report.failed
    after = path.read_bytes()
    assert after.replace(b"category: people\n", b"", 1) == before
    assert ann.inherited_source(("category",)) is None  # now the file's own


def test_count_collections(site: Site, tmp_path: Path) -> None:
    cache = IndexCache(tmp_path / "cache")
    counts = count_collections(site, cache)
    rows = [c.row() for c in counts]
    assert rows == [
        {"name": "people", "path": "_people", "count": 2, "unpublished": 0, "errors": 0},
        {"name": "news", "path": "_news", "count": 4, "unpublished": 1, "errors": 2},
        {"name": "hidden", "path": "_hidden", "count": 3, "unpublished": 2, "errors": 0},
        {"name": "empty", "path": "_empty", "count": 0, "unpublished": 0, "errors": 0},
        {"name": "communities", "path": "_communities", "count": 1, "unpublished": 0, "errors": 0},
        {"name": "drafts", "path": "_drafts", "count": 1, "unpublished": 1, "errors": 0},
        {"name": "posts", "path": "_posts", "count": 1, "unpublished": 0, "errors": 0},
    ]
    assert not counts[3].collection.exists
    # Again from the index cache: the same numbers.
    assert [c.row() for c in count_collections(site, cache)] == rows


def test_count_collections_stops_when_cancelled(site: Site) -> None:
    assert count_collections(site, cancelled=lambda: True) == []
