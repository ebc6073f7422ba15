"""The one object handed down to the window instead of globals."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.app.settings import Settings


@dataclass
class AppContext:
    """What the window needs from the outside world."""

    settings: Settings
