"""Every action's shortcuts: an id, the defaults, and the user's choice remembered in settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from reviewer.app import settings

if TYPE_CHECKING:
    from reviewer.app.mainwindow import MainWindow

_PORTABLE = QKeySequence.SequenceFormat.PortableText
_NATIVE = QKeySequence.SequenceFormat.NativeText

#: The actions of actions.py, by attribute: (id, menu). The label is the menu and the action's
#: text, except for Undo and Redo whose text changes with the command.
KNOWN_ACTIONS = {
    "open": ("open", "File"),
    "reload": ("reload", "File"),
    "save": ("save", "File"),
    "save_selected": ("save_selected", "File"),
    "revert": ("revert", "File"),
    "quit": ("quit", "File"),
    "undo": ("undo", "Edit ▸ Undo"),
    "redo": ("redo", "Edit ▸ Redo"),
    "toggle": ("toggle_published", "Edit"),
    "select_all": ("select_all", "Edit"),
    "find": ("find", "Edit"),
    "about": ("about", "Help"),
}


def keys_text(keys: list[QKeySequence], native: bool = True) -> str:
    """Shortcuts as text: "Ctrl+Shift+Z, Ctrl+Y" (native) or the portable form for settings."""
    if native:
        return ", ".join(k.toString(_NATIVE) for k in keys if not k.isEmpty())
    return QKeySequence.listToString([k for k in keys if not k.isEmpty()], _PORTABLE)


def plain_label(action: QAction) -> str:
    """An action's menu text without the mnemonic ampersand and the trailing ellipsis."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


def find_menu(menu_bar: QMenuBar, title: str) -> QMenu | None:
    """The top-level menu called ``title`` ("&Edit"), if any."""
    for action in menu_bar.actions():
        if action.text() == title and action.menu() is not None:
            menu = action.menu()
            return menu if isinstance(menu, QMenu) else None
    return None


@dataclass
class Entry:
    """One action in the keymap."""

    id: str
    label: str
    action: QAction
    defaults: list[QKeySequence]


class Keymap(QObject):
    """The registry of shortcut-bearing actions; the preferences dialog edits it.

    Registering an action records its current shortcuts as the defaults, then applies the
    user's override from settings (``shortcuts/<id>``), if any.

    Signals:
        changed(): some action's shortcuts changed.
    """

    changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._settings = window.context.settings
        self._entries: dict[str, Entry] = {}
        menus = window.menus
        for name, value in vars(menus).items():
            if isinstance(value, QAction):
                action_id, menu = KNOWN_ACTIONS.get(name, (name, ""))
                label = menu if "▸" in menu else f"{menu} ▸ {plain_label(value)}".lstrip(" ▸")
                self.register(action_id, value, label)

    # -- the registry

    def register(
        self,
        action_id: str,
        action: QAction,
        label: str | None = None,
        defaults: list[QKeySequence] | None = None,
    ) -> None:
        """Add ``action``; its shortcuts now (or ``defaults``) are its defaults."""
        if action_id in self._entries:
            raise ValueError(f"shortcut id {action_id!r} is registered twice")
        keys = _unique(list(action.shortcuts()) if defaults is None else defaults)
        entry = Entry(action_id, label or plain_label(action), action, keys)
        self._entries[action_id] = entry
        stored = self._stored(action_id)
        self._apply(entry, keys if stored is None else stored)

    def entries(self) -> list[Entry]:
        """Every registered action, in registration order."""
        return list(self._entries.values())

    def entry(self, action_id: str) -> Entry:
        """The entry called ``action_id`` (KeyError when unknown)."""
        return self._entries[action_id]

    def shortcuts(self, action_id: str) -> list[QKeySequence]:
        """The shortcuts ``action_id`` has now."""
        return [k for k in self._entries[action_id].action.shortcuts() if not k.isEmpty()]

    def is_default(self, action_id: str) -> bool:
        """True when ``action_id`` has its default shortcuts."""
        entry = self._entries[action_id]
        return _same_keys(self.shortcuts(action_id), entry.defaults)

    # -- changing shortcuts

    def conflicts(self, action_id: str, keys: list[QKeySequence]) -> list[tuple[Entry, str]]:
        """Other actions already using one of ``keys``: (entry, the keys as text)."""
        wanted = {k.toString(_PORTABLE) for k in keys if not k.isEmpty()}
        found: list[tuple[Entry, str]] = []
        for entry in self._entries.values():
            if entry.id == action_id:
                continue
            for key in self.shortcuts(entry.id):
                if key.toString(_PORTABLE) in wanted:
                    found.append((entry, key.toString(_NATIVE)))
        return found

    def conflict_message(self, action_id: str, keys: list[QKeySequence]) -> str:
        """ "" when ``keys`` are free for ``action_id``, else a sentence saying who has them."""
        clashes = self.conflicts(action_id, keys)
        if not clashes:
            return ""
        entry, text = clashes[0]
        mine = self._entries[action_id].label
        return (
            f"{text} is already the shortcut of “{entry.label}”. It was not given to "
            f"“{mine}”: choose other keys, or change “{entry.label}” first."
        )

    def assign(self, action_id: str, keys: list[QKeySequence]) -> str:
        """Give ``action_id`` these shortcuts and remember them; "" or why it was refused."""
        keys = [k for k in keys if not k.isEmpty()]
        message = self.conflict_message(action_id, keys)
        if message:
            return message
        entry = self._entries[action_id]
        option = settings.shortcut_option(action_id)
        if _same_keys(keys, entry.defaults):
            self._settings.store.remove(option.key)
        else:
            self._settings.set(option, keys_text(keys, native=False))
        self._apply(entry, keys)
        self.changed.emit()
        return ""

    def reset(self) -> None:
        """Every action back to its default shortcuts; the overrides are forgotten."""
        self._settings.store.remove(settings.SHORTCUTS_GROUP)
        for entry in self._entries.values():
            self._apply(entry, entry.defaults)
        self.changed.emit()

    def _stored(self, action_id: str) -> list[QKeySequence] | None:
        option = settings.shortcut_option(action_id)
        if not self._settings.store.contains(option.key):
            return None
        text = self._settings.get(option).strip()
        keys = QKeySequence.listFromString(text, _PORTABLE) if text else []
        return [k for k in keys if not k.isEmpty()]

    @staticmethod
    def _apply(entry: Entry, keys: list[QKeySequence]) -> None:
        action = entry.action
        action.setShortcuts(keys)
        tip = action.statusTip()
        if tip:  # the tooltip names the shortcut: keep it true
            shown = keys_text(keys[:1])
            action.setToolTip(f"{tip} ({shown})" if shown else tip)


def _same_keys(first: list[QKeySequence], second: list[QKeySequence]) -> bool:
    return [k.toString(_PORTABLE) for k in first if not k.isEmpty()] == [
        k.toString(_PORTABLE) for k in second if not k.isEmpty()
    ]


def _unique(keys: list[QKeySequence]) -> list[QKeySequence]:
    """``keys`` without empty or repeated sequences (Redo is Ctrl+Y twice on some platforms)."""
    seen: dict[str, QKeySequence] = {}
    for key in keys:
        if not key.isEmpty():
            seen.setdefault(key.toString(_PORTABLE), key)
    return list(seen.values())
