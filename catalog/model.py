"""The catalog's values: entries, their links, and the catalog that holds them.

Frozen dataclasses, so an entry can be shared by the bot, the jobs and the CLI without anyone changing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Link:
    """A documentation link as the guide gives it."""

    title: str
    url: str


@dataclass(frozen=True)
class Entry:
    """One framework or tool: what it is, what it is for, and where its docs live."""

    name: str
    category: str
    overview: str
    features: tuple[str, ...]
    use_cases: tuple[str, ...]
    links: tuple[Link, ...]
    aliases: tuple[str, ...] = ()
    # Words and phrases people use for what this entry is for that its text does not say ("swagger", "cron").
    keywords: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """The entry as plain JSON-ready data (the shape of `pyfw catalog show --json`)."""
        return {
            "name": self.name,
            "category": self.category,
            "overview": self.overview,
            "features": list(self.features),
            "use_cases": list(self.use_cases),
            "aliases": list(self.aliases),
            "keywords": list(self.keywords),
            "links": [{"title": link.title, "url": link.url} for link in self.links],
        }


@dataclass(frozen=True)
class Catalog:
    """All entries, in the order the file gives them, and where they came from."""

    entries: tuple[Entry, ...]
    source: str = "<memory>"
    _by_key: dict[str, Entry] = field(default_factory=dict, repr=False, compare=False)
    _by_url: dict[str, tuple[Entry, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for key in (entry.name, *entry.aliases):
                self._by_key.setdefault(key.casefold(), entry)
            for link in entry.links:
                users = self._by_url.get(link.url, ())
                if entry not in users:
                    self._by_url[link.url] = (*users, entry)

    @property
    def categories(self) -> list[str]:
        """Category names in first-seen order."""
        return list(dict.fromkeys(entry.category for entry in self.entries))

    def in_category(self, category: str) -> list[Entry]:
        return [entry for entry in self.entries if entry.category == category]

    def links_by_url(self) -> MappingProxyType[str, tuple[Entry, ...]]:
        """Every docs URL once (in catalog order) -> the entries that link to it, each once, in catalog order.

        The one map from links to entries: the link checker checks each URL once and reports it with all its entries.
        """
        return MappingProxyType(self._by_url)

    def get(self, name_or_alias: str) -> Entry | None:
        """The entry with this exact name or alias (any case), or None."""
        return self._by_key.get(name_or_alias.strip().casefold())

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)
