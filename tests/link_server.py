"""A loopback HTTP server with the hard cases a link checker meets, for the checker and job tests.

Paths (all answer HEAD and GET unless said otherwise):
    /ok                       200
    /slow?delay=S             200 after S seconds (counts how many are in flight at once: `max_in_flight`)
    /hang                     never answers (until the server stops)
    /missing /gone            404 / 410
    /head-405 /head-404 /head-403   HEAD answers that code, GET answers 200
    /huge                     HEAD 405; GET 200 with a 10 GB body, written until the client hangs up
    /moved /moved-308         301 / 308 to /ok
    /temporary                302 to /ok
    /perm-then-temp           301 to /temporary (then 302 to /ok)
    /moved-to-missing         301 to /missing
    /chain/N                  N permanent redirects, then /ok
    /loop-a /loop-b           redirect to each other
    /redirect?to=URL          302 to URL (e.g. to a private or metadata address)
    /no-location              302 without a Location header
    /rate-limited?after=S     429 with Retry-After: S, every time
    /rate-once/KEY?after=S    429 with Retry-After: S the first time, then 200
    /flaky/KEY?fails=N        503 for the first N requests, then 200
    /error                    503 every time
    /forbidden /login         403 / 401 to both HEAD and GET
    /toggle/KEY               200, or 404 while KEY is in `broken` (tests flip links between runs)

`requests` records (method, path) of every request; `bytes_sent` counts body bytes written by /huge.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class LinkServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.requests: list[tuple[str, str]] = []
        self.broken: set[str] = set()
        self.bytes_sent = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def start(self) -> LinkServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_HEAD(self) -> None:
                server._handle(self, "HEAD")

            def do_GET(self) -> None:
                server._handle(self, "GET")

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self._server.server_address[1]}{path}"

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def methods_for(self, path: str) -> list[str]:
        with self._lock:
            return [method for method, seen in self.requests if seen == path]

    def _handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(request.path)
        path, query = parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            self.requests.append((method, request.path))
            self._hits[path] += 1
            hits = self._hits[path]
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._route(request, method, path, query, hits)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _route(self, request, method: str, path: str, query: dict, hits: int) -> None:  # noqa: C901
        def reply(code: int, headers: dict | None = None) -> None:
            request.send_response(code)
            for key, value in (headers or {}).items():
                request.send_header(key, value)
            request.send_header("Content-Length", "0")
            request.end_headers()

        if path == "/ok":
            return reply(200)
        if path == "/slow":
            time.sleep(float(query.get("delay", "0.2")))
            return reply(200)
        if path == "/hang":
            self._stopping.wait(30)
            return None
        if path == "/missing":
            return reply(404)
        if path == "/gone":
            return reply(410)
        if path.startswith("/head-"):
            return reply(int(path[len("/head-") :]) if method == "HEAD" else 200)
        if path == "/huge":
            return reply(405) if method == "HEAD" else self._huge(request)
        if path in ("/moved", "/moved-308"):
            return reply(301 if path == "/moved" else 308, {"Location": "/ok"})
        if path == "/temporary":
            return reply(302, {"Location": "/ok"})
        if path == "/perm-then-temp":
            return reply(301, {"Location": "/temporary"})
        if path == "/moved-to-missing":
            return reply(301, {"Location": "/missing"})
        if path.startswith("/chain/"):
            left = int(path[len("/chain/") :])
            return reply(301, {"Location": f"/chain/{left - 1}" if left > 1 else "/ok"})
        if path in ("/loop-a", "/loop-b"):
            return reply(302, {"Location": "/loop-b" if path == "/loop-a" else "/loop-a"})
        if path == "/redirect":
            return reply(302, {"Location": query["to"]})
        if path == "/no-location":
            return reply(302)
        if path == "/rate-limited":
            return reply(429, {"Retry-After": query.get("after", "1")})
        if path.startswith("/rate-once/"):
            return reply(429, {"Retry-After": query.get("after", "1")}) if hits == 1 else reply(200)
        if path.startswith("/flaky/"):
            return reply(503) if hits <= int(query.get("fails", "1")) else reply(200)
        if path == "/error":
            return reply(503)
        if path == "/forbidden":
            return reply(403)
        if path == "/login":
            return reply(401)
        if path.startswith("/toggle/"):
            return reply(404 if path[len("/toggle/") :] in self.broken else 200)
        return reply(404)

    def _huge(self, request) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/octet-stream")
        request.send_header("Content-Length", str(10 * 1024**3))
        request.end_headers()
        chunk = b"x" * 65536
        try:
            for _ in range(10 * 1024**3 // len(chunk)):
                request.wfile.write(chunk)
                with self._lock:
                    self.bytes_sent += len(chunk)
        except OSError:  # the checker hung up, as it should
            request.close_connection = True
