"""The consistency report of one collection: what is wrong across its files, learnt from them.

``report(articles)`` looks at light articles (full ones are made light first, so a report
is the same whichever the caller holds) and reads no file. What is usual is learnt from the
collection itself: its schema (``core/schema.py``, from the files' shapes and summaries)
says which fields nearly every file has, which type each holds and which keys are common;
a file that departs from that is a finding. Other findings are about single values: text
garbled by a wrong encoding (repaired with ftfy), addresses, image entries, old unpublished
items, and items that share a URL (``core/duplicates``). ``kinds.KINDS`` lists them all.

With a site, each file is looked at as Jekyll sees it: its front matter merged over what it
inherits from ``_config.yml``'s defaults (an inherited value is present).

The work is linear in the files: findings that depend only on a file's shape (missing,
misspelt and type) are worked out once per distinct shape, and most files of a collection
share a few shapes; the per-value checks skip ASCII text (no mojibake) and well-formed
http(s) addresses at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.distance import OSA

from reviewer.core import fields, shape
from reviewer.core.article import Article, light
from reviewer.core.collector import collector_paused
from reviewer.core.dates import DateStyle, to_datetime
from reviewer.core.duplicates import DupInput, find_duplicates
from reviewer.core.fields import Kind
from reviewer.core.frontmatter.values import MISSING
from reviewer.core.images import Local, Refused, image_refs, resolve
from reviewer.core.report.kinds import KIND_NAMES, Finding
from reviewer.core.schema import PathInfo, Schema, SchemaBuilder
from reviewer.core.shape import KeyPath, Shape, shape_of
from reviewer.core.site import Inherited, Site, effective

#: A field at least this share of the files has is *common*: a file without it is missing it
#: (the news corpus: webUrl, 98%, is; images, 92%, an item may lack).
MISSING_SHARE = 0.95
#: A file without more than this share of the common fields (and more than OTHER_KIND_MIN
#: of them) is of another kind (a newsletter in a folder of news items, a page among
#: posts), not one missing them all.
OTHER_KIND_SHARE = 1 / 3
OTHER_KIND_MIN = 3
#: A type (or a date format) at least this share of a field's values has is the usual one.
MAJORITY_SHARE = 0.8
#: Usual types, formats and fields are learnt only from at least this many files.
MIN_FILES = 10
#: A key is misspelt when at most this share of the files has it, and a sibling key that
#: looks alike is held by at least MISSPELT_COMMON_SHARE of them and MISSPELT_RATIO times
#: as many files.
MISSPELT_RARE_SHARE = 0.1
MISSPELT_COMMON_SHARE = 0.5
MISSPELT_RATIO = 5
#: A field whose text values are at least this share http(s) addresses holds addresses.
URL_SHARE = 0.8
#: Unpublished items older than this many days are stale.
STALE_DAYS = 30
#: How often (in files) ``cancelled`` is asked.
_CANCEL_EVERY = 256

#: Value types (``shape.TYPES``) grouped as a reader tells them apart: the three kinds of
#: text are text, a date and a date with a time are a date; nulls and empty lists are no
#: value and have no group.
_GROUPS = {
    shape.TEXT: "text",
    shape.LONG_TEXT: "text",
    shape.URL: "text",
    shape.NUMBER: "number",
    shape.BOOL: "bool",
    shape.DATE: "date",
    shape.DATETIME: "date",
    shape.MAPPING: "mapping",
    shape.TEXT_LIST: "list of text",
    shape.MAPPINGS: "list of mappings",
    shape.OTHER: "other",
}
_SAID = {
    "text": "text",
    "number": "a number",
    "bool": "true or false",
    "date": "a date",
    "mapping": "a mapping",
    "list of text": "a list of text",
    "list of mappings": "a list of mappings",
    "other": "a special value",
}
_SPACE = re.compile(r"\s")
#: Mojibake of UTF-8 holds a lead byte (0xC2-0xF4) read as Windows-1252 or Latin-1 (Â..ô) or
#: as MacRoman (¬ √ ƒ ‚ ...): text without one is not looked at further (ftfy's badness
#: test is a large expression, and most text with non-ASCII letters has curly quotes only).
_LEAD_BYTE = re.compile("[\u00c2-\u00f4\u00ac\u0192\u201a\u221a\u2248\u2206\u00ab\u00bb\u2026]")
_INTEGER = re.compile(r"[-+]?[0-9]+")
#: A URL scheme, as ``urllib.parse.urlsplit`` takes one.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_DECIMAL = re.compile(r"[-+]?[0-9]*\.[0-9]+")
_URL_FIELDS = tuple(f.path for f in fields.FIELDS if f.kind is Kind.URL)
_DATE_FIELDS = frozenset(f.path for f in fields.FIELDS if f.kind is Kind.DATE)
_PUBLISHED_AT = ("publishedDateTime",)


@dataclass(frozen=True)
class Report:
    """A collection's findings, in the order of its files (each file's by kind), with the
    number of each kind (every kind of ``KINDS``, 0 included, in its order) and the schema
    they were judged by. ``complete`` is False when the report was cancelled."""

    findings: tuple[Finding, ...]
    counts_by_kind: dict[str, int]
    schema: Schema
    complete: bool = True
    #: The site paths of addresses looked at, each with what was wrong (None: nothing, the
    #: site holds the file): what the report found on disk, besides the files' values.
    site_paths: tuple[tuple[str, str | None], ...] = ()
    #: The time the report judged stale items at, and the first time after it when another
    #: item turns stale (None: none will): between them its findings hold as they are.
    judged_at: dt.datetime | None = None
    stale_until: dt.datetime | None = None

    def holds_at(self, now: dt.datetime) -> bool:
        """True when the report judged at ``judged_at`` says the same at ``now`` (no item
        turned stale meanwhile) of the same files, in the same site."""
        if self.judged_at is None or now < self.judged_at:
            return False
        return self.stale_until is None or now < self.stale_until

    def of_kind(self, name: str) -> list[Finding]:
        """The findings of the kind called ``name``."""
        return [f for f in self.findings if f.kind == name]


def report(
    articles: Iterable[Article],
    *,
    inherited: Callable[[Path], Inherited] | None = None,
    site: Site | None = None,
    now: dt.datetime | None = None,
    stale_days: float = STALE_DAYS,
    cancelled: Callable[[], bool] | None = None,
    schema: Schema | None = None,
) -> Report:
    """The consistency report of ``articles``, light or full, of ONE collection.

    ``inherited(path)``: what a file inherits (default: ``site.defaults_for`` with a site,
    nothing without). ``site``: also where site paths of addresses are looked for (no
    site: they are not checked). ``now``: the time stale items are judged at (default:
    now). ``schema``: the collection's schema when the caller has it already (the app
    infers one when a folder is listed); otherwise it is inferred here from ``articles``.
    Reads no file; ``cancelled()`` is asked now and then, and a cancelled report holds the
    findings of the files looked at so far.
    """
    with collector_paused():  # many small objects, no cycles: as a listing does
        return _report(articles, inherited, site, now, stale_days, cancelled, schema)


def _report(
    articles: Iterable[Article],
    inherited: Callable[[Path], Inherited] | None,
    site: Site | None,
    now: dt.datetime | None,
    stale_days: float,
    cancelled: Callable[[], bool] | None,
    schema: Schema | None,
) -> Report:
    inherit = inherited or (site.defaults_for if site is not None else None)
    items: list[_Item] = []
    builder = SchemaBuilder() if schema is None else None
    complete = True
    merged: dict[tuple[int, int], Shape] = {}
    for count, article in enumerate(articles):
        if cancelled is not None and count % _CANCEL_EVERY == 0 and cancelled():
            complete = False
            break
        if article.error is not None:
            items.append(_Item(article.path, None, (), [_unreadable(article)]))
            continue
        if article.complete:
            if not article.has_front_matter:
                continue
            article = light(article)
        data = article.data
        file_shape = article.shape if article.shape is not None else shape_of(data)
        if inherit is not None:
            from_site = inherit(article.path)
            if from_site.data:
                data = effective(from_site.data, data)
                file_shape = _merged_shape(file_shape, from_site, merged)
        items.append(_Item(article.path, data, file_shape, []))
        if builder is not None:
            builder.add(data, file_shape)
    if builder is not None:
        schema = builder.schema()
    assert schema is not None
    checker = _Checker(schema, site, now, stale_days)
    checker.check(items)
    found = tuple(finding for item in items for finding in item.findings)
    counts = Counter(finding.kind for finding in found)
    return Report(
        found,
        {name: counts.get(name, 0) for name in KIND_NAMES},
        schema,
        complete,
        tuple(checker.places.items()),
        checker.now,
        checker.stale_until,
    )


@dataclass(slots=True)
class _Item:
    path: Path
    data: dict[str, Any] | None  # None: the file cannot be read
    shape: Shape
    findings: list[Finding]


@dataclass(slots=True)
class _ShapeFindings:
    """What a shape alone says: (dotted path, expected) of missing fields, (path, right
    path) of misspelt keys, (path, usual group) of values of an unusual type."""

    missing: list[tuple[str, str]] = field(default_factory=list)
    misspelt: list[tuple[KeyPath, KeyPath]] = field(default_factory=list)
    types: list[tuple[KeyPath, str]] = field(default_factory=list)


def _unreadable(article: Article) -> Finding:
    return Finding(article.path, None, "unreadable", article.error, None)


def _merged_shape(
    file_shape: Shape, from_site: Inherited, cache: dict[tuple[int, int], Shape]
) -> Shape:
    """The shape of a file's effective data: its own, then the inherited paths it lacks
    (not those below a key the file holds with another value than a mapping)."""
    key = (id(file_shape), id(from_site))
    found = cache.get(key)
    if found is not None:
        return found
    own = {path: kind for path, kind, _listed in file_shape}
    extra = [
        entry
        for entry in shape_of(from_site.data)
        if entry[0] not in own
        and not any(
            own.get(entry[0][:n], shape.MAPPING) != shape.MAPPING for n in range(1, len(entry[0]))
        )
    ]
    found = cache[key] = shape.shared(file_shape + tuple(extra)) if extra else file_shape
    return found


class _Checker:
    """The rules learnt from one schema, applied to each file."""

    def __init__(
        self, schema: Schema, site: Site | None, now: dt.datetime | None, stale_days: float
    ) -> None:
        self.schema = schema
        self.site = site
        self.now = now or dt.datetime.now(dt.timezone.utc)
        self.stale_after = dt.timedelta(days=stale_days)
        days = f"{stale_days:g}"
        self.stale_expected = f"a decision within {days} day{'s' if days != '1' else ''}"
        enough = schema.files >= MIN_FILES
        self.usual = {
            info.path: usual for info in schema.paths if (usual := _usual_group(info)) is not None
        }
        self.common = [
            info
            for info in schema.paths
            if enough
            and info.share >= MISSING_SHARE
            and not info.listed
            and info.path in self.usual
        ]
        self.misspelt = _misspellings(schema) if enough else {}
        self.url_paths = [*_URL_FIELDS, *(p for p in _url_paths(schema) if p not in _URL_FIELDS)]
        self.date_paths = [
            info.path
            for info in schema.paths
            if len(info.path) == 1
            and (info.path in _DATE_FIELDS or self.usual.get(info.path, ("",))[0] == "date")
        ]
        self._shapes: dict[int, _ShapeFindings] = {}
        #: Each site path looked at, with what is wrong with it (None: nothing).
        self.places: dict[str, str | None] = {}
        #: When the next unpublished item turns stale (None: none will).
        self.stale_until: dt.datetime | None = None

    def check(self, items: list[_Item]) -> None:
        """Add each item's findings to it."""
        styles: dict[KeyPath, Counter[tuple[str, str]]] = {p: Counter() for p in self.date_paths}
        dated: list[tuple[_Item, KeyPath, Any, tuple[str, str]]] = []
        dates = [(p, p[0], p in _DATE_FIELDS, styles[p]) for p in self.date_paths]
        for item in items:
            data = item.data
            if data is None:
                continue
            self._shape_findings(item, data)
            self._value_findings(item, data)
            for path, key, known, counted in dates:
                value = data.get(key)
                style = None if value is None else _date_style(value, known)
                if style is not None:
                    counted[style] += 1
                    dated.append((item, path, value, style))
        self._formats(styles, dated)
        self._duplicates(items)
        for item in items:
            if len(item.findings) > 1:
                item.findings.sort(key=lambda f: _ORDER[f.kind])

    # -- what a file's shape says

    def _shape_findings(self, item: _Item, data: dict[str, Any]) -> None:
        said = self._shapes.get(id(item.shape))
        if said is None:
            said = self._shapes[id(item.shape)] = self._of_shape(item.shape)
        add = item.findings.append
        for name, expected in said.missing:
            add(Finding(item.path, name, "missing", MISSING, expected))
        for path, right in said.misspelt:
            value = _at(data, path)
            add(Finding(item.path, _dotted(path), "misspelt", value, _dotted(right), value))
        for path, usual in said.types:
            value = _at(data, path)
            fix = _type_fix(value, usual)
            add(Finding(item.path, _dotted(path), "type", value, _SAID[usual], fix))

    def _of_shape(self, file_shape: Shape) -> _ShapeFindings:
        said = _ShapeFindings()
        kinds = {path: kind for path, kind, listed in file_shape if not listed}
        for path, right in self.misspelt.items():
            if path in kinds and right not in kinds:
                said.misspelt.append((path, right))
        replaced = {right for _path, right in said.misspelt}
        for info in self.common:
            path = info.path
            parent = path[:-1]
            if path in kinds or path in replaced or any(path[: len(p)] == p for p in replaced):
                continue
            if parent and kinds.get(parent) != shape.MAPPING:
                continue  # the parent is missing (said once) or of another type (said there)
            share = f"{info.share:.0%}".replace("100%", "99%")
            said.missing.append((info.name, f"{share} of the files have it"))
        if len(said.missing) > max(OTHER_KIND_MIN, OTHER_KIND_SHARE * len(self.common)):
            said.missing = []  # a file of another kind (a newsletter among news items)
        for path, kind in kinds.items():
            group = _GROUPS.get(kind)
            usual = self.usual.get(path)
            if group is not None and usual is not None and group != usual[0]:
                said.types.append((path, usual[0]))
        return said

    # -- single values

    def _value_findings(self, item: _Item, data: dict[str, Any]) -> None:
        add = item.findings.append
        for path, text in _texts(data):
            fixed = _mojibake_fix(text)
            if fixed is not None:
                add(Finding(item.path, _dotted(path), "mojibake", text, None, fixed))
        for path in self.url_paths:
            value = _at(data, path)
            if isinstance(value, str) and value:
                problem = self._url_problem(value, image=False)
                if problem is not None:
                    expected, fix = problem
                    add(Finding(item.path, _dotted(path), "url", value, expected, fix))
        for ref in image_refs(data):
            if ref.url:
                problem = self._url_problem(ref.url, image=True)
                if problem is not None:
                    add(Finding(item.path, f"{ref.label}.url", "url", ref.url, problem[0]))
            if ref.width is None or ref.height is None:
                add(Finding(item.path, ref.label, "image-size", ref.url, "a width and height"))
        if not fields.published(data):
            self._stale(item, data)

    def _stale(self, item: _Item, data: dict[str, Any]) -> None:
        value = data.get(_PUBLISHED_AT[0])
        when = to_datetime(value)
        if when is None:
            return
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        if self.now - when > self.stale_after:
            item.findings.append(Finding(item.path, None, "stale", value, self.stale_expected))
        elif self.stale_until is None or when + self.stale_after < self.stale_until:
            self.stale_until = when + self.stale_after

    def _url_problem(self, url: str, *, image: bool) -> tuple[str, Any] | None:
        """(what is expected, the fix or MISSING) for a bad address, None for a good one."""
        if url.startswith(("https://", "http://")) and not _SPACE.search(url):
            return None if _has_host(url) else ("an address with a host", MISSING)
        text = url.strip()
        if text != url:
            return "an address without spaces around it", self._fixed(text, image)
        lowered = text.lower()
        if lowered.startswith(("https://", "http://")):
            if not _has_host(text):
                return "an address with a host", MISSING
            fix = text.replace(" ", "%20")
            fix = MISSING if image or _SPACE.search(fix) else fix
            return "an address without spaces (%20)", fix
        if text.startswith("//"):
            return None
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text):
            return "an http(s) address", MISSING
        if self.site is None:
            return None if image else ("an http(s) address", MISSING)
        said = self.places.get(text, "")
        if said == "":
            said = self.places[text] = site_path_problem(text, self.site)
        return None if said is None else (said, MISSING)

    def _fixed(self, text: str, image: bool) -> Any:
        if image or self._url_problem(text, image=image) is not None:
            return MISSING
        return text

    # -- across files

    def _formats(
        self,
        styles: Mapping[KeyPath, Counter[tuple[str, str]]],
        dated: list[tuple[_Item, KeyPath, Any, tuple[str, str]]],
    ) -> None:
        usual: dict[tuple[KeyPath, str], str] = {}
        for path, counted in styles.items():
            totals: Counter[str] = Counter()
            for (group, _style), n in counted.items():
                totals[group] += n
            for (group, style), n in counted.items():
                if totals[group] >= MIN_FILES and n >= MAJORITY_SHARE * totals[group]:
                    usual[(path, group)] = style
        for item, path, value, (group, style) in dated:
            expected = usual.get((path, group))
            if expected is not None and style != expected:
                item.findings.append(Finding(item.path, _dotted(path), "format", value, expected))

    def _duplicates(self, items: list[_Item]) -> None:
        """Items sharing a URL, found by the duplicate finder (by URL only: no title),
        given only the items whose addresses' paths another item's share (``_url_path``):
        most items of a real collection have addresses of their own, and the finder's
        normalisation of every address would cost more than the rest of the report."""
        candidates = []
        paths: dict[str | None, int] = {}
        for key, item in enumerate(items):
            if item.data is None:
                continue
            original = item.data.get("originalUrl")
            web = item.data.get("webUrl")
            original = original if isinstance(original, str) else ""
            web = web if isinstance(web, str) else ""
            if original or web:
                own = {_url_path(url) for url in {original, web} if url}
                for path in own:
                    paths[path] = paths.get(path, 0) + 1
                candidates.append((key, original, web, own))
        inputs = [
            DupInput(key, "", original, web)
            for key, original, web, own in candidates
            if any(path is None or paths.get(path, 0) > 1 for path in own)
        ]
        if not inputs:
            return
        groups = find_duplicates(inputs)
        for member in groups.group_of:
            assert isinstance(member, int)
            item = items[member]
            assert item.data is not None
            partners = groups.similar(member)
            reason = partners[0][1] if partners else ""
            name = "webUrl" if "same webUrl" in reason else "originalUrl"
            value = item.data.get(name) or item.data.get("webUrl")
            others = [items[k].path.name for k, _why in partners if isinstance(k, int)]
            shown = ", ".join(others[:3]) + (
                f" and {len(others) - 3} more" if len(others) > 3 else ""
            )
            expected = f"an address no other item has (also in {shown})"
            item.findings.append(Finding(item.path, name, "duplicate-url", value, expected))


_ORDER = {name: n for n, name in enumerate(KIND_NAMES)}


def site_path_problem(text: str, site: Site) -> str | None:
    """What is wrong with the site path ``text`` (an address without a scheme) in ``site``:
    None when the site holds the file."""
    where = resolve(text, site.root, site.baseurl)
    if isinstance(where, Local):
        return None if where.path.is_file() else "a file the site holds"
    return f"a site path ({where.reason})" if isinstance(where, Refused) else None


def _usual_group(info: PathInfo) -> tuple[str, float] | None:
    """The group of value types most of a path's values have, with its share, when at
    least MIN_FILES files give it a value and MAJORITY_SHARE of them this group."""
    if info.listed:
        return None
    groups: Counter[str] = Counter()
    for kind, n in info.types:
        group = _GROUPS.get(kind)
        if group is not None:
            groups[group] += n
    total = sum(groups.values())
    if total < MIN_FILES:
        return None
    group, n = groups.most_common(1)[0]
    return (group, n / total) if n >= MAJORITY_SHARE * total else None


def _misspellings(schema: Schema) -> dict[KeyPath, KeyPath]:
    """Each rare key path that looks like a misspelling of a common sibling, with it."""
    by_parent: dict[KeyPath, list[PathInfo]] = {}
    for info in schema.paths:
        if not info.listed:
            by_parent.setdefault(info.path[:-1], []).append(info)
    found: dict[KeyPath, KeyPath] = {}
    for siblings in by_parent.values():
        common = [i for i in siblings if i.share >= MISSPELT_COMMON_SHARE]
        for info in siblings:
            if info.share > MISSPELT_RARE_SHARE or fields.find(info.path) is not None:
                continue
            for right in common:
                if right.share >= MISSPELT_RATIO * info.share and _looks_like(
                    info.path[-1], right.path[-1]
                ):
                    found[info.path] = right.path
                    break
    return found


def _looks_like(key: str, right: str) -> bool:
    """True when ``key`` reads as a misspelling of ``right``: the same ignoring case, or
    one edit away (a letter added, dropped, changed or two swapped; two edits for keys of
    more than five letters). Keys that differ only in their digits (image1, image2) are
    different keys."""
    if key == right:
        return False
    folded, wanted = key.casefold(), right.casefold()
    if folded == wanted:
        return True
    if min(len(key), len(right)) < 4:
        return False
    if re.sub(r"\d", "", folded) == re.sub(r"\d", "", wanted):
        return False
    limit = 1 if len(wanted) <= 5 else 2
    return OSA.distance(folded, wanted, score_cutoff=limit) <= limit


def _url_paths(schema: Schema) -> list[KeyPath]:
    """The paths (not listed) whose text values are mostly http(s) addresses."""
    found = []
    for info in schema.paths:
        if info.listed:
            continue
        counts = dict(info.types)
        text = sum(n for kind, n in counts.items() if kind in shape.TEXT_TYPES)
        urls = counts.get(shape.URL, 0)
        if urls >= 2 and urls >= URL_SHARE * text:
            found.append(info.path)
    return found


def _url_path(url: str) -> str | None:
    """The path of an address (without its trailing slashes), as the duplicate finder's
    ``normalize_url`` splits it: two addresses it makes one have one path, so an item whose
    paths no other item has shares no URL. None (look at it anyway) for an address with
    control characters, which the split treats apart."""
    text = url.strip()
    if not text.isprintable():
        return None
    start = text.find("://")
    if start >= 0 and not _SCHEME.fullmatch(text[:start]):
        start = -1  # a "://" in the path (``//host/a://``): the split takes no scheme there
    rest = text[start + 3 :] if start >= 0 else text[2:] if text.startswith("//") else text
    ends = [at for at in (rest.find("/"), rest.find("?"), rest.find("#")) if at >= 0]
    path = rest[min(ends) :] if ends else ""
    return path.split("#", 1)[0].split("?", 1)[0].rstrip("/")


def _has_host(url: str) -> bool:
    at = url.find("//") + 2
    return 1 < at < len(url) and url[at] not in "/?#"


def _texts(data: Mapping[str, Any]) -> list[tuple[KeyPath, Any]]:
    """Each text value of a summary that may hold mojibake (``_LEAD_BYTE``), and each list
    of text with such an item, with its key path: top-level values and those of the
    mappings in it."""
    found: list[tuple[KeyPath, Any]] = []
    search = _LEAD_BYTE.search
    for key, value in data.items():
        kind = type(value)
        if kind is str:
            if not value.isascii() and search(value):
                found.append(((key,), value))
        elif kind is list:
            if any(type(item) is str and not item.isascii() and search(item) for item in value):
                found.append(((key,), value))
        elif kind is dict:
            for inner, item in value.items():
                if type(item) is str and type(inner) is str and not item.isascii() and search(item):
                    found.append(((key, inner), item))
    return found


@functools.cache
def _ftfy() -> tuple[Callable[[str], bool], Callable[[str], str]]:
    """ftfy's badness test and its repair of encodings only (quotes stay curly; ligatures,
    widths, line breaks, control characters and the Unicode form stay as written). Imported
    when a text first looks like mojibake: the import costs about 40 ms of the app's start."""
    import ftfy
    from ftfy.badness import is_bad

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return is_bad, lambda text: ftfy.fix_text(text, config)


def _mojibake_fix(value: Any) -> Any:
    """The repaired text (or list of text) when ``value`` holds mojibake, else None."""
    if isinstance(value, list):
        fixed = [_mojibake_fix(item) if isinstance(item, str) else None for item in value]
        if not any(f is not None for f in fixed):
            return None
        return [f if f is not None else item for f, item in zip(fixed, value, strict=True)]
    if not isinstance(value, str) or not _LEAD_BYTE.search(value):
        return None
    is_bad, fix_text = _ftfy()
    if not is_bad(value):
        return None
    repaired = fix_text(value)
    return repaired if repaired != value else None


def mojibake_fix(text: str) -> str | None:
    """``text`` with its mojibake repaired (only that: quotes, widths and forms are kept),
    or None when it holds none."""
    fixed = _mojibake_fix(text)
    return fixed if isinstance(fixed, str) else None


def _type_fix(value: Any, usual: str) -> Any:
    """The value of the usual type that ``value`` clearly means, or MISSING."""
    if usual == "number" and isinstance(value, str):
        text = value.strip()
        if _INTEGER.fullmatch(text):
            return int(text)
        if _DECIMAL.fullmatch(text):
            return float(text)
    elif usual == "text":
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
            return value[0]
    elif usual == "list of text" and isinstance(value, str) and value.strip():
        return [value]
    return MISSING


def _date_style(value: Any, known: bool) -> tuple[str, str] | None:
    """(group, style in words) of a date value; text only for the registry's date fields."""
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        if offset is None:
            return "date", "a date and time without an offset"
        if not offset:
            return "date", "a date and time in UTC"
        return "date", "a date and time with an offset from UTC"
    if isinstance(value, dt.date):
        return "date", "a date without a time"
    if known and isinstance(value, str) and value.strip():
        text = value.strip()
        when = to_datetime(text)
        if when is None:
            return "text", "text that is not a date"
        style = DateStyle.infer(text, when)
        if style.kind == "date":
            return "text", "a date without a time"
        if style.kind == "strftime":
            return "text", f"text in the form {style.pattern}"
        zone = {"Z": "in UTC (Z)", "z": "in UTC (z)", "": "without an offset"}.get(
            style.tz, f"with an offset ({style.tz})"
        )
        return "text", f"ISO text {zone}"
    return None


def _at(data: Mapping[str, Any], path: KeyPath) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return MISSING
        value = value[key]
    return value


def _dotted(path: KeyPath) -> str:
    return ".".join(path)
