"""Whether a search can run on light articles (the index cache's summaries) as on the files.

A summary keeps only what the table, search and facets usually need (see
``article.summarize``): a search on another field (``secured:``, ``related.title:``,
``images.isCached:``) could miss matches on light articles. ``summaries_answer(query)``
tells; when it is False, search articles read in full.
"""

from __future__ import annotations

from reviewer.core.article import summary_answers
from reviewer.core.query import Query
from reviewer.core.query.nodes import DATE_FIELD, And, DateRange, Node, Not, Or


def summaries_answer(query: Query) -> bool:
    """True when light articles answer ``query`` as the files would: it names no field a
    summary may lack (bare words, ``is:`` states and ``date:`` read summaries only)."""
    return all(summary_answers(field) for field in query_fields(query.tree))


def query_fields(node: Node) -> list[str]:
    """The fields the search ``node`` looks at, in order (``date:`` is publishedDateTime)."""
    if isinstance(node, Not):
        return query_fields(node.item)
    if isinstance(node, (And, Or)):
        return [field for item in node.items for field in query_fields(item)]
    if isinstance(node, DateRange) and node.field == DATE_FIELD:
        return ["publishedDateTime"]
    field = getattr(node, "field", None)
    return [field] if isinstance(field, str) else []
