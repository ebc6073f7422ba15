"""The numbers behind the charts of a collection: the backlog over time, the published share
by provider, the quality and heat distributions; each for the whole folder and for a subset
(the rows a search shows), so that the subset can be drawn over the whole.

Light articles are enough (no file is read): ``columns`` takes each article's values once
into numpy arrays (pass ``Document.effective`` to count what a site's defaults give), then
``charts`` counts them with ``np.bincount``, a few milliseconds at 100,000 items.

A day is publishedDateTime's calendar day as the file writes it (a zone-aware time keeps its
own offset), exactly as the search's ``date:`` reads it, so that a bar's ``term`` finds its
items. Published is Jekyll's reading (``Article.published``); a file that cannot be read
counts as unpublished, as searches count it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np
import numpy.typing as npt

from reviewer.core.article import Article
from reviewer.core.dates import to_datetime
from reviewer.core.fields import PUBLISHED, publishes
from reviewer.core.frontmatter.values import MISSING

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: The day ordinal (``date.toordinal``) of an article without a usable date.
NO_DAY = 0
#: The most bars a backlog draws; dates far from the rest are counted, not drawn.
MAX_BARS = 1500
#: The share of dated items at either end that may fall outside a too-wide range.
OUTLIER_SHARE = 0.01
#: How many providers get a bar of their own; the rest are "Other".
TOP_PROVIDERS = 12
#: The label of the providers beyond the top ones (and of items naming none).
OTHER = "Other"
#: About how many bins a histogram has (bins are whole numbers wide).
BINS = 20
#: Scores beyond this size are no numbers a chart can draw (counted as missing).
_LARGEST = 2**53


class Unit(Enum):
    """What one bar of the backlog covers."""

    DAY = "day"
    WEEK = "week"  # Monday to Sunday

    @property
    def days(self) -> int:
        return 1 if self is Unit.DAY else 7


@dataclass(frozen=True, eq=False)
class Columns:
    """Each article's values, one array element per article, in the articles' order."""

    #: publishedDateTime's calendar day (``date.toordinal()``), NO_DAY when none.
    day: IntArray
    #: Published as Jekyll reads it (False for a file that cannot be read).
    published: BoolArray
    #: An index into ``providers``; -1 when the article names none.
    provider: IntArray
    #: Every provider name met, in order of first appearance.
    providers: tuple[str, ...]
    #: The quality and heat scores; NaN where there is no whole number.
    quality: FloatArray
    heat: FloatArray

    def __len__(self) -> int:
        return len(self.day)


@functools.lru_cache(maxsize=65536)
def text_day(text: str) -> int:
    """The day ordinal of a date written as text (parsed once per text: kept)."""
    when = to_datetime(text)
    return when.date().toordinal() if when is not None else NO_DAY


def day_of(value: Any) -> int:
    """The calendar-day ordinal of a publishedDateTime value, as ``date:`` reads it
    (``Article.published_at``'s date), or NO_DAY."""
    if isinstance(value, dt.datetime):
        return value.date().toordinal()
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, str) and value.strip():
        return text_day(value)
    return NO_DAY


def _score(value: Any) -> float:
    """A whole-number score as the registry reads one (no bool, no float), else NaN."""
    if isinstance(value, int) and not isinstance(value, bool) and -_LARGEST < value < _LARGEST:
        return float(value)
    return float("nan")


def columns(articles: Iterable[Article]) -> Columns:
    """The chart values of ``articles`` (light or full; pass ``Document.effective``)."""
    days: list[int] = []
    published: list[bool] = []
    provider: list[int] = []
    codes: dict[str, int] = {}
    quality: list[float] = []
    heat: list[float] = []
    for article in articles:
        data = article.data
        days.append(day_of(data.get("publishedDateTime")))
        # Article.published and provider_name, read here without the registry's readers:
        published.append(article.error is None and publishes(data.get(PUBLISHED, MISSING)))
        source = data.get("provider")
        name = source.get("name") if isinstance(source, dict) else None
        name = name.strip() if isinstance(name, str) else ""
        provider.append(codes.setdefault(name, len(codes)) if name else -1)
        quality.append(_score(data.get("quality")))
        heat.append(_score(data.get("heat")))
    return Columns(
        np.array(days, dtype=np.int64),
        np.array(published, dtype=np.bool_),
        np.array(provider, dtype=np.int64),
        tuple(codes),
        np.array(quality, dtype=np.float64),
        np.array(heat, dtype=np.float64),
    )


# -- the charts


@dataclass(frozen=True, eq=False)
class Backlog:
    """Items per day or week, published and unpublished; ``subset_*`` for the subset."""

    unit: Unit
    #: Each bar's first day (``date.toordinal()``), ascending and evenly spaced.
    starts: IntArray
    published: IntArray
    unpublished: IntArray
    subset_published: IntArray
    subset_unpublished: IntArray
    #: Items without a usable date (of the whole, of the subset).
    undated: int
    subset_undated: int
    #: Dated items before the first bar and after the last (far from the rest).
    earlier: int
    later: int

    def __len__(self) -> int:
        return len(self.starts)

    def first_day(self, bar: int) -> dt.date:
        return dt.date.fromordinal(int(self.starts[bar]))

    def last_day(self, bar: int) -> dt.date:
        return dt.date.fromordinal(int(self.starts[bar]) + self.unit.days - 1)

    def term(self, bar: int) -> str:
        """The search term for the items of ``bar``: ``date:YYYY-MM-DD`` or ``date:A..B``."""
        first, last = self.first_day(bar), self.last_day(bar)
        if first == last:
            return f"date:{first.isoformat()}"
        return f"date:{first.isoformat()}..{last.isoformat()}"


@dataclass(frozen=True, eq=False)
class ProviderShare:
    """The top providers by number of items (then ``OTHER``), most first."""

    names: tuple[str, ...]
    published: IntArray
    total: IntArray
    subset_published: IntArray
    subset_total: IntArray
    #: True when the last name is ``OTHER``: the rest grouped (no term finds it).
    other: bool

    def share(self, bar: int) -> float:
        """The published share of a bar's items (0.0 for none)."""
        total = int(self.total[bar])
        return int(self.published[bar]) / total if total else 0.0

    def term(self, bar: int) -> str | None:
        """The search term for a provider's bar (None for ``OTHER``)."""
        if self.other and bar == len(self.names) - 1:
            return None
        return f"provider.name:={quote(self.names[bar])}"


@dataclass(frozen=True, eq=False)
class Histogram:
    """Counts of a score in bins ``[edges[i], edges[i + 1])``, whole numbers wide."""

    edges: IntArray
    counts: IntArray
    subset_counts: IntArray
    #: Items without a whole-number score (of the whole, of the subset).
    missing: int
    subset_missing: int

    def term(self, field: str, bar: int) -> str:
        """The search term for a bin: ``quality:40..44``."""
        low, high = int(self.edges[bar]), int(self.edges[bar + 1]) - 1
        return f"{field}:{low}" if low == high else f"{field}:{low}..{high}"


@dataclass(frozen=True, eq=False)
class Charts:
    """Every chart of a folder, for the whole and for a subset."""

    total: int
    subset_total: int
    backlog: Backlog
    providers: ProviderShare
    quality: Histogram
    heat: Histogram

    @property
    def narrowed(self) -> bool:
        """True when the subset is not the whole (a search or a status filter is on)."""
        return self.subset_total != self.total


def quote(value: str) -> str:
    """A search value, quoted when it holds spaces or special characters (as the search
    bar's ``quote``: the sidebar's facet terms read the same)."""
    if (
        value
        and not any(ch in value for ch in ' "():')
        and value.lower() not in ("or", "and", "not")
    ):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def subset_mask(count: int, rows: Sequence[int] | npt.NDArray[Any] | None) -> BoolArray:
    """A mask of ``count`` items, True at ``rows`` (every item for None; rows out of range
    are ignored)."""
    if rows is None:
        return np.ones(count, dtype=np.bool_)
    mask = np.zeros(count, dtype=np.bool_)
    index = np.asarray(rows, dtype=np.int64)
    mask[index[(index >= 0) & (index < count)]] = True
    return mask


def charts(
    values: Columns,
    rows: Sequence[int] | npt.NDArray[Any] | None = None,
    unit: Unit = Unit.DAY,
    top: int = TOP_PROVIDERS,
    bins: int = BINS,
) -> Charts:
    """Every chart of ``values``; the subset is the items at ``rows`` (None: all)."""
    mask = subset_mask(len(values), rows)
    return Charts(
        len(values),
        int(mask.sum()),
        backlog(values, mask, unit),
        provider_share(values, mask, top),
        histogram(values.quality, mask, bins),
        histogram(values.heat, mask, bins),
    )


def _window(days: IntArray, unit: Unit) -> tuple[int, int]:
    """The first and last day the backlog draws: all dated items, unless that takes more
    than MAX_BARS bars: then the range without the outermost OUTLIER_SHARE at each end,
    and at most MAX_BARS bars from its start."""
    low, high = int(days.min()), int(days.max())
    if (high - low) // unit.days + 1 > MAX_BARS:
        low, high = (int(v) for v in np.quantile(days, [OUTLIER_SHARE, 1 - OUTLIER_SHARE]))
        high = min(high, low + MAX_BARS * unit.days - 1)
    return low, high


def backlog(values: Columns, mask: BoolArray, unit: Unit = Unit.DAY) -> Backlog:
    """Items per day (or week) over the folder's date range, published and unpublished."""
    dated = values.day != NO_DAY
    empty = np.zeros(0, dtype=np.int64)
    undated, subset_undated = int((~dated).sum()), int((~dated & mask).sum())
    if not dated.any():
        return Backlog(unit, empty, empty, empty, empty, empty, undated, subset_undated, 0, 0)
    days = values.day[dated]
    low, high = _window(days, unit)
    start = low - (low - 1) % 7 if unit is Unit.WEEK else low  # ordinal 1 is a Monday
    bars = (high - start) // unit.days + 1
    index = (days - start) // unit.days
    inside = (index >= 0) & (index < bars)
    earlier, later = int((index < 0).sum()), int((index >= bars).sum())
    index = index[inside]
    published = values.published[dated][inside]
    chosen = mask[dated][inside]

    def count(which: BoolArray) -> IntArray:
        return np.bincount(index[which], minlength=bars).astype(np.int64)

    return Backlog(
        unit,
        start + np.arange(bars, dtype=np.int64) * unit.days,
        count(published),
        count(~published),
        count(published & chosen),
        count(~published & chosen),
        undated,
        subset_undated,
        earlier,
        later,
    )


def provider_share(values: Columns, mask: BoolArray, top: int = TOP_PROVIDERS) -> ProviderShare:
    """The ``top`` providers with the most items, most first (ties by name, in any case),
    then the rest and the items naming no provider as ``OTHER``."""
    count = len(values.providers) + 1  # the last code: no provider
    codes = np.where(values.provider < 0, count - 1, values.provider)
    pub = values.published

    def tally(which: BoolArray | None) -> IntArray:
        chosen = codes if which is None else codes[which]
        return np.bincount(chosen, minlength=count).astype(np.int64)

    total, published = tally(None), tally(pub)
    subset_total, subset_published = tally(mask), tally(pub & mask)
    named = [i for i in range(count - 1) if total[i]]
    named.sort(key=lambda i: (-int(total[i]), values.providers[i].casefold(), values.providers[i]))
    kept, rest = named[:top], [*named[top:], count - 1]
    other = bool(total[rest].sum())

    def pick(counts: IntArray) -> IntArray:
        picked = [int(counts[i]) for i in kept]
        if other:
            picked.append(int(counts[rest].sum()))
        return np.array(picked, dtype=np.int64)

    names = tuple(values.providers[i] for i in kept) + ((OTHER,) if other else ())
    return ProviderShare(
        names, pick(published), pick(total), pick(subset_published), pick(subset_total), other
    )


def histogram(scores: FloatArray, mask: BoolArray, bins: int = BINS) -> Histogram:
    """Counts of ``scores`` in about ``bins`` bins of whole numbers, over the whole range."""
    known = ~np.isnan(scores)
    missing, subset_missing = int((~known).sum()), int((~known & mask).sum())
    if not known.any():
        empty = np.zeros(0, dtype=np.int64)
        return Histogram(empty, empty, empty, missing, subset_missing)
    values = scores[known].astype(np.int64)
    low, high = int(values.min()), int(values.max())
    width = max(1, -(-(high - low + 1) // max(1, bins)))
    count = (high - low) // width + 1
    index = (values - low) // width
    chosen = mask[known]
    return Histogram(
        low + np.arange(count + 1, dtype=np.int64) * width,
        np.bincount(index, minlength=count).astype(np.int64),
        np.bincount(index[chosen], minlength=count).astype(np.int64),
        missing,
        subset_missing,
    )
