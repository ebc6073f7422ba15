"""Fixtures for the command-line tests: a small site of hand-written articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import SITE, Run, write

from reviewer.__main__ import main


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own index cache folder (never the user's)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("REVIEWER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A folder of articles: published, unpublished, no key, broken, laughs, plain page."""
    root = tmp_path / "site"
    for name, text in SITE.items():
        write(root / name, text)
    return root


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run ``reviewer ARGS...`` in-process; return (exit status, stdout, stderr)."""

    def run(*args: object) -> tuple[int, str, str]:
        capsys.readouterr()
        status = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return status, out, err

    return run
