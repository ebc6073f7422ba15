"""An article being edited: what is on disk, plus the editor's pending changes."""

from __future__ import annotations

import dataclasses
from typing import Any

from reviewer.core import store
from reviewer.core.article import Article, in_summary
from reviewer.core.errors import ArticleError, ConflictError
from reviewer.core.frontmatter.edit import MISSING, KeyPath, put, same
from reviewer.core.site.defaults import NOTHING_INHERITED, Inherited, effective

__all__ = ["MISSING", "Document", "NotLoadedError", "lookup", "with_changes"]


class NotLoadedError(LookupError):
    """A value the light document's summary does not hold was asked for: call load()."""


def lookup(data: dict[str, Any], path: KeyPath) -> Any:
    """The value at ``path`` in nested mappings, or MISSING."""
    value: Any = data
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


def with_changes(data: dict[str, Any], changes: dict[KeyPath, Any]) -> dict[str, Any]:
    """``data`` with ``changes`` made, ``data`` itself left as it is.

    Only the mappings on a changed key's path are copied; every other value is shared with
    ``data`` (as an unchanged document's view shares all of it): a toggle of ``published``
    copies one dict, not the whole front matter.
    """
    result = dict(data)
    copied = {id(result)}
    for path, value in changes.items():
        node = result
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                if value is MISSING:
                    break  # nothing to remove below a value that is not a mapping
                child = {}
            elif id(child) not in copied:
                child = dict(child)
            copied.add(id(child))
            node[part] = child
            node = child
        else:
            put(node, path[-1:], value)
    return result


class Document:
    """One article and its unsaved changes, keyed by path of keys (``("provider", "name")``).

    The disk article is the baseline: setting a value back to what the disk holds drops the
    change. ``view`` is an Article whose data shows the changes, for display.

    The baseline may start *light* (``Article.complete`` False: only the summary a folder
    listing holds). Reading the file is a step of its own, ``load``; no getter or setter
    reads it. ``get`` and ``set`` work on a light document for every key its summary answers
    (``article.in_summary``); ``set`` of another key keeps the change as given (a save finds
    whether it makes a difference), and ``get`` of one raises NotLoadedError: load first.
    ``render`` and ``save`` load the file themselves: they are where the file is read.
    """

    # A window holds one per row, 100,000 of them: slots, no per-instance dict (half the size).
    __slots__ = ("_effective", "_inherited", "_view", "article", "changes", "deleted_on_disk")

    def __init__(self, article: Article) -> None:
        self.article = article
        self.changes: dict[KeyPath, Any] = {}
        self.deleted_on_disk = False
        self._view: Article | None = None
        self._inherited = NOTHING_INHERITED
        self._effective: tuple[Article, Article] | None = None  # (view, its effective)

    @property
    def path(self) -> Any:
        """The file's path."""
        return self.article.path

    @property
    def path_text(self) -> str:
        """The file's path as text, without making a Path (``Article.path_text``)."""
        return self.article.path_text

    @property
    def modified(self) -> bool:
        """True when there are unsaved changes."""
        return bool(self.changes)

    @property
    def editable(self) -> bool:
        """False for files that could not be read; they are shown, never written."""
        return self.article.error is None

    @property
    def loaded(self) -> bool:
        """True when the baseline is the whole file, not a listing's light summary."""
        return self.article.complete

    def load(self, full: Article | None = None) -> bool:
        """Read the file when the baseline is light, and make it the baseline.

        ``full``: the file as read elsewhere (``store.read_article`` in a worker thread, so
        that the document itself changes only on the thread that owns it). Pending changes
        stay. Returns True when the file is not what the light article was made from
        (changed, deleted or unreadable since listing); False when it is, or when the
        document was already loaded.
        """
        light = self.article
        if light.complete:
            return False
        if full is None:
            full = store.read_article(light.path)
        self.article = full
        self._view = None
        before, now = light.fingerprint, full.fingerprint
        if before is None or now is None:  # unreadable at listing, or now
            return before is not now
        return now.digest != before.digest

    def knows(self, path: KeyPath) -> bool:
        """True when the value on disk at ``path`` is known without reading the file."""
        return self.article.complete or in_summary(self.article.data, path)

    def disk_value(self, path: KeyPath) -> Any:
        """The value on disk at ``path`` (MISSING when absent); NotLoadedError when the
        document is light and its summary does not hold it."""
        if not self.knows(path):
            raise NotLoadedError(f"{self.path.name}: {'.'.join(map(str, path))} needs load()")
        return lookup(self.article.data, path)

    def get(self, path: KeyPath) -> Any:
        """The current value at ``path``, edited or not (MISSING when absent);
        NotLoadedError as ``disk_value``."""
        if path in self.changes:
            return self.changes[path]
        if not self.knows(path):
            raise NotLoadedError(f"{self.path.name}: {'.'.join(map(str, path))} needs load()")
        return lookup(self.view.data, path)

    def set(self, path: KeyPath, value: Any) -> None:
        """Change the value at ``path``; a value equal to the disk's drops the change.

        Reads no file: on a light document a key its summary does not hold stays a change.
        """
        if self.knows(path) and same(lookup(self.article.data, path), value):
            self.changes.pop(path, None)
        else:
            self.changes[path] = value
        self._view = None

    def revert(self, path: KeyPath | None = None) -> None:
        """Drop the change at ``path``, or every change."""
        if path is None:
            self.changes.clear()
        else:
            self.changes.pop(path, None)
        self._view = None

    def is_changed(self, path: KeyPath) -> bool:
        """True when ``path`` (or a key below it) has an unsaved change."""
        return any(key[: len(path)] == path for key in self.changes)

    @property
    def view(self) -> Article:
        """The article as it would read with the changes made (a light one when unloaded)."""
        if self._view is None:
            if not self.changes:
                self._view = self.article
            else:
                data = with_changes(self.article.data, self.changes)
                self._view = dataclasses.replace(self.article, data=data)
        return self._view

    @property
    def inherited(self) -> Inherited:
        """What the file inherits from its site's ``defaults:`` (set by the workspace;
        nothing outside a site). Never written to the file unless edited."""
        return self._inherited

    @inherited.setter
    def inherited(self, inherited: Inherited) -> None:
        self._inherited = inherited
        self._effective = None

    @property
    def effective(self) -> Article:
        """``view`` as Jekyll reads it: its data deep-merged over the inherited values
        (``site.effective``: the file wins); ``view`` itself when nothing is inherited.
        What searches and published counts look at. Made once per version of ``view``.

        A light document inherits only the keys its summary answers for (``knows``): of
        another key, the file may hold a value the summary left out.
        """
        view = self.view
        if not self._inherited:
            return view
        cached = self._effective
        if cached is None or cached[0] is not view:
            inherited = self._inherited.data
            if not view.complete:  # only what the summary vouches for, as for the file's own
                inherited = {k: v for k, v in inherited.items() if in_summary(view.data, (k,))}
            data = effective(inherited, view.data)
            cached = self._effective = (view, dataclasses.replace(view, data=data))
        return cached[1]

    def inherited_source(self, path: KeyPath) -> str | None:
        """Where the value at ``path`` comes from when the site's defaults give it and the
        file (as edited) does not (``_config.yml, defaults[1]: path _people``); None when
        the file's own value is the one used, or nothing is there. NotLoadedError as ``get``.
        """
        inherited = self._inherited.get(path, MISSING)
        if inherited is MISSING:
            return None
        own = self.get(path)
        if own is not MISSING and own is not None:
            return None
        if lookup(self.effective.data, path) is not inherited:
            return None  # a value of the file above ``path`` hides it
        return self._inherited.source(path)

    def render(self) -> bytes:
        """The bytes a save would write (raises EditError when it cannot be done exactly)."""
        self.load()
        return store.render(self.article, self.changes)

    def save(self, force: bool = False, rebase: bool = False) -> bool:
        """Write the changes; on success they become the new baseline. True when the file's
        bytes changed (False: they held the changes already).

        On any error (EditError, ConflictError, SaveError and its ReadOnlyError and
        LockedError) nothing is written and the changes stay in memory. ``force`` writes a
        write-protected file anyway. ``rebase`` reads the file again under its lock and
        makes the changes to it as it is then, instead of refusing a file changed since it
        was read (for changes not based on a reading: the command line's).
        """
        if not self.changes:
            return False
        if rebase:
            before, self.article = store.edit_file(
                self.path, self.changes, force=force, check=_readable
            )
            written = self.article is not before
        else:
            if self.load():
                # The changes were made on the listing's summary, and the file is no longer
                # what it was listed from: they are kept, and now apply to the file as it is.
                raise ConflictError(
                    f"{self.path.name} was changed by another program since it was listed"
                )
            before = self.article
            self.article = store.save(self.article, self.changes, force=force)
            written = self.article is not before
        self.changes.clear()
        self._view = None
        return written

    def reload(self, article: Article) -> None:
        """Take a newer disk version; pending changes stay and now apply to it.

        A light ``article`` stays light unless there are changes: they are compared with
        the file itself, so it is read.
        """
        self.article = article
        self.deleted_on_disk = False
        if self.changes:
            self.load()
            article = self.article
        for path in [p for p, v in self.changes.items() if same(lookup(article.data, p), v)]:
            del self.changes[path]
        self._view = None


def _readable(article: Article) -> None:
    if article.error is not None:
        raise ArticleError(article.error)
