"""The dated titles scored a block at a time (``similarity.block_pairs``, ``process.cdist``
on both CPUs) give exactly what one rapidfuzz call per item gave: the same entries, links
(in the same order, with the same scores and URL fields), groups and reasons."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

import reviewer.core.duplicates as duplicates
from reviewer.core.duplicates import DupInput, DuplicateIndex, IndexState
from reviewer.core.duplicates import similarity as sim

DAY0 = dt.datetime(2021, 8, 24, 9, 30, tzinfo=dt.timezone.utc)
WINDOW = 3 * 86400
WORDS = [
    *("microsoft", "power", "apps", "misconfiguration", "exposes", "million", "records"),
    *("copilot", "preview", "new", "teams", "sharepoint", "build", "release", "wave"),
    *("overview", "portal", "ai", "builder", "azure", "update"),
]
#: One provider brings most items (as in the real corpus), a few bring the rest.
PROVIDERS = ["Microsoft"] * 12 + ["SharePoint", "On MSFT", "Digital Journal", "A", "B", ""]


def planted_items(rnd: random.Random, n: int) -> list[DupInput]:
    """``n`` items: stories told again with a typo, a word more or words swapped by other
    providers (and the same one), series (the same title with another number), near-misses,
    dates at the window's edges, undated items and shared URLs."""
    items: list[DupInput] = []
    for key in range(n):
        if items and rnd.random() < 0.6:  # after an earlier item
            base = rnd.choice(items[-50:])
            title = base.title
            change = rnd.random()
            if change < 0.3:  # a typo
                pos = rnd.randrange(len(title) + 1)
                title = title[:pos] + rnd.choice("xes ") + title[pos + 1 :]
            elif change < 0.45:  # another issue of a series
                title = f"{title.rsplit(' #', 1)[0]} #{rnd.randrange(40)}"
            elif change < 0.6:  # words in another order, or a word more
                words = title.split()
                rnd.shuffle(words)
                title = " ".join(words + rnd.choices(WORDS, k=rnd.randint(0, 1)))
            edge = rnd.choice([0.0, 1.0, -1.0, 0.5, WINDOW / 2])
            offset = rnd.choice([WINDOW, -WINDOW, WINDOW + edge, -WINDOW - edge, edge])
            when: dt.datetime | None = (base.published_at or DAY0) + dt.timedelta(seconds=offset)
        else:
            words = rnd.choices(WORDS, k=rnd.randint(2, 12))
            if rnd.random() < 0.4:
                words.append(f"#{rnd.randrange(60)}")
            title = " ".join(words)
            when = DAY0 + dt.timedelta(seconds=rnd.uniform(0, 40 * 86400))
        if rnd.random() < 0.1:
            when = None
        elif rnd.random() < 0.1:  # at a block's edge exactly
            when = DAY0 + dt.timedelta(seconds=WINDOW * rnd.randrange(-2, 14))
        url = f"https://site.com/{rnd.randrange(n)}" if rnd.random() < 0.2 else ""
        web = url if rnd.random() < 0.5 else ""
        provider = rnd.choice(PROVIDERS)
        items.append(DupInput(key, title, url, web, provider, when))
    return items


def by_scans(items: list[DupInput], monkeypatch: pytest.MonkeyPatch, **settings: Any) -> Any:
    """The index as one rapidfuzz call per item builds it."""
    with monkeypatch.context() as patched:
        patched.setattr(duplicates, "numpy", None)
        return built(items, **settings)


def built(items: list[DupInput], **settings: Any) -> tuple[IndexState, Any]:
    index = DuplicateIndex(items, **settings)
    groups = index.groups()
    return index.state(), (groups.group_of, groups.members, groups.reasons)


@pytest.mark.parametrize("seed", range(4))
def test_blocks_give_what_scans_gave(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    items = planted_items(random.Random(seed), 3000)
    old = by_scans(items, monkeypatch)
    new = built(items)
    assert new == old
    assert len(new[0].groups) > 100  # the planted stories were found
    assert sum(score is not None for *_, score in new[0].links) > 300


@pytest.mark.parametrize(
    ("rows", "cells", "kind"), [(1, 1, 1), (3, 40, 2), (7, 1 << 20, 1 << 20), (256, 500, 3)]
)
@pytest.mark.parametrize(
    "settings",
    [{}, {"title_threshold": 70, "days": 1}, {"title_threshold": 95, "days": 0.5}],
)
def test_any_chunking_gives_what_scans_gave(
    rows: int, cells: int, kind: int, settings: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    items = planted_items(random.Random(rows * cells + kind), 600)
    old = by_scans(items, monkeypatch, **settings)
    monkeypatch.setattr(sim, "MAX_ROWS", rows)
    monkeypatch.setattr(sim, "MAX_CELLS", cells)
    monkeypatch.setattr(sim, "MIN_KIND", kind)
    monkeypatch.setattr(sim, "SCORE_WORKERS", 1)
    assert built(items, **settings) == old


def test_a_cutoff_of_zero_is_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    items = planted_items(random.Random(9), 200)
    assert built(items, title_threshold=0) == by_scans(items, monkeypatch, title_threshold=0)
    with pytest.raises(ValueError, match="cutoff"):
        sim.block_pairs(sim.TitlePool(), None, 0, [])
