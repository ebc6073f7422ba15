"""Three-way merge of article files by key, and the conflict blocks it leaves.

``merge(base, current, other, merge_body)`` merges two versions of a file that share a base
version, as git's merge driver does: the front matter key by key, the body by ``merge_body``
(a line merge: the workspace's runs ``git merge-file``). ``conflicts``, ``resolve`` and
``resolve_with`` list and settle the blocks a conflict on a key leaves.
"""

from reviewer.core.merge.keys import Merger, MergeResult, merge
from reviewer.core.merge.markers import (
    CHOICES,
    Choice,
    Conflict,
    conflicts,
    resolve,
    resolve_with,
)

__all__ = [
    "CHOICES",
    "Choice",
    "Conflict",
    "MergeResult",
    "Merger",
    "conflicts",
    "merge",
    "resolve",
    "resolve_with",
]
