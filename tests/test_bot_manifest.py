"""The Slack app manifest asks for what the app listens to (command, events, buttons, App Home), at the path the
web process serves, with no scope more than it needs."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.listeners import commands
from bot.web import EVENTS_PATH

MANIFEST = Path(__file__).resolve().parents[1] / "manifest.yml"


def test_manifest_matches_the_app():
    manifest = yaml.safe_load(MANIFEST.read_text())
    settings, features = manifest["settings"], manifest["features"]
    assert [c["command"] for c in features["slash_commands"]] == [commands.COMMAND]
    assert settings["event_subscriptions"]["bot_events"] == [
        "app_mention",
        "message.im",
        "app_home_opened",
        "app_uninstalled",  # OAuth mode: an uninstall deletes the workspace's tokens (tests/test_oauth.py)
        "tokens_revoked",
    ]
    assert settings["interactivity"]["is_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] is True
    assert (
        features["app_home"]["messages_tab_enabled"] is True
        and features["app_home"]["messages_tab_read_only_enabled"] is False
    )  # people can DM pyfw
    urls = [c["url"] for c in features["slash_commands"]] + [
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert scopes == {
        "commands",
        "chat:write",
        "app_mentions:read",
        "im:history",
        "channels:history",
        "groups:history",  # the link report's exactly-once lookup
        "channels:join",
    }  # joining the report channel when pyfw was never invited
