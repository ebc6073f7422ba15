"""Turning tokens into a tree of nodes: ``or`` binds loosest, then ``and``, then ``not``."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from reviewer.core.query.lexer import Token, tokenize
from reviewer.core.query.nodes import (
    DATE_FIELD,
    IS_VALUES,
    And,
    Contains,
    DateRange,
    Equals,
    Everything,
    Has,
    Is,
    Node,
    Not,
    NumberRange,
    Or,
    QueryError,
    Regex,
    Words,
)
from reviewer.core.query.records import fold
from reviewer.core.query.values import (
    DATE_FORMS,
    compile_regex,
    next_day,
    parse_number,
    parse_period,
    previous_day,
)

_COMPARISONS = (">", ">=", "<", "<=")
#: How deep ``not``, ``-`` and parentheses may nest (the parser and matcher recurse).
MAX_DEPTH = 100


def parse_tree(text: str, today: dt.date) -> Node:
    """The tree of ``text``; ``today`` anchors ``today``, ``yesterday`` and ``7daysago``."""
    return _Parser(tokenize(text), len(text), today).parse()


class _Parser:
    """A recursive-descent parser over a token list.

    query := or_expr; or_expr := and_expr ("or" and_expr)*;
    and_expr := not_expr (["and"] not_expr)*; not_expr := ("not" | "-") not_expr | atom;
    atom := "(" or_expr ")" | word | term.
    """

    def __init__(self, tokens: list[Token], length: int, today: dt.date) -> None:
        self.tokens = tokens
        self.length = length
        self.today = today
        self.at = 0
        self.depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        if not self.tokens:
            return Everything()
        node = self.or_expr()
        extra = self.peek()
        if extra is not None:  # only a ")" can stop the loops early
            raise QueryError(
                "this ')' closes no '(': remove it or add a '(' before it", extra.start
            )
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            self.expect_operand(token)
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(_flat(items, Or))

    def and_expr(self) -> Node:
        items = [self.not_expr()]
        while (token := self.peek()) is not None and token.kind not in ("or", ")"):
            if token.kind == "and":
                self.take()
                self.expect_operand(token)
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else And(_flat(items, And))

    def not_expr(self) -> Node:
        token = self.peek()
        if token is not None and token.kind == "not":
            self.take()
            self.expect_operand(token)
            with self.nested(token):
                return Not(self.not_expr())
        return self.atom()

    @contextlib.contextmanager
    def nested(self, token: Token) -> Iterator[None]:
        """One level deeper into ``not`` or parentheses; QueryError past MAX_DEPTH."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(
                f"the search nests 'not', '-' or parentheses more than {MAX_DEPTH} deep",
                token.start,
            )
        try:
            yield
        finally:
            self.depth -= 1

    def expect_operand(self, operator: Token) -> None:
        """QueryError unless a search term follows ``operator``."""
        following = self.peek()
        if following is None or following.kind in ("and", "or", ")"):
            name = "'-'" if operator.text == "-" else f"'{operator.text}'"
            raise QueryError(
                f"{name} must be followed by a search term",
                operator.start,
                operator.end - operator.start,
                incomplete=following is None,
            )

    def atom(self) -> Node:
        token = self.peek()
        if token is None:  # the callers check first; kept for safety
            raise QueryError("a search term is missing at the end", self.length, 1, True)
        if token.kind in ("and", "or"):
            raise QueryError(
                f"'{token.text}' must come between two search terms",
                token.start,
                token.end - token.start,
            )
        if token.kind == ")":
            raise QueryError(
                "this ')' closes no '(': remove it or add a '(' before it", token.start
            )
        self.take()
        if token.kind == "(":
            following = self.peek()
            if following is None:
                raise QueryError("this '(' is never closed: add a ')'", token.start, 1, True)
            if following.kind == ")":
                raise QueryError(
                    "the parentheses are empty: put a search term inside",
                    token.start,
                    following.end - token.start,
                )
            with self.nested(token):
                node = self.or_expr()
            closing = self.peek()
            if closing is None:
                raise QueryError("this '(' is never closed: add a ')'", token.start, 1, True)
            self.take()
            return node
        if token.kind == "word":
            return Words(fold(token.text))
        return term(token, self.today)


def _flat(items: list[Node], kind: type[And] | type[Or]) -> tuple[Node, ...]:
    """``items`` with nested groups of the same kind opened: ``a (b c)`` is ``a b c``."""
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return tuple(flat)


def term(token: Token, today: dt.date) -> Node:
    """The node of a ``field:value`` token."""
    name = token.field.lower()
    if name == "is":
        return _is(token)
    if name in ("has", "missing"):
        if not token.text.strip():
            raise _value_error(token, f"'{name}:' needs a field name, as in {name}:images")
        node: Node = Has(token.text)
        return node if name == "has" else Not(node)
    if name == DATE_FIELD:
        return _date_term(token, today)
    if token.op == "~":
        return Regex(token.field, compile_regex(token.text, token.value_start + token.quoted))
    number = None if token.quoted else parse_number(token.text)
    if token.op == "=":
        return Equals(token.field, fold(token.text), number)
    if token.op in _COMPARISONS:
        return _comparison(token, today)
    if not token.quoted and ".." in token.text:
        ranged = _range(token, today)
        if ranged is not None:
            return ranged
    return Contains(token.field, fold(token.text), number)


def _is(token: Token) -> Node:
    state = token.text.lower()
    if token.op or state not in IS_VALUES:
        raise _operator_error(
            token,
            f"'is:' takes one of {', '.join(IS_VALUES)}; '{token.op}{token.text}' is not one",
        )
    return Is(state)


def _date_term(token: Token, today: dt.date) -> Node:
    """``date:...`` on publishedDateTime: a period, a comparison or a range of days."""
    if token.op == "~":
        raise _operator_error(token, f"'date:' takes a date ({DATE_FORMS}), not a pattern")
    if token.op in ("", "=") and not token.quoted and ".." in token.text:
        low_text, _, high_text = token.text.partition("..")
        low = _period(token, low_text, today) if low_text else None
        high = _period(token, high_text, today) if high_text else None
        if low is None and high is None:
            raise _value_error(token, "a range needs a date on at least one side of '..'")
        return DateRange(DATE_FIELD, low[0] if low else None, high[1] if high else None)
    period = _period(token, token.text, today)
    return _compare_period(DATE_FIELD, token.op, period)


def _period(token: Token, text: str, today: dt.date) -> tuple[dt.date, dt.date]:
    period = parse_period(text, today)
    if period is None:
        raise _value_error(token, f"'{text}' is not a date; write {DATE_FORMS}")
    return period


def _compare_period(field: str, op: str, period: tuple[dt.date, dt.date]) -> Node:
    """The days ``op`` (one of "", "=", ">", ">=", "<", "<=") keeps around ``period``."""
    first, last = period
    if op in ("", "="):
        return DateRange(field, first, last)
    if op == ">=":
        return DateRange(field, first, None)
    if op == "<=":
        return DateRange(field, None, last)
    if op == ">":
        after = next_day(last)
        return DateRange(field, after, None) if after else Not(Everything())
    before = previous_day(first)
    return DateRange(field, None, before) if before else Not(Everything())


def _comparison(token: Token, today: dt.date) -> Node:
    """``field:>40`` or ``field:>=2021-09-01``; a year compares as a number and as a date."""
    number = parse_number(token.text)
    period = parse_period(token.text, today)
    if number is None and period is None:
        raise _value_error(
            token, f"'{token.op}' must be followed by a number or a date ({DATE_FORMS})"
        )
    days = _compare_period(token.field, token.op, period) if period is not None else None
    if number is None:
        assert days is not None
        return days
    op = token.op
    return NumberRange(
        token.field,
        number if op.startswith(">") else None,
        number if op.startswith("<") else None,
        low_open=op == ">",
        high_open=op == "<",
        days=(days.low, days.high) if isinstance(days, DateRange) else None,
    )


def _range(token: Token, today: dt.date) -> Node | None:
    """``field:30..50`` (or a range of dates, or of years); None when the text is no range."""
    low_text, _, high_text = token.text.partition("..")
    sides = [text for text in (low_text, high_text) if text]
    if not sides:
        return None
    days = None
    if all(parse_period(text, today) is not None for text in sides):
        first = parse_period(low_text, today) if low_text else None
        last = parse_period(high_text, today) if high_text else None
        days = (first[0] if first else None, last[1] if last else None)
    if all(parse_number(text) is not None for text in sides):
        low = parse_number(low_text) if low_text else None
        high = parse_number(high_text) if high_text else None
        return NumberRange(token.field, low, high, days=days)
    return DateRange(token.field, *days) if days is not None else None


def _value_error(token: Token, message: str) -> QueryError:
    """An error pointing at the value of ``token``."""
    return QueryError(message, token.value_start, token.end - token.value_start)


def _operator_error(token: Token, message: str) -> QueryError:
    """An error pointing at what follows the colon of ``token``: operator and value."""
    start = token.start + len(token.field) + 1
    return QueryError(message, start, token.end - start)
