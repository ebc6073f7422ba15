"""The table's columns and custom item roles."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class Column(IntEnum):
    """Columns of the article table, in their default order."""

    PUBLISHED = 0
    TITLE = 1
    DATE = 2
    CATEGORY = 3
    PROVIDER = 4
    TOPICS = 5
    QUALITY = 6
    HEAT = 7
    TYPE = 8
    FILE = 9
    SIMILAR = 10


HEADERS = {
    Column.PUBLISHED: "Published",
    Column.TITLE: "Title",
    Column.DATE: "Date",
    Column.CATEGORY: "Category",
    Column.PROVIDER: "Provider",
    Column.TOPICS: "Topics",
    Column.QUALITY: "Quality",
    Column.HEAT: "Heat",
    Column.TYPE: "Type",
    Column.FILE: "File",
    Column.SIMILAR: "Similar",
}

HEADER_TIPS = {
    Column.PUBLISHED: "Whether the item is published on the site (published: true)",
    Column.DATE: "publishedDateTime, in your time zone",
    Column.QUALITY: "Quality score from the feed",
    Column.HEAT: "Heat score from the feed",
    Column.SIMILAR: "Other items that look like the same story (same URL or near-same title)",
}


class Role(IntEnum):
    """Custom data roles of the article model."""

    DOCUMENT = Qt.ItemDataRole.UserRole + 1
    SORT = Qt.ItemDataRole.UserRole + 2
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 3
