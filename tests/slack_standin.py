"""A loopback HTTP server that plays Slack's Web API for tests.

It answers `auth.test`, records every Web API call (`chat.postMessage`, `views.publish`, ...) and every post to a
`response_url`, and can be told to fail the next calls of a method (429 with Retry-After, or 500) to test retries.
Membership is modelled as Slack does it: a channel in `outside` refuses posts with `not_in_channel` until
`conversations.join` (a public channel) or an invitation (`invite`) makes pyfw a member; `private` channels cannot
be joined. `refuse(method, error)` makes a method answer ok:false with that error until refused with None.
Point the app at it with `SLACK_API_URL=standin.api_url`. Set `accepted_tokens` to make `auth.test` reject other
bot tokens with `invalid_auth`.

`signed_headers` signs a request body exactly as Slack does, for tests that play Slack calling the app.
`SocketModeStandIn` plays Slack's Socket Mode WebSocket server (handshake, frames, ping/pong, envelopes and acks).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Call:
    """One request the stand-in received: the API method (or 'response_url'), its arguments and auth header."""

    method: str
    args: dict
    path: str
    authorization: str | None
    answered: int = 200
    ok: bool | None = None  # what Slack's answer said (None until answered): refusals are HTTP 200 with ok false

    @property
    def accepted(self) -> bool:
        return self.answered == 200 and self.ok is True

    @property
    def token(self) -> str | None:
        """The token the call was made with (a Bearer header, or a `token` argument)."""
        if (self.authorization or "").startswith("Bearer "):
            return self.authorization.removeprefix("Bearer ")
        return self.args.get("token")


@dataclass
class _Failure:
    status: int
    times: int
    retry_after: int | None = None
    after: int = 0  # successful calls to let through first
    retry_after_text: str | None = None  # a Retry-After header as given (e.g. an HTTP date)


@dataclass
class SlackStandIn:
    calls: list[Call] = field(default_factory=list)
    accepted_tokens: set[str] | None = None  # None: any token passes auth.test
    check_blocks: bool = False  # True: reject blocks beyond Slack's limits with invalid_blocks, as Slack does
    socket_url: str | None = None  # what apps.connections.open answers (a SocketModeStandIn's url)
    posted: list[dict] = field(default_factory=list)  # messages chat.postMessage accepted: channel history
    _holds: dict[str, threading.Event] = field(default_factory=dict)
    held: threading.Event = field(default_factory=threading.Event)
    _failures: dict[str, _Failure] = field(default_factory=dict)
    outside: set[str] = field(default_factory=set)  # channels pyfw is not a member of
    private: set[str] = field(default_factory=set)  # channels conversations.join cannot enter
    _refusals: dict[str, tuple[str, dict]] = field(default_factory=dict)
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    # OAuth (`grant`): the app's credentials oauth.v2.access accepts, codes waiting to be exchanged, and the team of
    # each bot token it handed out (auth.test answers with that team).
    client_credentials: tuple[str, str] | None = None
    _grants: dict[str, dict] = field(default_factory=dict)
    team_of_token: dict[str, str] = field(default_factory=dict)

    def start(self) -> SlackStandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                standin._handle(self)

            do_GET = do_POST

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        """The value for SLACK_API_URL (slack_sdk's base_url, with its trailing slash)."""
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "1") -> str:
        """A response_url to put in a slash command or action payload; posts to it are recorded."""
        return f"{self.base_url}/response/{name}"

    def fail_next(
        self,
        method: str,
        status: int,
        times: int = 1,
        retry_after: int | None = None,
        after: int = 0,
        retry_after_text: str | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` with `status` (429 carries Retry-After), once `after` calls
        have gone through."""
        with self._lock:
            self._failures[method] = _Failure(status, times, retry_after, after, retry_after_text)

    def refuse(self, method: str, error: str | None, **extra) -> None:
        """Answer every call of `method` with ok:false and `error` (and `extra` fields) until refused with None."""
        with self._lock:
            if error is None:
                self._refusals.pop(method, None)
            else:
                self._refusals[method] = (error, extra)

    def grant(self, code: str, team_id: str, bot_token: str, team_name: str = "", installer: str = "U0ADMIN") -> None:
        """An admin of `team_id` approved the install in Slack: `oauth.v2.access` exchanges `code` (once) for
        `bot_token`, and auth.test then answers for that team."""
        with self._lock:
            self._grants[code] = {
                "team_id": team_id,
                "token": bot_token,
                "name": team_name or team_id,
                "user": installer,
            }

    def invite(self, channel: str) -> None:
        """Someone invited pyfw to `channel`."""
        with self._lock:
            self.outside.discard(channel)

    def hold_next(self, method: str) -> threading.Event:
        """Accept the next call of `method` (a post is recorded in the history) but hold its HTTP answer until the
        returned event is set: the window where Slack has done the work and the caller has not heard back.
        `held` is set when a call is being held."""
        release = threading.Event()
        with self._lock:
            self._holds[method] = release
            self.held.clear()
        return release

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method and call.accepted]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until `count` successful calls of `method` arrived; returns them (raises on timeout)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                done = [c for c in self.calls if c.method == method and c.accepted]
                if len(done) >= count:
                    return done
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} call(s) to {method}, got {len(done)}: {[c.method for c in self.calls]}"
                    )
                self._lock.wait(remaining)

    def wait_until(self, predicate, timeout: float = 10.0) -> list[Call]:
        """Wait until some successful call satisfies `predicate(call)`; returns all successful calls so far."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not any(predicate(c) for c in self.calls if c.accepted):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no matching call within {timeout}s: {[c.method for c in self.calls]}")
                self._lock.wait(remaining)
            return [c for c in self.calls if c.accepted]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._failures.clear()

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        path = urlsplit(request.path).path
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        args = _parse_body(body, request.headers.get("Content-Type", ""))
        args.update({k: v[0] for k, v in parse_qs(urlsplit(request.path).query).items()})
        if path.startswith("/api/"):
            method = path[len("/api/") :]
        elif path.startswith("/response/"):
            method = "response_url"
        else:
            method = path
        call = Call(method, args, path, request.headers.get("Authorization"))
        problems = self._block_problems(method, args) if self.check_blocks else []
        if problems:
            call.answered = 400
            with self._lock:
                self.calls.append(call)
                self._lock.notify_all()
            return _reply(request, 200, {"ok": False, "error": "invalid_blocks", "errors": problems})
        with self._lock:
            failure = self._failures.get(method)
            if failure and failure.after > 0:
                failure.after -= 1
            elif failure and failure.times > 0:
                failure.times -= 1
                call.answered = failure.status
            self.calls.append(call)
            self._lock.notify_all()
        if call.answered != 200:
            payload = {"ok": False, "error": "ratelimited" if call.answered == 429 else "internal_error"}
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            if failure.retry_after_text is not None:
                headers = {"Retry-After": failure.retry_after_text}
            return _reply(request, call.answered, payload, headers)
        authorization = call.authorization or ""
        token = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else args.get("token")
        answer = self._answer(method, args, token, authorization)
        with self._lock:
            call.ok = bool(answer.get("ok"))
            self._lock.notify_all()
        with self._lock:
            release = self._holds.pop(method, None)
        if release is not None:
            self.held.set()
            release.wait(60)
        try:
            _reply(request, 200, answer)
        except OSError:  # the caller gave up (or was killed) while its answer was held
            pass

    @staticmethod
    def _block_problems(method: str, args: dict) -> list[str]:
        if method == "chat.unfurl":  # each unfurl is a small message: at most 50 blocks
            unfurls = args.get("unfurls")
            if not isinstance(unfurls, dict) or not unfurls:
                return ["unfurls must be a non-empty object"]
            return [p for u in unfurls.values() for p in block_problems((u or {}).get("blocks") or [None])]
        if method in ("views.publish", "views.update"):
            view = args.get("view")
            return (
                block_problems((view or {}).get("blocks") or [], MAX_VIEW_BLOCKS)
                if isinstance(view, dict)
                else ["view must be an object"]
            )
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update", "response_url") and "blocks" in args:
            blocks = args["blocks"]
            return block_problems(blocks, MAX_MESSAGE_BLOCKS) if isinstance(blocks, list) else ["blocks not a list"]
        return []

    def _exchange(self, args: dict, authorization: str) -> dict:
        """oauth.v2.access: the app's client id and secret (HTTP Basic, as slack_sdk sends them) and a code granted
        and not yet used give a bot token for the code's team, as Slack answers."""
        client = args.get("client_id"), args.get("client_secret")
        if authorization.startswith("Basic "):
            client = tuple(base64.b64decode(authorization[6:]).decode().split(":", 1))
        if self.client_credentials is not None and client != self.client_credentials:
            return {"ok": False, "error": "invalid_client_id"}
        with self._lock:
            grant = self._grants.pop(args.get("code") or "", None)
            if grant:
                self.team_of_token[grant["token"]] = grant["team_id"]
        if not grant:
            return {"ok": False, "error": "invalid_code"}
        return {
            "ok": True,
            "app_id": "A0PYFW",
            "authed_user": {"id": grant["user"]},
            "scope": "commands,chat:write",
            "token_type": "bot",
            "access_token": grant["token"],
            "bot_user_id": f"U{grant['team_id']}BOT",
            "team": {"id": grant["team_id"], "name": grant["name"]},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _answer(self, method: str, args: dict, token: str | None = None, authorization: str = "") -> dict:
        with self._lock:
            refusal = self._refusals.get(method)
            outside = args.get("channel") in self.outside
            private = args.get("channel") in self.private
        if refusal:
            return {"ok": False, "error": refusal[0], **refusal[1]}
        if method == "chat.postMessage" and outside:
            return {"ok": False, "error": "not_in_channel"}
        if method == "conversations.join":
            if private:
                return {"ok": False, "error": "method_not_supported_for_channel_type"}
            self.invite(args.get("channel"))
            return {"ok": True, "channel": {"id": args.get("channel")}}
        if method == "oauth.v2.access":
            return self._exchange(args, authorization)
        if method == "auth.test":
            if self.accepted_tokens is not None and token not in self.accepted_tokens:
                return {"ok": False, "error": "invalid_auth"}
            team_id = self.team_of_token.get(token or "", "T0TEST")
            return {
                "ok": True,
                "url": "https://test.slack.com/",
                "team": "Test",
                "user": "pyfw",
                "team_id": team_id,
                "user_id": "U0PYFW",
                "bot_id": "B0PYFW" if team_id == "T0TEST" else f"B{team_id}",
            }
        if method == "chat.postMessage":
            ts = f"{1700000000 + next(self._ts)}.000100"
            message = {
                "type": "message",
                "text": args.get("text"),
                "ts": ts,
                "channel": args.get("channel"),
                "thread_ts": args.get("thread_ts"),
                "metadata": args.get("metadata"),
                "received": time.time(),
            }
            with self._lock:
                self.posted.append(message)
            return {
                "ok": True,
                "channel": args.get("channel"),
                "ts": ts,
                "message": {"text": args.get("text"), "ts": ts},
            }
        if method == "conversations.history":
            # Newest first, like Slack. `oldest` is compared with when the stand-in received the post, since
            # the stand-in's ts values are counters, not times.
            oldest = float(args.get("oldest") or 0)
            with self._lock:
                messages = [
                    m
                    for m in self.posted
                    if m["channel"] == args.get("channel") and m["received"] >= oldest and not m["thread_ts"]
                ]
            return {"ok": True, "has_more": False, "messages": [_shown(m) for m in reversed(messages)]}
        if method == "conversations.replies":
            # The thread's parent first, then its replies oldest first, like Slack.
            with self._lock:
                thread = [
                    m
                    for m in self.posted
                    if m["channel"] == args.get("channel") and args.get("ts") in (m["ts"], m["thread_ts"])
                ]
            return {"ok": True, "has_more": False, "messages": [_shown(m) for m in thread]}
        if method == "response_url":
            return {"ok": True}
        if method == "apps.connections.open" and self.socket_url:
            return {"ok": True, "url": self.socket_url}
        return {"ok": True}


def _shown(message: dict) -> dict:
    return {k: v for k, v in message.items() if k not in ("channel", "received") and v is not None}


def _parse_body(body: bytes, content_type: str) -> dict:
    if not body:
        return {}
    text = body.decode("utf-8", "replace")
    if "json" in content_type:
        try:
            value = json.loads(text)
            return value if isinstance(value, dict) else {"_": value}
        except ValueError:
            return {"_raw": text}
    args = {k: v[0] for k, v in parse_qs(text).items()}
    for key in ("blocks", "attachments", "view"):
        if isinstance(args.get(key), str):
            try:
                args[key] = json.loads(args[key])
            except ValueError:
                pass
    return args


def _reply(request: BaseHTTPRequestHandler, status: int, payload: dict, headers: dict | None = None) -> None:
    data = json.dumps(payload).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json; charset=utf-8")
    request.send_header("Content-Length", str(len(data)))
    for key, value in (headers or {}).items():
        request.send_header(key, value)
    request.end_headers()
    request.wfile.write(data)


def slack_signature(signing_secret: str, timestamp: str, body: str | bytes) -> str:
    """Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret."""
    raw = body.encode() if isinstance(body, str) else body
    base = b"v0:" + timestamp.encode() + b":" + raw
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    signing_secret: str, body: str | bytes, content_type: str, timestamp: int | None = None
) -> dict[str, str]:
    """The headers Slack sends with a request: its timestamp (default now) and signature, and the content type."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": slack_signature(signing_secret, ts, body),
        "Content-Type": content_type,
    }


# Slack's documented Block Kit limits (https://api.slack.com/reference/block-kit/blocks, .../block-elements).
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
_LIMITS = {
    "header": 150,
    "section": 3000,
    "field": 2000,
    "context_element": 3000,
    "button_text": 75,
    "button_value": 2000,
    "action_id": 255,
    "block_id": 255,
    "url": 3000,
}


def block_problems(blocks: list, max_blocks: int = MAX_MESSAGE_BLOCKS) -> list[str]:
    """Everything in `blocks` that Slack would refuse (block count, text lengths, element counts, ids), as text."""
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks (at most {max_blocks})")
    action_ids: set[str] = set()

    def text(obj, limit: int, where: str, kinds=("plain_text", "mrkdwn")) -> None:
        if not isinstance(obj, dict) or obj.get("type") not in kinds or not isinstance(obj.get("text"), str):
            problems.append(f"{where}: not a {'/'.join(kinds)} text object")
        elif not obj["text"] or len(obj["text"]) > limit:
            problems.append(f"{where}: text length {len(obj['text'])} (1..{limit})")

    def element(obj, where: str) -> None:
        if obj.get("type") != "button":
            return
        text(obj.get("text"), _LIMITS["button_text"], f"{where} button", ("plain_text",))
        if "accessibility_label" in obj and not 1 <= len(obj["accessibility_label"]) <= _LIMITS["button_text"]:
            problems.append(f"{where}: accessibility_label length {len(obj['accessibility_label'])} (1..75)")
        if len(obj.get("value", "")) > _LIMITS["button_value"]:
            problems.append(f"{where}: button value over {_LIMITS['button_value']}")
        action_id = obj.get("action_id", "")
        if not action_id or len(action_id) > _LIMITS["action_id"] or action_id in action_ids:
            problems.append(f"{where}: action_id {action_id[:40]!r} missing, too long or not unique")
        action_ids.add(action_id)

    for number, block in enumerate(blocks):
        where = f"block {number}"
        kind = block.get("type") if isinstance(block, dict) else None
        if len(block.get("block_id", "") if kind else "") > _LIMITS["block_id"]:
            problems.append(f"{where}: block_id too long")
        if kind == "header":
            text(block.get("text"), _LIMITS["header"], where, ("plain_text",))
        elif kind == "section":
            if "text" not in block and not block.get("fields"):
                problems.append(f"{where}: section without text or fields")
            if "text" in block:
                text(block["text"], _LIMITS["section"], where)
            fields = block.get("fields") or []
            if len(fields) > 10:
                problems.append(f"{where}: {len(fields)} fields (at most 10)")
            for index, field in enumerate(fields):
                text(field, _LIMITS["field"], f"{where} field {index}")
            if "accessory" in block:
                element(block["accessory"], where)
        elif kind == "context":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 10:
                problems.append(f"{where}: {len(elements)} context elements (1..10)")
            for index, item in enumerate(elements):
                text(item, _LIMITS["context_element"], f"{where} element {index}")
        elif kind == "actions":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 25:
                problems.append(f"{where}: {len(elements)} action elements (1..25)")
            for index, item in enumerate(elements):
                element(item, f"{where} element {index}")
        elif kind != "divider":
            problems.append(f"{where}: unknown block type {kind!r}")
    return problems


class SocketModeStandIn:
    """A loopback WebSocket server that plays Slack's Socket Mode side: one client at a time, `send(envelope)`
    delivers a request, `wait_for_ack(envelope_id)` returns the app's acknowledgement (with its payload)."""

    _GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._client: socket.socket | None = None
        self._acks: dict[str, dict] = {}
        self._lock = threading.Condition()
        self._send_lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._server.getsockname()[1]}/link/?ticket=test"

    def wait_connected(self, timeout: float = 15.0) -> None:
        with self._lock:
            if not self._lock.wait_for(lambda: self._client is not None, timeout):
                raise AssertionError("no Socket Mode client connected")

    def send(self, envelope: dict) -> None:
        self._send_frame(0x1, json.dumps(envelope).encode())

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict:
        with self._lock:
            if not self._lock.wait_for(lambda: envelope_id in self._acks, timeout):
                raise AssertionError(f"no ack for envelope {envelope_id}")
            return self._acks[envelope_id]

    def stop(self) -> None:
        self._server.close()
        if self._client:
            self._client.close()

    def _serve(self) -> None:
        try:
            while True:
                client, _ = self._server.accept()
                self._handshake(client)
                with self._lock:
                    self._client = client
                    self._lock.notify_all()
                self.send({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0PYFW"}})
                self._read_frames(client)
        except OSError:
            return

    def _handshake(self, client: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            request += client.recv(4096)
        headers = dict(line.split(": ", 1) for line in request.decode().split("\r\n")[1:] if ": " in line)
        key = {k.lower(): v for k, v in headers.items()}["sec-websocket-key"].strip()
        accept = base64.b64encode(hashlib.sha1((key + self._GUID).encode()).digest()).decode()
        client.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )

    def _read_frames(self, client: socket.socket) -> None:
        def exactly(count: int) -> bytes:
            data = b""
            while len(data) < count:
                chunk = client.recv(count - len(data))
                if not chunk:
                    raise OSError("closed")
                data += chunk
            return data

        while True:
            first, second = exactly(2)
            opcode, length = first & 0x0F, second & 0x7F
            if length == 126:
                length = struct.unpack(">H", exactly(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", exactly(8))[0]
            mask = exactly(4) if second & 0x80 else b"\0\0\0\0"
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(exactly(length)))
            if opcode == 0x9:  # ping -> pong
                self._send_frame(0xA, payload)
            elif opcode == 0x8:
                return
            elif opcode == 0x1:
                message = json.loads(payload)
                with self._lock:
                    self._acks[message.get("envelope_id", "")] = message
                    self._lock.notify_all()

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        header = bytes([0x80 | opcode])
        if len(payload) < 126:
            header += bytes([len(payload)])
        elif len(payload) < 65536:
            header += bytes([126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([127]) + struct.pack(">Q", len(payload))
        if self._client is None:
            raise RuntimeError("no Socket Mode client connected")
        with self._send_lock:
            self._client.sendall(header + payload)
