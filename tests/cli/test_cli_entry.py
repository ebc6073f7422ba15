"""Dispatch between the command line and the desktop app, version, usage errors."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from cli_support import Run

import reviewer
from reviewer import __main__ as entry

ROOT = Path(__file__).resolve().parents[2]


def test_module_entry_point_prints_version_without_importing_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reviewer", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"reviewer {reviewer.__version__}\n"
    # -X importtime lists every module imported: the command line loads no Qt at all.
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert "reviewer.cli.main" in imported
    assert not [name for name in imported if name.startswith(("PySide6", "shiboken6"))]


def test_the_desktop_entry_does_not_import_the_command_line() -> None:
    # Telling a command from a folder takes the names only: the commands' modules (about
    # 0.1 s of imports) are not part of the desktop app's start.
    code = (
        "import sys; import reviewer.__main__ as m; "
        "assert 'list' in m.COMMANDS and 'status' in m.COMMANDS; "
        "print(sorted(n for n in sys.modules if n.startswith('reviewer.cli')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip() == "['reviewer.cli', 'reviewer.cli.commands', 'reviewer.cli.console']"
    )


def test_version_in_process(cli: Run) -> None:
    assert cli("--version") == (0, f"reviewer {reviewer.__version__}\n", "")


def test_help_lists_every_command(cli: Run) -> None:
    status, out, _ = cli("--help")
    assert status == 0
    for command in ("list", "show", "publish", "unpublish", "set", "check"):
        assert command in out
    assert "reviewer [FOLDER]" in out


@pytest.mark.parametrize(
    "args",
    [["--bogus"], ["list"], ["list", "x", "--format", "xml"], ["set", "f.md"], ["show"]],
)
def test_usage_errors_exit_2(cli: Run, args: list[str]) -> None:
    status, out, err = cli(*args)
    assert status == 2
    assert out == ""
    assert "usage: reviewer" in err


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Stand in for reviewer.app; records the folders its main() was called with."""
    calls: list[Any] = []
    module = types.ModuleType("reviewer.app")

    def fake_main(folder: Path | None) -> int:
        calls.append(folder)
        return 0

    module.main = fake_main  # type: ignore[attr-defined]  # a stand-in module
    monkeypatch.setitem(sys.modules, "reviewer.app", module)
    return calls


def test_no_arguments_start_the_app(fake_app: list[Any]) -> None:
    assert entry.main([]) == 0
    assert fake_app == [None]


def test_a_folder_starts_the_app_on_it(fake_app: list[Any], tmp_path: Path) -> None:
    assert entry.main([str(tmp_path)]) == 0
    assert fake_app == [tmp_path]


def test_a_folder_named_like_nothing_special_is_not_a_command(
    fake_app: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "lists").mkdir()
    monkeypatch.chdir(tmp_path)
    assert entry.main(["lists"]) == 0
    assert fake_app == [Path("lists")]


def test_a_missing_folder_does_not_start_the_app(
    fake_app: list[Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert entry.main([str(missing)]) == 2
    assert fake_app == []
    assert f"{missing}: no such folder" in capsys.readouterr().err


def test_a_file_is_not_a_folder(
    fake_app: list[Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "a.md"
    file.write_text("x")
    assert entry.main([str(file)]) == 2
    assert fake_app == []
    assert "not a folder" in capsys.readouterr().err


def test_two_folders_are_a_usage_error(
    fake_app: list[Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert entry.main([str(tmp_path), str(tmp_path)]) == 2
    assert fake_app == []
    assert "expected one folder" in capsys.readouterr().err


def test_gui_main_takes_the_first_argument(
    fake_app: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["reviewer-gui", str(tmp_path)])
    assert entry.gui_main() == 0
    monkeypatch.setattr(sys, "argv", ["reviewer-gui"])
    assert entry.gui_main() == 0
    assert fake_app == [tmp_path, None]


def test_app_status_is_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("reviewer.app")
    module.main = lambda folder: 3  # type: ignore[attr-defined]  # a stand-in module
    monkeypatch.setitem(sys.modules, "reviewer.app", module)
    assert entry.main([]) == 3


def test_missing_app_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "reviewer.app", None)  # makes the import fail
    assert entry.main([]) == 2
    err = capsys.readouterr().err
    assert "cannot start the desktop app" in err
    assert "reviewer.app" in err


def test_app_without_main_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "reviewer.app", types.ModuleType("reviewer.app"))
    assert entry.main([]) == 2
    assert "reviewer.app has no main()" in capsys.readouterr().err


def test_commands_never_start_the_app(fake_app: list[Any], cli: Run, site: Path) -> None:
    for args in (["list", site], ["check", site], ["--version"]):
        cli(*args)
    assert fake_app == []


def test_without_a_display_the_app_says_what_to_do(tmp_path: Path) -> None:
    """Issue 11: with no display, Qt aborted with a message about libxcb-cursor0."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reviewer"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert result.returncode == 2
    assert "reviewer: error: no display to open the window on" in result.stderr
    assert "xvfb-run -a reviewer [FOLDER]" in result.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert not [name for name in imported if name.startswith(("PySide6", "shiboken6"))]


@pytest.mark.parametrize(
    ("environ", "fine"),
    [
        ({}, False),
        ({"DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, True),
    ],
)
def test_missing_display(environ: dict[str, str], fine: bool) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("always a display there")
    assert (entry.missing_display(environ) is None) is fine
