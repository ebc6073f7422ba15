"""The bundled sample articles: all readable but the one broken on purpose, and editable."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from reviewer.core import Article, EditError, article_paths, read_article, render

BROKEN = "broken-duplicate-key.md"


def samples(folder: Path) -> dict[str, Article]:
    return {path.name: read_article(path) for path in article_paths(folder)}


def test_only_the_broken_sample_has_an_error(samples_dir: Path) -> None:
    articles = samples(samples_dir)
    assert 10 <= len(articles) <= 14
    failed = {name: a.error for name, a in articles.items() if a.error is not None}
    assert list(failed) == [BROKEN]
    assert "duplicate key 'published'" in failed[BROKEN]
    assert "line 23" in failed[BROKEN]


def test_samples_cover_the_cases_the_app_must_show(samples_dir: Path) -> None:
    articles = {name: a for name, a in samples(samples_dir).items() if name != BROKEN}
    raws = {name: a.raw for name, a in articles.items()}
    suffixes = {Path(name).suffix for name in articles}
    assert {".md", ".html", ".txt"} <= suffixes
    assert all(a.title for a in articles.values())
    assert any(a.related for a in articles.values())
    assert any(a.parts and a.parts.body.strip() for a in articles.values()), "a body"
    assert any(b"\r\n" in raw for raw in raws.values()), "a sample with CRLF line endings"
    assert any(b"\n#" in raw for raw in raws.values()), "a sample with comments"
    assert any(b"topics: [" in raw for raw in raws.values()), "a sample with a flow list"
    assert any(any(ord(c) > 0xFFFF for c in a.title) for a in articles.values()), "an emoji"
    assert any(b"publishedDateTime: Sep 20, 2021 4:44 PM" in raw for raw in raws.values())
    assert not all(a.published_written for a in articles.values()), "no `published` key"
    published = [a.published for a in articles.values() if a.published_written]
    assert 0 < published.count(True) < published.count(False)


def test_toggling_published_changes_one_line_of_each_sample(samples_dir: Path) -> None:
    for name, article in samples(samples_dir).items():
        if name == BROKEN:
            with pytest.raises(EditError):
                render(article, {("published",): True})
            continue
        new = render(article, {("published",): not article.published})
        old_lines = article.raw.decode("utf-8").splitlines(keepends=True)
        new_lines = new.decode("utf-8").splitlines(keepends=True)
        changed = [
            line for line in difflib.ndiff(old_lines, new_lines) if line.startswith(("-", "+"))
        ]
        assert article.parts is not None
        line = "published: {}" + article.parts.newline
        want = [f"+ {line.format(_yaml_bool(not article.published))}"]
        if article.published_written:
            want.insert(0, f"- {line.format(_yaml_bool(article.published_value))}")
        assert changed == want, name


def _yaml_bool(value: bool) -> str:
    return "true" if value else "false"
