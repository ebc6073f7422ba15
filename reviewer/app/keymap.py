"""Every action's shortcuts: its id in the action registry, the defaults, and the user's
choice remembered in settings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from reviewer.app import settings
from reviewer.app.registry import ActionRegistry
from reviewer.app.settings import Settings

_PORTABLE = QKeySequence.SequenceFormat.PortableText
_NATIVE = QKeySequence.SequenceFormat.NativeText


def keys_text(keys: list[QKeySequence], native: bool = True) -> str:
    """Shortcuts as text: "Ctrl+Shift+Z, Ctrl+Y" (native) or the portable form for settings."""
    if native:
        return ", ".join(k.toString(_NATIVE) for k in keys if not k.isEmpty())
    return QKeySequence.listToString([k for k in keys if not k.isEmpty()], _PORTABLE)


@dataclass
class Entry:
    """One action in the keymap."""

    id: str
    label: str
    action: QAction
    defaults: list[QKeySequence]


class Keymap(QObject):
    """The shortcuts of the registry's actions; the preferences dialog edits them.

    An action registered in ``actions`` (before the keymap is made, or after) gets its
    shortcuts then (or the registration's ``defaults``) as its defaults, then the user's
    override from settings (``shortcuts/<id>``), if any.

    Signals:
        changed(): some action's shortcuts changed.
    """

    changed = Signal()

    def __init__(
        self, settings: Settings, actions: ActionRegistry, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._actions = actions
        self._entries: dict[str, Entry] = {}
        for registered in actions.entries():
            self._adopt(registered.id)
        actions.registered.connect(self._adopt)

    # -- the registry

    def register(
        self,
        action_id: str,
        action: QAction,
        label: str | None = None,
        defaults: list[QKeySequence] | None = None,
    ) -> None:
        """Register ``action`` in the action registry (see ``ActionRegistry.register``)."""
        self._actions.register(action_id, action, label, defaults)

    def _adopt(self, action_id: str) -> None:
        """The registry's new action: its defaults, then the user's shortcuts if any."""
        registered = self._actions.entry(action_id)
        action, defaults = registered.action, registered.defaults
        keys = _unique(list(action.shortcuts()) if defaults is None else defaults)
        entry = Entry(action_id, registered.label, action, keys)
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
