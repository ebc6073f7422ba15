"""The Jekyll site around a folder: its configuration, collections and front-matter defaults.

``find_site(path)`` gives the ``Site`` (or None); ``Site.collections`` its collections;
``Site.defaults_for(path)`` what a file inherits (an ``Inherited``: ``values`` and
``source(key_path)``); ``effective(inherited, data)`` a file's data as Jekyll sees it.
"""

from reviewer.core.site.config import Collection, Site, find_site, load_config
from reviewer.core.site.defaults import (
    NOTHING_INHERITED,
    Inherited,
    Rule,
    deep_merge,
    effective,
)

__all__ = [
    "NOTHING_INHERITED",
    "Collection",
    "Inherited",
    "Rule",
    "Site",
    "deep_merge",
    "effective",
    "find_site",
    "load_config",
]
