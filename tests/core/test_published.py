"""Jekyll's rule for `published`, without Jekyll: unless false or null, a file is rendered.

tests/core/test_jekyll.py checks the same values against a real ``jekyll build``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from core_support import article_from

from reviewer.core import fields, store
from reviewer.core.article import Article, light
from reviewer.core.frontmatter.values import MISSING
from reviewer.core.query import Record, parse

#: ``published:`` as a file may write it -> (the value loaded, whether Jekyll renders it).
#: Booleans and nulls are read as Ruby's Psych reads them, in any case (PyYAML alone knows
#: three spellings of each); ``y`` and ``n`` are text for both.
WRITTEN: dict[str, tuple[Any, bool]] = {
    "true": (True, True),
    "false": (False, False),
    "False": (False, False),
    "no": (False, False),
    "NO": (False, False),
    "off": (False, False),
    "FaLsE": (False, False),  # text for PyYAML; false for Psych
    "nO": (False, False),
    "oFF": (False, False),
    "yes": (True, True),
    "On": (True, True),
    "tRUE": (True, True),
    "y": ("y", True),
    "n": ("n", True),
    "'false'": ("false", True),
    '"no"': ("no", True),
    "!!str false": ("false", True),
    "!!bool false": (False, False),
    "null": (None, False),
    "~": (None, False),
    "": (None, False),
    "nULL": (None, False),  # text for PyYAML; null for Psych
    "[maybe]": (["maybe"], True),
    "0": (0, True),  # Ruby's 0 is true
    "maybe": ("maybe", True),
}


def front(line: str) -> bytes:
    return f"---\ntitle: An item\n{line}\n---\nBody.\n".encode()


@pytest.mark.parametrize("text", list(WRITTEN))
def test_each_spelling_reads_as_jekyll_reads_it(text: str) -> None:
    value, rendered = WRITTEN[text]
    article = article_from(front(f"published: {text}".rstrip()))
    assert article.published_value == value and type(article.published_value) is type(value)
    assert article.published is rendered
    assert article.published_written
    assert fields.publishes(value) is rendered
    assert light(article).published is rendered  # as the listing and the index cache hold it


def test_a_file_without_the_key_is_published() -> None:
    article = article_from(front("quality: 3"))
    assert article.published is True
    assert not article.published_written
    assert article.published_value is MISSING
    assert fields.published({}) is True
    assert fields.publishes(MISSING) is True


def test_an_unreadable_file_has_no_state() -> None:
    broken = store.parse_article(Path("a.md"), b"---\ntitle: [broken\npublished: true\n---\n", None)
    assert broken.error is not None
    assert broken.published is None  # neither published nor hidden as far as reviewer knows


def test_only_false_and_null_hide_a_file() -> None:
    hidden: list[Any] = [False, None]
    shown: list[Any] = [True, MISSING, "false", "", 0, 0.0, [], {}, ["maybe"]]
    assert not any(map(fields.publishes, hidden))
    assert all(map(fields.publishes, shown))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"published": True}, {"power"}),
        ({"published": False}, set()),
        ({}, {"power"}),
        ({"published": "false"}, {"power"}),
        ({"published": None}, set()),
        ({"published": ["maybe"]}, {"power"}),
    ],
)
def test_the_search_states_follow_the_rule(data: dict[str, Any], expected: set[str]) -> None:
    record = Record.from_article(Article(Path("power.md"), b"", None, {"title": "Power", **data}))
    found = {"power"} if parse("is:published").matches(record) else set()
    assert found == expected
    assert parse("is:unpublished").matches(record) is not bool(expected)


def test_the_state_in_words() -> None:
    assert fields.published_state(True) == "Published (published: true)."
    assert fields.published_state(False) == "Not published (published: false)."
    assert fields.published_state(MISSING) == (
        "Published: the file has no published key, and Jekyll publishes such a file."
    )
    assert fields.published_state(None) == (
        "Not published: published is empty (null), which Jekyll reads as false."
    )
    assert fields.published_state("false") == (
        "Published: published is the text 'false', and Jekyll publishes any value but false"
        " or null."
    )


def test_values_that_are_not_true_or_false_are_traps() -> None:
    assert fields.published_problem({}) is None
    assert fields.published_problem({"published": True}) is None
    assert fields.published_problem({"published": False}) is None
    assert fields.published_problem({"published": "false"}) == (
        "published is the text 'false': Jekyll publishes the file (only false or null hides"
        " one); write true or false."
    )
    assert fields.published_problem({"published": ["maybe"]}) == (
        "published is a list: Jekyll publishes the file (only false or null hides one); write"
        " true or false."
    )
    assert fields.published_problem({"published": None}) == (
        "published is empty (null): Jekyll hides the file as if it were false; write false."
    )
