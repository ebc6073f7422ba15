"""The table's columns, built from the field registry, and custom item roles."""

from __future__ import annotations

from enum import EnumMeta, IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from reviewer.core import fields
from reviewer.core.fields import Field, TableColumn

#: The table's columns that are no front-matter field: the file's name, how many other
#: items look like the same story, the first image, and the file's state in git.
FILE = TableColumn("FILE", 9, "File", hidden=True)
SIMILAR = TableColumn(
    "SIMILAR",
    10,
    "Similar",
    "Other items that look like the same story (same URL or near-same title)",
    width=64,
)
#: The article's first image, small (hidden by default; painted rows only ask for it).
IMAGE = TableColumn(
    "IMAGE", 11, "Image", "The article's first image (from its images list)", width=40, hidden=True
)
#: The file's state in git (M, S, ?, D, C; blank when unchanged), shown only when the folder
#: is in a git work tree (``app/git/status.py`` gives the states and shows the column).
GIT = TableColumn(
    "GIT",
    12,
    "Git",
    "The file's state in git: M modified, S staged, ? untracked, D deleted, C conflicted",
    width=44,
    hidden=True,
)


def table_columns() -> tuple[tuple[TableColumn, Field | None], ...]:
    """Every column of the table, by position: the registry's columns (``fields.columns()``,
    read now), each with its field, and FILE, SIMILAR, IMAGE and GIT with None.

    ValueError when the positions are not 0, 1, 2, … (a column left out or given twice).
    """
    found: list[tuple[TableColumn, Field | None]] = [
        (f.column, f) for f in fields.columns() if f.column is not None
    ]
    found += [(FILE, None), (SIMILAR, None), (IMAGE, None), (GIT, None)]
    found.sort(key=lambda pair: pair[0].position)
    positions = [column.position for column, _field in found]
    if positions != list(range(len(found))):
        raise ValueError(f"the table's column positions must be 0, 1, 2, …, not {positions}")
    return tuple(found)


if TYPE_CHECKING:

    class _Members(EnumMeta):
        def __getattr__(cls, name: str) -> Column: ...

    class Column(IntEnum, metaclass=_Members):
        """Columns of the article table, in their default order (built from the registry)."""

else:
    Column = IntEnum(
        "Column",
        [(column.name, column.position) for column, _field in table_columns()],
        module=__name__,
    )
    Column.__doc__ = "Columns of the article table, in their default order (``table_columns``)."


class Role(IntEnum):
    """Custom data roles of the article model."""

    DOCUMENT = Qt.ItemDataRole.UserRole + 1
    SORT = Qt.ItemDataRole.UserRole + 2
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 3
