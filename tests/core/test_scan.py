"""Finding articles: recursive, hidden and build folders skipped, bad files reported not fatal."""

from __future__ import annotations

from pathlib import Path

from core_support import copy_fixture, fixture_bytes

from reviewer.core.article import Article
from reviewer.core.folder.scan import article_paths, scan

GOOD = fixture_bytes("news-plain.md")


def _tree(root: Path) -> None:
    files = {
        "a.md": GOOD,
        "b.markdown": GOOD,
        "c.html": fixture_bytes("newsletter.html"),
        "d.txt": GOOD,
        "E.MD": GOOD,
        "notes.json": b"{}",
        "image.png": b"\x89PNG",
        "README": GOOD,
        ".hidden.md": GOOD,
        "_posts/2021/deep.md": GOOD,
        "_posts/bad.md": b"---\ntitle: [unclosed\n---\n",
        "_posts/unterminated.md": b"---\ntitle: x\n",
        "_posts/latin1.md": b"---\ntitle: caf\xe9\n---\n",
        "_posts/plain.md": b"no front matter\n",
        "_posts/baddate.md": b"---\npublishedDateTime: 2021-02-30\n---\n",
        ".git/objects/x.md": GOOD,
        ".github/workflow.md": GOOD,
        "_site/out.html": GOOD,
        "node_modules/pkg/readme.md": GOOD,
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _names(root: Path, paths: list[Path]) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_article_paths_recursive_with_known_extensions_only(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert _names(tmp_path, list(article_paths(tmp_path))) == [
        "E.MD",
        "a.md",
        "b.markdown",
        "c.html",
        "d.txt",
        "_posts/bad.md",
        "_posts/baddate.md",
        "_posts/latin1.md",
        "_posts/plain.md",
        "_posts/unterminated.md",
        "_posts/2021/deep.md",
    ]


def test_one_bad_file_does_not_stop_the_scan(tmp_path: Path) -> None:
    _tree(tmp_path)
    articles = scan(tmp_path)
    by_name = {a.path.name: a for a in articles}
    assert len(articles) == 11
    baddate = by_name["baddate.md"].error
    assert baddate is not None and "not a valid date" in baddate
    assert by_name["deep.md"].error is None
    assert by_name["deep.md"].title == "Lighthouse keepers gather for the autumn count"
    assert by_name["bad.md"].error is not None and "line" in by_name["bad.md"].error
    assert by_name["unterminated.md"].error is not None
    assert "never closed" in by_name["unterminated.md"].error
    latin1 = by_name["latin1.md"].error
    assert latin1 is not None and "0xe9" in latin1 and "line 2" in latin1
    assert by_name["plain.md"].error is None and not by_name["plain.md"].has_front_matter
    assert by_name["c.html"].error is None


def test_unreadable_file_is_reported_not_fatal(tmp_path: Path) -> None:
    copy_fixture("news-plain.md", tmp_path)
    (tmp_path / "broken-link.md").symlink_to(tmp_path / "missing-target.md")
    articles = scan(tmp_path)
    errors = {a.path.name: a.error for a in articles}
    assert errors == {"broken-link.md": "the file does not exist", "news-plain.md": None}


def test_progress_and_cancel(tmp_path: Path) -> None:
    _tree(tmp_path)
    seen: list[tuple[int, str]] = []

    def progress(count: int, article: Article) -> None:
        seen.append((count, article.path.name))

    articles = scan(tmp_path, progress=progress, cancelled=lambda: len(seen) >= 3)
    assert len(articles) == 3
    assert [count for count, _ in seen] == [1, 2, 3]


def test_empty_and_missing_folders(tmp_path: Path) -> None:
    assert scan(tmp_path) == []
    assert scan(tmp_path / "missing") == []
