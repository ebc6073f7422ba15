"""Records: folding, values of every kind, caches, limits on huge values, helpers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.query import Record, fold, parse
from reviewer.core.query.records import (
    MAX_CHARS,
    MAX_NODES,
    calendar_date,
    leaves,
    lookup,
    number,
)


def record(data: dict[str, Any], **flags: Any) -> Record:
    """The record of an article holding ``data``."""
    error = flags.pop("error", None)
    article = Article(Path("a.md"), b"", None, data, error=error)
    return Record.from_article(article, **flags)


def test_fold() -> None:
    assert fold("Café") == "cafe"
    assert fold("STRASSE") == fold("Straße") == "strasse"
    assert fold("ﬁle") == "file"
    assert fold("İstanbul") == "istanbul"
    assert fold("  a \t b\n") == "a b"
    assert fold("Ångström") == "angstrom"
    assert fold("日本") == "日本"


def test_fold_long_texts_the_same_way_as_short_ones() -> None:
    # A text longer than _SHORT_FOLD is looked at by its distinct characters.
    import unicodedata

    def one_by_one(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())

    for text in (
        "Microsoft’s “Power Apps” — a café’s résumé, naïve and crème brûlée, again and again",
        "x\u0301y\u0327 e\u20dd ﬁle İstanbul Ångström 日本 STRASSE Straße " * 3,
        "’" * 200,
    ):
        assert len(text) > 48
        assert fold(text) == one_by_one(text)
    assert fold("Résumé " * 20) == "resume " * 19 + "resume"


def test_record_values_are_cached_after_the_first_search() -> None:
    item = record({"title": "A", "tags": ["x", "y"]})
    assert item.folded("tags") == ("x", "y")
    item.data["tags"].append("z")  # records are built once; a change needs a new record
    assert item.folded("tags") == ("x", "y")
    assert item.leaves("nothing") == ()


def test_record_from_a_document_searches_the_edited_values() -> None:
    article = Article(Path("a.md"), b"", None, {"title": "Old", "published": False})
    document = Document(article)
    assert not Record.from_document(document).modified
    document.set(("title",), "New title")
    document.set(("published",), True)
    edited = Record.from_document(document, duplicate=True)
    assert edited.modified and edited.duplicate and edited.published is True
    assert parse("new is:modified is:published is:duplicate").matches(edited)


def test_huge_values_are_cut_short() -> None:
    wide = ["w"] * (MAX_NODES * 3)
    assert len(leaves(wide)) < MAX_NODES
    long_text = "a" * (MAX_CHARS * 3)
    assert sum(map(len, leaves([long_text, long_text]))) == MAX_CHARS
    assert len(leaves(long_text)[0]) == MAX_CHARS
    # An alias-expanded value: the same list shared at every level, 9**8 leaves in all.
    shared: list[Any] = ["lol"] * 9
    for _ in range(8):
        shared = [shared] * 9
    found = leaves({"a": shared})
    assert 0 < len(found) <= MAX_NODES
    item = record({"laughs": shared})
    assert parse("laughs:lol").matches(item)
    assert not parse("laughs:=nope").matches(item)


def test_lookup_and_number_helpers() -> None:
    data = {"a": {"b": [{"c": 1}, {"c": 2}, "x"]}, "A.B": 3}
    assert lookup(data, "a.b.c") == [1, 2]
    assert lookup(data, "a.b") == [{"c": 1}, {"c": 2}, "x"]  # exact keys first
    assert lookup(data, "a.B") == 3
    assert lookup(data, "a.B.C") == [1, 2]
    assert lookup(data, "a.b.d") is lookup(data, "zz")  # both absent
    assert lookup(data, "a.b.B") is lookup(data, "zz")
    assert lookup(data, "a.") == {"b": [{"c": 1}, {"c": 2}, "x"]}
    assert number(" 40 ") == 40.0
    assert number("4e2") == 400.0
    assert number("forty") is None
    assert number(True) is None
    assert number(None) is None


def test_only_text_that_looks_like_a_date_compares_as_one() -> None:
    for text in ("40", "1.5", "May", "2021", "20210901", "1 " * 5000 + "x"):
        assert calendar_date(text) is None, text
    assert calendar_date("Sep 8, 2021 11:30 PM") == dt.date(2021, 9, 8)
    assert calendar_date("2021-09-01") == dt.date(2021, 9, 1)
    assert calendar_date(2021) is None
    item = record({"updated": "40", "due": "2021-09-30", "when": "Sep 8, 2021"})
    assert not parse("updated:>=2021-01").matches(item)
    assert parse("due:2021-09-01..2021-09-30").matches(item)
    assert parse("when:>=2021-09-08").matches(item)
    assert not parse("when:>2021-09-08").matches(item)
