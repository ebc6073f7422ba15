"""Fix… in the Report panel: a kind's fixes (``workspace.fixes.fix_edits``) shown in the bulk
edit preview (``bulk.PlansDialog``: every file's exact diff), applied as one undo step and
saved like any edit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt

from reviewer.app.bulk import PlansDialog
from reviewer.app.context import AppContext
from reviewer.core.document import Document
from reviewer.core.report import Finding, kind_of
from reviewer.workspace import Plan, plan
from reviewer.workspace.fixes import fix_edits

#: The preview's title.
TITLE = "Fix"


def fix_plans(
    findings: Iterable[Finding], kind: str, document_of: Callable[[Path], Document | None]
) -> list[Plan]:
    """The plans of ``kind``'s fixes: one per edit and file, planned on its document (read
    in full first, as the diff needs it: a summary may not hold a nested key)."""
    plans: list[Plan] = []
    for found in fix_edits(findings, kind):
        document = document_of(found.path)
        if document is None:
            continue  # gone since the report was made
        if document.editable and not all(document.knows(e.path) for e in found.edits):
            document.load()
        plans.extend(plan(edit, [document]) for edit in found.edits)
    return plans


def undo_text(kind: str, plans: Iterable[Plan]) -> str:
    """The undo step's name: "Fix Mojibake in 3 articles"."""
    count = len({id(step.document) for made in plans for step in made.steps})
    return f"Fix {kind_of(kind).title} in {count} article{'' if count == 1 else 's'}"


def open_fix(
    context: AppContext,
    findings: Iterable[Finding],
    kind: str,
    document_of: Callable[[Path], Document | None],
) -> PlansDialog | None:
    """Open the preview of ``kind``'s fixes over ``findings`` (None when there is none to make:
    the status bar says so)."""
    plans = fix_plans(findings, kind, document_of)
    if not any(made.steps for made in plans):
        context.status.showMessage(f"Nothing to fix in {kind_of(kind).title}", 5000)
        return None
    text = undo_text(kind, plans)
    dialog = PlansDialog(
        context.editor, plans, text, f"{TITLE}: {kind_of(kind).title}", context.view
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: context.status.showMessage(f"{text} — not saved yet", 5000))
    dialog.open()
    return dialog
