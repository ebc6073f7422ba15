"""The save layer on hand-written files: only the changed values' bytes change.

Each test states the exact new lines (or the exact new bytes) a change must produce.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from core_support import article_from, copy_fixture, fixture_bytes, line_changes, render

from reviewer.core import store
from reviewer.core.errors import EditError
from reviewer.core.frontmatter import emit
from reviewer.core.frontmatter.edit import MISSING, apply_changes

UTC = dt.timezone.utc
NEW_TIME = dt.datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC)


def _changed(name: str, changes: dict[tuple[str, ...], Any]) -> list[tuple[list[str], list[str]]]:
    """The changed line groups a save of ``changes`` to fixture ``name`` makes, as text."""
    old = fixture_bytes(name)
    new = render(old, changes)
    reloaded = article_from(new)
    assert reloaded.parts is not None
    original = article_from(old)
    assert original.parts is not None
    # Outside the front matter nothing changes, byte for byte.
    assert reloaded.parts.bom == original.parts.bom
    assert reloaded.parts.opening == original.parts.opening
    assert reloaded.parts.closing == original.parts.closing
    assert reloaded.parts.body == original.parts.body
    return [
        ([line.decode() for line in a], [line.decode() for line in b])
        for a, b in line_changes(old, new)
    ]


def _data(name: str, changes: dict[tuple[str, ...], Any]) -> dict[str, Any]:
    return article_from(render(fixture_bytes(name), changes)).data


# -- quote styles ---------------------------------------------------------------------------------


def test_single_quoted_title_stays_single_quoted_with_its_comment() -> None:
    assert _changed("styles.md", {("title",): "The keeper's new log"}) == [
        (
            ["title: 'The keeper''s log'   # single quotes, with a doubled quote\n"],
            ["title: 'The keeper''s new log'   # single quotes, with a doubled quote\n"],
        )
    ]


def test_plain_value_stays_plain() -> None:
    assert _changed("styles.md", {("subtitle",): "Another plain one"}) == [
        (["subtitle: A plain title, no quotes\n"], ["subtitle: Another plain one\n"])
    ]


def test_plain_value_gets_quotes_only_when_it_needs_them() -> None:
    assert _changed("styles.md", {("subtitle",): "Lamps: lit"}) == [
        (["subtitle: A plain title, no quotes\n"], ['subtitle: "Lamps: lit"\n'])
    ]


def test_double_quoted_value_stays_double_quoted() -> None:
    assert _changed("styles.md", {("excerpt",): 'Say "hi" it\'s'}) == [
        (['excerpt: "Double \\"quoted\\" text"\n'], ['excerpt: "Say \\"hi\\" it\'s"\n'])
    ]


def test_nested_single_quoted_value() -> None:
    assert _changed("styles.md", {("provider", "name"): "Harbour Daily"}) == [
        (["  name: 'Harbour Weekly'\n"], ["  name: 'Harbour Daily'\n"])
    ]


# -- comments, blank lines, body, secured ---------------------------------------------------------


def test_many_edits_keep_comments_blank_lines_body_and_secured() -> None:
    old = fixture_bytes("styles.md")
    new = render(
        old,
        {
            ("title",): "New title",
            ("published",): False,
            ("quality",): 11,
            ("topics",): ["Lighthouses", "Coast", "Harbour"],
        },
    )
    old_lines, new_lines = old.decode().splitlines(), new.decode().splitlines()
    for line in old_lines:
        if line.startswith("#") or line.startswith("secured:") or not line.strip():
            assert line in new_lines
    assert new_lines.count("") == old_lines.count("")
    assert new.endswith(old[old.index(b"---\nA body") :])
    assert [a for a, _ in line_changes(old, new)] == [
        [b"title: 'The keeper''s log'   # single quotes, with a doubled quote\n"],
        [b"published: True\n"],
        [],
        [b"quality: 10\n"],
    ]


def test_secured_is_never_touched_by_other_edits() -> None:
    old = fixture_bytes("news-plain.md")
    changes: dict[tuple[str, ...], Any] = {
        ("title",): "T",
        ("published",): False,
        ("topics",): ["Lighthouses"],
        ("provider", "name"): "P",
        ("quality",): 1,
        ("publishedDateTime",): NEW_TIME,
        ("newKey",): "added at the end",
    }
    new = render(old, changes)
    secured = [line for line in old.splitlines() if line.startswith(b"secured:")]
    assert len(secured) == 1
    assert secured[0] in new.splitlines()
    assert article_from(new).data["secured"] == article_from(old).data["secured"]


def test_html_body_with_dashes_is_byte_identical() -> None:
    old = fixture_bytes("newsletter.html")
    new = render(old, {("title",): "Harbour Letter (2021-09-21)", ("published",): True})
    body = old[old.index(b"---\n<html>") :]
    assert new.endswith(body)
    assert line_changes(old, new) == [
        ([b'title: "Harbour Letter (2021-09-20)"\n'], [b'title: "Harbour Letter (2021-09-21)"\n']),
        ([], [b"published: true\n"]),
    ]


def test_markdown_body_with_dashes_and_dots_is_byte_identical() -> None:
    old = fixture_bytes("styles.md")
    new = render(old, {("draft",): False})
    assert new == old.replace(b"draft: yes\n", b"draft: no\n")


def test_dots_fence_is_kept() -> None:
    old = fixture_bytes("dots-fence.md")
    new = render(old, {("published",): True, ("quality",): 5})
    assert new == (
        b"---\ntitle: Closed with dots\npublished: true\nquality: 5\n"
        b"...\nBody after a dots fence.\n"
    )


# -- CRLF and BOM ---------------------------------------------------------------------------------


def test_crlf_fixture_really_has_crlf_and_bom() -> None:
    raw = fixture_bytes("crlf-bom.md")
    assert raw.startswith(b"\xef\xbb\xbf---\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")


def test_crlf_and_bom_kept_on_toggle() -> None:
    old = fixture_bytes("crlf-bom.md")
    new = render(old, {("published",): True})
    assert new == old.replace(b"published: false\r\n", b"published: true\r\n")


def test_crlf_inserted_lines_use_crlf() -> None:
    old = fixture_bytes("crlf-bom.md")
    new = render(
        old,
        {("topics",): ["Harbour", "Lamps"], ("quality",): 3, ("provider", "name"): "Gazette"},
    )
    assert new.startswith(b"\xef\xbb\xbf---\r\n")
    assert new.count(b"\n") == new.count(b"\r\n")
    assert line_changes(old, new) == [
        ([], [b"  - Lamps\r\n"]),
        ([], [b"quality: 3\r\n", b"provider:\r\n", b"  name: Gazette\r\n"]),
    ]
    assert new.endswith(b"---\r\nBody line one.\r\n\r\n---\r\nBody line two.\r\n")


def test_crlf_delete_and_remove_item() -> None:
    old = fixture_bytes("crlf-bom.md")
    new = render(old, {("secured",): MISSING, ("topics",): []})
    assert line_changes(old, new) == [
        ([b"topics:\r\n", b"  - Harbour\r\n"], [b"topics: []\r\n"]),
        ([b'secured: "s1g=="\r\n'], []),
    ]


# -- anchors and aliases --------------------------------------------------------------------------


def test_editing_an_alias_value_replaces_only_the_alias() -> None:
    assert _changed("anchors.md", {("accent",): "green"}) == [
        (["accent: *c\n"], ["accent: green\n"])
    ]


def test_editing_an_anchored_value_shared_elsewhere_is_refused() -> None:
    raw = fixture_bytes("anchors.md")
    with pytest.raises(EditError):
        render(raw, {("colour",): "green"})
    with pytest.raises(EditError):
        render(raw, {("base", "name"): "Other"})


def test_editing_an_anchored_value_used_nowhere_else_keeps_the_anchor() -> None:
    assert _changed("anchors.md", {("border",): "green"}) == [
        (["border: &solo red\n"], ["border: &solo green\n"])
    ]


def test_editing_inside_an_alias_writes_that_value_out() -> None:
    changes = _changed("anchors.md", {("provider", "name"): "Other"})
    assert changes == [(["provider: *base\n"], ["provider: {name: Other, domain: example.org}\n"])]
    data = _data("anchors.md", {("provider", "name"): "Other"})
    assert data["base"] == {"name": "Coastal Gazette", "domain": "example.org"}
    assert data["provider"] == {"name": "Other", "domain": "example.org"}


def test_removing_a_key_inside_an_alias_writes_that_value_out() -> None:
    data = _data("anchors.md", {("provider", "domain"): MISSING})
    assert data["provider"] == {"name": "Coastal Gazette"}
    assert data["base"] == {"name": "Coastal Gazette", "domain": "example.org"}


def test_deleting_an_anchor_still_in_use_is_refused() -> None:
    with pytest.raises(EditError):
        render(fixture_bytes("anchors.md"), {("colour",): MISSING})


# -- lists ----------------------------------------------------------------------------------------


def test_flow_list_append() -> None:
    assert _changed("styles.md", {("tags",): ["lamps", "coast", "harbour"]}) == [
        (["tags: [lamps, coast]\n"], ["tags: [lamps, coast, harbour]\n"])
    ]


def test_flow_list_remove() -> None:
    assert _changed("styles.md", {("tags",): ["coast"]}) == [
        (["tags: [lamps, coast]\n"], ["tags: [coast]\n"])
    ]


def test_block_list_append() -> None:
    assert _changed("news-plain.md", {("topics",): ["Lighthouses", "Volunteering", "Coast"]}) == [
        ([], ["  - Coast\n"])
    ]


def test_block_list_append_keeps_indentless_style() -> None:
    assert _changed("styles.md", {("topics",): ["Lighthouses", "Coast", "Harbour"]}) == [
        ([], ["- Harbour\n"])
    ]


def test_block_list_remove_first() -> None:
    assert _changed("news-plain.md", {("topics",): ["Volunteering"]}) == [
        (["  - Lighthouses\n"], [])
    ]


def test_block_list_remove_last() -> None:
    assert _changed("news-plain.md", {("topics",): ["Lighthouses"]}) == [
        (["  - Volunteering\n"], [])
    ]


def test_block_list_replace_item() -> None:
    assert _changed("news-plain.md", {("topics",): ["Lighthouses", "Lamps"]}) == [
        (["  - Volunteering\n"], ["  - Lamps\n"])
    ]


def test_block_list_remove_all() -> None:
    assert _changed("news-plain.md", {("topics",): []}) == [
        (["topics:\n", "  - Lighthouses\n", "  - Volunteering\n"], ["topics: []\n"])
    ]


def test_block_list_append_text_needing_quotes() -> None:
    assert _changed("news-plain.md", {("topics",): ["Lighthouses", "Volunteering", "AI: 2"]}) == [
        ([], ['  - "AI: 2"\n'])
    ]


def test_list_of_mappings_append() -> None:
    image = {"url": "https://example.org/2.jpg", "width": 10, "height": 20, "isCached": False}
    data = article_from(fixture_bytes("news-plain.md")).data
    assert _changed("news-plain.md", {("images",): [*data["images"], image]}) == [
        (
            [],
            [
                '  - url: "https://example.org/2.jpg"\n',
                "    width: 10\n",
                "    height: 20\n",
                "    isCached: false\n",
            ],
        )
    ]


# -- nested values, new keys, deletion ------------------------------------------------------------


def test_nested_provider_name() -> None:
    assert _changed("news-plain.md", {("provider", "name"): "Harbour Weekly"}) == [
        (["  name: Coastal Gazette\n"], ["  name: Harbour Weekly\n"])
    ]


def test_missing_published_adds_exactly_one_line() -> None:
    assert _changed("no-published.md", {("published",): True}) == [([], ["published: true\n"])]
    assert _data("no-published.md", {("published",): True})["published"] is True


def test_new_nested_key_in_existing_mapping() -> None:
    assert _changed("news-plain.md", {("provider", "country"): "NZ"}) == [([], ["  country: NZ\n"])]


def test_new_nested_key_in_missing_mapping() -> None:
    assert _changed("no-published.md", {("provider", "name"): "Gazette"}) == [
        ([], ["provider:\n", "  name: Gazette\n"])
    ]


def test_delete_a_key() -> None:
    assert _changed("news-plain.md", {("heat",): MISSING}) == [(["heat: 15\n"], [])]


def test_delete_a_block_key() -> None:
    changes = _changed("news-plain.md", {("topics",): MISSING})
    assert changes == [(["topics:\n", "  - Lighthouses\n", "  - Volunteering\n"], [])]


def test_delete_a_missing_key_changes_nothing() -> None:
    raw = fixture_bytes("news-plain.md")
    assert render(raw, {("nothing",): MISSING}) == raw
    assert render(raw, {("provider", "nothing"): MISSING}) == raw


def test_delete_the_last_nested_key_leaves_an_empty_mapping() -> None:
    text = "a: 1\nb:\n  c: 1\nd: 2\n"
    assert apply_changes(text, {("b", "c"): MISSING}) == "a: 1\nb: {}\nd: 2\n"


def test_delete_a_nested_key() -> None:
    assert _changed("news-plain.md", {("provider", "domain"): MISSING}) == [
        (["  domain: example.org\n"], [])
    ]


def test_empty_value_gets_a_value() -> None:
    assert _changed("styles.md", {("note",): "Checked"}) == [(["note:\n"], ["note: Checked\n"])]


def test_empty_value_gets_a_list() -> None:
    assert _changed("styles.md", {("note",): ["a", "b"]}) == [([], ["- a\n", "- b\n"])]


# -- dates ----------------------------------------------------------------------------------------


def test_date_keeps_t_and_z() -> None:
    assert _changed("news-plain.md", {("publishedDateTime",): NEW_TIME}) == [
        (
            ["publishedDateTime: 2021-09-20T16:44:00Z\n"],
            ["publishedDateTime: 2022-01-02T03:04:05Z\n"],
        )
    ]


def test_date_with_other_zone_is_written_in_utc_for_a_z_file() -> None:
    when = dt.datetime(2022, 1, 2, 5, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert _changed("news-plain.md", {("publishedDateTime",): when}) == [
        (
            ["publishedDateTime: 2021-09-20T16:44:00Z\n"],
            ["publishedDateTime: 2022-01-02T03:04:05Z\n"],
        )
    ]


def test_naive_date_in_a_z_file_is_taken_as_utc() -> None:
    when = dt.datetime(2022, 1, 2, 3, 4, 5)
    assert _changed("news-plain.md", {("publishedDateTime",): when}) == [
        (
            ["publishedDateTime: 2021-09-20T16:44:00Z\n"],
            ["publishedDateTime: 2022-01-02T03:04:05Z\n"],
        )
    ]
    data = _data("news-plain.md", {("publishedDateTime",): when})
    assert data["publishedDateTime"] == NEW_TIME


def test_date_keeps_space_and_offset() -> None:
    when = dt.datetime(2022, 1, 2, 5, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert _changed("styles.md", {("publishedDateTime",): when}) == [
        (
            ["publishedDateTime: 2021-09-20 16:44:00+02:00\n"],
            ["publishedDateTime: 2022-01-02 05:04:05+02:00\n"],
        )
    ]


def test_date_only_stays_date_only() -> None:
    assert _changed("styles.md", {("date",): NEW_TIME}) == [
        (["date: 2021-09-20\n"], ["date: 2022-01-02\n"])
    ]
    assert _changed("styles.md", {("date",): dt.date(2023, 4, 5)}) == [
        (["date: 2021-09-20\n"], ["date: 2023-04-05\n"])
    ]


def test_quoted_text_date_keeps_its_text_style() -> None:
    when = dt.datetime(2022, 1, 2, 15, 4)
    assert _changed("styles.md", {("updated",): when}) == [
        (['updated: "Sep 20, 2021 4:44 PM"\n'], ['updated: "Jan 2, 2022 3:04 PM"\n'])
    ]


def test_plain_text_date_keeps_its_text_style() -> None:
    when = dt.datetime(2022, 12, 25, 9, 30)
    assert _changed("string-date.md", {("publishedDateTime",): when}) == [
        (
            ["publishedDateTime: Sep 20, 2021 4:44 PM\n"],
            ["publishedDateTime: Dec 25, 2022 9:30 AM\n"],
        )
    ]


def test_quoted_iso_date_stays_quoted() -> None:
    text = "publishedDateTime: '2019-08-19T21:00:10Z'\n"
    assert apply_changes(text, {("publishedDateTime",): NEW_TIME}) == (
        "publishedDateTime: '2022-01-02T03:04:05Z'\n"
    )


def test_new_date_key_uses_the_site_style() -> None:
    assert _changed("string-date.md", {("updated",): NEW_TIME}) == [
        ([], ["updated: 2022-01-02T03:04:05Z\n"])
    ]


# -- text: emoji, booleans, escapes ---------------------------------------------------------------


def test_emoji_title_is_written_as_characters() -> None:
    title = 'Lamps lit 🎉🌊 "twice"'
    assert _changed("emoji.md", {("title",): title}) == [
        (['title: "Lamps lit again 🎉 at dawn"\n'], ['title: "Lamps lit 🎉🌊 \\"twice\\""\n'])
    ]
    assert _data("emoji.md", {("title",): title})["title"] == title


def test_emoji_elsewhere_is_kept_when_another_key_changes() -> None:
    old = fixture_bytes("emoji.md")
    new = render(old, {("published",): True})
    assert new == old.replace(b"published: false", b"published: true")


@pytest.mark.parametrize(
    ("key", "old", "new"), [("published", "True", "False"), ("draft", "yes", "no")]
)
def test_booleans_keep_their_spelling(key: str, old: str, new: str) -> None:
    value = new in ("True", "yes")
    assert _changed("styles.md", {(key,): value}) == [([f"{key}: {old}\n"], [f"{key}: {new}\n"])]


def test_text_that_looks_like_another_type_is_quoted() -> None:
    text = "a: x\nb: x\nc: x\nd: x\n"
    result = apply_changes(
        text, {("a",): "yes", ("b",): "123", ("c",): "null", ("d",): "2020-01-01"}
    )
    assert result == 'a: "yes"\nb: "123"\nc: "null"\nd: "2020-01-01"\n'


def test_multiline_text_in_a_plain_value() -> None:
    assert apply_changes("a: x\nb: y\n", {("a",): "one\ntwo"}) == 'a: "one\\ntwo"\nb: y\n'


def test_literal_block_stays_literal() -> None:
    text = "a: |\n  one\n  two\nb: y\n"
    assert apply_changes(text, {("a",): "three\nfour\n"}) == "a: |\n  three\n  four\nb: y\n"


# -- refusals and store round trips ---------------------------------------------------------------


def test_refusal_writes_nothing(tmp_path: Path) -> None:
    path = copy_fixture("anchors.md", tmp_path)
    before = path.read_bytes()
    article = store.read_article(path)
    with pytest.raises(EditError):
        store.save(article, {("colour",): "green"})
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anchors.md"]


def test_save_writes_what_render_promised(tmp_path: Path) -> None:
    for name in ("news-plain.md", "styles.md", "crlf-bom.md", "newsletter.html", "emoji.md"):
        path = copy_fixture(name, tmp_path)
        article = store.read_article(path)
        changes: dict[tuple[str, ...], Any] = {
            ("published",): not article.published,
            ("title",): "Saved 🎉",
        }
        expected = store.render(article, changes)
        saved = store.save(article, changes)
        assert path.read_bytes() == expected
        assert saved.raw == expected
        assert saved.published is (not article.published)
        assert saved.title == "Saved 🎉"
        assert store.read_article(path).fingerprint == saved.fingerprint


def test_noop_save_does_not_write(tmp_path: Path) -> None:
    path = copy_fixture("styles.md", tmp_path)
    article = store.read_article(path)
    assert store.save(article, {}) is article
    assert store.save(article, {("title",): article.title}) is article
    assert path.read_bytes() == fixture_bytes("styles.md")


def test_file_without_front_matter_is_refused() -> None:
    article = article_from(b"Just a body.\n")
    with pytest.raises(EditError, match="no front matter"):
        store.render(article, {("published",): True})


@pytest.mark.parametrize("raw", [b"", b"\n", b"# README\n\nNot a page.\n"])
def test_a_file_without_front_matter_is_never_given_one(raw: bytes) -> None:
    article = article_from(raw)
    with pytest.raises(EditError, match="no front matter"):
        store.render(article, {("published",): True})


def test_bad_article_is_refused() -> None:
    article = store.parse_article(Path("bad.md"), b"---\na: [\n---\n", None)
    with pytest.raises(EditError, match="invalid YAML"):
        store.render(article, {("published",): True})


# -- regressions found by the property tests ------------------------------------------------------


def test_text_that_is_not_a_date_becomes_a_real_date() -> None:
    when = dt.datetime(2022, 1, 2, 3, 4, 5)
    assert apply_changes("a: ''\nb: Lamps\n", {("a",): when, ("b",): dt.date(2022, 1, 2)}) == (
        "a: 2022-01-02T03:04:05\nb: 2022-01-02\n"
    )


def test_flow_root_mapping_gets_new_keys_and_loses_old_ones() -> None:
    assert apply_changes("{a: 1, b: [x]}\n", {("published",): True}) == (
        "{a: 1, b: [x], published: true}\n"
    )
    assert apply_changes("{}\n", {("a",): [1]}) == "{a: [1]}\n"
    assert apply_changes("{a: 1, b: 2, c: 3}\n", {("a",): MISSING}) == "{b: 2, c: 3}\n"
    assert apply_changes("{a: 1, b: 2, c: 3}\n", {("b",): MISSING}) == "{a: 1, c: 3}\n"
    assert apply_changes("{a: 1, b: 2, c: 3}\n", {("c",): MISSING}) == "{a: 1, b: 2}\n"
    assert apply_changes("x: {a: 1}\n", {("x", "a"): MISSING}) == "x: {}\n"


def test_values_inside_flow_mappings_are_written_flow_safe() -> None:
    assert apply_changes("{a: x, b: 1}\n", {("a",): "p, q"}) == '{a: "p, q", b: 1}\n'
    assert apply_changes("{a: {b: [1]}}\n", {("a", "b"): ":KX"}) == '{a: {b: ":KX"}}\n'
    assert apply_changes("{a: {}}\n", {("a",): [""]}) == '{a: [""]}\n'
    assert apply_changes("x: {a: 1, b: 2}\n", {("x", "c"): "hi, there"}) == (
        'x: {a: 1, b: 2, c: "hi, there"}\n'
    )


def test_explicit_tag_is_dropped_when_the_type_changes() -> None:
    assert apply_changes('a: !!int "3"\n', {("a",): "x"}) == 'a: "x"\n'
    assert apply_changes("a: !!float 3\n", {("a",): 4}) == "a: 4\n"
    assert apply_changes('a: &k !!int "3"\nb: 1\n', {("a",): 2.5}) == "a: &k 2.5\nb: 1\n"
    assert apply_changes("a: !!str 3\n", {("a",): "4"}) == 'a: !!str "4"\n'


def test_record_losing_its_first_key_is_rewritten() -> None:
    text = 'related:\n  - title: "A"\n    url: x\n  - title: "B"\n    url: y\nz: 1\n'
    changes: dict[tuple[str, ...], Any] = {
        ("related",): [{"url": "x"}, {"title": "B", "url": "y2"}]
    }
    assert apply_changes(text, changes) == (
        'related:\n  - url: x\n  - title: "B"\n    url: y2\nz: 1\n'
    )


def test_explicit_key_indentation_for_new_keys() -> None:
    assert apply_changes("? a\n: []\n", {("b",): 1}) == "? a\n: []\nb: 1\n"


def test_a_change_that_breaks_the_text_for_the_next_one_is_an_edit_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # If one change ever wrote text that does not load, the next change must not surface the
    # loader's ArticleError: the caller is promised EditError (and nothing written).
    real_scalar = emit.scalar

    def broken(value: Any, **kwargs: Any) -> str:
        return "[unclosed" if value == "BREAK" else real_scalar(value, **kwargs)

    monkeypatch.setattr(emit, "scalar", broken)
    with pytest.raises(EditError, match="would not be valid"):
        apply_changes("a: 1\nb: 2\n", {("a",): "BREAK", ("b",): 3})


def test_a_date_written_over_an_offset_keeps_that_offset() -> None:
    import datetime as dt

    from reviewer.core.frontmatter.edit import apply_changes

    text = "d: 2021-01-01 10:00:00 +02:00\n"
    new = dt.datetime(2022, 5, 5, 12, tzinfo=dt.timezone.utc)
    assert apply_changes(text, {("d",): new}) == "d: 2022-05-05 14:00:00 +02:00\n"


@pytest.mark.parametrize("value", [b"raw", {1, 2}, __import__("datetime").time(10, 30)])
def test_values_yaml_cannot_hold_are_refused_not_crashed(value: object) -> None:
    from reviewer.core.errors import EditError
    from reviewer.core.frontmatter.edit import apply_changes

    with pytest.raises(EditError):
        apply_changes("d: 1\n", {("d",): value})


def test_render_loads_the_front_matter_once_more_only_to_check_the_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full article's data is its front matter loaded: the edit starts from it (a publish
    # over 20,000 matches parsed each file twice before the check, now once).
    from reviewer.core.frontmatter import yamlio

    path = tmp_path / "item.md"
    path.write_bytes(b"---\ntitle: A\npublished: false\ntopics: [x, y]\n---\nBody\n")
    article = store.read_article(path)
    before = repr(article.data)
    loads: list[str] = []
    real = yamlio.load

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        loads.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(yamlio, "load", counted)
    new = store.render(article, {("published",): True})
    assert new == b"---\ntitle: A\npublished: true\ntopics: [x, y]\n---\nBody\n"
    assert len(loads) == 1 and "published: true" in loads[0]  # the result, checked
    assert repr(article.data) == before  # read, not changed


def test_apply_changes_given_the_data_edits_as_without_it() -> None:
    text = "a: 1\nb:\n  c: 2\n  d: [1, 2]\ne: x\n"
    changes = {("b", "c"): 3, ("e",): MISSING, ("f",): "new"}
    data = {"a": 1, "b": {"c": 2, "d": [1, 2]}, "e": "x"}
    assert apply_changes(text, changes, data=data) == apply_changes(text, changes)
    assert data == {"a": 1, "b": {"c": 2, "d": [1, 2]}, "e": "x"}
