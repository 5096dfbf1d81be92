"""The Slack app manifest asks for what the app listens to (command, shortcut, events, buttons, App Home, unfurls),
at the path the web process serves, with no scope more than it needs, and passes Slack's published manifest schema
(tests/data/slack_manifest_schema/, vendored from github.com/slackapi/manifest-schema; see SOURCE.md there)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from bot.links import LinkWatch
from bot.listeners import commands, shortcuts
from bot.responder import Responder
from bot.web import EVENTS_PATH
from catalog import load_catalog
from catalog.urls import MAX_UNFURL_DOMAINS, catalog_hosts, unfurl_domains
from common.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "manifest.yml"
SCHEMAS = ROOT / "tests" / "data" / "slack_manifest_schema"
# Where the main schema's $refs point (the v0.5.0 tag); resolved to the vendored copies, never fetched.
SCHEMA_URL = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"


def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text())


def schema_problems(document: dict) -> list[str]:
    registry = Registry().with_resources(
        (SCHEMA_URL + name, Resource.from_contents(json.loads((SCHEMAS / name).read_text()), DRAFT7))
        for name in ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json")
    )
    validator = Draft7Validator(json.loads((SCHEMAS / "manifest.schema.json").read_text()), registry=registry)
    problems = []
    for error in validator.iter_errors(document):
        problems += [f"{list(e.path)}: {e.message[:200]}" for e in (error.context or [error])]
    return problems


def test_manifest_passes_slacks_published_schema():
    assert schema_problems(manifest()) == []


@pytest.mark.parametrize(
    "spoil",
    [
        lambda m: m["features"]["shortcuts"][0].update(name="Ask pyfw about this message"),  # 27 > 24 characters
        lambda m: m["features"]["unfurl_domains"].append("docs.python.org"),  # a sixth domain
        lambda m: m["features"]["unfurl_domains"].__setitem__(0, "https://flask.palletsprojects.com"),
        lambda m: m["features"]["slash_commands"][0].pop("description"),
        lambda m: m.update(unknown_section={}),
    ],
    ids=["long-shortcut-name", "six-domains", "domain-with-scheme", "command-without-description", "unknown-key"],
)
def test_the_schema_check_catches_what_slack_would_refuse(spoil):
    spoilt = copy.deepcopy(manifest())
    spoil(spoilt)
    assert schema_problems(spoilt) != []


def test_manifest_matches_the_app():
    settings, features = manifest()["settings"], manifest()["features"]
    assert [c["command"] for c in features["slash_commands"]] == [commands.COMMAND]
    assert settings["event_subscriptions"]["bot_events"] == [
        "app_mention",
        "message.im",
        "app_home_opened",
        "link_shared",
        "app_uninstalled",  # OAuth mode: an uninstall deletes the workspace's tokens (tests/test_oauth.py)
        "tokens_revoked",
    ]
    assert settings["interactivity"]["is_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] is True
    assert (
        features["app_home"]["messages_tab_enabled"] is True
        and features["app_home"]["messages_tab_read_only_enabled"] is False
    )  # people can DM pyfw
    assert [(s["type"], s["callback_id"]) for s in features["shortcuts"]] == [("message", shortcuts.SHORTCUT)]
    urls = [c["url"] for c in features["slash_commands"]] + [
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert scopes == {
        "commands",
        "chat:write",
        "app_mentions:read",
        "im:history",
        "channels:join",  # joining the report channel when pyfw was never invited
        "links:read",
        "links:write",  # docs-link unfurls
    }  # channels:history / groups:history are opt-in (README: what is lost without them)


def test_usage_hint_names_every_subcommand():
    hint = manifest()["features"]["slash_commands"][0]["usage_hint"]
    catalog = load_catalog()
    responder = Responder(catalog, links=LinkWatch(Settings(), catalog))  # `links` is a subcommand with a watch
    for name in [*responder.subcommands, "compare", "list"]:
        assert name in hint.split() or f"[{name}]" in hint, name


def test_unfurl_domains_are_in_step_with_the_catalog():
    catalog = load_catalog()
    domains = manifest()["features"]["unfurl_domains"]
    assert len(domains) == min(MAX_UNFURL_DOMAINS, len(catalog_hosts(catalog)))
    assert set(domains) <= set(catalog_hosts(catalog))  # every one hosts a docs link of the catalog
    assert domains == unfurl_domains(catalog, keep=domains)  # what `pyfw catalog unfurl-domains` would write


def test_unfurl_domains_command_rewrites_only_that_list(tmp_path):
    copy_of = tmp_path / "manifest.yml"
    original = MANIFEST.read_text()
    copy_of.write_text(original.replace("    - docs.djangoproject.com\n", "    - docs.gone.example\n"))
    result = subprocess.run(
        [sys.executable, "-m", "pyfw.cli", "catalog", "unfurl-domains", "--manifest", str(copy_of), "--write"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load(copy_of.read_text())["features"]["unfurl_domains"]
    assert "docs.gone.example" not in written and len(written) == MAX_UNFURL_DOMAINS
    assert written[:1] == ["flask.palletsprojects.com"]  # the curator's choices that still have links stay
    assert "not unfurled:" in result.stderr
    kept = [line for line in copy_of.read_text().splitlines() if "unfurl_domains" not in line and "    - " not in line]
    assert kept == [line for line in original.splitlines() if "unfurl_domains" not in line and "    - " not in line]
