"""Unpacked summaries share equal values: what keeps 100,000 light articles compact."""

from __future__ import annotations

import dataclasses
import datetime as dt
import marshal
from pathlib import Path
from typing import Any

import pytest

from reviewer.core.article import Article, Fingerprint, digest
from reviewer.core.folder import packing
from reviewer.core.folder.packing import UnpackError, pack, unpack
from reviewer.core.store import parse_article

URL = "https://example.com/a/long/address/of/one/story/that/is/never/interned"


def article(front: str, name: str = "a.md") -> Article:
    raw = f"---\n{front}---\nBody\n".encode()
    parsed = parse_article(Path(name), raw, None)
    assert parsed.error is None, parsed.error
    return dataclasses.replace(parsed, fingerprint=Fingerprint(len(raw), 1, digest(raw)))


def unpacked(front: str) -> dict[str, Any]:
    packed = pack(article(front))
    assert packed is not None
    return unpack(packed).data


def test_a_provider_and_topics_are_one_object_for_every_summary_that_holds_them() -> None:
    front = "title: {}\nprovider: {{name: Contoso, domain: contoso.com}}\ntopics: [A, B]\n"
    first, second = unpacked(front.format("One")), unpacked(front.format("Two"))
    assert first["provider"] == {"name": "Contoso", "domain": "contoso.com"}
    assert first["provider"] is second["provider"]
    assert first["topics"] == ["A", "B"]
    assert first["topics"] is second["topics"]


def test_only_equal_values_in_the_same_order_are_shared() -> None:
    first = unpacked("provider: {name: Contoso, domain: contoso.com}\ntopics: [A, B]\n")
    other = unpacked("provider: {domain: contoso.com, name: Contoso}\ntopics: [B, A]\n")
    assert other["provider"] is not first["provider"]
    assert list(other["provider"]) == ["domain", "name"]  # (dict equality ignores order)
    assert other["topics"] == ["B", "A"]


def test_values_that_only_compare_equal_are_not_shared() -> None:
    # 1, 1.0 and True are equal: a shared value must be the very same, so only texts are.
    fronts = (f"more: {{k: {value}}}\n" for value in ("1", "true", "'1'"))
    one, true, text = (unpacked(front)["more"] for front in fronts)
    assert one == {"k": 1} and type(one["k"]) is int
    assert true == {"k": True} and true["k"] is True
    assert text == {"k": "1"}


def test_long_mappings_and_long_texts_are_not_shared() -> None:
    long_name = "x" * (packing.MAX_INTERNED + 1)
    first, second = (unpacked(f"provider: {{name: {long_name}}}\n") for _ in range(2))
    assert first["provider"] == {"name": long_name}
    assert first["provider"] is not second["provider"]


def test_equal_long_texts_of_one_summary_are_one_object() -> None:
    data = unpacked(f"originalUrl: {URL}\nwebUrl: {URL}\ntitle: {URL}x\n")
    assert data["originalUrl"] == data["webUrl"] == URL
    assert data["originalUrl"] is data["webUrl"]
    assert data["title"] == URL + "x"


def test_sharing_survives_dates_nested_in_the_summary() -> None:
    front = "provider: {name: Contoso}\nwhen: {at: 2021-01-02}\ntopics: [A]\n"
    first, second = unpacked(front), unpacked(front)
    assert first["when"] == {"at": dt.date(2021, 1, 2)}
    assert first["provider"] is second["provider"] and first["topics"] is second["topics"]


def test_the_table_of_shared_values_starts_over_when_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(packing, "SHARED_MAX", 3)
    for number in range(10):
        assert unpacked(f"topics: [t{number}]\n")["topics"] == [f"t{number}"]
    assert len(packing._SHARED) <= 4  # noqa: SLF001 (the bound is what is tested)


def test_summaries_packed_before_sharing_still_unpack() -> None:
    packed = pack(article("provider: {name: Contoso}\ntopics: [A]\n"))
    assert packed is not None
    older = marshal.dumps(marshal.loads(packed)[:10], 4)
    data = unpack(older).data
    assert data == {"provider": {"name": "Contoso"}, "topics": ["A"]}


@pytest.mark.parametrize("keys", [("missing",), ("title",), 3], ids=["missing", "text", "int"])
def test_a_damaged_list_of_shared_keys_is_refused(keys: object) -> None:
    values = list(marshal.loads(pack(article("title: T\n")) or b""))
    values[10] = keys
    with pytest.raises(UnpackError):
        unpack(marshal.dumps(tuple(values), 4))
