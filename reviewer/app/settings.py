"""Every setting the app keeps, declared once with its type and default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    """A setting: its key in QSettings, its type and its default."""

    key: str
    type: type
    default: T


GEOMETRY: Option[QByteArray] = Option("window/geometry", QByteArray, QByteArray())
WINDOW_STATE: Option[QByteArray] = Option("window/state", QByteArray, QByteArray())
SPLITTER: Option[QByteArray] = Option("window/splitter", QByteArray, QByteArray())
HEADER: Option[QByteArray] = Option("table/header", QByteArray, QByteArray())
#: How many columns HEADER was saved with (states saved before it was kept had 11).
HEADER_COLUMNS: Option[int] = Option("table/header_columns", int, 11)
STATUS_FILTER: Option[int] = Option("table/status_filter", int, 0)
RECENT_FOLDERS: Option[list] = Option("folders/recent", list, [])
LAST_FOLDER: Option[str] = Option("folders/last", str, "")
SAVED_VIEWS: Option[str] = Option("views/saved", str, "[]")  # JSON list of SavedView
#: Not in a group called "general": in an INI file (Linux) Qt writes such a key under
#: [%General] and never reads it back (test_settings_store checks every key does).
FIRST_RUN_DONE: Option[bool] = Option("app/first_run_done", bool, False)
TRIAGE_ADVANCE: Option[bool] = Option("triage/advance", bool, True)
TRIAGE_SAVE_NOW: Option[bool] = Option("triage/save_immediately", bool, False)
INDEX_CACHE: Option[bool] = Option("app/index_cache", bool, True)
#: Whether http(s) image addresses are fetched for thumbnails (off: no request at all).
FETCH_REMOTE_IMAGES: Option[bool] = Option("images/fetch_remote", bool, True)
SHORTCUTS_GROUP = "shortcuts"


def shortcut_option(action_id: str) -> Option[str]:
    """One action's shortcuts as portable text ("" for none); absent: the action's defaults."""
    return Option(f"{SHORTCUTS_GROUP}/{action_id}", str, "")


MAX_RECENT = 10


class Settings:
    """Typed access to a QSettings store (a file of its own in tests)."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    def get(self, option: Option[T]) -> T:
        """The stored value, or the default when absent or of the wrong type."""
        value: Any = self.store.value(option.key, option.default)
        if option.type is list:
            if value is None:
                return option.default
            return list(value) if isinstance(value, (list, tuple)) else [value]  # type: ignore[return-value]
        if option.type is bool and isinstance(value, str):
            return value.lower() == "true"  # type: ignore[return-value]  # INI files store text
        if option.type is int and isinstance(value, str):
            try:
                return int(value)  # type: ignore[return-value]
            except ValueError:
                return option.default
        return value if isinstance(value, option.type) else option.default  # type: ignore[return-value]  # checked just above

    def set(self, option: Option[T], value: T) -> None:
        """Store ``value``; a value stored already is left alone (QSettings would write its
        whole file again, and sync it to disk, on the GUI thread: each start sets the first
        run's flag and the recent folders to what they mostly are)."""
        if self.store.contains(option.key) and self.get(option) == value:
            return
        self.store.setValue(option.key, value)

    def recent_folders(self) -> list[str]:
        """Recently opened folders, newest first."""
        return [str(f) for f in self.get(RECENT_FOLDERS) if f][:MAX_RECENT]

    def add_recent_folder(self, folder: str) -> None:
        """Put ``folder`` first in the recent list and remember it as the last one."""
        folders = [folder, *(f for f in self.recent_folders() if f != folder)][:MAX_RECENT]
        self.set(RECENT_FOLDERS, folders)
        self.set(LAST_FOLDER, folder)
