"""A Jekyll site: the folder with ``_config.yml``, its settings, collections and defaults.

Editors open a whole site, whose collections (``_news``, ``_people``, ``_posts``, ...) each
hold files of their own shape. ``find_site`` finds the site around any path; a ``Site``
knows its ``Collection``s and what each file inherits from the ``defaults:`` of its
configuration (``Site.defaults_for``), as Jekyll 4 reads them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from reviewer.core.errors import ArticleError, SiteError
from reviewer.core.files import os_reason, read_regular
from reviewer.core.folder.walk import list_files
from reviewer.core.frontmatter import yamlio
from reviewer.core.images.resolve import Local, resolve
from reviewer.core.site.defaults import NOTHING_INHERITED, Inherited, Matcher, Rule, rules_of
from reviewer.core.store import read_article

__all__ = ["CONFIG_NAMES", "JEKYLL_FOLDERS", "Collection", "Site", "find_site", "load_config"]

#: The names of a site's configuration file, in the order Jekyll looks for them.
CONFIG_NAMES = ("_config.yml", "_config.yaml")
#: Underscore folders that are Jekyll's own, never a collection.
JEKYLL_FOLDERS = frozenset({"_site", "_includes", "_layouts", "_sass", "_plugins", "_data"})
#: Folders whose files Jekyll reads into the posts collection (drafts only with --drafts).
_POST_FOLDERS = ("_posts", "_drafts")


@dataclass(frozen=True)
class Collection:
    """A folder of a site's articles: ``_people`` holds the collection ``people``.

    ``configured``: named by ``collections:`` in ``_config.yml`` (Jekyll reads only those,
    and ``_posts``; reviewer shows every ``_name`` folder holding articles). ``exists``:
    the folder is there (a configured collection may have none yet).
    """

    name: str
    folder: Path
    configured: bool
    exists: bool

    @property
    def type(self) -> str:
        """The type its files have for ``defaults:`` scopes: the label, ``posts`` for the
        drafts (Jekyll 4 reads drafts into the posts collection; checked with jekyll
        4.3.1: a ``type: drafts`` scope applies to nothing)."""
        return "posts" if self.name == "drafts" else self.name


def find_site(path: Path) -> Site | None:
    """The site ``path`` (a folder or file) is in: the nearest folder at or above it with a
    ``_config.yml``; None when there is none.

    Raises SiteError when that configuration cannot be read or loaded.
    """
    start = Path(os.path.abspath(path))
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            config = folder / name
            if os.path.lexists(config):  # a FIFO or a folder so named: SiteError
                return Site(folder, load_config(config), config.name)
    return None


def load_config(path: Path) -> dict[str, Any]:
    """The settings in the configuration file at ``path`` (an empty file: none).

    Loaded by the one YAML loader, which takes anchors, aliases and ``<<`` merge keys as
    Jekyll's (Ruby's Psych with aliases allowed) does. Raises SiteError naming the file and
    the problem (with the line and column for YAML).
    """
    try:
        raw, _stat = read_regular(path)
    except OSError as exc:
        raise SiteError(f"{path}: {os_reason(exc)}") from None
    except ArticleError as exc:  # not a regular file, or too large
        raise SiteError(f"{path}: {exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SiteError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        config = yamlio.load_value(text)
    except ArticleError as exc:
        raise SiteError(f"{path}: {exc}") from None
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise SiteError(f"{path}: the configuration is not a mapping of settings to values")
    return config


class Site:
    """A Jekyll site: its ``root`` folder and the settings of its configuration."""

    def __init__(self, root: Path, config: dict[str, Any], config_name: str = "_config.yml"):
        self.root = Path(os.path.abspath(root))
        self.config = config
        self.config_name = config_name
        baseurl = config.get("baseurl")
        #: The site's base path (``/blog``), "" when none.
        self.baseurl: str = baseurl if isinstance(baseurl, str) else ""
        folder = config.get("collections_dir")
        #: Where the collection folders are, relative to the root ("" for the root).
        self.collections_dir: str = folder.strip("/") if isinstance(folder, str) else ""
        rules, warnings = rules_of(config, config_name)
        #: The valid entries of ``defaults:``, in order.
        self.rules: list[Rule] = rules
        #: Sentences about settings Jekyll would ignore or warn about.
        self.warnings: list[str] = warnings
        self._matcher = Matcher(rules, os.fspath(self.root), self.collections_dir)
        self._inherited: dict[tuple[int, ...], Inherited] = {}

    def __repr__(self) -> str:
        return f"<Site {self.root}>"

    @property
    def collections_folder(self) -> Path:
        """The folder holding the collection folders."""
        return self.root / self.collections_dir if self.collections_dir else self.root

    def configured_names(self) -> list[str]:
        """The collection labels ``collections:`` names (a mapping or a list), in order."""
        named = self.config.get("collections")
        if isinstance(named, dict):
            labels = list(named)
        elif isinstance(named, list):
            labels = named
        else:
            return []
        return list(dict.fromkeys(str(label) for label in labels if label is not None))

    @cached_property
    def collections(self) -> list[Collection]:
        """The collections: those ``_config.yml`` names, in its order, then every other
        ``_name`` folder of the collections folder holding an article file (``_posts``
        and ``_drafts`` included), by name. Jekyll's own folders (``_site``, ``_data``,
        ...) are never collections. Reads at most one article per folder (found once)."""
        base = self.collections_folder
        found = []
        for name in self.configured_names():
            folder = base / f"_{name}"
            found.append(Collection(name, folder, True, folder.is_dir()))
        known = {c.name for c in found}
        for name in sorted(self._underscore_folders()):
            label = name[1:]
            if label not in known and _holds_articles(base / name):
                found.append(Collection(label, base / name, False, True))
        return found

    def _underscore_folders(self) -> list[str]:
        try:
            with os.scandir(self.collections_folder) as entries:
                return [
                    entry.name
                    for entry in entries
                    if entry.name.startswith("_")
                    and len(entry.name) > 1
                    and entry.name not in JEKYLL_FOLDERS
                    and entry.is_dir()
                    and not entry.is_symlink()
                ]
        except OSError:
            return []

    def collection(self, name: str) -> Collection | None:
        """The collection called ``name`` (its label, without the underscore)."""
        return next((c for c in self.collections if c.name == name), None)

    def collection_of(self, path: Path) -> Collection | None:
        """The collection a file is in (by its folder), or None."""
        placed = self._place(path)
        return None if placed is None else self.collection(placed[2])

    def local_file(self, url: str) -> Path | None:
        """The file of the site a site path names (``/assets/images/x.jpg``, or
        ``/blog/assets/images/x.jpg`` when the baseurl is ``/blog``; ``assets/x.jpg`` is read
        from the root too), whether it exists or not, links followed; None for a remote or
        refused URL (``https://...``, ``//host/x``, ``file:``) and for one that leaves the
        site's folder, by ``..`` or by a link. The query and fragment are dropped and
        %-escapes decoded, as a web server would. This is ``core.images.resolve``, the one
        mapping of a site path to a file."""
        if not isinstance(url, str):
            return None
        where = resolve(url, self.root, self.baseurl)
        return where.path if isinstance(where, Local) else None

    def defaults_for(self, path: str | os.PathLike[str]) -> Inherited:
        """What the file at ``path`` (a Path or its text: ``Document.path_text``) inherits
        from ``defaults:`` (nothing outside the site).

        The rules apply by the file's path and type as Jekyll's: the collection's label for
        a file in one (``posts`` in ``_posts`` and ``_drafts``), ``pages`` for any other.
        Files matched by the same rules share one Inherited.
        """
        placed = self._place(path)
        if placed is None or not self.rules:
            return NOTHING_INHERITED
        relative, kind, _name = placed
        rules = self._matcher.matching(relative, kind)
        if not rules:
            return NOTHING_INHERITED
        key = tuple(r.index for r in rules)
        inherited = self._inherited.get(key)
        if inherited is None:
            inherited = self._inherited[key] = Inherited.of(rules)
        return inherited

    def _place(self, path: str | os.PathLike[str]) -> tuple[str, str, str] | None:
        """(the path Jekyll matches scopes against, the type, the collection's label or "")
        of a file, or None when it is not below the root."""
        try:
            relative = Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return None
        inner = relative
        if self.collections_dir:
            prefix = self.collections_dir + "/"
            inner = relative[len(prefix) :] if relative.startswith(prefix) else ""
        if "/" in inner:
            top = inner.split("/", 1)[0]
            if top in _POST_FOLDERS:
                return inner, "posts", top[1:]
            label = top[1:]
            if top.startswith("_") and top not in JEKYLL_FOLDERS and label:
                return inner, label, label
        folders = relative.split("/")[:-1]
        if any(part in _POST_FOLDERS for part in folders):  # blog/_posts/...: posts too
            return relative, "posts", ""
        return relative, "pages", ""


def _holds_articles(folder: Path) -> bool:
    """True when a file below ``folder`` has a front matter (or cannot be read, as the
    listing shows such files too); a README alone does not make a collection."""
    for rel in list_files(folder):
        article = read_article(folder / rel)
        if article.has_front_matter:
            return True
    return False
