"""Where pyfw may post a Slack `response_url`: the one rule, used by everything that posts to one or stores one.

A response_url arrives inside a request body, so whoever can sign a request (or plant a run's askers in Redis)
chooses where pyfw's web process and workers send a POST. Slack's response_urls are always
`https://hooks.slack.com/...`; the only other host allowed is that of `SLACK_API_URL` when it is set (the tests'
Slack stand-in, a proxy). Everything else is refused, and the log names only the host, never the URL: a
response_url is a short-lived credential for answering someone.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from urllib.parse import urlsplit

SLACK_HOOKS = ("https", "hooks.slack.com", 443)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters that URL parsers disagree about (`\` is a path separator to browsers and some clients, `@` after
# one may move the host), or that have no place in a URL; a response_url from Slack has none of them.
# Checked on every signed request (a Bolt middleware), hence one compiled pattern rather than a loop per character.
_AMBIGUOUS = re.compile("[\\\\ \x00-\x1f\x7f]")


def response_url_problem(url: object, slack_api_url: str | None = None) -> str | None:
    """Why pyfw must not post to `url` (naming its host only), or None when it is Slack's hooks host or, when set,
    the host of `slack_api_url` (same scheme, host and port)."""
    if not isinstance(url, str) or not url:
        return "a response_url that is not text"
    if _AMBIGUOUS.search(url):
        return "a response_url with characters a URL cannot have"
    place = _place(url)
    if place is None:
        return "a response_url that is not an http(s) URL"
    allowed = _allowed(slack_api_url)
    if place not in allowed:
        scheme, host, port = place
        return f"a response_url to {scheme}://{host}:{port}, which is not Slack's ({', '.join(_names(allowed))})"
    return None


def allowed_response_url(url: object, slack_api_url: str | None, log: logging.Logger, where: str) -> bool:
    """True when pyfw may post to `url`; otherwise False and one warning line on `log` saying what was refused."""
    problem = response_url_problem(url, slack_api_url)
    if problem:
        log.warning("%s: refused %s", where, problem)
    return problem is None


@lru_cache(maxsize=8)
def _allowed(slack_api_url: str | None) -> frozenset[tuple[str, str, int]]:
    """Slack's hooks host and, when set, SLACK_API_URL's (scheme, host, port): read once per setting."""
    api = _place(slack_api_url) if slack_api_url else None
    return frozenset({SLACK_HOOKS, api} if api else {SLACK_HOOKS})


def _place(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL without user info; None for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme]


def _names(allowed: set[tuple[str, str, int]]) -> list[str]:
    return sorted(f"{s}://{h}" + ("" if p == _DEFAULT_PORTS[s] else f":{p}") for s, h, p in allowed)
