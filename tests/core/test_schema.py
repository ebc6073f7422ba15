"""A collection's schema inferred from its front matters (core/schema.py, core/shape.py), from
full and from light articles, and every row's heading (article.heading)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from reviewer.core import fields, shape
from reviewer.core.article import Article, heading, light
from reviewer.core.fields import Kind
from reviewer.core.folder import packing
from reviewer.core.schema import (
    FIRST_POSITION,
    MAX_DISTINCT,
    MAX_EXAMPLES,
    MAX_PATHS,
    Schema,
    SchemaBuilder,
    column_position,
    infer,
    infer_articles,
    label,
)
from reviewer.core.store import read_article

LOCATIONS = ("Seattle", "Berlin", "Seattle", "Paris")
AFFILIATIONS = ("Microsoft", "Microsoft", "GitHub", "Microsoft")
BIO = "Writes about automation and low-code platforms, speaks at user groups, " * 3


def profile(n: int) -> str:
    """A profile (``_people``): name, bio, location, affiliation, twitter {username, url,
    followers}; number 3 has no twitter."""
    twitter = (
        f"twitter:\n  username: user{n}\n  url: https://twitter.com/user{n}\n"
        f"  followers: {100 * n}\n"
        if n != 3
        else ""  # one profile without twitter
    )
    return (
        f"---\nname: Person {n}\nbio: {BIO.strip()}\nlocation: {LOCATIONS[n]}\n"
        f"affiliation: {AFFILIATIONS[n]}\n{twitter}---\nBody {n}\n"
    )


COMMUNITIES = {
    "makers.md": "---\nname: Makers\nmembers:\n  - Person 0\n  - Person 1\n---\n",
    "writers.md": "---\nname: Writers\nmembers: [Person 1, Person 2, Person 0]\n---\n",
    "readers.md": "---\nname: Readers\nmembers: [Person 2, Person 0]\n---\n",
    "empty.md": "---\nname: Empty\nmembers: []\n---\n",
}

SAMPLES = {
    "one.md": (
        "---\ntitle: First sample\nactions:\n"
        "  - {url: 'https://example.org/a', type: link, title: Open}\n"
        "  - {url: 'https://example.org/b', type: video, title: Watch}\n---\n"
    ),
    "two.md": (
        "---\ntitle: Second sample\nactions:\n"
        "  - url: https://example.org/c\n    type: link\n    title: Read\n---\n"
    ),
}

NEWS = {
    "a.md": (
        "---\ntitle: Flow gets a new designer\nexcerpt: A short summary.\n"
        "publishedDateTime: 2024-03-01T10:00:00+00:00\nprovider:\n  name: Contoso\n"
        "  domain: contoso.example\ntopics: [flow, ai]\nimages:\n"
        "  - {url: 'https://img.example/1.png', width: 10, height: 10, isCached: true}\n"
        "quality: 3\npublished: true\nsecured: abc\n---\n"
    ),
    "b.md": (
        "---\ntitle: Power Apps update\nexcerpt: Another summary.\n"
        "publishedDateTime: 2024-03-02T10:00:00+00:00\nprovider:\n  name: Fabrikam\n"
        "  domain: fabrikam.example\ntopics: [apps]\nquality: 2\npublished: false\n"
        "secured: def\n---\n"
    ),
}


def write_all(folder: Path, files: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def profiles(folder: Path) -> list[Article]:
    files = {f"person-{n}.md": profile(n) for n in range(4)}
    return [read_article(p) for p in write_all(folder, files)]


def read_all(folder: Path, files: dict[str, str]) -> list[Article]:
    return [read_article(p) for p in write_all(folder, files)]


def packed_light(article: Article) -> Article:
    """``article`` as the index cache gives it back: packed, unpacked, a light article."""
    packed = packing.pack(article, racy=False)
    assert packed is not None
    return packing.article_of(packing.unpack(packed), article.path)


# -- profiles: nested mappings, shares, kinds, examples


def test_profiles_paths_shares_types_and_kinds(tmp_path: Path) -> None:
    schema = infer_articles(profiles(tmp_path))
    assert schema.files == 4
    assert [info.name for info in schema.paths] == [
        "name",
        "bio",
        "location",
        "affiliation",
        "twitter",
        "twitter.username",
        "twitter.url",
        "twitter.followers",
    ]
    username = schema.get("twitter.username")
    assert username is not None
    assert (username.files, username.share) == (3, 0.75)
    assert username.types == (("text", 3),)
    assert username.examples == ("user0", "user1", "user2")
    assert username.distinct == 3
    assert username.kind is Kind.TEXT
    assert schema.get(("twitter", "url")).kind is Kind.URL  # type: ignore[union-attr]
    assert schema.get("twitter.followers").kind is Kind.INT  # type: ignore[union-attr]
    assert schema.get("twitter").kind is None  # type: ignore[union-attr]
    assert schema.get("twitter").types == (("mapping", 3),)  # type: ignore[union-attr]
    bio = schema.get("bio")
    assert bio is not None and bio.kind is Kind.LONG_TEXT and bio.types == (("long text", 4),)
    assert bio.examples[0].endswith("…") and len(bio.examples[0]) == 40
    affiliation = schema.get("affiliation")
    assert affiliation is not None
    assert (affiliation.kind, affiliation.distinct) == (Kind.CHOICE, 2)
    assert affiliation.examples == ("Microsoft", "GitHub")
    location = schema.get("location")
    assert location is not None and location.distinct == 3
    assert location.kind is Kind.TEXT  # 3 values in 4 files: not repeated enough for a choice
    assert schema.get("missing") is None


def test_profiles_fields_are_derived_with_labels_tips_and_columns(tmp_path: Path) -> None:
    schema = infer_articles(profiles(tmp_path))
    by_name = {f.name: f for f in schema.fields()}
    assert list(by_name) == [
        "name",
        "bio",
        "location",
        "affiliation",
        "twitter.username",
        "twitter.url",
        "twitter.followers",
    ]
    username = by_name["twitter.username"]
    assert username.label == "Twitter username"
    assert username.kind is Kind.TEXT and username.editable and username.form
    assert "3 of 4 files (75%)" in username.tip and "user0" in username.tip
    assert username.column is not None
    assert username.column.name == "FIELD:twitter.username"
    assert username.column.position == column_position("twitter.username") >= FIRST_POSITION
    assert username.column.hidden is False  # in most files
    assert username.search == "twitter.username"
    assert username.read({"twitter": {"username": "x"}}) == "x"
    assert username.problem(3) is not None  # checked by its kind
    assert by_name["bio"].kind is Kind.LONG_TEXT
    assert by_name["twitter.followers"].label == "Twitter followers"
    positions = [f.column.position for f in by_name.values() if f.column]
    assert len(set(positions)) == len(positions)
    # stable: the same path gets the same column in another collection
    other = infer([{"twitter": {"username": "z"}}]).fields()
    assert other[0].column is not None
    assert other[0].column.position == username.column.position
    facets = schema.facets()
    assert [f.name for f in facets] == ["affiliation"]
    assert facets[0].facet is not None and facets[0].facet.order >= FIRST_POSITION
    assert schema.search_names() == tuple(by_name)


def test_a_field_in_few_files_gets_a_hidden_column() -> None:
    datas = [{"name": f"n{i}"} for i in range(4)]
    datas[0]["nickname"] = "Bo"
    nickname = {f.name: f for f in infer(datas).fields()}["nickname"]
    assert nickname.column is not None and nickname.column.hidden is True


# -- communities: lists of text; samples: lists of mappings


def test_communities_members_is_a_text_list_facet(tmp_path: Path) -> None:
    schema = infer_articles(read_all(tmp_path, COMMUNITIES))
    members = schema.get("members")
    assert members is not None
    assert members.types == (("list of text", 3), ("list", 1))  # [] is a list of nothing
    assert (members.files, members.distinct, members.values) == (4, 3, 7)
    assert members.kind is Kind.TEXT_LIST
    assert members.examples == ("Person 0", "Person 1", "Person 2")
    field = {f.name: f for f in schema.fields()}["members"]
    assert field.editable and field.facet is not None
    assert [f.name for f in schema.facets()] == ["members"]


def test_samples_lists_of_mappings_give_listed_paths(tmp_path: Path) -> None:
    schema = infer_articles(read_all(tmp_path, SAMPLES))
    actions = schema.get("actions")
    assert actions is not None and actions.types == (("list of mappings", 2),)
    assert actions.kind is Kind.IMAGES  # a list of {url, ...}: shown, not edited
    url = schema.get("actions.url")
    assert url is not None and url.listed and url.files == 2 and url.kind is Kind.URL
    assert url.values == 3 and url.examples[0] == "https://example.org/a"
    kinds = schema.get(("actions", "type"))
    assert kinds is not None and kinds.listed and kinds.distinct == 2
    derived = {f.name: f for f in schema.fields()}
    assert "actions.url" not in derived and "actions.type" not in derived  # listed: shown only
    assert derived["title"] is fields.by_key("title")  # the registry's own
    assert derived["actions"].kind is Kind.IMAGES and not derived["actions"].editable
    assert derived["actions"].column is None


# -- news: the registry's fields as they are


def test_news_uses_the_registry_fields_as_they_are(tmp_path: Path) -> None:
    schema = infer_articles(read_all(tmp_path, NEWS))
    found = schema.fields()
    registry = {f.path for f in fields.FIELDS}
    known = [f for f in found if f.path in registry]
    assert all(f is fields.by_key(f.path) for f in known)
    assert [f.name for f in known] == [
        "title",
        "excerpt",
        "publishedDateTime",
        "provider.name",
        "provider.domain",
        "topics",
        "images",
        "quality",
        "published",
        "secured",
    ]
    assert [f.name for f in found if f.path not in registry] == []  # images.* are listed
    assert schema.get("publishedDateTime").kind is Kind.DATE  # type: ignore[union-attr]
    assert schema.get("published").kind is Kind.BOOL  # type: ignore[union-attr]
    assert [f.name for f in schema.facets()] == ["topics", "provider.name", "publishedDateTime"]
    assert "secured" not in schema.search_names()
    assert schema.search_names()[:2] == ("title", "excerpt")


def test_secured_is_never_derived() -> None:
    schema = infer([{"secured": "x", "name": "a"}, {"secured": "y", "name": "b"}])
    assert [f.name for f in schema.fields()] == ["secured", "name"]
    assert schema.fields()[0] is fields.by_key("secured")
    nested = infer([{"secured": {"sig": "x"}}]).fields()
    assert [f.name for f in nested] == ["secured"]  # the registry's; secured.sig is not shown


def test_a_derived_key_named_like_a_registry_search_name_is_not_searched_by_it() -> None:
    schema = infer([{"date": dt.date(2024, 1, 1)}, {"date": dt.date(2024, 1, 2)}])
    field = schema.fields()[0]
    assert field.kind is Kind.DATE and field.search is None  # "date" is publishedDateTime's


# -- types, mixed types, bounds


def test_value_types() -> None:
    assert shape.value_type("x") == shape.TEXT
    assert shape.value_type("x" * 200) == shape.LONG_TEXT
    assert shape.value_type("two\nlines") == shape.LONG_TEXT
    assert shape.value_type("https://example.org/x") == shape.URL
    assert shape.value_type("javascript:alert(1)") == shape.TEXT
    assert shape.value_type("HTTPS://Example.org") == shape.URL
    assert shape.value_type("https://user:pw@example.org/") == shape.TEXT
    assert shape.value_type("https://example.org/a b") == shape.TEXT
    assert shape.value_type("see https://example.org") == shape.TEXT
    assert shape.value_type("https://example.org/" + "a" * 500) == shape.URL  # long, still one
    assert shape.value_type("https://example.org/" + "a" * 3000) == shape.LONG_TEXT
    assert shape.value_type(3) == shape.value_type(2.5) == shape.NUMBER
    assert shape.value_type(True) == shape.BOOL
    assert shape.value_type(dt.date(2024, 1, 1)) == shape.DATE
    assert shape.value_type(dt.datetime(2024, 1, 1)) == shape.DATETIME
    assert shape.value_type(None) == shape.NULL
    assert shape.value_type({}) == shape.MAPPING
    assert shape.value_type(["a"]) == shape.TEXT_LIST
    assert shape.value_type([{"a": 1}]) == shape.MAPPINGS
    assert shape.value_type([1, "a"]) == shape.value_type([]) == shape.LIST
    assert shape.value_type(b"x") == shape.OTHER


def test_a_key_with_mixed_types_takes_the_most_common() -> None:
    datas: list[dict[str, object]] = [{"followers": n} for n in (10, 20, 30)]
    datas += [{"followers": "1.2k"}, {"followers": None}]
    info = infer(datas).get("followers")
    assert info is not None
    assert info.types == (("number", 3), ("null", 1), ("text", 1))
    assert info.kind is Kind.INT and info.files == 5
    assert info.examples == ("10", "20", "30", "1.2k")
    field = infer(datas).fields()[0]
    assert field.problem("1.2k") == "followers must be a number, not the text '1.2k'."
    only_nulls = infer([{"x": None}, {"x": None}])
    assert only_nulls.get("x").kind is None and only_nulls.fields() == ()  # type: ignore[union-attr]


def test_dates_and_datetimes_are_one_date_field() -> None:
    datas: list[dict[str, dt.date]] = [
        {"when": dt.date(2024, 1, 1)},
        {"when": dt.datetime(2024, 1, 2, 3)},
    ]
    assert infer(datas).get("when").kind is Kind.DATE  # type: ignore[union-attr]


def test_many_distinct_values_are_capped_and_not_a_choice() -> None:
    datas = [{"city": f"City {i % 80}"} for i in range(400)]
    info = infer(datas).get("city")
    assert info is not None
    assert info.distinct == MAX_DISTINCT and info.kind is Kind.TEXT
    assert len(info.examples) == MAX_EXAMPLES
    few = infer([{"city": f"City {i % 3}"} for i in range(400)]).get("city")
    assert few is not None and few.distinct == 3 and few.kind is Kind.CHOICE


def test_bounds_on_deep_and_huge_values() -> None:
    deep: dict[str, object] = {}
    node = deep
    for _ in range(95):
        child: dict[str, object] = {}
        node["k"] = child
        node = child
    huge = {
        "deep": deep,
        "wide": {f"key{i}": i for i in range(50_000)},
        "list": [{"url": f"https://e.org/{i}", "n": i} for i in range(200_000)],
        "text": "x" * 5_000_000,
        "words": ["w"] * 1_000_000,
    }
    start = time.perf_counter()
    file_shape = shape.shape_of(huge)
    builder = SchemaBuilder()
    for _ in range(3):
        builder.add(huge)
    schema = builder.schema()
    assert time.perf_counter() - start < 5
    assert len(file_shape) <= shape.MAX_NODES
    assert schema.truncated and len(schema.paths) == MAX_PATHS
    deepest = max(len(info.path) for info in schema.paths)
    assert deepest == 96  # nested mappings are walked to the bottom
    assert schema.get("text") is None or schema.get("text").kind is Kind.LONG_TEXT  # type: ignore[union-attr]


def test_memory_is_bounded_however_many_files() -> None:
    builder = SchemaBuilder()
    for i in range(3_000):
        builder.add({"id": f"item {i}", f"unique{i}": i, "tags": [f"t{i}", f"u{i}"]})
    schema = builder.schema()
    assert len(schema.paths) == MAX_PATHS and schema.truncated
    ident = schema.get("id")
    assert ident is not None and ident.distinct == MAX_DISTINCT and ident.files == 3_000
    assert len(ident.examples) == MAX_EXAMPLES


def test_shapes_are_shared() -> None:
    one = shape.shape_of({"name": "a", "twitter": {"username": "b"}})
    two = shape.shape_of({"name": "c", "twitter": {"username": "d"}})
    assert one is two
    assert one == (
        (("name",), "text", False),
        (("twitter",), "mapping", False),
        (("twitter", "username"), "text", False),
    )
    assert shape.unpack(shape.pack(one)) is one
    with pytest.raises(ValueError, match="not a packed shape"):
        shape.unpack(b"\xe9 not marshal")
    with pytest.raises(ValueError, match="not a packed shape"):
        shape.unpack(shape.pack((("name", "text", False),)))  # type: ignore[arg-type]


def test_labels() -> None:
    assert label(("twitter", "username")) == "Twitter username"
    assert label(("publishedDateTime",)) == "Published date time"
    assert label(("image_url",)) == "Image URL"
    assert label(("webURL",)) == "Web URL"
    assert label(("cdnAmpWebUrl",)) == "CDN AMP web URL"
    assert label(("userId",)) == "User ID"
    assert label(("members",)) == "Members"
    assert label(("__",)) == "__"


def test_an_empty_schema() -> None:
    schema = infer([])
    assert schema == Schema(0, ())
    assert schema.fields() == () and schema.facets() == () and schema.search_names() == ()


# -- the same schema from full and from light articles


@pytest.mark.parametrize("files", [NEWS, SAMPLES, COMMUNITIES], ids=["news", "samples", "comm"])
def test_light_articles_give_the_same_schema(tmp_path: Path, files: dict[str, str]) -> None:
    full = read_all(tmp_path, files)
    assert_same_from_light(full)


def test_light_profiles_give_the_same_paths_types_and_shares(tmp_path: Path) -> None:
    assert_same_from_light(profiles(tmp_path))


def assert_same_from_light(full: list[Article]) -> None:
    expected = infer_articles(full)
    for lights in ([light(a) for a in full], [packed_light(a) for a in full]):
        assert all(not a.complete and a.shape is not None for a in lights)
        got = infer_articles(lights)
        assert got.files == expected.files
        assert [i.path for i in got.paths] == [i.path for i in expected.paths]
        for mine, theirs in zip(got.paths, expected.paths, strict=True):
            assert (mine.files, mine.share, mine.types, mine.listed) == (
                theirs.files,
                theirs.share,
                theirs.types,
                theirs.listed,
            )
            # values only where the summary holds them: its top-level short scalars, and
            # the registry's fields (images trimmed to url, width and height)
            if len(mine.path) == 1 and mine.type in ("text", "number", "bool", "datetime"):
                assert (mine.examples, mine.distinct, mine.kind) == (
                    theirs.examples,
                    theirs.distinct,
                    theirs.kind,
                )
        assert [f.name for f in got.fields()] == [f.name for f in expected.fields()]


def test_light_profiles_keep_small_nested_mappings(tmp_path: Path) -> None:
    lights = [packed_light(a) for a in profiles(tmp_path)]
    schema = infer_articles(lights)
    username = schema.get("twitter.username")  # twitter is a small mapping: summarized
    assert username is not None
    assert (username.files, username.types) == (3, (("text", 3),))
    assert username.examples == ("user0", "user1", "user2")
    assert username.distinct == 3 and username.kind is Kind.TEXT
    bio = schema.get("bio")  # long: not in the summary, long text by its shape
    assert bio is not None and bio.kind is Kind.LONG_TEXT and bio.examples == ()
    url = schema.get("twitter.url")
    assert url is not None and url.kind is Kind.URL  # an address by its shape
    assert schema.get("affiliation").kind is Kind.CHOICE  # type: ignore[union-attr]


def test_a_light_article_of_an_unreadable_file_is_not_counted(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    (tmp_path / "good.md").write_text("---\nname: Good\n---\n", encoding="utf-8")
    articles = [read_article(tmp_path / "bad.md"), read_article(tmp_path / "good.md")]
    assert articles[0].error is not None
    for each in (articles, [light(a) for a in articles], [packed_light(a) for a in articles]):
        schema = infer_articles(each)
        assert schema.files == 1 and [i.name for i in schema.paths] == ["name"]
    assert light(articles[0]).shape is None


def test_the_builder_adds_batches() -> None:
    builder = SchemaBuilder()
    builder.add({"name": "a", "x": 1})
    first = builder.schema()
    builder.add({"name": "b"})
    second = builder.schema()
    assert first.get("x").share == 1.0  # type: ignore[union-attr]
    assert second.get("x").share == 0.5  # type: ignore[union-attr]
    assert second.get("name").files == 2  # type: ignore[union-attr]


# -- the heading of a row


def test_heading_falls_back_from_title_to_name_to_the_file_name() -> None:
    path = Path("/site/_people/jane-doe.md")
    assert heading({"title": "A title", "name": "Jane"}, path) == "A title"
    assert heading({"title": "  ", "name": "Jane"}, path) == "Jane"
    assert heading({"title": 3, "name": "Jane"}, path) == "Jane"
    assert heading({"name": ["not", "text"]}, path) == "jane-doe"
    assert heading({}, path) == "jane-doe"
    assert heading({}, "notes.v2.md") == "notes.v2"


def test_heading_of_light_articles(tmp_path: Path) -> None:
    for article in profiles(tmp_path):
        for each in (article, light(article), packed_light(article)):
            assert heading(each.data, each.path) == article.data["name"]
