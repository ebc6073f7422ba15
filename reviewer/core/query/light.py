"""Whether a search can run on light articles (the index cache's summaries) as on the files.

A summary keeps only what the table, search and facets usually need (see
``article.summarize``): a search on another field (``secured:``, ``related.title:``,
``images.isCached:``) could miss matches on light articles. ``summaries_answer(query)``
tells; when it is False, search articles read in full.
"""

from __future__ import annotations

from reviewer.core.article import summary_answers
from reviewer.core.query import Query


def summaries_answer(query: Query) -> bool:
    """True when light articles answer ``query`` as the files would: it names no field a
    summary may lack (bare words, ``is:`` states and ``date:`` read summaries only)."""
    return all(summary_answers(field) for field in query.fields)
