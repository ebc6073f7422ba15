"""The Jekyll site around a folder (core.site): finding it, its collections, and the
front-matter defaults each file inherits, checked against ``jekyll build`` where installed."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from reviewer.core import read_article
from reviewer.core.errors import SiteError
from reviewer.core.frontmatter import yamlio
from reviewer.core.site import (
    NOTHING_INHERITED,
    Site,
    deep_merge,
    effective,
    find_site,
)

CONFIG = """\
title: A test site
baseurl: /blog
_people_defaults: &people
  type: profile
  category: people
  deleted: false
  twitter: {followers: 0}
collections:
  news: {output: true}
  people:
    output: true
  communities: {output: true}
  missing: {output: true}
defaults:
  - scope: {path: ""}
    values: {category: general, layout: default}
  - scope: {path: "_people", type: people}
    values:
      <<: *people
      layout: profile
  - scope: {path: "_news"}
    values: {category: news, published: false}
  - scope: {type: posts}
    values: {layout: post, category: blog}
  - scope: {path: "_news", type: news}
    values: {layout: news-item}
  - scope: {type: drafts}
    values: {category: never}
  - not a rule
"""

FILES = {
    "_news/2024-one.md": "---\ntitle: One\n---\nNews one.\n",
    "_news/2024-two.md": "---\ntitle: Two\npublished: true\n---\n",
    "_news/2024-three.md": "---\ntitle: Three\ncategory: ~\n---\n",
    "_people/ann.md": (
        "---\nname: Ann\nbio: Writes.\nlocation: Oslo\naffiliation: ACME\n"
        "twitter: {username: ann, url: 'https://x.com/ann'}\n---\n"
    ),
    "_people/bob.md": "---\nname: Bob\ncategory: staff\n---\n",
    "_communities/py.md": "---\nname: Python\nmembers: [ann, bob]\n---\n",
    "_posts/2024-01-02-hello.md": "---\ntitle: Hello\n---\n",
    "_drafts/idea.md": "---\ntitle: Idea\n---\n",
    "_notes/README.md": "Just notes, no front matter.\n",
    "_sass/main.md": "---\ntitle: not a collection\n---\n",
    "_site/news/one.md": "---\ntitle: output\n---\n",
    "_includes/x.html": "---\ntitle: include\n---\n",
    "_data/organizations/acme.yml": "name: ACME\n",
    "_data/organizations/b.md": "---\ntitle: data\n---\n",
    "about.md": "---\ntitle: About\n---\n",
    "README.md": "A site.\n",
}


def make_site(root: Path, config: str = CONFIG, files: dict[str, str] | None = None) -> Path:
    """A site in ``root``: ``_config.yml`` and the files (default FILES)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(config, encoding="utf-8")
    for name, text in (FILES if files is None else files).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def site(tmp_path: Path) -> Site:
    found = find_site(make_site(tmp_path / "site"))
    assert found is not None
    return found


# -- the loader takes what Jekyll's configurations use


def test_the_loader_takes_anchors_aliases_and_merge_keys_as_psych_does() -> None:
    text = (
        "base: &base {a: 1, b: 2, nested: {x: 1}}\n"
        "merged:\n  <<: *base\n  b: 3\n"
        "several:\n  <<: [*base, {c: 4}]\n"
        "alias: *base\n"
    )
    loaded = yamlio.load_value(text)
    assert loaded["merged"] == {"a": 1, "b": 3, "nested": {"x": 1}}  # own keys win
    assert loaded["several"] == {"a": 1, "b": 2, "nested": {"x": 1}, "c": 4}
    assert loaded["alias"] == {"a": 1, "b": 2, "nested": {"x": 1}}


# -- finding the site


def test_find_site_from_the_root_a_folder_or_a_file_inside(site: Site) -> None:
    root = site.root
    for start in (root, root / "_people", root / "_people" / "ann.md", root / "_news" / "gone"):
        found = find_site(start)
        assert found is not None and found.root == root
    assert site.baseurl == "/blog"
    assert site.collections_dir == ""
    assert site.config["title"] == "A test site"
    assert site.warnings == ["_config.yml: defaults[6] has no mapping of values; ignored"]


def test_no_site_outside_one(tmp_path: Path) -> None:
    (tmp_path / "loose").mkdir()
    assert find_site(tmp_path / "loose") is None


def test_a_bad_configuration_is_an_error_naming_the_file_line_and_column(tmp_path: Path) -> None:
    make_site(tmp_path, "title: x\ncollections:\n  news: {output: true\n", {})
    with pytest.raises(SiteError) as raised:
        find_site(tmp_path)
    message = str(raised.value)
    assert message.startswith(f"{tmp_path / '_config.yml'}: invalid YAML at line 4, column 1")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- a list\n", "not a mapping"),
        ("a: 1\na: 2\n", "line 2, column 1: duplicate key 'a'"),
        (b"a: \xff\n", "not UTF-8"),
        ("a: !!python/object:os.system x\n", "not allowed"),
    ],
)
def test_configurations_that_cannot_be_loaded(
    tmp_path: Path, text: str | bytes, problem: str
) -> None:
    config = tmp_path / "_config.yml"
    config.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(SiteError, match=problem) as raised:
        find_site(tmp_path)
    assert str(config) in str(raised.value)


def test_a_configuration_that_is_not_a_regular_file_is_an_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "_config.yml")  # never opened for a blocking read
    with pytest.raises(SiteError, match=r"_config\.yml: .*FIFO"):
        find_site(tmp_path / "sub")


def test_an_empty_configuration_is_a_site_without_settings(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("# nothing yet\n")
    found = find_site(tmp_path)
    assert found is not None and found.config == {} and found.collections == []


def test_site_relative_urls_name_files_of_the_site(site: Site) -> None:
    root = site.root  # baseurl: /blog
    assert site.local_file("/assets/images/x.jpg") == root / "assets" / "images" / "x.jpg"
    assert site.local_file("/blog/assets/x%20y.jpg?v=2#top") == root / "assets" / "x y.jpg"
    assert site.local_file("/blogroll/a.png") == root / "blogroll" / "a.png"
    # Without a leading slash, a path is the site's too (core.images.resolve, which
    # Site.local_file calls: themes write front matter's images through relative_url).
    assert site.local_file("a.jpg") == root / "a.jpg"
    for outside in ("https://example.com/a.jpg", "//cdn/a.jpg", "/../etc/passwd", "/", "file:/x"):
        assert site.local_file(outside) is None, outside


def test_a_site_path_through_a_link_out_of_the_site_names_no_file(
    site: Site, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(b"x")
    (site.root / "linked").symlink_to(outside)
    assert site.local_file("/linked/secret.jpg") is None
    (site.root / "inside").symlink_to(site.root / "assets", target_is_directory=True)
    assert site.local_file("/inside/x.jpg") == site.root / "assets" / "x.jpg"


# -- collections


def test_collections_configured_first_then_folders_with_articles_by_name(site: Site) -> None:
    rows = [(c.name, c.folder.name, c.configured, c.exists) for c in site.collections]
    assert rows == [
        ("news", "_news", True, True),
        ("people", "_people", True, True),
        ("communities", "_communities", True, True),
        ("missing", "_missing", True, False),
        ("drafts", "_drafts", False, True),
        ("posts", "_posts", False, True),
    ]  # not _notes (no front matter), _sass, _site, _includes, _data
    assert site.collection("people") is site.collections[1]
    assert site.collection_of(site.root / "_people" / "ann.md") is site.collections[1]
    assert site.collection_of(site.root / "about.md") is None


def test_collections_as_a_list_and_in_a_collections_dir(tmp_path: Path) -> None:
    config = (
        "collections_dir: content\ncollections: [people, events]\n"
        "defaults:\n  - scope: {path: content/_people}\n    values: {category: people}\n"
        "  - scope: {path: _events}\n    values: {category: events}\n"
    )
    files = {
        "content/_people/a.md": "---\nname: A\n---\n",
        "content/_events/e.md": "---\ntitle: E\n---\n",
        "content/_learning/l.md": "---\ntitle: L\n---\n",
        "_people/outside.md": "---\nname: not in the collections dir\n---\n",
    }
    found = find_site(make_site(tmp_path, config, files))
    assert found is not None
    assert [(c.name, c.folder) for c in found.collections] == [
        ("people", tmp_path / "content" / "_people"),
        ("events", tmp_path / "content" / "_events"),
        ("learning", tmp_path / "content" / "_learning"),
    ]
    # Scope paths are matched with the collections_dir removed, as Jekyll does.
    people = found.defaults_for(tmp_path / "content" / "_people" / "a.md")
    assert people.data == {"category": "people"}
    events = found.defaults_for(tmp_path / "content" / "_events" / "e.md")
    assert events.data == {"category": "events"}


# -- defaults


def test_a_profile_inherits_the_anchored_values_and_knows_their_sources(site: Site) -> None:
    inherited = site.defaults_for(site.root / "_people" / "ann.md")
    assert inherited.data == {
        "category": "people",
        "layout": "profile",
        "type": "profile",
        "deleted": False,
        "twitter": {"followers": 0},
    }
    people = "_config.yml, defaults[1]: path _people, type people"
    assert inherited.source(("category",)) == people
    assert inherited.source(("twitter", "followers")) == people
    assert inherited.source(("twitter",)) == people
    assert inherited.source(("title",)) is None
    # Also a mapping from key paths to values.
    assert ("twitter", "followers") in inherited and ("title",) not in inherited
    assert inherited[("twitter", "followers")] == 0
    assert inherited.get(("twitter", "url")) is None
    assert set(inherited) == {
        ("category",),
        ("layout",),
        ("type",),
        ("deleted",),
        ("twitter",),
        ("twitter", "followers"),
    }
    assert len(inherited) == 6 and inherited and not NOTHING_INHERITED
    # Files matched by the same rules share one Inherited.
    assert site.defaults_for(site.root / "_people" / "bob.md") is inherited


def test_precedence_longer_path_then_type_then_later(site: Site) -> None:
    root = site.root
    news = site.defaults_for(root / "_news" / "2024-one.md")
    # _news (defaults[2]) beats "" (defaults[0]); _news with a type (defaults[4]) adds layout.
    assert news.data == {"category": "news", "layout": "news-item", "published": False}
    assert news.source(("layout",)) == "_config.yml, defaults[4]: path _news, type news"
    assert news.source(("category",)) == "_config.yml, defaults[2]: path _news"
    # A type-only rule (defaults[3], path "") beats the earlier "" rule without a type.
    post = site.defaults_for(root / "_posts" / "2024-01-02-hello.md")
    assert post.data == {"category": "blog", "layout": "post"}
    # Drafts are posts to Jekyll 4: `type: drafts` applies to nothing.
    draft = site.defaults_for(root / "_drafts" / "idea.md")
    assert draft.data == {"category": "blog", "layout": "post"}
    page = site.defaults_for(root / "about.md")
    assert page.data == {"category": "general", "layout": "default"}
    assert site.defaults_for(root.parent / "elsewhere.md") is NOTHING_INHERITED


def test_a_later_rule_of_the_same_scope_wins_unless_only_the_earlier_names_a_type(
    tmp_path: Path,
) -> None:
    config = (
        "collections: [people]\ndefaults:\n"
        "  - scope: {path: _people, type: people}\n    values: {a: typed, b: typed}\n"
        "  - scope: {path: _people}\n    values: {a: untyped, c: untyped}\n"
        "  - scope: {path: /_people}\n    values: {b: slashed}\n"
        "  - scope: {path: _peo}\n    values: {c: shorter, d: shorter}\n"
    )
    found = find_site(make_site(tmp_path, config, {"_people/a.md": "---\nname: A\n---\n"}))
    assert found is not None
    # "/_people" matches nothing (Jekyll compares the path as written) but "_peo" does: a
    # scope path is a prefix of the file's path, not a folder.
    values = found.defaults_for(tmp_path / "_people" / "a.md").data
    assert values == {"a": "typed", "b": "typed", "c": "untyped", "d": "shorter"}


def test_glob_scopes(tmp_path: Path) -> None:
    config = "defaults:\n  - scope: {path: 'docs/*/guide'}\n    values: {layout: guide}\n"
    files = {
        "docs/a/guide/one.md": "---\ntitle: 1\n---\n",
        "docs/b/other/two.md": "---\ntitle: 2\n---\n",
    }
    found = find_site(make_site(tmp_path, config, files))
    assert found is not None
    assert found.defaults_for(tmp_path / "docs/a/guide/one.md").data == {"layout": "guide"}
    assert found.defaults_for(tmp_path / "docs/b/other/two.md").data == {}


def test_deep_merge_as_jekyll_merges() -> None:
    base = {"a": 1, "m": {"x": 1, "y": 2}, "l": [1, 2], "keep": "default", "k": {"z": 1}}
    over = {"m": {"y": 3}, "l": [3], "keep": None, "new": None, "k": "text"}
    merged = deep_merge(base, over)
    assert merged == {
        "a": 1,
        "m": {"x": 1, "y": 3},  # mappings merge
        "l": [3],  # lists are replaced
        "keep": "default",  # a null keeps the value under it
        "k": "text",
        "new": None,
    }
    assert base["m"] == {"x": 1, "y": 2} and over["m"] == {"y": 3}  # neither changed
    data: dict[str, Any] = {"title": "t"}
    assert effective({}, data) is data
    assert effective({"category": "c", "title": "x"}, data) == {"category": "c", "title": "t"}


# -- Jekyll itself

JEKYLL = shutil.which("jekyll")


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed")
def test_inherited_values_are_what_jekyll_renders(tmp_path: Path) -> None:
    """Each article prints its category, layout and twitter followers; Jekyll's output must
    be what the effective data says."""
    files = {
        name: text + "\n[{{ page.category }};{{ page.twitter.followers }};{{ page.published }}]\n"
        for name, text in FILES.items()
        if name.endswith(".md") and text.startswith("---") and name.split("/")[0] in KEPT
    }
    config = CONFIG.replace("  - not a rule\n", "") + "show_drafts: true\n"
    root = make_site(tmp_path / "source", config, files)
    site = find_site(root)
    assert site is not None
    rendered = {page.stem: marks(page) for page in jekyll_build(root, tmp_path / "all", True)}
    expected = {}
    for name in files:
        path = root / name
        data = effective(site.defaults_for(path).data, read_article(path).data)
        published = data.get("published", "")
        followers = data.get("twitter", {}).get("followers", "")
        shown = "" if published is None else str(published).lower()
        stem = Path(name).stem.removeprefix("2024-01-02-")
        expected[stem] = f"{data.get('category', '')};{followers};{shown}"
    assert rendered == expected
    # Without --unpublished, Jekyll renders exactly the files whose effective data publishes
    # (_news/2024-one.md inherits `published: false`).
    shown_pages = {page.stem for page in jekyll_build(root, tmp_path / "published", False)}
    published_names = set()
    for name in files:
        path = root / name
        article = read_article(path)
        article = dataclasses.replace(
            article, data=effective(site.defaults_for(path).data, article.data)
        )
        if article.published:
            published_names.add(Path(name).stem.removeprefix("2024-01-02-"))
    assert shown_pages == published_names
    assert "2024-one" not in shown_pages and "2024-two" in shown_pages


def jekyll_build(source: Path, out: Path, unpublished: bool) -> list[Path]:
    """Build ``source`` into ``out`` with Jekyll; the pages written."""
    options = ["--safe", "--quiet", "--disable-disk-cache"]
    options += ["--unpublished"] if unpublished else []
    done = subprocess.run(
        [str(JEKYLL), "build", *options, "--source", str(source), "--destination", str(out)],
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
        env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return list(out.rglob("*.html"))


def marks(page: Path) -> str:
    """What a test page printed between its brackets."""
    text = page.read_text(encoding="utf-8")
    return text[text.index("[") + 1 : text.index("]")]


KEPT = ("_news", "_people", "_communities", "_posts", "_drafts", "about.md")
