"""The window's actions and menus, each under a stable id.

Features find the actions and menus they extend by id ("quit", "menu.edit"), never by a
menu's translated title or by another module's attributes. The keymap follows the actions
as they are registered (``registered``) and gives each its shortcuts.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu


def plain_label(action: QAction) -> str:
    """An action's menu text without the mnemonic ampersand and the trailing ellipsis."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


@dataclass
class Registered:
    """One action in the registry: its id, what the preferences call it, its default keys."""

    id: str
    label: str
    action: QAction
    defaults: list[QKeySequence] | None = None  # None: the shortcuts it has when registered


class ActionRegistry(QObject):
    """Every action of the window by id, and its menus by id.

    Signals:
        registered(str): an action was registered under this id.
    """

    registered = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions: dict[str, Registered] = {}
        self._menus: dict[str, QMenu] = {}

    def register(
        self,
        action_id: str,
        action: QAction,
        label: str | None = None,
        defaults: list[QKeySequence] | None = None,
    ) -> QAction:
        """Add ``action`` as ``action_id``; ``label`` is what the preferences call it ("File ▸
        Save"; default: its text); ValueError when the id is taken."""
        if action_id in self._actions:
            raise ValueError(f"action id {action_id!r} is registered twice")
        self._actions[action_id] = Registered(
            action_id, label or plain_label(action), action, defaults
        )
        self.registered.emit(action_id)
        return action

    def action(self, action_id: str) -> QAction:
        """The action registered as ``action_id`` (KeyError when unknown)."""
        return self._actions[action_id].action

    def entry(self, action_id: str) -> Registered:
        """What was registered as ``action_id`` (KeyError when unknown)."""
        return self._actions[action_id]

    def entries(self) -> list[Registered]:
        """Every registered action, in registration order."""
        return list(self._actions.values())

    def register_menu(self, menu_id: str, menu: QMenu) -> QMenu:
        """Add ``menu`` as ``menu_id`` ("menu.file"); ValueError when the id is taken."""
        if menu_id in self._menus:
            raise ValueError(f"menu id {menu_id!r} is registered twice")
        self._menus[menu_id] = menu
        return menu

    def menu(self, menu_id: str) -> QMenu:
        """The menu registered as ``menu_id`` (KeyError when unknown)."""
        return self._menus[menu_id]
