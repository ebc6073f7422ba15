"""Helpers for the command-line tests: hand-written articles and how to write them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

PUBLISHED = """\
---
# A comment the CLI must never lose
title: "Power Apps: what's new"
category: news
type: article
publishedDateTime: 2024-03-01T10:30:00Z
published: true
quality: 42
heat: 7
provider:
  name: Microsoft
  domain: microsoft.com
topics:
  - Power Apps
  - AI
secured: "abc/DEF+123=="
---
Body text.
"""

UNPUBLISHED = """\
---
title: Draft item
category: news
publishedDateTime: 2024-02-10
published: false
provider: {name: The Verge, domain: theverge.com}
topics: [AI]
---
"""

NO_PUBLISHED = """\
---
title: 'No published key'
category: news
quality: 3
---
Body.
"""

NO_FRONT_MATTER = "# Just a page\n\nNo front matter here.\n"

BAD_YAML = """\
---
title: Power Apps: the: colons
published: true
---
"""

BILLION_LAUGHS = """\
---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
"""

#: Relative path -> text of the site built by the ``site`` fixture.
SITE = {
    "news/2024-03-01-published.md": PUBLISHED,
    "news/2024-02-10-unpublished.md": UNPUBLISHED,
    "news/sub/no-published.md": NO_PUBLISHED,
    "news/broken.md": BAD_YAML,
    "news/laughs.md": BILLION_LAUGHS,
    "about.md": NO_FRONT_MATTER,
}

Run = Callable[..., tuple[int, str, str]]


def write(path: Path, text: str, newline: str = "\n") -> Path:
    """Write ``text`` to ``path`` as UTF-8 bytes with ``newline`` line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path
