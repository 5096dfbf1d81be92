"""Installing into any workspace (OAuth mode), over real HTTP against a running `pyfw web` and the Slack stand-in.

The whole dance as a browser and Slack do it: the "Add to Slack" page sets the state in a cookie and in the link,
Slack sends the admin back to /slack/oauth_redirect with that state and a code, pyfw exchanges the code with
`oauth.v2.access` and stores the installation. Then every request from that workspace is answered with its own
bot token, its App Home picks its report channel, a real Celery worker posts each workspace's link report with
that workspace's token, and an uninstall deletes the tokens and the channel.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import json
import re
import subprocess
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
import yaml
from celery.contrib.testing.worker import start_worker

from bot.oauth import BOT_SCOPES, CHOOSE_CHANNEL, NOT_INSTALLED
from common.settings import Settings
from linkwatch.destination import SINGLE_WORKSPACE, Destination, reason_for
from tasks.app import make_app
from tests.helpers import PYFW, REPO, WebApp, clean_env, event_body, write_catalog
from tests.link_server import LinkServer
from tests.slack_standin import SlackStandIn
from workspaces import Workspaces

CLIENT_ID = "1234567890.0987654321"
CLIENT_SECRET = "client-secret-5f1e9c0b7a"
STATE_SECRET = "state-secret-" + "9" * 40
_codes = itertools.count(1)


@dataclasses.dataclass
class OAuthWeb:
    """A running `pyfw web` in OAuth mode, the stand-in it talks to, and its installations database."""

    web: WebApp
    slack: SlackStandIn
    database_url: str
    web_redis_url: str

    def workspaces(self) -> Workspaces:
        return Workspaces(self.database_url, CLIENT_ID)


@pytest.fixture(scope="module")
def oauth_web(redis_url, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("oauth")
    slack = SlackStandIn(client_credentials=(CLIENT_ID, CLIENT_SECRET)).start()
    env = {
        "SLACK_BOT_TOKEN": "",
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_STATE_SECRET": STATE_SECRET,
        "PYFW_DATA_DIR": str(tmp / "data"),
    }
    web = WebApp(slack, redis_url, tmp, env=env)
    yield OAuthWeb(web, slack, f"sqlite:///{tmp / 'data' / 'pyfw.sqlite3'}", redis_url)
    web.stop()
    slack.stop()


# -- the browser's side of the dance ---------------------------------------------------------------------------------


def open_install_page(oauth_web: OAuthWeb) -> tuple[requests.Response, str, str]:
    """GET /slack/install: the page, the authorize link on it, and the state (from the link)."""
    page = requests.get(oauth_web.web.url + "/slack/install", timeout=10)
    links = re.findall(r'href="([^"]*oauth/v2/authorize[^"]*)"', page.text)
    assert len(links) == 1, page.text
    link = html.unescape(links[0])
    return page, link, parse_qs(urlsplit(link).query)["state"][0]


def come_back(oauth_web: OAuthWeb, cookie_state: str | None, **query: str) -> requests.Response:
    """The admin's browser coming back from Slack to /slack/oauth_redirect (with the state cookie, if any)."""
    headers = {"Cookie": f"slack-app-oauth-state={cookie_state}"} if cookie_state else {}
    return requests.get(oauth_web.web.url + "/slack/oauth_redirect?" + urlencode(query), headers=headers, timeout=10)


def install(oauth_web: OAuthWeb, team: str, token: str) -> requests.Response:
    """An admin of `team` goes through the whole install: the page, Slack's approval, the redirect."""
    _, _, state = open_install_page(oauth_web)
    code = f"code-{next(_codes)}"
    oauth_web.slack.grant(code, team, token, team_name=f"Team {team}")
    answer = come_back(oauth_web, state, code=code, state=state)
    assert answer.status_code == 200, answer.text
    return answer


# -- Slack's side: signed requests from a given workspace -------------------------------------------------------------


def command(oauth_web: OAuthWeb, team: str, text: str) -> requests.Response:
    body = urlencode(
        {
            "token": "legacy",
            "team_id": team,
            "team_domain": team.lower(),
            "channel_id": "C0GENERAL",
            "user_id": "U0ASKER",
            "command": "/pyfw",
            "text": text,
            "api_app_id": "A0PYFW",
            "response_url": oauth_web.slack.response_url(team),
            "trigger_id": "1.2.3",
        }
    )
    return oauth_web.web.post(body, "application/x-www-form-urlencoded")


def event(oauth_web: OAuthWeb, team: str, payload: dict) -> requests.Response:
    body = event_body(payload)
    body["team_id"] = team
    body["authorizations"] = [{"team_id": team, "user_id": f"U{team}BOT", "is_bot": True}]
    return oauth_web.web.post(json.dumps(body), "application/json")


def mention(oauth_web: OAuthWeb, team: str, text: str, ts: str) -> requests.Response:
    payload = {"type": "app_mention", "user": "U0ASKER", "text": f"<@U0PYFW> {text}", "ts": ts, "channel": "C0GENERAL"}
    return event(oauth_web, team, payload)


def open_home(oauth_web: OAuthWeb, team: str, user: str = "U0ASKER") -> requests.Response:
    return event(oauth_web, team, {"type": "app_home_opened", "user": user, "tab": "home", "channel": "D0HOME"})


def choose_channel(oauth_web: OAuthWeb, team: str, channel: str, user: str = "U0ADMIN") -> requests.Response:
    payload = {
        "type": "block_actions",
        "team": {"id": team, "domain": team.lower()},
        "user": {"id": user, "team_id": team},
        "api_app_id": "A0PYFW",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "container": {"type": "view", "view_id": "V0HOME"},
        "view": {"id": "V0HOME", "type": "home"},
        "actions": [
            {
                "type": "conversations_select",
                "action_id": CHOOSE_CHANNEL,
                "block_id": "b",
                "selected_conversation": channel,
                "action_ts": "1700000000.1",
            }
        ],
    }
    return oauth_web.web.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def calls_with(slack: SlackStandIn, token: str) -> list:
    return [call for call in slack.calls if call.token == token]


# -- the install pages -------------------------------------------------------------------------------------------------


def test_the_install_page_offers_add_to_slack_with_a_signed_state_in_the_link_and_a_cookie(oauth_web):
    page, link, state = open_install_page(oauth_web)
    assert page.status_code == 200 and "Add pyfw to your Slack workspace" in page.text and "Add to Slack" in page.text
    assert all(f"<code>{scope}</code>" in page.text for scope in BOT_SCOPES)  # what it asks for, and why
    query = parse_qs(urlsplit(link).query)
    assert link.startswith("https://slack.com/oauth/v2/authorize?")
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"][0].split(",") == list(BOT_SCOPES)  # bot scopes only, no user scopes
    assert not query.get("user_scope", [""])[0]
    assert re.fullmatch(r"[0-9a-f-]{36}\.[0-9a-f]{64}", state)  # slack_sdk's state, then its HMAC
    cookie = page.headers["Set-Cookie"]
    assert f"slack-app-oauth-state={state}" in cookie and "HttpOnly" in cookie and "Secure" in cookie
    assert open_install_page(oauth_web)[2] != state  # a fresh state for every visit


def test_the_redirect_stores_the_installation_and_shows_a_success_page(oauth_web):
    answer = install(oauth_web, "T0INSTALL", "xoxb-install-1")
    assert "Thank you!" in answer.text and "slack://app?team=T0INSTALL" in answer.text
    assert "slack-app-oauth-state=deleted" in answer.headers["Set-Cookie"]  # the cookie is spent
    assert oauth_web.workspaces().bot_token("T0INSTALL") == "xoxb-install-1"
    folder = Path(oauth_web.database_url.removeprefix("sqlite:///")).parent
    assert folder.stat().st_mode & 0o077 == 0  # the tokens' folder is pyfw's user's alone
    exchange = [c for c in oauth_web.slack.calls if c.method == "oauth.v2.access" and c.accepted]
    assert exchange and (exchange[-1].authorization or "").startswith("Basic ")  # the client secret never in a URL
    assert CLIENT_SECRET not in oauth_web.web.log_text() and STATE_SECRET not in oauth_web.web.log_text()
    assert "xoxb-install-1" not in oauth_web.web.log_text()


def test_forged_tampered_cookieless_replayed_and_codeless_redirects_are_refused_and_store_nothing(oauth_web):
    slack, workspaces = oauth_web.slack, oauth_web.workspaces()
    exchanges = len([c for c in slack.calls if c.method == "oauth.v2.access"])

    def refused(answer: requests.Response, reason: str, team: str) -> None:
        assert answer.status_code in (400, 401), answer.text
        assert "Something Went Wrong" in answer.text and reason in answer.text
        assert 'href="/slack/install"' in answer.text  # where to start again
        assert workspaces.bot_token(team) is None

    forged = "0" * 8 + "-0000-0000-0000-" + "0" * 12 + "." + "a" * 64
    slack.grant("code-forged", "T0FORGED", "xoxb-forged")
    refused(come_back(oauth_web, forged, code="code-forged", state=forged), "invalid_state", "T0FORGED")

    _, _, state = open_install_page(oauth_web)
    tampered = state[:-1] + ("0" if state[-1] != "0" else "1")
    refused(come_back(oauth_web, tampered, code="code-forged", state=tampered), "invalid_state", "T0FORGED")
    refused(come_back(oauth_web, None, code="code-forged", state=state), "invalid_browser", "T0FORGED")
    assert len([c for c in slack.calls if c.method == "oauth.v2.access"]) == exchanges  # no code was exchanged

    install_state = open_install_page(oauth_web)[2]
    slack.grant("code-once", "T0REPLAY", "xoxb-replay-1")
    assert come_back(oauth_web, install_state, code="code-once", state=install_state).status_code == 200
    slack.grant("code-twice", "T0REPLAY2", "xoxb-replay-2")
    refused(come_back(oauth_web, install_state, code="code-twice", state=install_state), "invalid_state", "T0REPLAY2")

    _, _, state = open_install_page(oauth_web)
    refused(come_back(oauth_web, state, state=state), "missing_code", "T0FORGED")
    _, _, state = open_install_page(oauth_web)
    refused(come_back(oauth_web, state, code="never-granted", state=state), "invalid_code", "T0FORGED")
    assert "never-granted" not in [c.args.get("code") for c in slack.calls if c.accepted]
    _, _, state = open_install_page(oauth_web)
    cancelled = come_back(oauth_web, state, error="access_denied", state=state)  # the admin pressed Cancel in Slack
    assert "Something Went Wrong" in cancelled.text and "access_denied" in cancelled.text
    log = oauth_web.web.log_text()
    assert "refused an OAuth state this deployment did not sign" in log
    assert "refused an OAuth state that was used already or expired" in log


# -- each workspace answered with its own token ---------------------------------------------------------------------


def test_an_installed_workspace_is_answered_with_its_own_token_and_a_stranger_is_not(oauth_web):
    slack = oauth_web.slack
    install(oauth_web, "T0ALPHA", "xoxb-alpha")
    install(oauth_web, "T0BETA", "xoxb-beta")

    answer = command(oauth_web, "T0ALPHA", "flask")
    assert answer.status_code == 200 and "Flask" in answer.text  # the card, in the ack

    mention(oauth_web, "T0BETA", "django vs flask", ts="1700000300.000100")
    posted = slack.wait_until(lambda c: c.method == "chat.postMessage" and c.token == "xoxb-beta")
    answers = [c for c in posted if c.method == "chat.postMessage" and c.token == "xoxb-beta"]
    assert [c.args["thread_ts"] for c in answers] == ["1700000300.000100"]

    open_home(oauth_web, "T0ALPHA")
    slack.wait_until(lambda c: c.method == "views.publish" and c.token == "xoxb-alpha")
    home = [c for c in calls_with(slack, "xoxb-alpha") if c.method == "views.publish"][-1]
    selects = [
        b["accessory"]
        for b in home.args["view"]["blocks"]
        if b.get("accessory", {}).get("type") == "conversations_select"
    ]
    assert [s["action_id"] for s in selects] == [CHOOSE_CHANNEL]
    assert "no channel is chosen in this workspace yet" in json.dumps(home.args["view"])

    stranger = command(oauth_web, "T0STRANGER", "flask")
    assert stranger.status_code == 200 and "Flask" not in stranger.text  # Bolt: no installation, no answer
    slack.wait_until(
        lambda c: c.method == "response_url" and c.path.endswith("/T0STRANGER") and NOT_INSTALLED in json.dumps(c.args)
    )


def test_a_channel_chosen_in_the_home_is_stored_for_that_workspace_and_shown(oauth_web):
    slack, workspaces = oauth_web.slack, oauth_web.workspaces()
    install(oauth_web, "T0HOME", "xoxb-home")
    assert choose_channel(oauth_web, "T0HOME", "C0HOMELINKS").status_code == 200
    chosen = workspaces.report_channel("T0HOME")
    assert chosen and (chosen.channel, chosen.chosen_by) == ("C0HOMELINKS", "U0ADMIN")  # stored before the ack
    slack.wait_until(
        lambda c: c.method == "views.publish" and c.token == "xoxb-home" and "<#C0HOMELINKS>" in json.dumps(c.args)
    )
    published = len(slack.calls_to("views.publish"))
    open_home(oauth_web, "T0HOME", user="U0SOMEONE")  # anyone opening the Home later sees the choice
    slack.wait_until(lambda c: c.method == "views.publish" and c.args.get("user_id") == "U0SOMEONE")
    later = slack.calls_to("views.publish")[published:]
    assert [c.token for c in later] == ["xoxb-home"] and "<#C0HOMELINKS>" in json.dumps(later[0].args)
    assert "by <@U0ADMIN>" in json.dumps(later[0].args)

    assert choose_channel(oauth_web, "T0HOME", "not a channel<!here>").status_code == 200
    assert workspaces.report_channel("T0HOME").channel == "C0HOMELINKS"  # nonsense is not stored
    assert choose_channel(oauth_web, "T0NOTINSTALLED", "C0ELSEWHERE").status_code == 200
    assert workspaces.report_channel("T0NOTINSTALLED") is None  # Bolt refuses a workspace without an installation


# -- uninstalling ------------------------------------------------------------------------------------------------------


def test_app_uninstalled_deletes_the_tokens_and_the_channel_and_the_team_is_no_longer_answered(oauth_web):
    slack, workspaces = oauth_web.slack, oauth_web.workspaces()
    install(oauth_web, "T0GONE", "xoxb-gone")
    install(oauth_web, "T0STAYS", "xoxb-stays")
    choose_channel(oauth_web, "T0GONE", "C0GONELINKS")
    assert workspaces.report_channel("T0GONE")
    # The choice republishes the Home after the ack (a lazy listener): let it land before counting calls below.
    slack.wait_until(lambda c: c.method == "views.publish" and c.token == "xoxb-gone")

    assert event(oauth_web, "T0GONE", {"type": "app_uninstalled"}).status_code == 200
    assert workspaces.bot_token("T0GONE") is None and workspaces.report_channel("T0GONE") is None
    assert workspaces.bot_token("T0STAYS") == "xoxb-stays"  # only that workspace

    used_before = len(calls_with(slack, "xoxb-gone"))
    mention(oauth_web, "T0GONE", "flask", ts="1700000400.000100")
    mention(oauth_web, "T0STAYS", "flask", ts="1700000401.000100")  # answered after the first was dispatched
    slack.wait_until(lambda c: c.method == "chat.postMessage" and c.token == "xoxb-stays")
    time.sleep(0.5)  # a lazy answer to the first mention, were there one, would have gone out by now
    assert len(calls_with(slack, "xoxb-gone")) == used_before
    assert "Flask" not in command(oauth_web, "T0GONE", "flask").text


def test_a_revoked_bot_token_is_deleted_with_the_report_channel(oauth_web):
    workspaces = oauth_web.workspaces()
    install(oauth_web, "T0REVOKED", "xoxb-revoked")
    choose_channel(oauth_web, "T0REVOKED", "C0REVOKED")
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UT0REVOKEDBOT"]}}
    assert event(oauth_web, "T0REVOKED", revoked).status_code == 200
    assert workspaces.bot_token("T0REVOKED") is None and workspaces.report_channel("T0REVOKED") is None
    assert "Flask" not in command(oauth_web, "T0REVOKED", "flask").text


# -- link reports per workspace, by a real worker ---------------------------------------------------------------------


def test_each_workspace_gets_its_own_link_report_in_its_channel_with_its_token(oauth_web, redis_client, tmp_path):
    """A real worker on the Redis `pyfw web` uses (emptied first): it takes `/pyfw links check` from the bot, and the
    Home shows what the run left behind."""
    slack = oauth_web.slack
    install(oauth_web, "T0REPA", "xoxb-repa")
    install(oauth_web, "T0REPB", "xoxb-repb")
    install(oauth_web, "T0REPC", "xoxb-repc")
    install(oauth_web, "T0QUIET", "xoxb-quiet")  # installed, no channel chosen: no report
    choose_channel(oauth_web, "T0REPA", "C0REPALINKS")
    choose_channel(oauth_web, "T0REPB", "C0REPBLINKS")
    choose_channel(oauth_web, "T0REPC", "C0REPCLINKS")
    slack.outside.add("C0REPCLINKS")  # a private channel pyfw was never invited to: Slack refuses the report
    slack.private.add("C0REPCLINKS")
    server = LinkServer().start()
    settings = Settings(
        redis_url=oauth_web.web_redis_url,
        slack_api_url=slack.api_url,
        slack_client_id=CLIENT_ID,  # the worker needs the client id and the web process's database, nothing else
        database_url=oauth_web.database_url,
        fail_threshold=1,
        allow_private_links=True,
        catalog_path=write_catalog(tmp_path / "catalog.toml", {"Flask": [server.url("/missing")]}),
    )
    try:
        with start_worker(make_app(settings), pool="threads", concurrency=4, perform_ping_check=False):
            asked = command(oauth_web, "T0REPA", "links check")  # from workspace A, as a person would start one
            assert asked.status_code == 200 and "Checking" in asked.text
            answer = slack.wait_until(
                lambda c: (
                    c.method == "response_url" and c.path.endswith("/T0REPA") and "/missing" in json.dumps(c.args)
                ),
                timeout=30,
            )
    finally:
        server.stop()
    told = [c for c in answer if c.method == "response_url" and c.path.endswith("/T0REPA")][-1]
    assert "Flask" in json.dumps(told.args)  # the asker gets the report itself
    assert "C0REP" not in json.dumps(told.args)  # but no workspace's channel, its own included, nor their outcomes
    reports = [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel", "").startswith("C0REP")]
    assert sorted((c.args["channel"], c.token) for c in reports) == [
        ("C0REPALINKS", "xoxb-repa"),
        ("C0REPBLINKS", "xoxb-repb"),
    ]
    assert all("Flask" in json.dumps(c.args) and "/missing" in json.dumps(c.args) for c in reports)
    assert [c.method for c in calls_with(slack, "xoxb-quiet")] == ["auth.test"]  # only the install's check

    def home_of(team: str, token: str) -> str:
        before = len([c for c in calls_with(slack, token) if c.method == "views.publish"])
        open_home(oauth_web, team)
        slack.wait_until(
            lambda c: (
                c.method == "views.publish"
                and len([x for x in calls_with(slack, token) if x.method == "views.publish"]) > before
            )
        )
        return json.dumps([c for c in calls_with(slack, token) if c.method == "views.publish"][-1].args["view"])

    assert "could not be posted" in home_of("T0REPC", "xoxb-repc") and "invite @pyfw" in home_of("T0REPC", "xoxb-repc")
    assert "C0REPCLINKS" not in home_of("T0REPA", "xoxb-repa")  # another workspace's trouble is not shown
    assert "C0REPCLINKS" not in command(oauth_web, "T0REPA", "links").text


# -- start-up and settings ---------------------------------------------------------------------------------------------


def pyfw_web(tmp_path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYFW, "web", "--host", "127.0.0.1", "--port", "0"],
        env=clean_env(PYFW_DATA_DIR=str(tmp_path / "data"), **env),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "given, missing",
    [
        ({"SLACK_CLIENT_ID": CLIENT_ID}, "SLACK_CLIENT_SECRET and SLACK_STATE_SECRET and SLACK_SIGNING_SECRET"),
        (
            {"SLACK_CLIENT_SECRET": CLIENT_SECRET, "SLACK_STATE_SECRET": STATE_SECRET},
            "SLACK_CLIENT_ID and SLACK_SIGNING_SECRET",
        ),
    ],
)
def test_a_partial_oauth_setup_is_one_line_naming_what_is_missing_without_secrets(tmp_path, given, missing):
    done = pyfw_web(tmp_path, **given)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"pyfw: {missing} not set (OAuth mode, installing into any workspace, needs SLACK_CLIENT_ID, "
        "SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_SIGNING_SECRET; for one workspace set SLACK_BOT_TOKEN)"
    ]
    assert CLIENT_SECRET not in done.stderr + done.stdout and STATE_SECRET not in done.stderr + done.stdout


def test_a_short_state_secret_or_an_unusable_database_is_one_line(tmp_path):
    full = {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": "signing-secret-1234",
    }
    short = pyfw_web(tmp_path, **full, SLACK_STATE_SECRET="short-secret")
    assert short.returncode == 1 and "SLACK_STATE_SECRET is too short: at least 32 characters" in short.stderr
    assert "short-secret" not in short.stderr
    database = "postgresql+nosuchdriver://pyfw:db-password-77@127.0.0.1:1/pyfw"
    bad = pyfw_web(tmp_path, **full, SLACK_STATE_SECRET=STATE_SECRET, PYFW_DATABASE_URL=database)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    assert bad.stderr.startswith("pyfw: PYFW_DATABASE_URL cannot be used")
    assert "db-password-77" not in bad.stderr and "Traceback" not in bad.stderr


def test_oauth_mode_is_without_a_bot_token_and_a_bot_token_keeps_single_workspace_mode():
    oauth = Settings.from_env({"SLACK_CLIENT_ID": CLIENT_ID, "PYFW_DATA_DIR": "/srv/pyfw"})
    assert oauth.oauth and oauth.has_slack and oauth.database == "sqlite:////srv/pyfw/pyfw.sqlite3"
    single = Settings.from_env({"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_BOT_TOKEN": "xoxb-1"})
    assert not single.oauth
    assert not Settings.from_env({}).oauth
    url = "postgresql+psycopg://pyfw:pw-123456@db/pyfw"
    with_url = Settings.from_env({"SLACK_CLIENT_ID": CLIENT_ID, "PYFW_DATABASE_URL": url})
    assert with_url.database == url and "pw-123456" in with_url.secrets and "pw-123456" not in repr(with_url)


def test_the_manifest_asks_for_the_scopes_an_install_asks_for_and_sends_uninstalls_back():
    manifest = yaml.safe_load((REPO / "manifest.yml").read_text())
    assert tuple(manifest["oauth_config"]["scopes"]["bot"]) == BOT_SCOPES
    assert manifest["oauth_config"]["redirect_urls"] == ["https://YOUR-HOST/slack/oauth_redirect"]
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(events)


@pytest.mark.parametrize("command", [["worker"], ["beat"], ["status"], ["links", "report"]])
def test_workers_and_commands_in_oauth_mode_say_in_one_line_that_the_database_is_unusable(tmp_path, redis_url, command):
    database = "postgresql+nosuchdriver://pyfw:db-password-77@127.0.0.1:1/pyfw"
    done = subprocess.run(
        [PYFW, *command],
        env=clean_env(REDIS_URL=redis_url, SLACK_CLIENT_ID=CLIENT_ID, PYFW_DATABASE_URL=database),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("pyfw: PYFW_DATABASE_URL cannot be used") and "db-password-77" not in done.stderr


@pytest.mark.parametrize("command", ["web", "socket"])
def test_a_bot_token_beside_the_oauth_settings_is_refused_rather_than_half_working(tmp_path, command):
    """Bolt would turn its own OAuth flow on from the environment and drop the bot token: say so instead."""
    done = subprocess.run(
        [PYFW, command],
        env=clean_env(
            SLACK_BOT_TOKEN="xoxb-single-1234",
            SLACK_SIGNING_SECRET="signing-secret-1234",
            SLACK_APP_TOKEN="xapp-1-socket-1234",
            SLACK_CLIENT_ID=CLIENT_ID,
            SLACK_CLIENT_SECRET=CLIENT_SECRET,
        ),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and done.stderr.strip().splitlines() == [
        "pyfw: SLACK_BOT_TOKEN and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET are both set: unset SLACK_BOT_TOKEN to "
        "install into any workspace (OAuth mode), or unset SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for one workspace"
    ]
    assert CLIENT_SECRET not in done.stderr and "xoxb-single-1234" not in done.stderr
    assert not (tmp_path / "data").exists()


def test_a_refused_report_in_a_workspace_says_what_its_people_can_do_not_which_setting_to_change():
    workspace, single = Destination("T0ONE", "C0LINKS"), Destination(SINGLE_WORKSPACE, "C0LINKS")
    assert reason_for("invalid_auth", workspace) == (
        "Slack rejected pyfw's token for this workspace (invalid_auth): a workspace admin can reinstall pyfw"
    )
    assert "App Home" in reason_for("channel_not_found", workspace) and "PYFW_" not in reason_for(
        "is_archived", workspace
    )
    assert "invite @pyfw to #C0LINKS" in reason_for("not_in_channel", workspace)
    assert "SLACK_BOT_TOKEN" in reason_for("invalid_auth", single)  # single-workspace mode: as before


def test_loading_the_install_page_again_and_again_never_grows_the_states_past_their_ten_minutes(tmp_path):
    # /slack/install is open to anyone, and slack_sdk deletes a state only when it is consumed.
    workspaces = Workspaces(f"sqlite:///{tmp_path / 'pyfw.sqlite3'}", CLIENT_ID, STATE_SECRET)
    workspaces.create_tables()
    table = workspaces._states.oauth_states
    for _ in range(5):
        workspaces.states.issue()
    with workspaces.engine.begin() as connection:  # those five expired long ago
        connection.execute(table.update().values(expire_at=datetime(2000, 1, 1)))
    live = workspaces.states.issue()
    with workspaces.engine.connect() as connection:
        rows = connection.execute(table.select()).fetchall()
    assert len(rows) == 1 and workspaces.states.consume(live)
