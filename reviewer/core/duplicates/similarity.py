"""Comparable forms of URLs, titles and dates, and length-bounded title scans (rapidfuzz).

Helpers for :mod:`reviewer.core.duplicates`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.util import find_spec
from math import ceil, floor
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeAlias, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from collections.abc import Iterator

    import numpy
    import numpy.typing as npt

#: True when numpy is installed: rapidfuzz's ``process.cdist`` (both CPUs, one call for many
#: titles: ``block_pairs``) needs it. It is imported only when titles are scored so (a window
#: that restores its groups never imports it).
HAVE_NUMPY = find_spec("numpy") is not None

#: Query parameters that only track a click; dropped before comparing URLs (with ``utm_*``).
TRACKING_PARAMS = frozenset(
    {
        *("fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid"),
        *("igshid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "ocid"),
    }
)
_WORDS = re.compile(r"[\W_]+")
_SUFFIX = re.compile(r"\s+[|\-–—]\s+([^|\-–—]+?)\s*$")
#: A number written with thousands separators: 10,000 is one number, as 10000 is.
_THOUSANDS = re.compile(r"(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])")
_DIGITS = re.compile(r"\d+")
#: Month names, full and short, with their numbers: a date in words counts as its numbers.
_MONTH_NAMES = (
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
)
_MONTHS = {
    **{name: str(number) for number, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3]: str(number) for number, name in enumerate(_MONTH_NAMES, 1)},
    "sept": "9",
}

T = TypeVar("T")


def normalize_url(url: str) -> str | None:
    """A comparable form of ``url``, or None when it cannot identify a story.

    Scheme and host are lowercased, http and https are the same, and ``www.``, default ports,
    user info, the fragment, a trailing slash and tracking parameters (``utm_*``,
    :data:`TRACKING_PARAMS`) are dropped; other parameters are kept, sorted. A URL without a
    dotted host, or a site's bare home page, gives None.
    """
    text = url.strip()
    if not text:
        return None
    if "://" not in text and not text.startswith("//"):
        text = "//" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if "." not in host:
        return None
    host = host.removeprefix("www.")
    scheme = parts.scheme.lower()
    if scheme in ("", "http", "https"):
        scheme = "http"
        port = None if port in (80, 443) else port
    path = parts.path.rstrip("/")
    query = sorted(
        (name, value)
        for name, value in (parse_qsl(parts.query, keep_blank_values=True) if parts.query else ())
        if not name.lower().startswith("utm_") and name.lower() not in TRACKING_PARAMS
    )
    if not path and not query:
        return None
    netloc = host if port is None else f"{host}:{port}"
    return f"{scheme}://{netloc}{path}" + (f"?{urlencode(query)}" if query else "")


def normalize_title(title: str, provider: str = "") -> str:
    """``title`` casefolded, without accents or punctuation, spaces collapsed.

    A trailing " - Provider" or " | Provider" naming ``provider`` (its name, its domain, or
    the domain without its ending) is dropped first, as feeds often append it.
    """
    match = _SUFFIX.search(title)
    if match and match.start() > 0 and provider:
        names = {compact(provider), compact(provider.rsplit(".", 1)[0])}
        tail = match.group(1)
        if names & ({compact(tail), compact(tail.rsplit(".", 1)[0])} - {""}):
            title = title[: match.start()]
    plain = title.casefold()
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    if "," in plain:
        plain = _THOUSANDS.sub(lambda m: m.group().replace(",", ""), plain)
    return _WORDS.sub(" ", plain).strip()


class TitleNumbers(NamedTuple):
    """A title's numbers: what tells the items of a series apart (``title_numbers``)."""

    #: The title's other words, in order: the series' title.
    stem: str
    #: The numbers in the order written, as digits without leading zeros.
    ordered: tuple[str, ...]
    #: The same, sorted (for titles that say the same numbers in another order).
    counted: tuple[str, ...]


#: The numbers of a title that has none.
NO_NUMBERS = TitleNumbers("", (), ())


def title_numbers(normalized: str) -> TitleNumbers:
    """The numbers of a normalized title (``normalize_title``): each run of digits (``38m``
    is 38, ``2nd`` is 2, ``06`` is 6), and a month name next to a number as its number, so
    a date counts the same in any form ("2021-06-04", "June 4, 2021").

    Titles that differ only in these are a series (issues of a newsletter, parts, versions),
    not the same story: see ``numbers_differ``.
    """
    if not _DIGITS.search(normalized):
        return NO_NUMBERS
    words = normalized.split()
    runs = [_word_numbers(word) for word in words]  # () for a word without digits
    last = len(words) - 1
    ordered: list[str] = []
    stem: list[str] = []
    for i, word in enumerate(words):
        if runs[i]:
            ordered.extend(runs[i])
            continue
        month = _MONTHS.get(word)
        if month is not None and ((i > 0 and runs[i - 1]) or (i < last and runs[i + 1])):
            ordered.append(month)
        else:
            stem.append(word)
    return TitleNumbers(" ".join(stem), tuple(ordered), tuple(sorted(ordered)))


@lru_cache(maxsize=1 << 16)
def _word_numbers(word: str) -> tuple[str, ...]:
    """The runs of digits of one word of a normalized title, without leading zeros (a word
    recurs in many titles: each is read once)."""
    if word.isalpha():  # letters alone: no digit (most words)
        return ()
    return tuple(run.lstrip("0") or "0" for run in _DIGITS.findall(word))


def numbers_differ(a: TitleNumbers, b: TitleNumbers) -> bool:
    """True when two titles' numbers (``title_numbers``) say they are different items: both
    have numbers, and either the titles are the same words around other numbers, or neither
    title's numbers are all among the other's (counted with repeats).

    "(2021-06-04)" differs from "(2021-06-05)" and from "(2021-04-06)"; "exposes 38 million
    records" and "38M records exposed in 47 apps" do not (one only adds a number), nor does a
    title without numbers, nor "3 big announcements at Build 2022" and "Build 2022: 3 big
    announcements".
    """
    if not a.ordered or not b.ordered or a.ordered == b.ordered:
        return False
    if a.stem == b.stem:
        return True  # the same title but for its numbers: a series
    return not (_within(a.counted, b.counted) or _within(b.counted, a.counted))


def _within(small: tuple[str, ...], large: tuple[str, ...]) -> bool:
    """True when every number of ``small`` is in ``large`` as often (both sorted)."""
    if len(small) > len(large):
        return False
    i = 0
    for number in large:
        if i < len(small) and small[i] == number:
            i += 1
    return i == len(small)


def compact(text: str) -> str:
    """``text`` casefolded with everything but letters and digits removed (and a leading www)."""
    return _WORDS.sub("", text.casefold()).removeprefix("www")


def timestamp(value: dt.datetime | None) -> float | None:
    """Seconds since the epoch; a date without a zone is taken as UTC."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    try:
        return value.timestamp()
    except (OverflowError, ValueError, OSError):
        return None


def length_span(length: int, cutoff: float) -> tuple[int, int]:
    """The least and greatest lengths a string can have to score ``cutoff`` with ``fuzz.ratio``
    against a string of ``length`` characters.

    ``ratio`` is 100 * (1 - indel distance / total length), and the distance is at least the
    difference in length, so a score of c needs the longer at most (200 - c) / c times the
    shorter.
    """
    if cutoff <= 0:
        return 0, 1 << 62
    factor = (200 - cutoff) / cutoff
    return ceil(length / factor - 1e-9), floor(length * factor + 1e-9)


class TitlePool(Generic[T]):
    """Items with their titles, ordered by title length, for length-bounded rapidfuzz scans."""

    __slots__ = ("items", "lengths", "titles")

    def __init__(self, pairs: Iterable[tuple[str, T]] = ()) -> None:
        ordered = sorted(pairs, key=lambda pair: len(pair[0]))
        self.titles = [title for title, _ in ordered]
        self.items = [item for _, item in ordered]
        self.lengths = [len(title) for title in self.titles]

    def __len__(self) -> int:
        return len(self.items)

    def insert(self, title: str, item: T) -> None:
        """Add ``item`` with ``title``."""
        i = bisect_right(self.lengths, len(title))
        self.titles.insert(i, title)
        self.items.insert(i, item)
        self.lengths.insert(i, len(title))

    def remove(self, title: str, item: T) -> None:
        """Remove ``item``, added with ``title`` (ValueError when it is not here)."""
        i = bisect_left(self.lengths, len(title))
        end = bisect_right(self.lengths, len(title))
        while i < end and self.items[i] is not item:
            i += 1
        if i == end:
            raise ValueError("not in the pool")
        del self.titles[i], self.items[i], self.lengths[i]

    def span(self, length: int, cutoff: float) -> tuple[int, int]:
        """The index range of the titles whose length allows a ratio of ``cutoff``."""
        low, high = length_span(length, cutoff)
        return bisect_left(self.lengths, low), bisect_right(self.lengths, high)

    def scan(self, title: str, lo: int, hi: int, cutoff: float) -> list[tuple[T, float]]:
        """The items in ``[lo, hi)`` whose title scores ``cutoff`` or more against ``title``."""
        if lo >= hi:
            return []
        found = process.extract(
            title, self.titles[lo:hi], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
        return [(self.items[lo + i], score) for _, score, i in found]

    def matches(self, title: str, cutoff: float) -> list[tuple[T, float]]:
        """Every item whose title scores ``cutoff`` or more against ``title``."""
        return self.scan(title, *self.span(len(title), cutoff), cutoff)


#: The most scores one ``process.cdist`` call of ``block_pairs`` makes (float64: 8 MB), and
#: the most titles it scores at once.
MAX_CELLS = 1 << 20
MAX_ROWS = 256
#: The threads (C++, without the interpreter lock) ``block_pairs`` scores with.
SCORE_WORKERS = 2
#: The parts, by time, a block's titles are scored against the next block's in: each part
#: with the titles within reach of its latest only.
TIME_SLICES = 8
#: A kind with this many titles in a block or more has its pairs among them left unscored;
#: rarer kinds are scored with everything (one call for many kinds, filtered afterwards).
MIN_KIND = 8

Pairs: TypeAlias = (
    "tuple[npt.NDArray[numpy.intp], npt.NDArray[numpy.intp], npt.NDArray[numpy.float64]]"
)


def block_pairs(
    block: TitlePool[T],
    after: TitlePool[T] | None,
    cutoff: float,
    kinds: Sequence[int],
    times: Sequence[float] | None = None,
    window: float = 0.0,
) -> Pairs:
    """The pairs of titles that score ``cutoff`` (> 0) or more with ``fuzz.ratio``: each
    title of ``block`` with the later ones of ``block`` and with all of ``after``, as arrays
    of rows (indexes in ``block``), columns (indexes in ``block``'s items, then ``after``'s
    after them) and scores, in the order in which ``block.scan`` of the later titles, then
    ``after.matches``, find them title after title (each by score, highest first); but
    pairs of one kind (``kinds``, of the items in that same order: -1 for none) may be left
    out (they are not wanted), and so may the pairs with ``after`` whose times (``times``,
    of the items in that order, when given) are more than ``window`` apart.

    Titles are scored by ``process.cdist`` (``SCORE_WORKERS`` threads), up to ``MAX_ROWS``
    at once, against the titles of compatible lengths (``length_span``) for them; the
    titles of each common kind (``MIN_KIND``) are scored against those of other kinds only.
    """
    if not HAVE_NUMPY or cutoff <= 0:
        raise ValueError("block_pairs needs numpy and a cutoff above 0")
    import numpy  # only here: see HAVE_NUMPY

    size = len(block)
    titles = block.titles + (after.titles if after is not None else [])
    lengths = block.lengths + (after.lengths if after is not None else [])
    kind = numpy.asarray(kinds, dtype=numpy.intp)
    counts = numpy.bincount(kind[:size] + 1, minlength=int(kind.max(initial=-1)) + 2)
    common = counts[kind + 1] >= MIN_KIND
    common &= kind >= 0
    group = numpy.where(common, kind, -1)  # -1: the rare kinds and none, scored with all
    spans = [length_span(n, cutoff) for n in lengths]
    found: list[Pairs] = []
    for g in numpy.unique(group[:size]).tolist():
        rows = numpy.flatnonzero(group[:size] == g).tolist()
        if g < 0:  # with every title of the block and of the next
            own, others = numpy.arange(size), numpy.arange(size, len(titles))
        else:  # with the block's titles of the later common kinds, the next's of other kinds
            own = numpy.flatnonzero(group[:size] > g)
            others = numpy.flatnonzero(kind[size:] != g) + size
        found.extend(_scored(titles, lengths, spans, rows, own.tolist(), cutoff))
        for part, later in _within_reach(rows, others, times, window):
            found.extend(_scored(titles, lengths, spans, part, later, cutoff))
    if not found:
        empty = numpy.zeros(0, dtype=numpy.intp)
        return empty, empty, numpy.zeros(0, dtype=numpy.float64)
    rows = numpy.concatenate([f[0] for f in found])
    cols = numpy.concatenate([f[1] for f in found])
    scores = numpy.concatenate([f[2] for f in found])
    first, second = numpy.minimum(rows, cols), numpy.maximum(rows, cols)
    length = numpy.asarray(lengths, dtype=numpy.intp)[second]
    high = numpy.asarray([high for _, high in spans], dtype=numpy.intp)[first]
    low = numpy.asarray([low for low, _ in spans], dtype=numpy.intp)[first]
    keep = (first < size) & (first < second) & (length >= low) & (length <= high)
    # A pair of two rare titles of the block is scored from either side: keep it once.
    keep &= ~((group[rows] < 0) & (group[cols] < 0) & (cols < size) & (cols < rows))
    first, second, scores = first[keep], second[keep], scores[keep]
    # As ``scan`` gives them (``process.extract``): by title, its block's then the next's,
    # each by score (highest first), then in pool order.
    order = numpy.lexsort((second, -scores, second >= size, first))
    return first[order], second[order], scores[order]


def _within_reach(
    rows: list[int],
    others: npt.NDArray[numpy.intp],
    times: Sequence[float] | None,
    window: float,
) -> Iterator[tuple[list[int], list[int]]]:
    """``rows`` in ``TIME_SLICES`` parts by time, each with the ``others`` (later, in the
    next block) not more than ``window`` after its latest row (with a second to spare:
    the exact test comes after scoring); all with all without ``times``."""
    import numpy  # only here: see HAVE_NUMPY

    if times is None or not rows or not len(others):
        yield rows, others.tolist()
        return
    at = numpy.asarray(times, dtype=numpy.float64)
    mine = numpy.asarray(rows, dtype=numpy.intp)
    row_times = at[mine]
    first, last = float(row_times.min()), float(row_times.max())
    part = ((row_times - first) / ((last - first) or 1.0) * TIME_SLICES).astype(numpy.intp)
    part = numpy.minimum(part, TIME_SLICES - 1)
    other_times = at[others]
    for number in range(TIME_SLICES):
        chosen = part == number
        if chosen.any():
            reach = float(row_times[chosen].max()) + window + 1.0
            yield mine[chosen].tolist(), others[other_times <= reach].tolist()


def _scored(
    titles: list[str],
    lengths: list[int],
    spans: list[tuple[int, int]],
    rows: list[int],
    columns: list[int],
    cutoff: float,
) -> Iterator[Pairs]:
    """The pairs of these rows and columns (indexes of ``titles``, in length order) that
    score ``cutoff`` or more, as rows, columns and scores; a few rows at a time, against the
    columns of compatible lengths only."""
    import numpy  # only here: see HAVE_NUMPY

    column_lengths = [lengths[c] for c in columns]
    index = numpy.asarray(columns, dtype=numpy.intp)
    start = 0
    while start < len(rows):
        end = min(len(rows), start + MAX_ROWS)
        lo = bisect_left(column_lengths, spans[rows[start]][0])
        hi = bisect_right(column_lengths, spans[rows[end - 1]][1], lo)
        while end - start > 1 and (end - start) * (hi - lo) > MAX_CELLS:
            end = start + (end - start) // 2
            hi = bisect_right(column_lengths, spans[rows[end - 1]][1], lo)
        if hi > lo:
            scores = process.cdist(
                [titles[r] for r in rows[start:end]],
                [titles[c] for c in columns[lo:hi]],
                scorer=fuzz.ratio,
                score_cutoff=cutoff,
                dtype=numpy.float64,
                workers=SCORE_WORKERS,
            )
            at, to = numpy.nonzero(scores)
            yield (
                numpy.asarray(rows[start:end], dtype=numpy.intp)[at],
                index[lo + to],
                scores[at, to],
            )
        start = end
