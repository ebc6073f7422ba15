"""Saving documents: each file written by the save layer, every failure kept with its reason."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from reviewer.core.document import Document
from reviewer.core.errors import ReadOnlyError, ReviewerError


@dataclass(frozen=True)
class SaveFailure:
    """A document that could not be saved, why (without its file name in front), and
    whether a forced save would write it (the file is only write-protected)."""

    document: Document
    reason: str
    read_only: bool = False


@dataclass
class SaveReport:
    """What a save did: the documents written, and those that were not."""

    saved: list[Document] = field(default_factory=list)
    failed: list[SaveFailure] = field(default_factory=list)
    unchanged: list[Document] = field(default_factory=list)


def save(
    documents: Iterable[Document],
    *,
    force: bool = False,
    rebase: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> SaveReport:
    """Save each modified document; the others are left alone.

    ``force`` writes write-protected files. ``rebase`` reads each file again under its lock
    and makes the changes to it as it is then (for changes not based on what was read
    before: the command line); otherwise a file changed since it was read is a conflict.
    Stops between files once ``cancelled()`` is true. A failure leaves its file as it was
    and its changes pending.
    """
    report = SaveReport()
    for document in documents:
        if cancelled is not None and cancelled():
            break
        if not document.modified:
            continue
        try:
            written = document.save(force=force, rebase=rebase)
        except ReviewerError as exc:
            reason = without_name(str(exc), document.path.name)
            report.failed.append(SaveFailure(document, reason, isinstance(exc, ReadOnlyError)))
            continue
        except OSError as exc:  # anything the store did not already translate
            report.failed.append(SaveFailure(document, exc.strerror or str(exc)))
            continue
        (report.saved if written else report.unchanged).append(document)
    return report


def without_name(reason: str, name: str) -> str:
    """An error's sentence without the file name the core may have put in front."""
    prefix = f"{name}: "
    return reason[len(prefix) :] if reason.startswith(prefix) else reason
