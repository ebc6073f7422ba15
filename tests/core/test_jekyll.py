"""Which files Jekyll itself renders, against what reviewer's core calls published.

Builds a small site with ``jekyll build`` (Debian's ``jekyll`` package, which scripts/setup
installs) and skips where ``jekyll`` is not on PATH. Each value of ``published`` that
test_published.py checks without Jekyll is written in a collection item (``output: true``)
and in a post; the files Jekyll wrote to ``_site`` must be exactly those reviewer calls
published.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_published import WRITTEN

from reviewer.core import read_article
from reviewer.core.query import Record, parse

JEKYLL = shutil.which("jekyll")

pytestmark = pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed")


def build(tmp_path: Path) -> tuple[dict[str, Path], set[str]]:
    """A site with one collection item and one post per value of WRITTEN (and one without the
    key), built by Jekyll: each source file by name, and the names Jekyll rendered."""
    source, site = tmp_path / "source", tmp_path / "site"
    (source / "_items").mkdir(parents=True)
    (source / "_posts").mkdir()
    (source / "_config.yml").write_text("collections:\n  items:\n    output: true\n")
    lines = {f"v{i:02d}": f"published: {text}".rstrip() for i, text in enumerate(WRITTEN)}
    lines["missing"] = "quality: 3"
    files = {}
    for name, line in lines.items():
        text = f"---\ntitle: Item {name}\n{line}\n---\nBody of {name}.\n"
        for path in (source / "_items" / f"{name}.md", source / "_posts" / f"2020-01-01-{name}.md"):
            path.write_text(text, encoding="utf-8")
            files[f"{path.parent.name}/{name}"] = path
    assert JEKYLL is not None
    options = ["--safe", "--quiet", "--disable-disk-cache"]
    done = subprocess.run(
        [JEKYLL, "build", *options, "--source", str(source), "--destination", str(site)],
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
        env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rendered = {f"_items/{p.stem}" for p in (site / "items").glob("*.html")}
    rendered |= {f"_posts/{p.stem}" for p in site.glob("2020/01/01/*.html")}
    return files, rendered


def test_jekyll_renders_what_reviewer_calls_published(tmp_path: Path) -> None:
    files, rendered = build(tmp_path)
    articles = {name: read_article(path) for name, path in files.items()}
    assert all(a.error is None for a in articles.values())
    published = {name for name, a in articles.items() if a.published}
    assert rendered == published
    records = {name: Record.from_article(a) for name, a in articles.items()}
    assert {n for n, r in records.items() if parse("is:published").matches(r)} == rendered
    assert {n for n, r in records.items() if parse("is:unpublished").matches(r)} == (
        set(files) - rendered
    )
    # What the table says without Jekyll (test_published.py) is what Jekyll did.
    expected = {f"v{i:02d}" for i, (_, shown) in enumerate(WRITTEN.values()) if shown}
    assert {name.split("/")[1] for name in rendered} == expected | {"missing"}
