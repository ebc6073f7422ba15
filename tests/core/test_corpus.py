"""Round trips over every real article in ../shared/corpus (skipped when it is absent).

Each edit must change only the edited value's lines and read back as exactly the intended data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from core_support import CORPUS, CORPUS_FOLDERS, key_line_ranges

from reviewer.core import store
from reviewer.core.article import Article
from reviewer.core.frontmatter.edit import put, same, unshared_copy

pytestmark = pytest.mark.corpus

Changes = dict[tuple[str, ...], Any]


def _corpus_paths() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    paths = [p for folder in CORPUS_FOLDERS for p in sorted((CORPUS / folder).iterdir())]
    return [p for p in paths if p.is_file()]


PATHS = _corpus_paths()
needs_corpus = pytest.mark.skipif(not PATHS, reason=f"no corpus at {CORPUS}")


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    result = [store.read_article(path) for path in PATHS]
    bad = [(a.path.name, a.error) for a in result if a.error is not None]
    assert bad == []
    return result


def _groups(old: bytes, new: bytes) -> list[tuple[int, list[bytes], list[bytes]]]:
    """Changed line groups as (first old line index, removed lines, added lines)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        (i1, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def _check(article: Article, changes: Changes) -> tuple[bytes, list[tuple[int, Any, Any]]]:
    """Render ``changes``; assert the result reads back as the intended data."""
    new = store.render(article, changes)
    reread = store.parse_article(article.path, new, None)
    assert reread.error is None, reread.error
    intended = unshared_copy(article.data)
    for path, value in changes.items():
        put(intended, path, value)
    assert same(reread.data, intended), f"{article.path.name}: data differs"
    assert reread.parts is not None and article.parts is not None
    assert reread.parts.body == article.parts.body
    assert reread.parts.join(b"") == article.parts.join(b"")  # fences and BOM untouched
    return new, _groups(article.raw, new)


def _front_line(article: Article, key: str) -> tuple[int, int]:
    """The file line range (0-based, inclusive) of top-level ``key``."""
    assert article.parts is not None
    first, last = key_line_ranges(article.parts.front.decode("utf-8"))[key]
    offset = article.parts.opening.count(b"\n")  # the opening fence line
    return first + offset, last + offset


def _failures(articles: list[Article], check: Callable[[Article], None]) -> Iterator[str]:
    for article in articles:
        try:
            check(article)
        except AssertionError as exc:
            yield f"{article.path.parent.name}/{article.path.name}: {exc}"


def _assert_all(articles: list[Article], check: Callable[[Article], None]) -> None:
    failures = list(_failures(articles, check))
    assert failures == [], f"{len(failures)} files failed:\n" + "\n".join(failures[:20])


@needs_corpus
def test_corpus_has_all_folders() -> None:
    folders = {p.parent.name for p in PATHS}
    assert folders == set(CORPUS_FOLDERS)
    assert len(PATHS) >= 700


@needs_corpus
def test_noop_save_is_byte_identical(articles: list[Article]) -> None:
    def check(article: Article) -> None:
        assert store.render(article, {}) == article.raw
        # Setting every value to what it already is changes nothing either.
        same_values: dict[tuple[str, ...], Any] = {
            (key,): value for key, value in article.data.items()
        }
        assert store.render(article, same_values) == article.raw

    _assert_all(articles, check)


@needs_corpus
def test_published_toggle_changes_one_line(articles: list[Article]) -> None:
    def check(article: Article) -> None:
        value = not article.published
        _, groups = _check(article, {("published",): value})
        word = b"true" if value else b"false"
        if "published" in article.data:
            (index, removed, added) = groups[0]
            assert len(groups) == 1 and len(removed) == 1 and len(added) == 1, groups
            assert index == _front_line(article, "published")[0]
            assert added[0] == removed[0].replace(b"true" if not value else b"false", word)
        else:
            assert [(r, a) for _, r, a in groups] == [([], [b"published: " + word + b"\n"])]

    _assert_all(articles, check)


@needs_corpus
def test_published_toggle_saves_on_copies(articles: list[Article], tmp_path: Path) -> None:
    def check(article: Article) -> None:
        folder = tmp_path / article.path.parent.name
        folder.mkdir(exist_ok=True)
        copy = folder / article.path.name
        shutil.copyfile(article.path, copy)
        local = store.read_article(copy)
        expected = store.render(local, {("published",): not local.published})
        saved = store.save(local, {("published",): not local.published})
        assert copy.read_bytes() == expected == saved.raw
        assert saved.published is (not article.published)
        back = store.save(saved, {("published",): article.published})
        if "published" in article.data:
            assert copy.read_bytes() == article.raw
        assert back.published is article.published

    _assert_all(articles, check)
    assert not [p for p in tmp_path.rglob(".reviewer-*")], "temp files left behind"


def _single_line_edit(article: Article, key: str, changes: Changes) -> list[bytes]:
    """Assert ``changes`` replaced exactly the one line of top-level ``key``; return it."""
    _, groups = _check(article, changes)
    assert len(groups) == 1, groups
    index, removed, added = groups[0]
    assert len(removed) == 1 and len(added) == 1, groups
    first, last = _front_line(article, key)
    assert first <= index <= last, (index, first, last)
    return added


@needs_corpus
def test_title_edit(articles: list[Article]) -> None:
    def check(article: Article) -> None:
        title = article.title + ' — "edited" it\'s 🎉'
        (line,) = _single_line_edit(article, "title", {("title",): title})
        assert line.startswith(b'title: "') and "🎉".encode() in line

    _assert_all(articles, check)


@needs_corpus
def test_topics_append(articles: list[Article]) -> None:
    def check(article: Article) -> None:
        topics = article.data.get("topics")
        assert isinstance(topics, list) and topics
        _, groups = _check(article, {("topics",): [*topics, "Reviewer Test"]})
        assert len(groups) == 1, groups
        index, removed, added = groups[0]
        first, last = _front_line(article, "topics")
        if removed:  # a flow list: its one line changes
            assert len(removed) == 1 and len(added) == 1 and first <= index <= last
        else:
            assert [line.strip() for line in added] == [b"- Reviewer Test"]
            assert index == last + 1

    _assert_all(articles, check)


@needs_corpus
def test_provider_name_edit(articles: list[Article]) -> None:
    def check(article: Article) -> None:
        changes: Changes = {("provider", "name"): "Harbour & Co: Weekly"}
        if isinstance(article.data.get("provider"), dict):
            (line,) = _single_line_edit(article, "provider", changes)
            assert line.lstrip().startswith(b"name: ")
        else:
            _, groups = _check(article, changes)
            assert [(r, [a.strip() for a in added]) for _, r, added in groups] == [
                ([], [b"provider:", b'name: "Harbour & Co: Weekly"'])
            ]

    _assert_all(articles, check)


@needs_corpus
def test_quality_edit(articles: list[Article]) -> None:
    def check(article: Article) -> None:
        quality = article.quality
        if quality is not None:
            (line,) = _single_line_edit(article, "quality", {("quality",): quality + 1})
            assert line == f"quality: {quality + 1}\n".encode()
        else:
            _, groups = _check(article, {("quality",): 42})
            assert [(r, a) for _, r, a in groups] == [([], [b"quality: 42\n"])]

    _assert_all(articles, check)


@needs_corpus
def test_published_date_time_edit(articles: list[Article]) -> None:
    when = dt.datetime(2024, 2, 29, 23, 59, 1, tzinfo=dt.timezone.utc)

    def check(article: Article) -> None:
        old = article.data.get("publishedDateTime")
        assert isinstance(old, dt.datetime)
        (line,) = _single_line_edit(article, "publishedDateTime", {("publishedDateTime",): when})
        assert line == b"publishedDateTime: 2024-02-29T23:59:01Z\n"

    _assert_all(articles, check)


@needs_corpus
def test_several_edits_at_once(articles: list[Article]) -> None:
    def check(article: Article) -> None:
        changes: Changes = {
            ("published",): not article.published,
            ("title",): "Several at once",
            ("quality",): 7,
            ("provider", "name"): "Someone",
            ("topics",): [*article.topics, "Extra"],
        }
        _, groups = _check(article, changes)
        removed = [line for _, lines, _ in groups for line in lines]
        # Only lines of the edited keys go; secured and everything else stay.
        assert all(
            line.lstrip().startswith((b"published:", b"title:", b"quality:", b"name:"))
            for line in removed
        ), removed

    _assert_all(articles, check)
