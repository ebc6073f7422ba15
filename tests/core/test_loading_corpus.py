"""Light articles of the real corpus answer like the full ones, through the cache too."""

from __future__ import annotations

from pathlib import Path

import pytest
from core_support import CORPUS

from reviewer.core.article import IMAGE_KEYS, PROVIDER_KEYS, Article, light, summarize
from reviewer.core.folder.index import IndexCache
from reviewer.core.folder.loading import open_folder
from reviewer.core.folder.scan import scan
from reviewer.core.query import Record

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent"),
]

#: Accessors a light article answers exactly as the full one.
SAME = (
    "title",
    "excerpt",
    "category",
    "type",
    "original_url",
    "web_url",
    "published",
    "published_at",
    "quality",
    "heat",
    "provider_name",
    "provider_domain",
    "topics",
    "error",
    "fingerprint",
    "path",
    "has_front_matter",
)


@pytest.fixture(scope="module")
def full() -> list[Article]:
    return [a for a in scan(CORPUS) if a.has_front_matter]


def assert_like(item: Article, whole: Article) -> None:
    assert not item.complete and item.raw == b"" and item.parts is None
    for name in SAME:
        assert getattr(item, name) == getattr(whole, name), (whole.path, name)
    when, expected = item.published_at, whole.published_at
    assert (when and when.utcoffset()) == (expected and expected.utcoffset())
    assert item.provider == {k: v for k, v in whole.provider.items() if k in PROVIDER_KEYS}
    images = [{k: v for k, v in i.items() if k in IMAGE_KEYS} for i in whole.images]
    assert item.images == images
    assert item.data == summarize(whole)
    for key, value in item.data.items():
        assert type(value) is type(whole.data[key]), (whole.path, key)
    assert list(item.data) == [k for k in whole.data if k in item.data]  # file order
    assert "secured" not in item.data and "related" not in item.data
    # What a search sees of it (bare words, states, dates).
    mine, theirs = Record.from_article(item), Record.from_article(whole)
    assert (mine.text, mine.published, mine.error, mine.published_date) == (
        theirs.text,
        theirs.published,
        theirs.error,
        theirs.published_date,
    )


def test_light_equals_full_for_every_corpus_file(full: list[Article]) -> None:
    assert len(full) > 600
    for whole in full:
        assert_like(light(whole), whole)


@pytest.mark.parametrize("workers", [1, 2])
def test_loaded_and_reloaded_from_the_cache_equal_full(
    full: list[Article], tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer.core.folder import loading

    monkeypatch.setattr(loading, "POOL_THRESHOLD", 100)  # workers=2: through the pool
    cache = IndexCache(tmp_path)
    for attempt in ("cold", "warm"):
        batches = list(open_folder(CORPUS, cache=cache, workers=workers))
        items = [a for b in batches for a in b.articles]
        assert batches[-1].parsed == (batches[-1].total if attempt == "cold" else 0)
        assert [a.path for a in items] == [a.path for a in full]
        for item, whole in zip(items, full, strict=True):
            assert_like(item, whole)
            assert item == light(whole)
