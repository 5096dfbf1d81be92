"""Socket Mode: `pyfw socket` connects over a WebSocket (played by the stand-in), answers the slash command in its
ack and mentions in their thread, with no public URL and no request signatures."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qsl

import pytest

from tests.helpers import BOT_TOKEN, clean_env, command_body, event_body, link_shared, mention, message_action
from tests.slack_standin import SlackStandIn, SocketModeStandIn, block_problems


@pytest.fixture(scope="module")
def socket_mode(tmp_path_factory):
    websocket = SocketModeStandIn()
    api = SlackStandIn(check_blocks=True, socket_url=websocket.url).start()
    tmp = tmp_path_factory.mktemp("socket")
    log = open(tmp / "socket.log", "w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "pyfw.cli", "socket"],
        cwd=tmp,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=clean_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xapp-1-test-app-token", SLACK_API_URL=api.api_url),
    )
    try:
        websocket.wait_connected()
    except AssertionError:
        process.kill()
        log.seek(0)
        raise AssertionError(f"pyfw socket did not connect: {log.read()}") from None
    yield websocket, api
    process.terminate()
    process.wait(timeout=15)
    websocket.stop()
    api.stop()
    log.seek(0)
    assert "xapp-1-test-app-token" not in log.read()


def test_slash_command_is_answered_in_the_socket_ack(socket_mode):
    websocket, api = socket_mode
    payload = dict(parse_qsl(command_body("flask", api.response_url())))
    websocket.send(
        {"envelope_id": "env-command-1", "type": "slash_commands", "accepts_response_payload": True, "payload": payload}
    )
    ack = websocket.wait_for_ack("env-command-1")
    assert ack["payload"]["response_type"] == "ephemeral"
    assert "https://flask.palletsprojects.com/en/latest/" in str(ack["payload"]["blocks"])
    assert block_problems(ack["payload"]["blocks"]) == []


def test_mention_is_answered_in_its_thread(socket_mode):
    websocket, api = socket_mode
    websocket.send(
        {
            "envelope_id": "env-event-1",
            "type": "events_api",
            "accepts_response_payload": False,
            "payload": event_body(mention("django please", ts="1700009000.000100")),
        }
    )
    websocket.wait_for_ack("env-event-1")
    call = api.wait_for("chat.postMessage")[0]
    assert call.args["thread_ts"] == "1700009000.000100"
    assert "Django" in str(call.args["blocks"])


def test_message_shortcut_is_answered_to_its_user_over_the_socket(socket_mode):
    websocket, api = socket_mode
    payload = message_action({"text": "celery for background jobs?"}, api.response_url("socket-shortcut"))
    websocket.send(
        {"envelope_id": "env-shortcut-1", "type": "interactive", "accepts_response_payload": False, "payload": payload}
    )
    websocket.wait_for_ack("env-shortcut-1")
    call = api.wait_for("response_url")[0]
    assert call.args["response_type"] == "ephemeral" and "Celery" in str(call.args["blocks"])
    assert block_problems(call.args["blocks"]) == []


def test_pasted_docs_link_unfurls_over_the_socket(socket_mode):
    websocket, api = socket_mode
    url = "https://docs.streamlit.io/"
    envelope = {"envelope_id": "env-unfurl-1", "type": "events_api", "accepts_response_payload": False}
    websocket.send({**envelope, "payload": event_body(link_shared([url], ts="1700009100.000100"))})
    websocket.wait_for_ack("env-unfurl-1")
    call = api.wait_for("chat.unfurl")[0]
    assert call.args["channel"] == "C0GENERAL" and call.args["ts"] == "1700009100.000100"
    assert "Streamlit" in str(call.args["unfurls"][url]["blocks"])
