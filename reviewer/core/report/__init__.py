"""The consistency report: what is wrong across a collection's files, read from the index.

``report(articles)`` gives a ``Report`` of one collection's light (or full) articles: its
``Finding``s, their counts by kind and the schema they were judged by. ``report_folder``
does it for a folder, or for each collection of a site. ``KINDS`` is the registry of
finding kinds (``is:<name>`` in searches). Fixes are workspace edits:
``reviewer.workspace.fixes.fix_edits``.
"""

from reviewer.core.report.checks import STALE_DAYS, Report, mojibake_fix, report
from reviewer.core.report.folder import CollectionReport, report_folder
from reviewer.core.report.kinds import KIND_NAMES, KINDS, Finding, FindingKind, kind_of

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "STALE_DAYS",
    "CollectionReport",
    "Finding",
    "FindingKind",
    "Report",
    "kind_of",
    "mojibake_fix",
    "report",
    "report_folder",
]
