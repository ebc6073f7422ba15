"""The workspace layer (no Qt): open, search, plan, do/undo, preview, save."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pytest

from reviewer.core import store
from reviewer.core.article import Article
from reviewer.core.document import MISSING, Document
from reviewer.core.folder.index import IndexCache
from reviewer.core.query import parse
from reviewer.workspace import (
    AddTopic,
    RemoveTopic,
    SetValue,
    Workspace,
    plan,
    preview,
    publish,
    save,
)

ARTICLE = """\
---
title: "{title}"
provider:
  name: {provider}
published: {published}
quality: {quality}
topics:
  - Cities
originalUrl: "https://example.org/{url}"
secured: "{secured}"
---
Body of {slug}.
"""


def write(folder: Path, slug: str, **fields: object) -> Path:
    values: dict[str, object] = {
        "title": slug.title(),
        "provider": "Example",
        "published": "false",
        "quality": 50,
        "slug": slug,
        "secured": "sig-" + slug,
        "url": slug,
    }
    values.update(fields)
    path = folder / f"{slug}.md"
    path.write_text(ARTICLE.format(**values), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    write(root, "alpha", published="true", quality=10)
    write(root, "beta", quality=60)
    write(root, "gamma", quality=70, url="alpha")  # the same story as alpha
    (root / "README.md").write_text("# not an article\n", encoding="utf-8")
    (root / "broken.md").write_text("---\na: 1\na: 2\n---\n", encoding="utf-8")
    return root


@pytest.fixture
def workspace(folder: Path, tmp_path: Path) -> Workspace:
    opened = Workspace(IndexCache(tmp_path / "cache"))
    opened.open(folder)
    opened.read()
    return opened


def names(documents: Iterable[Document]) -> list[str]:
    return [d.path.name for d in documents]


def test_read_lists_front_matter_files_light_and_in_order(workspace: Workspace) -> None:
    assert names(workspace.documents) == ["alpha.md", "beta.md", "broken.md", "gamma.md"]
    assert not any(d.loaded for d in workspace.documents)
    assert "duplicate key" in (workspace.documents[2].article.error or "")
    # A batch listed twice (a folder change during a load) adds nothing.
    assert workspace.add([workspace.documents[0].article]) == []


def test_search_reads_files_only_for_fields_summaries_lack(workspace: Workspace) -> None:
    assert names(workspace.search(parse("quality:>55"))) == ["beta.md", "gamma.md"]
    assert not any(d.loaded for d in workspace.documents)
    assert names(workspace.search(parse("secured:sig-beta"))) == ["beta.md"]
    assert all(d.loaded for d in workspace.documents if d.editable)


def test_search_finds_duplicates_when_asked(workspace: Workspace) -> None:
    assert names(workspace.search(parse("is:duplicate"))) == ["alpha.md", "gamma.md"]


def test_plan_reads_nothing_and_its_command_does_and_undoes(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[Path] = []
    real = store.read_article

    def reading(p: Path) -> Article:
        reads.append(p)
        return real(p)

    monkeypatch.setattr(store, "read_article", reading)
    made = plan(publish(True), workspace.documents)
    assert [o.document.path.name for o in made.skipped] == ["broken.md"]
    assert names([s.document for s in made.steps]) == ["beta.md", "gamma.md"]  # alpha is so
    assert made.describe() == "Publish 2 articles"
    command = made.command()
    assert names(command.do()) == ["beta.md", "gamma.md"]
    assert names(workspace.modified()) == ["beta.md", "gamma.md"]
    command.undo()
    assert workspace.modified() == [] and reads == []


def test_topics_edits(workspace: Workspace) -> None:
    beta = workspace.documents[1]
    made = plan(AddTopic("AI"), [beta])
    made.command().do()
    assert beta.get(("topics",)) == ["Cities", "AI"]
    assert plan(AddTopic("ai"), [beta]).steps == []  # already there, ignoring case
    plan(RemoveTopic("cities"), [beta]).command().do()
    assert beta.get(("topics",)) == ["AI"]


def test_preview_is_the_exact_diff_of_the_file(workspace: Workspace) -> None:
    beta = workspace.documents[1]
    step = plan(SetValue(("quality",), 61, "Set quality"), [beta]).steps[0]
    lines = preview(step)
    assert [line for line in lines[2:] if line[:1] in "+-"] == ["-quality: 60", "+quality: 61"]
    assert not beta.modified  # previewing changes nothing


def test_save_reports_written_unchanged_and_failed(workspace: Workspace, folder: Path) -> None:
    plan(publish(True), workspace.documents).command().do()
    os.chmod(folder / "gamma.md", 0o444)
    report = save(workspace.documents)
    assert names(report.saved) == ["beta.md"]
    assert [(f.document.path.name, f.read_only) for f in report.failed] == [("gamma.md", True)]
    assert "read-only" in report.failed[0].reason
    assert not report.failed[0].reason.startswith("gamma.md:")
    assert b"published: true" in (folder / "beta.md").read_bytes()
    forced = save(workspace.documents, force=True)
    assert names(forced.saved) == ["gamma.md"] and forced.failed == []


def test_a_file_changed_since_listing_is_a_conflict_unless_rebased(
    workspace: Workspace, folder: Path
) -> None:
    beta = workspace.documents[1]
    plan(SetValue(("quality",), 1), [beta]).command().do()
    write(folder, "beta", quality=60, title="Changed Elsewhere")
    report = save([beta])
    assert "changed by another program" in report.failed[0].reason
    rebased = save([beta], rebase=True)
    assert names(rebased.saved) == ["beta.md"]
    text = (folder / "beta.md").read_text()
    assert "Changed Elsewhere" in text and "quality: 1" in text


def test_open_files_reads_named_files_in_full(folder: Path) -> None:
    workspace = Workspace()
    found = workspace.open_files([folder / "beta.md", folder / "missing.md", folder / "beta.md"])
    assert names(found) == ["beta.md", "missing.md"]
    assert found[0].loaded and found[0].get(("secured",)) == "sig-beta"
    assert found[1].article.error == "the file does not exist"
    assert found[0].get(("nothing",)) is MISSING


def test_setting_through_a_value_that_is_not_a_mapping_is_skipped(workspace: Workspace) -> None:
    beta = workspace.documents[1]
    made = plan(SetValue(("quality", "x"), 1), [beta])
    assert made.skipped[0].problem == "quality is not a mapping, so quality.x cannot be set in it"


def test_a_value_of_the_wrong_kind_or_a_protected_field_is_skipped(
    workspace: Workspace,
) -> None:
    """Issue 11: every edit path validates against the field registry."""
    beta = workspace.documents[1]
    made = plan(SetValue(("quality",), "abc"), [beta])
    assert made.steps == [] and made.skipped[0].problem == (
        "quality must be a number, not the text 'abc'."
    )
    assert "protected" in (plan(SetValue(("secured",), "x"), [beta]).skipped[0].problem or "")
    assert plan(SetValue(("secured",), "x", force=True), [beta]).steps != []


def test_unknown_fields_come_with_the_nearest_names(workspace: Workspace) -> None:
    assert workspace.unknown_fields(parse("qualty:>50 title:x")) == [("qualty", ["quality"])]
    assert workspace.unknown_fields(parse("QUALITY:>50 provider.name:x")) == []
    assert workspace.unknown_fields(parse("zzzzzz:1")) == [("zzzzzz", [])]


def test_read_full_changes_no_document_and_load_takes_what_it_read(
    workspace: Workspace,
) -> None:
    """A worker reads; the thread that owns the documents loads what was read."""
    beta = workspace.documents[1]
    pairs = Workspace.read_full(workspace.documents)
    assert not any(d.loaded for d in workspace.documents)
    article = dict((id(d), a) for d, a in pairs)[id(beta)]
    assert beta.load(article) is False and beta.loaded and beta.article is article
