"""Where an image's address points: a file of the site, a remote address, or nowhere.

On a Jekyll site most image addresses are site-relative (``/assets/images/logo.jpg``, or
``/powerapps/assets/...`` with the site's ``baseurl``): the picture is a file of the
repository, below the site root. Those are read from disk, never fetched, and never from
outside the site root: a ``..`` that climbs out of it, or a symbolic link whose target is
outside it, is refused. http and https addresses are remote (fetched only when the editor
allows it); every other scheme (``file:``, ``data:``, ``javascript:``, ``ftp:``) is refused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from reviewer.core.links import url_problem

#: The schemes fetched from the network.
REMOTE_SCHEMES = ("http", "https")
#: Why a site-relative address is not shown when no site is open (a plain folder).
NO_SITE_ROOT = "no site root (this folder is not in a Jekyll site, so site paths cannot be found)"


@dataclass(frozen=True)
class Local:
    """A file of the site (resolved: inside the site root, links followed)."""

    path: Path


@dataclass(frozen=True)
class Remote:
    """An http or https address."""

    url: str


@dataclass(frozen=True)
class Refused:
    """An address that is not shown, and why (one sentence)."""

    reason: str


Resolved = Local | Remote | Refused


def resolve(url: str, root: Path | None, baseurl: str = "") -> Resolved:
    """Where ``url`` points, for a site whose folder is ``root`` (None: no site) and whose
    ``_config.yml`` gives ``baseurl`` ("" or "/path"). Touches no network; for a local path
    it only asks the file system where links lead."""
    text = url.strip()
    if not text:
        return Refused("no address")
    try:
        parts = urlsplit(text)
    except ValueError:
        return Refused("the address is not valid")
    scheme = parts.scheme.lower()
    if scheme or parts.netloc:  # "//host/x.png" is remote too, in the page's scheme
        remote = text if scheme else f"https:{text}"
        if (scheme or "https") not in REMOTE_SCHEMES:
            return Refused(f"{scheme}: address refused (only http, https and site paths are shown)")
        problem = url_problem(remote)
        return Refused(problem) if problem else Remote(remote)
    return _site_file(unquote(parts.path), root, baseurl)


def _site_file(path: str, root: Path | None, baseurl: str) -> Resolved:
    if root is None:
        return Refused(NO_SITE_ROOT)
    if "\x00" in path or "\\" in path:
        return Refused("the path holds a NUL or a backslash")
    base = "/" + baseurl.strip("/") if baseurl.strip("/") else ""
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :]
    steps = [step for step in path.split("/") if step not in ("", ".")]
    if ".." in steps:
        return Refused(f"{path} climbs out of the site folder (..)")
    if not steps:
        return Refused("the path names the site folder, not a file")
    top = Path(os.path.realpath(root))
    target = Path(os.path.realpath(top.joinpath(*steps)))
    if not target.is_relative_to(top):
        return Refused(f"{path} is a link to a place outside the site folder")
    return Local(target)
