"""The merge by key (reviewer.core.merge): two editors' changes to one article file.

Key-level cases use a stand-in line merge (it takes the side that changed a text, or gives
git-like markers); the cases about bodies and whole-file fallbacks run git's own
``git merge-file`` and are skipped when git is not installed.
"""

from __future__ import annotations

import difflib
import shutil
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.core.errors import EditError
from reviewer.core.frontmatter import split, yamlio
from reviewer.core.frontmatter.edit import MISSING, apply_changes, same
from reviewer.core.merge import conflicts, merge, resolve, resolve_with

Changes = dict[tuple[str, ...], Any]
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def stand_in(base: bytes, current: bytes, other: bytes) -> tuple[bytes, bool]:
    """A line merge for texts only one side changed; else all three between markers."""
    if current in (base, other):
        return other, True
    if other == base:
        return current, True
    return b"<<<<<<< ours\n" + current + b"=======\n" + other + b">>>>>>> theirs\n", False


def git_lines(base: bytes, current: bytes, other: bytes) -> tuple[bytes, bool]:
    from reviewer.workspace.mergefile import line_merge

    return line_merge(base, current, other)


def front(data: bytes) -> dict[str, Any]:
    parts = split.split(data)
    assert parts is not None
    return yamlio.load(split.decode_front(parts.front))


def changed_lines(a: bytes, b: bytes) -> list[str]:
    """The lines of a unified diff of a and b that start with - or + (no headers)."""
    diff = difflib.unified_diff(
        a.decode().splitlines(keepends=True), b.decode().splitlines(keepends=True), n=0
    )
    return [line for line in diff if line[:1] in "-+" and line[:3] not in ("---", "+++")]


X_BASE = b"""\
---
title: "Lamps of the week"
# the rating editors set by hand
heat: 3
published: false
provider:
  name: ARN
  domain: arn.se
topics:
  - AI
  - Power Apps
---
The body.
"""


# -- the cases -----------------------------------------------------------------------


def test_neighbouring_keys_merge_cleanly_and_change_only_their_lines() -> None:
    ours = X_BASE.replace(b"published: false", b"published: true")
    theirs = X_BASE.replace(b"heat: 3", b"heat: 7")
    result = merge(X_BASE, ours, theirs, stand_in)
    assert result.clean and not result.conflicts and not result.by_lines
    assert changed_lines(X_BASE, result.data) == [
        "-heat: 3\n",
        "-published: false\n",
        "+heat: 7\n",
        "+published: true\n",
    ]
    assert front(result.data) == {**front(X_BASE), "heat": 7, "published": True}


@needs_git
def test_git_line_merge_alone_would_conflict_on_those_lines() -> None:
    ours = X_BASE.replace(b"published: false", b"published: true")
    theirs = X_BASE.replace(b"heat: 3", b"heat: 7")
    assert git_lines(X_BASE, ours, theirs)[1] is False
    assert merge(X_BASE, ours, theirs, git_lines).clean


Z_BASE = b"""\
---
title: Lamps
heat: 3
published: false
quality: 10
---
First paragraph.

Second paragraph.
"""


def test_both_retitle_conflicts_on_title_only_and_keeps_the_rest() -> None:
    ours = Z_BASE.replace(b"title: Lamps", b"title: Lamps, again").replace(b"heat: 3", b"heat: 5")
    theirs = (
        Z_BASE.replace(b"title: Lamps", b"title: 'Lamps: the sequel'")
        .replace(b"quality: 10", b"quality: 40")
        .replace(b"Second paragraph.", b"Second paragraph, edited.")
    )
    result = merge(Z_BASE, ours, theirs, stand_in)
    assert result.conflicts == (("title",),)
    assert not result.clean and not result.line_conflicts
    assert result.data == (
        b"---\n"
        b"<<<<<<< ours\n"
        b"title: Lamps, again\n"
        b"||||||| base\n"
        b"title: Lamps\n"
        b"=======\n"
        b"title: 'Lamps: the sequel'\n"
        b">>>>>>> theirs\n"
        b"heat: 5\n"
        b"published: false\n"
        b"quality: 40\n"
        b"---\n"
        b"First paragraph.\n\nSecond paragraph, edited.\n"
    )
    [conflict] = conflicts(result.data)
    assert conflict.key_path == ("title",)
    assert (conflict.ours, conflict.base, conflict.theirs) == (
        "title: Lamps, again\n",
        "title: Lamps\n",
        "title: 'Lamps: the sequel'\n",
    )
    for choice, title in (
        ("ours", "Lamps, again"),
        ("theirs", "Lamps: the sequel"),
        ("base", "Lamps"),
    ):
        settled = resolve(result.data, ("title",), choice)  # type: ignore[arg-type]
        assert conflicts(settled) == []
        assert front(settled) == {"title": title, "heat": 5, "published": False, "quality": 40}
    edited = resolve_with(result.data, ("title",), "Lamps: both")
    assert front(edited)["title"] == "Lamps: both"
    assert b"title: 'Lamps: both'\n" in edited or b'title: "Lamps: both"\n' in edited


def test_resolving_a_key_without_a_conflict_is_refused() -> None:
    with pytest.raises(EditError, match="no conflict on 'heat'"):
        resolve(Z_BASE, ("heat",), "ours")


# -- lists, mappings, added and removed keys -------------------------------------------------------


def test_lists_of_words_merge_as_sets() -> None:
    ours = X_BASE.replace(b"  - Power Apps\n", b"  - Power Apps\n  - Lamps\n")
    theirs = X_BASE.replace(b"  - AI\n", b"").replace(
        b"  - Power Apps\n", b"  - Power Apps\n  - Azure\n  - Bots\n"
    )
    result = merge(X_BASE, ours, theirs, stand_in)
    assert result.clean
    assert front(result.data)["topics"] == ["Power Apps", "Lamps", "Azure", "Bots"]
    assert result.data.endswith(
        b"topics:\n  - Power Apps\n  - Lamps\n  - Azure\n  - Bots\n---\nThe body.\n"
    )


def test_flow_lists_merge_as_sets_in_their_style() -> None:
    base = b"---\ntopics: [AI, Power Apps, Lamps]\ntitle: x\n---\n"
    ours = b"---\ntopics: [AI, Power Apps, Lamps, Bots]\ntitle: x\n---\n"
    theirs = b"---\ntopics: [Power Apps, Lamps, Azure]\ntitle: x\n---\n"
    result = merge(base, ours, theirs, stand_in)
    assert result.clean
    assert result.data == b"---\ntopics: [Power Apps, Lamps, Bots, Azure]\ntitle: x\n---\n"


def test_lists_that_are_not_words_conflict() -> None:
    base = b"---\nsizes: [1, 2]\n---\n"
    result = merge(base, b"---\nsizes: [1, 2, 3]\n---\n", b"---\nsizes: [2]\n---\n", stand_in)
    assert result.conflicts == (("sizes",),)


def test_nested_keys_changed_on_each_side_merge() -> None:
    ours = X_BASE.replace(b"name: ARN", b"name: ARN Sweden")
    theirs = X_BASE.replace(b"domain: arn.se", b"domain: arn.com")
    result = merge(X_BASE, ours, theirs, stand_in)
    assert result.clean
    assert front(result.data)["provider"] == {"name": "ARN Sweden", "domain": "arn.com"}
    assert len(changed_lines(X_BASE, result.data)) == 4


def test_a_nested_conflict_marks_the_whole_entry_and_keeps_the_rest_of_it() -> None:
    ours = X_BASE.replace(b"name: ARN", b"name: ARN Sweden").replace(b"heat: 3", b"heat: 4")
    theirs = X_BASE.replace(b"name: ARN", b"name: Arn").replace(
        b"domain: arn.se", b"domain: arn.com"
    )
    result = merge(X_BASE, ours, theirs, stand_in)
    assert result.conflicts == (("provider", "name"),)
    assert (
        b"<<<<<<< ours\nprovider:\n  name: ARN Sweden\n  domain: arn.com\n"
        b"||||||| base\nprovider:\n  name: ARN\n  domain: arn.com\n"
        b"=======\nprovider:\n  name: Arn\n  domain: arn.com\n>>>>>>> theirs\n"
    ) in result.data
    [conflict] = conflicts(result.data)
    assert conflict.key_path == ("provider", "name")
    settled = resolve(result.data, ("provider", "name"), "theirs")
    assert front(settled)["provider"] == {"name": "Arn", "domain": "arn.com"}
    assert front(settled)["heat"] == 4
    written = resolve_with(result.data, ("provider", "name"), "ARN (Sweden)")
    assert front(written)["provider"] == {"name": "ARN (Sweden)", "domain": "arn.com"}


def test_a_key_added_on_one_side_and_another_removed_on_the_other() -> None:
    ours = X_BASE.replace(b"published: false\n", b"published: false\nquality: 40\n")
    theirs = X_BASE.replace(b"heat: 3\n", b"")
    result = merge(X_BASE, ours, theirs, stand_in)
    assert result.clean
    data = front(result.data)
    assert "heat" not in data and data["quality"] == 40
    assert b"# the rating editors set by hand\npublished: false\nquality: 40\n" in result.data


def test_keys_added_by_them_go_after_their_neighbour() -> None:
    ours = X_BASE.replace(b"heat: 3", b"heat: 4")
    theirs = X_BASE.replace(b"published: false\n", b"published: false\nquality: 40\nimage: a.png\n")
    result = merge(X_BASE, ours, theirs, stand_in)
    assert result.clean
    assert b"heat: 4\npublished: false\nquality: 40\nimage: a.png\nprovider:" in result.data


def test_a_key_changed_on_one_side_and_removed_on_the_other_conflicts() -> None:
    ours = X_BASE.replace(b"heat: 3", b"heat: 5")
    theirs = X_BASE.replace(b"heat: 3\n", b"")
    result = merge(X_BASE, ours, theirs, stand_in)
    assert result.conflicts == (("heat",),)
    assert b"<<<<<<< ours\nheat: 5\n||||||| base\nheat: 3\n=======\n>>>>>>> theirs\n" in result.data
    assert "heat" not in front(resolve(result.data, ("heat",), "theirs"))
    # And the other way round: removed by us, changed by them.
    result = merge(X_BASE, theirs, ours, stand_in)
    assert result.conflicts == (("heat",),)
    assert front(resolve(result.data, ("heat",), "theirs"))["heat"] == 5


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    ours = X_BASE.replace(b"heat: 3", b"heat: 5")
    theirs = X_BASE.replace(b"heat: 3", b"heat: 5").replace(b"published: false", b"published: true")
    result = merge(X_BASE, ours, theirs, stand_in)
    assert result.clean and front(result.data)["published"] is True


def test_their_text_of_a_changed_key_is_taken_as_written() -> None:
    ours = X_BASE.replace(b"heat: 3", b"heat: 4")
    theirs = X_BASE.replace(
        b'title: "Lamps of the week"', b"title: >-\n  Lamps of\n  the week!  # folded"
    )
    result = merge(X_BASE, ours, theirs, stand_in)
    assert result.clean
    assert b"title: >-\n  Lamps of\n  the week!  # folded\n" in result.data


def test_a_front_matter_unchanged_on_one_side_is_the_other_sides_text() -> None:
    theirs = X_BASE.replace(b"# the rating", b"#  THE rating").replace(b"heat: 3", b"heat:    3")
    ours = X_BASE.replace(b"The body.", b"The body, edited.")
    result = merge(X_BASE, ours, theirs, stand_in)
    assert result.clean
    assert result.data == theirs.replace(b"The body.", b"The body, edited.")


# -- bytes kept: BOM, CRLF -------------------------------------------------------------------


def test_crlf_and_bom_are_kept() -> None:
    base = b"\xef\xbb\xbf" + X_BASE.replace(b"\n", b"\r\n")
    ours = base.replace(b"published: false", b"published: true").replace(
        b"  - Power Apps\r\n", b"  - Power Apps\r\n  - Lamps\r\n"
    )
    theirs = base.replace(b"heat: 3", b"heat: 7").replace(b"  - AI\r\n", b"  - AI\r\n  - Bots\r\n")
    result = merge(base, ours, theirs, stand_in)
    assert result.clean
    assert result.data.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\n" not in result.data.replace(b"\r\n", b"")
    assert front(result.data)["topics"] == ["AI", "Power Apps", "Lamps", "Bots"]
    conflicting = base.replace(b"heat: 3", b"heat: 5")
    result = merge(base, conflicting, theirs, stand_in)
    assert (
        b"<<<<<<< ours\r\nheat: 5\r\n||||||| base\r\nheat: 3\r\n"
        b"=======\r\nheat: 7\r\n>>>>>>> theirs\r\n" in result.data
    )
    assert b"\n" not in result.data.replace(b"\r\n", b"")
    assert resolve(result.data, ("heat",), "theirs") == theirs


# -- bodies and whole files by git's line merge ------------------------------------------------


@needs_git
def test_bodies_merge_by_lines_and_conflict_with_diff3_markers() -> None:
    base = Z_BASE
    ours = base.replace(b"First paragraph.", b"First paragraph, ours.").replace(
        b"heat: 3", b"heat: 4"
    )
    theirs = base.replace(b"Second paragraph.", b"Second paragraph, theirs.")
    result = merge(base, ours, theirs, git_lines)
    assert result.clean
    assert result.data.endswith(b"First paragraph, ours.\n\nSecond paragraph, theirs.\n")
    clash = base.replace(b"Second paragraph.", b"Second paragraph, ours.").replace(
        b"heat: 3", b"heat: 4"
    )
    result = merge(base, clash, theirs, git_lines)
    assert result.line_conflicts and not result.conflicts and not result.clean
    assert front(result.data)["heat"] == 4
    assert result.data.endswith(
        b"<<<<<<< ours\nSecond paragraph, ours.\n||||||| base\nSecond paragraph.\n"
        b"=======\nSecond paragraph, theirs.\n>>>>>>> theirs\n"
    )


@needs_git
def test_files_without_front_matter_merge_by_lines() -> None:
    base = b"# A page\n\none\ntwo\nthree\n"
    result = merge(base, base.replace(b"one", b"ONE"), base.replace(b"three", b"THREE"), git_lines)
    assert result.clean and result.by_lines == "the base version has no front matter"
    assert result.data == b"# A page\n\nONE\ntwo\nTHREE\n"


@needs_git
def test_broken_yaml_on_one_side_falls_back_to_lines_and_loses_nothing() -> None:
    ours = X_BASE.replace(b'title: "Lamps of the week"', b"title: Lamps: of: the week")
    theirs = X_BASE.replace(b"topics:", b"# no topics yet\ntopics:")
    result = merge(X_BASE, ours, theirs, git_lines)
    assert result.by_lines.startswith("ours: invalid YAML")
    assert result.clean
    assert result.data == ours.replace(b"topics:", b"# no topics yet\ntopics:")
    clash = X_BASE.replace(b'title: "Lamps of the week"', b"title: Lamps")
    result = merge(X_BASE, ours, clash, git_lines)
    assert not result.clean and result.line_conflicts
    for line in (
        b"title: Lamps: of: the week\n",
        b"title: Lamps\n",
        b'title: "Lamps of the week"\n',
    ):
        assert line in result.data


@needs_git
def test_comments_changed_between_keys_on_their_side_fall_back_to_lines() -> None:
    ours = X_BASE.replace(b"heat: 3", b"heat: 4")
    theirs = X_BASE.replace(b"# the rating editors set by hand", b"# rated by hand")
    result = merge(X_BASE, ours, theirs, git_lines)
    assert result.by_lines == "theirs changed comments or blank lines between keys"
    assert not result.clean  # git's line merge: neighbouring lines
    assert b"# rated by hand\n" in result.data and b"heat: 4\n" in result.data


# -- the property: independent edits of different keys ------------------------------------------

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
names = st.text(string.ascii_lowercase, min_size=1, max_size=6).filter(
    lambda k: k not in ("y", "n", "yes", "no", "on", "off", "true", "false", "null")
)
words = st.text(string.ascii_letters + " -", min_size=1, max_size=10).map(str.strip).filter(bool)
values = st.one_of(
    st.integers(-1000, 1000),
    st.booleans(),
    words,
    st.lists(words, max_size=4, unique=True),
    st.dictionaries(names, st.one_of(words, st.integers(0, 99)), min_size=1, max_size=3),
)


def write_front(data: dict[str, Any], comments: dict[str, str]) -> bytes:
    text = apply_changes("", {(key,): value for key, value in data.items()})
    lines = text.splitlines(keepends=True)
    out = []
    for line in lines:
        key = line.split(":", 1)[0]
        if key in comments:
            out.append(f"# {comments[key]}\n")
        out.append(line)
    return ("---\n" + "".join(out) + "---\nBody.\n").encode()


@st.composite
def scenarios(
    draw: st.DrawFn,
) -> tuple[bytes, Changes, Changes]:
    data = draw(st.dictionaries(names, values, min_size=2, max_size=8))
    comments = draw(st.dictionaries(st.sampled_from(sorted(data)), words, max_size=2))
    base = write_front(data, comments)
    keys = sorted(data)
    mine = set(draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys))))
    ours: Changes = {(k,): draw(st.one_of(values, st.just(MISSING))) for k in mine}
    theirs: Changes = {
        (k,): draw(st.one_of(values, st.just(MISSING))) for k in keys if k not in mine
    }
    new = draw(st.lists(names.filter(lambda k: k not in data), unique=True, max_size=4))
    for index, key in enumerate(new):
        (ours if index % 2 else theirs)[(key,)] = draw(values)
    return base, ours, theirs


def edited(raw: bytes, changes: Changes) -> bytes:
    parts = split.split(raw)
    assert parts is not None
    return parts.join(apply_changes(parts.front.decode(), changes).encode())


@SETTINGS
@given(scenarios())
def test_independent_edits_of_different_keys_merge_to_both(
    scenario: tuple[bytes, Changes, Changes],
) -> None:
    base, ours_changes, theirs_changes = scenario
    ours, theirs = edited(base, ours_changes), edited(base, theirs_changes)
    result = merge(base, ours, theirs, stand_in)
    assert result.clean, result
    expected = edited(ours, theirs_changes)
    merged, wanted = front(result.data), front(expected)
    assert set(merged) == set(wanted)
    assert all(same(merged[key], wanted[key]) for key in merged)
    if not any(key not in front(base) for key in [k for (k,) in theirs_changes]):
        assert result.data == expected  # nothing of theirs to place: the very same bytes
    # Symmetric: merging ours into theirs gives the same values.
    swapped = front(merge(base, theirs, ours, stand_in).data)
    assert set(swapped) == set(wanted) and all(same(swapped[k], wanted[k]) for k in swapped)


@st.composite
def nested_scenarios(draw: st.DrawFn) -> tuple[bytes, Changes, Changes]:
    inner = draw(st.dictionaries(names, st.one_of(words, st.integers(0, 99)), min_size=2))
    base = write_front({"title": "x", "provider": inner, "heat": 3}, {})
    keys = sorted(inner)
    mine = set(draw(st.lists(st.sampled_from(keys), unique=True)))
    edit_values = st.one_of(words, st.integers(0, 99), st.just(MISSING))
    ours: Changes = {("provider", k): draw(edit_values) for k in mine}
    theirs: Changes = {("provider", k): draw(edit_values) for k in keys if k not in mine}
    return base, ours, theirs


@SETTINGS
@given(nested_scenarios())
def test_independent_edits_of_different_nested_keys_merge_to_both(
    scenario: tuple[bytes, Changes, Changes],
) -> None:
    base, ours_changes, theirs_changes = scenario
    ours, theirs = edited(base, ours_changes), edited(base, theirs_changes)
    result = merge(base, ours, theirs, stand_in)
    assert result.clean, result
    assert same(front(result.data), front(edited(ours, theirs_changes)))
