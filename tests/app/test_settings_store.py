"""The settings store: every option reads back what was stored after the app starts again, and
storing a value that is stored already writes nothing (no file written at each start)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QSettings

from reviewer.app import settings as options
from reviewer.app.settings import Option, Settings

OPTIONS = [value for value in vars(options).values() if isinstance(value, Option)]


def other_value(option: Option[Any]) -> Any:
    """A value of ``option``'s type that is not its default."""
    if option.type is bool:
        return not option.default
    if option.type is int:
        return option.default + 3
    if option.type is str:
        return option.default + "x"
    if option.type is list:
        return ["/a/folder", "/another/folder"]
    assert option.type is QByteArray
    return QByteArray(b"\x00\x01saved state\xff")


def ini(path: Path) -> Settings:
    return Settings(QSettings(str(path), QSettings.Format.IniFormat))


@pytest.mark.parametrize("option", OPTIONS, ids=[o.key for o in OPTIONS])
def test_each_option_reads_back_after_a_restart(tmp_path: Path, option: Option[Any]) -> None:
    path = tmp_path / "settings.ini"
    first = ini(path)
    value = other_value(option)
    first.set(option, value)
    first.store.sync()
    assert ini(path).get(option) == value  # a new store on the file, as the next start


def test_a_value_stored_already_is_not_written_again(tmp_path: Path) -> None:
    store = ini(tmp_path / "settings.ini")
    written: list[str] = []
    real = store.store.setValue

    def counted(key: str, value: Any) -> None:
        written.append(key)
        real(key, value)

    store.store.setValue = counted  # type: ignore[method-assign]
    store.set(options.FIRST_RUN_DONE, True)
    store.add_recent_folder("/a/folder")
    assert written == [
        options.FIRST_RUN_DONE.key,
        options.RECENT_FOLDERS.key,
        options.LAST_FOLDER.key,
    ]
    written.clear()
    store.set(options.FIRST_RUN_DONE, True)  # as each start does
    store.add_recent_folder("/a/folder")
    assert written == []
    store.set(options.FIRST_RUN_DONE, False)
    assert written == [options.FIRST_RUN_DONE.key]
    assert store.get(options.FIRST_RUN_DONE) is False


def test_a_default_value_is_stored_when_absent(tmp_path: Path) -> None:
    store = ini(tmp_path / "settings.ini")
    store.set(options.INDEX_CACHE, options.INDEX_CACHE.default)
    assert store.store.contains(options.INDEX_CACHE.key)
