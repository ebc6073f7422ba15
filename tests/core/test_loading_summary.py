"""Summaries of light articles, and their packed summaries: what is kept, and kept exactly."""

from __future__ import annotations

import datetime as dt
import marshal
import math
from pathlib import Path
from typing import Any

import pytest

from reviewer.core.article import (
    MAX_SUMMARY_KEYS,
    MAX_SUMMARY_SCALAR,
    MAX_SUMMARY_WORDS,
    Article,
    in_summary,
    light,
    summarize,
    summary_answers,
)
from reviewer.core.folder.packing import UnpackError, article_of, pack, unpack
from reviewer.core.store import parse_article


def parsed(front: str, name: str = "a.md") -> Article:
    raw = f"---\n{front}---\nBody\n".encode()
    article = parse_article(Path(name), raw, None)
    assert article.error is None, article.error
    return article


def on_disk(front: str, tmp_path: Path) -> Article:
    from reviewer.core.store import read_article

    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}---\nBody\n")
    return read_article(path)


def test_what_a_summary_keeps() -> None:
    long_text = "x" * (MAX_SUMMARY_SCALAR + 1)
    article = parsed(
        f"""\
zeta: 1
title: "{long_text}"
secured: "{long_text}"
short: "{"y" * MAX_SUMMARY_SCALAR}"
related: [{{title: a}}]
extra: {{a: 1}}
provider: {{name: Contoso, domain: contoso.com, images: [{{url: u}}], id: 3}}
images: [{{url: u, width: 1, height: 2, isCached: true}}, plain]
topics: [AI, [nested]]
huge: {"9" * 300}
published: true
"""
    )
    summary = summarize(article)
    assert list(summary) == [
        "zeta", "title", "short", "extra", "provider", "images", "topics", "published"
    ]  # fmt: skip
    assert summary["extra"] == {"a": 1}  # a small mapping of short values
    assert summary["title"] == long_text  # named keys are kept whatever their size
    assert summary["provider"] == {"name": "Contoso", "domain": "contoso.com"}
    assert summary["images"] == [{"url": "u", "width": 1, "height": 2}, "plain"]
    assert summary["topics"] == ["AI", ["nested"]]


def test_a_summary_keeps_short_lists_and_small_mappings_of_short_values(tmp_path: Path) -> None:
    long_text = "x" * (MAX_SUMMARY_SCALAR + 1)
    many = ", ".join(f"m{n}" for n in range(MAX_SUMMARY_WORDS + 1))
    article = on_disk(
        f"""members: [Ada, Grace]
empty: []
crowd: [{many}]
mixed: [Ada, 3]
long: ["{long_text}"]
twitter: {{username: ada, followers: 3}}
deep: {{a: {{b: 1}}}}
wide: {{{", ".join(f"k{n}: 1" for n in range(MAX_SUMMARY_KEYS + 1))}}}
""",
        tmp_path,
    )
    summary = summarize(article)
    assert summary == {
        "members": ["Ada", "Grace"],
        "empty": [],
        "twitter": {"username": "ada", "followers": 3},
    }
    assert in_summary(summary, ("members",))
    packed = pack(article)
    assert packed is not None
    assert article_of(unpack(packed), Path("a.md")).data["members"] == ["Ada", "Grace"]


def test_a_provider_or_images_that_are_not_mappings_are_kept_as_they_are() -> None:
    summary = summarize(parsed("provider: Contoso\nimages: none\n"))
    assert summary == {"provider": "Contoso", "images": "none"}


def test_light_article() -> None:
    full = parsed("title: T\nsecured: S\n")
    item = light(full)
    assert (item.complete, item.raw, item.parts, item.error) == (False, b"", None, None)
    assert item.data == {"title": "T", "secured": "S"} and item.has_front_matter
    assert light(item) is item
    broken = parse_article(Path("b.md"), b"---\na: [\n---\n", None)
    assert light(broken).error == broken.error and light(broken).has_front_matter
    empty = light(parsed(""))
    assert empty.data == {} and empty.has_front_matter


TRICKY = """\
publishedDateTime: 2021-09-08T23:30:00-05:00
naive: 2021-09-08 10:00:00.123456
day: 2021-09-08
2021-01-01: a date as a key
12: an int key
null: a null key
topics: [AI, 2020-02-02, {when: 2019-01-01T00:00:00Z}]
tags: !!set {a, b}
ordered: !!omap [{x: 1}, {y: 2021-03-03}]
binary: !!binary aGVsbG8=
numbers: [.nan, .inf, -.inf, -0.0, 1e300, 12345678901234567890]
flags: [true, false, null, ~]
text: "Ünïcödé ✓ 😀"
"""


def same(a: Any, b: Any) -> bool:
    """Equal with the same types throughout (NaN equal to NaN, offsets compared)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and str(a) == str(b))
    if isinstance(a, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    if isinstance(a, dict):
        return list(a) == list(b) and all(
            same(ka, kb) and same(a[ka], b[kb]) for ka, kb in zip(a, b, strict=True)
        )
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def test_records_give_back_every_value_exactly(tmp_path: Path) -> None:
    full = on_disk(TRICKY, tmp_path)
    assert full.error is None
    packed = pack(full)
    assert packed is not None
    values = unpack(packed)
    summary = summarize(full)
    assert same(values.data, summary)
    assert isinstance(values.data[dt.date(2021, 1, 1)], str)
    assert (values.size, values.mtime_ns, values.digest) == (
        full.fingerprint.size,  # type: ignore[union-attr]
        full.fingerprint.mtime_ns,  # type: ignore[union-attr]
        full.fingerprint.digest,  # type: ignore[union-attr]
    )
    assert values.front and values.error is None
    item = article_of(values, full.path)
    assert item == light(full)
    assert item.published_at == full.published_at


@pytest.mark.parametrize(
    "front", ["publishedDateTime: 2021-09-08T23:30:00Z\n", "a: 1\n", "", "d: 2021-09-08\n"]
)
def test_simple_records_round_trip(front: str, tmp_path: Path) -> None:
    full = on_disk(front, tmp_path)
    packed = pack(full)
    assert packed is not None and same(unpack(packed).data, summarize(full))


def test_errors_and_files_without_front_matter_have_records(tmp_path: Path) -> None:
    from reviewer.core.store import read_article

    (tmp_path / "bad.md").write_bytes(b"---\na: [\n---\n")
    (tmp_path / "plain.md").write_bytes(b"just text\n")
    bad = unpack(pack(read_article(tmp_path / "bad.md")) or b"")
    assert bad.error and bad.front and bad.data == {}
    plain = unpack(pack(read_article(tmp_path / "plain.md")) or b"")
    assert plain.error is None and not plain.front
    assert pack(read_article(tmp_path / "missing.md")) is None  # unreadable: no packed


def test_short_texts_and_keys_are_shared_between_records(tmp_path: Path) -> None:
    a = on_disk("category: news\nprovider: {name: Contoso}\n", tmp_path)
    first, second = (unpack(pack(a) or b"").data for _ in range(2))
    assert first["category"] is second["category"]
    assert next(iter(first)) is next(iter(second))
    assert first["provider"]["name"] is second["provider"]["name"]


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"garbage",
        marshal.dumps(("too", "short")),
        marshal.dumps((1, 2, "d", None, True, False, ["not a dict"], (), False)),
        marshal.dumps((1, 2, "d", None, True, False, {"k": "not a date"}, ("k",), False)),
        marshal.dumps((1, 2, "d", None, True, False, {"k": (0, 1, "x")}, ("k",), False)),
        marshal.dumps((1, 2, "d", None, True, False, {"k": (..., 1, "x")}, ("k",), False)),
    ],
    ids=["empty", "garbage", "short", "not-a-dict", "not-a-date", "no-marker", "bad-iso"],
)
def test_damaged_records_are_refused(blob: bytes) -> None:
    with pytest.raises(UnpackError):
        unpack(blob)


def test_which_key_paths_a_summary_answers() -> None:
    summary = summarize(parsed("title: T\nprovider: {name: N, images: []}\nimages: []\nshort: s\n"))
    assert in_summary(summary, ("title",))
    assert in_summary(summary, ("webUrl",))  # a summary key: absent from the file too
    assert in_summary(summary, ("short",))
    assert in_summary(summary, ("provider", "name"))
    assert not in_summary(summary, ("provider",))
    assert not in_summary(summary, ("provider", "images"))
    assert not in_summary(summary, ("images",))
    assert not in_summary(summary, ("secured",))  # maybe in the file, too long to keep
    assert not in_summary(summary, ())
    assert in_summary(summarize(parsed("provider: text\n")), ("provider",))


def test_which_search_fields_a_summary_answers() -> None:
    for field in ("title", "TITLE", "publisheddatetime", "provider.name", "images.url"):
        assert summary_answers(field), field
    for field in ("secured", "related", "provider", "images", "provider.images", "short"):
        assert not summary_answers(field), field
