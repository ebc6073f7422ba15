"""Derived structures as plain values, to be kept in a folder's ``DerivedStore`` and restored.

A schema and a consistency report are dataclasses of values; the store keeps only plain
data (``marshal``: no code runs when it is read back). ``schema_value``/``schema_of`` and
``report_value``/``report_of`` turn them into plain data and back, exactly: what is restored
compares equal to what was kept. A value that does not have the expected form gives
None (a damaged or foreign value is computed again, never trusted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer.core.fields import Kind
from reviewer.core.folder import derived
from reviewer.core.folder.derived import DerivedStore, plain, unplain
from reviewer.core.frontmatter.values import MISSING
from reviewer.core.schema import PathInfo, Schema
from reviewer.core.site import Site

if TYPE_CHECKING:  # imported where a report is restored: the app's start keeps no report
    from reviewer.core.report import Report

#: Formats of the values below: bump when their form or what they hold changes.
SCHEMA_FORM = 1
REPORT_FORM = 1
#: MISSING as plain data (YAML never loads an Ellipsis).
_MISSING = (Ellipsis, "missing")
_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError)


def schema_value(schema: Schema) -> Any:
    """``schema`` as plain data."""
    paths = [
        (
            info.path,
            info.files,
            info.share,
            info.types,
            info.examples,
            info.distinct,
            info.valued,
            info.values,
            info.listed,
            None if info.kind is None else info.kind.value,
        )
        for info in schema.paths
    ]
    return (schema.files, paths, schema.truncated)


def schema_of(value: Any) -> Schema | None:
    """The schema ``schema_value`` gave ``value`` for (None: not such a value)."""
    try:
        files, paths, truncated = value
        infos = tuple(_path_info(*info) for info in paths)
        return Schema(files, infos, truncated)
    except _ERRORS:
        return None


def _path_info(
    path: Any,
    files: int,
    share: float,
    types: Any,
    examples: Any,
    distinct: int | None,
    valued: int,
    values: int,
    listed: bool,
    kind: str | None,
) -> PathInfo:
    return PathInfo(
        tuple(path),
        files,
        share,
        tuple((name, n) for name, n in types),
        tuple(examples),
        distinct,
        valued,
        values,
        listed,
        None if kind is None else Kind(kind),
    )


def _value(value: Any) -> Any:
    return _MISSING if value is MISSING else plain(value)


def _unvalue(value: Any) -> Any:
    return MISSING if value == _MISSING else unplain(value)


def _time(when: dt.datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def report_value(report: Report) -> Any:
    """``report`` (a complete one) as plain data."""
    findings = [
        (str(f.path), f.field, f.kind, _value(f.value), f.expected, _value(f.fix))
        for f in report.findings
    ]
    return (
        findings,
        list(report.counts_by_kind.items()),
        schema_value(report.schema),
        report.complete,
        report.site_paths,
        _time(report.judged_at),
        _time(report.stale_until),
    )


def report_of(value: Any, paths: Mapping[str, Path] | None = None) -> Report | None:
    """The report ``report_value`` gave ``value`` for (None: not such a value); ``paths``:
    the files' paths by their text, which the findings then share (a Path made from text
    costs more than a look-up)."""
    from reviewer.core.report import Finding, Report

    known = paths or {}
    try:
        findings, counts, schema, complete, site_paths, judged_at, stale_until = value
        restored = tuple(
            Finding(known.get(path) or Path(path), field, kind, _unvalue(v), expected, _unvalue(f))
            for path, field, kind, v, expected, f in findings
        )
        kept_schema = schema_of(schema)
        if kept_schema is None:
            return None
        return Report(
            restored,
            dict(counts),
            kept_schema,
            complete,
            tuple((text, said) for text, said in site_paths),
            None if judged_at is None else dt.datetime.fromisoformat(judged_at),
            None if stale_until is None else dt.datetime.fromisoformat(stale_until),
        )
    except _ERRORS:
        return None


#: The names the structures are kept under in a folder's ``DerivedStore``.
SCHEMA = "schema"
REPORT = "report"


def site_digest(site: Site | None) -> str:
    """A digest of what a folder's rows inherit from ``site`` (its root and configuration:
    the defaults, the baseurl...)."""
    return "" if site is None else derived.digest(str(site.root), plain(site.config))


def report_digest(rows: str, site: Site | None, stale_days: float) -> str:
    """The digest a report of unedited rows (``rows``: their ``rows_digest``) in ``site`` is
    kept under."""
    return derived.digest(rows, site_digest(site), stale_days)


def restore_report(
    store: DerivedStore,
    digest: str,
    now: dt.datetime,
    site: Site | None,
    paths: Mapping[str, Path] | None = None,
) -> Report | None:
    """The report kept for ``digest`` when it still holds at ``now``: no item turned stale
    since, and every site path it looked at is as it was (None: compute it). ``paths``: as
    for ``report_of``."""
    from reviewer.core.report.checks import site_path_problem

    kept = report_of(store.get(REPORT, digest, form=REPORT_FORM), paths)
    if kept is None or not kept.complete or not kept.holds_at(now):
        return None
    if kept.site_paths and (
        site is None or any(site_path_problem(t, site) != said for t, said in kept.site_paths)
    ):
        return None
    return kept


def keep_report(store: DerivedStore, digest: str, report: Report) -> bool:
    """Keep a complete ``report`` for ``digest``; True when kept."""
    return report.complete and store.put(REPORT, digest, report_value(report), form=REPORT_FORM)
