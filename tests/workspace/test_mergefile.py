"""workspace.mergefile: git's line merge on texts, and merging files in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.workspace.git import runner
from reviewer.workspace.mergefile import MergeFileError, has_markers, line_merge, merge_file
from tests.gitrepos import needs_git


@needs_git
def test_line_merge_is_gits_with_diff3_labels() -> None:
    base = b"a\nb\nc\nd\ne\n"
    assert line_merge(base, base.replace(b"a", b"A"), base.replace(b"e", b"E")) == (
        b"A\nb\nc\nd\nE\n",
        True,
    )
    merged, clean = line_merge(base, base.replace(b"c", b"ours"), base.replace(b"c", b"theirs"))
    assert not clean and has_markers(merged)
    assert b"<<<<<<< ours\nours\n||||||| base\nc\n=======\ntheirs\n>>>>>>> theirs\n" in merged


def test_without_git_the_line_merge_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "GIT", str(tmp_path / "no-git"))
    with pytest.raises(runner.GitMissing, match="git is not installed"):
        line_merge(b"a\n", b"b\n", b"c\n")


def test_has_markers_only_at_line_starts() -> None:
    assert has_markers(b"x\n<<<<<<< ours\n") and has_markers(b">>>>>>> theirs\r\n")
    assert not has_markers(b"x <<<<<<< ours\n") and not has_markers(b"<<<<<<<< eight\n")


def test_merge_file_names_an_unreadable_file(tmp_path: Path) -> None:
    current = tmp_path / "x.md"
    current.write_bytes(b"---\na: 1\n---\n")
    (tmp_path / "folder").mkdir()
    with pytest.raises(MergeFileError, match="folder"):
        merge_file(current, tmp_path / "folder", current)
    assert current.read_bytes() == b"---\na: 1\n---\n"
