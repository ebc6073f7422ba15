"""The window's Git menu, made by the first git feature that asks for it."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from reviewer.app.context import AppContext

#: The Git menu's id in the action registry.
GIT_MENU = "menu.git"


def git_menu(context: AppContext) -> QMenu:
    """The Git menu (``menu.git``): made right after View the first time (the modes' menus,
    such as Triage, stay next to Help), the same menu after.

    Its actions' tooltips show (a disabled action says there why it is)."""
    try:
        return context.actions.menu(GIT_MENU)
    except KeyError:
        pass
    menu = QMenu("&Git", context.view)
    menu.setToolTipsVisible(True)
    bar = context.view.menuBar()
    menus = bar.actions()
    try:
        after = menus.index(context.actions.menu("menu.view").menuAction()) + 1
    except (KeyError, ValueError):
        after = len(menus)
    if after < len(menus):
        bar.insertMenu(menus[after], menu)
    else:
        bar.addMenu(menu)
    return context.actions.register_menu(GIT_MENU, menu)
