"""The objects a window holds one of per row stay small (100,000 rows at 100,000 files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.core.article import Article
from reviewer.core.document import Document


def test_a_document_has_slots_and_no_dict_of_its_own() -> None:
    document = Document(Article(Path("a.md"), b"", None))
    assert not hasattr(document, "__dict__")
    with pytest.raises(AttributeError):
        document.anything = 1  # type: ignore[attr-defined]
    document.deleted_on_disk = True  # its own attributes are still set as before
    assert document.deleted_on_disk and document.changes == {} and not document.modified
