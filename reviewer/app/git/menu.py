"""The window's Git menu, made by the first git feature that asks for it."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from reviewer.app.context import AppContext

#: The Git menu's id in the action registry.
GIT_MENU = "menu.git"


def git_menu(context: AppContext) -> QMenu:
    """The Git menu (``menu.git``): made before Help the first time, the same menu after.

    Its actions' tooltips show (a disabled action says there why it is)."""
    try:
        return context.actions.menu(GIT_MENU)
    except KeyError:
        pass
    menu = QMenu("&Git", context.view)
    menu.setToolTipsVisible(True)
    bar = context.view.menuBar()
    try:
        bar.insertMenu(context.actions.menu("menu.help").menuAction(), menu)
    except KeyError:
        bar.addMenu(menu)
    return context.actions.register_menu(GIT_MENU, menu)
