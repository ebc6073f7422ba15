"""The dated titles scored a block at a time (``similarity.block_pairs``, ``process.cdist``
on both CPUs) give exactly what one rapidfuzz call per item gave: the same entries, links
(in the same order, with the same scores and URL fields), groups and reasons; and the
faster reading of a title's numbers reads what the plain one read."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewer.core.duplicates as duplicates
from reviewer.core.duplicates import DupInput, DuplicateIndex, IndexState
from reviewer.core.duplicates import similarity as sim
from reviewer.core.duplicates.similarity import TitleNumbers, normalize_title, title_numbers

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
        patched.setattr(duplicates, "HAVE_NUMPY", False)
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
    ("rows", "cells", "kind", "slices"),
    [(1, 1, 1, 1), (3, 40, 2, 3), (7, 1 << 20, 1 << 20, 8), (256, 500, 3, 50)],
)
@pytest.mark.parametrize(
    "settings",
    [{}, {"title_threshold": 70, "days": 1}, {"title_threshold": 95, "days": 0.5}],
)
def test_any_chunking_gives_what_scans_gave(
    rows: int,
    cells: int,
    kind: int,
    slices: int,
    settings: dict[str, float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items = planted_items(random.Random(rows * cells + kind), 600)
    old = by_scans(items, monkeypatch, **settings)
    monkeypatch.setattr(sim, "MAX_ROWS", rows)
    monkeypatch.setattr(sim, "MAX_CELLS", cells)
    monkeypatch.setattr(sim, "MIN_KIND", kind)
    monkeypatch.setattr(sim, "SCORE_WORKERS", 1)
    monkeypatch.setattr(sim, "TIME_SLICES", slices)
    assert built(items, **settings) == old


def test_a_cutoff_of_zero_is_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    items = planted_items(random.Random(9), 200)
    assert built(items, title_threshold=0) == by_scans(items, monkeypatch, title_threshold=0)
    with pytest.raises(ValueError, match="cutoff"):
        sim.block_pairs(sim.TitlePool(), None, 0, [])


def plain_title_numbers(normalized: str) -> TitleNumbers:
    """``title_numbers`` as it was written first: one regular expression per word."""
    digits = sim._DIGITS  # noqa: SLF001
    months = sim._MONTHS  # noqa: SLF001
    if not digits.search(normalized):
        return sim.NO_NUMBERS
    words = normalized.split()
    numbered = [bool(digits.search(word)) for word in words]
    ordered: list[str] = []
    stem: list[str] = []
    for i, word in enumerate(words):
        month = months.get(word)
        if numbered[i]:
            ordered.extend(run.lstrip("0") or "0" for run in digits.findall(word))
        elif month is not None and any(numbered[j] for j in (i - 1, i + 1) if 0 <= j < len(words)):
            ordered.append(month)
        else:
            stem.append(word)
    return TitleNumbers(" ".join(stem), tuple(ordered), tuple(sorted(ordered)))


TITLE_WORDS = st.sampled_from(
    [
        *("june", "jun", "sept", "may", "power", "apps", "2021", "06", "0", "007", "38m"),
        *("2nd", "x1y22", "\u0663\u0664", "\u00b2", "stra\u00dfe", "#4", "v1.2", "-", ","),
    ]
)


@given(st.lists(TITLE_WORDS | st.text(max_size=6), max_size=12))
def test_title_numbers_reads_what_the_plain_reading_read(words: list[str]) -> None:
    normalized = normalize_title(" ".join(words))
    assert title_numbers(normalized) == plain_title_numbers(normalized)
    assert title_numbers(" ".join(words)) == plain_title_numbers(" ".join(words))


def test_numpy_is_imported_only_to_score_titles() -> None:
    """A window that restores its groups never pays for numpy (66 ms, 14 MB), nor does an
    index without dated titles."""
    code = (
        "import sys; import reviewer.core.duplicates.worker as w; from reviewer.core.duplicates"
        " import DuplicateGroups, DuplicateIndex, DupInput;"
        " state = DuplicateIndex([DupInput(1, 'a b c', 'x.com/1')]).state();"
        " DuplicateGroups.from_state(state); DuplicateIndex.from_state(state);"
        " print('numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]
