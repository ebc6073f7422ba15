"""REVIEWER_SMOKE_MS, the self-check the packaging test runs on the installed app."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_reviewer(
    home: Path, *args: str, smoke: str, timeout: float = 60, docks: bool = False
) -> subprocess.CompletedProcess[str]:
    """``python -m reviewer ARGS`` offscreen, as a user whose settings live in ``home`` (the
    smoke check showing the docks too when ``docks``)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "REVIEWER_SMOKE_MS": smoke,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    env.pop("REVIEWER_SMOKE_DOCKS", None)
    if docks:
        env["REVIEWER_SMOKE_DOCKS"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "reviewer", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def articles(tmp_path: Path, samples_dir: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(samples_dir, folder)
    return folder


def test_smoke_shows_the_window_on_the_folder_and_exits_cleanly(
    tmp_path: Path, articles: Path
) -> None:
    result = run_reviewer(tmp_path / "home", str(articles), smoke="0")
    assert result.returncode == 0, result.stderr
    ready = [line for line in result.stdout.splitlines() if line.startswith("smoke: ready")]
    assert len(ready) == 1, result.stdout
    fields = dict(re.findall(r"(\w+)=(\S+)", ready[0]))
    assert fields["platform"] == "offscreen"
    # Every sample with a front matter, and the broken one with its error, is listed.
    assert int(fields["rows"]) == 12
    assert str(articles) in ready[0]
    # Then, once every structure derived from the rows is complete, one idle line.
    lines = result.stdout.splitlines()
    idle = [line for line in lines if line.startswith("smoke: idle")]
    assert len(idle) == 1, result.stdout
    assert lines.index(idle[0]) > lines.index(ready[0])
    idle_ms = int(dict(re.findall(r"(\w+)=(\S+)", idle[0]))["ms"])
    assert idle_ms >= int(fields["ms"])
    # Closing the window is a normal close: the app remembered its state.
    assert (tmp_path / "home" / ".config" / "reviewer").is_dir()


def test_smoke_can_show_the_docks_and_waits_for_them(tmp_path: Path, articles: Path) -> None:
    """REVIEWER_SMOKE_DOCKS: the packaging test proves the bundle draws the charts."""
    result = run_reviewer(tmp_path / "home", str(articles), smoke="0", docks=True)
    assert result.returncode == 0, result.stderr
    idle = [line for line in result.stdout.splitlines() if line.startswith("smoke: idle")]
    assert len(idle) == 1, result.stdout
    assert idle[0].endswith(" docks=Charts,Report charts=drawn"), idle[0]
    plain = run_reviewer(tmp_path / "home2", str(articles), smoke="0")
    assert " docks=" not in plain.stdout


def test_smoke_waits_the_given_time_before_closing(tmp_path: Path, articles: Path) -> None:
    started = time.monotonic()
    result = run_reviewer(tmp_path / "home", str(articles), smoke="700")
    assert result.returncode == 0, result.stderr
    assert "smoke: ready" in result.stdout
    assert time.monotonic() - started >= 0.7


@pytest.mark.parametrize("value", ["soon", "-1", "1.5", ""])
def test_a_bad_smoke_value_is_a_usage_error(tmp_path: Path, articles: Path, value: str) -> None:
    result = run_reviewer(tmp_path / "home", str(articles), smoke=value)
    assert result.returncode == 2
    assert "REVIEWER_SMOKE_MS must be a number of milliseconds" in result.stderr
    assert result.stdout == ""


def test_the_command_line_ignores_smoke(tmp_path: Path, articles: Path) -> None:
    result = run_reviewer(tmp_path / "home", "list", str(articles), "--format", "csv", smoke="0")
    assert result.returncode == 0, result.stderr
    assert "smoke" not in result.stdout + result.stderr
