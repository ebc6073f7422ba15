"""The consistency report: one planted instance of each kind is found, and nothing else."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import pytest
from core_support import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.core.article import Article, light
from reviewer.core.duplicates.similarity import normalize_url
from reviewer.core.folder.index import IndexCache
from reviewer.core.folder.loading import open_folder
from reviewer.core.folder.scan import scan
from reviewer.core.frontmatter.values import MISSING
from reviewer.core.report import KIND_NAMES, KINDS, Finding, mojibake_fix, report, report_folder
from reviewer.core.report.checks import STALE_DAYS, _url_path
from reviewer.core.site import find_site
from reviewer.workspace import Workspace, plan, save
from reviewer.workspace.fixes import fix_edits

NOW = dt.datetime(2024, 4, 1, tzinfo=dt.timezone.utc)
COUNT = 20


def item(n: int) -> str:
    """A clean news item: every field every other item has, of the same types and forms."""
    published = "false" if n in (16, 18) else "true"  # unpublished, but recent: not stale
    return f"""\
---
title: "Item {n}: a clean headline"
category: news
excerpt: "A short summary of item {n}."
publishedDateTime: 2024-03-{10 + n}T10:{n:02d}:00Z
originalUrl: "https://example.org/news/item-{n}"
webUrl: "https://example.org/read/item-{n}"
type: article
quality: {40 + n}
heat: {n}
published: {published}

provider:
  name: Example News
  domain: example.org

topics:
  - Power Apps

images:
  - url: "https://example.org/img/{n}.png"
    width: 640
    height: 360
---
Body of item {n}.
"""


def news_folder(folder: Path, count: int = COUNT) -> Path:
    """``count`` clean items in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"item-{n:02d}.md").write_text(item(n), encoding="utf-8")
    return folder


def plant(folder: Path, n: int, old: str, new: str) -> Path:
    """Replace ``old`` by ``new`` in item ``n`` (the text must be there)."""
    path = folder / f"item-{n:02d}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def light_articles(folder: Path) -> list[Article]:
    return [a for batch in open_folder(folder, cache=None, workers=1) for a in batch.articles]


def found(folder: Path) -> list[tuple[str, str, str | None]]:
    made = report(light_articles(folder), now=NOW)
    return [(f.path.name, f.kind, f.field) for f in made.findings]


def test_the_kinds_are_short_lowercase_names_with_a_title_and_a_description() -> None:
    assert tuple(kind.name for kind in KINDS) == KIND_NAMES
    assert set(KIND_NAMES) >= {
        "type",
        "format",
        "missing",
        "misspelt",
        "mojibake",
        "url",
        "image-size",
        "duplicate-url",
        "stale",
        "unreadable",
    }
    for kind in KINDS:
        assert kind.name == kind.name.lower() and " " not in kind.name
        assert kind.title and kind.description and "\n" not in kind.description


def test_a_clean_folder_has_no_finding(tmp_path: Path) -> None:
    folder = news_folder(tmp_path / "news")
    made = report(light_articles(folder), now=NOW)
    assert made.findings == ()
    assert made.counts_by_kind == dict.fromkeys(KIND_NAMES, 0)
    assert made.schema.files == COUNT
    assert made.complete


# Each: (item, text replaced, by, the findings expected: (file, kind, field, value, fix)).
Expected = list[tuple[str, str | None, Any, Any]]
PLANTED: dict[str, tuple[int, str, str, Expected | None]] = {
    "unreadable": (
        3,
        "category: news\n",
        "category: news\ncategory: again\n",
        [("unreadable", None, "invalid YAML", MISSING)],
    ),
    "missing": (3, "category: news\n", "", [("missing", "category", MISSING, MISSING)]),
    "missing-nested": (
        3,
        "  name: Example News\n",
        "",
        [("missing", "provider.name", MISSING, MISSING)],
    ),
    "misspelt": (
        3,
        "category: news",
        "categroy: news",
        [("misspelt", "categroy", "news", "news")],
    ),
    "misspelt-case": (
        3,
        "publishedDateTime:",
        "publishedDatetime:",
        [
            (
                "misspelt",
                "publishedDatetime",
                dt.datetime(2024, 3, 13, 10, 3, tzinfo=dt.timezone.utc),
                "=",
            )
        ],
    ),
    "type": (3, "quality: 43", 'quality: "37"', [("type", "quality", "37", 37)]),
    "type-list": (
        3,
        "category: news",
        "category: [news]",
        [("type", "category", ["news"], "news")],
    ),
    "type-number": (
        3,
        '"Item 3: a clean headline"',
        "2024",
        [("type", "title", 2024, "2024")],
    ),
    "format": (
        3,
        "publishedDateTime: 2024-03-13T10:03:00Z",
        "publishedDateTime: 2024-03-13",
        [("format", "publishedDateTime", dt.date(2024, 3, 13), MISSING)],
    ),
    "format-offset": (
        3,
        "publishedDateTime: 2024-03-13T10:03:00Z",
        "publishedDateTime: 2024-03-13T12:03:00+02:00",
        [("format", "publishedDateTime", "=", MISSING)],
    ),
    "mojibake": (
        3,
        '"Item 3: a clean headline"',
        '"Microsoftâ€™s cafÃ© â€˜opensâ€™"',
        [("mojibake", "title", "=", "Microsoft’s café ‘opens’")],
    ),
    "url": (
        3,
        '"https://example.org/news/item-3"',
        '"https://example.org/news/item 3"',
        [
            (
                "url",
                "originalUrl",
                "https://example.org/news/item 3",
                "https://example.org/news/item%203",
            )
        ],
    ),
    "url-scheme": (
        3,
        'webUrl: "https://example.org/read/item-3"',
        'webUrl: "ftp://example.org/read/item-3"',
        [("url", "webUrl", "ftp://example.org/read/item-3", MISSING)],
    ),
    "image-size": (
        3,
        "    height: 360\n",
        "",
        [("image-size", "images[0]", "https://example.org/img/3.png", MISSING)],
    ),
    "stale": (
        3,
        "published: true",
        "published: false",
        None,  # item 3 is dated 2024-03-13: stale only with a shorter age (below)
    ),
}


@pytest.mark.parametrize("name", [k for k, v in PLANTED.items() if v[3] is not None])
def test_one_planted_instance_is_found_and_nothing_else(tmp_path: Path, name: str) -> None:
    n, old, new, expected = PLANTED[name]
    assert expected is not None
    folder = news_folder(tmp_path / "news")
    path = plant(folder, n, old, new)
    made = report(light_articles(folder), now=NOW)
    assert [(f.path, f.kind, f.field) for f in made.findings] == [
        (path, kind, field) for kind, field, _value, _fix in expected
    ]
    for finding, (_kind, _field, value, fix) in zip(made.findings, expected, strict=True):
        if isinstance(value, str) and finding.kind == "unreadable":
            assert value in finding.value
        elif value != "=":
            assert finding.value == value
        if fix == "=":
            assert finding.fix == finding.value
        else:
            assert finding.fix == fix
        assert finding.fixable is (finding.fix is not MISSING)
        assert finding.message
    assert sum(made.counts_by_kind.values()) == len(expected)


def test_a_misspelt_key_with_its_right_one_beside_it_is_no_misspelling(tmp_path: Path) -> None:
    folder = news_folder(tmp_path / "news")
    plant(folder, 3, "category: news", "category: news\ncategroy: news")
    assert found(folder) == []


def test_a_file_of_another_kind_misses_no_field(tmp_path: Path) -> None:
    folder = news_folder(tmp_path / "news")
    (folder / "letters").mkdir()
    letter = '---\ntitle: "Weekly letter"\npublishedDateTime: 2024-03-01T10:00:00Z\n---\n'
    (folder / "letters" / "letter.md").write_text(letter, encoding="utf-8")
    assert found(folder) == []
    # a news item without three of its fields is still one
    (folder / "letters" / "letter.md").unlink()
    path = plant(folder, 3, "type: article\nquality: 43\nheat: 3\n", "")
    assert found(folder) == [
        (path.name, "missing", "type"),
        (path.name, "missing", "quality"),
        (path.name, "missing", "heat"),
    ]


def test_a_stale_item_is_unpublished_and_older_than_the_age(tmp_path: Path) -> None:
    folder = news_folder(tmp_path / "news")
    path = plant(folder, 3, "published: true", "published: false")
    articles = light_articles(folder)
    assert report(articles, now=NOW).findings == ()  # 19 days old
    made = report(articles, now=NOW, stale_days=10)
    assert [(f.path, f.kind, f.field) for f in made.findings] == [(path, "stale", None)]
    assert made.findings[0].value == dt.datetime(2024, 3, 13, 10, 3, tzinfo=dt.timezone.utc)
    assert "10 days" in (made.findings[0].expected or "")
    plant(folder, 3, "published: false", "published: true")
    assert report(light_articles(folder), now=NOW, stale_days=10).findings == ()
    assert STALE_DAYS == 30


def test_items_sharing_a_url_are_both_found(tmp_path: Path) -> None:
    folder = news_folder(tmp_path / "news")
    path = plant(
        folder, 4, '"https://example.org/news/item-4"', '"https://example.org/news/item-3"'
    )
    made = report(light_articles(folder), now=NOW)
    assert [(f.path.name, f.kind, f.field) for f in made.findings] == [
        ("item-03.md", "duplicate-url", "originalUrl"),
        (path.name, "duplicate-url", "originalUrl"),
    ]
    assert "item-04.md" in (made.findings[0].expected or "")
    assert not any(f.fixable for f in made.findings)


def test_full_and_light_articles_give_the_same_report(tmp_path: Path) -> None:
    folder = news_folder(tmp_path / "news")
    plant(folder, 3, "quality: 43", 'quality: "37"')
    plant(folder, 5, '"Item 5: a clean headline"', '"cafÃ©"')
    full = [a for a in scan(folder) if a.has_front_matter]
    assert report(full, now=NOW).findings == report(light_articles(folder), now=NOW).findings
    assert report([light(a) for a in full], now=NOW).findings == report(full, now=NOW).findings


def test_a_small_collection_learns_no_majority(tmp_path: Path) -> None:
    folder = news_folder(tmp_path / "news", count=5)
    plant(folder, 3, "quality: 43", 'quality: "37"')
    plant(folder, 2, "category: news\n", "")
    assert found(folder) == []


def test_a_cancelled_report_says_so(tmp_path: Path) -> None:
    folder = news_folder(tmp_path / "news")
    made = report(light_articles(folder), now=NOW, cancelled=lambda: True)
    assert not made.complete
    assert made.findings == ()


def test_mojibake_is_repaired_keeping_every_intended_character() -> None:
    assert mojibake_fix("Itâ€™s") == "It’s"
    assert mojibake_fix("cafÃ©") == "café"
    assert mojibake_fix("“Quoted” café — naïve") is None  # not mojibake: left alone
    assert mojibake_fix("plain ascii 'quotes'") is None
    assert mojibake_fix("ﬁne ｗide") is None  # ligatures and widths are not ftfy's to change


# -- fixes


def diff_lines(before: bytes, after: bytes) -> list[str]:
    a = before.decode().splitlines()
    b = after.decode().splitlines()
    return [
        line
        for line in difflib.unified_diff(a, b, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def apply_fixes(folder: Path, kind: str) -> None:
    made = report(light_articles(folder), now=NOW)
    workspace = Workspace()
    for fix in fix_edits(made.findings, kind):
        document = workspace.open_files([fix.path])[0]
        for edit in fix.edits:
            done = plan(edit, [document])
            assert not done.skipped, done.skipped
            done.command().do()
        assert not save([document], rebase=True).failed


@pytest.mark.parametrize(
    ("name", "changed"),
    [
        (
            "mojibake",
            ['-title: "Microsoftâ€™s cafÃ© â€˜opensâ€™"', '+title: "Microsoft’s café ‘opens’"'],
        ),
        ("type", ['-quality: "37"', "+quality: 37"]),
        ("type-list", ["-category: [news]", '+category: "news"']),
        ("type-number", ["-title: 2024", '+title: "2024"']),
        (
            "url",
            [
                '-originalUrl: "https://example.org/news/item 3"',
                '+originalUrl: "https://example.org/news/item%203"',
            ],
        ),
    ],
)
def test_a_fix_round_trips_through_a_save_as_a_one_line_diff(
    tmp_path: Path, name: str, changed: list[str]
) -> None:
    n, old, new, _expected = PLANTED[name]
    folder = news_folder(tmp_path / "news")
    path = plant(folder, n, old, new)
    before = path.read_bytes()
    apply_fixes(folder, name.split("-")[0])
    after = path.read_bytes()
    assert diff_lines(before, after) == changed
    assert found(folder) == []


def test_a_misspelt_key_is_renamed(tmp_path: Path) -> None:
    folder = news_folder(tmp_path / "news")
    path = plant(folder, 3, "category: news", "categroy: news")
    before = path.read_bytes()
    apply_fixes(folder, "misspelt")
    changed = diff_lines(before, path.read_bytes())
    assert sorted(changed) == ["+category: news", "-categroy: news"]
    assert found(folder) == []


def test_a_misspelt_mapping_is_renamed_and_its_keys_are_not_missing(tmp_path: Path) -> None:
    folder = news_folder(tmp_path / "news")
    path = plant(folder, 3, "provider:\n", "provdier:\n")
    assert found(folder) == [(path.name, "misspelt", "provdier")]
    apply_fixes(folder, "misspelt")
    assert "provider:\n  name: Example News\n  domain: example.org\n" in path.read_text("utf-8")
    assert "provdier" not in path.read_text("utf-8")
    assert found(folder) == []


def test_fix_edits_takes_only_fixable_findings_of_the_kind() -> None:
    path = Path("a.md")
    findings = [
        Finding(path, "title", "mojibake", "cafÃ©", None, "café"),
        Finding(path, "excerpt", "mojibake", "Ã©", None, "é"),
        Finding(path, "quality", "type", "x", "a number"),
        Finding(Path("b.md"), "category", "missing", MISSING, "99%"),
    ]
    fixes = fix_edits(findings, "mojibake")
    assert [(f.path, [(e.path, e.value) for e in f.edits]) for f in fixes] == [
        (path, [(("title",), "café"), (("excerpt",), "é")])
    ]
    assert fix_edits(findings, "type") == []
    with pytest.raises(KeyError):
        fix_edits(findings, "nonsense")


# -- sites


SITE_CONFIG = """\
title: Two collections
baseurl: /blog
collections:
  news: {output: true}
  people: {output: true}
defaults:
  - scope: {path: "", type: news}
    values: {category: news}
"""


def person(n: int) -> str:
    return f"""\
---
name: Person {n}
bio: "Writes about item {n}."
twitter:
  username: person{n}
  url: "https://twitter.example/person{n}"
images:
  - url: /blog/assets/people/p{n % 2}.png
    width: 64
    height: 64
---
"""


def make_site(root: Path) -> Path:
    (root / "_config.yml").parent.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(SITE_CONFIG, encoding="utf-8")
    news = news_folder(root / "_news")
    for n in range(COUNT):  # the category comes from the defaults
        plant(news, n, "category: news\n", "")
    people = root / "_people"
    people.mkdir()
    for n in range(COUNT):
        (people / f"p{n:02d}.md").write_text(person(n), encoding="utf-8")
    (root / "assets" / "people").mkdir(parents=True)
    (root / "assets" / "people" / "p0.png").write_bytes(b"png")
    (root / "assets" / "people" / "p1.png").write_bytes(b"png")
    return root


def test_a_site_is_reported_per_collection_with_inherited_values(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    reports = report_folder(root, None, now=NOW)
    assert [(r.name, r.folder, r.report.findings) for r in reports] == [
        ("news", root / "_news", ()),
        ("people", root / "_people", ()),
    ]
    news = reports[0].report.schema.get("category")
    assert news is not None and news.share == 1.0  # inherited values count as present
    assert reports[1].report.schema.get("title") is None
    # without the site's defaults, every news item lacks its category... which all lack
    assert report(light_articles(root / "_news"), now=NOW).findings == ()


def test_a_profiles_collection_does_not_miss_news_fields(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    text = person(3).replace("  username: person3\n", "")
    text = text.replace("/assets/people/p1.png", "/assets/people/gone.png")
    (root / "_people" / "p03.md").write_text(text, encoding="utf-8")
    (reports_news, reports_people) = report_folder(root, None, now=NOW)
    assert reports_news.report.findings == ()
    got = [(f.path.name, f.kind, f.field, f.expected) for f in reports_people.report.findings]
    assert got == [
        ("p03.md", "missing", "twitter.username", "95% of the files have it"),
        ("p03.md", "url", "images[0].url", "a file the site holds"),
    ]


def test_a_collection_folder_is_reported_as_its_collection(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    reports = report_folder(root / "_news", None, now=NOW)
    assert [(r.name, r.report.findings) for r in reports] == [("news", ())]
    assert reports[0].site is not None and reports[0].site.root == find_site(root).root  # type: ignore[union-attr]


def test_report_folder_uses_the_index_cache(tmp_path: Path) -> None:
    folder = news_folder(tmp_path / "news")
    plant(folder, 3, "quality: 43", 'quality: "37"')
    cache = IndexCache(tmp_path / "cache")
    cold = report_folder(folder, cache, now=NOW)
    warm = report_folder(folder, cache, now=NOW)
    assert [f.kind for f in cold[0].report.findings] == ["type"]
    assert warm[0].report.findings == cold[0].report.findings
    assert warm[0].name == "news" and warm[0].site is None


# -- the real corpus


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_the_news_corpus_quirks_are_found() -> None:
    (made,) = report_folder(
        CORPUS / "news", None, now=dt.datetime(2024, 4, 30, tzinfo=dt.timezone.utc)
    )
    counts = made.report.counts_by_kind
    # Real quirks: one title garbled by a wrong encoding, 12 items without the webUrl the
    # 662 others have, 8 items whose originalUrl another item has too, and the items
    # unpublished for years. The rest is consistent: no noise.
    (garbled,) = made.report.of_kind("mojibake")
    assert garbled.field == "title"
    assert (
        garbled.fix
        == "Microsoft Makes Power Apps Changes Following ‘Sensitive Data’ Exposure: UpGuard"
    )
    assert {f.field for f in made.report.of_kind("missing")} == {"webUrl"}
    assert counts["missing"] == 12
    assert counts["duplicate-url"] == 8
    assert counts["stale"] > 0
    for kind in ("unreadable", "misspelt", "type", "format", "url", "image-size"):
        assert counts[kind] == 0, made.report.of_kind(kind)


# -- the duplicate finder's pre-filter


_URL_PART = st.text(alphabet="aAbB/.:?#=&%@_-; ", max_size=12)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["", "http://", "https://", "HTTP://", "//", "ftp://"]),
    st.sampled_from(["example.org", "www.Example.org", "example.org:443", "u@example.org", ""]),
    _URL_PART,
    st.sampled_from(["", "http://", "https://", "//"]),
    st.sampled_from(["example.org", "WWW.example.org", "example.org:80"]),
    _URL_PART,
)
def test_addresses_the_finder_makes_one_have_one_path(
    scheme_a: str, host_a: str, rest_a: str, scheme_b: str, host_b: str, rest_b: str
) -> None:
    a, b = scheme_a + host_a + rest_a, scheme_b + host_b + rest_b
    for x, y in ((a, b), (a, a + "/"), (a, a.upper()), (b, b + "?utm_source=x")):
        same = normalize_url(x)
        if same is not None and same == normalize_url(y):
            assert _url_path(x) == _url_path(y) or None in (_url_path(x), _url_path(y))
