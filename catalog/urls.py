"""Which catalog entry a pasted documentation link belongs to, and the domains Slack should send pyfw links of.

Built on the catalog's one map from links to entries (`Catalog.links_by_url()`); nothing here keeps a second copy
of which entry owns which URL.

How a link is compared (`normalise`), decided for docs links pasted into chat:
- the scheme: `http` and `https` are the same page (people paste either; every catalog link is https);
- the host: case-insensitive, a default port (`:80`, `:443`) dropped; `www.` is kept (a different host);
- the path: a trailing slash does not matter (`/en/latest` is `/en/latest/`); case does (servers differ);
- the fragment (`#routing`) and the query (`?highlight=x`, `?utm_source=…`) are dropped: docs pages are addressed
  by their path, and what follows only scrolls, highlights or tracks.
A pasted link belongs to the entry whose catalog link is that page or the nearest page above it, by whole path
segments (`…/en/latest/quickstart/` is under Flask's `…/en/latest/`; `/en/latest-old/` is not).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from catalog.model import Catalog, Entry

# Slack accepts at most five app unfurl domains (the manifest schema's `maxItems`, and Slack's app settings).
MAX_UNFURL_DOMAINS = 5
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise(url: str) -> str | None:
    """`https://host/path` without trailing slash, query or fragment; None for anything not an http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.casefold()
    host = (parts.hostname or "").casefold().rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return f"https://{netloc}{parts.path.rstrip('/')}"


@dataclass(frozen=True)
class LinkMatch:
    """A pasted link and the catalog link it belongs to; `exact` when it is that very page."""

    pasted: str
    catalog_url: str
    entries: tuple[Entry, ...]
    exact: bool


class LinkIndex:
    """Pasted link -> the catalog link (and entries) it belongs to. Built once per catalog; safe to share."""

    def __init__(self, catalog: Catalog) -> None:
        self._by_page: dict[str, str] = {}  # normalised catalog page -> the catalog's own URL (first one wins)
        for url in catalog.links_by_url():
            page = normalise(url)
            if page is not None:
                self._by_page.setdefault(page, url)
        self._links = catalog.links_by_url()

    def find(self, pasted: str) -> LinkMatch | None:
        """The catalog link `pasted` is, or is under (nearest first); None when it belongs to no entry."""
        page = normalise(pasted)
        if page is None:
            return None
        candidate = page
        while True:
            url = self._by_page.get(candidate)
            if url is not None:
                return LinkMatch(pasted, url, self._links[url], exact=candidate == page)
            cut = candidate.rfind("/")
            if cut < len("https://"):
                return None
            candidate = candidate[:cut]


def catalog_hosts(catalog: Catalog) -> Counter[str]:
    """Each host of the catalog's docs links (lower case) -> how many links it has, in catalog order."""
    hosts: Counter[str] = Counter()
    for url in catalog.links_by_url():
        host = urlsplit(url).hostname
        if host:
            hosts[host.casefold()] += 1
    return hosts


def unfurl_domains(catalog: Catalog, keep: Sequence[str] = (), limit: int = MAX_UNFURL_DOMAINS) -> list[str]:
    """The hosts for the manifest's `unfurl_domains`, at most `limit` since Slack takes no more: the ones in `keep`
    (the manifest's current choice) that still host a docs link, then the hosts most links use (ties in catalog
    order). Exact hosts: no guess at which part of a name is the registrable domain."""
    hosts = catalog_hosts(catalog)
    chosen = list(dict.fromkeys(h.casefold() for h in keep if h.casefold() in hosts))[:limit]
    # most_common is a stable sort: equal counts stay in catalog order
    chosen += [host for host, _ in hosts.most_common() if host not in chosen][: limit - len(chosen)]
    return chosen
