"""Safe, strict YAML loading of front matter.

PyYAML's safe loader (the libyaml one when present), reading booleans and nulls as Jekyll
does (see _BaseLoader), with four additions: duplicate keys are errors, documents whose
aliases expand past a limit are refused before anything is built from them ("billion
laughs"), so are documents nested deeper than MAX_DEPTH levels, and every failure becomes
an ArticleError with a sentence that names the line and column.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from reviewer.core.collector import collector_paused
from reviewer.core.errors import ArticleError

try:
    _SafeLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]  # same API
    WITH_LIBYAML = True
except AttributeError:  # PyYAML built without libyaml
    _SafeLoader = yaml.SafeLoader
    WITH_LIBYAML = False


class _BaseLoader(_SafeLoader):  # type: ignore[valid-type,misc]  # dynamic base
    """PyYAML's safe loader, reading plain booleans and nulls as Jekyll does.

    Jekyll loads front matter with Ruby's Psych, which takes ``yes``, ``true``, ``on``,
    ``no``, ``false``, ``off`` (booleans) and ``null`` (null) in any case, where PyYAML
    knows three spellings of each (``false``, ``False``, ``FALSE``): ``published: fAlse``
    hides a file from the site, so it must read as false here too. Both read ``y`` and
    ``n`` as text, and quoted values are text in both.
    """


_BaseLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:yes|true|on|no|false|off)$", re.IGNORECASE),
    list("yYtToOnNfF"),
)
_BaseLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null)$", re.IGNORECASE), list("~nN")
)

#: Most nodes a front matter may expand to once aliases are followed. Real files hold a few
#: hundred; a billion-laughs document holds billions.
MAX_EXPANDED_NODES = 100_000
#: Most characters of text (keys and values) a front matter may expand to once aliases are
#: followed: 32 Mi, twice the largest article file read (16 MiB), so aliases can at most
#: double what a file could hold anyway, while one long text aliased 100,000 times (10 KB
#: each: a gigabyte of output) is refused. Real front matters hold a few thousand.
MAX_EXPANDED_CHARS = 32 * 1024 * 1024
#: Deepest nesting of lists and mappings (the front matter itself is level 1). Real files
#: nest 3 or 4 levels. Every reader of the data (copying, comparing, summaries, JSON and YAML
#: output, the index cache) recurses once or a few times per level, and Python stops at
#: 1,000 frames: at 100 levels they use at most a few hundred, whatever called them.
MAX_DEPTH = 100
#: Front matters of at least this many characters are loaded with the cyclic garbage
#: collector paused (see collector_paused). Real ones hold 1 to 5 thousand.
PAUSE_COLLECTOR_AT = 64 * 1024


_STR = "tag:yaml.org,2002:str"

#: Names for the value kinds a scalar can fail to be, in error sentences.
_KINDS = {
    "tag:yaml.org,2002:int": "whole number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "true/false value",
    "tag:yaml.org,2002:timestamp": "date",
}


class _NoDuplicateKeys(yaml.constructor.SafeConstructor):
    """Loader mix-in that refuses duplicate keys and reports values that fit no type.

    Kept apart from the loader class so the pure-Python loader can use it too.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node.tag == _STR and type(node) is yaml.ScalarNode:
            # Most values are text: what SafeConstructor gives for them (the node's
            # value), without the bookkeeping every other node goes through.
            return node.value
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            # PyYAML's constructors fail with plain Python errors on text like
            # `2021-02-30` (a date that does not exist) or `!!int ""`.
            kind = _KINDS.get(node.tag, node.tag.replace("tag:yaml.org,2002:", "!!"))
            dated = node.tag == "tag:yaml.org,2002:timestamp" and isinstance(exc, ValueError)
            detail = f" ({exc})" if dated else ""  # e.g. "day is out of range for month"
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid {kind}{detail}", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            tag = key_node.tag
            if tag == "tag:yaml.org,2002:merge":
                continue
            if tag == _STR and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # what constructing it gives, without the call
            else:
                key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key is not a plain value", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(_NoDuplicateKeys, _BaseLoader):
    """Safe loader that refuses duplicate keys.

    The tag of a short plain scalar (a key, ``news``, ``true``, ``42``) is remembered: it
    depends on nothing but its text, and finding it takes a few regular expressions per
    scalar, a tenth of a load.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= _MAX_REMEMBERED:
            key = (value, implicit[1])
            tag = _RESOLVED.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_RESOLVED) >= _MAX_RESOLVED:
                    _RESOLVED.clear()
                _RESOLVED[key] = tag
            return tag
        return super().resolve(kind, value, implicit)


#: Tags of plain scalars up to _MAX_REMEMBERED characters, by (text, quoted-implicit flag).
#: The safe loader has no path resolvers, so a scalar's tag depends on its text alone.
_RESOLVED: dict[tuple[str, bool], str] = {}
_MAX_REMEMBERED = 64
_MAX_RESOLVED = 20_000


def expanded_size(root: yaml.Node, what: str = "the value") -> int:
    """The nodes of ``root`` as if every alias were copied out (at most MAX_EXPANDED_NODES + 1).

    Raises ArticleError for what check_size refuses other than the node count (a cycle, too
    many characters, too deep), naming ``what``. Kept for callers that word the node count's
    error themselves; check_size is the whole check.
    """
    nodes, chars, depth = _measure(root, sizes=True)
    if nodes > MAX_EXPANDED_NODES:  # the caller says so
        return MAX_EXPANDED_NODES + 1
    _check(what, nodes, chars, depth, sizes=True)
    return nodes


def check_size(root: yaml.Node, what: str = "the front matter", *, sizes: bool = True) -> None:
    """ArticleError unless ``root`` is at most MAX_DEPTH levels deep and, with ``sizes``,
    expands to at most MAX_EXPANDED_NODES nodes and MAX_EXPANDED_CHARS characters once
    aliases are followed (without aliases the text's own size bounds both). A cycle of
    aliases is refused. Nothing is built and nothing recurses: any node graph is safe here."""
    nodes, chars, depth = _measure(root, sizes=sizes)
    _check(what, nodes, chars, depth, sizes=sizes)


def _check(what: str, nodes: int, chars: int, depth: int, *, sizes: bool) -> None:
    if sizes and nodes > MAX_EXPANDED_NODES:
        raise ArticleError(
            f"{what} expands to more than {MAX_EXPANDED_NODES:,} values through aliases; refused"
        )
    if sizes and chars > MAX_EXPANDED_CHARS:
        raise ArticleError(
            f"{what} expands to more than {MAX_EXPANDED_CHARS:,} characters of text "
            "through aliases; refused"
        )
    if depth > MAX_DEPTH:
        raise ArticleError(
            f"{what} is nested {depth:,} levels deep; at most {MAX_DEPTH} are allowed"
        )


def _measure(root: yaml.Node, *, sizes: bool) -> tuple[int, int, int]:
    """(nodes, characters of scalars, levels of collections) of ``root``, aliases copied out.

    A walk with its own stack (each node once: totals are kept by node). With ``sizes``,
    it stops as soon as a total passes its limit (the totals returned are then over it, the
    depth only a lower bound). Raises ArticleError for an alias inside its own anchor.
    """
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode
    if type(root) is scalar:
        return 1, len(root.value), 0
    done: dict[int, tuple[int, int, int]] = {}
    active: set[int] = set()  # started and not finished: the path from the root
    # (a node to start, None) or (a started node, its children) once they are done
    stack: list[tuple[Any, list[Any] | None]] = [(root, None)]
    while stack:
        node, children = stack.pop()
        key = id(node)
        if children is not None:
            nodes, chars, depth = 1, 0, 0
            for child in children:
                if type(child) is scalar:
                    nodes += 1
                    chars += len(child.value)
                else:
                    below = done[id(child)]
                    nodes += below[0]
                    chars += below[1]
                    depth = max(depth, below[2])
            depth += 1
            active.discard(key)
            done[key] = (nodes, chars, depth)
            if sizes and (nodes > MAX_EXPANDED_NODES or chars > MAX_EXPANDED_CHARS):
                return nodes, chars, depth
            continue
        if key in done:
            continue  # an alias met again, or reached twice before its first visit
        if key in active:
            raise ArticleError(f"an alias refers to itself (line {node.start_mark.line + 2})")
        active.add(key)
        if type(node) is sequence:
            children = node.value
        else:
            children = [part for pair in node.value for part in pair]
        stack.append((node, children))
        stack.extend((child, None) for child in children if type(child) is not scalar)
    return done[id(root)]


#: A line that starts with _SHALLOW_PREFIX or more spaces and block indicators (`-`, `?`,
#: `:`). Without one, block lists and mappings nest at most 2 * _SHALLOW_PREFIX levels (see
#: _surely_shallow). Lines break at \n; in _DEEP_LINE_ANY_BREAK, at every break YAML knows.
_SHALLOW_PREFIX = (MAX_DEPTH // 2 - 2) // 2
_DEEP_FIRST_LINE = re.compile(rf"[ \t?:\-]{{{_SHALLOW_PREFIX}}}")
_DEEP_LINE = re.compile("\n" + _DEEP_FIRST_LINE.pattern)
_DEEP_LINE_ANY_BREAK = re.compile("[\n\r\x85\u2028\u2029]" + _DEEP_FIRST_LINE.pattern)
_RARE_BREAKS = ("\x85", "\u2028", "\u2029")


def _surely_shallow(text: str) -> bool:
    """True when ``text``'s lists and mappings cannot nest past MAX_DEPTH, aliases aside.

    A few microseconds on a typical front matter, where walking the nodes would take a
    tenth of the load. Flow collections nest at most one level per `{` and two per `[`
    (`[a: [b: c]]` holds a one-pair mapping in each list). A block collection nested k
    levels deep starts at a column of at least (k - 1) // 2: a block list may share the
    column of its mapping's keys, and anything else inside a collection is indented further.
    Nothing but indentation and `-`, `?` or `:` indicators can precede a block collection on
    its line (properties there belong to the first key), so when every line's run of such
    characters is shorter than P, block nesting is at most 2 * P. Block collections hold flow
    ones, never the other way round, so the two add up. Aliases can nest deeper still:
    a text with a `*` is always walked.
    """
    flow = 2 * text.count("[") + text.count("{")
    if flow + 2 * _SHALLOW_PREFIX > MAX_DEPTH:
        return False
    if "\r" in text or (not text.isascii() and any(ch in text for ch in _RARE_BREAKS)):
        lines = _DEEP_LINE_ANY_BREAK
    else:
        lines = _DEEP_LINE
    return lines.search(text) is None and _DEEP_FIRST_LINE.match(text) is None


def describe(exc: yaml.YAMLError, text: str = "", first_line: int = 2) -> str:
    """Turn a PyYAML error into one sentence with a line and column.

    ``first_line`` is the number of the text's first line: 2 in a file (after the fence).
    """
    if isinstance(exc, yaml.reader.ReaderError):
        # Not a marked error: it gives an offset into ``text`` (libyaml: into its UTF-8 bytes).
        before = text[: exc.position]
        if WITH_LIBYAML:
            before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        column = len(before) - (before.rfind("\n") + 1) + 1
        return (
            f"invalid YAML at line {before.count(chr(10)) + first_line}, column {column}: "
            f"the character U+{exc.character:04X} is not allowed"
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if problem == "exceeded maximum nesting depth":  # libyaml's own limit, 1,000 levels
            problem = f"nested too deeply (at most {MAX_DEPTH} levels are allowed)"
        if problem.startswith("could not determine a constructor for the tag"):
            tag = problem.split("tag", 1)[1].strip(" '").replace("tag:yaml.org,2002:", "!!")
            problem = f"the tag {tag} is not allowed (tags are never run)"
        if mark is not None:
            # Marks count lines from 0: in a file, the fence is line 1.
            line = mark.line + first_line
            return f"invalid YAML at line {line}, column {mark.column + 1}: {problem}"
        return f"invalid YAML: {problem}"
    return f"invalid YAML: {exc}"


def load(text: str) -> dict[str, Any]:
    """Load front matter text into a dict; raise ArticleError on any problem."""
    data = _load_paused(text, "the front matter")
    if data is _NO_DOCUMENT:
        return {}
    if not isinstance(data, dict):
        raise ArticleError(f"the front matter is {_kind(data)}, not a mapping of keys to values")
    return data


def load_value(text: str) -> Any:
    """Load one value an editor typed (``[AI, Power Apps]``, ``40``, ``{name: ARN}``) by the
    same rules as a front matter: duplicate keys, tags and oversized or too deeply nested
    values are refused with an ArticleError. An empty text is null.

    Positions in the error are the value's own (line 1 is its first line).
    """
    value = _load_paused(text, "the value", first_line=1)
    return None if value is _NO_DOCUMENT else value


#: What _load gives for a text with no document at all (only comments or blank lines).
_NO_DOCUMENT: Any = object()


def _load_paused(text: str, what: str, first_line: int = 2) -> Any:
    if len(text) >= PAUSE_COLLECTOR_AT:
        with collector_paused():
            return _load(text, what, first_line)
    return _load(text, what, first_line)


def _load(text: str, what: str, first_line: int) -> Any:
    try:  # the pure-Python reader checks the characters here already
        loader = _StrictLoader(text)  # type: ignore[call-arg]  # mypy sees the mix-in's __init__
    except yaml.YAMLError as exc:
        raise ArticleError(describe(exc, text, first_line)) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return _NO_DOCUMENT
        # Only an alias (``*name``) can make a document expand: without a ``*`` in the
        # text there is none, and unless the text might nest too deeply the walk (an
        # eighth of a load) is skipped.
        aliases = "*" in text
        if aliases or not _surely_shallow(text):
            check_size(node, what, sizes=aliases)
        if not aliases:  # a tree, at most MAX_DEPTH deep: the fast way, if it can
            try:
                return _construct(loader, node)
            except Exception:  # the usual way says what and where
                pass
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise ArticleError(describe(exc, text, first_line)) from None
    except RecursionError:  # the pure-Python composer recurses
        raise ArticleError(
            f"{what} is nested too deeply; at most {MAX_DEPTH} levels are allowed"
        ) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        # Last resort for a constructor failing outside construct_object.
        raise ArticleError(f"invalid YAML: a value cannot be read ({exc})") from None
    finally:
        loader.dispose()


_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_NODE, _MAPPING_NODE, _SEQUENCE_NODE = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
#: How the safe loader builds the other scalars of plain front matters, by tag (called
#: directly: construct_object's bookkeeping is for aliases, which _construct never meets).
_SCALARS: dict[str, Any] = {
    tag: _StrictLoader.yaml_constructors[tag]
    for tag in (
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:timestamp",
    )
}


class _Unusual(Exception):
    """What _construct leaves to the loader's own construction."""


def _construct(loader: Any, node: Any) -> Any:
    """What ``loader.construct_document(node)`` gives for a node tree without aliases, built
    in one recursive pass: about a fifth of a load faster than PyYAML's constructor (which
    keeps every node it built, for aliases, and fills mappings and lists in a second pass).

    Only plain mappings and lists, text, numbers, booleans, nulls and dates are built here,
    each scalar by the loader's own constructor; anything else (a merge key, another tag, a
    key that is not a scalar, a duplicate key, a value that fails) raises, and the caller
    constructs the document the usual way, which gives the same values or says what is
    wrong. The tree is at most MAX_DEPTH levels deep (checked before), so recursing is safe.
    A plain function, not a closure: a closure calling itself is a reference cycle, and in
    the loading pool's workers, forked while the collector is paused, it would never be
    freed (nor the loader it holds).
    """
    kind = type(node)
    if kind is _SCALAR_NODE:
        tag = node.tag
        if tag == _STR:
            return node.value
        return _SCALARS[tag](loader, node)  # KeyError for any other tag
    if kind is _MAPPING_NODE:
        if node.tag != _MAP:
            raise _Unusual
        data: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not _SCALAR_NODE:
                raise _Unusual
            tag = key_node.tag
            key = key_node.value if tag == _STR else _SCALARS[tag](loader, key_node)
            if key in data:
                raise _Unusual  # a duplicate: the usual way words the error
            data[key] = _construct(loader, value_node)
        return data
    if kind is _SEQUENCE_NODE and node.tag == _SEQ:
        return [_construct(loader, item) for item in node.value]
    raise _Unusual


def _kind(value: object) -> str:
    """``value``'s kind with an article, for a sentence: "a list", "an empty value"."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "plain text"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, (int, float)):
        return "a number"
    return f"a {type(value).__name__} value"
