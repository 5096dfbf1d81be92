"""Each listener as a plain function: called with a plain `ack`/`respond`, the real Responder and catalog, and (for
those that call the Web API) a real WebClient talking to the Slack stand-in. The wiring through Bolt over HTTP is
tested in test_bot_http.py."""

from __future__ import annotations

import json
from urllib.error import URLError

import pytest
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookResponse

from bot.listeners.actions import share, show
from bot.listeners.commands import pyfw_command
from bot.listeners.events import answer_direct_message, answer_mention, publish_home
from bot.listeners.shortcuts import ask_about_message
from bot.responder import Responder
from catalog import load_catalog
from tests.slack_standin import block_problems


class Recorder:
    """A plain stand-in for Bolt's `ack` or `respond`: remembers the keyword arguments of every call and answers
    as Slack's response_url would (`status`)."""

    def __init__(self, status: int = 200) -> None:
        self.calls: list[dict] = []
        self.status = status

    def __call__(self, **kwargs) -> WebhookResponse:
        self.calls.append(kwargs)
        return WebhookResponse(
            url="https://hooks.slack.test/response",
            status_code=self.status,
            body="ok" if self.status == 200 else "expired_url",
            headers={},
        )


@pytest.fixture(scope="module")
def responder():
    return Responder(load_catalog())


@pytest.fixture
def client(slack_api):
    return WebClient(token="xoxb-listener-test", base_url=slack_api.api_url)


def test_slash_command_is_answered_in_the_ack_only_to_the_asker(responder):
    ack = Recorder()
    pyfw_command(
        ack=ack, command={"text": "flask", "user_id": "U0ASKER", "channel_id": "C0GENERAL"}, responder=responder
    )
    [answer] = ack.calls
    assert answer["response_type"] == "ephemeral"
    assert "Flask" in answer["text"] and "flask.palletsprojects.com" in json.dumps(answer["blocks"])
    assert block_problems(answer["blocks"]) == []


def test_empty_slash_command_is_help(responder):
    ack = Recorder()
    pyfw_command(ack=ack, command={}, responder=responder)
    assert "/pyfw compare" in json.dumps(ack.calls[0]["blocks"])


def test_mention_is_answered_in_its_thread(responder, client, slack_api):
    answer_mention(
        event={"text": "<@U0PYFW> django", "channel": "C0GENERAL", "ts": "1700000100.000200"},
        client=client,
        responder=responder,
    )
    [post] = slack_api.calls_to("chat.postMessage")
    assert post.args["channel"] == "C0GENERAL" and post.args["thread_ts"] == "1700000100.000200"
    assert "Django" in post.args["text"]


def test_messages_from_bots_and_channel_chatter_are_not_answered(responder, client, slack_api):
    answer_mention(
        event={"text": "<@U0PYFW> flask", "channel": "C0", "ts": "1.2", "bot_id": "B0OTHER"},
        client=client,
        responder=responder,
    )
    answer_direct_message(
        event={"text": "flask", "channel": "C0", "channel_type": "channel", "ts": "1.3"},
        client=client,
        responder=responder,
    )
    answer_direct_message(
        event={"text": "flask", "channel": "D0", "channel_type": "im", "subtype": "message_changed", "ts": "1.4"},
        client=client,
        responder=responder,
    )
    assert slack_api.calls_to("chat.postMessage") == []


def test_app_home_is_published_for_who_opened_it(responder, client, slack_api):
    publish_home(event={"user": "U0ASKER", "tab": "home"}, client=client, responder=responder)
    publish_home(event={"user": "U0ASKER", "tab": "messages"}, client=client, responder=responder)
    [call] = slack_api.calls_to("views.publish")
    assert call.args["user_id"] == "U0ASKER" and "The catalog: 13 entries" in json.dumps(call.args["view"])


def test_share_posts_the_card_for_everyone_then_removes_the_private_one(responder):
    respond = Recorder()
    share(
        body={"user": {"id": "U0ASKER"}},
        action={"value": json.dumps({"names": ["Flask"]})},
        respond=respond,
        responder=responder,
    )
    public, removal = respond.calls
    assert public["response_type"] == "in_channel" and "Shared by <@U0ASKER>" in json.dumps(public["blocks"])
    assert "pyfw_share" not in json.dumps(public["blocks"])  # no second share button on the shared card
    assert removal == {"delete_original": True}


def test_share_keeps_the_private_card_when_the_shared_post_fails(responder):
    respond = Recorder(status=404)
    share(
        body={"user": {"id": "U0ASKER"}},
        action={"value": json.dumps({"names": ["Flask"]})},
        respond=respond,
        responder=responder,
    )
    public, apology = respond.calls
    assert public["response_type"] == "in_channel"
    assert apology["response_type"] == "ephemeral" and "Could not share" in apology["text"]
    assert not any(call.get("delete_original") for call in respond.calls)


def test_share_with_an_unreadable_value_does_nothing(responder):
    respond = Recorder()
    share(body={}, action={"value": "not json"}, respond=respond, responder=responder)
    assert respond.calls == []


def test_show_from_a_public_message_answers_only_the_clicker(responder):
    respond = Recorder()
    show(body={"container": {"is_ephemeral": False}}, action={"value": "FastAPI"}, respond=respond, responder=responder)
    [answer] = respond.calls
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    assert "FastAPI" in answer["text"]


def test_a_shortcut_whose_response_url_cannot_be_reached_is_answered_ephemerally_instead(responder, client, slack_api):
    def unreachable(**kwargs):
        raise URLError("connection refused")  # what Bolt's respond raises when Slack's hooks host is unreachable

    ask_about_message(
        body={
            "message": {"text": "we're thinking of flask for the new service, thoughts?"},
            "user": {"id": "U0ASKER"},
            "channel": {"id": "C0GENERAL"},
            "response_url": "https://hooks.slack.com/actions/T0/1/x",
        },
        client=client,
        respond=unreachable,
        responder=responder,
    )
    [ephemeral] = slack_api.calls_to("chat.postEphemeral")
    assert ephemeral.args["user"] == "U0ASKER" and "Flask" in ephemeral.args["text"]
