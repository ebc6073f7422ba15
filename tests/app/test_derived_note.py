"""The status bar names the structures still worked out from the rows after a load."""

from __future__ import annotations

import functools

from pytestqt.qtbot import QtBot

from reviewer.app import statusbar
from reviewer.app.derived import DerivedWork
from reviewer.app.statusbar import StatusBar


def test_working_names_the_parts_still_working_once_the_rows_are_listed(qtbot: QtBot) -> None:
    loading = [True]
    busy = {"duplicates": True, "report": True}
    derived = DerivedWork(lambda: loading[0])
    derived.parts.update({name: functools.partial(busy.__getitem__, name) for name in busy})
    said: list[list[str]] = []
    derived.working.connect(said.append)
    idle: list[bool] = []
    derived.idle.connect(lambda: idle.append(True))
    derived.folder_opened()
    derived.check()
    assert said == []  # still loading: the progress bar says so
    loading[0] = False
    derived.check()
    busy["duplicates"] = False
    derived.check()
    derived.check()  # nothing changed: nothing said
    busy["report"] = False
    derived.check()
    assert said == [["duplicates", "report"], ["report"], []]
    assert idle == [True]


def test_the_note_shows_after_a_moment_and_goes_at_idle(qtbot: QtBot) -> None:
    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.set_working(["duplicates", "report"])
    assert not bar.working.isVisible()  # a moment's work shows nothing
    qtbot.waitUntil(bar.working.isVisible, timeout=statusbar.WORKING_AFTER_MS + 2000)
    assert bar.working.text() == "Preparing duplicates, report…"
    assert "report" in bar.working.toolTip()
    bar.set_working(["report"])
    assert bar.working.isVisible() and bar.working.text() == "Preparing report…"
    bar.set_working([])
    assert not bar.working.isVisible()


def test_work_done_within_the_moment_never_shows(qtbot: QtBot) -> None:
    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.set_working(["search records"])
    bar.set_working([])
    qtbot.wait(statusbar.WORKING_AFTER_MS + 200)
    assert not bar.working.isVisible()
