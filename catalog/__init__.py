"""The catalog: entries from a TOML file, their validation, and the markdown guide importer.

Plain Python with no Slack, Celery or network, so it can be used from a REPL:

    >>> from catalog import load_catalog
    >>> load_catalog().get("flask").links[0].url
    'https://flask.palletsprojects.com/en/latest/'
"""

from catalog.loader import SHIPPED_CATALOG, CatalogError, load_catalog, parse_catalog
from catalog.model import Catalog, Entry, Link

__all__ = ["SHIPPED_CATALOG", "Catalog", "CatalogError", "Entry", "Link", "load_catalog", "parse_catalog"]
