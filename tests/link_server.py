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
  HTML pages (soft 404s, fragments, bot challenges):
    /doc                      a docs page with ids "install", "usage", <a name="legacy">, GitHub's "user-content-api"
    /js-doc                   an app shell: a script and next to no text (its anchors are built in the browser)
    /anchor-js                a page with text whose headings get their ids from anchor-js
    /json-headings            a page with text whose headings come as JSON in a script (GitHub's file view)
    /huge-page                200 text/html, 10 GB: "#far" is never reached (the reader stops at its cap)
    /titled-404               200 with the title "404 – Page Not Found | Docs" (served on any host)
    /to-titled-404            302 to /titled-404
    /http-404-docs            a docs page about the status, titled "404 Not Found - HTTP | MDN"
    /to-http-404-docs         302 to /http-404-docs
    /challenge                403 with `cf-mitigated: challenge` (HEAD and GET)
    /challenge-503            503 to HEAD, and a Cloudflare "Just a moment..." page to GET, every time
    /docs/intro               a normal docs page (on a "shell" host, the shell like every path)
  Any other path: 404, or with `unknown=`: "soft" a 200 "Page Not Found" page (title and heading), "heading" a 200
  page titled like every page of the site whose heading says "404", "shell" the same app shell for every path,
  "home" a 302 to /docs/intro, "to-404" a 302 to /titled-404, "metadata" a 302 to the cloud metadata address.

`requests` records (method, path) of every request; `bytes_sent` counts body bytes written by /huge and
/huge-page.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

DOC = (
    "<!doctype html><html><head><title>Install | Docs</title></head><body><nav>Docs home Guide API</nav>"
    '<h1 id="install">Installation</h1><p>Install the package with pip, then read the guide.</p>'
    '<h2 id="usage">Usage</h2><p>Import it and call it.</p><a name="legacy"></a><h2 id="user-content-api">API</h2>'
    "</body></html>"
)
INTRO = (
    "<!doctype html><html><head><title>Introduction | Docs</title></head><body><nav>Docs home Guide API</nav>"
    "<h1>Introduction</h1><p>What this tool does, who it is for, and how to start with it in five minutes.</p>"
    "</body></html>"
)
NOT_FOUND = (
    "<!doctype html><html><head><title>Page Not Found | Docs</title></head><body><nav>Docs home Guide API</nav>"
    "<h1>Page Not Found</h1><p>We could not find what you were looking for.</p></body></html>"
)
HEADING_404 = (
    "<!doctype html><html><head><title>Docs</title></head><body><nav>Docs home Guide API</nav>"
    "<h1>404</h1><p>This page does not exist.</p></body></html>"
)
SHELL = (
    '<!doctype html><html><head><title>Docs</title><script src="/assets/app.js"></script></head>'
    '<body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>'
)
ANCHOR_JS = (
    "<!doctype html><html><head><title>Guide | Docs</title>"
    '<script src="https://cdn.example/anchor-js/anchor.min.js"></script></head><body>'
    "<h1>Guide</h1><h2>Configuration</h2><p>" + "Settings are read from the environment at start-up. " * 10 + "</p>"
    "<script>anchors.add('h2');</script></body></html>"
)
MDN_404 = (
    "<!doctype html><html><head><title>404 Not Found - HTTP | MDN</title></head><body>"
    "<h1>404 Not Found</h1><p>The HTTP 404 Not Found client error response status code indicates that the server "
    "cannot find the requested resource. Links that lead to a 404 page are often called broken or dead links.</p>"
    "</body></html>"
)
JSON_HEADINGS = (
    "<!doctype html><html><head><title>README.md at main · org/repo</title></head><body><h1>org/repo</h1>"
    "<p>" + "Files, commits, branches and the rendered README of this repository. " * 10 + "</p>"
    '<script type="application/json">{"headerInfo":{"toc":[{"level":2,"text":"Install","anchor":"install"}]}}'
    "</script></body></html>"
)
TITLED_404 = (
    "<!doctype html><html><head><title>404 – Page Not Found | Docs</title></head><body>"
    "<h1>Oops</h1><p>Nothing here.</p></body></html>"
)
CHALLENGE = (
    '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body>'
    "<noscript>Enable JavaScript and cookies to continue</noscript>"
    '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'
    "</body></html>"
)


class LinkServer:
    def __init__(self, host: str = "127.0.0.1", unknown: str = "404") -> None:
        self.host = host
        self.unknown = unknown
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
        def reply(code: int, headers: dict | None = None, html: str = "") -> None:
            body = html.encode()
            request.send_response(code)
            for key, value in (headers or {}).items():
                request.send_header(key, value)
            if html:
                request.send_header("Content-Type", "text/html; charset=utf-8")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            if method == "GET" and body:
                request.wfile.write(body)

        if self.unknown == "shell" and not path.startswith("/assets/"):
            return reply(200, html=SHELL)  # an app shell answers every path alike

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
        pages = {
            "/doc": DOC,
            "/js-doc": SHELL,
            "/anchor-js": ANCHOR_JS,
            "/titled-404": TITLED_404,
            "/docs/intro": INTRO,
            "/http-404-docs": MDN_404,
            "/json-headings": JSON_HEADINGS,
        }
        if path in pages:
            return reply(200, html=pages[path])
        if path == "/huge-page":
            return reply(405) if method == "HEAD" else self._huge(request, "text/html")
        if path == "/to-titled-404":
            return reply(302, {"Location": "/titled-404"})
        if path == "/to-http-404-docs":
            return reply(302, {"Location": "/http-404-docs"})
        if path == "/challenge":
            return reply(403, {"cf-mitigated": "challenge"}, html=CHALLENGE)
        if path == "/challenge-503":
            return reply(503, html=CHALLENGE)
        if self.unknown == "soft":
            return reply(200, html=NOT_FOUND)
        if self.unknown == "heading":
            return reply(200, html=HEADING_404)
        if self.unknown == "home":
            return reply(302, {"Location": "/docs/intro"})
        if self.unknown == "to-404":
            return reply(302, {"Location": "/titled-404"})
        if self.unknown == "metadata":
            return reply(302, {"Location": "http://169.254.169.254/latest/meta-data/"})
        return reply(404)

    def _huge(self, request, content_type: str = "application/octet-stream") -> None:
        request.send_response(200)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(10 * 1024**3))
        request.end_headers()
        if content_type == "text/html":
            request.wfile.write(b"<!doctype html><html><head><title>Big | Docs</title></head><body><h1>Big</h1>")
        chunk = b"x" * 65536 if content_type != "text/html" else b"<p>" + b"words and more words " * 3000 + b"</p>"
        try:
            for _ in range(10 * 1024**3 // len(chunk)):
                request.wfile.write(chunk)
                with self._lock:
                    self.bytes_sent += len(chunk)
        except OSError:  # the checker hung up, as it should
            request.close_connection = True
