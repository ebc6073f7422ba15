"""``--query``: reading a search from the command line and finding the articles it matches."""

from __future__ import annotations

from reviewer.cli.console import Console, UsageError
from reviewer.cli.output import text_width
from reviewer.core.query import GIT_STATES, REPORT_STATES, Query, QueryError, parse
from reviewer.core.safetext import escape
from reviewer.workspace import Workspace

#: The search language in brief, for the commands' help.
SEARCH_HELP = """\
Search (--query): words match the title, excerpt, provider and topics, ignoring case and
accents; "quoted phrases"; field:text (contains), field:=text (equals), field:~regex;
any front-matter key is a field, dotted keys reach nested ones (provider.domain:arn);
is:published, is:unpublished, is:error, is:duplicate, is:invalid; has:images, missing:webUrl;
(published as Jekyll reads it: unless false or null, so a file without it is published);
quality:>40, heat:<=10, quality:30..50; date:2021-09, date:>=2021-09-01, date:<7daysago,
date:today, date:2021-09-01..2021-09-30 (days of publishedDateTime as written);
and (implicit), or, not or a leading -, parentheses.
Example: 'power apps -is:published date:2021'."""


def parse_query(text: str) -> Query:
    """The search ``text``; a UsageError that shows the search and marks the problem (and
    for the app's git states and report kinds, which the command line does not give its
    records)."""
    try:
        query = parse(text)
    except QueryError as exc:
        raise UsageError(f"invalid search: {exc}", detail=caret(text, exc)) from None
    git_states = sorted(query.states & set(GIT_STATES))
    if git_states:
        named = ", ".join(f"is:{state}" for state in git_states)
        raise UsageError(
            f"{named}: the git states are searched in the app; here, see: reviewer status"
        )
    kinds = [kind for kind in REPORT_STATES if kind in query.states]
    if kinds:
        named = ", ".join(f"is:{kind}" for kind in kinds)
        raise UsageError(
            f"{named}: the consistency report's kinds are searched in the app;"
            " here, see: reviewer report"
        )
    return query


def caret(text: str, exc: QueryError) -> str:
    """Two lines: the search, and carets under the characters ``exc`` points at.

    Control characters in the search are shown escaped (``\\x1b``) and the carets follow.
    """
    end = exc.position + exc.length
    before = text_width(escape(text[: exc.position]))
    marked = max(1, text_width(escape(text[exc.position : end])))
    return f"  {escape(text)}\n  {' ' * before}{'^' * marked}"


def warn_unknown_fields(command: str, workspace: Workspace, query: Query, console: Console) -> None:
    """Warn on standard error about each field the search names that no article of the
    folder has, with the nearest known names (a misspelt ``qualty:>50`` finds nothing)."""
    for name, nearest in workspace.unknown_fields(query):
        hint = f"; did you mean {' or '.join(nearest)}?" if nearest else ""
        console.warn(command, f"no article in the folder has the field {name!r}{hint}")
