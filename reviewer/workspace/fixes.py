"""A report's fixes as workspace edits: what ``reviewer report --fix`` and the app apply.

``fix_edits(findings, kind)`` turns the fixable findings of one kind into one ``Fix`` per
file: the ``SetValue`` edits that repair it, to plan and do on that file's document
(``edits.plan``) and save like any edit (``saving.save``). A misspelt key is two edits: the
value set under the right key, and the misspelt key removed. Each edit changes one value,
so the save rewrites only its span: a repaired title is a one-line diff.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reviewer.core.frontmatter.values import MISSING
from reviewer.core.report import Finding, kind_of
from reviewer.core.shape import KeyPath
from reviewer.workspace.edits import SetValue

__all__ = ["Fix", "fix_edits"]


@dataclass(frozen=True)
class Fix:
    """The edits that fix one file's findings of one kind, and those findings."""

    path: Path
    edits: tuple[SetValue, ...]
    findings: tuple[Finding, ...]


def fix_edits(findings: Iterable[Finding], kind: str) -> list[Fix]:
    """The fixes of ``findings`` of the kind called ``kind`` that carry one, one ``Fix`` per
    file, in the order of the findings. KeyError for a kind that does not exist."""
    kind_of(kind)
    by_file: dict[Path, list[Finding]] = {}
    for finding in findings:
        if finding.kind == kind and finding.fixable and finding.field is not None:
            by_file.setdefault(finding.path, []).append(finding)
    return [
        Fix(path, tuple(edit for f in found for edit in _edits(f)), tuple(found))
        for path, found in by_file.items()
    ]


def _edits(finding: Finding) -> list[SetValue]:
    assert finding.field is not None
    path = _path(finding.field)
    verb = f"Fix {finding.kind} in {finding.field}"
    if finding.kind == "misspelt":
        assert finding.expected is not None
        right = _path(finding.expected)
        return [SetValue(right, finding.fix, verb), SetValue(path, MISSING, verb)]
    return [SetValue(path, finding.fix, verb)]


def _path(dotted: str) -> KeyPath:
    return tuple(dotted.split("."))
