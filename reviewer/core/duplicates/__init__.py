"""Likely duplicates: the same story brought several times by aggregated feeds.

Two items are likely duplicates when they share a URL (originalUrl or webUrl, either way round,
after :func:`~.similarity.normalize_url`), or when their titles are near-identical
(:func:`~.similarity.normalize_title`, then rapidfuzz's ``token_sort_ratio`` >=
``title_threshold``) *and* they come from different providers (or one has none) *and* they were
published within ``days`` of each other. When either date is missing the titles must score
``undated_threshold`` or more. Titles of fewer than :data:`MIN_TITLE_WORDS` words never match by
title, and neither do titles whose numbers differ (:func:`~.similarity.numbers_differ`: both
have numbers, dates count as theirs, and either the titles are the same words around other
numbers or neither's numbers are all among the other's): "Power Apps Every Day (2021-06-04)"
and "(2021-06-05)" are issues of a series, not one story told twice, while "exposes 38 million
records" and "38M records exposed" still match. Groups are the connected components of those
pairs.

Speed: titles are normalized once with their words sorted, so rapidfuzz's plain ``ratio`` (C++)
gives ``token_sort_ratio`` without sorting again per pair. A ratio of c percent is impossible
between strings whose lengths differ by more than a factor (200 - c) / c (1.22 at 90), so titles
are kept ordered by length, and each title is compared in one rapidfuzz call with the slice of
compatible lengths only: in its own time block (``days`` wide) and the next for dated items,
among all items for undated ones. A whole rebuild scores a block's titles with
``process.cdist`` a few hundred at a time on both CPUs (``similarity.block_pairs``), skips
the pairs of a provider's own titles before scoring them, and sets aside the pairs of one
provider or too far apart in time in arrays; it links exactly the pairs, in the order and
with the scores, that one call per item gives. URL matches go through a dict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from math import floor
from typing import TYPE_CHECKING, TypeAlias

from reviewer.core.duplicates.similarity import (
    HAVE_NUMPY,
    TitleNumbers,
    TitlePool,
    block_pairs,
    compact,
    normalize_title,
    normalize_url,
    numbers_differ,
    timestamp,
    title_numbers,
)

if TYPE_CHECKING:
    from reviewer.core.article import Article

Key: TypeAlias = int | str
#: One item as plain values: key, title, originalUrl, webUrl, provider, published_at
#: (``DupInput``'s fields, in order: cheap to pickle to another process).
InputRow: TypeAlias = tuple[Key, str, str, str, str, "dt.datetime | None"]
#: One item as the index compares it: key, ordinal, normalized title, the title's numbers
#: (stem, ordered, counted), timestamp, provider, URLs ((normalized URL, field) pairs).
EntryRow: TypeAlias = tuple[
    Key,
    int,
    str,
    tuple[str, tuple[str, ...], tuple[str, ...]],
    "float | None",
    str,
    tuple[tuple[str, str], ...],
]
#: A direct match: the two keys, the URL fields they share, their titles' score (or None).
LinkRow: TypeAlias = tuple[Key, Key, tuple[str, ...], "float | None"]


@dataclass(frozen=True, slots=True)
class IndexState:
    """A :class:`DuplicateIndex` as plain values (``DuplicateIndex.state``), to build it in
    another process and restore it here (``DuplicateIndex.from_state``) without comparing
    or normalizing anything again. ``groups`` (each group's keys in input order) and
    ``links`` alone are its answers: ``DuplicateGroups.from_state`` keeps only them."""

    cutoff: float
    strict: float
    window: float
    next: int
    entries: list[EntryRow]
    links: list[LinkRow]
    groups: list[tuple[Key, ...]]


#: Titles with fewer words than this never match by title (too generic: "Power Apps").
MIN_TITLE_WORDS = 3
#: A URL more items than this share identifies none of them (a feed's home page or a
#: placeholder); linking every pair of its items would also cost memory quadratic in them.
MAX_URL_SHARERS = 20
#: Why an item is in a group without matching the given one directly.
INDIRECT = "similar to a similar item"
_DAY = 86400.0


@dataclass(frozen=True, slots=True)
class DupInput:
    """What duplicate detection needs to know about one item."""

    key: Key
    title: str = ""
    original_url: str = ""
    web_url: str = ""
    provider: str = ""
    published_at: dt.datetime | None = None

    @classmethod
    def from_article(cls, key: Key, article: Article) -> DupInput:
        """The input for ``article`` (an unreadable article has nothing to match on)."""
        return cls(
            key,
            article.title,
            article.original_url,
            article.web_url,
            article.provider_name or article.provider_domain,
            article.published_at,
        )

    def row(self) -> InputRow:
        """These values as a plain row (what another process is sent; ``DupInput(*row)``
        makes the input again)."""
        return (
            self.key,
            self.title,
            self.original_url,
            self.web_url,
            self.provider,
            self.published_at,
        )


@dataclass(frozen=True)
class Groups:
    """Groups of likely duplicates (two members or more).

    ``group_of`` maps a key to its group id, ``members`` a group id to its keys (in input
    order), ``reasons`` a key to each partner it matches directly and why ("same originalUrl",
    "similar title (93%)"). Ids are numbered from 0 in input order and hold only within this
    value. Keys in no group are in none of the mappings.
    """

    group_of: dict[Key, int] = field(default_factory=dict)
    members: dict[int, list[Key]] = field(default_factory=dict)
    reasons: dict[Key, dict[Key, str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.members)

    def is_duplicate(self, key: Key) -> bool:
        """True when ``key`` belongs to a group."""
        return key in self.group_of

    def similar(self, key: Key) -> list[tuple[Key, str]]:
        """The other members of ``key``'s group with a reason each, direct matches first."""
        if key not in self.group_of:
            return []
        direct = self.reasons.get(key, {})
        others = [k for k in self.members[self.group_of[key]] if k != key and k not in direct]
        return [*direct.items(), *((k, INDIRECT) for k in others)]


def find_duplicates(
    items: Sequence[DupInput],
    *,
    title_threshold: float = 90,
    days: float = 3,
    undated_threshold: float = 97,
) -> Groups:
    """Group likely duplicates among ``items`` (a later item with the same key replaces one)."""
    index = DuplicateIndex(
        title_threshold=title_threshold, days=days, undated_threshold=undated_threshold
    )
    index.add(items)
    return index.groups()


_NO_URLS: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Link:
    """Why two items match: URL fields shared ("originalUrl", "webUrl", "URL") and title score.

    ``urls`` is one shared empty frozenset until a URL is shared (most links are by title
    alone: no empty set per link)."""

    urls: frozenset[str] = _NO_URLS
    score: float | None = None

    def text(self) -> str:
        return _reason(self.urls, self.score)


def _reason(urls: Iterable[str], score: float | None) -> str:
    """Why two items match, said: the URL fields they share, then their titles' score."""
    fields = set(urls)
    said = [f for f in ("originalUrl", "webUrl") if f in fields]
    parts = [f"same {' and '.join(said)}"] if said else ["same URL"] if fields else []
    if score is not None:
        parts.append(f"similar title ({floor(score)}%)")
    return ", ".join(parts)


@dataclass(frozen=True, slots=True, eq=False)
class _Entry:
    """One item as compared: normalized once."""

    key: Key
    ordinal: int  # input order, kept when the item is updated
    title: str  # normalized, words sorted; "" when it cannot match by title
    numbers: TitleNumbers  # the title's numbers and dates, to tell a series apart
    ts: float | None
    provider: str
    urls: tuple[tuple[str, str], ...]  # (normalized URL, "originalUrl", "webUrl" or "both")

    def same_as(self, other: _Entry) -> bool:
        mine = (self.title, self.numbers, self.ts, self.provider, self.urls)
        return mine == (other.title, other.numbers, other.ts, other.provider, other.urls)


class DuplicateIndex:
    """Duplicate detection kept up to date as items are added, changed and removed.

    With n items, w of them in a ``days``-wide time block and u undated:

    - ``add(items)`` of k items: when k >= n / 2, one pass over everything that compares each
      pair at most once: O(n log n) plus one rapidfuzz call per item over the titles of
      compatible length in its block and the next; otherwise k calls to ``update``.
    - ``update(item)``: list insertions and removals (O(n) memmove at worst) plus rapidfuzz
      calls over the compatible titles in three blocks (about 3w) and the u undated ones; an
      undated item is compared with all n. Nothing is recomputed when its title, date,
      provider and URLs are unchanged.
    - ``group_of(key)``: a walk over that key's group only; ``groups()``: O(n + links).
    """

    def __init__(
        self,
        items: Iterable[DupInput] = (),
        *,
        title_threshold: float = 90,
        days: float = 3,
        undated_threshold: float = 97,
    ) -> None:
        if not (0 <= title_threshold <= 100 and 0 <= undated_threshold <= 100 and days >= 0):
            raise ValueError("thresholds must be within 0..100 and days not negative")
        self.cutoff = float(title_threshold)
        self.strict = float(max(title_threshold, undated_threshold))
        self.window = days * _DAY
        self._width = max(self.window, 1.0)
        self._entries: dict[Key, _Entry] = {}
        self._links: dict[Key, dict[Key, _Link]] = {}
        self._urls: dict[str, dict[Key, str]] = {}
        self._blocks: dict[int, TitlePool[_Entry]] = {}
        self._dated: TitlePool[_Entry] = TitlePool()
        self._undated: TitlePool[_Entry] = TitlePool()
        self._next = 0
        self.add(items)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def add(self, items: Iterable[DupInput]) -> None:
        """Add items (or replace those whose key is already here)."""
        latest = {item.key: item for item in items}
        if not latest:
            return
        if len(latest) * 2 < len(self._entries):
            for item in latest.values():
                self.update(item)
            return
        seen: dict[str, str | None] = {}  # URLs normalized: many items share some
        for item in latest.values():
            old = self._entries.get(item.key)
            self._entries[item.key] = self._entry(item, old.ordinal if old else None, seen)
        self._rebuild()

    def update(self, item: DupInput) -> None:
        """Add ``item``, or recompute its matches when its key is already here."""
        old = self._entries.get(item.key)
        entry = self._entry(item, old.ordinal if old else None)
        if old is not None:
            if old.same_as(entry):
                return
            self._forget(old)
        self._entries[item.key] = entry
        self._index(entry)
        for url, label in entry.urls:
            sharing = self._urls[url]
            if len(sharing) > MAX_URL_SHARERS:
                continue  # not an item's own URL: a home page or a placeholder
            for other, other_label in sharing.items():
                if other != entry.key:
                    link = self._link(entry.key, other)
                    link.urls = link.urls | _shared(label, other_label)
        self._keep(entry, self._title_matches(entry))

    def remove(self, key: Key) -> None:
        """Forget ``key`` (nothing happens when it is not here)."""
        old = self._entries.pop(key, None)
        if old is not None:
            self._forget(old)

    def state(self) -> IndexState:
        """This index as plain values (each link once), for ``from_state``."""
        entries: list[EntryRow] = [
            (e.key, e.ordinal, e.title, tuple(e.numbers), e.ts, e.provider, e.urls)  # type: ignore[misc]
            for e in self._entries.values()
        ]
        links: list[LinkRow] = []
        done: set[Key] = set()
        for a, partners in self._links.items():
            for b, link in partners.items():
                if b not in done:
                    links.append((a, b, tuple(sorted(link.urls)), link.score))
            done.add(a)
        groups = [tuple(members) for members in self._group_lists()]
        return IndexState(self.cutoff, self.strict, self.window, self._next, entries, links, groups)

    @classmethod
    def from_state(cls, state: IndexState) -> DuplicateIndex:
        """The index ``state`` describes (as ``state()`` gave it): no title is compared."""
        index = cls(
            title_threshold=state.cutoff,
            days=state.window / _DAY,
            undated_threshold=state.strict,
        )
        index._next = state.next
        for key, ordinal, title, numbers, ts, provider, urls in state.entries:
            index._entries[key] = _Entry(
                key, ordinal, title, TitleNumbers._make(numbers), ts, provider, urls
            )
        index._index_entries()
        shared: dict[tuple[str, ...], frozenset[str]] = {(): _NO_URLS}
        links = index._links
        for a, b, fields, score in state.links:
            said = shared.get(fields)
            if said is None:
                said = shared[fields] = frozenset(fields)
            link = _Link(said, score)
            links.setdefault(a, {})[b] = link
            links.setdefault(b, {})[a] = link
        return index

    def is_duplicate(self, key: Key) -> bool:
        """True when ``key`` matches at least one other item."""
        return bool(self._links.get(key))

    def grouped(self) -> frozenset[Key]:
        """The keys in a group (without making every group's reasons: ``groups``)."""
        return frozenset(key for key, partners in self._links.items() if partners)

    def partners(self, key: Key) -> dict[Key, str]:
        """The items ``key`` matches directly, with the reason for each."""
        return {k: link.text() for k, link in self._links.get(key, {}).items()}

    def group_of(self, key: Key) -> list[Key]:
        """The keys of ``key``'s group in input order, itself included ([] when alone)."""
        if not self._links.get(key):
            return []
        seen = {key}
        todo = [key]
        while todo:
            for other in self._links[todo.pop()]:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return sorted(seen, key=lambda k: self._entries[k].ordinal)

    def groups(self) -> Groups:
        """All groups, as one :class:`Groups` value."""
        return _groups(self._group_lists(), self.partners)

    def _group_lists(self) -> list[list[Key]]:
        """Each group's keys in input order, the groups in their first member's order."""
        found: list[list[Key]] = []
        seen: set[Key] = set()
        for key in self._entries:
            if key not in seen and self._links.get(key):
                found.append(self.group_of(key))
                seen.update(found[-1])
        return found

    # -- building --------------------------------------------------------------------------

    def _entry(
        self, item: DupInput, ordinal: int | None, seen: dict[str, str | None] | None = None
    ) -> _Entry:
        """``item`` normalized (``seen``: URLs already normalized, kept there)."""
        if ordinal is None:
            ordinal, self._next = self._next, self._next + 1
        normalized = normalize_title(item.title, item.provider)
        words = normalized.split()
        urls: dict[str, str] = {}
        original = _normalized_url(item.original_url, seen)
        web = original if item.web_url == item.original_url else _normalized_url(item.web_url, seen)
        if original is not None:
            urls[original] = "originalUrl"
        if web is not None:
            urls[web] = "both" if web in urls else "webUrl"
        return _Entry(
            item.key,
            ordinal,
            " ".join(sorted(words)) if len(words) >= MIN_TITLE_WORDS else "",
            title_numbers(normalized),
            timestamp(item.published_at),
            compact(item.provider),
            tuple(urls.items()),
        )

    def _block(self, ts: float) -> int:
        return floor(ts / self._width)

    def _index(self, entry: _Entry) -> None:
        for url, label in entry.urls:
            self._urls.setdefault(url, {})[entry.key] = label
        if not entry.title:
            return
        if entry.ts is None:
            self._undated.insert(entry.title, entry)
        else:
            self._dated.insert(entry.title, entry)
            self._blocks.setdefault(self._block(entry.ts), TitlePool()).insert(entry.title, entry)

    def _forget(self, entry: _Entry) -> None:
        for url, _ in entry.urls:
            sharing = self._urls[url]
            del sharing[entry.key]
            if not sharing:
                del self._urls[url]
        if entry.title and entry.ts is None:
            self._undated.remove(entry.title, entry)
        elif entry.title and entry.ts is not None:
            self._dated.remove(entry.title, entry)
            block = self._block(entry.ts)
            self._blocks[block].remove(entry.title, entry)
            if not self._blocks[block]:
                del self._blocks[block]
        for other in self._links.pop(entry.key, {}):
            del self._links[other][entry.key]
            if not self._links[other]:
                del self._links[other]

    def _link(self, a: Key, b: Key) -> _Link:
        link = self._links.setdefault(a, {}).get(b)
        if link is None:
            link = self._links[a][b] = self._links.setdefault(b, {})[a] = _Link()
        return link

    def _rebuild(self) -> None:
        """Recompute every match, comparing each pair of items at most once."""
        self._links.clear()
        self._urls.clear()
        self._blocks.clear()
        self._index_entries()
        self._link_shared_urls()
        self._match_titles()

    def _index_entries(self) -> None:
        """Who has which URL, and the title pools: undated, dated, and dated by block."""
        dated: list[tuple[str, _Entry]] = []
        undated: list[tuple[str, _Entry]] = []
        by_block: dict[int, list[tuple[str, _Entry]]] = {}
        urls, width = self._urls, self._width  # names looked up once: 100,000 items
        for entry in self._entries.values():
            for url, label in entry.urls:
                sharing = urls.get(url)
                if sharing is None:
                    urls[url] = {entry.key: label}
                else:
                    sharing[entry.key] = label
            if not entry.title:
                continue
            if entry.ts is None:
                undated.append((entry.title, entry))
                continue
            pair = (entry.title, entry)
            dated.append(pair)
            block = by_block.get(k := floor(entry.ts / width))  # _block(entry.ts)
            if block is None:
                by_block[k] = [pair]
            else:
                block.append(pair)
        self._dated, self._undated = TitlePool(dated), TitlePool(undated)
        self._blocks = {k: TitlePool(pairs) for k, pairs in by_block.items()}

    def _link_shared_urls(self) -> None:
        """Link every two items that share a URL, unless too many items share it."""
        for sharing in self._urls.values():
            if len(sharing) > MAX_URL_SHARERS:
                continue  # not an item's own URL: a home page or a placeholder
            pairs = list(sharing.items())
            for i, (a, label_a) in enumerate(pairs):
                for b, label_b in pairs[i + 1 :]:
                    link = self._link(a, b)
                    link.urls = link.urls | _shared(label_a, label_b)

    def _match_titles(self) -> None:
        """Link the items with alike titles: dated ones within reach, undated ones with all."""
        # Within a block and with the next one: a block is `days` wide, so every dated pair
        # within `days` is in one block or two neighbouring ones.
        if not HAVE_NUMPY or self.cutoff <= 0 or not self._blocks:
            self._match_dated_by_scans()
        else:
            self._match_dated_by_blocks()
        for i, entry in enumerate(self._undated.items):
            _, hi = self._undated.span(len(entry.title), self.strict)
            found = self._undated.scan(entry.title, i + 1, hi, self.strict)
            found += self._dated.matches(entry.title, self.strict)
            self._keep(entry, found)

    def _match_dated_by_blocks(self) -> None:
        """``_match_dated_by_scans``'s links, in the same order, with titles scored a block
        at a time (``block_pairs``) and pairs of one provider, too far apart in time, or
        without a number each set aside in arrays before any is looked at in Python."""
        import numpy  # only here: see similarity.HAVE_NUMPY

        providers: dict[str, int] = {"": -1}
        for k, block in self._blocks.items():
            after = self._blocks.get(k + 1)
            items = block.items + after.items if after is not None else block.items
            provider = numpy.asarray(
                [providers.setdefault(e.provider, len(providers)) for e in items], numpy.intp
            )
            ts = numpy.asarray([e.ts for e in items], numpy.float64)
            numbered = numpy.asarray([bool(e.numbers.ordered) for e in items], numpy.bool_)
            rows, cols, scores = block_pairs(
                block, after, self.cutoff, provider.tolist(), ts.tolist(), self.window
            )
            ok = ((provider[rows] < 0) | (provider[rows] != provider[cols])) & (
                numpy.abs(ts[rows] - ts[cols]) <= self.window
            )
            check = numbered[rows] & numbered[cols]
            for i, j, score, numbers in zip(
                rows[ok].tolist(),
                cols[ok].tolist(),
                scores[ok].tolist(),
                check[ok].tolist(),
                strict=True,
            ):
                a, b = items[i], items[j]
                if not numbers or not numbers_differ(a.numbers, b.numbers):
                    self._link(a.key, b.key).score = score

    def _match_dated_by_scans(self) -> None:
        """Link the dated items with alike titles: one rapidfuzz call per item."""
        for k, block in self._blocks.items():
            after = self._blocks.get(k + 1)
            for i, entry in enumerate(block.items):
                _, hi = block.span(len(entry.title), self.cutoff)
                found = block.scan(entry.title, i + 1, hi, self.cutoff)
                if after is not None:
                    found += after.matches(entry.title, self.cutoff)
                self._keep(entry, found)

    def _title_matches(self, entry: _Entry) -> list[tuple[_Entry, float]]:
        if not entry.title:
            return []
        found = self._undated.matches(entry.title, self.strict)
        if entry.ts is None:
            return found + self._dated.matches(entry.title, self.strict)
        k = self._block(entry.ts)
        for block in filter(None, map(self._blocks.get, (k - 1, k, k + 1))):
            found += block.matches(entry.title, self.cutoff)
        return found

    def _keep(self, entry: _Entry, found: list[tuple[_Entry, float]]) -> None:
        for other, score in found:
            if self._may_pair(entry, other):
                self._link(entry.key, other.key).score = score

    def _may_pair(self, a: _Entry, b: _Entry) -> bool:
        if a.key == b.key or (a.provider and a.provider == b.provider):
            return False
        if numbers_differ(a.numbers, b.numbers):
            return False  # items of a series: one title, another date or number
        return a.ts is None or b.ts is None or abs(a.ts - b.ts) <= self.window


class DuplicateGroups:
    """A :class:`DuplicateIndex`'s answers without the index: its groups and their links.

    What a window shows of the duplicates (who is in a group, the group's other members,
    the reason of each direct match) needs none of the entries nor the title pools that
    comparing again needs: a warm reopen restores this from the folder's store (a few
    objects per group: nothing per item outside one) and builds the index only when an
    item changes. It answers as the index it was taken from (``from_state``) does, and
    changes never: a changed item needs the index.
    """

    __slots__ = ("_group_of", "_links", "_members")

    def __init__(self, groups: Iterable[Sequence[Key]], links: Iterable[LinkRow]) -> None:
        """``groups``: each group's keys in input order; ``links``: each direct match once
        (``IndexState.groups`` and ``links``). KeyError or ValueError when a link is not
        within a group."""
        self._members: list[tuple[Key, ...]] = [tuple(members) for members in groups]
        self._group_of: dict[Key, int] = {
            key: gid for gid, members in enumerate(self._members) for key in members
        }
        self._links: list[list[LinkRow]] = [[] for _ in self._members]
        for link in links:
            gid = self._group_of[link[0]]
            if self._group_of[link[1]] != gid:
                raise ValueError(f"a link across two groups: {link[:2]}")
            self._links[gid].append(link)

    @classmethod
    def from_state(cls, state: IndexState) -> DuplicateGroups:
        """The answers of the index ``state`` describes (its entries are not looked at)."""
        return cls(state.groups, state.links)

    def is_duplicate(self, key: Key) -> bool:
        """True when ``key`` matches at least one other item."""
        return key in self._group_of

    def grouped(self) -> frozenset[Key]:
        """The keys in a group."""
        return frozenset(self._group_of)

    def partners(self, key: Key) -> dict[Key, str]:
        """The items ``key`` matches directly, with the reason for each."""
        gid = self._group_of.get(key)
        if gid is None:
            return {}
        found: dict[Key, str] = {}
        for a, b, urls, score in self._links[gid]:
            if key in (a, b):
                found[b if a == key else a] = _reason(urls, score)
        return found

    def group_of(self, key: Key) -> list[Key]:
        """The keys of ``key``'s group in input order, itself included ([] when alone)."""
        gid = self._group_of.get(key)
        return [] if gid is None else list(self._members[gid])

    def groups(self) -> Groups:
        """All groups, as one :class:`Groups` value."""
        return _groups(self._members, self.partners)


def _groups(lists: Iterable[Sequence[Key]], partners: Callable[[Key], dict[Key, str]]) -> Groups:
    """The :class:`Groups` of these groups' keys, with each key's ``partners``."""
    result = Groups()
    for gid, members in enumerate(lists):
        result.members[gid] = list(members)
        for member in members:
            result.group_of[member] = gid
            result.reasons[member] = partners(member)
    return result


def _normalized_url(url: str, seen: dict[str, str | None] | None) -> str | None:
    """``normalize_url(url)``, looked up in ``seen`` first and kept there."""
    if seen is None:
        return normalize_url(url)
    if url in seen:
        return seen[url]
    normalized = seen[url] = normalize_url(url)
    return normalized


def _shared(label_a: str, label_b: str) -> frozenset[str]:
    """The URL fields two items share, given where each has the URL ("URL": crosswise)."""
    fields_a = {"originalUrl", "webUrl"} if label_a == "both" else {label_a}
    fields_b = {"originalUrl", "webUrl"} if label_b == "both" else {label_b}
    return frozenset((fields_a & fields_b) or {"URL"})
