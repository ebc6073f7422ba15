"""Cutting a search into tokens: words, phrases, ``field:value`` terms, operators, parentheses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.core.query.nodes import QueryError

#: ``field:`` (any key, dotted or not) and an optional operator; the value follows.
_FIELD = re.compile(r'([^\s:()"]+):(>=|<=|[=~<>])?')
_KEYWORDS = ("and", "or", "not")


@dataclass(frozen=True)
class Token:
    """One piece of a search.

    ``kind`` is "(", ")", "and", "or", "not" (also a leading ``-``), "word" (a bare word or a
    quoted phrase) or "term" (``field:value``). ``start``/``end`` span the whole token; for a
    term, ``value_start`` is where its value begins.
    """

    kind: str
    start: int
    end: int
    text: str = ""  # the word, or the term's value, unquoted
    quoted: bool = False
    field: str = ""
    op: str = ""  # "", "=", "~", ">", ">=", "<" or "<="
    value_start: int = 0

    @property
    def source(self) -> str:
        """How the token could be written (for messages)."""
        if self.kind == "term":
            return f"{self.field}:{self.op}{self.text}"
        return self.text or self.kind


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; QueryError for an unclosed quote or a dangling ``-``."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(Token(char, i, i + 1, char))
            i += 1
        elif char == "-":
            if i + 1 >= n or text[i + 1].isspace() or text[i + 1] == ")":
                raise QueryError(
                    "'-' must be followed directly by what to leave out, as in -is:published",
                    i,
                    incomplete=i + 1 >= n,
                )
            tokens.append(Token("not", i, i + 1, "-"))
            i += 1
        elif char == '"':
            value, end = _quoted(text, i)
            tokens.append(Token("word", i, end, value, quoted=True))
            i = end
        else:
            token = _term(text, i)
            if token is None:
                end = _unquoted_end(text, i)
                word = text[i:end]
                kind = word.lower() if word.lower() in _KEYWORDS else "word"
                token = Token(kind, i, end, word)
            tokens.append(token)
            i = token.end
    return tokens


def _term(text: str, start: int) -> Token | None:
    """The ``field:value`` term at ``start``, or None when the text there is not one."""
    match = _FIELD.match(text, start)
    if match is None:
        return None
    field, op = match.group(1), match.group(2) or ""
    at = match.end()
    if not op and text.startswith("//", at):
        return None  # a web address (https://...) is a word, not a field
    if at < len(text) and text[at] == '"':
        value, end = _quoted(text, at)
        return Token("term", start, end, value, True, field, op, at)
    end = _unquoted_end(text, at)
    if end == at:
        raise QueryError(
            f"'{field}:{op}' needs a value after it, as in {_example(field, op)}",
            start,
            at - start,
            incomplete=at == len(text),
        )
    return Token("term", start, end, text[at:end], False, field, op, at)


def _example(field: str, op: str) -> str:
    lowered = field.lower()
    if lowered == "is":
        return "is:published"
    if lowered in ("has", "missing"):
        return f"{lowered}:images"
    if op in (">", ">=", "<", "<="):
        return f"{field}:{op}40"
    if op == "~":
        return f'{field}:~"^power"'
    return f'{field}:{op}word or {field}:{op}"some words"'


def _unquoted_end(text: str, start: int) -> int:
    """Where an unquoted word starting at ``start`` ends.

    It runs to the next space; a ``)`` ends it unless it closes a ``(`` opened inside the
    word, so ``title:~(a|b)`` is one word and ``(power)`` a word in parentheses.
    """
    depth = 0
    i, n = start, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        i += 1
    return i


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The text of the quoted string opening at ``start`` and where it ends.

    Inside quotes, ``\\"`` is a quote and ``\\\\`` a backslash; any other backslash is kept,
    so regular expressions can be written as they are (``"\\d+"``).
    """
    chars: list[str] = []
    i, n = start + 1, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] in '"\\':
            chars.append(text[i + 1])
            i += 2
        elif char == '"':
            return "".join(chars), i + 1
        else:
            chars.append(char)
            i += 1
    raise QueryError(
        'this quote is never closed: add a " where the phrase ends', start, n - start, True
    )
