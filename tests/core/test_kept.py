"""Schemas and reports as plain values for the derived store, and back (core/kept.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core_support import derived_store

from reviewer.core import kept
from reviewer.core.article import Article, Fingerprint
from reviewer.core.folder.derived import rows_digest
from reviewer.core.frontmatter.values import MISSING
from reviewer.core.report import Finding, report
from reviewer.core.schema import infer_articles
from reviewer.core.site import Site

NOW = dt.datetime(2025, 1, 10, 12, 0, tzinfo=dt.timezone.utc)


def _article(name: str, data: dict[str, object]) -> Article:
    return Article(
        Path("/site/_posts") / name, b"", Fingerprint(1, 1, name), data, None, None, False
    )


def _articles() -> list[Article]:
    found = [
        _article(
            f"a{n}.md",
            {
                "title": f"Story {n}",
                "quality": 40 if n != 3 else "40",
                "publishedDateTime": dt.datetime(2024, 12, 1 + n, 10, 0, tzinfo=dt.timezone.utc),
                "published": True,
                "images": [{"url": "/img/there.png" if n else "/img/gone.png"}],
                "day": dt.date(2024, 1, 1 + n),
            },
        )
        for n in range(12)
    ]
    found.append(
        _article(
            "late.md",
            {"title": "CafÃ© late", "published": False, "publishedDateTime": "2024-12-30"},
        )
    )
    return found


def _site(tmp_path: Path) -> Site:
    (tmp_path / "img").mkdir(exist_ok=True)
    (tmp_path / "img" / "there.png").write_bytes(b"")
    return Site(tmp_path, {"title": "A site", "when": dt.date(2024, 1, 1)})


def test_a_schema_and_a_report_come_back_equal(tmp_path: Path) -> None:
    articles = _articles()
    schema = infer_articles(articles)
    assert kept.schema_of(kept.schema_value(schema)) == schema
    found = report(articles, site=_site(tmp_path), now=NOW)
    assert {f.kind for f in found.findings} >= {"type", "mojibake", "url", "image-size"}
    assert any(f.value is MISSING or f.fix is MISSING for f in found.findings)
    assert found.site_paths  # the site paths looked at, with what was found
    assert found.stale_until == dt.datetime(2025, 1, 29, tzinfo=dt.timezone.utc)
    assert kept.report_of(kept.report_value(found)) == found


def test_a_value_of_another_form_gives_none() -> None:
    assert kept.schema_of(("not", "a schema")) is None
    assert kept.schema_of(None) is None
    assert kept.report_of([1, 2]) is None
    finding = Finding(Path("/a.md"), "title", "missing")
    assert kept.report_of(([(str(finding.path),)], [], None, True, (), None, None)) is None


def test_a_kept_report_is_restored_only_while_it_holds(tmp_path: Path) -> None:
    _cache, folder, store = derived_store(tmp_path, "site")
    site = _site(folder)
    articles = _articles()
    found = report(articles, site=site, now=NOW)
    digest = kept.report_digest(rows_digest(articles), site, 30)
    assert kept.keep_report(store, digest, found)
    assert kept.restore_report(store, digest, NOW + dt.timedelta(days=1), site) == found
    assert kept.restore_report(store, "another", NOW, site) is None
    later = found.stale_until
    assert later is not None
    assert kept.restore_report(store, digest, later, site) is None  # an item turned stale
    assert kept.restore_report(store, digest, NOW - dt.timedelta(hours=1), site) is None
    (folder / "img" / "gone.png").write_bytes(b"")  # a site path now holds a file
    assert kept.restore_report(store, digest, NOW, site) is None


def test_the_report_digest_follows_the_rows_the_site_and_the_stale_days(tmp_path: Path) -> None:
    site = _site(tmp_path)
    rows = rows_digest(_articles())
    digest = kept.report_digest(rows, site, 30)
    assert kept.report_digest(rows, site, 30) == digest
    assert kept.report_digest(rows, None, 30) != digest
    assert kept.report_digest(rows, site, 10) != digest
    assert kept.report_digest(rows_digest(_articles()[1:]), site, 30) != digest
    other = Site(tmp_path, {"title": "A site", "when": dt.date(2024, 1, 2)})
    assert kept.report_digest(rows, other, 30) != digest
