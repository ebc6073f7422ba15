"""Shared test set-up: Qt without a display, and where the sample and real articles are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Fixtures shared by test folders (each module says which it uses): real git repositories.
pytest_plugins = ["tests.gitrepos"]

# Before anything imports Qt: GUI tests run without a display unless a caller chose otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The real article files in ../shared/corpus; skips the test when they are absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The bundled sample articles (resources/samples); read them, copy them to edit them."""
    return SAMPLES
