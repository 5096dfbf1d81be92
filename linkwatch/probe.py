"""Checking one link: HEAD (then GET), redirects followed hop by hop through the guard, retries, one `Verdict`.

- HEAD first (cheap, no body); GET when HEAD is refused or answers oddly (405, 404, 403, 400, 501). A GET is
  streamed and closed at once, unless the caller wants the page (`read`: fragments, soft 404s; see
  `linkwatch.page`): then it is one GET from the start, read up to that many bytes and no further.
- A 403/429/503 that is a bot challenge (`cf-mitigated: challenge`, or a challenge page in the first 64 KiB of
  a GET) is `restricted` at once, never retried and never `broken`. A 503 seen on every try is read once with GET
  before it is called broken, to look for a challenge page.
- Redirects are followed by hand, up to 10, so every hop goes through the guard (`linkwatch.guard`) before anything
  connects. A chain that starts with permanent redirects (301/308) and ends on a working page is `moved`, with
  the new address; temporary redirects ending on a working page are `ok`; a URL seen twice is a loop (`broken`).
- 429, 5xx, timeouts and connection errors are retried with exponential backoff and jitter, honouring
  Retry-After (capped); everything about one link, retries and redirects included, fits in a time budget.

`linkwatch.checker` runs this for many links at once.
"""

from __future__ import annotations

import random
import socket
import time
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    InvalidHeader,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.util import connection as urllib3_connection
from urllib3.util.retry import Retry
from urllib3.util.timeout import Timeout

from linkwatch.guard import Guard, Refused, Resolver
from linkwatch.page import CHALLENGE_BYTES, Page, challenge_in, first_bytes, read_page
from linkwatch.verdict import LinkStatus, Verdict

_PERMANENT = frozenset({301, 308})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HEAD_ODD = frozenset({400, 403, 404, 405, 501})  # HEAD answers that many servers give only to HEAD
USER_AGENT = "pyfw-linkcheck/0.1 (documentation link checker)"
_HEADERS = {"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.8", "Accept-Encoding": "identity"}
_RETRY_AFTER = Retry(total=0)  # only for its Retry-After parser
_DRAIN = 64 * 1024  # the most left unread of a page that is read anyway to keep its connection


@dataclass(frozen=True)
class CheckOptions:
    """How hard to look. The defaults suit public docs sites; tests shrink the times."""

    concurrency: int = 256  # threads, so links in flight at once over all hosts
    per_host: int = 10  # links in flight at once on one host (as lychee)
    timeout: float = 10.0  # seconds to connect, and between bytes of an answer
    budget: float = 30.0  # seconds for everything about one link (retries, redirects, waits)
    retries: int = 2  # extra tries on 429, 5xx, timeouts and connection errors
    backoff: float = 0.5  # first wait before a retry; doubles each time, with jitter
    retry_after_cap: float = 10.0  # the longest Retry-After honoured
    max_redirects: int = 10
    allow_private: bool = False
    soft_404: bool = True  # read pages to tell a "not found" page answered with 200 (`linkwatch.pagecheck`)
    fragments: bool = True  # check that #fragments name an element of their page
    resolver: Resolver | None = None  # for tests: a host -> addresses function instead of the system's DNS


def new_session(guard: Guard) -> requests.Session:
    """A session for one checker thread: kept-alive connections, every one through the guard."""
    session = requests.Session()
    session.trust_env = False  # no proxies or .netrc from the environment: the guard decides where we connect
    adapter = _GuardedAdapter(guard, pool_connections=64, pool_maxsize=4)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class _GuardedConnect:
    """Connects only to the addresses the guard approved for the host, asking it before opening any socket."""

    guard: Guard

    def _new_conn(self) -> socket.socket:
        try:
            addresses = self.guard.allowed(self._dns_host, self.port)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        error: OSError | None = None
        for address in addresses:
            try:
                return urllib3_connection.create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                raise ConnectTimeoutError(self, f"connection to {self.host} timed out") from exc
            except OSError as exc:
                error = exc
        raise NewConnectionError(self, f"Failed to establish a new connection: {error}") from error


class _GuardedAdapter(HTTPAdapter):
    """A requests adapter whose connections go through the guard (TLS still verifies the host name)."""

    def __init__(self, guard: Guard, **kwargs) -> None:
        self._guard = guard
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        extra = {"guard": self._guard}
        http = type("GuardedHTTPConnection", (_GuardedConnect, HTTPConnection), extra)
        https = type("GuardedHTTPSConnection", (_GuardedConnect, HTTPSConnection), extra)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
            "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
        }


@dataclass
class _Answer:
    code: int
    location: str | None
    retry_after: str | None
    challenge: bool = False  # a bot wall's challenge (header or page), not a refusal or an outage
    page: Page | None = None  # what was read of a 2xx GET, when the caller asked for it


def check_one(session: requests.Session, url: str, options: CheckOptions) -> Verdict:
    """The verdict for `url`: every hop, retry and wait within `options.budget` seconds."""
    return fetch_page(session, url, options)[0]


def fetch_page(
    session: requests.Session,
    url: str,
    options: CheckOptions,
    read: int | None = None,
    wanted: frozenset[str] = frozenset(),
    deadline: float | None = None,
) -> tuple[Verdict, Page | None, str]:
    """`check_one`, the URL it ended on, and with `read` the page there (one GET per hop, at most `read` bytes
    parsed, stopping early once the `wanted` anchors are found); the page is None unless the verdict is ok or
    moved."""
    started = time.monotonic()
    deadline = min(deadline or started + options.budget, started + options.budget)

    def verdict(status: LinkStatus, code: int | None = None, final_url: str | None = None, detail: str = "") -> Verdict:
        return Verdict(url, status, code, final_url, detail, round(time.monotonic() - started, 3))

    current, seen = url, {url}
    new_address: str | None = None  # where the leading permanent redirects point
    permanent_so_far = True
    for _ in range(options.max_redirects + 1):
        answer = _fetch(session, current, options, deadline, read, wanted)
        if isinstance(answer, tuple):
            status, detail = answer
            where = f" (at {current})" if current != url else ""
            return verdict(status, final_url=current if current != url else None, detail=detail + where), None, current
        code = answer.code
        if code in _REDIRECTS and answer.location:
            target = urljoin(current, answer.location.strip())
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                unsupported = f"redirects to an unsupported address: {target}"
                return verdict(LinkStatus.BROKEN, code, target, unsupported), None, current
            if target in seen:
                return verdict(LinkStatus.BROKEN, code, target, f"redirect loop: {current} -> {target}"), None, current
            seen.add(target)
            if code in _PERMANENT and permanent_so_far:
                new_address = target
            else:
                permanent_so_far = False
            current = target
            continue
        if 200 <= code < 300:
            if new_address:
                later = f", then on to {current}" if current != new_address else ""
                moved = verdict(LinkStatus.MOVED, code, new_address, f"moved permanently to {new_address}{later}")
                return moved, answer.page, current
            return verdict(LinkStatus.OK, code, current if current != url else None), answer.page, current
        return _judge_failure(verdict, answer, current if current != url else None), None, current
    return verdict(LinkStatus.BROKEN, None, current, f"more than {options.max_redirects} redirects"), None, current


def _judge_failure(verdict, answer: _Answer, final_url: str | None) -> Verdict:
    code = answer.code
    if answer.challenge:
        why = f"bot challenge ({code}): a browser check stands in front of the page"
        return replace(verdict(LinkStatus.RESTRICTED, code, final_url, why), reason="bot challenge")
    if code in (401, 403):
        reason = "needs a login (401)" if code == 401 else "forbidden (403), often a bot wall"
        return verdict(LinkStatus.RESTRICTED, code, final_url, reason)
    if code == 429:
        return verdict(LinkStatus.RESTRICTED, code, final_url, "rate limited (429) on every try")
    if code in (404, 410):
        return verdict(LinkStatus.BROKEN, code, final_url, "not found (404)" if code == 404 else "gone (410)")
    if code >= 500:
        return verdict(LinkStatus.BROKEN, code, final_url, f"server error ({code}) on every try")
    if code in _REDIRECTS:
        return verdict(LinkStatus.BROKEN, code, final_url, f"redirect ({code}) without a Location")
    return verdict(LinkStatus.BROKEN, code, final_url, f"HTTP {code}")


def _fetch(
    session: requests.Session, url: str, options: CheckOptions, deadline: float, read: int | None, wanted: frozenset
) -> _Answer | tuple[LinkStatus, str]:
    """One hop: HEAD (then GET if HEAD answers oddly), or GET reading the page when `read` is set; retried;
    an _Answer, or (status, detail) on failure."""
    # The retry loop is ours, not urllib3's Retry: one time budget covers every try, wait and redirect hop of a
    # link, a HEAD answered oddly falls back to GET inside each try, every failure becomes a verdict (a guard
    # refusal or a TLS error is never retried), and the backoff has jitter. Only Retry-After's parsing is urllib3's.
    attempt = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return LinkStatus.TIMEOUT, f"no verdict within the {options.budget:g}s budget for a link"
        timeout = min(options.timeout, remaining)
        retry_after = None
        last_try = attempt >= options.retries
        try:
            answer = _request(session, "HEAD" if read is None else "GET", url, timeout, read, wanted)
            if (
                read is None
                and not answer.challenge
                and (answer.code in _HEAD_ODD or (last_try and answer.code == 503))
            ):
                again = min(options.timeout, max(0.1, deadline - time.monotonic()))
                answer = _request(session, "GET", url, again)
            failure = None
            retryable = (answer.code == 429 or answer.code >= 500) and not answer.challenge
            retry_after = answer.retry_after
        except Refused as exc:
            return LinkStatus.REFUSED, str(exc)
        except (NewConnectionError, ProtocolError) as exc:  # (a NewConnectionError is also a ConnectTimeoutError)
            answer, failure, retryable = None, (LinkStatus.UNREACHABLE, _reason(exc)), True
        except (ConnectTimeoutError, ReadTimeoutError):
            answer, failure, retryable = None, (LinkStatus.TIMEOUT, f"no answer within {timeout:g}s"), True
        except SSLError as exc:
            return LinkStatus.UNREACHABLE, f"TLS error: {_reason(exc)}"
        except (HTTPError, requests.exceptions.RequestException, ValueError) as exc:  # invalid URL, bad header, ...
            return LinkStatus.BROKEN, f"cannot request this URL: {_reason(exc)}"
        if not retryable or last_try:
            return failure or answer
        wait = options.backoff * 2**attempt * random.uniform(0.5, 1.5)
        honoured = _retry_after_seconds(retry_after, options.retry_after_cap)
        if honoured is not None:
            wait = max(wait, honoured)
        if time.monotonic() + wait >= deadline:
            return failure or answer
        time.sleep(wait)
        attempt += 1


def _request(
    session: requests.Session,
    method: str,
    url: str,
    timeout: float,
    read: int | None = None,
    wanted: frozenset = frozenset(),
) -> _Answer:
    # A HEAD answer has no body, so it is read whole and its connection goes back to the pool (keep-alive).
    # A GET is streamed and closed unread (its connection dropped rather than downloading the body), except the
    # first bytes of a 403/429/503 (a challenge page?) and, when asked, a 2xx page up to `read` bytes.
    # The URL prepared by requests (validated, IDNA host, quoted path), sent by the pool of the session's guarded
    # adapter with the adapter's TLS settings: Session and adapter would run hooks, fill a cookie jar nobody reads
    # and build a requests.Response per request, costing more CPU than the request itself when 1,000 links share
    # one GIL. The rest of `prepare` (cookies, auth, body, hooks, copying our fixed headers) does nothing for a
    # checker and cost a tenth of a request's CPU. urllib3's retries and redirects are off.
    prepared = requests.PreparedRequest()
    prepared.prepare_url(url, None)
    adapter = session.get_adapter(url)
    pool = adapter.get_connection_with_tls_context(prepared, verify=True)
    adapter.cert_verify(pool, url, True, None)  # certifi's CA bundle, as requests itself does
    response = pool.urlopen(
        method,
        prepared.path_url,
        headers=_HEADERS,
        redirect=False,
        assert_same_host=False,
        preload_content=False,
        retries=False,
        timeout=Timeout(connect=timeout, read=timeout),
    )
    try:
        code, headers = response.status, response.headers
        answer = _Answer(code, headers.get("Location"), headers.get("Retry-After"))
        answer.challenge = headers.get("cf-mitigated", "").strip().lower() == "challenge" and code in (403, 429, 503)
        if method == "GET" and code in (403, 429, 503) and not answer.challenge:
            answer.challenge = challenge_in(first_bytes(response.stream(8192), CHALLENGE_BYTES))
        elif method == "GET" and read and 200 <= code < 300:
            chunks = response.stream(16384)
            answer.page = read_page(chunks, headers.get("Content-Type"), wanted, read)
            rest = int(headers.get("Content-Length") or -1) - answer.page.bytes_read
            if answer.page.html and 0 <= rest <= _DRAIN:
                for _ in chunks:  # a small rest is read too, so the kept-alive connection can be used again
                    pass
        return answer
    finally:
        if method != "HEAD" and response.length_remaining != 0:
            response.close()  # unread: the connection is dropped, not handed back with a body still in it
        response.release_conn()


def _retry_after_seconds(value: str | None, cap: float) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date, parsed by urllib3), at most `cap`."""
    if not value:
        return None
    try:
        return min(_RETRY_AFTER.parse_retry_after(value), cap)
    except InvalidHeader:
        return None


def _reason(exc: BaseException) -> str:
    """The innermost useful reason of a requests/urllib3 error, in words a person can act on."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = getattr(current, "reason", None) or current.__cause__ or current.__context__
        if not isinstance(current, BaseException):
            current = None
    for error in seen:
        if isinstance(error, socket.gaierror) or isinstance(error, NameResolutionError):
            return "DNS: the host name does not resolve"
        if isinstance(error, ConnectionRefusedError):
            return "connection refused"
        if isinstance(error, ConnectionResetError):
            return "connection reset by the server"
    text = str(seen[-1]) or type(seen[-1]).__name__
    return text if len(text) <= 200 else text[:197] + "..."
