"""Where the shipped resources (icons, sample articles) are, installed or in a checkout."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The resources folder: in a bundle, in the installed package, or in the checkout."""
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller
    candidates = [
        Path(bundle) / "reviewer" / "resources" if bundle else None,
        Path(__file__).resolve().parents[1] / "resources",  # installed wheel
        Path(__file__).resolve().parents[2] / "resources",  # source checkout
    ]
    for candidate in candidates:
        if candidate is not None and (candidate / "icons").is_dir():
            return candidate
    return Path(__file__).resolve().parents[2] / "resources"


def samples_dir() -> Path:
    """The bundled sample articles, opened on a first run."""
    return resource_dir() / "samples"
