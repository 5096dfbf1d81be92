"""Helpers shared by the test modules; fixtures for real servers are in conftest.py, the stand-ins for Slack and for
documentation sites in slack_standin.py and link_server.py.

    waiting and data    wait_until, write_catalog, start_run
    pyfw processes      PYFW, clean_env, link_env, Process: a clean environment, start, kill whole, read logs
    Slack over HTTP     WebApp (a running `pyfw web`), signed request bodies, free_port
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import redis
import requests

from common.settings import Settings
from linkwatch import runs
from tasks.app import make_app
from tasks.jobs import enqueuer
from tests.slack_standin import SlackStandIn, signed_headers


def wait_until(condition, timeout: float = 20.0, what: str = "condition"):
    """Poll `condition` until it returns something true (returned), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def write_catalog(path, links: dict[str, list[str]]) -> str:
    """A catalog file with one entry per name, each with the given URLs."""
    parts = []
    for name, urls in links.items():
        link_lines = ", ".join(f'{{ title = "{name} docs {n}", url = "{url}" }}' for n, url in enumerate(urls))
        parts.append(
            f'[[entry]]\nname = "{name}"\ncategory = "Backend Frameworks"\noverview = "{name}."\n'
            f'features = ["things"]\nlinks = [{link_lines}]\n'
        )
    path.write_text("\n".join(parts), encoding="utf-8")
    return str(path)


def start_run(settings: Settings, trigger: str = "test") -> str:
    """Begin a link-check run as the bot or beat would, queuing its jobs for whatever workers listen."""
    with redis.Redis.from_url(settings.redis_url, decode_responses=True) as client:
        return runs.begin_run(client, settings, enqueuer(make_app(settings)), trigger=trigger)


def run_state(store: redis.Redis, run_id: str) -> str | None:
    return store.hget(runs.run_key(run_id), "state")


# -- pyfw processes ---------------------------------------------------------------------------------------------------

PYFW = str(Path(sys.executable).with_name("pyfw"))


def clean_env(**settings: str) -> dict[str, str]:
    """The test process's environment without any pyfw/Slack/Redis settings, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYFW_", "SLACK_", "REDIS_URL", "PORT"))}
    env.update(settings)
    return env


def link_env(redis_url: str, catalog: str, slack_api, **settings: str) -> dict[str, str]:
    """Settings for a link-checking worker on loopback links that reports at once to the Slack stand-in."""
    return clean_env(
        **{
            "REDIS_URL": redis_url,
            "PYFW_CATALOG": catalog,
            "PYFW_ALLOW_PRIVATE_LINKS": "1",
            "PYFW_FAIL_THRESHOLD": "1",
            "PYFW_REPORT_CHANNEL": "C0FAULT",
            "SLACK_BOT_TOKEN": "xoxb-fault-test",
            "SLACK_API_URL": slack_api.api_url,
            **settings,
        }
    )


class Process:
    """A pyfw command running in its own process group, its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path, name: str) -> None:
        self.log_path = Path(cwd) / f"{name}.log"
        self._log = open(self.log_path, "w")
        self.popen = subprocess.Popen(
            [PYFW, *args], env=env, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def kill_all(self) -> None:
        """SIGKILL the whole process group: the main process and every child, with no chance to clean up."""
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 20) -> int:
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill_all()
            except ProcessLookupError:
                pass
        self._log.close()
        return self.popen.returncode


# -- Slack over HTTP -------------------------------------------------------------------------------------------------

SECRET = "test-signing-secret-8f2a"
BOT_TOKEN = "xoxb-test-bot-token-1234"
REPO = Path(__file__).resolve().parent.parent
_ids = itertools.count(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WebApp:
    """A running `pyfw web` and the ways Slack talks to it."""

    def __init__(self, standin: SlackStandIn, redis_url: str, tmp: Path, env: dict[str, str] | None = None) -> None:
        self.sentinels = itertools.count(1)
        self.standin = standin
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = clean_env(
            **{
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": standin.api_url,
                "REDIS_URL": redis_url,
                **(env or {}),  # may override the above (OAuth mode: no bot token)
            }
        )
        self.log_path = tmp / "web.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pyfw.cli",
                "web",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                "1",
                "--threads",
                "4",
            ],
            cwd=tmp,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code in (200, 503):
                    break
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"pyfw web did not start: {self.log_path.read_text(errors='replace')}")
            time.sleep(0.05)

    def log_text(self) -> str:
        """The complete lines written so far.

        Read through a file of its own: the server shares `self.log`'s offset, so a seek here while it writes
        would cut its lines apart; and a line still being written is not yet a line.
        """
        text = self.log_path.read_text(errors="replace")
        return text[: text.rfind("\n") + 1]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)
        self.log.close()

    def post(
        self,
        body: str,
        content_type: str,
        timestamp: int | None = None,
        headers: dict | None = None,
        signed: bool = True,
    ) -> requests.Response:
        all_headers = (
            signed_headers(SECRET, body, content_type, timestamp) if signed else {"Content-Type": content_type}
        )
        all_headers.update(headers or {})
        return requests.post(self.url + "/slack/events", data=body.encode(), headers=all_headers, timeout=10)

    def command(self, text: str, **kwargs) -> requests.Response:
        return self.post(command_body(text, self.standin.response_url()), "application/x-www-form-urlencoded", **kwargs)

    def event(self, event: dict, event_id: str | None = None, **kwargs) -> requests.Response:
        return self.post(json.dumps(event_body(event, event_id)), "application/json", **kwargs)

    def action(
        self, action_id: str, value: str, ephemeral: bool = True, response_url: str | None = None
    ) -> requests.Response:
        payload = {
            "type": "block_actions",
            "team": {"id": "T0TEST"},
            "user": {"id": "U0ASKER"},
            "api_app_id": "A0PYFW",
            "token": "legacy",
            "trigger_id": "1.2.3",
            "container": {"type": "message", "is_ephemeral": ephemeral, "channel_id": "C0GENERAL"},
            "channel": {"id": "C0GENERAL"},
            "response_url": response_url or self.standin.response_url("act"),
            "actions": [
                {"type": "button", "action_id": action_id, "block_id": "b", "value": value, "action_ts": "1700000000.1"}
            ],
        }
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def command_body(text: str, response_url: str) -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": "T0TEST",
            "team_domain": "test",
            "channel_id": "C0GENERAL",
            "channel_name": "general",
            "user_id": "U0ASKER",
            "user_name": "asker",
            "command": "/pyfw",
            "text": text,
            "api_app_id": "A0PYFW",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


def event_body(event: dict, event_id: str | None = None) -> dict:
    return {
        "token": "legacy",
        "team_id": "T0TEST",
        "api_app_id": "A0PYFW",
        "type": "event_callback",
        "event": event,
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0TEST", "user_id": "U0PYFW", "is_bot": True}],
    }


def mention(text: str, ts: str = "1700000100.000200", **extra) -> dict:
    return {
        "type": "app_mention",
        "user": "U0ASKER",
        "text": f"<@U0PYFW> {text}",
        "ts": ts,
        "channel": "C0GENERAL",
        "event_ts": ts,
        **extra,
    }


def direct_message(text: str, ts: str = "1700000200.000300", **extra) -> dict:
    return {
        "type": "message",
        "channel_type": "im",
        "user": "U0ASKER",
        "text": text,
        "ts": ts,
        "channel": "D0ASKER",
        "event_ts": ts,
        **extra,
    }


def all_text(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


# Each spelling of the metadata endpoint, and of loopback, in every IPv6 form that carries an IPv4 address.
SPELLINGS = {
    "nat64": ("64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1"),
    "nat64-local-use-/96": ("64:ff9b:1::a9fe:a9fe", "64:ff9b:1::7f00:1"),
    "nat64-local-use-/48": ("64:ff9b:1:a9fe:a9:fe00::", "64:ff9b:1:7f00:0:100::"),
    "nat64-local-use-/64": ("64:ff9b:1:0:a9:fea9:fe00:0", "64:ff9b:1:0:7f:0:100:0"),
    "ipv4-compatible": ("::a9fe:a9fe", "::7f00:1"),
    "ipv4-mapped": ("::ffff:a9fe:a9fe", "::ffff:7f00:1"),
    "siit": ("::ffff:0:a9fe:a9fe", "::ffff:0:7f00:1"),
    "6to4": ("2002:a9fe:a9fe::1", "2002:7f00:1::1"),
    "teredo-client": ("2001:0:4136:e378:8000:63bf:5601:5601", "2001:0:4136:e378:8000:63bf:80ff:fffe"),
}


def message_action(message: dict, response_url: str | None, callback_id: str = "pyfw_ask_message") -> dict:
    """The payload Slack sends when someone uses a message shortcut on `message` (type `message_action`)."""
    ts = message.get("ts", "1700001000.000100")
    payload = {
        "type": "message_action",
        "callback_id": callback_id,
        "team": {"id": "T0TEST"},
        "api_app_id": "A0PYFW",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "user": {"id": "U0ASKER", "name": "asker"},
        "channel": {"id": "C0GENERAL", "name": "general"},
        "message": {"type": "message", "user": "U0OTHER", "ts": ts, **message},
        "message_ts": ts,
        "action_ts": "1700001001.000100",
    }
    if response_url:
        payload["response_url"] = response_url
    return payload


def link_shared(urls: list[str], ts: str = "1700002000.000100", **extra) -> dict:
    """The `link_shared` event Slack sends when links on the app's unfurl domains are posted."""
    return {
        "type": "link_shared",
        "channel": "C0GENERAL",
        "user": "U0ASKER",
        "message_ts": ts,
        "links": [{"domain": url.split("/")[2], "url": url} for url in urls],
        "event_ts": ts,
        **extra,
    }


@contextmanager
def connection_trap() -> Iterator[tuple[int, list[str]]]:
    """A loopback port recording the first bytes of every connection offered to it: where a hostile URL aims,
    so a test can show nothing ever connected. Yields (port, what each connection sent)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    connections: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(1)
                try:
                    connections.append(connection.recv(200).decode("latin-1"))
                except OSError:
                    connections.append("")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], connections
    finally:
        stop.set()
        thread.join(timeout=2)
        server.close()
