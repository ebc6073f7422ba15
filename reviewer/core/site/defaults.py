"""Front-matter defaults: what a file inherits from its site's ``_config.yml``, as Jekyll 4
works it out (``jekyll/frontmatter_defaults.rb`` and ``Utils.deep_merge_hashes``).

A ``defaults:`` entry is a ``Rule``: a scope (``path``, ``type``) and ``values``. Jekyll
applies the rules whose scope matches a file in the order they are written, each one merged
over the others unless an earlier one has precedence (a longer scope path, then a type
given); the file's own front matter is merged over the result. Merging is deep for mappings
only, and a null never replaces a value: a file's ``category: ~`` keeps the default's
category (checked with ``jekyll build``).

Nothing here reads files but a glob's matches (a scope path with ``*``).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from reviewer.core.frontmatter.edit import KeyPath

__all__ = ["NOTHING_INHERITED", "Inherited", "Rule", "deep_merge", "effective", "rules_of"]

#: Jekyll's old singular scope types, read as the plural ones (update_deprecated_types).
_DEPRECATED_TYPES = {"page": "pages", "post": "posts", "draft": "drafts"}


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` merged over ``base`` as Jekyll's ``Utils.deep_merge_hashes`` does.

    A key of ``over`` replaces ``base``'s, except that two mappings are merged (recursively)
    and a null in ``over`` keeps ``base``'s value. Neither argument is changed; values are
    shared with them, not copied.
    """
    return _merge(base, over, _is_null)


def effective(inherited: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """A file's data as Jekyll sees it: ``data`` (its front matter) deep-merged over the
    values it ``inherited`` from the site's defaults (the file wins; see ``deep_merge``).

    ``data`` itself (not a copy) when nothing is inherited. The one rule every reader of
    inherited values uses: documents, searches, counts.
    """
    if not inherited:
        return data if isinstance(data, dict) else dict(data)
    return deep_merge(inherited, data)


def _is_null(value: Any) -> bool:
    return value is None


def _merge(
    base: Mapping[str, Any], over: Mapping[str, Any], is_null: Callable[[Any], bool]
) -> dict[str, Any]:
    """``deep_merge`` with the test of a null given (values may be wrapped, see _Leaf)."""
    result = dict(base)
    for key, new in over.items():
        if key not in result:
            result[key] = new
            continue
        old = result[key]
        if is_null(new):
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            result[key] = _merge(old, new, is_null)
        else:
            result[key] = new
    return result


@dataclass(frozen=True, eq=False)
class Rule:
    """One entry of ``defaults:`` in ``_config.yml``.

    ``index`` is its position in that list (from 0), ``path`` its scope path as written
    ("" when none: every file), ``type`` its scope type (None: every type; ``post`` read as
    ``posts``), ``values`` what it gives.
    """

    index: int
    path: str
    type: str | None
    values: dict[str, Any]
    config: str = "_config.yml"

    def describe(self) -> str:
        """Where the rule is, for an editor: ``_config.yml, defaults[2]: path _people,
        type people``."""
        scope = [f"path {self.path}"] if self.path else []
        if self.type is not None:
            scope.append(f"type {self.type}")
        return f"{self.config}, defaults[{self.index}]: {', '.join(scope) or 'every file'}"

    @property
    def anchored(self) -> str:
        """The scope path as Jekyll compares it for precedence (a leading "/" dropped)."""
        return self.path[1:] if self.path.startswith("/") else self.path


def rules_of(
    config: Mapping[str, Any], config_name: str = "_config.yml"
) -> tuple[list[Rule], list[str]]:
    """The valid rules of ``config["defaults"]``, and a sentence for each entry left out
    (Jekyll warns about those and goes on)."""
    entries = config.get("defaults")
    if entries is None:
        return [], []
    if not isinstance(entries, list):
        return [], [f"{config_name}: defaults is not a list; no defaults apply"]
    rules, warnings = [], []
    for index, entry in enumerate(entries):
        scope = entry.get("scope", {}) if isinstance(entry, dict) else None
        if scope is None:
            scope = {}
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            warnings.append(f"{config_name}: defaults[{index}] has no mapping of values; ignored")
            continue
        if not isinstance(scope, dict):
            warnings.append(f"{config_name}: defaults[{index}] has a scope that is not a mapping")
            continue
        path = scope.get("path")
        kind = scope.get("type")
        kind = None if "type" not in scope else str(kind)
        rules.append(
            Rule(
                index,
                path if isinstance(path, str) else "",
                _DEPRECATED_TYPES.get(kind, kind) if kind is not None else None,
                entry["values"],
                config_name,
            )
        )
    return rules, warnings


class _Leaf:
    """A value from a rule, with the rule: merged like the value, to know each one's source."""

    __slots__ = ("rule", "value")

    def __init__(self, value: Any, rule: Rule) -> None:
        self.value = value
        self.rule = rule


def _traced(values: Mapping[str, Any], rule: Rule) -> dict[str, Any]:
    """``values`` with every value that is not a mapping wrapped in a _Leaf of ``rule``."""
    return {
        key: _traced(value, rule) if isinstance(value, dict) else _Leaf(value, rule)
        for key, value in values.items()
    }


def _untraced(tree: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: _untraced(node) if isinstance(node, dict) else node.value for key, node in tree.items()
    }


def _leaf_null(node: Any) -> bool:
    return isinstance(node, _Leaf) and node.value is None


class Inherited(Mapping[KeyPath, Any]):
    """What one file inherits from the site's defaults: the merged values (``data``, a
    mapping like a front matter) and, for each, the rule it comes from (``source``).

    Also a read-only mapping from key paths to values: ``("twitter", "followers") in
    inherited``, ``inherited[("category",)]``; it iterates over every key path it holds
    (mappings and the values inside them), depth first.
    """

    __slots__ = ("_tree", "data", "rules")

    def __init__(
        self,
        data: dict[str, Any] | None = None,
        rules: tuple[Rule, ...] = (),
        tree: dict[str, Any] | None = None,
    ) -> None:
        #: The inherited values, nested as in a front matter.
        self.data: dict[str, Any] = {} if data is None else data
        #: The rules that matched, in the order of ``_config.yml``.
        self.rules = rules
        self._tree: dict[str, Any] = {} if tree is None else tree

    @classmethod
    def of(cls, rules: list[Rule]) -> Inherited:
        """The merge of ``rules`` (those whose scope matches a file, in config order) by
        Jekyll's ``FrontmatterDefaults#all``: each merged over the result so far when it has
        precedence over the last rule that had it, else merged under it."""
        tree: dict[str, Any] = {}
        last: Rule | None = None
        for rule in rules:
            traced = _traced(rule.values, rule)
            if last is None or _has_precedence(last, rule):
                tree = _merge(tree, traced, _leaf_null)
                last = rule
            else:
                tree = _merge(traced, tree, _leaf_null)
        return cls(_untraced(tree), tuple(rules), tree)

    def __repr__(self) -> str:
        return f"Inherited({self.data!r})"

    def __getitem__(self, path: KeyPath) -> Any:
        value: Any = self.data
        for part in path:
            if not isinstance(value, dict) or part not in value:
                raise KeyError(path)
            value = value[part]
        if not path:
            raise KeyError(path)
        return value

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, tuple):
            return False
        try:
            self[path]
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self) -> Iterator[KeyPath]:
        stack: list[tuple[KeyPath, dict[str, Any]]] = [((), self.data)]
        while stack:
            prefix, mapping = stack.pop()
            for key, value in mapping.items():
                path = (*prefix, key)
                yield path
                if isinstance(value, dict):
                    stack.append((path, value))

    def __len__(self) -> int:
        return sum(1 for _path in self)

    def __bool__(self) -> bool:
        return bool(self.data)

    def source(self, path: KeyPath) -> str | None:
        """Where the inherited value at key ``path`` comes from (``Rule.describe``); None
        when nothing is inherited there. A mapping built by several rules names them all,
        separated by "; "."""
        node: Any = self._tree
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        if isinstance(node, _Leaf):
            return node.rule.describe()
        found: list[Rule] = []
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, _Leaf):
                found.append(item.rule)
            else:
                stack.extend(item.values())
        ordered = sorted({r.index: r for r in found}.values(), key=lambda r: r.index)
        return "; ".join(r.describe() for r in ordered) or None


#: What a file outside a site (or matched by no rule) inherits.
NOTHING_INHERITED = Inherited()


def _has_precedence(old: Rule, new: Rule) -> bool:
    """Jekyll's has_precedence?: a longer scope path wins, then a scope with a type, then
    the later rule (unless only the earlier one names a type)."""
    new_path, old_path = new.anchored, old.anchored
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    if new.type is not None:
        return True
    return old.type is None


class Matcher:
    """Which rules apply to a file, by its path and type, as Jekyll's ``applies?``.

    ``root`` is the site's folder, ``collections_dir`` Jekyll's setting ("" when none).
    Globbed scope paths are expanded once (as Jekyll caches them).
    """

    def __init__(self, rules: list[Rule], root: str, collections_dir: str) -> None:
        self.rules = rules
        self.root = root
        self.collections_dir = collections_dir
        self._globs: dict[str, list[str]] = {}

    def matching(self, relative: str, kind: str) -> list[Rule]:
        """The rules that apply to a file at ``relative`` (its path as Jekyll names it: in
        a collection, relative to the collections folder; else to the site) of type
        ``kind`` (a collection's label, ``posts`` or ``pages``), in config order."""
        return [r for r in self.rules if self._applies(r, relative, kind)]

    def _applies(self, rule: Rule, relative: str, kind: str) -> bool:
        if rule.type is not None and rule.type != kind:
            return False
        scope = rule.path
        if not scope:
            return True
        path = relative[1:] if relative.startswith("/") else relative
        if "*" in scope:
            return any(path.startswith(found) for found in self._glob(scope))
        return path.startswith(self._strip_collections_dir(scope))

    def _glob(self, scope: str) -> list[str]:
        found = self._globs.get(scope)
        if found is None:
            matches = glob.glob(os.path.join(self.root, scope), recursive=True)
            found = [
                self._strip_collections_dir(os.path.relpath(m, self.root).replace(os.sep, "/"))
                for m in sorted(matches)
            ]
            self._globs[scope] = found
        return found

    def _strip_collections_dir(self, path: str) -> str:
        prefix = self.collections_dir
        if not prefix:
            return path
        prefix = prefix if prefix.endswith("/") else prefix + "/"
        return path.replace(prefix, "", 1) if path.startswith(prefix) else path
